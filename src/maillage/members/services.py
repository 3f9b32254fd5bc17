"""Writes of the cooperative: memberships and their life, representatives, the
share-capital register, dues (rules, calls, payments), volunteer hours and funding lines.

Every change of a holding takes the holding's row lock (PostgreSQL `SELECT … FOR UPDATE`,
SQLite's `BEGIN IMMEDIATE`), checks the rule, updates the holding — whose own check
constraint keeps 0 ≤ released ≤ subscribed — and appends the register's line. A refused
operation writes nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from maillage.accounts.models import User
from maillage.core.refusals import Refused
from maillage.core.services import activity_record
from maillage.directory.models import Organisation
from maillage.directory.services import organisation_save, organisation_set_listed
from maillage.members.models import (
    MEMBERSHIP_TRANSITIONS,
    College,
    CooperativeTerms,
    DuesCall,
    DuesPayment,
    DuesRule,
    FundingLine,
    Membership,
    Representative,
    ShareHolding,
    ShareTransaction,
    VolunteerHours,
)
from maillage.members.notifications import application_notify
from maillage.territory.models import Commune


class ShareRefused(Refused):
    """An operation the register's rules forbid: `rule`, `field` and a sentence."""


def cooperative_terms() -> CooperativeTerms:
    terms, _created = CooperativeTerms.objects.get_or_create(pk=1)
    return terms


@transaction.atomic
def cooperative_terms_save(
    *, terms: CooperativeTerms, actor: User | None = None
) -> CooperativeTerms:
    """The nominal value of a share (lines already written keep theirs) and the value of
    an hour of volunteering."""
    if terms.share_value is None or terms.share_value <= 0:
        raise ShareRefused("share_value", _("La valeur d'une part doit être positive."),
                           "share_value")  # fmt: skip
    if terms.volunteer_hour_value is None or terms.volunteer_hour_value < 0:
        raise ShareRefused(
            "volunteer_hour_value",
            _("La valorisation d'une heure doit être positive ou nulle."),
            "volunteer_hour_value",
        )
    terms.pk = 1
    terms.full_clean()
    terms.save()
    activity_record(
        verb="cooperative.terms_saved", actor=actor, target=terms,
        data={"share_value": str(terms.share_value),
              "volunteer_hour_value": str(terms.volunteer_hour_value)},
    )  # fmt: skip
    return terms


@transaction.atomic
def college_save(*, college: College, actor: User | None = None) -> College:
    """Create or update a college of the SCIC; voting weights are percentages."""
    if college.voting_weight is None or not (0 <= college.voting_weight <= 100):
        raise ShareRefused(
            "voting_weight", _("Le poids des voix est un pourcentage, de 0 à 100."),
            "voting_weight",
        )  # fmt: skip
    creating = college.pk is None
    college.full_clean()
    college.save()
    activity_record(
        verb="college.created" if creating else "college.updated", actor=actor, target=college,
        data={"slug": college.slug, "voting_weight": str(college.voting_weight)},
    )  # fmt: skip
    return college


class MembershipRefused(Refused):
    """A membership, its college, its life or a representative that a rule forbids."""


def college_from_code(code: str) -> College:
    """The college whose code is `code`, or a refusal naming the known ones."""
    college = College.objects.filter(slug=code.strip()).first() if code else None
    if college is None:
        known = ", ".join(College.objects.values_list("slug", flat=True)) or "—"
        raise MembershipRefused(
            "unknown_college",
            _("Collège inconnu : « %(code)s ». Collèges existants : %(known)s.")
            % {"code": code, "known": known},
            "college",
        )
    return college


