"""The programme: public pages and registrations (a registration is cancelled with its
token); the attendance figures for the staff, and a session's check-in (names) for who runs
it: here the managers of its place and the coordination."""

import datetime as dt

from django.utils import timezone

from maillage.programme.models import Category, Event, Registration, Session
from tests.access.table import EVERYBODY, OTHER, OWN, PUBLIC, STAFF, Row, expect

RUNS_OWN = expect(403, anonymous=302, place_manager=200, coordinator=200, admin=200)
RUNS_OTHER = expect(403, anonymous=302, coordinator=200, admin=200)


def objects(world) -> None:
    start = timezone.now() + dt.timedelta(days=3)
    sessions = {}
    for key, place in (("session", world.place), ("other_session", world.other_place)):
        event = Event.objects.create(
            title="Atelier smartphone",
            category=Category.objects.get(slug="mediation"),
            place=place,
        )
        sessions[key] = Session.objects.create(
            event=event, start=start, end=start + dt.timedelta(hours=2), capacity=5
        )
    world.extra.update(
        event=sessions["session"].event,
        registration=Registration.objects.create(
            session=sessions["session"], name="Camille", email="camille@example.org"
        ),
        other_registration=Registration.objects.create(
            session=sessions["other_session"], name="Dominique", email="dominique@example.org"
        ),
        **sessions,
    )


def _checkin(session: str):
    return lambda w: f"/equipe/programme/seance/{getattr(w, session).pk}/"


def _presence(registration: str):
    return lambda w: {"registration": getattr(w, registration).pk, "presence": "present"}


def _cancel(registration: str):
    return lambda w: f"/api/v1/registrations/{getattr(w, registration).pk}/cancel"


ROWS = [
    Row("GET", "web:programme", "/programme/", EVERYBODY),
    Row("GET", "web:event", lambda w: f"/programme/{w.event.pk}/", EVERYBODY),
    Row("GET", "web:event", "/programme/987654/", expect(404)),
    Row("GET", "web:registration", lambda w: f"/inscription/{w.registration.token}/", EVERYBODY),
    Row(
        "GET",
        "web:registration-ics",
        lambda w: f"/inscription/{w.registration.token}/agenda.ics",
        EVERYBODY,
    ),
    Row("GET", "web:programme-calendar", "/programme/agenda.ics", EVERYBODY),
    Row(
        "GET",
        "web:programme-category-calendar",
        "/programme/categorie/mediation/agenda.ics",
        EVERYBODY,
    ),
    Row(
        "GET",
        "web:programme-place-calendar",
        lambda w: f"/programme/lieu/{w.place.pk}/agenda.ics",
        EVERYBODY,
    ),
    Row(
        "GET",
        "web:programme-place-calendar",
        "/programme/lieu/99999999999999999999999/agenda.ics",
        expect(404),
        note="past the largest id",
    ),
    Row("GET", "web:staff-programme", "/equipe/programme/", STAFF),
    Row(
        "GET",
        "web:session-checkin",
        _checkin("session"),
        RUNS_OWN,
        note="a session at the place the place manager manages",
    ),
    Row(
        "GET",
        "web:session-checkin",
        _checkin("other_session"),
        RUNS_OTHER,
        note="a session at a place the place manager does not manage",
    ),
    Row(
        "POST",
        "web:session-checkin",
        _checkin("session"),
        expect(403, anonymous=302, place_manager=302, coordinator=302, admin=302),
        data=_presence("registration"),
        note="marks a person of a session at the place the place manager manages",
    ),
    Row(
        "POST",
        "web:session-checkin",
        _checkin("other_session"),
        expect(403, anonymous=302, coordinator=302, admin=302),
        data=_presence("other_registration"),
        note="marks a person of a session at another place",
    ),
    Row("GET", "/api/v1/events", "/api/v1/events?category=mediation", EVERYBODY),
    Row(
        "GET",
        "/api/v1/events/{event_id}",
        lambda w: f"/api/v1/events/{w.event.pk}",
        EVERYBODY,
        obj=PUBLIC,
    ),
    Row(
        "POST",
        "/api/v1/events/{event_id}/registrations",
        lambda w: f"/api/v1/events/{w.event.pk}/registrations",
        expect(422),
        note="no body",
    ),
    Row(
        "POST",
        "/api/v1/events/{event_id}/registrations",
        lambda w: f"/api/v1/events/{w.event.pk}/registrations",
        expect(201),
        data=lambda w: {"session": w.session.pk, "name": "Alex", "email": "alex@example.org"},
        obj=PUBLIC,
        note="anybody registers to a published event",
    ),
    Row(
        "POST",
        "/api/v1/registrations/{registration_id}/cancel",
        _cancel("registration"),
        expect(422),
        note="no token",
    ),
    Row(
        "POST",
        "/api/v1/registrations/{registration_id}/cancel",
        _cancel("registration"),
        EVERYBODY,
        data=lambda w: {"token": w.registration.token},
        obj=OWN,
        note="with its token",
    ),
    Row(
        "POST",
        "/api/v1/registrations/{registration_id}/cancel",
        _cancel("registration"),
        expect(403),
        data={"token": "forged-token"},
        obj=OTHER,
        note="a forged token",
    ),
    Row(
        "POST",
        "/api/v1/registrations/{registration_id}/cancel",
        _cancel("other_registration"),
        expect(403),
        data=lambda w: {"token": w.registration.token},
        obj=OTHER,
        note="another registration's token",
    ),
]
