"""What the programme holds about a person: their registrations (with their account or with
their e-mail only) and the registrations they made for other people.

Erasure and expiry keep each registration's session and state — seats, attendance and
waiting-list figures count them — and replace the name, e-mail, telephone and organisation
(a placeholder name and address: a registration must hold a contact, a database
constraint). The secret link of each is replaced, and the activity-log lines about them are
purged (their label is the person's name). Registrations a person made for somebody else
keep that person's data until it expires.

Retention: the registration form promises that the data is erased
`REGISTRATION_RETENTION_MONTHS` months after the session; `registrations_expire`, run daily
by `maillage forget-expired`, keeps that promise and unlinks the account as well.
"""

from __future__ import annotations

import calendar
import datetime as dt
import secrets
from typing import Any

from django.db.models import Q, QuerySet

from maillage.accounts.models import User
from maillage.accounts.personal_data import (
    ERASED_DOMAIN,
    ERASED_NAME,
    activity_purge,
    erased_email_expression,
    guest_data_section,
)
from maillage.core.personal_data import personal_data_section
from maillage.programme.models import Registration

REGISTRATION_RETENTION_MONTHS = 12


def months_before(moment: dt.datetime, months: int) -> dt.datetime:
    """The same day and time `months` months earlier (the month's last day when shorter)."""
    index = moment.year * 12 + moment.month - 1 - months
    year, month = divmod(index, 12)
    day = min(moment.day, calendar.monthrange(year, month + 1)[1])
    return moment.replace(year=year, month=month + 1, day=day)


def _iso(value) -> str | None:
    return value.isoformat() if value is not None else None


def _own(user: User) -> Q:
    return Q(email__iexact=user.email) | Q(user=user, email="")


def _guest(email: str) -> Q:
    return Q(email__iexact=email.strip())


def _registrations(where: Q) -> QuerySet[Registration]:
    return (
        Registration.objects.filter(where)
        .select_related("session", "session__event", "session__place", "session__event__place")
        .order_by("session__start", "pk")
    )


def _registration(registration: Registration) -> dict[str, Any]:
    session = registration.session
    place = session.where
    return {
        "event": session.event.title,
        "session_start": _iso(session.start),
        "session_end": _iso(session.end),
        "place": place.nom if place else None,
        "name": registration.name,
        "email": registration.email,
        "phone": registration.phone,
        "organisation": registration.organisation_name,
        "state": registration.state,
        "created_at": _iso(registration.created_at),
        "promoted_at": _iso(registration.promoted_at),
    }


def registrations_export(user: User) -> dict[str, list]:
    return {
        "registrations": [_registration(r) for r in _registrations(_own(user))],
        # Made by the person for somebody else: that person's name and address stay out.
        "registrations_for_others": [
            {
                "event": r.session.event.title,
                "session_start": _iso(r.session.start),
                "state": r.state,
                "created_at": _iso(r.created_at),
            }
            for r in _registrations(
                Q(user=user) & ~_own(user) & ~Q(email__iendswith="@" + ERASED_DOMAIN)
            )
        ],
    }


def _anonymise(where: Q, *, unlink: bool = False) -> int:
    """Replace who registered on the matching rows not yet anonymised; returns the records
    changed (registrations and purged log lines)."""
    rows = Registration.objects.filter(where).exclude(email__iendswith="@" + ERASED_DOMAIN)
    ids = list(rows.select_for_update(of=("self",)).values_list("pk", flat=True))
    if not ids:
        return 0
    changes: dict[str, Any] = {
        "name": ERASED_NAME,
        "email": erased_email_expression("inscription"),
        "phone": "",
        "organisation_name": "",
    }
    if unlink:
        changes["user"] = None
    for start in range(0, len(ids), 500):
        Registration.objects.filter(pk__in=ids[start : start + 500]).update(**changes)
    renewed = [Registration(pk=pk, token=secrets.token_urlsafe(24)) for pk in ids]
    Registration.objects.bulk_update(renewed, ["token"], batch_size=500)
    return len(ids) + activity_purge(model=Registration, pks=ids)


def registrations_erase(user: User) -> int:
    return _anonymise(_own(user))


def registrations_expire(now: dt.datetime) -> int:
    """Anonymise the registrations of sessions ended more than the retention period ago."""
    cutoff = months_before(now, REGISTRATION_RETENTION_MONTHS)
    return _anonymise(Q(session__end__lt=cutoff), unlink=True)


def guest_registrations_export(email: str) -> dict[str, list]:
    return {"registrations": [_registration(r) for r in _registrations(_guest(email))]}


def guest_registrations_erase(email: str) -> int:
    return _anonymise(_guest(email))


personal_data_section(
    name="programme",
    export=registrations_export,
    erase=registrations_erase,
    expire=registrations_expire,
)
guest_data_section(
    name="programme", export=guest_registrations_export, erase=guest_registrations_erase
)
