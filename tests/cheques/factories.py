"""Pass numérique objects built through the services, as the application builds them."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from maillage.cheques.models import Campaign, Cheque
from maillage.cheques.services import books_issue, campaign_create
from maillage.directory.models import Organisation, Place
from tests.factories import OrganisationFactory

# "Today" for the rules of the tests: a fixed day, so that dates never drift.
TODAY = dt.date(2026, 6, 15)


def make_campaign(
    *,
    places: list[Place] = (),
    funder: Organisation | None = None,
    name: str = "Pass numérique",
    year: int = 2026,
    face_value: Decimal | int = 10,
    valid_until: dt.date = dt.date(2026, 12, 31),
) -> Campaign:
    return campaign_create(
        funder=funder or OrganisationFactory(name="Département de Vaucluse",
                                             kind=Organisation.Kind.LOCAL_AUTHORITY),
        name=name, year=year, face_value=Decimal(face_value), valid_until=valid_until,
        places=places,
    )  # fmt: skip


def issued_cheques(
    *,
    campaign: Campaign,
    prescriber: Organisation,
    books: int = 1,
    size: int = 10,
    issued_on: dt.date = dt.date(2026, 5, 1),
    today: dt.date = TODAY,
) -> list[Cheque]:
    made = books_issue(
        campaign=campaign, prescriber=prescriber, count=books, size=size, issued_on=issued_on,
        today=today,
    )  # fmt: skip
    return list(Cheque.objects.filter(book__in=made).order_by("serial"))


def live_cheques(*, places: list[Place], prescriber: Organisation, size: int = 5) -> list[Cheque]:
    """Cheques given ten days ago, of a campaign valid for a year from today: for the pages
    and the API, which take today's date."""
    today = timezone.localdate()
    campaign = make_campaign(
        places=places, year=today.year, valid_until=today + dt.timedelta(days=365)
    )
    return issued_cheques(
        campaign=campaign, prescriber=prescriber, size=size,
        issued_on=today - dt.timedelta(days=10), today=today,
    )  # fmt: skip
