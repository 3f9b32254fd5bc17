import datetime as dt

import pytest
from django.utils import timezone

from maillage.core.models import Activity
from maillage.programme.models import Category, Event, Registration, Session
from tests.api.test_booking import csrf_client
from tests.factories import OrganisationFactory, PlaceFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def place():
    return PlaceFactory(nom="La Filature numérique")


@pytest.fixture
def event(place):
    event = Event.objects.create(
        title="Atelier smartphone",
        description="Prendre en main son téléphone",
        category=Category.objects.get(slug="mediation"),
        place=place,
        audience=Event.Audience.SENIORS,
        organiser=OrganisationFactory(name="Centre social"),
    )
    event.partners.add(OrganisationFactory(name="Mairie"))
    return event


def make_session(event, days=3, capacity=2, **extra):
    start = timezone.now() + dt.timedelta(days=days)
    return Session.objects.create(
        event=event, start=start, end=start + dt.timedelta(hours=2), capacity=capacity, **extra
    )


@pytest.fixture
def session(event):
    return make_session(event)


def register(client, the_event, the_session, /, **extra):
    body = {"session": the_session.pk, "name": "Jeanne", "email": "jeanne@example.org", **extra}
    return client.post(
        f"/api/v1/events/{the_event.pk}/registrations", body, content_type="application/json"
    )


# --- GET /events -------------------------------------------------------------------------------


def test_the_programme_lists_coming_sessions_with_their_seats(client, event, session, place):
    make_session(event, days=-2)  # past
    make_session(event, days=5, is_cancelled=True)
    Registration.objects.create(session=session, name="A", email="a@x.org", state="registered")
    Registration.objects.create(session=session, name="B", email="b@x.org", state="waiting")
    response = client.get("/api/v1/events")
    assert response.status_code == 200
    body = response.json()
    assert body["next_offset"] is None
    [item] = body["items"]
    assert item["id"] == session.pk and item["event"] == event.pk
    assert item["title"] == "Atelier smartphone"
    assert item["category"]["slug"] == "mediation"
    assert item["place"] == {"id": place.pk, "nom": "La Filature numérique"}
    assert (item["capacity"], item["seats_left"], item["waiting"]) == (2, 1, 1)
    assert item["is_open"] is True


@pytest.mark.parametrize(
    ("params", "found"),
    [
        ({"category": "mediation"}, True),
        ({"category": "autre"}, False),
        ({"audience": "seniors"}, True),
        ({"audience": "youth"}, False),
        ({"q": "smartphone"}, True),
        ({"q": "tablette"}, False),
    ],
)
def test_the_programme_filters(client, session, params, found):
    items = client.get("/api/v1/events", params).json()["items"]
    assert bool(items) is found


def test_the_programme_filters_by_place_and_dates(client, session, place):
    day = timezone.localdate(session.start)
    assert client.get("/api/v1/events", {"place": place.pk}).json()["items"]
    assert not client.get("/api/v1/events", {"place": place.pk + 1000}).json()["items"]
    inside = {"from": day.isoformat(), "to": day.isoformat()}
    assert client.get("/api/v1/events", inside).json()["items"]
    after = {"from": (day + dt.timedelta(days=1)).isoformat()}
    assert not client.get("/api/v1/events", after).json()["items"]


def test_the_programme_pages_by_offset(client, event):
    sessions = [make_session(event, days=days) for days in (1, 2, 3)]
    first = client.get("/api/v1/events", {"limit": 2}).json()
    assert [i["id"] for i in first["items"]] == [s.pk for s in sessions[:2]]
    assert first["next_offset"] == 2
    rest = client.get("/api/v1/events", {"limit": 2, "offset": 2}).json()
    assert [i["id"] for i in rest["items"]] == [sessions[2].pk]
    assert rest["next_offset"] is None


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"audience": "martians"}, "audience"),
        ({"from": "2026-13-01"}, "from"),
        ({"from": "2026-06-02", "to": "2026-06-01"}, "to"),
        ({"limit": 0}, "limit"),
        ({"limit": 1000}, "limit"),
        ({"place": "abc"}, "place"),
        ({"place": 2**63}, "place"),
        ({"offset": 99999999999999999999999}, "offset"),
        ({"offset": 2**63}, "offset"),
        ({"from": "0"}, "from"),  # not a day, though it would read as 1970-01-01
        ({"to": "2026-6-1"}, "to"),
        ({"category": "x" * 41}, "category"),
    ],
)
def test_bad_programme_filters_are_422_naming_the_field(client, params, field):
    response = client.get("/api/v1/events", params)
    assert response.status_code == 422, response.content
    body = response.json()
    fields = [body["field"]] if "field" in body else [d["field"] for d in body["detail"]]
    assert field in fields


