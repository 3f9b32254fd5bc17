import datetime as dt

import pytest

from maillage.booking.availability import PARIS
from maillage.booking.models import Resource
from tests.factories import PlaceFactory

# A Monday at 08:00 in Paris: "now" for the rules (lead time, how far ahead).
NOW = dt.datetime(2026, 11, 23, 8, 0, tzinfo=PARIS)


def at(day: int, hour: int, minute: int = 0) -> dt.datetime:
    """A time in Paris in the week of NOW (day 23 = Monday)."""
    return dt.datetime(2026, 11, day, hour, minute, tzinfo=PARIS)


@pytest.fixture
def place(db):
    return PlaceFactory(horaires="Mo-Fr 09:00-12:00,14:00-18:00; PH off")


@pytest.fixture
def desk(place):
    return Resource.objects.create(
        place=place, name="Poste 1", kind=Resource.Kind.DESK, capacity=1,
        min_minutes=30, max_minutes=240, step_minutes=30, lead_minutes=60,
        max_days_ahead=30, cancel_minutes=120,
    )  # fmt: skip
