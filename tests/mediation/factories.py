"""Helpers of the mediation tests: records made through the services, as the pages do."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from maillage.directory.models import Organisation
from maillage.mediation import services
from maillage.mediation.models import Beneficiary, MediationActivity
from maillage.territory.models import Commune
from tests.factories import OrganisationFactory, PlaceFactory, UserFactory


def mediator(**extra):
    return UserFactory(roles=["mediator"], **extra)


def the_hub() -> Organisation:
    return Organisation.objects.filter(is_hub=True).first() or OrganisationFactory(
        name="Pôle numérique", is_hub=True
    )


def a_place(**extra):
    """A place of the hub: every mediator records activities there."""
    extra.setdefault("operator", the_hub())
    return PlaceFactory(**extra)


def another_place(**extra):
    """A place of another organisation: only its managers record activities there."""
    extra.setdefault("operator", OrganisationFactory())
    return PlaceFactory(**extra)


def commune(code: str = "84080") -> Commune:
    return Commune.objects.get(code=code)


def person(by, **profile) -> Beneficiary:
    return services.beneficiary_create(actor=by, profile=services.Profile(**profile))


def record(by, **values) -> MediationActivity:
    """An individual session of 30 min today at a new place on e-mail, unless told."""
    values.setdefault("kind", "individual")
    values.setdefault("date", timezone.localdate())
    values.setdefault("duration_minutes", 30)
    values.setdefault("themes", ["email"])
    if values.get("place_kind", "place") == "place" and "place" not in values:
        values["place"] = a_place()
    if values["kind"] == "collective":
        values.setdefault("title", "Atelier smartphone")
        values.setdefault("participant_count", 6)
    return services.mediation_activity_create(mediator=by, **values)


def days_ago(days: int) -> dt.date:
    return timezone.localdate() - dt.timedelta(days=days)
