"""Per-object rights of members: a member edits the organisations they act for (with
`may_edit`); a membership, its statement and its receipts are seen by the coordination, the
member person and the member organisation's representatives."""

from __future__ import annotations

from maillage.core.permissions import object_rule, runs_the_hub
from maillage.directory.models import Organisation
from maillage.members.models import DuesPayment, Membership, Representative


def edits_organisation(user, organisation: Organisation) -> bool:
    if runs_the_hub(user):
        return True
    return Representative.objects.filter(
        person_id=user.pk, organisation_id=organisation.pk, may_edit=True
    ).exists()


def acts_for(user, membership: Membership, *, editing: bool = False) -> bool:
    """Is `user` the member person, or a representative of the member organisation (one who
    may edit it, when `editing`)?"""
    if membership.person_id is not None:
        return membership.person_id == user.pk
    representatives = Representative.objects.filter(
        person_id=user.pk, organisation_id=membership.organisation_id
    )
    if editing:
        representatives = representatives.filter(may_edit=True)
    return representatives.exists()


def sees_membership(user, membership: Membership) -> bool:
    return runs_the_hub(user) or acts_for(user, membership)


def changes_membership(user, membership: Membership) -> bool:
    """The member's own choices (the public directory): the person, or a representative
    who may edit the organisation."""
    return runs_the_hub(user) or acts_for(user, membership, editing=True)


object_rule(Organisation, "change")(edits_organisation)
object_rule(Organisation, "delete")(lambda user, organisation: runs_the_hub(user))
object_rule(Membership, "view")(sees_membership)
object_rule(Membership, "change")(changes_membership)
object_rule(DuesPayment, "view")(
    lambda user, payment: sees_membership(user, payment.call.membership)
)
