"""Pass numérique endpoints: a cheque by its printed number, and redeeming it at a place.

Both need somebody (a personal key `Authorization: Bearer mlg_…` or a session). `{id}` is
the cheque's number as printed (10 digits, spaces allowed): a number whose check digit is
wrong is a 422 naming `id`; a well-formed number of no cheque (or of one the caller may not
see) a 404.

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
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError

from maillage.api.auth import PERSON
from maillage.api.schemas import ErrorOut
from maillage.cheques import numbers, selectors, services
from maillage.cheques.models import Cheque
from maillage.core.permissions import can
from maillage.directory.models import Place

router = Router(tags=["pass numérique"])


class RefusalOut(Schema):
    detail: str
    rule: str = Field(description="already_redeemed, not_issued, expired, not_your_place…")
    field: str | None


class PlaceRef(Schema):
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
    place: PlaceRef


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
    eligible_places: list[PlaceRef] = Field(description="the places that redeem this campaign")
    your_places: list[PlaceRef] = Field(description="those of them where you may redeem")


def _unprocessable(field: str, message: str, rule: str = "invalid") -> HttpError:
    error = HttpError(422, message)
    error.field, error.rule = field, rule  # read by the API's HttpError handler
    return error


def _place(place: Place) -> dict[str, Any]:
    return {"id": place.pk, "nom": place.nom}


def _cheque(request: HttpRequest, number: str) -> Cheque:
    try:
        digits = numbers.parse(number)
    except numbers.NumberError as error:
        raise _unprocessable(
            "id", f"not a cheque number: 10 digits with a valid check digit ({error.reason})",
            rule=error.reason,
        ) from None  # fmt: skip
    cheque = selectors.cheque_get(number=digits)
    if cheque is None or not can(request.user, "view", cheque):
        raise HttpError(404, f"No cheque you may see has the number {digits}.")
    return cheque


def _cheque_out(request: HttpRequest, cheque: Cheque) -> dict[str, Any]:
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
        "your_places": [
            _place(p) for p in selectors.places_to_redeem(user=request.user, cheque=cheque)
        ],
    }


@router.get(
    "/pass-cheques/{id}",
    auth=PERSON,
    response={200: ChequeOut, 401: ErrorOut, 404: ErrorOut, 422: RefusalOut},
    summary="A pass numérique cheque",
    description="Its state, campaign, value, history dates, and where it can be redeemed.",
)
def get_cheque(request: HttpRequest, id: str):
    return _cheque_out(request, _cheque(request, id))


class RedeemIn(Schema):
    place: int = Field(description="id of the place that redeems the cheque")
    date: dt.date | None = Field(None, description="day of the session (default: today)")
    note: Annotated[str, Field(max_length=300)] = ""


@router.post(
    "/pass-cheques/{id}/redeem",
    auth=PERSON,
    response={
        200: ChequeOut,
        401: ErrorOut,
        403: RefusalOut,
        404: ErrorOut,
        409: RefusalOut,
        422: RefusalOut,
    },
    summary="Redeem a pass numérique cheque at a place",
)
def redeem_cheque(request: HttpRequest, id: str, data: RedeemIn):
    cheque = _cheque(request, id)
    place = Place.objects.filter(pk=data.place).first()
    if place is None:
        raise _unprocessable("place", f"No place has the id {data.place}.", rule="unknown_place")
    try:
        cheque = services.cheque_redeem(
            cheque=cheque, place=place, redeemed_on=data.date, note=data.note, actor=request.user
        )
    except services.ChequeRefused as refused:
        # The cheque at fault is the path's `id` here (its number on the pages).
        field = "id" if refused.field == "number" else refused.field
        return Status(
            refused.status, {"detail": str(refused), "rule": refused.rule, "field": field}
        )
    return Status(200, _cheque_out(request, selectors.cheque_get(number=cheque.number)))
