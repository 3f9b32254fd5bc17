"""Totals: every table adds up to the overall counts and amounts, which are the sums of the
cheques themselves; the history tells a cheque's way in order."""

import datetime as dt
from decimal import Decimal

import pytest

from maillage.cheques import selectors
from maillage.cheques.models import Cheque
from maillage.cheques.services import (
    books_create,
    cheque_cancel,
    cheque_hand,
    cheque_redeem,
    cheques_reimburse,
)
from maillage.territory.models import Commune
from tests.cheques.factories import TODAY, issued_cheques, make_campaign
from tests.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def busy(place, other_place, prescriber):
    """Two funders, two prescribers, two places, cheques in every state."""
    tens = make_campaign(places=[place, other_place])
    twenties = make_campaign(
        places=[place, other_place], funder=OrganisationFactory(name="CAF de Vaucluse"),
        name="Pass CAF",
        face_value=20,
    )  # fmt: skip
    second = OrganisationFactory(name="France Services de Carpentras")
    a = issued_cheques(campaign=tens, prescriber=prescriber, size=10)
    b = issued_cheques(campaign=twenties, prescriber=second, size=5, issued_on=dt.date(2026, 3, 2))
    books_create(campaign=tens, count=1, size=4)
    for cheque in a[:6]:
        cheque_hand(cheque=cheque, handed_on=dt.date(2026, 5, 10), today=TODAY)
    for cheque in a[:4]:
        cheque_redeem(cheque=cheque, place=place, redeemed_on=dt.date(2026, 5, 20), today=TODAY)
    for cheque in b[:3]:
        cheque_redeem(cheque=cheque, place=other_place if cheque is b[0] else place,
                      redeemed_on=dt.date(2026, 4, 2), today=TODAY)  # fmt: skip
    cheques_reimburse(place=place, reimbursed_on=dt.date(2026, 6, 1), reference="R",
                      cheques=[a[0], a[1], b[1]], today=TODAY)  # fmt: skip
    cheque_cancel(cheque=a[9], reason="Perdu")
    return {"tens": tens, "twenties": twenties}


def test_every_table_adds_up_to_the_cheques(busy):
    overall = selectors.totals_overall()
    assert overall.count == Cheque.objects.count() == 19
    expected = {state: Cheque.objects.filter(state=state).count() for state in selectors.STATES}
    assert overall.counts == expected
    assert overall.counts == {"created": 4, "issued": 5, "handed": 2, "redeemed": 4,
                              "reimbursed": 3, "cancelled": 1, "expired": 0}  # fmt: skip
    value = {
        c.pk: c.book.campaign.face_value for c in Cheque.objects.select_related("book__campaign")
    }
    for state in selectors.STATES:
        assert overall.amounts[state] == sum(
            (value[c] for c in Cheque.objects.filter(state=state).values_list("pk", flat=True)),
            Decimal(0),
        )
    assert overall.spent_amount == Decimal(4 * 10 + 3 * 20)
    for group in ("funder", "campaign"):
        rows = selectors.totals_by(group=group)
        assert len(rows) == 2
        for state in selectors.STATES:
            assert sum(r.counts[state] for r in rows) == overall.counts[state]
            assert sum(r.amounts[state] for r in rows) == overall.amounts[state]
    prescribers = selectors.totals_by(group="prescriber")
    assert [r.label for r in prescribers] == ["CCAS de Monteux", "France Services de Carpentras"]
    assert sum(r.count for r in prescribers) == overall.count - overall.counts["created"]
    places = selectors.totals_by(group="place")
    assert sum(r.spent_count for r in places) == overall.spent_count == 7
    assert sum(r.spent_amount for r in places) == overall.spent_amount
    by_place = {r.label: r for r in places}
    assert by_place["Médiathèque de Pernes"].counts["redeemed"] == 1
    assert by_place["Espace numérique de Monteux"].amounts["reimbursed"] == Decimal(40)
    assert [r.label for r in selectors.totals_by(group="campaign")] == [
        "Pass CAF (2026)", "Pass numérique (2026)",
    ]  # fmt: skip


def test_months_count_what_happened_when(busy):
    months = {m.month: m for m in selectors.totals_by_month()}
    assert list(months) == [dt.date(2026, 3, 1), dt.date(2026, 4, 1), dt.date(2026, 5, 1),
                            dt.date(2026, 6, 1)]  # fmt: skip
    assert (months[dt.date(2026, 3, 1)].issued, months[dt.date(2026, 5, 1)].issued) == (5, 10)
    assert months[dt.date(2026, 5, 1)].handed == 6
    assert (months[dt.date(2026, 4, 1)].redeemed, months[dt.date(2026, 4, 1)].redeemed_amount) == (
        3, Decimal(60),
    )  # fmt: skip
    assert months[dt.date(2026, 6, 1)].reimbursed == 3
    assert sum(m.redeemed for m in months.values()) == 7


def test_a_place_manager_sees_the_cheques_redeemed_at_their_places(busy, place, other_place):
    manager = UserFactory(roles=["place_manager"])
    other_place.managers.add(manager)
    seen = selectors.cheques_seen_by(user=manager)
    assert set(seen.values_list("redeemed_at", flat=True)) == {other_place.pk}
    assert selectors.cheques_seen_by(user=UserFactory(roles=["coordinator"])).count() == 19


def test_history_in_order(cheque, place):
    cheque_hand(cheque=cheque, handed_on=dt.date(2026, 5, 3), age_band="80_plus",
                commune=Commune.objects.get(code="84031"), today=TODAY)  # fmt: skip
    cheque_redeem(cheque=cheque, place=place, redeemed_on=dt.date(2026, 5, 4), note="Ameli",
                  today=TODAY)  # fmt: skip
    cheques_reimburse(place=place, reimbursed_on=dt.date(2026, 6, 1), reference="VIR-7",
                      today=TODAY)  # fmt: skip
    steps = selectors.cheque_history(cheque=selectors.cheque_get(number=cheque.number))
    assert [s.state for s in steps] == ["created", "issued", "handed", "redeemed", "reimbursed"]
    assert [s.on for s in steps[1:]] == [dt.date(2026, 5, 1), dt.date(2026, 5, 3),
                                         dt.date(2026, 5, 4), dt.date(2026, 6, 1)]  # fmt: skip
    assert steps[1].details == "CCAS de Monteux"
    assert steps[2].details == "80 ans et plus · Carpentras (84031)"
    assert steps[3].details == "Espace numérique de Monteux · Ameli"
    assert steps[4].details == "Référence VIR-7"


def test_a_cheque_is_found_by_its_number_as_people_type_it(cheque):
    assert selectors.cheque_get(number=cheque.printed_number) == cheque
    assert selectors.cheque_get(number=f" {cheque.number[:5]}-{cheque.number[5:]} ") == cheque
    assert selectors.cheque_get(number=cheque.number[:-1] + "x") is None
    wrong = cheque.number[:-1] + str((int(cheque.number[-1]) + 1) % 10)
    assert selectors.cheque_get(number=wrong) is None


def test_books_of_a_prescriber(cheques, prescriber):
    person = UserFactory(roles=["member"])
    from maillage.members.models import Representative

    Representative.objects.create(person=person, organisation=prescriber)
    cheque_hand(cheque=cheques[0], handed_on=TODAY, today=TODAY)
    [(organisation, lines)] = selectors.books_of(user=person)
    assert organisation == prescriber
    assert lines[0].counts["issued"] == 9 and lines[0].counts["handed"] == 1
    assert len(selectors.cheques_to_hand(user=person)) == 9
    assert selectors.books_of(user=UserFactory(roles=["member"])) == []