def _membership_check(membership: Membership) -> None:
    """The rules a membership's fields obey, as refusals naming the field."""
    if (membership.organisation_id is None) == (membership.person_id is None):
        raise MembershipRefused(
            "one_member",
            _("Une adhésion est celle d'une organisation ou d'une personne (une seule)."),
            "organisation",
        )
    if membership.type not in Membership.Type.values:
        raise MembershipRefused("type", _("Type d'adhésion inconnu."), "type")
    if membership.status not in Membership.Status.values:
        raise MembershipRefused("status", _("État d'adhésion inconnu."), "status")
    if membership.college_id and membership.type != Membership.Type.SOCIETAIRE:
        raise MembershipRefused(
            "college_of_societaires",
            _("Seuls les sociétaires siègent dans un collège."),
            "college",
        )
    if (
        membership.type == Membership.Type.SOCIETAIRE
        and membership.status == Membership.Status.ACTIVE
        and not membership.college_id
    ):
        raise MembershipRefused(
            "college_required",
            _("Un sociétaire actif siège dans un collège : choisissez son collège."),
            "college",
        )
    if membership.status == Membership.Status.LEFT and membership.ended_on is None:
        raise MembershipRefused("ended_on_required", _("Indiquez la date de départ."), "ended_on")
    if (
        membership.started_on
        and membership.ended_on
        and membership.ended_on < membership.started_on
    ):
        raise MembershipRefused(
            "ends_before_start",
            _("La date de départ précède la date d'adhésion."),
            "ended_on",
        )
    if membership.status != Membership.Status.LEFT:
        same = Membership.objects.filter(type=membership.type).exclude(
            status=Membership.Status.LEFT
        )
        same = (
            same.filter(organisation_id=membership.organisation_id)
            if membership.organisation_id
            else same.filter(person_id=membership.person_id)
        )
        if membership.pk:
            same = same.exclude(pk=membership.pk)
        if same.exists():
            raise MembershipRefused(
                "already_member",
                _("%(member)s a déjà une adhésion en cours de ce type.")
                % {"member": membership.member},
                "type",
            )


def membership_check(*, membership: Membership) -> None:
    """Raise the refusal `membership_save` would raise (forms show it on the field), or
    nothing. The status of an existing membership changes only through a transition."""
    if membership.pk:
        before = Membership.objects.filter(pk=membership.pk).values_list("status", flat=True)
        if before and before[0] != membership.status:
            raise MembershipRefused(
                "status_by_transition",
                _("L'état d'une adhésion change par une transition (activer, échoir, "
                  "quitter), pas en modifiant la fiche."),
                "status",
            )  # fmt: skip
    elif membership.status not in (Membership.Status.APPLICANT, Membership.Status.ACTIVE):
        raise MembershipRefused(
            "initial_status",
            _("Une adhésion commence comme candidature ou active."),
            "status",
        )
    _membership_check(membership)


@transaction.atomic
def membership_save(*, membership: Membership, actor: User | None = None) -> Membership:
    """Create or update a membership; its status changes only through
    `membership_transition`. Refusals name the field; nothing is written then."""
    creating = membership.pk is None
    membership_check(membership=membership)
    if creating and membership.status == Membership.Status.ACTIVE and not membership.started_on:
        membership.started_on = timezone.localdate()
    try:
        membership.full_clean()
    except ValidationError as error:
        field, messages = next(iter(error.message_dict.items()))
        raise MembershipRefused("invalid", " ".join(messages), field) from None
    membership.save()
    activity_record(
        verb="membership.created" if creating else "membership.updated",
        actor=actor,
        target=membership,
        data={"type": membership.type, "status": membership.status},
    )
    return membership


@transaction.atomic
def membership_create(
    *,
    type: str,
    organisation: Organisation | None = None,
    person: User | None = None,
    college: College | str | None = None,
    status: str = Membership.Status.APPLICANT,
    started_on: dt.date | None = None,
    listed_publicly: bool = False,
    is_demo: bool = False,
    actor: User | None = None,
) -> Membership:
    """A new membership; `college` may be given by its code (an unknown one is refused)."""
    if isinstance(college, str):
        college = college_from_code(college) if college else None
    return membership_save(
        membership=Membership(
            organisation=organisation, person=person, type=type, college=college,
            status=status, started_on=started_on, listed_publicly=listed_publicly,
            is_demo=is_demo,
        ),
        actor=actor,
    )  # fmt: skip


# Who may apply for which membership: people for themselves join the SCIC or the
# association; the other types (partner, federated company) are organisations'.
TYPES_FOR_PEOPLE = (Membership.Type.SOCIETAIRE, Membership.Type.ASSOCIATION)
APPLICATION_MESSAGE_LENGTH = 2000


