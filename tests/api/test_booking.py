import datetime as dt

import pytest
from django.utils import timezone

from maillage.booking.availability import PARIS
from maillage.booking.models import Booking, Resource
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
