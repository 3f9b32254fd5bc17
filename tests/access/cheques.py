"""Pass numérique: the team's totals for the staff (the funders' and prescribers' tables for
the hub only); campaigns, books and reimbursements for the hub; a cheque's page for its
prescriber and the staff who may redeem it (a place of theirs accepts its campaign, or it
was redeemed there) — to anybody else a 404, as a number of no cheque; a place manager
redeems at the places they manage only, a mediator at the hub's places only (none in this
world, so the mediator sees no cheque); a prescriber hands the cheques of their own books."""

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from maillage.cheques import numbers
from maillage.cheques.services import books_issue, campaign_create, cheque_redeem
from tests.access.table import HUB, LOGGED_IN, OTHER, OWN, STAFF, Row, expect


def objects(world) -> None:
    today = timezone.localdate()
    campaign = campaign_create(
        funder=world.other_organisation, name="Pass numérique", year=today.year,
        face_value=Decimal(10), valid_until=today + dt.timedelta(days=365),
        places=[world.place, world.other_place],
    )  # fmt: skip
    issued_on = today - dt.timedelta(days=10)
    # A book of the organisation the member acts for, and one of another prescriber.
    ours = books_issue(campaign=campaign, prescriber=world.organisation, count=1, size=3,
                       issued_on=issued_on)[0].cheques.order_by("serial")  # fmt: skip
    theirs = books_issue(campaign=campaign, prescriber=world.other_organisation, count=1,
                         size=1, issued_on=issued_on)[0].cheques.get()  # fmt: skip
    # A campaign that only the other place accepts: the place manager may not see its cheques.
    neighbours = campaign_create(
        funder=world.other_organisation, name="Pass voisin", year=today.year,
        face_value=Decimal(10), valid_until=today + dt.timedelta(days=365),
        places=[world.other_place],
    )  # fmt: skip
    foreign = books_issue(campaign=neighbours, prescriber=world.other_organisation, count=1,
                          size=1, issued_on=issued_on)[0].cheques.get()  # fmt: skip
    world.extra.update(
        cheque=ours[0],
        redeemed_cheque=cheque_redeem(cheque=ours[1], place=world.place),
        other_cheque=theirs,
        foreign_cheque=foreign,
        today=today,
    )


def _cheque(name: str):
    return lambda w: f"/pass-numerique/cheque/{getattr(w, name).number}/"


def _api(name: str, suffix: str = ""):
    return lambda w: f"/api/v1/pass-cheques/{getattr(w, name).number}{suffix}"


def _redeem_form(place: str):
    return lambda w: {
        "action": "redeem",
        "encaisser-place": getattr(w, place).pk,
        "encaisser-date": w.today.isoformat(),
    }


def _hand_form(w) -> dict:
    return {"action": "hand", "remettre-handed_on": w.today.isoformat()}


def _prescriber_hand(name: str):
    return lambda w: {
        "remettre-cheque": getattr(w, name).pk,
        "remettre-handed_on": w.today.isoformat(),
    }


HUB_POST = expect(403, anonymous=302, coordinator=302, admin=302)

