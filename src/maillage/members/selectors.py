"""Reads of the cooperative: the register, a member's statement, the capital, the figures."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q, Sum

from maillage.members.models import (
    College,
    DuesCall,
    DuesPayment,
    FundingLine,
    Membership,
    ShareHolding,
    ShareTransaction,
    VolunteerHours,
)
from maillage.members.services import cooperative_terms

# How each kind of line moves (subscribed, released).
MOVES = {
    ShareTransaction.Kind.SUBSCRIPTION: (1, 0),
    ShareTransaction.Kind.RELEASE: (0, 1),
    ShareTransaction.Kind.REPAYMENT: (-1, -1),
    ShareTransaction.Kind.TRANSFER_OUT: (-1, -1),
    ShareTransaction.Kind.TRANSFER_IN: (1, 1),
}


@dataclass(frozen=True)
class StatementLine:
    transaction: ShareTransaction
    subscribed_after: int
    released_after: int


def member_statement(*, membership: Membership) -> list[StatementLine]:
    """The register's lines of one sociétaire with the running holding after each."""
    subscribed = released = 0
    lines = []
    for line in membership.share_transactions.order_by("date", "pk"):
        moves = MOVES[ShareTransaction.Kind(line.kind)]
        subscribed += moves[0] * line.shares
        released += moves[1] * line.shares
        lines.append(StatementLine(line, subscribed, released))
    return lines


@dataclass(frozen=True)
class Capital:
    share_value: Decimal
    subscribed_shares: int
    released_shares: int

    @property
    def subscribed(self) -> Decimal:
        return self.share_value * self.subscribed_shares

    @property
    def released(self) -> Decimal:
        return self.share_value * self.released_shares


def capital() -> Capital:
    totals = ShareHolding.objects.aggregate(s=Sum("subscribed"), r=Sum("released"))
    return Capital(cooperative_terms().share_value, totals["s"] or 0, totals["r"] or 0)


@dataclass(frozen=True)
class CollegeFigure:
    name: str
    weight: Decimal
    count: int


def societaires_by_college() -> list[CollegeFigure]:
    active = Q(
        memberships__type=Membership.Type.SOCIETAIRE, memberships__status=Membership.Status.ACTIVE
    )
    return [
        CollegeFigure(college.name, college.voting_weight, college.count)
        for college in College.objects.annotate(count=Count("memberships", filter=active))
    ]


def societaires_count() -> int:
    return Membership.objects.filter(
        type=Membership.Type.SOCIETAIRE, status=Membership.Status.ACTIVE
    ).count()


# The funding mix's categories: what the data says (dues, valued volunteering) and the
# lines the hub enters, grouped as Telecom Valley reports it.
OWN, PUBLIC, PRIVATE = "own", "public", "private"


@dataclass(frozen=True)
class MemberFigures:
    year: int
    societaires: int
    colleges: list[CollegeFigure]
    capital: Decimal  # released capital, €
    dues_collected: Decimal
    dues_outstanding: Decimal
    volunteer_hours: Decimal
    volunteer_value: Decimal
    funding_amounts: dict[str, Decimal]  # category → €
    funding_mix: dict[str, float]  # own / public / private → % (sums to 100 when any)


def member_figures(*, year: int) -> MemberFigures:
    terms = cooperative_terms()
    calls = DuesCall.objects.filter(year=year)
    collected = DuesPayment.objects.filter(call__year=year).aggregate(s=Sum("amount"))[
        "s"
    ] or Decimal(0)
    unpaid = calls.filter(payment__isnull=True).aggregate(s=Sum("amount"))["s"] or Decimal(0)
    hours = VolunteerHours.objects.filter(date__year=year).aggregate(s=Sum("hours"))[
        "s"
    ] or Decimal(0)
    value = hours * terms.volunteer_hour_value
    amounts: dict[str, Decimal] = {"own_dues": collected, "own_volunteering": value}
    for category, amount in (
        FundingLine.objects.filter(year=year)
        .values_list("category")
        .annotate(s=Sum("amount"))
        .values_list("category", "s")
    ):
        amounts[category] = amounts.get(category, Decimal(0)) + amount
    groups = {OWN: Decimal(0), PUBLIC: Decimal(0), PRIVATE: Decimal(0)}
    for category, amount in amounts.items():
        groups[category.split("_", 1)[0]] += amount
    return MemberFigures(
        year=year,
        societaires=societaires_count(),
        colleges=societaires_by_college(),
        capital=capital().released,
        dues_collected=collected,
        dues_outstanding=unpaid,
        volunteer_hours=hours,
        volunteer_value=value,
        funding_amounts=amounts,
        funding_mix=shares_in_percent(groups),
    )


def shares_in_percent(amounts: dict[str, Decimal]) -> dict[str, float]:
    """Shares in % with one decimal, summing to exactly 100 (largest remainders), or {}."""
    total = sum(amounts.values())
    if not total:
        return {}
    tenths = {key: amount * 1000 / total for key, amount in amounts.items()}
    floors = {key: int(value) for key, value in tenths.items()}
    left = 1000 - sum(floors.values())
    for key in sorted(tenths, key=lambda k: tenths[k] - floors[k], reverse=True)[:left]:
        floors[key] += 1
    return {key: value / 10 for key, value in floors.items()}


def dues_reminders(*, year: int):
    """Calls of the year still unpaid: whom to remind."""
    return DuesCall.objects.filter(year=year, payment__isnull=True).select_related(
        "membership__organisation", "membership__person"
    )
