"""Pass numérique endpoints: a cheque by its printed number, and redeeming it at a place.

Both need somebody (a personal key `Authorization: Bearer mlg_…` or a session). `{id}` is
the cheque's number as printed (10 digits, spaces allowed): a number whose check digit is
wrong is a 422 naming `id`; a well-formed number of no cheque, or of one the caller may not
see, a 404 — the same answer, since numbers are sequential. A cheque is seen, as on its page,
by the hub's coordination, the people acting for its prescriber, and the place managers and
mediators who may redeem it (at a place that accepts its campaign) or where it was redeemed.

Redeeming answers 200 with the cheque; 409 when its state forbids it (`already_redeemed`,
`not_issued`, `cancelled`, `expired`); 403 when the caller may not redeem at that place
(`not_your_place`); 422 for any other rule or input (`place_not_eligible`, `date_in_future`,
`date_before`, an unknown place), each refusal with `rule` and `field`.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Path, Router, Schema, Status
from ninja.errors import HttpError

from maillage.api.auth import PERSON
from maillage.api.refusals import unprocessable
from maillage.api.schemas import Day, ErrorOut, IdField, RefusalOut
from maillage.cheques import numbers, selectors, services
from maillage.cheques.models import Cheque
from maillage.core.permissions import can
from maillage.directory.models import Place

router = Router(tags=["pass numérique"])


# The number as printed: 10 digits, in groups or not (the page's field takes as many).
ChequeNumber = Annotated[
    str,
    Path(
        max_length=40,
        # Ten digits, with the separators people copy from paper between them.
        pattern=r"^[ .\-]*([0-9][ .\-]*){10}$",
        description="the cheque's number as printed: 10 digits, spaces, dots or dashes allowed "
        "between them (`0120 0034 51`); the last is a check digit",
    ),
]


class ChequePlaceOut(Schema):
    id: int
    nom: str


class CampaignOut(Schema):
    id: int
    name: str
    year: int
    funder: str
    face_value: Decimal
    valid_until: dt.date


class RedemptionOut(Schema):
    on: dt.date
    place: ChequePlaceOut


class ChequeOut(Schema):
    number: str = Field(description="10 digits")
    printed: str = Field(description="as printed on the cheque: groups of four digits")
    state: str = Field(description=", ".join(Cheque.State.values))
    state_label: str
    campaign: CampaignOut
    prescriber: str | None
    issued_on: dt.date | None
    handed_on: dt.date | None
    redeemed: RedemptionOut | None
    reimbursed_on: dt.date | None
    redeemable: bool = Field(description="can be redeemed today (issued or handed, not expired)")
    eligible_places: list[ChequePlaceOut] = Field(
        description="the places that redeem this campaign"
    )
    your_places: list[ChequePlaceOut] = Field(description="those of them where you may redeem")


def _place(place: Place) -> dict[str, Any]:
    return {"id": place.pk, "nom": place.nom}


def _cheque(person, number: str) -> Cheque:
    """The cheque `person` may see, by its number; 404 for one they may not see, as for a
    number of no cheque, so that trying numbers reveals nothing."""
    try:
        digits = numbers.parse(number)
    except numbers.NumberError as error:
        raise unprocessable(
            "id", f"not a cheque number: 10 digits with a valid check digit ({error.reason})",
            rule=error.reason,
        ) from None  # fmt: skip
    cheque = selectors.cheque_get(number=digits)
    if cheque is None or not can(person, "view", cheque):
        raise HttpError(404, f"No cheque you may see has the number {digits}.")
    return cheque


def _cheque_out(person, cheque: Cheque) -> dict[str, Any]:
    campaign = cheque.book.campaign
    return {
        "number": cheque.number,
        "printed": cheque.printed_number,
        "state": cheque.state,
        "state_label": str(cheque.get_state_display()),
        "campaign": {
            "id": campaign.pk,
            "name": campaign.name,
            "year": campaign.year,
            "funder": campaign.funder.name,
            "face_value": campaign.face_value,
            "valid_until": campaign.valid_until,
        },
        "prescriber": cheque.book.prescriber.name if cheque.book.prescriber else None,
        "issued_on": cheque.issued_on,
        "handed_on": cheque.handed_on,
        "redeemed": {"on": cheque.redeemed_on, "place": _place(cheque.redeemed_at)}
        if cheque.redeemed_at
        else None,
        "reimbursed_on": cheque.reimbursement.reimbursed_on if cheque.reimbursement else None,
        "redeemable": selectors.is_redeemable(cheque=cheque, on=timezone.localdate()),
        "eligible_places": [
            _place(p) for p in selectors.campaign_places(campaign=campaign).order_by("nom")
        ],
        "your_places": [_place(p) for p in selectors.places_to_redeem(user=person, cheque=cheque)],
    }


@router.get(
    "/pass-cheques/{id}",
    auth=PERSON,
    response={200: ChequeOut, 404: ErrorOut, 422: RefusalOut},
    summary="A pass numérique cheque",
    description="Its state, campaign, value, history dates, and where it can be redeemed.",
)
def get_cheque(request: HttpRequest, id: ChequeNumber):
    return _cheque_out(request.auth, _cheque(request.auth, id))


class RedeemIn(Schema):
    place: IdField = Field(description="id of the place that redeems the cheque")
    date: Day | None = Field(None, description="day of the session (default: today)")
    note: Annotated[str, Field(max_length=300)] = ""


@router.post(
    "/pass-cheques/{id}/redeem",
    auth=PERSON,
    response={
        200: ChequeOut,
        # `not_your_place`; a session write without the CSRF token: ErrorOut.
        403: RefusalOut | ErrorOut,
        404: ErrorOut,
        409: RefusalOut,
        422: RefusalOut,
    },
    summary="Redeem a pass numérique cheque at a place",
)
def redeem_cheque(request: HttpRequest, id: ChequeNumber, data: RedeemIn):
    person = request.auth
    cheque = _cheque(person, id)
    place = Place.objects.filter(pk=data.place).first()
    if place is None:
        raise unprocessable("place", f"No place has the id {data.place}.", rule="unknown_place")
    try:
        cheque = services.cheque_redeem(
            cheque=cheque, place=place, redeemed_on=data.date, note=data.note, actor=person
        )
    except services.ChequeRefused as refused:
        # The cheque at fault is the path's `id` here (its number on the pages).
        field = "id" if refused.field == "number" else refused.field
        return Status(
            refused.status, {"detail": str(refused), "rule": refused.rule, "field": field}
        )
    return Status(200, _cheque_out(person, selectors.cheque_get(number=cheque.number)))
