"""No double booking, ever: many simultaneous attempts on one slot, each in its own
thread and database connection, on whichever database the suite runs (SQLite or
PostgreSQL): exactly the capacity succeeds, every other attempt is told the slot is taken."""

import pytest
from django.db import connection

from maillage.booking.models import Booking, Resource
from maillage.booking.services import SlotTaken, booking_create
from tests.booking.conftest import NOW, at
from tests.concurrency import race
from tests.factories import PlaceFactory

ATTEMPTS = 50


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("capacity", [1, 3])
def test_fifty_simultaneous_attempts_on_one_slot(load_territory_subset, capacity):
    load_territory_subset()
    place = PlaceFactory(horaires="Mo-Fr 09:00-18:00")
    room = Resource.objects.create(
        place=place, name="Salle", kind=Resource.Kind.ROOM, capacity=capacity
    )

    def attempt(number: int) -> str:
        try:
            booking_create(
                resource=room, start=at(24, 10), end=at(24, 11), now=NOW,
                guest_name=f"Personne {number}", guest_email=f"p{number}@example.org",
            )  # fmt: skip
        except SlotTaken:
            return "taken"
        return "booked"

    outcomes = race(attempt, [(n,) for n in range(ATTEMPTS)])
    assert len(outcomes) == ATTEMPTS, "some attempts never finished"
    assert outcomes.count("booked") == capacity, sorted(set(outcomes))
    assert outcomes.count("taken") == ATTEMPTS - capacity, sorted(set(outcomes))
    assert Booking.objects.filter(resource=room).count() == capacity
    assert connection.vendor in {"sqlite", "postgresql"}
