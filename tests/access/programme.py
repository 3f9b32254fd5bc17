"""The programme: public pages and registrations; attendance and check-in for the staff."""

import datetime as dt

from django.utils import timezone

from maillage.programme.models import Category, Event, Registration, Session
from tests.access.table import EVERYBODY, STAFF, Row, expect


def objects(world) -> None:
    event = Event.objects.create(
        title="Atelier smartphone",
        category=Category.objects.get(slug="mediation"),
        place=world.place,
    )
    start = timezone.now() + dt.timedelta(days=3)
    session = Session.objects.create(
        event=event, start=start, end=start + dt.timedelta(hours=2), capacity=5
    )
    world.extra.update(
        event=event,
        session=session,
        registration=Registration.objects.create(
            session=session, name="Camille", email="camille@example.org"
        ),
    )


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
    Row("GET", "web:staff-programme", "/equipe/programme/", STAFF),
    Row("GET", "web:session-checkin", lambda w: f"/equipe/programme/seance/{w.session.pk}/", STAFF),
    Row("GET", "/api/v1/events", "/api/v1/events?category=mediation", EVERYBODY),
    Row("GET", "/api/v1/events/{event_id}", lambda w: f"/api/v1/events/{w.event.pk}", EVERYBODY),
    Row(
        "POST",
        "/api/v1/events/{event_id}/registrations",
        lambda w: f"/api/v1/events/{w.event.pk}/registrations",
        expect(422),
        note="no body",
    ),
    Row(
        "POST",
        "/api/v1/registrations/{registration_id}/cancel",
        lambda w: f"/api/v1/registrations/{w.registration.pk}/cancel",
        expect(422),
        note="no token",
    ),
]
