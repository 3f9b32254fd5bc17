"""Roles and per-object rights.

Model-level rights come from Django permissions given to each role's group (apps declare
them in their AppConfig's `role_permissions`; `accounts.services.roles_sync` writes the
groups). Per-object rights narrow those down: an app registers a rule for a model and an
action ("a place manager may change the places they manage") with `object_rule`, and
`can(user, action, obj)` answers with both. Django's `user.has_perm(perm, obj)` goes through
the same rules via `ObjectRuleBackend`, and admins built on `core.admin.ObjectRuleAdmin` ask
`can` for each object.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    MEMBER = "member", _("Membre")
    MEDIATOR = "mediator", _("Médiateur ou médiatrice")
    PLACE_MANAGER = "place_manager", _("Gestionnaire de lieu")
    COORDINATOR = "coordinator", _("Coordination")
    ADMIN = "admin", _("Administration")


ObjectRule = Callable[[Any, models.Model], bool]
_object_rules: dict[tuple[type[models.Model], str], ObjectRule] = {}


def object_rule(model: type[models.Model], action: str) -> Callable[[ObjectRule], ObjectRule]:
    """Register `rule(user, obj) -> bool` for `action` ("view", "change", …) on `model`."""

    def register(rule: ObjectRule) -> ObjectRule:
        _object_rules[(model, action)] = rule
        return rule

    return register


def has_role(user: Any, role: Role | str) -> bool:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return str(role) in _role_names(user)


# The people who run the hub's places and programme (as opposed to members and visitors).
STAFF_ROLES = frozenset({Role.MEDIATOR, Role.PLACE_MANAGER, Role.COORDINATOR, Role.ADMIN})


def is_staff_member(user: Any) -> bool:
    """Has one of the staff roles (not Django's `is_staff`, which opens the admin site)."""
    return bool(roles_of(user) & {str(role) for role in STAFF_ROLES})


def runs_the_hub(user: Any) -> bool:
    """Coordinators (and administrators) may do everything of the hub."""
    return bool(roles_of(user) & {Role.COORDINATOR.value, Role.ADMIN.value})


def roles_of(user: Any) -> set[str]:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return set()
    if user.is_superuser:
        return {role.value for role in Role}
    return set(_role_names(user))


def _role_names(user: Any) -> frozenset[str]:
    cached = getattr(user, "_maillage_roles", None)
    if cached is None:
        cached = frozenset(user.groups.values_list("name", flat=True))
        user._maillage_roles = cached
    return cached


def permission_name(model: type[models.Model], action: str) -> str:
    return f"{model._meta.app_label}.{action}_{model._meta.model_name}"


def _rule_for(model: type[models.Model], action: str) -> ObjectRule | None:
    for klass in model.__mro__:
        rule = _object_rules.get((klass, action))
        if rule is not None:
            return rule
    return None


def can(user: Any, action: str, obj: models.Model) -> bool:
    """May `user` do `action` on `obj`? The model-level permission and the object rule must agree."""
    if not getattr(user, "is_active", False):
        return False
    if getattr(user, "is_superuser", False):
        return True
    if not user.has_perm(permission_name(type(obj), action)):
        return False
    rule = _rule_for(type(obj), action)
    return True if rule is None else bool(rule(user, obj))


class ObjectRuleBackend:
    """Authentication backend answering `user.has_perm(perm, obj)` through `can`.

    It never authenticates anybody and answers only object-level questions; model-level ones
    stay with Django's ModelBackend.
    """

    def authenticate(self, request, **credentials):
        return None

    def has_perm(self, user_obj, perm: str, obj: models.Model | None = None) -> bool:
        if obj is None or not user_obj.is_active:
            return False
        app_label, _dot, codename = perm.partition(".")
        action, _sep, model_name = codename.rpartition("_")
        meta = obj._meta
        if app_label != meta.app_label or model_name != meta.model_name or not action:
            return False
        return can(user_obj, action, obj)