@dataclass(frozen=True)
class NewOrganisation:
    """An organisation not yet in the directory, named by the person who applies for it."""

    name: str
    kind: str
    commune: Commune | None = None
    size: str = ""
    title: str = ""  # the applicant's function in it


def _new_organisation_check(new: NewOrganisation) -> str:
    """The new organisation's rules; its name, its spaces tidied."""
    name = " ".join((new.name or "").split())
    if not name:
        raise MembershipRefused(
            "organisation_name", _("Indiquez le nom de l'organisation."), "organisation_name"
        )
    if len(name) > Organisation._meta.get_field("name").max_length:
        raise MembershipRefused(
            "organisation_name", _("Ce nom est trop long (250 caractères au plus)."),
            "organisation_name",
        )  # fmt: skip
    if new.kind not in Organisation.Kind.values:
        raise MembershipRefused(
            "organisation_kind", _("Choisissez le type d'organisation."), "organisation_kind"
        )
    if new.size and new.size not in Organisation.Size.values:
        raise MembershipRefused("organisation_size", _("Effectif inconnu."), "organisation_size")
    if Organisation.objects.filter(name__iexact=name).exists():
        raise MembershipRefused(
            "organisation_exists",
            _("« %(name)s » est déjà dans l'annuaire. Si vous agissez pour elle, demandez à la "
              "coordination de vous y rattacher, puis posez sa candidature.") % {"name": name},
            "organisation_name",
        )  # fmt: skip
    return name


@transaction.atomic
def membership_apply(
    *,
    person: User,
    type: str,
    organisation: Organisation | None = None,
    new_organisation: NewOrganisation | None = None,
    college: College | str | None = None,
    message: str = "",
) -> Membership:
    """`person` applies for membership — for themselves, for an organisation they act for,
    or for a new organisation they name — and the coordination answers by admitting the
    application (`membership_transition` to active) or declining it (to left).

    - For themselves (neither `organisation` nor `new_organisation`): a person applies as a
      sociétaire or a member of the association (`TYPES_FOR_PEOPLE`).
    - For an existing organisation: the person must act for it with the right to edit it (a
      `Representative` with `may_edit`); otherwise refused (`not_representative`). Anybody
      could otherwise commit any organisation of the directory: the person asks the
      coordination to add them as its representative first.
    - For a new organisation: it is created (`organisation_save`) with the person as its
      representative (`may_edit`) and the membership, all three or nothing. A name already
      in the directory is refused (`organisation_exists`) for the same reason. The new
      organisation stays out of the public directory of actors (`listed` false) until the
      coordination admits the application: anybody may apply, and an application is no
      endorsement.

    A sociétaire chooses a college (`college_required`; an unknown code is refused as
    `college_from_code` does); the other types sit in none. A member with a current
    membership of that type — an application included — is refused (`already_member`).
    Every refusal names the field of the application form and writes nothing. The
    coordination is e-mailed, after the commit, when the hub's organisation has an address.
    """
    if organisation is not None and new_organisation is not None:
        raise MembershipRefused(
            "one_member",
            _("Posez la candidature d'une organisation existante ou d'une nouvelle, pas des deux."),
            "organisation",
        )
    if type not in Membership.Type.values:
        raise MembershipRefused("type", _("Choisissez le type d'adhésion."), "type")
    for_person = organisation is None and new_organisation is None
    if for_person and type not in TYPES_FOR_PEOPLE:
        raise MembershipRefused(
            "type_for_organisations",
            _("Une personne adhère comme sociétaire ou comme membre de l'association ; "
              "« %(type)s » est réservé aux organisations.") % {"type": Membership.Type(type).label},
            "type",
        )  # fmt: skip
    if (
        organisation is not None
        and not Representative.objects.filter(
            person_id=person.pk, organisation_id=organisation.pk, may_edit=True
        ).exists()
    ):
        raise MembershipRefused(
            "not_representative",
            _("Vous n'agissez pas pour %(organisation)s : demandez à la coordination de vous y "
              "rattacher, ou posez la candidature d'une nouvelle organisation.")
            % {"organisation": organisation},
            "organisation",
        )  # fmt: skip
    if isinstance(college, str):
        college = college_from_code(college) if college.strip() else None
    if college is not None and type != Membership.Type.SOCIETAIRE:
        raise MembershipRefused(
            "college_of_societaires", _("Seuls les sociétaires siègent dans un collège."),
            "college",
        )  # fmt: skip
    if type == Membership.Type.SOCIETAIRE and college is None:
        raise MembershipRefused(
            "college_required",
            _("Un sociétaire siège dans un collège : choisissez le vôtre."),
            "college",
        )
    message = (message or "").strip()
    if len(message) > APPLICATION_MESSAGE_LENGTH:
        raise MembershipRefused(
            "message",
            _("Message trop long (%(limit)s caractères au plus).")
            % {"limit": APPLICATION_MESSAGE_LENGTH},
            "message",
        )
    name = _new_organisation_check(new_organisation) if new_organisation is not None else ""
    membership = Membership(
        organisation=organisation, person=person if for_person else None, type=type,
        college=college, status=Membership.Status.APPLICANT, application_message=message,
    )  # fmt: skip
    if new_organisation is not None:
        # Nothing else can refuse a membership of an organisation created now: the
        # membership's own checks run in `membership_save`, before anything else is written
        # for a person or an existing organisation.
        created = Organisation(
            name=name, kind=new_organisation.kind, commune=new_organisation.commune,
            size=new_organisation.size, listed=False,
        )  # fmt: skip
        if created.commune is not None:
            created.latitude = created.commune.latitude
            created.longitude = created.commune.longitude
        membership.organisation = organisation_save(organisation=created, actor=person)
        representative_add(
            person=person, organisation=membership.organisation, title=new_organisation.title,
            may_edit=True, actor=person,
        )  # fmt: skip
    membership = membership_save(membership=membership, actor=person)
    activity_record(
        verb="membership.applied",
        actor=person,
        target=membership,
        data={
            "type": type,
            "college": college.slug if college else None,
            "organisation": membership.organisation_id,
            "new_organisation": new_organisation is not None,
        },
    )
    transaction.on_commit(lambda: application_notify(membership=membership, applicant=person))
    return membership


