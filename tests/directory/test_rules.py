import pytest

from maillage.core.permissions import Role, can
from tests.factories import PlaceFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_a_place_manager_changes_the_places_they_manage_only():
    manager = UserFactory(roles=[Role.PLACE_MANAGER])
    theirs, other = PlaceFactory(), PlaceFactory()
    theirs.managers.add(manager)
    assert can(manager, "change", theirs)
    assert not can(manager, "change", other)
    assert not can(manager, "delete", theirs)  # the hub's coordination removes places


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.ADMIN])
def test_the_coordination_changes_every_place(role):
    assert can(UserFactory(roles=[role]), "change", PlaceFactory())


@pytest.mark.parametrize("role", [Role.MEMBER, Role.MEDIATOR])
def test_members_and_mediators_change_no_place(role):
    person = UserFactory(roles=[role])
    place = PlaceFactory()
    place.managers.add(person)  # even if listed by mistake: their role has no such right
    assert not can(person, "change", place)
