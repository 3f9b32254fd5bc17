"""Writes of the accounts app: users and the role groups."""

from __future__ import annotations

from collections.abc import Iterable

from django.apps import apps as django_apps
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
    roles: Iterable[Role | str] = (),
    is_staff: bool = False,
    is_superuser: bool = False,
) -> User:
    email = normalise_email(email)
    if User.objects.filter(email__iexact=email).exists():
        raise ValidationError({"email": _("Un compte existe déjà avec cette adresse e-mail.")})
    user = User(
        email=email, full_name=full_name.strip(), is_staff=is_staff, is_superuser=is_superuser
    )
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean()
    user.save()
    role_names = [str(role) for role in roles]
    if role_names:
        user_set_roles(user=user, roles=role_names)
    activity_record(verb="user.created", target=user, data={"roles": sorted(role_names)})
    return user


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
    if Role.ADMIN in wanted and not user.is_staff:
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    user.__dict__.pop("_maillage_roles", None)
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
