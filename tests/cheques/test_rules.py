"""Who may redeem where, and who sees and hands which cheques."""

import pytest

from maillage.cheques.rules import may_redeem_at, redeeming_places
from maillage.cheques.services import cheque_redeem
from maillage.core.permissions import can
from maillage.members.models import Representative
from tests.cheques.factories import TODAY, issued_cheques, make_campaign
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
    cheque.book.campaign.places.first().managers.add(staff)
    assert can(staff, "view", cheque) and not can(staff, "hand", cheque)
    coordinator = UserFactory(roles=["coordinator"])
    assert can(coordinator, "hand", cheque) and can(coordinator, "change", cheque)


def test_staff_see_only_the_cheques_they_may_redeem_or_did(place, other_place, prescriber):
    """Security review, finding 7: cheque numbers are sequential, and any staff member could
    look any cheque up. A place manager or a mediator sees the cheques of the campaigns that
    a place of theirs accepts, and those redeemed at one of their places; nobody else but the
    coordination and the prescriber's people."""
    hub_place = PlaceFactory(operator=OrganisationFactory(name="Provence Numérique", is_hub=True))
    ours = issued_cheques(campaign=make_campaign(places=[place]), prescriber=prescriber, size=2)
    theirs = issued_cheques(
        campaign=make_campaign(places=[other_place], name="Pass voisin"), prescriber=prescriber
    )[0]
    hubs = issued_cheques(  # a campaign naming no place: the hub's places redeem it
        campaign=make_campaign(name="Pass du pôle"), prescriber=prescriber
    )[0]
    manager, mediator = UserFactory(roles=["place_manager"]), UserFactory(roles=["mediator"])
    place.managers.add(manager)
    assert [can(manager, "view", c) for c in (ours[0], theirs, hubs)] == [True, False, False]
    assert [can(mediator, "view", c) for c in (ours[0], theirs, hubs)] == [False, False, True]
    idle = UserFactory(roles=["place_manager"])  # manages no place
    assert not any(can(idle, "view", c) for c in (ours[0], theirs, hubs))
    coordinator = UserFactory(roles=["coordinator"])
    assert all(can(coordinator, "view", c) for c in (ours[0], theirs, hubs))
    # Redeemed at a place: its managers still see it once the campaign no longer names it.
    redeemed = cheque_redeem(cheque=ours[1], place=place, redeemed_on=TODAY, today=TODAY)
    redeemed.book.campaign.places.set([other_place])
    assert can(manager, "view", redeemed) and not can(manager, "view", ours[0])
    assert hub_place.pk and may_redeem_at(mediator, hub_place)
