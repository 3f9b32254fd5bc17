"""Reads of the accounts app."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone

from maillage.accounts.models import LoginFailure, User
from maillage.accounts.throttling import ACCOUNT_LIMIT, ADDRESS_LIMIT, WINDOW, account_key
from maillage.core.permissions import Role


def user_list_with_role(*, role: Role | str) -> QuerySet[User]:
    return User.objects.filter(is_active=True, groups__name=str(role)).order_by("email")


def user_get_by_email(*, email: str) -> User | None:
    return User.objects.filter(email__iexact=email.strip()).first()


@dataclass(frozen=True)
class LoginLockout:
    """Logins are refused until `until`: for the account typed, the address, or both."""

    until: dt.datetime
    by_account: bool
    by_address: bool


def login_lockout_get(
    *, email: str, address: str, now: dt.datetime | None = None, exclude: int | None = None
) -> LoginLockout | None:
    """Whether a login for `email` from `address` is refused now (`accounts.throttling`),
    and until when. `exclude` leaves out one failure (the attempt being decided)."""
    now = now or timezone.now()
    ends: dict[str, dt.datetime] = {}
    for field, value, limit in (
        ("account_key", account_key(email), ACCOUNT_LIMIT),
        ("address", address, ADDRESS_LIMIT),
    ):
        if not value:
            continue
        failures = LoginFailure.objects.filter(**{field: value}, at__gt=now - WINDOW)
        if exclude is not None:
            failures = failures.exclude(pk=exclude)
        # The count falls under the limit when the limit-th most recent failure leaves the
        # window.
        times = list(failures.order_by("-at").values_list("at", flat=True)[:limit])
        if len(times) >= limit:
            ends[field] = times[limit - 1] + WINDOW
    if not ends:
        return None
    return LoginLockout(
        until=max(ends.values()), by_account="account_key" in ends, by_address="address" in ends
    )
