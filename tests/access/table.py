"""The vocabulary of the access table: roles, rows and the usual expectations."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from maillage.core.permissions import Role

ANONYMOUS = "anonymous"
ROLES = [ANONYMOUS, *Role.values]  # anonymous, member, mediator, place_manager, coordinator, admin

Expected = dict[str, int]


def expect(default: int, **by_role: int) -> Expected:
    """`default` for every role, except those named: `expect(200, anonymous=302)`."""
    unknown = set(by_role) - set(ROLES)
    assert not unknown, f"unknown roles in the table: {unknown}"
    return {role: by_role.get(role, default) for role in ROLES}


EVERYBODY = expect(200)
LOGGED_IN = expect(200, anonymous=302)
STAFF = expect(200, anonymous=302, member=403)
HUB = expect(403, anonymous=302, coordinator=200, admin=200)

# Which object a row acts on, for the endpoints that take an id: the rows of one endpoint
# cover an object of the caller's own (their place, their activity, their registration) and
# another's, or say that the object is public (a place, an event: the same for everybody).
OWN = "own"
OTHER = "other"
PUBLIC = "public"


@dataclass(frozen=True)
class Row:
    """One page or endpoint asked by every role.

    `route`: the URL name (`web:place`) of a page, or the routed path of an API operation
    (`/api/v1/places/{id}`), as the coverage check finds them. `url` is a string or a
    function of the world; `data` (a dict or a function of the world) is posted as a form
    to a page, as JSON to the API. `obj` says whose object an endpoint taking an id acts
    on: OWN, OTHER or PUBLIC.
    """

    method: str
    route: str
    url: str | Callable[[Any], str]
    expected: Expected
    data: dict | Callable[[Any], dict] | None = None
    note: str = ""
    obj: str = ""


@dataclass
class World:
    """The objects the rows point at: one account per role and, for the per-object rights,
    a place the place manager manages and one they do not, an organisation the member acts
    for and one they do not. Capabilities add theirs to `extra`."""

    users: dict[str, Any]
    place: Any
    other_place: Any
    organisation: Any
    other_organisation: Any
    extra: dict[str, Any] = field(default_factory=dict)

    def __getattr__(self, name: str) -> Any:
        try:
            return self.__dict__["extra"][name]
        except KeyError:
            raise AttributeError(name) from None
