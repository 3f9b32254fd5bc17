import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from maillage.booking.availability import PARIS
from maillage.booking.models import Booking, Resource
from maillage.booking.services import booking_create
from tests.factories import PlaceFactory, UserFactory

pytestmark = pytest.mark.django_db


def weekday(days_ahead: int) -> dt.date:
    day = timezone.localdate() + dt.timedelta(days=days_ahead)
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return day


@pytest.fixture
def visio():
    place = PlaceFactory(nom="L'Atelier des Sablons", horaires="Mo-Fr 09:00-12:00,14:00-18:00")
    return Resource.objects.create(
        place=place, name="Point visio", kind=Resource.Kind.VISIO, capacity=1, is_visio=True
    )


def test_three_clicks_week_slot_form_and_a_confirmation_with_its_ics(client, visio):
    day = weekday(2)
    week = client.get(f"/reserver/{visio.pk}/", {"semaine": day.isoformat()})
    assert week.status_code == 200
    start = dt.datetime.combine(day, dt.time(9), tzinfo=PARIS)
    assert f"creneau={start.isoformat()}".replace("+", "%2B") in week.content.decode().replace(
        "+", "%2B"
    )
    chosen = client.get(
        f"/reserver/{visio.pk}/", {"semaine": day.isoformat(), "creneau": start.isoformat()}
    )
    assert 'name="guest_name"' in chosen.content.decode()
    done = client.post(
        f"/reserver/{visio.pk}/",
        {"start": start.isoformat(), "duration": 30, "quantity": 1, "guest_name": "Jeanne",
         "guest_email": "jeanne@example.org"},
    )  # fmt: skip
    booking = Booking.objects.get()
    assert done.status_code == 302 and done["Location"] == f"/reservation/{booking.token}/"
    assert booking.video_url.startswith("https://meet.jit.si/")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["jeanne@example.org"] and booking.video_url in message.body
    assert message.attachments[0][0] == "reservation.ics"
    assert "BEGIN:VEVENT" in message.attachments[0][1]
    page = client.get(f"/reservation/{booking.token}/")
    assert "Confirmée" in page.content.decode()
    ics = client.get(f"/reservation/{booking.token}/agenda.ics")
    assert ics["Content-Type"].startswith("text/calendar") and b"DTSTART:" in ics.content


def test_the_form_tells_what_is_wrong(client, visio):
    start = dt.datetime.combine(weekday(2), dt.time(9), tzinfo=PARIS)
    response = client.post(
        f"/reserver/{visio.pk}/",
        {"start": start.isoformat(), "duration": 30, "quantity": 1, "guest_name": "Jeanne"},
    )
    assert response.status_code == 200
    assert "Indiquez un courriel ou un téléphone" in response.content.decode()
    booking_create(
        resource=visio, start=start, end=start + dt.timedelta(minutes=30), guest_email="x@y.fr"
    )
    taken = client.post(
        f"/reserver/{visio.pk}/",
        {"start": start.isoformat(), "duration": 30, "quantity": 1, "guest_name": "J", "guest_phone": "0490000000"},
    )  # fmt: skip
    assert (
        "vient d&#x27;être pris" in taken.content.decode()
        or "vient d'être pris" in taken.content.decode()
    )
    assert Booking.objects.count() == 1


def test_cancelling_from_the_secret_page(client, visio):
    start = dt.datetime.combine(weekday(3), dt.time(14), tzinfo=PARIS)
    booking = booking_create(
        resource=visio, start=start, end=start + dt.timedelta(minutes=30), guest_email="x@y.fr"
    )
    client.post(f"/reservation/{booking.token}/")
    booking.refresh_from_db()
    assert booking.state == Booking.State.CANCELLED
    again = client.post(f"/reservation/{booking.token}/", follow=True)
    assert "déjà annulée" in again.content.decode()
    assert client.get("/reservation/inconnu/").status_code == 404


