"""The cheque's state machine: each move, and every refusal, which writes nothing."""

import datetime as dt
from decimal import Decimal

import pytest

from maillage.cheques import numbers
from maillage.cheques.models import Campaign, Cheque, ChequeBook, Reimbursement
from maillage.cheques.services import (
    ChequeConflict,
    ChequeForbidden,
    ChequeRefused,
    book_issue,
    books_create,
    campaign_create,
    cheque_cancel,
    cheque_hand,
    cheque_redeem,
    cheques_expire,
    cheques_reimburse,
)
from maillage.core.models import Activity
from maillage.territory.models import Commune
from tests.cheques.factories import TODAY, issued_cheques, make_campaign
from tests.factories import OrganisationFactory, PlaceFactory, UserFactory

pytestmark = pytest.mark.django_db


def snapshot() -> tuple:
    """Everything a refused move could have written."""
    return (
        list(Cheque.objects.order_by("pk").values()),
        list(ChequeBook.objects.order_by("pk").values()),
        Campaign.objects.count(),
        Reimbursement.objects.count(),
        Activity.objects.count(),
    )


def refused(call, rule: str, kind: type = ChequeRefused, **kwargs) -> ChequeRefused:
    """Run `call(**kwargs)`, which must refuse with `rule` and write nothing."""
    before = snapshot()
    with pytest.raises(kind) as caught:
        call(**kwargs)
    assert caught.value.rule == rule, str(caught.value)
    assert snapshot() == before, "a refused move wrote something"
    return caught.value


def redeemed(cheque, place, on=dt.date(2026, 6, 1)):
    return cheque_redeem(cheque=cheque, place=place, redeemed_on=on, today=TODAY)


# --- campaigns and books -----------------------------------------------------------------


def test_campaigns_get_the_next_code_and_books_consecutive_numbers(place):
    first = make_campaign(places=[place])
    second = make_campaign(places=[place], name="Pass numérique seniors")
    assert (first.code, second.code) == (1, 2)
    books = books_create(campaign=second, count=2, size=5)
    more = books_create(campaign=second, count=1, size=10)
    serials = [c.serial for c in Cheque.objects.filter(book__campaign=second).order_by("serial")]
    assert serials == list(range(2_000_001, 2_000_021))
    assert [(b.first_serial, b.last_serial) for b in [*books, *more]] == [
        (2_000_001, 2_000_005), (2_000_006, 2_000_010), (2_000_011, 2_000_020),
    ]  # fmt: skip
    for cheque in Cheque.objects.all():
        assert numbers.parse(cheque.number) == cheque.number
        assert cheque.state == Cheque.State.CREATED
    assert str(books[0]) == "Carnet 0020 0000 11 – 0020 0000 54"


@pytest.mark.parametrize(
    ("changes", "rule"),
    [({"name": " "}, "name_required"), ({"face_value": Decimal(0)}, "face_value"),
     ({"face_value": Decimal(5000)}, "face_value"),
     ({"valid_until": dt.date(2025, 12, 31)}, "valid_until"), ({"year": 1999}, "year")],
)  # fmt: skip
def test_a_campaign_out_of_the_rules_is_refused(place, changes, rule):
    funder = OrganisationFactory()
    values = {"funder": funder, "name": "Pass", "year": 2026, "face_value": Decimal(10),
              "valid_until": dt.date(2026, 12, 31)} | changes  # fmt: skip
    refused(campaign_create, rule, **values)


def test_a_funder_has_one_campaign_of_a_name_a_year(campaign):
    refused(
        campaign_create, "duplicate", funder=campaign.funder, name=campaign.name, year=2026,
        face_value=Decimal(10), valid_until=dt.date(2026, 12, 31),
    )  # fmt: skip


@pytest.mark.parametrize(("count", "size", "rule"), [(0, 10, "count"), (101, 10, "count"),
                                                     (1, 0, "size"), (1, 51, "size")])  # fmt: skip