@transaction.atomic
def membership_transition(
    *,
    membership: Membership,
    to: str,
    on: dt.date | None = None,
    college: College | str | None = None,
    actor: User | None = None,
) -> Membership:
    """Move a membership along its life (`MEMBERSHIP_TRANSITIONS`): an applicant is
    admitted (active, from `on`), an active one lapses or leaves, a lapsed one comes back
    or leaves. Leaving sets `ended_on`. A sociétaire admitted without a college needs one
    (`college`, an object or its code). Admitting an organisation created by its
    application puts it in the public directory of actors."""
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    current = membership.status
    if to not in Membership.Status.values:
        raise MembershipRefused("status", _("État d'adhésion inconnu."), "status")
    if to not in MEMBERSHIP_TRANSITIONS[current]:
        raise MembershipRefused(
            "transition",
            _("Une adhésion « %(current)s » ne peut pas passer à « %(to)s ».")
            % {
                "current": Membership.Status(current).label,
                "to": Membership.Status(to).label,
            },
            "status",
        )
    day = on or timezone.localdate()
    if isinstance(college, str):
        college = college_from_code(college) if college else None
    if college is not None:
        membership.college = college
    if to == Membership.Status.ACTIVE and current == Membership.Status.APPLICANT:
        membership.started_on = membership.started_on or day
    if to == Membership.Status.LEFT:
        membership.ended_on = day
    membership.status = to
    _membership_check(membership)
    membership.save()
    organisation = membership.organisation
    if to == Membership.Status.ACTIVE and organisation is not None and not organisation.listed:
        organisation_set_listed(organisation=organisation, listed=True, actor=actor)
    activity_record(
        verb="membership.status_changed",
        actor=actor,
        target=membership,
        data={"from": current, "to": to, "on": day.isoformat()},
    )
    return membership


