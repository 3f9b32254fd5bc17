"""Bookings: booking is public, the team's pages are for the staff, and a place manager
acts on the bookings of the places they manage only."""

import datetime as dt

from django.core import signing

from maillage.booking.models import Booking
from maillage.web.views.booking import CALENDAR_SALT
from tests.access.table import EVERYBODY, LOGGED_IN, STAFF, Row, expect


def objects(world) -> None:
    world.extra["other_booking"] = Booking.objects.create(
        resource=world.other_resource,
        guest_email="other@example.org",
        start=world.booking.start,
        end=world.booking.start + dt.timedelta(hours=1),
    )


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
    Row(
        "GET",
        "web:my-calendar",
        lambda w: f"/calendrier/moi/{signing.dumps(w.users['member'].pk, salt=CALENDAR_SALT)}.ics",
        EVERYBODY,
        note="the signature is the key: calendar apps cannot log in",
    ),
    Row("GET", "web:my-calendar", "/calendrier/moi/forged.ics", expect(404)),
    Row("GET", "web:my-bookings", "/mes-reservations/", LOGGED_IN),
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
    Row("GET", "/api/v1/resources/{resource_id}/availability", _availability, EVERYBODY),
    Row("POST", "/api/v1/bookings", "/api/v1/bookings", expect(422), note="no body"),
    Row(
        "POST",
        "/api/v1/bookings/{booking_id}/cancel",
        lambda w: f"/api/v1/bookings/{w.booking.pk}/cancel",
        expect(422),
        note="no token",
    ),
]
