"""Writes of booking: make, cancel and move bookings through their states.

No double booking, ever: `booking_create` takes the resource's row lock (PostgreSQL
`SELECT … FOR UPDATE`; on SQLite every transaction already holds the write lock from its
`BEGIN IMMEDIATE`) before counting what is booked over the interval, so two requests for
the last place of a slot are served one after the other and the second sees the first.
"""

from __future__ import annotations

import datetime as dt
import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from maillage.accounts.models import User
from maillage.booking import availability
from maillage.booking.models import (
    Booking,
    BookingTransition,
    CalendarFeedKey,
    Closure,
    Resource,
    TourStop,
    Training,
)
from maillage.booking.selectors import resource_open_intervals, resource_taken
from maillage.core.permissions import is_staff_member, roles_of
from maillage.core.refusals import Refused
from maillage.core.services import activity_record

JITSI = "https://meet.jit.si/"
# How long a personal calendar address works: a leaked one stops working by itself.
CALENDAR_FEED_DAYS = 365


class BookingRefused(Refused):
    """A booking or a change that a rule forbids: `rule` is a stable code, `field` the
    input at fault (or None), the message is for people."""


class SlotTaken(BookingRefused):
    """The capacity of the slot is used up (someone booked it first)."""

    status = 409


def _refuse(rule: str, message: str, field: str | None = None) -> None:
    raise BookingRefused(rule, message, field)


def _check_times(
    resource: Resource, start: dt.datetime, end: dt.datetime, now: dt.datetime
) -> None:
    if start.tzinfo is None or end.tzinfo is None:
        _refuse("naive_time", _("Les dates doivent porter leur fuseau horaire."), "start")
    if end <= start:
        _refuse("end_before_start", _("La fin doit être après le début."), "end")
    minutes = (end - start).total_seconds() / 60
    if minutes < resource.min_minutes:
        _refuse(
            "too_short",
            _("Durée trop courte : au moins %(minutes)s minutes.")
            % {"minutes": resource.min_minutes},
            "end",
        )
    if minutes > resource.max_minutes:
        _refuse(
            "too_long",
            _("Durée trop longue : au plus %(minutes)s minutes.")
            % {"minutes": resource.max_minutes},
            "end",
        )
    if start < now:
        _refuse("in_the_past", _("Ce créneau est déjà passé."), "start")
    if start < now + dt.timedelta(minutes=resource.lead_minutes):
        _refuse(
            "too_late",
            _("Trop tard pour réserver ce créneau : au moins %(minutes)s minutes à l'avance.")
            % {"minutes": resource.lead_minutes},
            "start",
        )
    if start > now + dt.timedelta(days=resource.max_days_ahead):
        _refuse(
            "too_far_ahead",
            _("Trop loin dans l'avenir : au plus %(days)s jours à l'avance.")
            % {"days": resource.max_days_ahead},
            "start",
        )


def _check_person(
    resource: Resource, user: User | None, guest_email: str, guest_phone: str
) -> None:
    roles = roles_of(user) if user is not None else set()
    if resource.audience == Resource.Audience.MEMBERS and not roles:
        _refuse("members_only", _("Cette ressource est réservée aux membres du pôle."), "user")
    if resource.audience == Resource.Audience.STAFF and not is_staff_member(user):
        _refuse("staff_only", _("Cette ressource est réservée à l'équipe du lieu."), "user")
    if resource.training_required and (
        user is None or not Training.objects.filter(user=user, resource=resource).exists()
    ):
        _refuse(
            "training_required",
            _("Une formation à cette machine est nécessaire avant de la réserver."),
            "user",
        )
    if user is None and not (guest_email or guest_phone):
        _refuse(
            "contact_required",
            _("Indiquez un courriel ou un téléphone pour recevoir la confirmation."),
            "guest_email",
        )


