"""Who acts through the API, and what they may do to an object.

A person calls the API either with a personal key sent as `Authorization: Bearer mlg_…`
(a mediator's phone, a script) or with the site's session cookie. A session is ambient: a
foreign page can make a browser send it, so a write made with the session counts as the
person's only with the CSRF token (header `X-CSRFToken`); without it, an endpoint that needs
somebody answers 403, and an endpoint open to anonymous callers (a guest booking, a
registration) treats the call as anonymous. Every endpoint asks these rules here, and the
per-object rules through `object_or_refuse`, the same `can(user, action, obj)` as the pages.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.conf import settings
from django.db import models
from django.http import HttpRequest
from ninja.errors import HttpError
from ninja.security import APIKeyCookie, HttpBearer
from ninja.utils import check_csrf

from maillage.accounts.tokens import api_token_user
from maillage.core.permissions import can

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
CSRF_REFUSAL = (
    "CSRF check failed: a write made with the session cookie needs the X-CSRFToken header "
    "(or use a personal key: Authorization: Bearer mlg_…)."
)


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str):
        user = api_token_user(token)
        if user is not None:
            request.user = user
        return user


class SessionAuth(APIKeyCookie):
    """The session of a logged-in person; a write needs the CSRF token (403 without it). An
    anonymous caller is not authenticated (401), whatever the token."""

    param_name = settings.SESSION_COOKIE_NAME

    def _get_key(self, request: HttpRequest) -> str | None:
        if not _session_user(request):
            return None
        return super()._get_key(request)

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        return request.user if _session_user(request) else None


# For endpoints that need somebody: a key, or the session (with the CSRF token on writes);
# anybody else gets 401.
PERSON = [TokenAuth(), SessionAuth()]


def _session_user(request: HttpRequest) -> bool:
    user = getattr(request, "user", None)
    return user is not None and user.is_authenticated


def _csrf_passes(request: HttpRequest) -> bool:
    return request.method in SAFE_METHODS or check_csrf(request) is None


def acting_person(request: HttpRequest):
    """The person acting through an endpoint open to anonymous callers, or None.

    A personal key acts as its owner (a key that matches nobody is refused, 401). The session
    acts as its person on reads, and on writes only with the CSRF token; without it the call
    is anonymous: it may still do what anybody may (book as a guest), never what the person may.
    """
    header = request.headers.get("Authorization", "")
    if header.lower().startswith("bearer "):
        user = api_token_user(header[7:].strip())
        if user is None:
            raise HttpError(401, "This personal key is unknown, revoked or expired.")
        return user
    if _session_user(request) and _csrf_passes(request):
        return request.user
    return None


M = TypeVar("M", bound=models.Model)


def object_or_refuse(
    person: Any, action: str, obj: M | None, *, missing: str, visible: bool = True
) -> M:
    """`obj` when `person` may do `action` on it, under the same rules as the pages.

    404 with `missing` when there is no such object, or when the person may not even know it
    exists (`visible=False`: another mediator's activity, a cheque of another place); 403 when
    they see it but may not act on it.
    """
    if obj is None or not visible:
        raise HttpError(404, missing)
    if person is None or not can(person, action, obj):
        raise HttpError(403, f"You may not {action} this {obj._meta.verbose_name_raw}.")
    return obj
