"""The programme in a browser, on a 360 px phone: a visitor registers to a demo workshop
and downloads its `.ics`; a cancellation promotes the next person (who gets an e-mail);
the organiser checks people in. axe-core on each page; everything fits the screen."""

import re
from pathlib import Path

import pytest
from django.core import mail
from django.utils import timezone

from maillage.accounts.services import user_create
from maillage.programme.models import Registration, Session
from maillage.programme.services import registration_create
from tests.web.conftest import screenshot, serious_accessibility_violations
from tests.web.test_booking_browser import fits_the_screen

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def an_open_session() -> Session:
    soon = timezone.now() + timezone.timedelta(days=2)
    for session in Session.objects.filter(
        event__is_demo=True, start__gt=soon, event__title__startswith="Atelier insertion"
    ).order_by("start"):
        if session.registrations.filter(state__in=Registration.SEATED).count() < session.capacity:
            return session
    pytest.fail("no open demo session")


def test_a_visitor_registers_gets_the_ics_and_a_cancellation_promotes(demo_phone):
    page = demo_phone
    page.goto(f"{page.base_url}/programme/")
    assert serious_accessibility_violations(page) == []
    assert fits_the_screen(page)
    screenshot(page, "programme-list")
    session = an_open_session()
    page.goto(f"{page.base_url}/programme/{session.event_id}/")
    assert serious_accessibility_violations(page) == []
    card = page.locator(f"#seance-{session.pk}")
    card.locator("summary").click()
    card.get_by_label("Nom et prénom").fill("Jeanne Visiteuse")
    card.get_by_label("Courriel").fill("jeanne@example.org")
    assert fits_the_screen(page)
    card.get_by_role(
        "button", name=re.compile("^(Confirmer l'inscription|Me mettre sur la liste d'attente)$")
    ).click()
    page.wait_for_load_state()
    page.wait_for_url(re.compile(r"/inscription/[\w-]+/(#.*)?$"))
    assert serious_accessibility_violations(page) == []
    screenshot(page, "programme-registration")
    with page.expect_download() as download:
        page.get_by_role("link", name="Ajouter à mon agenda (.ics)").click()
    assert "BEGIN:VEVENT" in Path(download.value.path()).read_text(encoding="utf-8")
    mine = Registration.objects.get(email="jeanne@example.org")
    # Fill the session, then one more waits; Jeanne's cancellation gives them the seat.
    session.refresh_from_db()
    while session.registrations.filter(state__in=Registration.SEATED).count() < session.capacity:
        n = session.registrations.count()
        registration_create(session=session, name=f"P{n}", email=f"p{n}@example.org")
    waiting = registration_create(session=session, name="Paul", email="paul@example.org")
    if mine.state == "registered":
        mail.outbox.clear()
        page.on("dialog", lambda dialog: dialog.accept())
        page.get_by_role("button", name="Annuler mon inscription").click()
        page.wait_for_load_state()
        assert page.get_by_test_id("registration-state").inner_text() == "Annulée"
        waiting.refresh_from_db()
        assert waiting.state == "registered"
        assert [m.to for m in mail.outbox] == [["paul@example.org"]]


def test_the_organiser_checks_people_in_on_a_phone(demo_phone):
    page = demo_phone
    user_create(email="orga@example.org", password="Un-mot-de-passe-solide-42",
                full_name="Orga", roles=["mediator"], check_password=False)  # fmt: skip
    session = an_open_session()
    person = registration_create(session=session, name="Jeanne Présente", email="jp@example.org")
    page.goto(f"{page.base_url}/connexion/?next=/equipe/programme/seance/{session.pk}/")
    page.get_by_label("Adresse électronique").or_(page.get_by_label("Courriel")).first.fill(
        "orga@example.org"
    )
    page.get_by_label("Mot de passe").fill("Un-mot-de-passe-solide-42")
    page.get_by_role("button", name=re.compile("connecter|Connexion", re.I)).click()
    page.wait_for_url(re.compile(r"/equipe/programme/seance/"))
    page.get_by_role("button", name="Jeanne Présente : présent").click()
    page.wait_for_load_state()
    person.refresh_from_db()
    assert person.state == "attended"
    assert serious_accessibility_violations(page) == []
    assert fits_the_screen(page)
    screenshot(page, "programme-checkin")
    page.goto(f"{page.base_url}/programme/?vue=mois")
    assert fits_the_screen(page)
    screenshot(page, "programme-month")
