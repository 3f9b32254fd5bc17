"""Who may open a page: the role checks every view of `web` goes through.

Anonymous visitors of a restricted page are sent to the login page (302); people logged in
without the role get a 403 page that says which role the page needs. Per-object rights
(`core.permissions.can`) are checked by the views themselves, with `object_or_403`.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils.translation import gettext as _

from maillage.core.permissions import STAFF_ROLES, Role, can, roles_of


def roles_required(*roles: Role) -> Callable:
    """The view opens to people having one of `roles` (superusers have all)."""
    wanted = {str(role) for role in roles}

    def decorate(view: Callable) -> Callable:
        @wraps(view)
        def guarded(request: HttpRequest, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not roles_of(request.user) & wanted:
                raise PermissionDenied(
                    _("Cette page est réservée aux rôles suivants : %(roles)s.")
                    % {"roles": ", ".join(str(Role(role).label) for role in sorted(wanted))}
                )
            return view(request, *args, **kwargs)

        guarded.required_roles = frozenset(wanted)
        return guarded

    return decorate


staff_required = roles_required(*STAFF_ROLES)
hub_required = roles_required(Role.COORDINATOR, Role.ADMIN)


def object_or_403(user, action: str, obj):
    """`obj` if `user` may do `action` on it, else a 403 naming the object."""
    if not can(user, action, obj):
        raise PermissionDenied(
            _("Vous n'avez pas le droit de modifier « %(object)s ».") % {"object": obj}
        )
    return obj