@transaction.atomic
def membership_set_listed(
    *, membership: Membership, listed: bool, actor: User | None = None
) -> Membership:
    """The member's choice to appear (or not) in the public directory of members."""
    if membership.listed_publicly != listed:
        membership.listed_publicly = listed
        membership.save(update_fields=["listed_publicly", "updated_at"])
        activity_record(
            verb="membership.listing_changed",
            actor=actor,
            target=membership,
            data={"listed_publicly": listed},
        )
    return membership


@transaction.atomic
def representative_add(
    *,
    person: User,
    organisation: Organisation,
    title: str = "",
    may_edit: bool = True,
    actor: User | None = None,
) -> Representative:
    """`person` acts for `organisation` (a person may act for several)."""
    if Representative.objects.filter(person=person, organisation=organisation).exists():
        raise MembershipRefused(
            "already_representative",
            _("%(person)s représente déjà %(organisation)s.")
            % {"person": person, "organisation": organisation},
            "person",
        )
    representative = Representative.objects.create(
        person=person, organisation=organisation, title=title.strip(), may_edit=may_edit
    )
    activity_record(
        verb="representative.added",
        actor=actor,
        target=representative,
        data={"organisation": organisation.pk, "may_edit": may_edit},
    )
    return representative


@transaction.atomic
def representative_update(
    *, representative: Representative, title: str, may_edit: bool, actor: User | None = None
) -> Representative:
    representative.title, representative.may_edit = title.strip(), may_edit
    representative.save(update_fields=["title", "may_edit", "updated_at"])
    activity_record(
        verb="representative.updated",
        actor=actor,
        target=representative,
        data={"may_edit": may_edit},
    )
    return representative


@transaction.atomic
def representative_remove(*, representative: Representative, actor: User | None = None) -> None:
    activity_record(
        verb="representative.removed",
        actor=actor,
        target=representative,
        data={"organisation": representative.organisation_id},
    )
    representative.delete()


def _locked_holding(membership: Membership) -> ShareHolding:
    if membership.type != Membership.Type.SOCIETAIRE:
        raise ShareRefused(
            "not_societaire", _("Seuls les sociétaires détiennent des parts."), "membership"
        )
    ShareHolding.objects.get_or_create(membership=membership)
    return ShareHolding.objects.select_for_update().get(membership=membership)


def _record(
    holding: ShareHolding,
    *,
    kind: str,
    shares: int,
    date: dt.date,
    reference: str,
    counterpart: Membership | None = None,
    actor: User | None = None,
) -> ShareTransaction:
    holding.save(update_fields=["subscribed", "released"])
    line = ShareTransaction.objects.create(
        membership=holding.membership, kind=kind, shares=shares,
        share_value=cooperative_terms().share_value, date=date, counterpart=counterpart,
        reference=reference,
    )  # fmt: skip
    activity_record(
        verb=f"shares.{kind}", actor=actor, target=line,
        data={"membership": holding.membership_id, "shares": shares},
    )  # fmt: skip
    return line


def _positive(shares: int) -> None:
    if shares < 1:
        raise ShareRefused("shares", _("Le nombre de parts doit être d'au moins 1."), "shares")


@transaction.atomic
def shares_subscribe(
    *,
    membership: Membership,
    shares: int,
    date: dt.date,
    reference: str = "",
    actor: User | None = None,
) -> ShareTransaction:
    _positive(shares)
    holding = _locked_holding(membership)
    holding.subscribed += shares
    return _record(
        holding,
        kind=ShareTransaction.Kind.SUBSCRIPTION,
        shares=shares,
        date=date,
        reference=reference,
        actor=actor,
    )


@transaction.atomic
def shares_release(
    *,
    membership: Membership,
    shares: int,
    date: dt.date,
    reference: str = "",
    actor: User | None = None,
) -> ShareTransaction:
    """Record that subscribed shares are paid up."""
    _positive(shares)
    holding = _locked_holding(membership)
    if holding.released + shares > holding.subscribed:
        raise ShareRefused(
            "release_beyond_subscribed",
            _("Impossible de libérer %(shares)s parts : %(left)s souscrites restent à libérer.")
            % {"shares": shares, "left": holding.subscribed - holding.released},
            "shares",
        )
    holding.released += shares
    return _record(
        holding,
        kind=ShareTransaction.Kind.RELEASE,
        shares=shares,
        date=date,
        reference=reference,
        actor=actor,
    )