def test_books_of_a_sensible_size(campaign, count, size, rule):
    refused(books_create, rule, campaign=campaign, count=count, size=size)


def test_a_book_in_stock_is_given_once(campaign, prescriber):
    book = books_create(campaign=campaign, count=1, size=3)[0]
    book_issue(book=book, prescriber=prescriber, issued_on=dt.date(2026, 6, 1), today=TODAY)
    assert set(book.cheques.values_list("state", "issued_on")) == {("issued", dt.date(2026, 6, 1))}
    error = refused(book_issue, "already_issued", ChequeConflict, book=book,
                    prescriber=OrganisationFactory(), issued_on=TODAY, today=TODAY)  # fmt: skip
    assert "CCAS de Monteux" in str(error)


def test_a_book_is_not_given_in_the_future_nor_after_its_campaign(campaign, prescriber):
    book = books_create(campaign=campaign, count=1, size=3)[0]
    refused(book_issue, "date_in_future", book=book, prescriber=prescriber,
            issued_on=TODAY + dt.timedelta(days=1), today=TODAY)  # fmt: skip
    refused(book_issue, "expired", ChequeConflict, book=book, prescriber=prescriber,
            issued_on=dt.date(2027, 1, 2), today=dt.date(2027, 1, 5))  # fmt: skip


# --- handing -----------------------------------------------------------------------------


def test_a_prescriber_hands_a_cheque_keeping_only_an_age_band_and_a_commune(cheque):
    person = UserFactory(roles=["member"])
    handed = cheque_hand(cheque=cheque, handed_on=dt.date(2026, 5, 20), age_band="65_79",
                         commune=Commune.objects.get(code="84080"), actor=person, today=TODAY)  # fmt: skip
    assert (handed.state, handed.handed_on, handed.age_band, handed.commune_id, handed.handed_by) == (
        "handed", dt.date(2026, 5, 20), "65_79", "84080", person,
    )  # fmt: skip
    assert Activity.objects.filter(verb="cheque.handed", target_id=str(cheque.pk)).exists()


def test_handing_refusals(cheque, campaign):
    refused(cheque_hand, "date_before", cheque=cheque, handed_on=dt.date(2026, 4, 30), today=TODAY)
    refused(cheque_hand, "date_in_future", cheque=cheque, handed_on=TODAY + dt.timedelta(days=1),
            today=TODAY)  # fmt: skip
    refused(cheque_hand, "age_band", cheque=cheque, handed_on=TODAY, age_band="42", today=TODAY)
    cheque_hand(cheque=cheque, handed_on=TODAY, today=TODAY)
    error = refused(cheque_hand, "already_handed", ChequeConflict, cheque=cheque, handed_on=TODAY,
                    today=TODAY)  # fmt: skip
    assert error.status == 409
    stock = books_create(campaign=campaign, count=1, size=1)[0].cheques.get()
    refused(cheque_hand, "not_issued", ChequeConflict, cheque=stock, handed_on=TODAY, today=TODAY)


# --- redeeming ---------------------------------------------------------------------------


def test_a_handed_cheque_is_redeemed_at_a_qualified_place(cheque, place):
    manager = UserFactory(roles=["place_manager"])
    place.managers.add(manager)
    cheque_hand(cheque=cheque, handed_on=dt.date(2026, 5, 20), today=TODAY)
    done = cheque_redeem(cheque=cheque, place=place, redeemed_on=dt.date(2026, 6, 2),
                         note="Démarches en ligne", actor=manager, today=TODAY)  # fmt: skip
    assert (done.state, done.redeemed_at, done.redeemed_on, done.redeemed_by, done.redeem_note) == (
        "redeemed", place, dt.date(2026, 6, 2), manager, "Démarches en ligne",
    )  # fmt: skip
    assert done.handed_on == dt.date(2026, 5, 20)  # its way is kept


def test_an_issued_cheque_brought_by_the_person_is_redeemed_too(cheque, place):
    assert redeemed(cheque, place).state == "redeemed"


