"""Writes of the cooperative: memberships and the share-capital register.

Every change of a holding takes the holding's row lock (PostgreSQL `SELECT … FOR UPDATE`,
SQLite's `BEGIN IMMEDIATE`), checks the rule, updates the holding — whose own check
constraint keeps 0 ≤ released ≤ subscribed — and appends the register's line. A refused
operation writes nothing.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from maillage.accounts.models import User
from maillage.core.refusals import Refused
from maillage.core.services import activity_record
from maillage.members.models import (
    CooperativeTerms,
    DuesCall,
    DuesPayment,
    FundingLine,
    Membership,
    ShareHolding,
    ShareTransaction,
    VolunteerHours,
)


class ShareRefused(Refused):
    """An operation the register's rules forbid: `rule`, `field` and a sentence."""


def cooperative_terms() -> CooperativeTerms:
    terms, _created = CooperativeTerms.objects.get_or_create(pk=1)
    return terms


@transaction.atomic
def membership_save(*, membership: Membership, actor: User | None = None) -> Membership:
    """Create or update a membership (its invariants checked by the model and the database)."""
    creating = membership.pk is None
    membership.full_clean()
    membership.save()
    activity_record(
        verb="membership.created" if creating else "membership.updated",
        actor=actor,
        target=membership,
        data={"type": membership.type, "status": membership.status},
    )
    return membership


def _locked_holding(membership: Membership) -> ShareHolding:
    if membership.type != Membership.Type.SOCIETAIRE:
        raise ShareRefused(
            "not_societaire", _("Seuls les sociétaires détiennent des parts."), "membership"
        )
    ShareHolding.objects.get_or_create(membership=membership)
    return ShareHolding.objects.select_for_update().get(membership=membership)


def _record(
    holding: ShareHolding,
    *,
    kind: str,
    shares: int,
    date: dt.date,
    reference: str,
    counterpart: Membership | None = None,
    actor: User | None = None,
) -> ShareTransaction:
    holding.save(update_fields=["subscribed", "released"])
    line = ShareTransaction.objects.create(
        membership=holding.membership, kind=kind, shares=shares,
        share_value=cooperative_terms().share_value, date=date, counterpart=counterpart,
        reference=reference,
    )  # fmt: skip
    activity_record(
        verb=f"shares.{kind}", actor=actor, target=line,
        data={"membership": holding.membership_id, "shares": shares},
    )  # fmt: skip
    return line


def _positive(shares: int) -> None:
    if shares < 1:
        raise ShareRefused("shares", _("Le nombre de parts doit être d'au moins 1."), "shares")


@transaction.atomic
def shares_subscribe(
    *,
    membership: Membership,
    shares: int,
    date: dt.date,
    reference: str = "",
    actor: User | None = None,
) -> ShareTransaction:
    _positive(shares)
    holding = _locked_holding(membership)
    holding.subscribed += shares
    return _record(
        holding,
        kind=ShareTransaction.Kind.SUBSCRIPTION,
        shares=shares,
        date=date,
        reference=reference,
        actor=actor,
    )


@transaction.atomic
def shares_release(
    *,
    membership: Membership,
    shares: int,
    date: dt.date,
    reference: str = "",
    actor: User | None = None,
) -> ShareTransaction:
    """Record that subscribed shares are paid up."""
    _positive(shares)
    holding = _locked_holding(membership)
    if holding.released + shares > holding.subscribed:
        raise ShareRefused(
            "release_beyond_subscribed",
            _("Impossible de libérer %(shares)s parts : %(left)s souscrites restent à libérer.")
            % {"shares": shares, "left": holding.subscribed - holding.released},
            "shares",
        )
    holding.released += shares
    return _record(
        holding,
        kind=ShareTransaction.Kind.RELEASE,
        shares=shares,
        date=date,
        reference=reference,
        actor=actor,
    )


@transaction.atomic
def shares_repay(
    *,
    membership: Membership,
    shares: int,
    date: dt.date,
    reference: str = "",
    actor: User | None = None,
) -> ShareTransaction:
    """Pay back released shares to a sociétaire who leaves or reduces their holding."""
    _positive(shares)
    holding = _locked_holding(membership)
    if shares > holding.released:
        raise ShareRefused(
            "repayment_beyond_released",
            _("Un remboursement ne peut dépasser le capital libéré : %(released)s parts.")
            % {"released": holding.released},
            "shares",
        )
    holding.subscribed -= shares
    holding.released -= shares
    return _record(
        holding,
        kind=ShareTransaction.Kind.REPAYMENT,
        shares=shares,
        date=date,
        reference=reference,
        actor=actor,
    )


