import datetime as dt

import opening_hours
import pytest
from hypothesis import given
from hypothesis import strategies as st

from maillage.directory.formats.hours import (
    DAYS,
    french_hours_to_osm,
    read_french_hours,
    schedule_to_osm,
)


@pytest.mark.parametrize(
    ("written", "osm"),
    [
        ("Lundi au vendredi 9h-12h/14h-18h", "Mo-Fr 09:00-12:00,14:00-18:00"),
        ("Lundi au vendredi 9h-21h; samedi 9h-18h", "Mo-Fr 09:00-21:00; Sa 09:00-18:00"),
        (
            "mardi mercredi et vendredi : 14h-18h |samedi : 9h-13h",
            "Tu-We,Fr 14:00-18:00; Sa 09:00-13:00",
        ),
        ("Les mardi, mercredi et vendredi : 9h00-17h00", "Tu-We,Fr 09:00-17:00"),
        ("Lundi au vendredi : 8h-12h15 / 13h15-16h30", "Mo-Fr 08:00-12:15,13:15-16:30"),
        (
            "du lundi au vendredi de 9 à 12 h et de 14 à 18 h, le samedi de 10 à 13 h",
            "Mo-Fr 09:00-12:00,14:00-18:00; Sa 10:00-13:00",
        ),
        (
            "lundi 09:00 - 12:00 / 14:00 - 17:00; mardi 08:30 - 12:00",
            "Mo 09:00-12:00,14:00-17:00; Tu 08:30-12:00",
        ),
        ("Tous les jours 10h-19h", "Mo-Su 10:00-19:00"),
    ],
)
def test_days_and_hours_become_osm(written, osm):
    assert french_hours_to_osm(written) == osm
    opening_hours.OpeningHours(osm)  # the standard's parser accepts it


@pytest.mark.parametrize(
    "written",
    [
        "Tous les jours sur rendez-vous",
        "Tous les premiers jeudi du mois; 9h-12h : AGORA SPACE",
        "Lundi au vendredi 9h-18h; week-ends et soirées sur demande",
        "Lundi au vendredi : 9h-12h/14h18h",  # a missing dash: two times in a row
        "mercredi 19h-12h30",  # ends before it starts
        "Lundi 9h-12h/11h-14h",  # overlapping
        "vendredi au lundi 9h-12h",  # a day range going backwards
        "9h-12h",  # no day
        "lundi",  # no hours
        "Mo-Fr 09:00-18:00",  # already OSM: not French
        "",
    ],
)
def test_anything_more_than_days_and_hours_is_left_alone(written):
    assert french_hours_to_osm(written) is None


ranges_of_a_day = (
    st.lists(st.integers(min_value=0, max_value=47), min_size=2, max_size=6, unique=True)
    .map(lambda marks: sorted(marks)[: len(marks) // 2 * 2])
    .map(lambda marks: [(marks[i] * 30, marks[i + 1] * 30) for i in range(0, len(marks), 2)])
)
schedules = st.dictionaries(st.integers(min_value=0, max_value=6), ranges_of_a_day, min_size=1)
styles = st.sampled_from(["{a}-{b}", "de {a} à {b}", "{a} - {b}"])


def _french_clock(minutes: int, colon: bool) -> str:
    hours, rest = divmod(minutes, 60)
    if colon:
        return f"{hours:02d}:{rest:02d}"
    return f"{hours}h{rest:02d}" if rest else f"{hours}h"


@given(
    schedule=schedules,
    style=styles,
    colon=st.booleans(),
    joiner=st.sampled_from([" / ", " et ", ", "]),
)
def test_a_schedule_written_in_french_reads_back_the_same(schedule, style, colon, joiner):
    written = "; ".join(
        f"{DAYS[day]} "
        + joiner.join(
            style.format(a=_french_clock(a, colon), b=_french_clock(b, colon)) for a, b in ranges
        )
        for day, ranges in sorted(schedule.items())
    )
    assert read_french_hours(written) == schedule
    osm = french_hours_to_osm(written)
    assert osm == schedule_to_osm(schedule)
    # Monday 2026-11-23: every range start is open, every range end is closed.
    hours = opening_hours.OpeningHours(osm)
    for day, ranges in schedule.items():
        for start, end in ranges:
            moment = dt.datetime(2026, 11, 23 + day) + dt.timedelta(minutes=start)
            assert hours.is_open(moment)
            if end < 24 * 60 and all(end != other for other, _end in ranges):
                assert not hours.is_open(
                    dt.datetime(2026, 11, 23 + day) + dt.timedelta(minutes=end)
                )


@given(st.text(max_size=80))
def test_any_text_gives_osm_or_none_never_an_exception(written):
    result = french_hours_to_osm(written)
    if result is not None:
        opening_hours.OpeningHours(result)
