"""Writes of company accompaniment: open one for a company, change what it is about, add
the steps taken, close it with its outcome.

A step and a closing take the accompaniment's row lock first, so that a step cannot land
on an accompaniment being closed at the same moment, nor one be closed twice.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from maillage.accompaniment.models import (
    COMPANY_KINDS,
    MAX_STEP_MINUTES,
    Accompaniment,
    Need,
    Step,
)
from maillage.accounts.models import User
from maillage.core.permissions import is_staff_member
from maillage.core.refusals import Refused
from maillage.core.services import activity_record
from maillage.directory.models import Organisation
from maillage.directory.services import organisation_save
from maillage.territory.models import Commune


class AccompanimentRefused(Refused):
    """An accompaniment or a step that a rule forbids: `rule`, `field`, a sentence."""


def _refuse(rule: str, message: str, field: str | None = None, status: int = 422) -> None:
    refused = AccompanimentRefused(rule, message, field)
    refused.status = status
    raise refused


def _check_referent(referent: User | None) -> None:
    if referent is not None and not is_staff_member(referent):
        _refuse("referent_not_staff", _("Le ou la référent·e doit faire partie de l'équipe."),
                "referent")  # fmt: skip


def _check_need(need: str) -> None:
    if need not in Need.values:
        _refuse("need", _("Besoin inconnu."), "need")


def _check_partners(organisation: Organisation, partners: Iterable[Organisation]) -> list:
    partners = list(partners)
    if any(partner.pk == organisation.pk for partner in partners):
        _refuse("partner_is_company", _("L'entreprise accompagnée n'est pas son propre "
                                        "partenaire."), "partners")  # fmt: skip
    return partners


@transaction.atomic
def accompaniment_create(
    *,
    organisation: Organisation,
    need: str,
    started_on: dt.date,
    actor: User | None,
    description: str = "",
    referent: User | None = None,
    partners: Iterable[Organisation] = (),
    today: dt.date | None = None,
    is_demo: bool = False,
) -> Accompaniment:
    """Open an accompaniment. Refuses: an unknown need, a start in the future, a referent
    who is not of the staff, the company as its own partner."""
    today = today or timezone.localdate()
    _check_need(need)
    if started_on > today:
        _refuse("future", _("Le début ne peut pas être dans le futur."), "started_on")
    _check_referent(referent)
    partners = _check_partners(organisation, partners)
    accompaniment = Accompaniment.objects.create(
        organisation=organisation, need=need, description=description.strip(),
        started_on=started_on, referent=referent, is_demo=is_demo,
    )  # fmt: skip
    accompaniment.partners.set(partners)
    activity_record(
        verb="accompaniment.created",
        actor=actor,
        target=accompaniment,
        data={"organisation": organisation.pk, "need": need},
    )
    return accompaniment


@transaction.atomic
def accompaniment_create_for_new_company(
    *,
    company_name: str,
    company_kind: str,
    commune: Commune | None,
    need: str,
    started_on: dt.date,
    actor: User | None,
    description: str = "",
    referent: User | None = None,
    partners: Iterable[Organisation] = (),
    today: dt.date | None = None,
) -> Accompaniment:
    """Add a company not yet in the directory, and open its accompaniment; both or neither."""
    name = " ".join(company_name.split())
    if not name:
        _refuse("company_name", _("Indiquez le nom de l'entreprise."), "company_name")
    if company_kind not in COMPANY_KINDS:
        _refuse("company_kind", _("Type d'entreprise inconnu."), "company_kind")
    if Organisation.objects.filter(name__iexact=name).exists():
        _refuse("company_exists", _("« %(name)s » est déjà dans l'annuaire : choisissez-la dans "
                                    "la liste.") % {"name": name}, "company_name")  # fmt: skip
    company = Organisation(name=name, kind=company_kind, commune=commune)
    if commune is not None:
        company.latitude, company.longitude = commune.latitude, commune.longitude
    company = organisation_save(organisation=company, actor=actor)
    return accompaniment_create(
        organisation=company, need=need, started_on=started_on, actor=actor,
        description=description, referent=referent, partners=partners, today=today,
    )  # fmt: skip


def _locked(accompaniment: Accompaniment) -> Accompaniment:
    return (
        Accompaniment.objects.select_for_update(of=("self",))
        .select_related("organisation")
        .get(pk=accompaniment.pk)
    )


@transaction.atomic
def accompaniment_update(
    *,
    accompaniment: Accompaniment,
    actor: User | None,
    need: str,
    description: str,
    referent: User | None,
    partners: Iterable[Organisation],
) -> Accompaniment:
    """Change what an open accompaniment is about, its referent and partners."""
    accompaniment = _locked(accompaniment)
    if not accompaniment.is_open:
        _refuse("closed", _("Cet accompagnement est clos."), "status", 409)
    _check_need(need)
    _check_referent(referent)
    partners = _check_partners(accompaniment.organisation, partners)
    accompaniment.need, accompaniment.description = need, description.strip()
    accompaniment.referent = referent
    accompaniment.save(update_fields=["need", "description", "referent", "updated_at"])
    accompaniment.partners.set(partners)
    activity_record(
        verb="accompaniment.updated",
        actor=actor,
        target=accompaniment,
        data={"need": need, "referent": referent.pk if referent else None},
    )
    return accompaniment


@transaction.atomic
def step_add(
    *,
    accompaniment: Accompaniment,
    kind: str,
    date: dt.date,
    minutes: int,
    actor: User | None,
    partner: Organisation | None = None,
    note: str = "",
    today: dt.date | None = None,
    is_demo: bool = False,
) -> Step:
    """Record a step taken. Refuses: a closed accompaniment, an unknown kind, a date in the
    future or before the start, a duration not between 1 minute and 12 hours, the company
    as its own partner. A partner met through the step joins the accompaniment's partners."""
    today = today or timezone.localdate()
    accompaniment = _locked(accompaniment)
    if not accompaniment.is_open:
        _refuse("closed", _("Cet accompagnement est clos : il ne prend plus d'étape."),
                "status", 409)  # fmt: skip
    if kind not in Step.Kind.values:
        _refuse("kind", _("Type d'étape inconnu."), "kind")
    if date > today:
        _refuse("future", _("La date ne peut pas être dans le futur."), "date")
    if date < accompaniment.started_on:
        _refuse("before_start", _("La date précède le début de l'accompagnement (%(day)s).")
                % {"day": accompaniment.started_on.strftime("%d/%m/%Y")}, "date")  # fmt: skip
    if not 1 <= minutes <= MAX_STEP_MINUTES:
        _refuse("duration", _("La durée va de 1 minute à 12 heures."), "minutes")
    if partner is not None:
        _check_partners(accompaniment.organisation, [partner])
    step = Step.objects.create(
        accompaniment=accompaniment, kind=kind, date=date, minutes=minutes, partner=partner,
        note=note.strip(), author=actor if getattr(actor, "is_authenticated", False) else None,
        is_demo=is_demo,
    )  # fmt: skip
    if partner is not None:
        accompaniment.partners.add(partner)
    activity_record(
        verb="accompaniment.step_added",
        actor=actor,
        target=accompaniment,
        data={"step": step.pk, "kind": kind, "minutes": minutes, "date": date.isoformat()},
    )
    return step


