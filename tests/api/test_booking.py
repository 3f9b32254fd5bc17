import datetime as dt
import json

import pytest
from django.test import Client
from django.utils import timezone

from maillage.api.api import api
from maillage.booking.availability import PARIS
from maillage.booking.models import Booking, Resource
from maillage.booking.services import booking_create
from tests.factories import PlaceFactory, UserFactory

pytestmark = pytest.mark.django_db


def next_weekday_at(hour: int, days_ahead: int = 1) -> dt.datetime:
    day = timezone.localdate() + dt.timedelta(days=days_ahead)
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return dt.datetime.combine(day, dt.time(hour), tzinfo=PARIS)


@pytest.fixture
def room():
    place = PlaceFactory(horaires="Mo-Fr 09:00-18:00")
    return Resource.objects.create(place=place, name="Salle", kind=Resource.Kind.ROOM, capacity=1)


def post_booking(client, room, begin, **extra):
    body = {
        "resource": room.pk,
        "start": begin.isoformat(),
        "end": (begin + dt.timedelta(hours=1)).isoformat(),
        "guest_name": "Jeanne",
        "guest_email": "jeanne@example.org",
        **extra,
    }
    return client.post("/api/v1/bookings", body, content_type="application/json")


def test_resources_and_their_availability(client, room):
    assert [r["id"] for r in client.get("/api/v1/resources").json()] == [room.pk]
    start = next_weekday_at(0, days_ahead=2)
    response = client.get(
        f"/api/v1/resources/{room.pk}/availability",
        {"from": start.isoformat(), "to": (start + dt.timedelta(days=1)).isoformat()},
    )
    assert response.status_code == 200
    slots = response.json()["slots"]
    assert len(slots) == 18  # 09:00 to 17:30, every 30 min, 30 min long
    assert slots[0]["free"] == 1


def test_a_booking_is_201_then_the_same_slot_is_409(client, room):
    start = next_weekday_at(10, days_ahead=2)
    created = post_booking(client, room, start)
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["state"] == "confirmed" and body["ics_url"].endswith("agenda.ics")
    taken = post_booking(client, room, start)
    assert taken.status_code == 409
    assert taken.json()["rule"] == "slot_taken"
    assert Booking.objects.count() == 1


@pytest.mark.parametrize(
    ("change", "status", "field"),
    [
        ({"end": "2026-01-01T10:00:00+01:00"}, 422, "end"),
        ({"start": "2026-11-24T10:00:00"}, 422, "start"),  # no time zone
        ({"start": "mardi"}, 422, "start"),
        ({"guest_email": "", "guest_phone": ""}, 422, "guest_email"),
    ],
)
def test_bad_input_names_the_field(client, room, change, status, field):
    response = post_booking(client, room, next_weekday_at(10, days_ahead=2), **change)
    assert response.status_code == status, response.content
    body = response.json()
    fields = (
        [item.get("field") for item in body["detail"]]
        if isinstance(body["detail"], list)
        else [body["field"]]
    )
    assert field in fields
    assert not Booking.objects.exists()


def test_cancelling_needs_the_token_or_the_account(client, room):
    booking_id = post_booking(client, room, next_weekday_at(10, days_ahead=3)).json()["id"]
    booking = Booking.objects.get(pk=booking_id)
    url = f"/api/v1/bookings/{booking_id}/cancel"
    assert client.post(url, {"token": "wrong"}, content_type="application/json").status_code == 403
    assert (
        client.post(url, {"token": booking.token}, content_type="application/json").status_code
        == 200
    )
    again = client.post(url, {"token": booking.token}, content_type="application/json")
    assert again.status_code == 409 and again.json()["rule"] == "already_cancelled"
    staff = UserFactory(roles=["place_manager"])
    client.force_login(staff)
    assert (
        client.post(
            "/api/v1/bookings/999999/cancel", {}, content_type="application/json"
        ).status_code
        == 404
    )


def test_a_signed_in_member_books_as_herself(client, room):
    member = UserFactory(roles=["member"])
    client.force_login(member)
    response = post_booking(
        client, room, next_weekday_at(10, days_ahead=2), guest_email="", guest_name=""
    )
    assert response.status_code == 201
    assert Booking.objects.get().user == member


def test_the_trucks_coming_stops_are_temporary_places_on_the_map(client, room):
    from maillage.booking.models import TourStop
    from maillage.booking.services import tour_stop_save

    truck = Resource.objects.create(place=room.place, name="Camion", kind=Resource.Kind.VEHICLE)
    start = next_weekday_at(9, days_ahead=2)
    tour_stop_save(
        stop=TourStop(
            resource=truck, commune_id="84108", start=start, end=start + dt.timedelta(hours=3)
        )
    )
    tour_stop_save(
        stop=TourStop(
            resource=truck, commune_id="84108", start=start + dt.timedelta(days=60),
            end=start + dt.timedelta(days=60, hours=3),
        )
    )  # fmt: skip
    plain = client.get("/api/v1/places.geojson").json()["features"]
    assert not [f for f in plain if "tour_stop" in f["properties"]]
    features = client.get("/api/v1/places.geojson", {"tour_stops": "true"}).json()["features"]
    stops = [f for f in features if "tour_stop" in f["properties"]]
    assert len(stops) == 1  # the one within 14 days
    assert stops[0]["id"] == room.place_id and "Saint-Didier" in stops[0]["properties"]["nom"]
    assert stops[0]["properties"]["kinds"] == ["mobile_stop"]


