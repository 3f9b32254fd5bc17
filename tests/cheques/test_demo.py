"""The demo's pass numérique: built on the demo hub, every state shown, idempotent."""

import datetime as dt

import pytest

from maillage.cheques import selectors
from maillage.cheques.models import Campaign, Cheque, Reimbursement
from maillage.demo import services as demo
from maillage.demo.cheques import build_cheques
from maillage.directory.models import Place

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 23)


@pytest.fixture
def hub(db):
    report = demo.DemoReport()
    for step in (demo._users, demo._organisations, demo._hub_places):
        step(report)


def test_the_demo_shows_each_state_and_adds_nothing_the_second_time(hub):
    said = build_cheques(today=TODAY)
    assert said.startswith("Pass numérique: 2 campaigns of the Département de Vaucluse")
    campaigns = Campaign.objects.filter(is_demo=True)
    assert [c.funder.name for c in campaigns] == ["Département de Vaucluse"] * 2
    assert {c.face_value for c in campaigns} == {10}
    states = set(Cheque.objects.values_list("state", flat=True))
    assert states == {"created", "issued", "handed", "redeemed", "reimbursed", "expired"}
    prescribers = [row.label for row in selectors.totals_by(group="prescriber")]
    assert len(prescribers) == 4 and "France Services de Carpentras" in prescribers
    places = {row.key for row in selectors.totals_by(group="place")}
    assert places <= set(Place.objects.filter(operator__is_hub=True).values_list("pk", flat=True))
    assert Reimbursement.objects.filter(is_demo=True).exists()
    manager_place = Place.objects.get(source_id="mediation-monteux")
    assert manager_place.managers.filter(email="lieu@demo.maillage.fr").exists()
    before = (Cheque.objects.count(), Reimbursement.objects.count())
    assert build_cheques(today=TODAY) == "Pass numérique: already built."
    assert (Cheque.objects.count(), Reimbursement.objects.count()) == before