def test_redeeming_today_by_default(cheque, place):
    assert cheque_redeem(cheque=cheque, place=place, today=TODAY).redeemed_on == TODAY


def test_a_cheque_is_never_redeemed_twice(cheque, place, other_place):
    redeemed(cheque, place, on=dt.date(2026, 6, 3))
    error = refused(cheque_redeem, "already_redeemed", ChequeConflict, cheque=cheque,
                    place=other_place, today=TODAY)  # fmt: skip
    assert (
        str(error) == "Ce chèque a déjà été encaissé le 3 juin 2026 à Espace numérique de Monteux."
    )
    assert (error.status, error.field) == (409, "number")


def test_a_reimbursed_cheque_is_not_redeemed_again(cheque, place):
    redeemed(cheque, place)
    cheques_reimburse(place=place, reimbursed_on=TODAY, reference="VIR-1", today=TODAY)
    refused(cheque_redeem, "already_redeemed", ChequeConflict, cheque=cheque, place=place,
            today=TODAY)  # fmt: skip


def test_a_cheque_in_stock_is_not_redeemed(campaign, place):
    stock = books_create(campaign=campaign, count=1, size=1)[0].cheques.get()
    error = refused(cheque_redeem, "not_issued", ChequeConflict, cheque=stock, place=place,
                    today=TODAY)  # fmt: skip
    assert str(error).startswith("Ce chèque n'a pas encore été remis")


def test_a_cancelled_cheque_is_not_redeemed(cheque, place):
    cheque_cancel(cheque=cheque, reason="Perdu", on=dt.date(2026, 6, 1))
    error = refused(cheque_redeem, "cancelled", ChequeConflict, cheque=cheque, place=place,
                    today=TODAY)  # fmt: skip
    assert "annulé le 1 juin 2026" in str(error)


def test_an_expired_cheque_is_not_redeemed_whether_marked_or_not(cheque, cheques, place):
    later = dt.date(2027, 1, 10)
    refused(cheque_redeem, "expired", ChequeConflict, cheque=cheque, place=place, today=later)
    refused(cheque_redeem, "expired", ChequeConflict, cheque=cheque, place=place,
            redeemed_on=dt.date(2027, 1, 1), today=later)  # fmt: skip
    assert cheques_expire(today=later) == len(cheques)
    error = refused(cheque_redeem, "expired", ChequeConflict, cheque=cheque, place=place,
                    redeemed_on=dt.date(2026, 12, 1), today=later)  # fmt: skip
    assert "31 décembre 2026" in str(error)


def test_a_cheque_is_redeemed_only_at_its_campaign_places(cheque):
    elsewhere = PlaceFactory(nom="Cyber-base lointaine")
    error = refused(cheque_redeem, "place_not_eligible", cheque=cheque, place=elsewhere,
                    today=TODAY)  # fmt: skip
    assert (error.status, error.field) == (422, "place")


def test_without_places_a_campaign_is_redeemed_at_the_hub_places(prescriber):
    hub = OrganisationFactory(name="Provence Numérique", is_hub=True)
    ours, theirs = PlaceFactory(operator=hub), PlaceFactory()
    cheque = issued_cheques(campaign=make_campaign(), prescriber=prescriber, size=1)[0]
    refused(cheque_redeem, "place_not_eligible", cheque=cheque, place=theirs, today=TODAY)
    assert redeemed(cheque, ours).state == "redeemed"


def test_a_place_manager_redeems_only_at_their_places(cheque, place, other_place):
    manager = UserFactory(roles=["place_manager"])
    place.managers.add(manager)
    error = refused(cheque_redeem, "not_your_place", ChequeForbidden, cheque=cheque,
                    place=other_place, actor=manager, today=TODAY)  # fmt: skip
    assert error.status == 403
    member = UserFactory(roles=["member"])
    refused(cheque_redeem, "not_your_place", ChequeForbidden, cheque=cheque, place=place,
            actor=member, today=TODAY)  # fmt: skip
    assert cheque_redeem(cheque=cheque, place=place, actor=manager, today=TODAY).state == "redeemed"