@transaction.atomic
def shares_transfer(
    *,
    seller: Membership,
    buyer: Membership,
    shares: int,
    date: dt.date,
    reference: str = "",
    actor: User | None = None,
) -> tuple[ShareTransaction, ShareTransaction]:
    """Move released shares from one sociétaire to another (both lines or neither)."""
    _positive(shares)
    if seller.pk == buyer.pk:
        raise ShareRefused(
            "same_member", _("Un sociétaire ne se cède pas de parts à lui-même."), "buyer"
        )
    # Locks in a fixed order: two opposite transfers never wait for each other forever.
    first, second = sorted((seller, buyer), key=lambda membership: membership.pk)
    holdings = {first.pk: _locked_holding(first), second.pk: _locked_holding(second)}
    selling, buying = holdings[seller.pk], holdings[buyer.pk]
    if shares > selling.released:
        raise ShareRefused(
            "transfer_beyond_released",
            _("Cession impossible : le cédant ne détient que %(released)s parts libérées.")
            % {"released": selling.released},
            "shares",
        )
    selling.subscribed -= shares
    selling.released -= shares
    buying.subscribed += shares
    buying.released += shares
    out = _record(
        selling,
        kind=ShareTransaction.Kind.TRANSFER_OUT,
        shares=shares,
        date=date,
        reference=reference,
        counterpart=buyer,
        actor=actor,
    )
    into = _record(
        buying,
        kind=ShareTransaction.Kind.TRANSFER_IN,
        shares=shares,
        date=date,
        reference=reference,
        counterpart=seller,
        actor=actor,
    )
    return out, into


class DuesRefused(Refused):
    """A dues, volunteering or funding entry that a rule forbids."""


@transaction.atomic
def dues_call(
    *,
    membership: Membership,
    year: int,
    amount: Decimal,
    called_on: dt.date,
    actor: User | None = None,
) -> DuesCall:
    """Ask a member for the year's dues (once a year)."""
    if DuesCall.objects.filter(membership=membership, year=year).exists():
        raise DuesRefused(
            "already_called", _("Cette cotisation est déjà appelée pour cette année."), "year"
        )
    call = DuesCall.objects.create(
        membership=membership, year=year, amount=amount, called_on=called_on
    )
    activity_record(
        verb="dues.called", actor=actor, target=call, data={"year": year, "amount": str(amount)}
    )
    return call


@transaction.atomic
def dues_pay(
    *, call: DuesCall, amount: Decimal, paid_on: dt.date, reference: str, actor: User | None = None
) -> DuesPayment:
    """Record the payment of a call; a call is paid once."""
    call = DuesCall.objects.select_for_update().get(pk=call.pk)
    if DuesPayment.objects.filter(call=call).exists():
        raise DuesRefused("paid_twice", _("Cette cotisation est déjà payée."), "call")
    if amount <= 0:
        raise DuesRefused("amount", _("Le montant payé doit être positif."), "amount")
    if not reference.strip():
        raise DuesRefused("reference", _("Indiquez la référence du paiement."), "reference")
    payment = DuesPayment.objects.create(
        call=call, amount=amount, paid_on=paid_on, reference=reference.strip()
    )
    activity_record(verb="dues.paid", actor=actor, target=payment, data={"amount": str(amount)})
    return payment


@transaction.atomic
def volunteer_hours_log(
    *, person: User, activity: str, date: dt.date, hours: Decimal, actor: User | None = None
) -> VolunteerHours:
    if not (Decimal(0) < hours <= Decimal(24)):
        raise DuesRefused("hours", _("Entre 0 et 24 heures pour une journée."), "hours")
    entry = VolunteerHours.objects.create(person=person, activity=activity, date=date, hours=hours)
    activity_record(
        verb="volunteering.logged", actor=actor or person, target=entry, data={"hours": str(hours)}
    )
    return entry


@transaction.atomic
def funding_line_save(*, line: FundingLine, actor: User | None = None) -> FundingLine:
    line.full_clean()
    line.save()
    activity_record(verb="funding.saved", actor=actor, target=line, data={"year": line.year})
    return line
