import pytest

from maillage.booking.models import Booking, Resource
from maillage.booking.selectors import resource_slots, resource_usage
from maillage.booking.services import booking_create, booking_transition
from tests.booking.conftest import NOW, at

pytestmark = pytest.mark.django_db


def test_free_slots_of_a_day_leave_out_what_is_booked(desk):
    booking_create(resource=desk, start=at(24, 9), end=at(24, 10), now=NOW, guest_email="a@b.fr")
    slots = resource_slots(resource=desk, start=at(24, 0), end=at(25, 0), now=NOW)
    starts = [
        (s.interval.start.astimezone(at(24, 0).tzinfo).hour, s.interval.start.minute) for s in slots
    ]
    assert (9, 0) not in starts and (9, 30) not in starts
    assert starts[0] == (10, 0) and (14, 0) in starts and starts[-1] == (17, 30)


def test_occupancy_is_booked_hours_over_open_hours_least_used_first(desk, place):
    idle = Resource.objects.create(place=place, name="Imprimante 3D", kind=Resource.Kind.MACHINE)
    booking_create(resource=desk, start=at(24, 9), end=at(24, 11), now=NOW, guest_email="a@b.fr")
    missed = booking_create(
        resource=desk, start=at(24, 14), end=at(24, 15), now=NOW, guest_email="c@d.fr"
    )
    booking_transition(booking=missed, to_state=Booking.State.NO_SHOW)
    usage = resource_usage(start=at(23, 0), end=at(30, 0))
    assert [u.resource.name for u in usage] == ["Imprimante 3D", "Poste 1"]
    desk_usage = usage[1]
    assert desk_usage.open_hours == 5 * 7  # Mon–Fri, 7 h a day
    assert desk_usage.booked_hours == 2
    assert desk_usage.occupancy == pytest.approx(2 / 35)
    assert (desk_usage.bookings, desk_usage.no_shows, desk_usage.no_show_rate) == (2, 1, 0.5)
    assert usage[0].occupancy == 0 and idle.pk == usage[0].resource.pk
