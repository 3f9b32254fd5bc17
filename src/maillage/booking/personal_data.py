"""What booking holds about a person: their bookings (as an account or as a guest with the
same e-mail), the bookings they made for somebody else, their machine trainings and the
appointments they host, and their personal calendar address.

Erasure keeps every booking, its times, quantity and state — the occupancy and no-show
statistics count them — and blanks who booked: name, e-mail, telephone and reason; the
staff's notes on those bookings go too (from their state changes, and the log lines that
carry a note). A guest booking keeps a placeholder address, since a booking without an
account must hold a contact (a database constraint). The secret link of each booking is
replaced, so that the links sent by e-mail open nothing. Trainings are deleted: they only
allow the person to book a machine. Bookings made for somebody else keep that person's
data (it is theirs) and their link to the account, which is anonymised. Resources the person
hosts (a mediator's appointments) stay the place's and keep pointing at the account. The
personal calendar key is deleted (its address opens nothing any more); the export gives its
dates, never the key.
"""

from __future__ import annotations

import secrets
from typing import Any

from django.db.models import Q, QuerySet

from maillage.accounts.models import User
from maillage.accounts.personal_data import (
    activity_purge,
    erased_email,
    guest_data_section,
)
from maillage.booking.models import (
    Booking,
    BookingTransition,
    CalendarFeedKey,
    Resource,
    Training,
)
from maillage.core.personal_data import personal_data_section


def _iso(value) -> str | None:
    return value.isoformat() if value is not None else None


def _own(user: User) -> Q:
    """The person's bookings: made with their address (as an account or a guest), or by
    their account without any other address."""
    return Q(guest_email__iexact=user.email) | Q(user=user, guest_email="")


def _guest(email: str) -> Q:
    return Q(guest_email__iexact=email.strip())


def _booking(booking: Booking) -> dict[str, Any]:
    return {
        "resource": booking.resource.name,
        "place": booking.resource.place.nom,
        "start": _iso(booking.start),
        "end": _iso(booking.end),
        "quantity": booking.quantity,
        "state": booking.state,
        "name": booking.guest_name,
        "email": booking.guest_email,
        "phone": booking.guest_phone,
        "reason": booking.reason,
        "video_url": booking.video_url,
        "created_at": _iso(booking.created_at),
        "history": [
            {"from": t.from_state, "to": t.to_state, "at": _iso(t.at), "note": t.note}
            for t in booking.transitions.all()
        ],
    }


def _bookings(where: Q) -> QuerySet[Booking]:
    return (
        Booking.objects.filter(where)
        .select_related("resource", "resource__place")
        .prefetch_related("transitions")
        .order_by("start", "pk")
    )


def bookings_export(user: User) -> dict[str, list]:
    for_others = _bookings(Q(user=user) & ~_own(user))
    return {
        "bookings": [_booking(booking) for booking in _bookings(_own(user))],
        # Somebody else's name and address stay out: only what the person did.
        "bookings_for_others": [
            {
                "resource": booking.resource.name,
                "place": booking.resource.place.nom,
                "start": _iso(booking.start),
                "end": _iso(booking.end),
                "state": booking.state,
                "created_at": _iso(booking.created_at),
            }
            for booking in for_others
        ],
        "trainings": [
            {
                "resource": training.resource.name,
                "place": training.resource.place.nom,
                "trained_on": training.trained_on.isoformat(),
            }
            for training in Training.objects.filter(user=user)
            .select_related("resource", "resource__place")
            .order_by("trained_on", "pk")
        ],
        "hosted_resources": [
            {"resource": resource.name, "place": resource.place.nom, "kind": resource.kind}
            for resource in Resource.objects.filter(host=user)
            .select_related("place")
            .order_by("pk")
        ],
        "calendar_feed": {
            "created_at": _iso(feed.created_at),
            "expires_at": _iso(feed.expires_at),
        }
        if (feed := CalendarFeedKey.objects.filter(user=user).first()) is not None
        else None,
    }


def _anonymise(where: Q) -> int:
    """Blank who booked; returns the records changed (bookings, notes, log lines)."""
    bookings = list(Booking.objects.select_for_update().filter(where))
    for booking in bookings:
        booking.guest_name = booking.guest_phone = booking.reason = ""
        booking.guest_email = "" if booking.user_id else erased_email("reservation", booking.pk)
        booking.token = secrets.token_urlsafe(24)
    Booking.objects.bulk_update(
        bookings, ["guest_name", "guest_email", "guest_phone", "reason", "token"], batch_size=500
    )
    ids = [booking.pk for booking in bookings]
    notes = BookingTransition.objects.filter(booking_id__in=ids).exclude(note="").update(note="")
    purged = activity_purge(model=Booking, pks=ids, where=lambda data: bool(data.get("note")))
    return len(bookings) + notes + purged


def bookings_erase(user: User) -> int:
    trainings = list(Training.objects.filter(user=user).values_list("pk", flat=True))
    purged = activity_purge(model=Training, pks=trainings)
    deleted, _by_model = Training.objects.filter(pk__in=trainings).delete()
    feeds = list(CalendarFeedKey.objects.filter(user=user).values_list("pk", flat=True))
    purged += activity_purge(model=CalendarFeedKey, pks=feeds)
    feeds_deleted, _by_model = CalendarFeedKey.objects.filter(pk__in=feeds).delete()
    return _anonymise(_own(user)) + deleted + feeds_deleted + purged


def guest_bookings_export(email: str) -> dict[str, list]:
    return {"bookings": [_booking(booking) for booking in _bookings(_guest(email))]}


def guest_bookings_erase(email: str) -> int:
    return _anonymise(_guest(email))


personal_data_section(name="booking", export=bookings_export, erase=bookings_erase)
guest_data_section(name="booking", export=guest_bookings_export, erase=guest_bookings_erase)