# --- GET /events/{id} --------------------------------------------------------------------------


def test_an_event_with_its_sessions(client, event, session):
    Registration.objects.create(session=session, name="A", email="a@x.org", state="registered")
    response = client.get(f"/api/v1/events/{event.pk}")
    assert response.status_code == 200
    body = response.json()
    assert body["title"] == "Atelier smartphone" and body["organiser"] == "Centre social"
    assert body["partners"] == ["Mairie"]
    [one] = body["sessions"]
    assert (one["id"], one["seats_left"], one["waiting"]) == (session.pk, 1, 0)


def test_an_unknown_or_unpublished_event_is_404(client, event):
    assert client.get("/api/v1/events/999999").status_code == 404
    Event.objects.filter(pk=event.pk).update(is_published=False)
    assert client.get(f"/api/v1/events/{event.pk}").status_code == 404


# --- POST /events/{id}/registrations -----------------------------------------------------------


def test_a_seat_is_201_then_the_waiting_list_is_202(client, event, session):
    first = register(client, event, session, email="a@example.org")
    assert first.status_code == 201, first.content
    body = first.json()
    registration = Registration.objects.get(pk=body["id"])
    assert body["state"] == "registered" and body["session"] == session.pk
    assert registration.token in body["cancel_url"]
    assert body["ics_url"].endswith(f"{registration.token}/agenda.ics")
    assert register(client, event, session, email="b@example.org").status_code == 201
    waiting = register(client, event, session, email="c@example.org", phone="0600000000")
    assert waiting.status_code == 202, waiting.content
    assert waiting.json()["state"] == "waiting"
    assert Registration.objects.filter(session=session, state="registered").count() == 2


def test_a_registration_by_phone_only_and_its_organisation(client, event, session):
    response = register(
        client, event, session, email="", phone="06 12 34 56 78", organisation="CCAS"
    )
    assert response.status_code == 201, response.content
    registration = Registration.objects.get(pk=response.json()["id"])
    assert (registration.phone, registration.organisation_name) == ("06 12 34 56 78", "CCAS")


def test_a_second_registration_of_an_email_is_409_duplicate(client, event, session):
    assert register(client, event, session).status_code == 201
    again = register(client, event, session, email="JEANNE@example.org")
    assert again.status_code == 409
    assert again.json() == {
        "detail": again.json()["detail"],
        "rule": "duplicate",
        "field": "email",
    }


@pytest.mark.parametrize(
    ("change", "rule"),
    [
        ({"is_cancelled": True}, "cancelled"),
        ({"start": -1}, "past"),
        ({"start": 1}, "deadline"),  # one hour ahead, registrations close 2 h before
    ],
)
def test_a_closed_session_is_409_naming_the_rule(client, event, session, change, rule):
    if "start" in change:
        start = timezone.now() + dt.timedelta(hours=change["start"])
        change = {"start": start, "end": start + dt.timedelta(hours=2)}
    Session.objects.filter(pk=session.pk).update(**change)
    response = register(client, event, session)
    assert response.status_code == 409, response.content
    assert response.json()["rule"] == rule and response.json()["field"] == "session"
    assert not Registration.objects.exists()


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"email": "", "phone": ""}, "email"),  # rule contact_required
        ({"name": "   "}, "name"),  # rule name_required
        ({"name": ""}, "name"),
        ({"email": "not-an-address"}, "email"),
        ({"session": "abc"}, "session"),
        ({"name": "x" * 151}, "name"),
    ],
)
def test_bad_input_is_422_naming_the_field(client, event, session, body, field):
    response = register(client, event, session, **body)
    assert response.status_code == 422, response.content
    payload = response.json()
    fields = [payload["field"]] if "field" in payload else [d["field"] for d in payload["detail"]]
    assert field in fields
    assert not Registration.objects.exists()


def test_a_missing_body_is_422(client, event):
    response = client.generic("POST", f"/api/v1/events/{event.pk}/registrations")
    assert response.status_code == 422


def test_a_session_of_another_event_or_an_unknown_event_is_404(client, event, session):
    other = Event.objects.create(title="Autre", category=event.category)
    assert register(client, other, session).status_code == 404
    missing = client.post(
        "/api/v1/events/999999/registrations",
        {"session": session.pk, "name": "J", "email": "j@x.org"},
        content_type="application/json",
    )
    assert missing.status_code == 404
    unknown_session = register(client, event, session, session=999999)
    assert unknown_session.status_code == 404
    assert not Registration.objects.exists()


# --- POST /registrations/{id}/cancel -----------------------------------------------------------


