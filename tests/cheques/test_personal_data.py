"""What the pass numérique holds about an account, and its erasure (the cheques stay)."""

import pytest

from maillage.cheques.models import Cheque
from maillage.cheques.personal_data import cheques_erase, cheques_export
from maillage.cheques.services import cheque_hand, cheque_redeem, cheques_reimburse
from tests.cheques.factories import TODAY
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_export_and_erase(cheques, place):
    person = UserFactory(roles=["coordinator"])
    cheque_hand(cheque=cheques[0], handed_on=TODAY, actor=person, today=TODAY)
    cheque_redeem(cheque=cheques[0], place=place, actor=person, note="Ameli", today=TODAY)
    cheques_reimburse(place=place, reimbursed_on=TODAY, reference="R", actor=person, today=TODAY)
    data = cheques_export(person)
    assert data["cheques_handed"] == [{"number": cheques[0].number, "handed_on": "2026-06-15"}]
    assert data["cheques_redeemed"][0]["place"] == place.nom
    assert data["reimbursements_recorded"][0]["reference"] == "R"
    assert cheques_erase(person) == 3
    assert cheques_export(person) == {"books_issued": [], "cheques_handed": [],
                                      "cheques_redeemed": [], "reimbursements_recorded": []}  # fmt: skip
    assert Cheque.objects.get(pk=cheques[0].pk).state == "reimbursed"