@transaction.atomic
def shares_repay(
    *,
    membership: Membership,
    shares: int,
    date: dt.date,
    reference: str = "",
    actor: User | None = None,
) -> ShareTransaction:
    """Pay back released shares to a sociétaire who leaves or reduces their holding."""
    _positive(shares)
    holding = _locked_holding(membership)
    if shares > holding.released:
        raise ShareRefused(
            "repayment_beyond_released",
            _("Un remboursement ne peut dépasser le capital libéré : %(released)s parts.")
            % {"released": holding.released},
            "shares",
        )
    holding.subscribed -= shares
    holding.released -= shares
    return _record(
        holding,
        kind=ShareTransaction.Kind.REPAYMENT,
        shares=shares,
        date=date,
        reference=reference,
        actor=actor,
    )


@transaction.atomic
def shares_transfer(
    *,
    seller: Membership,
    buyer: Membership,
    shares: int,
    date: dt.date,
    reference: str = "",
    actor: User | None = None,
) -> tuple[ShareTransaction, ShareTransaction]:
    """Move released shares from one sociétaire to another (both lines or neither)."""
    _positive(shares)
    if seller.pk == buyer.pk:
        raise ShareRefused(
            "same_member", _("Un sociétaire ne se cède pas de parts à lui-même."), "buyer"
        )
    # Locks in a fixed order: two opposite transfers never wait for each other forever.
    first, second = sorted((seller, buyer), key=lambda membership: membership.pk)
    holdings = {first.pk: _locked_holding(first), second.pk: _locked_holding(second)}
    selling, buying = holdings[seller.pk], holdings[buyer.pk]
    if shares > selling.released:
        raise ShareRefused(
            "transfer_beyond_released",
            _("Cession impossible : le cédant ne détient que %(released)s parts libérées.")
            % {"released": selling.released},
            "shares",
        )
    selling.subscribed -= shares
    selling.released -= shares
    buying.subscribed += shares
    buying.released += shares
    out = _record(
        selling,
        kind=ShareTransaction.Kind.TRANSFER_OUT,
        shares=shares,
        date=date,
        reference=reference,
        counterpart=buyer,
        actor=actor,
    )
    into = _record(
        buying,
        kind=ShareTransaction.Kind.TRANSFER_IN,
        shares=shares,
        date=date,
        reference=reference,
        counterpart=seller,
        actor=actor,
    )
    return out, into


class DuesRefused(Refused):
    """A dues, volunteering or funding entry that a rule forbids."""


def dues_rule_check(*, rule: DuesRule) -> None:
    if rule.amount is None or rule.amount < 0:
        raise DuesRefused("amount", _("Le montant doit être positif ou nul."), "amount")
    if rule.for_people and (rule.organisation_kind or rule.organisation_size):
        raise DuesRefused(
            "people_plain",
            _("Un barème pour les personnes ne dépend ni du type ni de l'effectif "
              "d'une organisation."),
            "for_people",
        )  # fmt: skip
    same = DuesRule.objects.filter(
        membership_type=rule.membership_type, organisation_kind=rule.organisation_kind,
        organisation_size=rule.organisation_size, for_people=rule.for_people,
    ).exclude(pk=rule.pk)  # fmt: skip
    if same.exists():
        raise DuesRefused(
            "rule_exists", _("Ce barème existe déjà : modifiez-le."), "membership_type"
        )


@transaction.atomic
def dues_rule_save(*, rule: DuesRule, actor: User | None = None) -> DuesRule:
    dues_rule_check(rule=rule)
    rule.full_clean()
    rule.save()
    activity_record(
        verb="dues.rule_saved", actor=actor, target=rule, data={"amount": str(rule.amount)}
    )
    return rule


