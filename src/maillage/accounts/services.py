"""Writes of the accounts app: users, the role groups, and a person's data (download,
erasure, expiry)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.apps import apps as django_apps
from django.contrib.auth import password_validation
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from maillage.accounts.models import ApiToken, LoginFailure, User
from maillage.accounts.personal_data import (
    PersonalDataRefused,
    erased_email,
    guest_data_sections,
    holds_anything,
)
from maillage.accounts.throttling import WINDOW, account_key
from maillage.accounts.tokens import api_token_revoke
from maillage.core.permissions import Role
from maillage.core.personal_data import personal_data_sections
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


# --- personal data: download and erasure ---------------------------------------------------


@dataclass(frozen=True)
class ErasureReport:
    """What an erasure changed: the records of each section (anonymised, deleted or purged
    from the activity log), the API keys revoked and the roles removed."""

    erased_at: dt.datetime
    sections: dict[str, int]
    api_keys_revoked: int = 0
    roles_removed: int = 0

    @property
    def records(self) -> int:
        return sum(self.sections.values())


def _account_fields(user: User) -> dict[str, Any]:
    def iso(value):
        return value.isoformat() if value is not None else None

    return {
        "email": user.email,
        "full_name": user.full_name,
        "date_joined": iso(user.date_joined),
        "last_login": iso(user.last_login),
        "is_active": user.is_active,
        "erased_at": iso(user.erased_at),
    }


def person_data_export(*, user: User) -> dict[str, Any]:
    """Everything the hub holds about `user`, JSON-ready: the account (never its password
    hash), its roles and each declared section's export."""
    roles = sorted(user.groups.values_list("name", flat=True))
    if user.is_superuser:
        roles = sorted({*roles, "superuser"})
    return {
        "generated_at": timezone.now().isoformat(),
        "account": _account_fields(user),
        "roles": roles,
        "sections": {section.name: section.export(user) for section in personal_data_sections()},
    }


def _refuse(rule: str, message: str, field: str) -> None:
    raise PersonalDataRefused(rule, message, field)


def _is_last_admin(user: User) -> bool:
    if not (user.is_superuser or user.groups.filter(name=Role.ADMIN.value).exists()):
        return False
    others = User.objects.filter(is_active=True).exclude(pk=user.pk)
    return not others.filter(Q(is_superuser=True) | Q(groups__name=Role.ADMIN.value)).exists()


@transaction.atomic
def person_erase(*, user: User, actor: User | None = None) -> ErasureReport:
    """Erase a person's data, in one transaction under the account's row lock.

    Each section anonymises what statistics need and deletes the rest (it sees the account
    as it was, so it can match rows by the account's e-mail); then the API keys are revoked
    and the account is anonymised: a placeholder e-mail, no name, no usable password (which
    also ends its sessions), inactive, without roles nor permissions, `erased_at` set.
    One activity line records the counts, nothing personal. Refuses, writing nothing, a
    person already erased and the hub's last administrator."""
    user = User.objects.select_for_update().get(pk=user.pk)
    if user.erased_at is not None:
        _refuse(
            "erased_twice",
            _("Les données de cette personne ont déjà été effacées le %(date)s.")
            % {"date": date_format(timezone.localtime(user.erased_at), "SHORT_DATE_FORMAT")},
            "user",
        )
    if _is_last_admin(user):
        _refuse(
            "last_admin",
            _(
                "C'est le dernier compte d'administration actif : donnez ce rôle à une autre "
                "personne avant d'effacer ce compte."
            ),
            "user",
        )
    sections = {section.name: section.erase(user) for section in personal_data_sections()}
    revoked = 0
    for token in ApiToken.objects.filter(user=user, revoked_at__isnull=True):
        api_token_revoke(token=token, actor=actor)
        revoked += 1
    roles = user.groups.count()
    now = timezone.now()
    user.email = erased_email("", user.pk)
    user.full_name = ""
    user.set_unusable_password()
    user.is_active = user.is_staff = user.is_superuser = False
    user.erased_at = now
    user.save()
    user.groups.clear()
    user.user_permissions.clear()
    _forget_cached_rights(user)
    report = ErasureReport(
        erased_at=now, sections=sections, api_keys_revoked=revoked, roles_removed=roles
    )
    activity_record(
        verb="person.erased",
        actor=actor,
        target=user,
        data={"sections": sections, "api_keys_revoked": revoked, "roles_removed": roles},
    )
    return report


