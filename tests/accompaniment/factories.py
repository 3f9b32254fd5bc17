"""Helpers of the accompaniment tests: companies and accompaniments made through the services."""

from __future__ import annotations

import datetime as dt

from maillage.accompaniment.models import Accompaniment
from maillage.accompaniment.services import accompaniment_create
from maillage.directory.models import Organisation
from tests.factories import OrganisationFactory

TODAY = dt.date(2026, 6, 15)


def company(name: str = "Menuiserie du Comtat", **kwargs) -> Organisation:
    return OrganisationFactory(name=name, kind=Organisation.Kind.ARTISAN, **kwargs)


def accompaniment_of(
    organisation: Organisation | None = None, *, referent=None, need: str = "website",
    started_on: dt.date = dt.date(2026, 1, 10), **kwargs,
) -> Accompaniment:  # fmt: skip
    return accompaniment_create(
        organisation=organisation or company(), need=need, started_on=started_on,
        actor=referent, referent=referent, today=TODAY, **kwargs,
    )  # fmt: skip
