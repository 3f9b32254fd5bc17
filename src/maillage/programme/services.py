"""Writes of the programme: register, cancel (promoting the first person waiting), check in.

Seats are counted under the session's row lock (PostgreSQL `SELECT … FOR UPDATE`; SQLite's
`BEGIN IMMEDIATE`), so concurrent registrations and cancellations never seat more people
than the capacity, and a cancellation always promotes the first person waiting.
"""

from __future__ import annotations

import datetime as dt
import re

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from maillage.accounts.models import User
from maillage.core.refusals import Refused
from maillage.core.services import activity_record
from maillage.programme.models import Registration, Session

# A telephone number as people write it: digits with spaces, dots or dashes, a leading +.
PHONE = re.compile(r"\+?[0-9][0-9 .\-]{5,20}[0-9]")


class RegistrationRefused(Refused):
    """A registration or a change that a rule forbids: `rule`, `field`, a sentence."""


def _refuse(rule: str, message: str, field: str | None = None) -> None:
    raise RegistrationRefused(rule, message, field)


def _seated(session: Session) -> int:
    return session.registrations.filter(state__in=Registration.SEATED).count()


@transaction.atomic
def registration_create(
    *,
    session: Session,
    name: str,
    email: str = "",
    phone: str = "",
    organisation_name: str = "",
    user: User | None = None,
    now: dt.datetime | None = None,
    is_demo: bool = False,
) -> Registration:
    """A seat if one is free, else a place in the waiting list. Refuses, writing nothing:
    a closed, cancelled or past session, a second active registration of an e-mail."""
    now = now or timezone.now()
    # Only the session's row: the seats are counted after the lock is held.
    session = (
        Session.objects.select_for_update(of=("self",)).select_related("event").get(pk=session.pk)
    )
    email = (email or (user.email if user else "")).strip().lower()
    if not name.strip():
        _refuse("name_required", _("Indiquez votre nom."), "name")
    if not email and not phone.strip():
        _refuse("contact_required", _("Indiquez un courriel ou un téléphone."), "email")
    if phone.strip() and not PHONE.fullmatch(phone.strip()):
        _refuse(
            "phone",
            _("Numéro de téléphone illisible : des chiffres, par exemple 04 90 66 97 11."),
            "phone",
        )
    if session.is_cancelled:
        _refuse("cancelled", _("Cette séance est annulée."), "session")
    if session.start <= now:
        _refuse("past", _("Cette séance a déjà commencé ou est passée."), "session")
    if session.start - dt.timedelta(hours=session.event.deadline_hours) < now:
        _refuse(
            "deadline",
            _("Les inscriptions sont closes %(hours)s h avant le début.")
            % {"hours": session.event.deadline_hours},
            "session",
        )
    if email and session.registrations.filter(email=email, state__in=Registration.ACTIVE).exists():
        _refuse("duplicate", _("Cette adresse est déjà inscrite à cette séance."), "email")
    state = (
        Registration.State.REGISTERED
        if _seated(session) < session.capacity
        else Registration.State.WAITING
    )
    try:
        with transaction.atomic():
            registration = Registration.objects.create(
                session=session, user=user, name=name.strip(), email=email, phone=phone.strip(),
                organisation_name=organisation_name.strip(), state=state, is_demo=is_demo,
            )  # fmt: skip
    except IntegrityError:  # the database's own guard against a duplicate e-mail
        _refuse("duplicate", _("Cette adresse est déjà inscrite à cette séance."), "email")
    activity_record(
        verb=f"registration.{state}", actor=user, target=registration, data={"session": session.pk}
    )
    return registration


@transaction.atomic
def registration_cancel(
    *, registration: Registration, actor: User | None = None
) -> tuple[Registration, Registration | None]:
    """Cancel; a seat set free goes to the first person waiting. Returns the cancelled
    registration and the promoted one (or None)."""
    session = Session.objects.select_for_update(of=("self",)).get(pk=registration.session_id)
    registration = Registration.objects.get(pk=registration.pk)
    if registration.state == Registration.State.CANCELLED:
        _refuse("already_cancelled", _("Cette inscription est déjà annulée."), "state")
    if registration.state in (Registration.State.ATTENDED, Registration.State.ABSENT):
        _refuse("already_held", _("La séance a eu lieu : l'inscription ne s'annule plus."), "state")
    freed = registration.state == Registration.State.REGISTERED
    registration.state = Registration.State.CANCELLED
    registration.save(update_fields=["state", "updated_at"])
    activity_record(verb="registration.cancelled", actor=actor, target=registration, data={})
    promoted = None
    if freed and _seated(session) < session.capacity:
        promoted = (
            session.registrations.filter(state=Registration.State.WAITING)
            .order_by("created_at", "pk")
            .first()
        )
        if promoted is not None:
            promoted.state = Registration.State.REGISTERED
            promoted.promoted_at = timezone.now()
            promoted.save(update_fields=["state", "promoted_at", "updated_at"])
            activity_record(verb="registration.promoted", target=promoted, data={})
    return registration, promoted


@transaction.atomic
def attendance_mark(
    *, registration: Registration, present: bool, actor: User | None = None
) -> Registration:
    """Check a seated person in (present) or out (absent)."""
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.state not in Registration.SEATED:
        _refuse("not_seated", _("Seules les personnes inscrites sont pointées."), "state")
    registration.state = Registration.State.ATTENDED if present else Registration.State.ABSENT
    registration.save(update_fields=["state", "updated_at"])
    activity_record(
        verb="registration.checked_in", actor=actor, target=registration, data={"present": present}
    )
    return registration