# --- who cancels, and who gets the secret links (finding 1) -----------------------------------


def a_booking(room, *, days_ahead=3, **who):
    start = next_weekday_at(10, days_ahead=days_ahead)
    who = who or {"guest_email": "jeanne@example.org"}
    return booking_create(resource=room, start=start, end=start + dt.timedelta(hours=1), **who)


def cancel(client, booking, **body):
    return client.post(
        f"/api/v1/bookings/{booking.pk}/cancel", body, content_type="application/json"
    )


@pytest.mark.parametrize("role", ["mediator", "place_manager", "member"])
def test_staff_who_do_not_run_the_resource_cannot_cancel_it(client, room, role):
    """As on /equipe/reservations/: the mediator, or the manager of another place, is refused,
    and learns no secret link."""
    booking = a_booking(room)
    other_place = PlaceFactory()
    user = UserFactory(roles=[role])
    other_place.managers.add(user)
    client.force_login(user)
    response = cancel(client, booking)
    assert response.status_code == 403, response.content
    assert booking.token not in response.content.decode()
    booking.refresh_from_db()
    assert booking.state == Booking.State.CONFIRMED and Booking.objects.count() == 1


@pytest.mark.parametrize("role", ["place_manager", "coordinator"])
def test_who_runs_the_resource_cancels_without_learning_the_secret_links(client, room, role):
    booking = a_booking(room)
    user = UserFactory(roles=[role])
    room.place.managers.add(user)
    client.force_login(user)
    response = cancel(client, booking)
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["state"] == "cancelled"
    assert body["cancel_url"] is None and body["ics_url"] is None
    assert booking.token not in response.content.decode()


def test_the_mediator_hosting_an_appointment_cancels_it(client, room):
    mediator = UserFactory(roles=["mediator"])
    Resource.objects.filter(pk=room.pk).update(host=mediator)
    booking = a_booking(room)
    client.force_login(mediator)
    assert cancel(client, booking).status_code == 200


def test_the_owner_cancels_with_the_token_or_the_account_and_gets_the_links(client, room):
    guest = a_booking(room)
    response = cancel(client, guest, token=guest.token)
    assert response.status_code == 200
    assert guest.token in response.json()["cancel_url"]
    assert response.json()["ics_url"].endswith(f"{guest.token}/agenda.ics")
    member = UserFactory(roles=["member"])
    own = a_booking(room, days_ahead=4, user=member)
    client.force_login(member)
    mine = cancel(client, own)
    assert mine.status_code == 200 and own.token in mine.json()["cancel_url"]


def test_a_staff_member_with_the_token_is_the_owner_not_the_staff(client, room):
    """The token gives the owner's right (until the deadline), not the staff's: a mediator
    with the link of a booking starting in 30 minutes cannot cancel it past the deadline."""
    booking = a_booking(room)
    Booking.objects.filter(pk=booking.pk).update(
        start=timezone.now() + dt.timedelta(minutes=30),
        end=timezone.now() + dt.timedelta(minutes=90),
    )
    client.force_login(UserFactory(roles=["mediator"]))
    response = cancel(client, booking, token=booking.token)
    assert response.status_code == 422 and response.json()["rule"] == "cancel_deadline"


# --- session writes need the CSRF token (finding 2) --------------------------------------------


def csrf_client(user) -> tuple[Client, str]:
    """A browser of `user` whose requests Django checks for the CSRF token, and the token."""
    client = Client(enforce_csrf_checks=True)
    client.get("/connexion/")  # a page with a form: sets the CSRF cookie
    token = client.cookies["csrftoken"].value
    client.force_login(user)
    return client, token


def test_a_session_booking_without_the_csrf_token_is_a_guest_booking(room):
    member = UserFactory(roles=["member"], email="membre@example.org")
    client, _token = csrf_client(member)
    start = next_weekday_at(10, days_ahead=2)
    body = {"resource": room.pk, "start": start.isoformat(),
            "end": (start + dt.timedelta(hours=1)).isoformat()}  # fmt: skip
    as_nobody = client.post("/api/v1/bookings", body, content_type="application/json")
    assert as_nobody.status_code == 422 and as_nobody.json()["rule"] == "contact_required"
    forged = client.generic(
        "POST",
        "/api/v1/bookings",
        json.dumps({**body, "guest_email": "victime@example.org"}),
        content_type="text/plain",
        HTTP_ORIGIN="https://evil.example",
    )
    assert forged.status_code == 201, forged.content
    assert Booking.objects.get().user is None


