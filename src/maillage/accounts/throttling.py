"""The rule that throttles password logins (security review, finding 5; decision 0010).

In any 15 minutes, at most 5 failed logins for one account (the e-mail typed, without regard
to case, whether or not an account has it) and at most 20 from one address (`REMOTE_ADDR`).
Past either, a login is refused — even with the right password, and without checking it —
until the oldest of those failures is 15 minutes old. A refused login is not counted (it
checked no password). A right password clears the account's failures.

Failures are rows of `LoginFailure` in the database, so that every web process and server
shares them; `accounts.forms` applies the rule to the site's login form and the admin's.
"""

from __future__ import annotations

import datetime as dt
import math

from django.http import HttpRequest
from django.utils.crypto import salted_hmac

ACCOUNT_LIMIT = 5
ADDRESS_LIMIT = 20
WINDOW = dt.timedelta(minutes=15)


def account_key(email: str) -> str:
    """The key failures are counted by: a keyed hash of the e-mail typed, in lower case."""
    return salted_hmac(
        "maillage.accounts.throttling", email.strip().lower(), algorithm="sha256"
    ).hexdigest()


def client_address(request: HttpRequest | None) -> str:
    """The address a request came from: `REMOTE_ADDR` only (see decision 0010 about proxies)."""
    if request is None:
        return ""
    return (request.META.get("REMOTE_ADDR") or "").strip()[:64]


def minutes_until(until: dt.datetime, now: dt.datetime) -> int:
    """Whole minutes to wait, rounded up, at least 1."""
    return max(1, math.ceil((until - now).total_seconds() / 60))