@transaction.atomic
def booking_create(
    *,
    resource: Resource,
    start: dt.datetime,
    end: dt.datetime,
    quantity: int = 1,
    user: User | None = None,
    guest_name: str = "",
    guest_email: str = "",
    guest_phone: str = "",
    reason: str = "",
    actor: User | None = None,
    now: dt.datetime | None = None,
    is_demo: bool = False,
) -> Booking:
    """Book `resource` over [start, end) for `quantity` places, or refuse with the rule.

    Raises `BookingRefused` (the rule and the field), `SlotTaken` when the capacity is used
    up. Nothing is written when it refuses."""
    now = now or timezone.now()
    # The row lock first: every check below sees the bookings committed before ours.
    # Only the resource's row: locking its place too would queue every booking of the place.
    resource = (
        Resource.objects.select_for_update(of=("self",)).select_related("place").get(pk=resource.pk)
    )
    if not resource.is_active:
        _refuse("inactive", _("Cette ressource n'est pas réservable en ce moment."), "resource")
    if quantity < 1 or quantity > resource.capacity:
        _refuse(
            "quantity",
            _("Nombre de places : entre 1 et %(capacity)s.") % {"capacity": resource.capacity},
            "quantity",
        )
    _check_times(resource, start, end, now)
    _check_person(resource, user, guest_email, guest_phone)
    wanted = availability.Interval(start, end)
    open_times = resource_open_intervals(resource=resource, start=start, end=end)
    if not any(interval.contains(wanted) for interval in open_times):
        _refuse(
            "closed",
            _("La ressource n'est pas ouverte sur tout ce créneau (horaires ou fermeture)."),
            "start",
        )
    used = availability.used_at_most(
        resource_taken(resource=resource, start=start, end=end), wanted
    )
    if used + quantity > resource.capacity:
        raise SlotTaken(
            "slot_taken",
            _("Ce créneau vient d'être pris : choisissez-en un autre."),
            "start",
        )
    booking = Booking(
        resource=resource,
        user=user,
        guest_name=guest_name or (user.get_full_name() if user else ""),
        guest_email=guest_email or (user.email if user else ""),
        guest_phone=guest_phone,
        reason=reason,
        start=start,
        end=end,
        quantity=quantity,
        state=Booking.State.CONFIRMED,
        is_demo=is_demo,
    )
    if resource.is_visio or resource.kind == Resource.Kind.VISIO:
        # Any visio point can join any other: an open Jitsi room per appointment.
        booking.video_url = resource.visio_url or f"{JITSI}maillage-{booking.token[:16]}"
    booking.save()
    BookingTransition.objects.create(
        booking=booking, from_state="", to_state=booking.state, actor=actor or user
    )
    activity_record(
        verb="booking.created",
        actor=actor or user,
        target=booking,
        data={"resource": resource.pk, "start": start.isoformat(), "end": end.isoformat()},
    )
    return booking


@transaction.atomic
def booking_transition(
    *, booking: Booking, to_state: str, actor: User | None = None, note: str = ""
) -> Booking:
    """Move a booking to `to_state` if its state machine allows it."""
    booking = Booking.objects.select_for_update().get(pk=booking.pk)
    allowed = Booking.TRANSITIONS[Booking.State(booking.state)]
    if to_state not in allowed:
        if booking.state == to_state:
            message = _("Cette réservation est déjà dans l'état « %(state)s ».")
        else:
            message = _("Une réservation « %(state)s » ne peut plus changer ainsi.")
        _refuse(
            "transition",
            message % {"state": Booking.State(booking.state).label},
            "state",
        )
    BookingTransition.objects.create(
        booking=booking, from_state=booking.state, to_state=to_state, actor=actor, note=note
    )
    booking.state = to_state
    booking.save(update_fields=["state", "updated_at"])
    activity_record(verb=f"booking.{to_state}", actor=actor, target=booking, data={"note": note})
    return booking


