"""Per-object rights on the directory: a place manager manages the places they manage."""

from __future__ import annotations

from maillage.core.permissions import object_rule, runs_the_hub
from maillage.directory.models import Place


def manages_place(user, place: Place) -> bool:
    if runs_the_hub(user):
        return True
    return bool(place.pk) and place.managers.filter(pk=user.pk).exists()


object_rule(Place, "change")(manages_place)
object_rule(Place, "delete")(lambda user, place: runs_the_hub(user))