def _guest_email(email: str) -> str:
    email = normalise_email(email).lower()
    try:
        validate_email(email)
    except ValidationError:
        _refuse("email", _("Adresse e-mail invalide."), "email")
    if User.objects.filter(email__iexact=email).exists():
        _refuse(
            "has_account",
            _(
                "Un compte utilise cette adresse : téléchargez ou effacez ses données depuis "
                "la fiche de ce compte."
            ),
            "email",
        )
    return email


def guest_data_export(*, email: str) -> dict[str, Any]:
    """Everything the hub holds about a guest known by `email` only (no account): the rows
    of every section that keeps guests' addresses. Refuses an address that has an account."""
    email = _guest_email(email)
    return {
        "generated_at": timezone.now().isoformat(),
        "email": email,
        "sections": {section.name: section.export(email) for section in guest_data_sections()},
    }


@transaction.atomic
def guest_erase(*, email: str, actor: User | None = None) -> ErasureReport:
    """Erase a guest's rows (bookings, registrations… made with `email` and no account),
    as `person_erase` does for an account. Refuses, writing nothing, an address that has an
    account and one the hub holds nothing about (never given, or already erased)."""
    email = _guest_email(email)
    if not any(holds_anything(section.export(email)) for section in guest_data_sections()):
        _refuse(
            "nothing_held",
            _(
                "Aucune donnée n'est enregistrée pour cette adresse : elle n'a jamais été "
                "donnée ou ses données ont déjà été effacées."
            ),
            "email",
        )
    sections = {section.name: section.erase(email) for section in guest_data_sections()}
    # The address itself is personal: the log keeps the counts only.
    activity_record(verb="guest.erased", actor=actor, data={"sections": sections})
    return ErasureReport(erased_at=timezone.now(), sections=sections)


@dataclass(frozen=True)
class ExpiryReport:
    sections: dict[str, int]
    failed: dict[str, str]


def personal_data_expire(
    *,
    now: dt.datetime | None = None,
    progress: Callable[[str, int, int], None] | None = None,
) -> ExpiryReport:
    """Run every section's `expire(now)`, each in its own transaction, so that one failing
    section neither undoes nor stops the others; returns the records changed per section
    and the error of each section that failed."""
    now = now or timezone.now()
    sections = [section for section in personal_data_sections() if section.expire is not None]
    changed: dict[str, int] = {}
    failed: dict[str, str] = {}
    for done, section in enumerate(sections):
        if progress is not None:
            progress(section.name, done, len(sections))
        try:
            with transaction.atomic():
                changed[section.name] = section.expire(now)
                activity_record(
                    verb="personal_data.expired",
                    data={"section": section.name, "records": changed[section.name]},
                )
        except Exception as error:
            failed[section.name] = f"{type(error).__name__}: {error}"
    if progress is not None:
        progress("done", len(sections), len(sections))
    return ExpiryReport(sections=changed, failed=failed)


# --- Login throttling (the rule: accounts.throttling) -------------------------------------


@transaction.atomic
def login_failure_record(
    *, email: str, address: str, now: dt.datetime | None = None
) -> LoginFailure:
    """Count a password login as failed before its password is checked (it is forgotten
    when the password is right or the login refused), and purge the failures that have
    left the throttling window."""
    now = now or timezone.now()
    LoginFailure.objects.filter(at__lte=now - WINDOW).delete()
    return LoginFailure.objects.create(account_key=account_key(email), address=address, at=now)


@transaction.atomic
def login_failure_forget(*, failure: LoginFailure) -> None:
    """A login refused without checking its password is no failure."""
    LoginFailure.objects.filter(pk=failure.pk).delete()


@transaction.atomic
def login_failures_clear(*, email: str) -> int:
    """The right password for `email`: its account's failures no longer count."""
    deleted, _by_model = LoginFailure.objects.filter(account_key=account_key(email)).delete()
    return deleted
