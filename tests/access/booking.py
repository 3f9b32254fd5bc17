"""Bookings: booking is public, the team's pages are for the staff, and a place manager
acts on the bookings of the places they manage only; a booking's owner acts with its token."""

import datetime as dt

from maillage.booking.models import Booking
from maillage.booking.services import calendar_feed_key_issue, calendar_feed_key_renew
from tests.access.table import EVERYBODY, LOGGED_IN, OTHER, OWN, PUBLIC, STAFF, Row, expect

# Who runs the world's booking (of the place the place manager manages), and another's.
RUNS_OWN = expect(403, place_manager=200, coordinator=200, admin=200)
RUNS_OTHER = expect(403, coordinator=200, admin=200)


def objects(world) -> None:
    member = world.users["member"]
    revoked = calendar_feed_key_issue(user=member).key
    world.extra.update(
        other_booking=Booking.objects.create(
            resource=world.other_resource,
            guest_email="other@example.org",
            start=world.booking.start,
            end=world.booking.start + dt.timedelta(hours=1),
        ),
        revoked_calendar_key=revoked,
        calendar_key=calendar_feed_key_renew(user=member).key,
    )


def _cancel(booking: str):
    return lambda w: f"/api/v1/bookings/{getattr(w, booking).pk}/cancel"


def _availability(world) -> str:
    day = world.booking.start.date()
    return (
        f"/api/v1/resources/{world.resource.pk}/availability"
        f"?from={day}T00:00:00%2B01:00&to={day + dt.timedelta(days=1)}T00:00:00%2B01:00"
    )


ROWS = [
    Row("GET", "web:resource-book", lambda w: f"/reserver/{w.resource.pk}/", EVERYBODY),
    Row("GET", "web:booking", lambda w: f"/reservation/{w.booking.token}/", EVERYBODY),
    Row("GET", "web:booking", "/reservation/forged/", expect(404), note="forged token"),
    Row(
        "GET", "web:booking-ics", lambda w: f"/reservation/{w.booking.token}/agenda.ics", EVERYBODY
    ),
    Row(
        "GET",
        "web:resource-calendar",
        lambda w: f"/calendrier/ressource/{w.resource.pk}.ics",
        EVERYBODY,
    ),
    Row("GET", "web:place-calendar", lambda w: f"/calendrier/lieu/{w.place.pk}.ics", EVERYBODY),
    Row("GET", "web:place-calendar", "/calendrier/lieu/987654.ics", expect(404), note="unknown"),
    Row(
        "GET",
        "web:place-calendar",
        "/calendrier/lieu/99999999999999999999999.ics",
        expect(404),
        note="past the largest id",
    ),
    Row(
        "GET",
        "web:my-calendar",
        lambda w: f"/calendrier/moi/{w.calendar_key}.ics",
        EVERYBODY,
        note="the secret key is the right: calendar apps cannot log in",
    ),
    Row(
        "GET",
        "web:my-calendar",
        lambda w: f"/calendrier/moi/{w.revoked_calendar_key}.ics",
        expect(404),
        note="a key renewed since",
    ),
    Row("GET", "web:my-calendar", "/calendrier/moi/forged.ics", expect(404)),
    Row("GET", "web:my-bookings", "/mes-reservations/", LOGGED_IN),
    Row(
        "POST",
        "web:my-bookings",
        "/mes-reservations/",
        expect(302),
        note="renews one's own calendar link (anonymous: to the login page)",
    ),
    Row("GET", "web:staff-bookings", "/equipe/reservations/", STAFF),
    Row(
        "POST",
        "web:staff-bookings",
        "/equipe/reservations/",
        expect(302, member=403, mediator=403),
        data=lambda w: {"booking": w.booking.pk, "state": "no_show"},
        note="a booking of the place the place manager manages",
    ),
    Row(
        "POST",
        "web:staff-bookings",
        "/equipe/reservations/",
        expect(403, anonymous=302, coordinator=302, admin=302),
        data=lambda w: {"booking": w.other_booking.pk, "state": "no_show"},
        note="a booking of a place the place manager does not manage",
    ),
    Row("GET", "web:usage", "/equipe/usage/", STAFF),
    Row("GET", "web:appointment-slots", "/equipe/rendez-vous/", STAFF),
    Row("GET", "/api/v1/resources", "/api/v1/resources", EVERYBODY),
    Row(
        "GET",
        "/api/v1/resources/{resource_id}/availability",
        _availability,
        EVERYBODY,
        obj=PUBLIC,
    ),
    Row("POST", "/api/v1/bookings", "/api/v1/bookings", expect(422), note="no body"),
    Row(
        "POST",
        "/api/v1/bookings/{booking_id}/cancel",
        _cancel("booking"),
        expect(422),
        note="no body",
    ),
    Row(
        "POST",
        "/api/v1/bookings/{booking_id}/cancel",
        _cancel("booking"),
        RUNS_OWN,
        data={},
        obj=OWN,
        note="a booking of the place the place manager manages, without its token",
    ),
    Row(
        "POST",
        "/api/v1/bookings/{booking_id}/cancel",
        _cancel("other_booking"),
        RUNS_OTHER,
        data={},
        obj=OTHER,
        note="a booking of a place the place manager does not manage",
    ),
    Row(
        "POST",
        "/api/v1/bookings/{booking_id}/cancel",
        _cancel("booking"),
        EVERYBODY,
        data=lambda w: {"token": w.booking.token},
        obj=OWN,
        note="the guest who booked, with its token",
    ),
    Row(
        "POST",
        "/api/v1/bookings/{booking_id}/cancel",
        _cancel("other_booking"),
        RUNS_OTHER,
        data=lambda w: {"token": w.booking.token},
        obj=OTHER,
        note="another booking's token",
    ),
]
