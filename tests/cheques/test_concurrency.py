"""A cheque is redeemed once: people redeeming the same cheque at the same moment, each in
its own thread and database connection, get one success; the others are told it was
already redeemed (on whichever database the suite runs)."""

import pytest

from maillage.cheques.models import Cheque
from maillage.cheques.services import ChequeConflict, cheque_redeem
from maillage.core.models import Activity
from tests.cheques.factories import TODAY, issued_cheques, make_campaign
from tests.concurrency import race
from tests.factories import OrganisationFactory, PlaceFactory

ATTEMPTS = 12


@pytest.mark.django_db(transaction=True)
def test_simultaneous_redeems_of_one_cheque_give_one_success(load_territory_subset):
    load_territory_subset()
    places = [PlaceFactory(nom=f"Lieu {n}") for n in range(3)]
    cheque = issued_cheques(
        campaign=make_campaign(places=places), prescriber=OrganisationFactory(), size=1,
    )[0]  # fmt: skip

    def attempt(number: int) -> str:
        try:
            cheque_redeem(cheque=cheque, place=places[number % 3], today=TODAY)
        except ChequeConflict as refused:
            return refused.rule
        return "redeemed"

    outcomes = race(attempt, [(n,) for n in range(ATTEMPTS)])
    assert sorted(outcomes) == ["already_redeemed"] * (ATTEMPTS - 1) + ["redeemed"], outcomes
    assert Cheque.objects.get(pk=cheque.pk).state == "redeemed"
    assert Activity.objects.filter(verb="cheque.redeemed").count() == 1
