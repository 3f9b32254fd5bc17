import datetime as dt

import icalendar
import pytest
from django.core import mail
from django.utils import timezone

from maillage.booking.availability import PARIS
from maillage.booking.ical import event_uid
from maillage.booking.models import Booking, CalendarFeedKey, Resource
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

    shown = [int(value) for value in re.findall(r"</span> (\d+) %</td>", page)]
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


def calendar_link(client) -> str:
    page = client.get("/mes-reservations/").content.decode()
    return page.split("<code>")[1].split("</code>")[0].split("testserver")[1]


def test_the_personal_calendar_link_is_renewed_and_the_old_one_opens_nothing(client, visio):
    member = UserFactory(roles=["member"])
    start = dt.datetime.combine(weekday(2), dt.time(10), tzinfo=PARIS)
    booking_create(resource=visio, start=start, end=start + dt.timedelta(minutes=30), user=member)
    client.force_login(member)
    old = calendar_link(client)
    assert calendar_link(client) == old  # stable from one visit to the next
    assert "BEGIN:VEVENT" in client.get(old).content.decode()
    renewed = client.post("/mes-reservations/")
    assert renewed.status_code == 302 and renewed["Location"] == "/mes-reservations/"
    new = calendar_link(client)
    assert new != old
    assert client.get(old).status_code == 404
    assert "BEGIN:VEVENT" in client.get(new).content.decode()


def test_the_personal_calendar_link_expires_and_the_page_gives_a_new_one(client):
    member = UserFactory(roles=["member"])
    client.force_login(member)
    link = calendar_link(client)
    feed = CalendarFeedKey.objects.get(user=member)
    assert feed.expires_at > timezone.now() + dt.timedelta(days=364)
    assert str(feed.expires_at.year) in client.get("/mes-reservations/").content.decode()
    CalendarFeedKey.objects.filter(pk=feed.pk).update(expires_at=timezone.now())
    assert client.get(link).status_code == 404
    fresh = calendar_link(client)
    assert fresh != link and client.get(fresh).status_code == 200


def test_the_personal_calendar_of_an_inactive_account_opens_nothing(client):
    member = UserFactory(roles=["member"])
    client.force_login(member)
    link = calendar_link(client)
    member.is_active = False
    member.save()
    assert client.get(link).status_code == 404


def test_renewing_needs_an_account(client):
    response = client.post("/mes-reservations/")
    assert response.status_code == 302 and "/connexion/" in response["Location"]
    assert not CalendarFeedKey.objects.exists()


def _components(response) -> list:
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return icalendar.Calendar.from_ical(response.content).subcomponents


def test_every_empty_booking_feed_holds_a_component(client, visio):
    member = UserFactory(roles=["member"])
    client.force_login(member)
    for url in (
        f"/calendrier/ressource/{visio.pk}.ics",
        f"/calendrier/lieu/{visio.place_id}.ics",
        calendar_link(client),
    ):
        components = _components(client.get(url))
        assert [c.name for c in components] == ["VTIMEZONE"], url


def test_unknown_places_and_resources_are_404(client, visio):
    for url in (
        "/calendrier/lieu/987654321.ics",
        "/calendrier/lieu/99999999999999999999999.ics",
        "/calendrier/ressource/99999999999999999999999.ics",
        "/reserver/99999999999999999999999/",
    ):
        assert client.get(url).status_code == 404, url


def test_booking_uids_in_the_public_feeds_do_not_reveal_the_ids(client, visio):
    start = dt.datetime.combine(weekday(2), dt.time(10), tzinfo=PARIS)
    booking = booking_create(
        resource=visio, start=start, end=start + dt.timedelta(minutes=30), guest_email="a@b.fr"
    )
    for url in (f"/calendrier/ressource/{visio.pk}.ics", f"/calendrier/lieu/{visio.place_id}.ics",
                f"/reservation/{booking.token}/agenda.ics"):  # fmt: skip
        [entry] = icalendar.Calendar.from_ical(client.get(url).content).walk("VEVENT")
        assert str(entry["uid"]) == event_uid("booking", booking.pk)
        assert f"booking-{booking.pk}@" not in str(entry["uid"])


def test_the_secret_page_cancels_past_the_deadline_only_for_who_runs_the_resource(client, visio):
    start = dt.datetime.combine(weekday(2), dt.time(10), tzinfo=PARIS)
    booking = booking_create(
        resource=visio, start=start, end=start + dt.timedelta(minutes=30), guest_email="a@b.fr"
    )
    soon = timezone.now() + dt.timedelta(minutes=30)
    Booking.objects.filter(pk=booking.pk).update(start=soon, end=soon + dt.timedelta(hours=1))
    elsewhere = UserFactory(roles=["place_manager"])
    PlaceFactory().managers.add(elsewhere)
    client.force_login(elsewhere)
    client.post(f"/reservation/{booking.token}/")
    booking.refresh_from_db()
    assert booking.state == Booking.State.CONFIRMED  # too late for the guest's link
    manager = UserFactory(roles=["place_manager"])
    visio.place.managers.add(manager)
    client.force_login(manager)
    client.post(f"/reservation/{booking.token}/")
    booking.refresh_from_db()
    assert booking.state == Booking.State.CANCELLED


def test_the_staff_bookings_page_refuses_huge_ids_without_failing(client, visio):
    client.force_login(UserFactory(roles=["coordinator"]))
    response = client.post(
        "/equipe/reservations/", {"booking": "99999999999999999999999", "state": "no_show"}
    )
    assert response.status_code == 302