def test_redeeming_dates(cheque, place):
    refused(cheque_redeem, "date_in_future", cheque=cheque, place=place,
            redeemed_on=TODAY + dt.timedelta(days=1), today=TODAY)  # fmt: skip
    refused(cheque_redeem, "date_before", cheque=cheque, place=place,
            redeemed_on=dt.date(2026, 4, 30), today=TODAY)  # fmt: skip
    cheque_hand(cheque=cheque, handed_on=dt.date(2026, 6, 10), today=TODAY)
    error = refused(cheque_redeem, "date_before", cheque=cheque, place=place,
                    redeemed_on=dt.date(2026, 6, 9), today=TODAY)  # fmt: skip
    assert error.field == "date"
    refused(cheque_redeem, "note", cheque=cheque, place=place, note="x" * 301, today=TODAY)


# --- every state against every move --------------------------------------------------------


def cheque_in(state: str, campaign, prescriber, place) -> Cheque:
    if state == "created":
        return books_create(campaign=campaign, count=1, size=1)[0].cheques.get()
    cheque = issued_cheques(campaign=campaign, prescriber=prescriber, size=1)[0]
    if state == "handed":
        cheque = cheque_hand(cheque=cheque, handed_on=dt.date(2026, 5, 2), today=TODAY)
    if state in ("redeemed", "reimbursed"):
        cheque = redeemed(cheque, place)
    if state == "reimbursed":
        cheques_reimburse(place=place, reimbursed_on=TODAY, reference="R", today=TODAY)
    if state == "cancelled":
        cheque = cheque_cancel(cheque=cheque, reason="Volé")
    if state == "expired":
        Campaign.objects.filter(pk=campaign.pk).update(valid_until=dt.date(2026, 5, 31))
        cheques_expire(today=TODAY)
    return Cheque.objects.get(pk=cheque.pk)


MOVES = {
    "hand": lambda c, place: cheque_hand(cheque=c, handed_on=dt.date(2026, 5, 3), today=TODAY),
    "redeem": lambda c, place: cheque_redeem(cheque=c, place=place, redeemed_on=dt.date(2026, 5, 4),
                                             today=TODAY),
    "cancel": lambda c, place: cheque_cancel(cheque=c, reason="Perdu"),
}  # fmt: skip


@pytest.mark.parametrize("state", Cheque.State.values)
@pytest.mark.parametrize("move", MOVES)
def test_every_move_follows_the_transition_table(campaign, prescriber, place, state, move):
    cheque = cheque_in(state, campaign, prescriber, place)
    assert cheque.state == state
    before = snapshot()
    try:
        after = MOVES[move](cheque, place)
    except ChequeRefused:
        assert snapshot() == before
        assert Cheque.objects.get(pk=cheque.pk).state == state
    else:
        assert after.state in Cheque.TRANSITIONS[Cheque.State(state)]
    if state in ("redeemed", "reimbursed", "cancelled", "expired"):
        assert Cheque.objects.get(pk=cheque.pk).state == state  # final for people's moves


# --- cancel, expire, reimburse -------------------------------------------------------------


def test_cancelling_needs_a_reason_and_a_cheque_not_used(cheque, place):
    refused(cheque_cancel, "reason_required", cheque=cheque, reason=" ")
    done = cheque_cancel(cheque=cheque, reason="Carnet volé", on=dt.date(2026, 6, 1))
    assert (done.state, done.closed_on, done.close_reason) == ("cancelled", dt.date(2026, 6, 1),
                                                               "Carnet volé")  # fmt: skip
    other = Cheque.objects.exclude(pk=cheque.pk).first()
    redeemed(other, place)
    refused(cheque_cancel, "already_redeemed", ChequeConflict, cheque=other, reason="Perdu")


