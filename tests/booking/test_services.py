import datetime as dt

import pytest

from maillage.booking.models import Booking, Closure, Resource, TourStop
from maillage.booking.selectors import calendar_feed_owner
from maillage.booking.services import (
    CALENDAR_FEED_DAYS,
    BookingRefused,
    SlotTaken,
    booking_cancel,
    booking_create,
    booking_transition,
    calendar_feed_key_issue,
    calendar_feed_key_renew,
    training_record,
)
from maillage.core.models import Activity
from tests.booking.conftest import NOW, at
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

GUEST = {"guest_name": "Jeanne", "guest_email": "jeanne@example.org"}


def book(resource, start, end, **extra):
    return booking_create(resource=resource, start=start, end=end, now=NOW, **{**GUEST, **extra})


def test_a_desk_is_booked_and_logged(desk):
    booking = book(desk, at(24, 9), at(24, 10))
    assert booking.state == Booking.State.CONFIRMED
    assert list(booking.transitions.values_list("from_state", "to_state")) == [("", "confirmed")]
    assert Activity.objects.filter(verb="booking.created").exists()
    assert booking.start.utcoffset() == dt.timedelta(0) or booking.start == at(24, 9)


@pytest.mark.parametrize(
    ("start", "end", "rule", "field"),
    [
        (at(24, 10), at(24, 9), "end_before_start", "end"),
        (at(24, 9), at(24, 9, 15), "too_short", "end"),
        (at(24, 9), at(24, 14), "too_long", "end"),
        (at(20, 9), at(20, 10), "in_the_past", "start"),
        (at(23, 8, 30), at(23, 9, 30), "too_late", "start"),
        (
            at(23, 9) + dt.timedelta(days=40),
            at(23, 10) + dt.timedelta(days=40),
            "too_far_ahead",
            "start",
        ),
        (at(24, 11, 30), at(24, 12, 30), "closed", "start"),  # runs into lunch
        (at(28, 10), at(28, 11), "closed", "start"),  # Saturday
        (at(24, 9).replace(tzinfo=None), at(24, 10).replace(tzinfo=None), "naive_time", "start"),
    ],
)
def test_each_rule_is_named_and_nothing_is_written(desk, start, end, rule, field):
    with pytest.raises(BookingRefused) as refused:
        book(desk, start, end)
    assert (refused.value.rule, refused.value.field) == (rule, field)
    assert str(refused.value)  # a sentence for people
    assert not Booking.objects.exists()


def test_the_capacity_is_never_exceeded(desk):
    book(desk, at(24, 9), at(24, 10))
    with pytest.raises(SlotTaken):
        book(desk, at(24, 9, 30), at(24, 10, 30))
    book(desk, at(24, 10), at(24, 11))  # back to back is fine
    desk.capacity = 2
    desk.save()
    book(desk, at(24, 9, 30), at(24, 10, 30))
    with pytest.raises(SlotTaken):
        book(desk, at(24, 9, 30), at(24, 10, 30))


def test_closures_block_their_time(desk, place):
    Closure.objects.create(place=place, start=at(25, 0), end=at(26, 0), reason="Inventaire")
    with pytest.raises(BookingRefused, match="fermeture"):
        book(desk, at(25, 9), at(25, 10))


def test_machines_need_the_training_and_audiences_are_kept(desk):
    desk.training_required = True
    desk.save()
    with pytest.raises(BookingRefused) as refused:
        book(desk, at(24, 9), at(24, 10))
    assert refused.value.rule == "training_required"
    maker = UserFactory(roles=["member"])
    training_record(user=maker, resource=desk, trained_on=NOW.date())
    book(desk, at(24, 9), at(24, 10), user=maker)
    desk.training_required, desk.audience = False, Resource.Audience.MEMBERS
    desk.save()
    with pytest.raises(BookingRefused, match="membres"):
        book(desk, at(24, 14), at(24, 15))


def test_cancelling_by_the_deadline_and_never_twice(desk):
    booking = book(desk, at(24, 9), at(24, 10))
    late = at(24, 8)  # 60 min before: the deadline is 120
    with pytest.raises(BookingRefused) as refused:
        booking_cancel(booking=booking, now=late)
    assert refused.value.rule == "cancel_deadline"
    booking_cancel(booking=booking, now=late, by_staff=True)
    with pytest.raises(BookingRefused) as refused:
        booking_cancel(booking=booking, now=NOW)
    assert refused.value.rule == "already_cancelled"
    book(desk, at(24, 9), at(24, 10))  # the slot is free again


def test_the_state_machine(desk):
    booking = book(desk, at(24, 9), at(24, 10))
    booking_transition(booking=booking, to_state=Booking.State.NO_SHOW)
    with pytest.raises(BookingRefused, match="ne peut plus"):
        booking_transition(booking=booking, to_state=Booking.State.DONE)
    assert list(booking.transitions.values_list("to_state", flat=True)) == ["confirmed", "no_show"]


def test_visio_appointments_get_an_open_video_room(desk):
    desk.kind, desk.is_visio = Resource.Kind.APPOINTMENT, True
    desk.save()
    booking = book(desk, at(24, 9), at(24, 9, 30))
    assert booking.video_url.startswith("https://meet.jit.si/maillage-")
    other = book(desk, at(24, 9, 30), at(24, 10))
    assert other.video_url != booking.video_url


def test_the_truck_is_bookable_at_its_stops_only(place):
    truck = Resource.objects.create(place=place, name="Camion", kind=Resource.Kind.VEHICLE)
    TourStop.objects.create(resource=truck, commune_id="84108", start=at(26, 9), end=at(26, 12))
    book(truck, at(26, 9), at(26, 10))
    with pytest.raises(BookingRefused, match="ouverte"):
        book(truck, at(27, 9), at(27, 10))


def test_a_guest_needs_a_contact(desk):
    with pytest.raises(BookingRefused) as refused:
        booking_create(resource=desk, start=at(24, 9), end=at(24, 10), now=NOW, guest_name="X")
    assert refused.value.field == "guest_email"


def test_a_calendar_key_lasts_a_year_then_a_new_one_is_issued():
    person = UserFactory(roles=["member"])
    key = calendar_feed_key_issue(user=person, now=NOW)
    assert key.expires_at == NOW + dt.timedelta(days=CALENDAR_FEED_DAYS)
    assert calendar_feed_key_issue(user=person, now=NOW + dt.timedelta(days=10)).key == key.key
    assert calendar_feed_owner(key=key.key, now=NOW) == person
    later = key.expires_at + dt.timedelta(seconds=1)
    assert calendar_feed_owner(key=key.key, now=later) is None
    fresh = calendar_feed_key_issue(user=person, now=later)
    assert fresh.key != key.key and fresh.pk == key.pk
    assert calendar_feed_owner(key=fresh.key, now=later) == person


def test_renewing_a_calendar_key_revokes_the_old_one_and_is_logged():
    person = UserFactory(roles=["member"])
    old = calendar_feed_key_issue(user=person, now=NOW).key
    new = calendar_feed_key_renew(user=person, now=NOW)
    assert new.key != old and len(new.key) >= 32
    assert calendar_feed_owner(key=old, now=NOW) is None
    assert calendar_feed_owner(key=new.key, now=NOW) == person
    verbs = sorted(Activity.objects.filter(actor=person).values_list("verb", flat=True))
    assert verbs == ["calendar_feed.issued", "calendar_feed.renewed"]
