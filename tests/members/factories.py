"""Builders of the cooperative's objects for tests, through the services."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from maillage.members.models import College, DuesRule, Membership
from maillage.members.services import college_save, dues_rule_save, membership_create
from tests.factories import OrganisationFactory

DAY = dt.date(2026, 1, 15)


def college(code: str = "beneficiaires", weight: int = 40, name: str = "") -> College:
    return College.objects.filter(slug=code).first() or college_save(
        college=College(slug=code, name=name or code.capitalize(), voting_weight=weight)
    )


def member(
    name: str = "",
    *,
    type: str = Membership.Type.SOCIETAIRE,
    status: str = Membership.Status.ACTIVE,
    college_code: str | None = "beneficiaires",
    listed: bool = False,
    organisation=None,
    person=None,
    **organisation_fields,
) -> Membership:
    """An active sociétaire in the `beneficiaires` college unless told otherwise."""
    if person is None and organisation is None:
        organisation = OrganisationFactory(
            **({"name": name} if name else {}), **organisation_fields
        )
    return membership_create(
        organisation=organisation, person=person, type=type, status=status,
        college=college(college_code) if college_code and type == "societaire" else None,
        started_on=DAY if status == Membership.Status.ACTIVE else None, listed_publicly=listed,
    )  # fmt: skip


def rule(amount: int, type: str = "societaire", kind: str = "", size: str = "",
         people: bool = False) -> DuesRule:  # fmt: skip
    return dues_rule_save(
        rule=DuesRule(membership_type=type, organisation_kind=kind, organisation_size=size,
                      for_people=people, amount=Decimal(amount))
    )  # fmt: skip