def test_only_unused_cheques_of_ended_campaigns_expire(cheques, place, campaign):
    redeemed(cheques[0], place)
    cheque_hand(cheque=cheques[1], handed_on=dt.date(2026, 5, 2), today=TODAY)
    other = make_campaign(places=[place], name="Autre", valid_until=dt.date(2027, 6, 30))
    others = issued_cheques(campaign=other, prescriber=cheques[0].book.prescriber, size=2)
    assert cheques_expire(today=dt.date(2026, 12, 31)) == 0
    assert cheques_expire(today=dt.date(2027, 1, 1), campaign=other) == 0
    assert cheques_expire(today=dt.date(2027, 1, 1)) == 9
    states = dict(Cheque.objects.values_list("pk", "state"))
    assert states[cheques[0].pk] == "redeemed"
    assert {states[c.pk] for c in cheques[1:]} == {"expired"}
    assert {states[c.pk] for c in others} == {"issued"}
    assert set(Cheque.objects.filter(state="expired").values_list("closed_on", flat=True)) == {
        dt.date(2027, 1, 1)
    }


def test_a_place_is_reimbursed_by_batch(campaign, cheques, place, other_place):
    for cheque in cheques[:3]:
        redeemed(cheque, place, on=dt.date(2026, 6, 5))
    redeemed(cheques[3], other_place)
    coordinator = UserFactory(roles=["coordinator"])
    batch = cheques_reimburse(place=place, reimbursed_on=dt.date(2026, 6, 10), reference="VIR-42",
                              actor=coordinator, today=TODAY)  # fmt: skip
    assert (batch.cheque_count, batch.amount, batch.recorded_by) == (3, Decimal(30), coordinator)
    assert set(batch.cheques.values_list("state", flat=True)) == {"reimbursed"}
    assert Cheque.objects.get(pk=cheques[3].pk).state == "redeemed"
    refused(cheques_reimburse, "nothing_to_reimburse", place=place, reimbursed_on=TODAY,
            reference="VIR-43", today=TODAY)  # fmt: skip


def test_reimbursement_refusals(cheques, place, other_place):
    redeemed(cheques[0], place, on=dt.date(2026, 6, 5))
    redeemed(cheques[1], other_place)
    refused(cheques_reimburse, "reference_required", place=place, reimbursed_on=TODAY,
            reference=" ", today=TODAY)  # fmt: skip
    refused(cheques_reimburse, "date_before", place=place, reimbursed_on=dt.date(2026, 6, 4),
            reference="R", today=TODAY)  # fmt: skip
    refused(cheques_reimburse, "date_in_future", place=place,
            reimbursed_on=TODAY + dt.timedelta(days=1), reference="R", today=TODAY)  # fmt: skip
    refused(cheques_reimburse, "not_redeemed_here", place=place, reimbursed_on=TODAY,
            reference="R", cheques=cheques[:2], today=TODAY)  # fmt: skip
    cheques_reimburse(place=place, reimbursed_on=TODAY, reference="R", cheques=cheques[:1],
                      today=TODAY)  # fmt: skip
    refused(cheques_reimburse, "already_reimbursed", ChequeConflict, place=place,
            reimbursed_on=TODAY, reference="R2", cheques=cheques[:1], today=TODAY)  # fmt: skip


def test_a_batch_sums_the_face_values_of_each_campaign(place, prescriber):
    tens = issued_cheques(campaign=make_campaign(places=[place]), prescriber=prescriber, size=2)
    twenties = issued_cheques(
        campaign=make_campaign(places=[place], name="Pass 20", face_value=20),
        prescriber=prescriber, size=1,
    )  # fmt: skip
    for cheque in [*tens, *twenties]:
        redeemed(cheque, place)
    batch = cheques_reimburse(place=place, reimbursed_on=TODAY, reference="R", today=TODAY)
    assert batch.amount == Decimal(40)
