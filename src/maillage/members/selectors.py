"""Reads of the cooperative: the register, a member's statement, the capital, the figures."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q, Sum

from maillage.members.models import College, Membership, ShareHolding, ShareTransaction
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
