"""Who may do what with pass numérique cheques.

- The hub's coordination (coordinators, administrators): everything.
- Place managers redeem cheques at the places they manage (`Place.managers`) and see the
  cheques redeemed there.
- Mediators redeem cheques at the places of the hub's own structure (the organisation
  flagged `is_hub`): they hold the hub's mediation sessions there, wherever they are that
  day. At other places, the place's managers redeem.
- Prescribers: the people acting for an organisation (`members.Representative`) see the
  books given to it and hand its cheques to people.
- A cheque is seen (looked up by its number, on its page and through the API) by the hub's
  coordination, the people acting for its prescriber, and the staff who may redeem it or
  did: a place manager or a mediator of a place that accepts its campaign or where it was
  redeemed. Numbers are sequential: to anybody else a cheque does not exist (404, never a
  403 that would confirm the number).
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from maillage.cheques.models import Campaign, Cheque, ChequeBook, Reimbursement
from maillage.core.permissions import Role, is_staff_member, object_rule, roles_of, runs_the_hub
from maillage.directory.models import Organisation, Place
from maillage.members.models import Representative


def represents(user, organisation_id: int | None) -> bool:
    if organisation_id is None or not getattr(user, "is_authenticated", False):
        return False
    return Representative.objects.filter(
        person_id=user.pk, organisation_id=organisation_id
    ).exists()


def prescribers_of(user) -> QuerySet[Organisation]:
    """The organisations `user` acts for (as a prescriber, when they hold books)."""
    if not getattr(user, "is_authenticated", False):
        return Organisation.objects.none()
    return Organisation.objects.filter(representatives__person_id=user.pk).order_by("name")


def redeeming_places(user) -> QuerySet[Place]:
    """Every place where `user` may redeem cheques (eligibility by campaign aside)."""
    roles = roles_of(user)
    if not user.has_perm("cheques.redeem_cheque"):
        return Place.objects.none()
    if runs_the_hub(user):
        return Place.objects.all()
    condition = Q(pk__in=[])
    if Role.PLACE_MANAGER.value in roles:
        condition |= Q(managers=user)
    if Role.MEDIATOR.value in roles:
        condition |= Q(operator__is_hub=True)
    return Place.objects.filter(condition).distinct()


def may_redeem_at(user, place: Place) -> bool:
    if not getattr(user, "is_active", False):
        return False
    if getattr(user, "is_superuser", False):
        return True
    return redeeming_places(user).filter(pk=place.pk).exists()


def accepting_places(campaign: Campaign) -> QuerySet[Place]:
    """The places where the campaign's cheques are redeemed: those it names, or else the
    places run by the hub's own structure."""
    if campaign.places.exists():
        return campaign.places.all()
    return Place.objects.filter(operator__is_hub=True)


def sees_cheque(user, cheque: Cheque) -> bool:
    if runs_the_hub(user) or represents(user, cheque.book.prescriber_id):
        return True
    if not is_staff_member(user):
        return False
    places = redeeming_places(user)
    if cheque.redeemed_at_id is not None and places.filter(pk=cheque.redeemed_at_id).exists():
        return True
    return accepting_places(cheque.book.campaign).filter(pk__in=places.values("pk")).exists()


def hands_cheque(user, cheque: Cheque) -> bool:
    return runs_the_hub(user) or represents(user, cheque.book.prescriber_id)


object_rule(Cheque, "view")(sees_cheque)
object_rule(Cheque, "hand")(hands_cheque)
object_rule(Cheque, "change")(lambda user, cheque: runs_the_hub(user))
object_rule(ChequeBook, "view")(
    lambda user, book: runs_the_hub(user) or represents(user, book.prescriber_id)
)
object_rule(ChequeBook, "change")(lambda user, book: runs_the_hub(user))
object_rule(Reimbursement, "view")(
    lambda user, batch: runs_the_hub(user) or batch.place.managers.filter(pk=user.pk).exists()
)
