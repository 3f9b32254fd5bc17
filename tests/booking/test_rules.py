import datetime as dt

import pytest
from django.utils import timezone

from maillage.booking.models import Booking, Closure, Resource
from maillage.booking.selectors import resources_run_by
from maillage.core.permissions import Role, can
from tests.factories import PlaceFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_places():
    manager = UserFactory(roles=[Role.PLACE_MANAGER])
    theirs, other = PlaceFactory(), PlaceFactory()
    theirs.managers.add(manager)
    return manager, theirs, other


def _booking(resource):
    start = timezone.now() + dt.timedelta(days=1)
    return Booking.objects.create(
        resource=resource, guest_email="a@b.fr", start=start, end=start + dt.timedelta(hours=1)
    )


def test_a_place_manager_runs_the_resources_and_bookings_of_their_places(two_places):
    manager, theirs, other = two_places
    mine = Resource.objects.create(place=theirs, name="Salle", kind=Resource.Kind.ROOM)
    not_mine = Resource.objects.create(place=other, name="Bureau", kind=Resource.Kind.DESK)
    assert can(manager, "change", mine) and not can(manager, "change", not_mine)
    assert can(manager, "change", _booking(mine)) and not can(manager, "change", _booking(not_mine))
    closure = Closure.objects.create(
        place=theirs, start=timezone.now(), end=timezone.now() + dt.timedelta(days=1)
    )
    assert can(manager, "change", closure)
    assert list(resources_run_by(user=manager)) == [mine]


def test_a_mediator_runs_the_appointments_they_host(two_places):
    _manager, theirs, _other = two_places
    mediator = UserFactory(roles=[Role.MEDIATOR])
    hosted = Resource.objects.create(
        place=theirs, name="RDV", kind=Resource.Kind.APPOINTMENT, host=mediator
    )
    room = Resource.objects.create(place=theirs, name="Salle", kind=Resource.Kind.ROOM)
    assert can(mediator, "change", _booking(hosted))
    assert not can(mediator, "change", _booking(room))
    assert list(resources_run_by(user=mediator)) == [hosted]


def test_the_coordination_runs_everything(two_places):
    coordinator = UserFactory(roles=[Role.COORDINATOR])
    _manager, _theirs, other = two_places
    resource = Resource.objects.create(place=other, name="Bureau", kind=Resource.Kind.DESK)
    assert can(coordinator, "change", _booking(resource))
    assert resources_run_by(user=coordinator).count() == Resource.objects.count()