def dues_rule_for(*, membership: Membership) -> DuesRule | None:
    """The rule that sets a membership's dues: among the rules of its type, people take
    those `for_people`; an organisation the most specific one matching it — kind and size,
    then kind, then size, then the type alone. None when no rule applies."""
    rules = DuesRule.objects.filter(membership_type=membership.type)
    if membership.person_id:
        return rules.filter(for_people=True).first()
    organisation = membership.organisation
    candidates = rules.filter(
        Q(organisation_kind="") | Q(organisation_kind=organisation.kind),
        Q(organisation_size="") | Q(organisation_size=organisation.size or "-"),
        for_people=False,
    )
    return max(
        candidates,
        key=lambda rule: (bool(rule.organisation_kind), bool(rule.organisation_size)),
        default=None,
    )


def dues_call_check(*, membership: Membership, year: int, amount: Decimal) -> None:
    status = Membership.objects.filter(pk=membership.pk).values_list("status", flat=True).first()
    if status == Membership.Status.LEFT:
        raise DuesRefused(
            "member_left", _("Ce membre est parti : aucune cotisation ne lui est appelée."),
            "membership",
        )  # fmt: skip
    if amount is None or amount < 0:
        raise DuesRefused("amount", _("Le montant doit être positif ou nul."), "amount")
    if DuesCall.objects.filter(membership=membership, year=year).exists():
        raise DuesRefused(
            "already_called", _("Cette cotisation est déjà appelée pour cette année."), "year"
        )


def _dues_call_create(
    *, membership: Membership, year: int, amount: Decimal, called_on: dt.date, actor
) -> DuesCall:
    call = DuesCall.objects.create(
        membership=membership, year=year, amount=amount, called_on=called_on
    )
    activity_record(
        verb="dues.called", actor=actor, target=call, data={"year": year, "amount": str(amount)}
    )
    return call


@transaction.atomic
def dues_call(
    *,
    membership: Membership,
    year: int,
    amount: Decimal,
    called_on: dt.date,
    actor: User | None = None,
) -> DuesCall:
    """Ask a member for the year's dues (once a year)."""
    dues_call_check(membership=membership, year=year, amount=amount)
    return _dues_call_create(
        membership=membership, year=year, amount=amount, called_on=called_on, actor=actor
    )


@dataclass(frozen=True)
class DuesCallReport:
    year: int
    called: int  # calls written now
    already_called: int  # members called before for this year
    exempt: int  # members whose rule says 0 €
    amount: Decimal  # of the calls written now


# Federated companies are not members: they pay no dues.
PAYING_TYPES = (Membership.Type.SOCIETAIRE, Membership.Type.ASSOCIATION, Membership.Type.PARTNER)


@transaction.atomic
def dues_call_year(*, year: int, called_on: dt.date, actor: User | None = None) -> DuesCallReport:
    """Call the year's dues of every active member not yet called, each at the amount of
    its rule (`dues_rule_for`). If a member has no rule, nothing is called and the refusal
    names them."""
    members = (
        Membership.objects.filter(status=Membership.Status.ACTIVE, type__in=PAYING_TYPES)
        .select_related("organisation", "person")
        .order_by("pk")
    )
    called_before = set(DuesCall.objects.filter(year=year).values_list("membership_id", flat=True))
    to_call, missing, exempt = [], [], 0
    for membership in members:
        if membership.pk in called_before:
            continue
        rule = dues_rule_for(membership=membership)
        if rule is None:
            missing.append(membership)
        elif rule.amount == 0:
            exempt += 1
        else:
            to_call.append((membership, rule.amount))
    if missing:
        names = ", ".join(str(membership) for membership in missing[:5])
        raise DuesRefused(
            "no_dues_rule",
            _("Aucun barème ne s'applique à %(count)s membre(s) (%(names)s%(more)s) : "
              "ajoutez un barème pour leur type d'adhésion, puis recommencez. Aucune "
              "cotisation n'a été appelée.")
            % {"count": len(missing), "names": names, "more": "…" if len(missing) > 5 else ""},
            "year",
        )  # fmt: skip
    for membership, amount in to_call:
        _dues_call_create(
            membership=membership, year=year, amount=amount, called_on=called_on, actor=actor
        )
    report = DuesCallReport(
        year=year,
        called=len(to_call),
        already_called=len(called_before & {membership.pk for membership in members}),
        exempt=exempt,
        amount=sum((amount for _membership, amount in to_call), Decimal(0)),
    )
    activity_record(
        verb="dues.year_called",
        actor=actor,
        data={"year": year, "called": report.called, "amount": str(report.amount)},
    )
    return report


