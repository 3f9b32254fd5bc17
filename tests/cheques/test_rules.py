"""Who may redeem where, and who sees and hands which cheques."""

import pytest

from maillage.cheques.rules import may_redeem_at, redeeming_places
from maillage.core.permissions import can
from maillage.members.models import Representative
from tests.factories import OrganisationFactory, PlaceFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_who_redeems_where(place, other_place):
    hub = OrganisationFactory(name="Provence Numérique", is_hub=True)
    hub_place = PlaceFactory(operator=hub)
    manager = UserFactory(roles=["place_manager"])
    place.managers.add(manager)
    mediator = UserFactory(roles=["mediator"])
    coordinator = UserFactory(roles=["coordinator"])
    member = UserFactory(roles=["member"])
    assert (may_redeem_at(manager, place), may_redeem_at(manager, other_place)) == (True, False)
    assert may_redeem_at(manager, hub_place) is False
    assert (may_redeem_at(mediator, hub_place), may_redeem_at(mediator, place)) == (True, False)
    assert all(may_redeem_at(coordinator, p) for p in (place, other_place, hub_place))
    assert not any(may_redeem_at(member, p) for p in (place, other_place, hub_place))
    assert list(redeeming_places(member)) == []
    both = UserFactory(roles=["place_manager", "mediator"])
    other_place.managers.add(both)
    assert set(redeeming_places(both)) == {other_place, hub_place}


def test_prescribers_see_and_hand_the_cheques_of_their_books(cheque, prescriber):
    person, stranger = UserFactory(roles=["member"]), UserFactory(roles=["member"])
    Representative.objects.create(person=person, organisation=prescriber)
    Representative.objects.create(person=stranger, organisation=OrganisationFactory())
    assert can(person, "view", cheque) and can(person, "hand", cheque)
    assert not can(stranger, "view", cheque) and not can(stranger, "hand", cheque)
    assert not can(person, "view", cheque.book.campaign)
    staff = UserFactory(roles=["place_manager"])
    assert can(staff, "view", cheque) and not can(staff, "hand", cheque)
    coordinator = UserFactory(roles=["coordinator"])
    assert can(coordinator, "hand", cheque) and can(coordinator, "change", cheque)