def test_a_session_booking_with_the_csrf_token_is_the_persons(room):
    member = UserFactory(roles=["member"])
    client, token = csrf_client(member)
    start = next_weekday_at(10, days_ahead=2)
    body = {"resource": room.pk, "start": start.isoformat(),
            "end": (start + dt.timedelta(hours=1)).isoformat()}  # fmt: skip
    response = client.post(
        "/api/v1/bookings", body, content_type="application/json", HTTP_X_CSRFTOKEN=token
    )
    assert response.status_code == 201, response.content
    assert Booking.objects.get().user == member


def test_a_session_cancel_without_the_csrf_token_acts_as_nobody(room):
    member = UserFactory(roles=["member"])
    own = a_booking(room, user=member)
    manager = UserFactory(roles=["place_manager"])
    room.place.managers.add(manager)
    theirs = a_booking(room, days_ahead=4)
    for user, booking in ((member, own), (manager, theirs)):
        client, token = csrf_client(user)
        assert cancel(client, booking).status_code == 403
        booking.refresh_from_db()
        assert booking.state == Booking.State.CONFIRMED
        done = client.post(
            f"/api/v1/bookings/{booking.pk}/cancel",
            {},
            content_type="application/json",
            HTTP_X_CSRFTOKEN=token,
        )
        assert done.status_code == 200, done.content


# --- bounded inputs ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "field"),
    [
        ("/api/v1/resources?place=9223372036854775808", "place"),
        ("/api/v1/resources?place=99999999999999999999999", "place"),
        ("/api/v1/resources?kind=spaceship", "kind"),
        ("/api/v1/resources/9223372036854775808/availability"
         "?from=2026-11-24T00:00:00%2B01:00&to=2026-11-25T00:00:00%2B01:00", "resource_id"),
        ("/api/v1/resources/{room}/availability"
         "?from=9999-11-24T00:00:00%2B01:00&to=9999-11-25T00:00:00%2B01:00", "from"),
        ("/api/v1/resources/{room}/availability"
         "?from=0001-01-01T00:00:00%2B01:00&to=0001-01-02T00:00:00%2B01:00", "from"),
        ("/api/v1/resources/{room}/availability?from=0&to=2026-11-25T00:00:00%2B01:00", "from"),
    ],
)  # fmt: skip
def test_out_of_range_values_are_422_naming_the_field(client, room, url, field):
    response = client.get(url.format(room=room.pk))
    assert response.status_code == 422, response.content
    assert field in _fields(response.json())


def test_far_away_times_of_a_booking_are_422_not_500(client, room):
    plus_one = dt.timezone(dt.timedelta(hours=1))
    response = post_booking(client, room, dt.datetime(1, 1, 1, 0, 30, tzinfo=plus_one))
    assert response.status_code == 422 and "start" in _fields(response.json())
    response = post_booking(
        client, room, dt.datetime(9999, 12, 31, 22, tzinfo=dt.timezone(dt.timedelta(hours=-5)))
    )
    assert response.status_code == 422 and "start" in _fields(response.json())


def _fields(body) -> list[str]:
    """The fields a 422 names: the values' problems, or the rule's field."""
    return [p["field"] for p in body["detail"]] if "rule" not in body else [body["field"]]


def test_the_document_lists_the_kinds_and_tells_the_two_cancel_bodies_apart():
    document = api.get_openapi_schema(path_prefix="/api/v1/")
    [kind] = [
        p
        for p in document["paths"]["/api/v1/resources"]["get"]["parameters"]
        if p["name"] == "kind"
    ]
    kinds = next(part for part in kind["schema"]["anyOf"] if "enum" in part)["enum"]
    assert set(kinds) == set(Resource.Kind.values)
    schemas = document["components"]["schemas"]
    assert "token" not in schemas["BookingCancelIn"].get("required", [])
    assert schemas["RegistrationCancelIn"]["required"] == ["token"]
    assert "CancelIn" not in schemas


def test_an_unknown_personal_key_is_401_as_documented(client, room):
    document = api.get_openapi_schema(path_prefix="/api/v1/")
    key = {"HTTP_AUTHORIZATION": "Bearer mlg_unknown"}
    booking = a_booking(room)
    for path, url in (
        ("/api/v1/bookings", "/api/v1/bookings"),
        ("/api/v1/bookings/{booking_id}/cancel", f"/api/v1/bookings/{booking.pk}/cancel"),
    ):
        assert 401 in document["paths"][path]["post"]["responses"]
        start = next_weekday_at(10, days_ahead=2)
        body = (
            {"token": booking.token}
            if "cancel" in url
            else {"resource": room.pk, "start": start.isoformat(),
                  "end": (start + dt.timedelta(hours=1)).isoformat(), "guest_email": "a@b.fr"}
        )  # fmt: skip
        response = client.post(url, body, content_type="application/json", **key)
        assert response.status_code == 401, (url, response.content)
    booking.refresh_from_db()
    assert booking.state == Booking.State.CONFIRMED and Booking.objects.count() == 1
