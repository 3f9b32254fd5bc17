"""What the cooperative holds about a person: their memberships (with their shares and
dues), the organisations they act for, and their volunteer hours.

Erasure keeps the memberships, their dues and the volunteer hours — the member counts,
the dues collected and the valued volunteering of the funding mix count them — pointing at
the anonymised account, takes the memberships out of the public directory and blanks the
messages the person wrote when applying. The links to the organisations the person
represented are deleted (they give rights, no figure needs them). The activity-log lines about those records are purged: their label is the person's
name.

A person who holds shares is refused: the register of a cooperative's associates must name
who holds its capital until the shares are repaid or transferred (a legal obligation that
the right to erasure does not override). The refusal rolls the whole erasure back.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from maillage.accounts.models import User
from maillage.accounts.personal_data import PersonalDataRefused, activity_purge
from maillage.core.personal_data import personal_data_section
from maillage.members.models import (
    DuesCall,
    DuesPayment,
    Membership,
    Representative,
    ShareHolding,
    VolunteerHours,
)


def _iso(value) -> str | None:
    return value.isoformat() if value is not None else None


def _membership(membership: Membership) -> dict[str, Any]:
    holding = getattr(membership, "holding", None)
    return {
        "type": membership.type,
        "status": membership.status,
        "college": membership.college.name if membership.college else None,
        "started_on": _iso(membership.started_on),
        "ended_on": _iso(membership.ended_on),
        "listed_publicly": membership.listed_publicly,
        "application_message": membership.application_message,
        "shares": (
            {"subscribed": holding.subscribed, "released": holding.released} if holding else None
        ),
        # The other party of a transfer is somebody else: only the operation.
        "share_operations": [
            {
                "kind": line.kind,
                "shares": line.shares,
                "share_value": str(line.share_value),
                "date": _iso(line.date),
                "reference": line.reference,
            }
            for line in membership.share_transactions.order_by("date", "pk")
        ],
        "dues": [
            {
                "year": call.year,
                "amount": str(call.amount),
                "called_on": _iso(call.called_on),
                "paid": (
                    {
                        "amount": str(call.payment.amount),
                        "paid_on": _iso(call.payment.paid_on),
                        "reference": call.payment.reference,
                    }
                    if hasattr(call, "payment")
                    else None
                ),
            }
            for call in membership.dues_calls.order_by("year", "pk")
        ],
    }


def members_export(user: User) -> dict[str, list]:
    memberships = (
        Membership.objects.filter(person=user)
        .select_related("college", "holding")
        .order_by("started_on", "pk")
    )
    return {
        "memberships": [_membership(membership) for membership in memberships],
        "representations": [
            {
                "organisation": link.organisation.name,
                "title": link.title,
                "may_edit": link.may_edit,
            }
            for link in Representative.objects.filter(person=user)
            .select_related("organisation")
            .order_by("pk")
        ],
        "volunteer_hours": [
            {"activity": entry.activity, "date": _iso(entry.date), "hours": str(entry.hours)}
            for entry in VolunteerHours.objects.filter(person=user).order_by("date", "pk")
        ],
    }


def members_erase(user: User) -> int:
    if ShareHolding.objects.filter(membership__person=user, subscribed__gt=0).exists():
        raise PersonalDataRefused(
            "holds_shares",
            _(
                "Cette personne détient des parts de la coopérative : le registre des associés "
                "doit la nommer tant que ses parts ne sont pas remboursées ou cédées. "
                "Remboursez ou cédez ses parts, puis effacez ses données."
            ),
            "user",
        )
    memberships = list(Membership.objects.filter(person=user).values_list("pk", flat=True))
    calls = list(
        DuesCall.objects.filter(membership_id__in=memberships).values_list("pk", flat=True)
    )
    payments = DuesPayment.objects.filter(call_id__in=calls).values_list("pk", flat=True)
    holdings = ShareHolding.objects.filter(membership_id__in=memberships).values_list(
        "pk", flat=True
    )
    links = list(Representative.objects.filter(person=user).values_list("pk", flat=True))
    hours = VolunteerHours.objects.filter(person=user).values_list("pk", flat=True)
    purged = sum(
        activity_purge(model=model, pks=pks)
        for model, pks in (
            (Membership, memberships),
            (DuesCall, calls),
            (DuesPayment, list(payments)),
            (ShareHolding, list(holdings)),
            (Representative, links),
            (VolunteerHours, list(hours)),
        )
    )
    unlisted = Membership.objects.filter(pk__in=memberships, listed_publicly=True).update(
        listed_publicly=False
    )
    # What the person wrote when applying is theirs: blanked with the rest.
    blanked = (
        Membership.objects.filter(pk__in=memberships)
        .exclude(application_message="")
        .update(application_message="")
    )
    deleted, _by_model = Representative.objects.filter(pk__in=links).delete()
    return purged + unlisted + blanked + deleted


personal_data_section(name="members", export=members_export, erase=members_erase)
