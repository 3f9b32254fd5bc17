"""Who calls the API: a logged-in session (the site's own pages) or a personal key sent as
`Authorization: Bearer mlg_…` (a mediator's phone, a script)."""

from __future__ import annotations

from django.http import HttpRequest
from ninja.security import HttpBearer, django_auth

from maillage.accounts.tokens import api_token_user


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str):
        user = api_token_user(token)
        if user is not None:
            request.user = user
        return user


# For endpoints that need somebody: a key or a session (whose unsafe calls ninja checks for
# the CSRF token); an anonymous call gets 401.
PERSON = [TokenAuth(), django_auth]


def caller(request: HttpRequest):
    """The person calling an endpoint that did not require one, or None."""
    header = request.headers.get("Authorization", "")
    if header.lower().startswith("bearer "):
        return api_token_user(header[7:].strip())
    user = getattr(request, "user", None)
    return user if user is not None and user.is_authenticated else None
