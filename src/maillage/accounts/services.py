"""Writes of the accounts app: users and the role groups."""

from __future__ import annotations

from collections.abc import Iterable

from django.apps import apps as django_apps
from django.contrib.auth import password_validation
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from maillage.accounts.models import User
from maillage.core.permissions import Role
from maillage.core.services import activity_record


def normalise_email(email: str) -> str:
    local, _at, domain = email.strip().rpartition("@")
    return f"{local}@{domain.lower()}" if local else email.strip()


@transaction.atomic
def user_create(
    *,
    email: str,
    password: str | None = None,
    full_name: str = "",
    password_hash: str | None = None,
    roles: Iterable[Role | str] = (),
    is_staff: bool = False,
    is_superuser: bool = False,
    actor: User | None = None,
    check_password: bool = True,
) -> User:
    """Create an account. `password` is checked against the password rules unless the
    caller already did (Django's `createsuperuser`); `password_hash` is one already checked
    and hashed (the admin's creation form does both)."""
    email = normalise_email(email)
    if User.objects.filter(email__iexact=email).exists():
        raise ValidationError({"email": _("Un compte existe déjà avec cette adresse e-mail.")})
    user = User(
        email=email, full_name=full_name.strip(), is_staff=is_staff, is_superuser=is_superuser
    )
    if password and check_password:
        try:
            password_validation.validate_password(password, user)
        except ValidationError as error:
            raise ValidationError({"password": error.messages}) from None
    if password:
        user.set_password(password)
    elif password_hash:
        user.password = password_hash
    else:
        user.set_unusable_password()
    user.full_clean()
    user.save()
    role_names = [str(role) for role in roles]
    if role_names:
        user_set_roles(user=user, roles=role_names, actor=actor)
    activity_record(
        verb="user.created", actor=actor, target=user, data={"roles": sorted(role_names)}
    )
    return user


@transaction.atomic
def user_update(*, user: User, changed_fields: Iterable[str], actor: User | None = None) -> User:
    """Save changes made to `user` (by the admin's form) and record which fields changed."""
    user.email = normalise_email(user.email)
    user.full_clean()
    user.save()
    _forget_cached_rights(user)
    activity_record(
        verb="user.updated", actor=actor, target=user, data={"fields": sorted(changed_fields)}
    )
    return user


def _forget_cached_rights(user: User) -> None:
    for cache in ("_maillage_roles", "_perm_cache", "_user_perm_cache", "_group_perm_cache"):
        user.__dict__.pop(cache, None)


@transaction.atomic
def user_set_roles(*, user: User, roles: Iterable[Role | str], actor: User | None = None) -> User:
    wanted = {str(role) for role in roles}
    unknown = wanted - set(Role.values)
    if unknown:
        raise ValidationError(
            {"roles": _("Rôle inconnu : %(roles)s.") % {"roles": ", ".join(sorted(unknown))}}
        )
    roles_sync()
    user.groups.set(Group.objects.filter(name__in=wanted))
    # The admin role opens the admin site; losing it closes it (superusers keep theirs).
    is_staff = Role.ADMIN in wanted or user.is_superuser
    if user.is_staff != is_staff:
        user.is_staff = is_staff
        user.save(update_fields=["is_staff"])
    _forget_cached_rights(user)
    activity_record(
        verb="user.roles_changed", actor=actor, target=user, data={"roles": sorted(wanted)}
    )
    return user


def _declared_role_permissions() -> dict[str, set[str]]:
    """Collect `role_permissions` from every installed app's AppConfig."""
    declared: dict[str, set[str]] = {role.value: set() for role in Role}
    for app_config in django_apps.get_app_configs():
        for role, permissions in getattr(app_config, "role_permissions", {}).items():
            declared[str(role)].update(permissions)
    return declared


@transaction.atomic
def roles_sync(*, using: str = "default") -> dict[str, int]:
    """Create one group per role and give it exactly the permissions the apps declare.

    The admin role gets every permission. Idempotent; returns the permission count per role.
    """
    declared = _declared_role_permissions()
    every_permission = Permission.objects.using(using).select_related("content_type")
    by_name = {f"{p.content_type.app_label}.{p.codename}": p for p in every_permission}
    counts: dict[str, int] = {}
    for role in Role:
        group, _created = Group.objects.using(using).get_or_create(name=role.value)
        if role is Role.ADMIN:
            permissions = list(by_name.values())
        else:
            missing = declared[role.value] - by_name.keys()
            if missing:
                raise LookupError(
                    f"role {role.value} declares unknown permissions: {sorted(missing)}"
                )
            permissions = [by_name[name] for name in sorted(declared[role.value])]
        group.permissions.set(permissions)
        counts[role.value] = len(permissions)
    return counts
