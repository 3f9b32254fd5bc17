"""The login forms of the site and of the admin: both apply the throttling rule of
`accounts.throttling` (decision 0010)."""

from __future__ import annotations

import datetime as dt
import logging

from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import ngettext

from maillage.accounts.selectors import login_lockout_get
from maillage.accounts.services import (
    login_failure_forget,
    login_failure_record,
    login_failures_clear,
)
from maillage.accounts.throttling import (
    ACCOUNT_LIMIT,
    ADDRESS_LIMIT,
    WINDOW,
    account_key,
    client_address,
    minutes_until,
)

logger = logging.getLogger("maillage.accounts")


class ThrottledLoginMixin:
    """Put before an AuthenticationForm: past the limits, `clean()` refuses the login with a
    form error (code "throttled") naming when to retry, and sets `throttled_until`."""

    throttled_until: dt.datetime | None = None

    def clean(self):
        email = self.cleaned_data.get("username")
        password = self.cleaned_data.get("password")
        if not email or not password:
            return super().clean()
        address = client_address(self.request)
        now = timezone.now()
        # Written (and committed) before the lockout is read, so that attempts made at the
        # same moment in other processes count each other: no more than the limit get through.
        attempt = login_failure_record(email=email, address=address, now=now)
        lockout = login_lockout_get(email=email, address=address, now=now, exclude=attempt.pk)
        if lockout is not None:
            login_failure_forget(failure=attempt)
            logger.info(
                "login refused (throttled) for account %s from %s until %s",
                account_key(email)[:12], address or "?", lockout.until.isoformat(),
            )  # fmt: skip
            self.throttled_until = lockout.until
            minutes = minutes_until(lockout.until, now)
            raise ValidationError(
                ngettext(
                    "Trop de tentatives de connexion. Réessayez dans %(minutes)d minute.",
                    "Trop de tentatives de connexion. Réessayez dans %(minutes)d minutes.",
                    minutes,
                )
                % {"minutes": minutes},
                code="throttled",
            )
        try:
            cleaned = super().clean()
        except ValidationError:
            if self.user_cache is None:  # a wrong password: the failure stays
                _log_if_locked(email=email, address=address)
            else:  # the right password, for an account not allowed here (the admin's staff rule)
                login_failures_clear(email=email)
            raise
        login_failures_clear(email=email)
        return cleaned


def _log_if_locked(*, email: str, address: str) -> None:
    lockout = login_lockout_get(email=email, address=address)
    if lockout is None:
        return
    reasons = []
    if lockout.by_account:
        reasons.append(f"{ACCOUNT_LIMIT} failures for the account")
    if lockout.by_address:
        reasons.append(f"{ADDRESS_LIMIT} failures from the address")
    logger.warning(
        "login locked out: %s in %d minutes (account %s, address %s); logins refused until %s",
        " and ".join(reasons), WINDOW.total_seconds() // 60, account_key(email)[:12],
        address or "?", lockout.until.isoformat(),
    )  # fmt: skip


class LoginForm(ThrottledLoginMixin, AuthenticationForm):
    """The site's login form (`/connexion/`)."""


class AdminLoginForm(ThrottledLoginMixin, AdminAuthenticationForm):
    """The admin's login form (`/admin/login/`), set on the admin site by `accounts.admin`."""
