import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from maillage.programme.models import Category, Event, Registration, Session
from maillage.programme.services import registration_create
from tests.factories import OrganisationFactory, PlaceFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def session():
    place = PlaceFactory(nom="Medialab du Comtat")
    event = Event.objects.create(
        title="Atelier smartphone", category=Category.objects.get(slug="mediation"), place=place
    )
    start = timezone.now() + dt.timedelta(days=3)
    return Session.objects.create(
        event=event, start=start, end=start + dt.timedelta(hours=2), capacity=1
    )


def register(client, session, name, email):
    return client.post(
        f"/programme/{session.event_id}/",
        {"session": session.pk, f"s{session.pk}-session": session.pk, f"s{session.pk}-name": name,
         f"s{session.pk}-email": email},
    )  # fmt: skip


def test_programme_lists_coming_sessions_with_filters_and_month_view(client, session):
    page = client.get("/programme/").content.decode()
    assert "Atelier smartphone" in page and "0 inscrits sur 1 places" in page
    assert (
        "Atelier smartphone"
        not in client.get("/programme/", {"categorie": "gamelab"}).content.decode()
    )
    assert "Atelier smartphone" in client.get("/programme/", {"q": "smartphone"}).content.decode()
    month = timezone.localtime(session.start).strftime("%Y-%m")
    shown = client.get("/programme/", {"vue": "mois", "mois": month})
    assert shown.status_code == 200 and "Atelier smartphone" in shown.content.decode()


def test_register_waiting_list_cancel_promotes_and_mails(client, session):
    page = client.get(f"/programme/{session.event_id}/").content.decode()
    assert "effacées 12 mois après la séance" in page
    done = register(client, session, "Jeanne", "jeanne@example.org")
    first = Registration.objects.get(email="jeanne@example.org")
    assert done.status_code == 302 and done["Location"] == f"/inscription/{first.token}/"
    assert first.state == "registered"
    assert mail.outbox[0].attachments[0][0] == "seance.ics"
    assert "BEGIN:VEVENT" in mail.outbox[0].attachments[0][1]
    assert "complet — liste d'attente" in client.get("/programme/").content.decode()
    register(client, session, "Paul", "paul@example.org")
    second = Registration.objects.get(email="paul@example.org")
    assert second.state == "waiting"
    assert "rang 1" in client.get(f"/inscription/{second.token}/").content.decode()
    ics = client.get(f"/inscription/{first.token}/agenda.ics")
    assert ics["Content-Type"].startswith("text/calendar") and b"Atelier smartphone" in ics.content
    mail.outbox.clear()
    client.post(f"/inscription/{first.token}/")
    second.refresh_from_db()
    assert second.state == "registered"
    assert mail.outbox[0].to == ["paul@example.org"] and "place" in mail.outbox[0].subject


def test_refusals_show_on_the_form(client, session):
    register(client, session, "Jeanne", "jeanne@example.org")
    again = register(client, session, "Jeanne", "jeanne@example.org")
    assert again.status_code == 200
    assert "déjà inscrite" in again.content.decode()
    empty = register(client, session, "Jeanne", "")
    assert "Indiquez un courriel ou un téléphone" in empty.content.decode()


def test_member_sees_prefilled_form_and_may_register_others(client, session):
    user = UserFactory(email="dominique@example.org", full_name="Dominique")
    from maillage.accounts.services import user_set_roles

    user_set_roles(user=user, roles=["member"])
    client.force_login(user)
    page = client.get(f"/programme/{session.event_id}/").content.decode()
    assert 'value="dominique@example.org"' in page
    assert "inscrire d'autres personnes de votre organisation" in page


def test_checkin_is_for_who_runs_the_session_and_marks_attendance(client, session):
    registration = registration_create(session=session, name="Jeanne", email="j@example.org")
    url = f"/equipe/programme/seance/{session.pk}/"
    client.force_login(UserFactory())
    assert client.get(url).status_code == 403
    manager = UserFactory(roles=["place_manager"])
    session.event.place.managers.add(manager)
    client.force_login(manager)
    assert "Jeanne" in client.get(url).content.decode()
    client.post(url, {"registration": registration.pk, "presence": "present"})
    registration.refresh_from_db()
    assert registration.state == "attended"
    staff_page = client.get("/equipe/programme/").content.decode()
    assert "Atelier smartphone" in staff_page and url in staff_page


@pytest.mark.parametrize("role", ["mediator", "place_manager"])
def test_other_staff_see_neither_the_names_nor_mark_attendance(client, session, role):
    """Any staff member opened any session's check-in page (names, attendance): now only the
    organiser's staff, the managers of the session's place and the coordination do."""
    registration = registration_create(session=session, name="Jeanne", email="j@example.org")
    elsewhere = UserFactory(roles=[role])
    PlaceFactory().managers.add(elsewhere)
    client.force_login(elsewhere)
    url = f"/equipe/programme/seance/{session.pk}/"
    page = client.get(url)
    assert page.status_code == 403 and "Jeanne" not in page.content.decode()
    marked = client.post(url, {"registration": registration.pk, "presence": "absent"})
    assert marked.status_code == 403
    registration.refresh_from_db()
    assert registration.state == "registered"
    staff_page = client.get("/equipe/programme/").content.decode()
    assert "Atelier smartphone" in staff_page and url not in staff_page  # figures, no link


def test_the_organisers_staff_run_its_sessions(client, session):
    from maillage.members.models import Representative

    organiser = OrganisationFactory(name="Centre social")
    Event.objects.filter(pk=session.event_id).update(organiser=organiser)
    url = f"/equipe/programme/seance/{session.pk}/"
    mediator = UserFactory(roles=["mediator"])
    client.force_login(mediator)
    assert client.get(url).status_code == 403
    Representative.objects.create(person=mediator, organisation=organiser)
    assert client.get(url).status_code == 200
    manager = UserFactory(roles=["place_manager"])
    PlaceFactory(operator=organiser).managers.add(manager)  # a place of the organiser's
    client.force_login(manager)
    assert client.get(url).status_code == 200
    hub_mediator = UserFactory(roles=["mediator"])
    client.force_login(hub_mediator)
    assert client.get(url).status_code == 403
    organiser.is_hub = True  # the hub's own structure: its mediators hold its sessions
    organiser.save()
    assert client.get(url).status_code == 200
    client.force_login(UserFactory(roles=["coordinator"]))
    assert client.get(url).status_code == 200


def test_ids_past_the_largest_integer_are_404(client, session):
    client.force_login(UserFactory(roles=["coordinator"]))
    huge = 99999999999999999999999
    assert client.get(f"/equipe/programme/seance/{huge}/").status_code == 404
    assert client.get(f"/programme/{huge}/").status_code == 404
    url = f"/equipe/programme/seance/{session.pk}/"
    response = client.post(url, {"registration": str(huge), "presence": "present"})
    assert response.status_code == 302
