"""Per-object rights of members: a member edits the organisations they act for."""

from __future__ import annotations

from maillage.core.permissions import object_rule, runs_the_hub
from maillage.directory.models import Organisation
from maillage.members.models import Representative


def edits_organisation(user, organisation: Organisation) -> bool:
    if runs_the_hub(user):
        return True
    return Representative.objects.filter(
        person_id=user.pk, organisation_id=organisation.pk, may_edit=True
    ).exists()


object_rule(Organisation, "change")(edits_organisation)
object_rule(Organisation, "delete")(lambda user, organisation: runs_the_hub(user))
