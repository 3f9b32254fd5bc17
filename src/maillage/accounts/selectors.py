"""Reads of the accounts app."""

from __future__ import annotations

from django.db.models import QuerySet

from maillage.accounts.models import User
from maillage.core.permissions import Role


def user_list_with_role(*, role: Role | str) -> QuerySet[User]:
    return User.objects.filter(is_active=True, groups__name=str(role)).order_by("email")


def user_get_by_email(*, email: str) -> User | None:
    return User.objects.filter(email__iexact=email.strip()).first()
