"""Per-object rights on company accompaniments: the whole team sees them all; only their
referent and the coordination change them (add a step, close, edit)."""

from __future__ import annotations

from maillage.accompaniment.models import Accompaniment, Step
from maillage.core.permissions import object_rule, runs_the_hub


def runs_accompaniment(user, accompaniment: Accompaniment) -> bool:
    if runs_the_hub(user):
        return True
    return accompaniment.referent_id is not None and accompaniment.referent_id == user.pk


object_rule(Accompaniment, "change")(runs_accompaniment)
object_rule(Accompaniment, "delete")(lambda user, accompaniment: runs_the_hub(user))
object_rule(Step, "change")(lambda user, step: runs_accompaniment(user, step.accompaniment))
object_rule(Step, "delete")(lambda user, step: runs_the_hub(user))