ROWS = [
    Row("GET", "web:cheques", "/equipe/pass-numerique/", STAFF),
    Row(
        "GET",
        "web:cheques",
        "/equipe/pass-numerique/?export=lieux&format=xlsx",
        STAFF,
        note="the places' table: each sees the places where they redeem",
    ),
    Row(
        "GET",
        "web:cheques",
        "/equipe/pass-numerique/?export=financeurs&format=csv",
        HUB,
        note="the funders' table: the hub's",
    ),
    Row("GET", "web:cheque-books", "/equipe/pass-numerique/carnets/", HUB),
    Row(
        "POST",
        "web:cheque-books",
        "/equipe/pass-numerique/carnets/",
        HUB_POST,
        data=lambda w: {
            "action": "issue",
            "carnets-campaign": w.cheque.book.campaign_id,
            "carnets-prescriber": w.organisation.pk,
            "carnets-count": 1,
            "carnets-size": 10,
            "carnets-issued_on": w.today.isoformat(),
        },
    ),
    Row("GET", "web:cheque-reimbursements", "/equipe/pass-numerique/remboursements/", HUB),
    Row(
        "POST",
        "web:cheque-reimbursements",
        "/equipe/pass-numerique/remboursements/",
        HUB_POST,
        data=lambda w: {
            "place": w.place.pk,
            f"lieu{w.place.pk}-place": w.place.pk,
            f"lieu{w.place.pk}-reimbursed_on": w.today.isoformat(),
            f"lieu{w.place.pk}-reference": "VIR-1",
        },
    ),
    Row("GET", "web:cheque-lookup", "/pass-numerique/cheque/", LOGGED_IN),
    Row(
        "GET",
        "web:cheque-lookup",
        lambda w: f"/pass-numerique/cheque/?numero={w.cheque.printed_number}",
        expect(302, mediator=200),
        note="a cheque of the member's prescriber, of a campaign the place manager's place "
        "accepts: sent to its page; the mediator is told no cheque they see has it",
    ),
    Row(
        "GET",
        "web:cheque-lookup",
        lambda w: f"/pass-numerique/cheque/?numero={w.other_cheque.number}",
        expect(302, member=200, mediator=200),
        note="another prescriber's cheque: the member is told no cheque they see has it",
    ),
    Row(
        "GET",
        "web:cheque-lookup",
        lambda w: f"/pass-numerique/cheque/?numero={w.foreign_cheque.number}",
        expect(200, anonymous=302, coordinator=302, admin=302),
        note="a cheque of a campaign only the other place accepts: nobody but the hub finds it",
    ),
    Row(
        "GET",
        "web:cheque",
        _cheque("cheque"),
        expect(200, anonymous=302, mediator=404),
        note="the member's prescriber's, of a campaign the place manager's place accepts",
    ),
    Row(
        "GET",
        "web:cheque",
        _cheque("other_cheque"),
        expect(200, anonymous=302, member=404, mediator=404),
        note="another prescriber's: a 404, as a number of no cheque",
    ),
    Row(
        "GET",
        "web:cheque",
        _cheque("foreign_cheque"),
        expect(404, anonymous=302, coordinator=200, admin=200),
        note="of a campaign only the other place accepts: a 404 for the place manager too",
    ),
    Row(
        "GET",
        "web:cheque",
        f"/pass-numerique/cheque/{numbers.number_of(999_999_999)}/",
        expect(404, anonymous=302),
        note="a number of no cheque",
    ),
    Row(
        "POST",
        "web:cheque",
        _cheque("cheque"),
        expect(302, member=403, mediator=404),
        data=_redeem_form("place"),
        note="redeem at the place the place manager manages (not a hub place)",
    ),
    Row(
        "POST",
        "web:cheque",
        _cheque("cheque"),
        expect(403, anonymous=302, mediator=404, coordinator=302, admin=302),
        data=_redeem_form("other_place"),
        note="redeem at a place the place manager does not manage",
    ),
    Row(
        "POST",
        "web:cheque",
        _cheque("cheque"),
        expect(302, mediator=404, place_manager=403),
        data=_hand_form,
        note="hand a cheque of the member's prescriber",
    ),
    Row(
        "POST",
        "web:cheque",
        _cheque("other_cheque"),
        expect(403, anonymous=302, member=404, mediator=404, coordinator=302, admin=302),
        data=_hand_form,
        note="hand another prescriber's cheque",
    ),
    Row("GET", "web:prescriber-cheques", "/espace-prescripteur/cheques/", LOGGED_IN),
    Row(
        "POST",
        "web:prescriber-cheques",
        "/espace-prescripteur/cheques/",
        expect(302, mediator=403, place_manager=403),
        data=_prescriber_hand("cheque"),
        note="a cheque of the member's prescriber",
    ),
    Row(
        "POST",
        "web:prescriber-cheques",
        "/espace-prescripteur/cheques/",
        HUB_POST,
        data=_prescriber_hand("other_cheque"),
        note="another prescriber's cheque",
    ),
    Row(
        "GET",
        "/api/v1/pass-cheques/{id}",
        _api("cheque"),
        expect(200, anonymous=401, mediator=404),
        note="the member's prescriber's, of a campaign the place manager's place accepts",
        obj=OWN,
    ),
    Row(
        "GET",
        "/api/v1/pass-cheques/{id}",
        _api("other_cheque"),
        expect(200, anonymous=401, member=404, mediator=404),
        note="another prescriber's: a 404, as a number of no cheque",
        obj=OTHER,
    ),
    Row(
        "GET",
        "/api/v1/pass-cheques/{id}",
        _api("foreign_cheque"),
        expect(404, anonymous=401, coordinator=200, admin=200),
        note="of a campaign only the other place accepts: a 404 for the place manager too",
        obj=OTHER,
    ),
    Row(
        "GET",
        "/api/v1/pass-cheques/{id}",
        "/api/v1/pass-cheques/1234567890",
        expect(422, anonymous=401),
        note="a wrong check digit",
    ),
    Row(
        "POST",
        "/api/v1/pass-cheques/{id}/redeem",
        _api("cheque", "/redeem"),
        expect(200, anonymous=401, member=403, mediator=404),
        data=lambda w: {"place": w.place.pk},
        note="at the place the place manager manages",
        obj=OWN,
    ),
    Row(
        "POST",
        "/api/v1/pass-cheques/{id}/redeem",
        _api("cheque", "/redeem"),
        expect(403, anonymous=401, mediator=404, coordinator=200, admin=200),
        data=lambda w: {"place": w.other_place.pk},
        note="at a place the place manager does not manage",
        obj=OWN,
    ),
    Row(
        "POST",
        "/api/v1/pass-cheques/{id}/redeem",
        _api("foreign_cheque", "/redeem"),
        expect(404, anonymous=401, coordinator=200, admin=200),
        data=lambda w: {"place": w.other_place.pk},
        note="a cheque of a campaign only the other place accepts: a 404 for the place manager",
        obj=OTHER,
    ),
    Row(
        "POST",
        "/api/v1/pass-cheques/{id}/redeem",
        _api("redeemed_cheque", "/redeem"),
        expect(409, anonymous=401, member=403, mediator=404),
        data=lambda w: {"place": w.place.pk},
        note="a cheque already redeemed",
        obj=OWN,
    ),
]