def cancel(client, pk, token):
    return client.post(
        f"/api/v1/registrations/{pk}/cancel", {"token": token}, content_type="application/json"
    )


def test_cancelling_promotes_the_first_person_waiting(client, event, session):
    seated = [register(client, event, session, email=f"{n}@x.org").json() for n in "ab"]
    waiting = register(client, event, session, email="c@x.org").json()
    token = Registration.objects.get(pk=seated[0]["id"]).token
    response = cancel(client, seated[0]["id"], token)
    assert response.status_code == 200, response.content
    assert response.json() == {
        "id": seated[0]["id"],
        "state": "cancelled",
        "promoted": waiting["id"],
    }
    assert Registration.objects.get(pk=waiting["id"]).state == "registered"
    again = cancel(client, seated[0]["id"], token)
    assert again.status_code == 409 and again.json()["rule"] == "already_cancelled"


def test_cancelling_without_anyone_waiting_promotes_nobody(client, event, session):
    created = register(client, event, session).json()
    token = Registration.objects.get(pk=created["id"]).token
    assert cancel(client, created["id"], token).json()["promoted"] is None


def test_cancelling_with_a_wrong_token_is_403(client, event, session):
    created = register(client, event, session).json()
    response = cancel(client, created["id"], "wrong-token")
    assert response.status_code == 403
    assert Registration.objects.get(pk=created["id"]).state == "registered"


def test_cancelling_an_unknown_registration_is_404_and_no_token_is_422(client, event, session):
    assert cancel(client, 999999, "x").status_code == 404
    created = register(client, event, session).json()
    response = cancel(client, created["id"], "")
    assert response.status_code == 422
    assert response.json()["detail"][0]["field"] == "token"


def test_path_ids_past_the_largest_integer_are_422(client, event, session):
    huge = 2**63
    assert client.get(f"/api/v1/events/{huge}").status_code == 422
    assert register(client, event, session, session=huge).status_code == 422
    assert cancel(client, huge, "x").status_code == 422


def test_the_audiences_are_an_enumeration_of_the_document():
    from maillage.api.api import api

    document = api.get_openapi_schema(path_prefix="/api/v1/")
    [audience] = [
        p for p in document["paths"]["/api/v1/events"]["get"]["parameters"]
        if p["name"] == "audience"
    ]  # fmt: skip
    values = next(part for part in audience["schema"]["anyOf"] if "enum" in part)["enum"]
    assert set(values) == set(Event.Audience.values)


# --- session writes need the CSRF token --------------------------------------------------------


def test_a_session_registration_without_the_csrf_token_is_a_guests(event, session):
    member = UserFactory(roles=["member"])
    client, token = csrf_client(member)
    forged = client.generic(
        "POST",
        f"/api/v1/events/{event.pk}/registrations",
        f'{{"session": {session.pk}, "name": "Jeanne", "email": "jeanne@example.org"}}',
        content_type="text/plain",
        HTTP_ORIGIN="https://evil.example",
    )
    assert forged.status_code == 201, forged.content
    assert Registration.objects.get(pk=forged.json()["id"]).user is None
    sent = client.post(
        f"/api/v1/events/{event.pk}/registrations",
        {"session": session.pk, "name": "Dominique", "email": "dominique@example.org"},
        content_type="application/json",
        HTTP_X_CSRFTOKEN=token,
    )
    assert sent.status_code == 201, sent.content
    assert Registration.objects.get(pk=sent.json()["id"]).user == member


def test_a_session_cancel_without_the_csrf_token_is_recorded_as_nobodys(event, session):
    member = UserFactory(roles=["member"])
    client, token = csrf_client(member)
    first, second = (
        Registration.objects.get(pk=register(client, event, session, email=e).json()["id"])
        for e in ("a@x.org", "b@x.org")
    )
    assert cancel(client, first.pk, first.token).status_code == 200
    response = client.post(
        f"/api/v1/registrations/{second.pk}/cancel",
        {"token": second.token},
        content_type="application/json",
        HTTP_X_CSRFTOKEN=token,
    )
    assert response.status_code == 200
    actors = dict(
        Activity.objects.filter(verb="registration.cancelled").values_list("target_id", "actor")
    )
    assert actors == {str(first.pk): None, str(second.pk): member.pk}


def test_another_registrations_token_cancels_nothing(client, event, session):
    mine, theirs = (
        register(client, event, session, email=e).json() for e in ("a@x.org", "b@x.org")
    )
    my_token = Registration.objects.get(pk=mine["id"]).token
    assert cancel(client, theirs["id"], my_token).status_code == 403
    assert Registration.objects.get(pk=theirs["id"]).state == "registered"
