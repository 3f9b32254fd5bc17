"""A cheque is redeemed once: people redeeming the same cheque at the same moment, each in
its own thread and database connection, get one success; the others are told it was
already redeemed (on whichever database the suite runs)."""

import threading

import pytest
from django.db import connections

from maillage.cheques.models import Cheque
from maillage.cheques.services import ChequeConflict, cheque_redeem
from maillage.core.models import Activity
from tests.cheques.factories import TODAY, issued_cheques, make_campaign
from tests.factories import OrganisationFactory, PlaceFactory

ATTEMPTS = 12


@pytest.mark.django_db(transaction=True)
def test_simultaneous_redeems_of_one_cheque_give_one_success(load_territory_subset):
    load_territory_subset()
    places = [PlaceFactory(nom=f"Lieu {n}") for n in range(3)]
    cheque = issued_cheques(
        campaign=make_campaign(places=places), prescriber=OrganisationFactory(), size=1,
    )[0]  # fmt: skip
    start_line = threading.Barrier(ATTEMPTS)
    outcomes: list[str] = []
    lock = threading.Lock()

    def attempt(number: int) -> None:
        try:
            start_line.wait()
            cheque_redeem(cheque=cheque, place=places[number % 3], today=TODAY)
            outcome = "redeemed"
        except ChequeConflict as refused:
            outcome = refused.rule
        except Exception as error:  # anything else is a failure of the test
            outcome = f"error {error!r}"
        finally:
            connections.close_all()
        with lock:
            outcomes.append(outcome)

    threads = [threading.Thread(target=attempt, args=(n,)) for n in range(ATTEMPTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert sorted(outcomes) == ["already_redeemed"] * (ATTEMPTS - 1) + ["redeemed"], outcomes
    assert Cheque.objects.get(pk=cheque.pk).state == "redeemed"
    assert Activity.objects.filter(verb="cheque.redeemed").count() == 1
