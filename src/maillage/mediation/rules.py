"""Per-object rights on mediation records.

A mediator sees and changes the activities they recorded, and sees the people they created
or accompanied (with the first name, which only they see). The coordination sees every
record, people pseudonymised (no first name unless they accompanied the person themselves).
A place manager sees the activities held at the places they manage, for their figures.

Knowing a person's first name comes from accompanying them, so nobody may make themselves
one of a person's mediators: an activity is recorded with a person only by whoever already
accompanies them (`records_with`), and two people are merged only by someone who
accompanies both or neither (`merges`) — the coordination sees every person, never their
names. An activity is recorded at the places the recorder works at (`records_at`), the same
places the entry form offers.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Q

from maillage.core.permissions import Role, object_rule, roles_of, runs_the_hub
from maillage.directory.models import Place
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


def accompanied_among(user, beneficiary_ids: Iterable[int]) -> set[int]:
    """The ids, among `beneficiary_ids`, of the people `user` accompanied (one query)."""
    wanted = {pk for pk in beneficiary_ids if pk is not None}
    if not getattr(user, "is_authenticated", False) or not wanted:
        return set()
    return set(
        Beneficiary.objects.filter(pk__in=wanted)
        .filter(Q(created_by_id=user.pk) | Q(activities__mediator_id=user.pk))
        .values_list("pk", flat=True)
        .distinct()
    )


def records_with(user, beneficiary: Beneficiary) -> bool:
    """May record an activity with the person: a recorder who already accompanies them. The
    coordination sees every person but may not attach itself to another mediator's: the
    activity would make it one of their mediators, who see the first name."""
    return records_activities(user) and accompanied(user, beneficiary)


def merges(user, keep: Beneficiary, duplicate: Beneficiary) -> bool:
    """May merge `duplicate` into `keep`: sees both, and accompanies both or neither — whoever
    accompanies one only would become a mediator of the other (their activities move, or the
    record they created takes the other's first name)."""
    return (
        sees_beneficiary(user, keep)
        and sees_beneficiary(user, duplicate)
        and accompanied(user, keep) == accompanied(user, duplicate)
    )


def places_recorded_at(user) -> Q:
    """The places `user` records activities at, as a filter on places: the hub's, those they
    manage, and those they recorded at before. The entry form offers these, and the services
    refuse any other (whichever face records)."""
    used = MediationActivity.objects.filter(mediator_id=user.pk, place__isnull=False).values(
        "place_id"
    )
    return Q(operator__is_hub=True) | Q(managers__pk=user.pk) | Q(pk__in=used)


def records_at(user, place: Place) -> bool:
    return (
        records_activities(user)
        and Place.objects.filter(places_recorded_at(user), pk=place.pk).exists()
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
