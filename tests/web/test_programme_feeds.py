import datetime as dt
import re

import icalendar
import pytest
from django.urls import reverse
from django.utils import timezone

from maillage.booking.ical import event_uid
from maillage.programme.models import Category, Event, Registration, Session
from tests.factories import PlaceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def programme():
    filature = PlaceFactory(nom="La Filature numérique")
    mairie = PlaceFactory(nom="Mairie annexe")
    mediation = Category.objects.get(slug="mediation")
    other = Category.objects.exclude(pk=mediation.pk).first()
    smartphone = Event.objects.create(
        title="Atelier smartphone", category=mediation, place=filature, description="Pas à pas"
    )
    forum = Event.objects.create(title="Forum emploi", category=other, place=mairie)
    now = timezone.now()

    def session(event, days, **extra):
        start = now + dt.timedelta(days=days)
        return Session.objects.create(
            event=event, start=start, end=start + dt.timedelta(hours=2), capacity=10, **extra
        )

    return {
        "filature": filature,
        "mairie": mairie,
        "mediation": mediation,
        "other": other,
        "coming": session(smartphone, 3),
        "elsewhere": session(smartphone, 4, place=mairie),  # the session's own place
        "forum": session(forum, 5),
        "past": session(smartphone, -3),
        "cancelled": session(forum, 6, is_cancelled=True),
        "hidden": session(
            Event.objects.create(title="Brouillon", category=mediation, is_published=False), 2
        ),
    }


def uids(response):
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment;")
    feed = icalendar.Calendar.from_ical(response.content)
    return {str(entry["uid"]) for entry in feed.walk("VEVENT")}, feed


def uid(session):
    return event_uid("programme-session", session.pk)


def test_the_whole_programme_lists_only_coming_published_sessions(client, programme):
    Registration.objects.create(
        session=programme["coming"], name="Jeanne", email="jeanne@x.org", state="registered"
    )
    found, feed = uids(client.get(reverse("web:programme-calendar")))
    assert found == {uid(programme[key]) for key in ("coming", "elsewhere", "forum")}
    assert str(feed["x-wr-calname"]) == "Programme du hub"
    [entry] = [e for e in feed.walk("VEVENT") if str(e["uid"]) == uid(programme["coming"])]
    assert str(entry["summary"]).startswith("Atelier smartphone (")
    assert "La Filature numérique" in str(entry["location"])
    assert "Places restantes : 9 sur 10" in str(entry["description"])
    assert entry["dtstart"].dt == programme["coming"].start.replace(microsecond=0)
    assert b"Jeanne" not in client.get(reverse("web:programme-calendar")).content


def test_a_category_feed(client, programme):
    url = reverse("web:programme-category-calendar", args=[programme["mediation"].slug])
    found, _feed = uids(client.get(url))
    assert found == {uid(programme["coming"]), uid(programme["elsewhere"])}
    other = reverse("web:programme-category-calendar", args=[programme["other"].slug])
    assert uids(client.get(other))[0] == {uid(programme["forum"])}


def test_a_place_feed_counts_a_session_held_elsewhere_at_that_place(client, programme):
    filature = reverse("web:programme-place-calendar", args=[programme["filature"].pk])
    assert uids(client.get(filature))[0] == {uid(programme["coming"])}
    mairie = reverse("web:programme-place-calendar", args=[programme["mairie"].pk])
    assert uids(client.get(mairie))[0] == {uid(programme["elsewhere"]), uid(programme["forum"])}


def test_unknown_category_or_place_is_404(client, programme):
    assert client.get(reverse("web:programme-category-calendar", args=["nope"])).status_code == 404
    assert client.get(reverse("web:programme-place-calendar", args=[999999])).status_code == 404


def test_an_empty_programme_is_a_valid_calendar(client):
    found, feed = uids(client.get("/programme/agenda.ics"))
    assert found == set() and str(feed["version"]) == "2.0"


def test_every_empty_feed_holds_a_component(client):
    """RFC 5545: a calendar holds at least one component; an empty feed holds the time zone."""
    place = PlaceFactory()
    for url in (
        "/programme/agenda.ics",
        reverse("web:programme-category-calendar", args=["mediation"]),
        reverse("web:programme-place-calendar", args=[place.pk]),
    ):
        found, feed = uids(client.get(url))
        assert found == set() and feed.subcomponents, url
        assert [zone["tzid"] for zone in feed.walk("VTIMEZONE")] == ["Europe/Paris"]


def test_session_uids_do_not_reveal_the_ids(client, programme):
    found, _feed = uids(client.get("/programme/agenda.ics"))
    assert len(found) == 3
    assert all(re.fullmatch(r"programme-session-[0-9a-f]{32}@maillage", uid) for uid in found)
    assert uid(programme["coming"]) == uid(Session.objects.get(pk=programme["coming"].pk))
    registration = Registration.objects.create(
        session=programme["coming"], name="Jeanne", email="jeanne@x.org", state="registered"
    )
    ics = client.get(f"/inscription/{registration.token}/agenda.ics")
    [entry] = icalendar.Calendar.from_ical(ics.content).walk("VEVENT")
    assert str(entry["uid"]) == uid(programme["coming"])
    assert f"-{programme['coming'].pk}@" not in str(entry["uid"])


def test_a_huge_place_id_is_404(client):
    assert client.get("/programme/lieu/99999999999999999999999/agenda.ics").status_code == 404