def test_feeds_hide_names_and_the_personal_feed_is_signed(client, visio):
    member = UserFactory(roles=["member"], full_name="Dominique Martin")
    start = dt.datetime.combine(weekday(2), dt.time(10), tzinfo=PARIS)
    booking_create(resource=visio, start=start, end=start + dt.timedelta(minutes=30), user=member)
    feed = client.get(f"/calendrier/ressource/{visio.pk}.ics").content.decode()
    assert "BEGIN:VEVENT" in feed and "Dominique" not in feed
    assert "BEGIN:VEVENT" in client.get(f"/calendrier/lieu/{visio.place_id}.ics").content.decode()
    client.force_login(member)
    page = client.get("/mes-reservations/").content.decode()
    signed_url = page.split("<code>")[1].split("</code>")[0]
    path = signed_url.split("testserver")[1]
    assert "BEGIN:VEVENT" in client.get(path).content.decode()
    assert client.get("/calendrier/moi/forged.ics").status_code == 404


def test_usage_and_staff_pages_are_for_the_staff(client, visio):
    assert client.get("/equipe/usage/").status_code == 302  # to the login page
    client.force_login(UserFactory(roles=["member"]))
    assert client.get("/equipe/usage/").status_code == 403
    manager = UserFactory(roles=["place_manager"])
    client.force_login(manager)
    assert "Point visio" not in client.get("/equipe/usage/").content.decode()  # not theirs yet
    visio.place.managers.add(manager)
    start = dt.datetime.combine(weekday(1), dt.time(9), tzinfo=PARIS)
    booking = booking_create(
        resource=visio, start=start, end=start + dt.timedelta(minutes=30), guest_email="x@y.fr"
    )
    usage = client.get("/equipe/usage/")
    assert usage.status_code == 200 and "Point visio" in usage.content.decode()
    client.post("/equipe/reservations/", {"booking": booking.pk, "state": "no_show"})
    booking.refresh_from_db()
    assert booking.state == Booking.State.NO_SHOW


def test_the_login_page(client):
    UserFactory(email="membre@example.org", password="un-mot-de-passe-solide", roles=["member"])
    assert client.get("/connexion/").status_code == 200
    response = client.post(
        "/connexion/", {"username": "membre@example.org", "password": "un-mot-de-passe-solide"}
    )
    assert response.status_code == 302


def test_a_place_page_lists_what_can_be_booked_and_the_trucks_next_stops(client, visio):
    from maillage.booking.models import TourStop

    truck = Resource.objects.create(place=visio.place, name="Camion", kind=Resource.Kind.VEHICLE)
    start = dt.datetime.combine(weekday(2), dt.time(9), tzinfo=PARIS)
    TourStop.objects.create(
        resource=truck, commune_id="84108", start=start, end=start + dt.timedelta(hours=3)
    )
    page = client.get(f"/lieux/{visio.place_id}/").content.decode()
    assert f"/reserver/{visio.pk}/" in page and f"/reserver/{truck.pk}/" in page
    assert "Saint-Didier" in page


def test_the_usage_page_shows_occupancy_from_the_demo_data(client):
    from maillage.demo.services import demo_build

    demo_build()
    client.force_login(UserFactory(roles=["coordinator"]))
    page = client.get("/equipe/usage/").content.decode()
    assert "Postes de coworking" in page and "Point visio" in page
    import re

    shown = [int(value) for value in re.findall(r"</span></span> (\d+) %</td>", page)]
    assert len(shown) >= 10 and max(shown) >= 10  # per cent of open hours booked


def test_a_mediator_publishes_appointment_slots_that_anyone_books(client):
    place = PlaceFactory(nom="Point numérique de Bédarrides")
    mediator = UserFactory(roles=["mediator"])
    client.force_login(mediator)
    assert client.get("/equipe/rendez-vous/").status_code == 200
    bad = client.post(
        "/equipe/rendez-vous/", {"place": place.pk, "name": "RDV", "hours": "mardi", "minutes": 30}
    )
    assert "Horaires invalides" in bad.content.decode()
    done = client.post(
        "/equipe/rendez-vous/",
        {
            "place": place.pk,
            "name": "RDV numérique",
            "hours": "Mo-Fr 09:00-12:00",
            "minutes": 30,
            "is_visio": "on",
        },
    )
    resource = Resource.objects.get(name="RDV numérique")
    assert done.status_code == 302 and resource.host == mediator and resource.kind == "appointment"
    client.logout()
    start = dt.datetime.combine(weekday(2), dt.time(9), tzinfo=PARIS)
    booking = booking_create(
        resource=resource, start=start, end=start + dt.timedelta(minutes=30), guest_email="a@b.fr"
    )
    assert booking.video_url.startswith("https://meet.jit.si/")