@transaction.atomic
def booking_cancel(
    *,
    booking: Booking,
    actor: User | None = None,
    by_staff: bool = False,
    now: dt.datetime | None = None,
    note: str = "",
) -> Booking:
    """Cancel a booking; the person who booked may do so until the resource's deadline,
    the staff at any time before it ends."""
    now = now or timezone.now()
    booking = Booking.objects.select_related("resource").get(pk=booking.pk)
    if booking.state == Booking.State.CANCELLED:
        _refuse("already_cancelled", _("Cette réservation est déjà annulée."), "state")
    deadline = booking.start - dt.timedelta(minutes=booking.resource.cancel_minutes)
    if not by_staff and now > deadline:
        _refuse(
            "cancel_deadline",
            _("Trop tard pour annuler en ligne : jusqu'à %(minutes)s minutes avant le début ; "
              "appelez le lieu.") % {"minutes": booking.resource.cancel_minutes},
            "state",
        )  # fmt: skip
    return booking_transition(
        booking=booking, to_state=Booking.State.CANCELLED, actor=actor, note=note
    )


@transaction.atomic
def training_record(
    *, user: User, resource: Resource, trained_on: dt.date, actor: User | None = None
) -> Training:
    training, created = Training.objects.get_or_create(
        user=user, resource=resource, defaults={"trained_on": trained_on}
    )
    if created:
        activity_record(verb="training.recorded", actor=actor, target=training, data={})
    return training


@transaction.atomic
def resource_save(*, resource: Resource, actor: User | None = None) -> Resource:
    """Create or update a resource; its own opening hours, when set, must parse."""
    creating = resource.pk is None
    if resource.opening_hours:
        try:
            availability.parse_hours(resource.opening_hours)
        except availability.HoursError:
            raise ValidationError(
                {"opening_hours": _("Horaires invalides (syntaxe OpenStreetMap attendue).")}
            ) from None
    resource.full_clean()
    resource.save()
    activity_record(
        verb="resource.created" if creating else "resource.updated",
        actor=actor,
        target=resource,
        data={"name": resource.name, "kind": resource.kind},
    )
    return resource


@transaction.atomic
def closure_save(*, closure: Closure, actor: User | None = None) -> Closure:
    closure.full_clean()
    closure.save()
    activity_record(
        verb="closure.saved", actor=actor, target=closure, data={"reason": closure.reason}
    )
    return closure


@transaction.atomic
def tour_stop_save(*, stop: TourStop, actor: User | None = None) -> TourStop:
    """Create or update a stop of a vehicle; without a point, the commune's town hall."""
    if stop.latitude is None and stop.commune_id:
        stop.latitude, stop.longitude = stop.commune.latitude, stop.commune.longitude
    stop.full_clean()
    stop.save()
    activity_record(
        verb="tour_stop.saved", actor=actor, target=stop, data={"commune": stop.commune_id}
    )
    return stop


@transaction.atomic
def calendar_feed_key_issue(*, user: User, now: dt.datetime | None = None) -> CalendarFeedKey:
    """The person's calendar key: the current one while it is valid, else a new one."""
    now = now or timezone.now()
    current = CalendarFeedKey.objects.select_for_update().filter(user=user).first()
    if current is not None and current.expires_at > now:
        return current
    return _calendar_feed_key_replace(user=user, current=current, now=now, verb="issued")


@transaction.atomic
def calendar_feed_key_renew(*, user: User, now: dt.datetime | None = None) -> CalendarFeedKey:
    """A new calendar key for the person, valid `CALENDAR_FEED_DAYS` days: the address they
    had opens nothing any more."""
    now = now or timezone.now()
    current = CalendarFeedKey.objects.select_for_update().filter(user=user).first()
    return _calendar_feed_key_replace(user=user, current=current, now=now, verb="renewed")


def _calendar_feed_key_replace(
    *, user: User, current: CalendarFeedKey | None, now: dt.datetime, verb: str
) -> CalendarFeedKey:
    key = current or CalendarFeedKey(user=user)
    key.key = secrets.token_urlsafe(24)
    key.expires_at = now + dt.timedelta(days=CALENDAR_FEED_DAYS)
    key.save()
    activity_record(
        verb=f"calendar_feed.{verb}",
        actor=user,
        target=key,
        data={"expires_at": key.expires_at.isoformat()},
    )
    return key
