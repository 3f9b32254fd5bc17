"""API keys: made, checked and revoked here; the API's `TokenAuth` asks `api_token_user`."""

from __future__ import annotations

import hashlib
import secrets

from django.db import transaction
from django.utils import timezone

from maillage.accounts.models import ApiToken, User
from maillage.core.services import activity_record


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


@transaction.atomic
def api_token_create(*, user: User, name: str, actor: User | None = None) -> tuple[ApiToken, str]:
    """A new key for `user`; returns the token and the key, which is never shown again."""
    key = "mlg_" + secrets.token_urlsafe(30)
    token = ApiToken.objects.create(
        user=user, name=name.strip()[:100] or "API", prefix=key[4:12], key_hash=_hash(key)
    )
    activity_record(verb="api_token.created", actor=actor or user, target=token)
    return token, key


@transaction.atomic
def api_token_revoke(*, token: ApiToken, actor: User | None = None) -> ApiToken:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        activity_record(verb="api_token.revoked", actor=actor or token.user, target=token)
    return token


def api_token_user(key: str) -> User | None:
    """The active account a key belongs to, or None (unknown, revoked, erased, inactive)."""
    if not key.startswith("mlg_"):
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=_hash(key), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    # One write a minute at most per key: the API stays read-mostly.
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