@transaction.atomic
def accompaniment_close(
    *,
    accompaniment: Accompaniment,
    status: str,
    outcome_kind: str,
    actor: User | None,
    outcome: str = "",
    closed_on: dt.date | None = None,
    today: dt.date | None = None,
) -> Accompaniment:
    """Close an open accompaniment as done or abandoned, with its outcome. Refuses: closing
    twice, a status that is not a closing one, no outcome, a date in the future or before
    the start or the last step."""
    today = today or timezone.localdate()
    closed_on = closed_on or today
    accompaniment = _locked(accompaniment)
    if status not in Accompaniment.TRANSITIONS[Accompaniment.Status(accompaniment.status)]:
        if not accompaniment.is_open:
            _refuse("already_closed", _("Cet accompagnement est déjà clos."), "status", 409)
        _refuse("status", _("Choisissez « Terminé » ou « Abandonné »."), "status")
    if outcome_kind not in Accompaniment.Outcome.values:
        _refuse("outcome_required", _("Indiquez le résultat."), "outcome_kind")
    if closed_on > today:
        _refuse("future", _("La date ne peut pas être dans le futur."), "closed_on")
    last_step = accompaniment.steps.order_by("-date").values_list("date", flat=True).first()
    if closed_on < max(accompaniment.started_on, last_step or accompaniment.started_on):
        _refuse("before_steps", _("La clôture ne peut précéder ni le début ni la dernière "
                                  "étape."), "closed_on")  # fmt: skip
    accompaniment.status, accompaniment.closed_on = status, closed_on
    accompaniment.outcome_kind, accompaniment.outcome = outcome_kind, outcome.strip()
    accompaniment.save(
        update_fields=["status", "closed_on", "outcome_kind", "outcome", "updated_at"]
    )
    activity_record(
        verb=f"accompaniment.{status}",
        actor=actor,
        target=accompaniment,
        data={"outcome": outcome_kind, "closed_on": closed_on.isoformat()},
    )
    return accompaniment
