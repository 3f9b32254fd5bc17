"""Per-object rights on mediation records.

A mediator sees and changes the activities they recorded, and sees the people they created
or accompanied (with the first name, which only they see). The coordination sees every
record, people pseudonymised (no first name unless they accompanied the person themselves).
A place manager sees the activities held at the places they manage, for their figures.
"""

from __future__ import annotations

from maillage.core.permissions import Role, object_rule, roles_of, runs_the_hub
from maillage.mediation.models import Beneficiary, MediationActivity, ShareLink

RECORDERS = frozenset({Role.MEDIATOR.value, Role.COORDINATOR.value, Role.ADMIN.value})


def records_activities(user) -> bool:
    """May record mediation activities (mediators; the coordination too)."""
    return bool(roles_of(user) & RECORDERS)


def accompanied(user, beneficiary: Beneficiary) -> bool:
    """Created the person or recorded an activity with them: knows them by their first name."""
    if not getattr(user, "is_authenticated", False) or beneficiary.pk is None:
        return False
    return beneficiary.created_by_id == user.pk or (
        beneficiary.activities.filter(mediator_id=user.pk).exists()
    )


def sees_beneficiary(user, beneficiary: Beneficiary) -> bool:
    return runs_the_hub(user) or (records_activities(user) and accompanied(user, beneficiary))


def changes_activity(user, activity: MediationActivity) -> bool:
    return runs_the_hub(user) or (
        activity.mediator_id is not None and activity.mediator_id == user.pk
    )


def sees_activity(user, activity: MediationActivity) -> bool:
    if changes_activity(user, activity):
        return True
    return activity.place_id is not None and (activity.place.managers.filter(pk=user.pk).exists())


def changes_share_link(user, link: ShareLink) -> bool:
    return runs_the_hub(user) or (link.created_by_id is not None and link.created_by_id == user.pk)


object_rule(MediationActivity, "view")(sees_activity)
object_rule(MediationActivity, "change")(changes_activity)
object_rule(MediationActivity, "delete")(changes_activity)
object_rule(Beneficiary, "view")(sees_beneficiary)
object_rule(Beneficiary, "change")(sees_beneficiary)
object_rule(Beneficiary, "delete")(lambda user, beneficiary: runs_the_hub(user))
object_rule(ShareLink, "view")(changes_share_link)
object_rule(ShareLink, "change")(changes_share_link)
object_rule(ShareLink, "delete")(changes_share_link)
