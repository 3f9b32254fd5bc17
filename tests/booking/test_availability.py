import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from maillage.booking.availability import (
    PARIS,
    Interval,
    Taken,
    free_slots,
    merge,
    open_intervals,
    subtract,
    used_at_most,
)

UTC = dt.UTC


def paris(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=PARIS)


def test_opening_hours_become_utc_intervals():
    monday = paris(2026, 11, 23)
    found = open_intervals("Mo-Fr 09:00-12:00,14:00-18:00", monday, monday + dt.timedelta(days=1))
    assert found == [
        Interval(paris(2026, 11, 23, 9), paris(2026, 11, 23, 12)),
        Interval(paris(2026, 11, 23, 14), paris(2026, 11, 23, 18)),
    ]
    assert found[0].start.astimezone(UTC).hour == 8  # winter: UTC+1


def test_daylight_saving_days_follow_the_clock():
    # 2026-03-29: clocks go from 02:00 to 03:00; 2026-10-25: from 03:00 back to 02:00.
    spring = open_intervals("Su 00:00-24:00", paris(2026, 3, 29), paris(2026, 3, 30))
    assert sum(i.minutes for i in spring) == 23 * 60
    autumn = open_intervals("Su 00:00-24:00", paris(2026, 10, 25), paris(2026, 10, 26))
    assert sum(i.minutes for i in autumn) == 25 * 60
    nine = open_intervals("Su 09:00-10:00", paris(2026, 3, 29), paris(2026, 3, 30))
    assert nine == [Interval(paris(2026, 3, 29, 9), paris(2026, 3, 29, 10))]
    assert nine[0].start.astimezone(UTC).hour == 7  # summer: UTC+2


def test_public_holidays_are_closed_when_the_hours_say_so():
    christmas = paris(2026, 12, 25)  # a Friday
    assert (
        open_intervals("Mo-Fr 09:00-12:00; PH off", christmas, christmas + dt.timedelta(days=1))
        == []
    )


def test_closures_cut_open_time():
    day = Interval(paris(2026, 11, 23, 9), paris(2026, 11, 23, 18))
    lunch = Interval(paris(2026, 11, 23, 12), paris(2026, 11, 23, 14))
    assert subtract([day], [lunch]) == [
        Interval(paris(2026, 11, 23, 9), paris(2026, 11, 23, 12)),
        Interval(paris(2026, 11, 23, 14), paris(2026, 11, 23, 18)),
    ]


def test_capacity_and_back_to_back_bookings():
    nine, ten, eleven = (paris(2026, 11, 23, hour) for hour in (9, 10, 11))
    taken = [Taken(Interval(nine, ten), 1), Taken(Interval(ten, eleven), 1)]
    assert used_at_most(taken, Interval(nine, eleven)) == 1  # they touch, never overlap
    slots = free_slots(
        open_times=[Interval(nine, paris(2026, 11, 23, 12))],
        taken=taken,
        capacity=2,
        duration=dt.timedelta(hours=1),
        step=dt.timedelta(minutes=30),
    )
    assert [(s.interval.start.hour, s.interval.start.minute, s.free) for s in slots] == [
        (9, 0, 1), (9, 30, 1), (10, 0, 1), (10, 30, 1), (11, 0, 2),
    ]  # fmt: skip


moments = st.integers(min_value=0, max_value=48).map(
    lambda half_hours: paris(2026, 11, 23) + dt.timedelta(minutes=30 * half_hours)
)
intervals = (
    st.tuples(moments, moments)
    .filter(lambda pair: pair[0] < pair[1])
    .map(lambda pair: Interval(*pair))
)


@given(st.lists(intervals, max_size=8), st.lists(intervals, max_size=8))
def test_subtracting_leaves_no_removed_time_and_keeps_the_rest(kept, removed):
    result = subtract(kept, removed)
    for piece in result:
        assert not any(piece.overlaps(cut) for cut in removed)
        assert any(whole.contains(piece) for whole in merge(kept))
    total = sum(i.minutes for i in merge(kept))
    overlap = sum(
        max(0.0, (min(a.end, b.end) - max(a.start, b.start)).total_seconds() / 60)
        for a in merge(kept)
        for b in merge(removed)
    )
    assert sum(i.minutes for i in result) == total - overlap


@given(st.lists(st.tuples(intervals, st.integers(1, 3)), max_size=10), intervals)
def test_peak_use_is_the_largest_sum_at_any_instant(bookings, window):
    taken = [Taken(interval, quantity) for interval, quantity in bookings]
    probes = [
        window.start + dt.timedelta(minutes=15 + 30 * i) for i in range(int(window.minutes // 30))
    ]
    expected = max(
        (sum(t.quantity for t in taken if t.interval.start <= p < t.interval.end) for p in probes),
        default=0,
    )
    assert used_at_most(taken, window) == expected