def dues_payment_check(*, call: DuesCall, amount: Decimal | None, reference: str) -> None:
    """Raise the refusal `dues_pay` would raise, or nothing."""
    if DuesPayment.objects.filter(call_id=call.pk).exists():
        raise DuesRefused(
            "paid_twice",
            _("La cotisation %(year)s de %(member)s est déjà payée : elle ne peut l'être "
              "deux fois.") % {"year": call.year, "member": call.membership},
            "call",
        )  # fmt: skip
    if amount is None or amount <= 0:
        raise DuesRefused("amount", _("Le montant payé doit être positif."), "amount")
    if amount != call.amount:
        raise DuesRefused(
            "amount_differs",
            _("Le montant payé (%(paid)s €) diffère du montant appelé (%(called)s €).")
            % {"paid": amount, "called": call.amount},
            "amount",
        )
    if not (reference or "").strip():
        raise DuesRefused("reference", _("Indiquez la référence du paiement."), "reference")


@transaction.atomic
def dues_pay(
    *, call: DuesCall, amount: Decimal, paid_on: dt.date, reference: str, actor: User | None = None
) -> DuesPayment:
    """Record the payment of a call, of its amount; a call is paid once."""
    call = DuesCall.objects.select_for_update().select_related("membership").get(pk=call.pk)
    dues_payment_check(call=call, amount=amount, reference=reference)
    payment = DuesPayment.objects.create(
        call=call, amount=amount, paid_on=paid_on, reference=reference.strip()
    )
    activity_record(verb="dues.paid", actor=actor, target=payment, data={"amount": str(amount)})
    return payment


@transaction.atomic
def volunteer_hours_log(
    *, person: User, activity: str, date: dt.date, hours: Decimal, actor: User | None = None
) -> VolunteerHours:
    """Hours a person gave on a day (more than 0, at most 24)."""
    if hours is None or not (Decimal(0) < hours <= Decimal(24)):
        raise DuesRefused("hours", _("Entre 0 et 24 heures pour une journée."), "hours")
    if not (activity or "").strip():
        raise DuesRefused("activity", _("Indiquez l'activité."), "activity")
    entry = VolunteerHours.objects.create(
        person=person, activity=activity.strip()[:150], date=date, hours=hours
    )
    activity_record(
        verb="volunteering.logged", actor=actor or person, target=entry, data={"hours": str(hours)}
    )
    return entry


@transaction.atomic
def volunteer_hours_delete(*, entry: VolunteerHours, actor: User | None = None) -> None:
    """Remove hours logged by mistake (the activity log keeps the trace)."""
    activity_record(
        verb="volunteering.deleted", actor=actor, target=entry,
        data={"person": entry.person_id, "date": entry.date.isoformat(), "hours": str(entry.hours)},
    )  # fmt: skip
    entry.delete()


@transaction.atomic
def funding_line_save(*, line: FundingLine, actor: User | None = None) -> FundingLine:
    if line.amount is None or line.amount < 0:
        raise DuesRefused("amount", _("Le montant doit être positif ou nul."), "amount")
    if line.category not in FundingLine.Category.values:
        raise DuesRefused("category", _("Catégorie de ressource inconnue."), "category")
    line.full_clean()
    line.save()
    activity_record(verb="funding.saved", actor=actor, target=line, data={"year": line.year})
    return line


@transaction.atomic
def funding_line_delete(*, line: FundingLine, actor: User | None = None) -> None:
    activity_record(
        verb="funding.deleted", actor=actor, target=line,
        data={"year": line.year, "category": line.category, "amount": str(line.amount)},
    )  # fmt: skip
    line.delete()
