"""The diagnostic on a 360 px phone: a person answers every question, gives their commune
and gets their levels with a path of workshops and nearby places, printable. axe-core on
each page; everything fits the screen."""

import datetime as dt
import re

import pytest
from django.utils import timezone

from maillage.diagnostic.models import Diagnostic
from maillage.diagnostic.selectors import questionnaire_get
from maillage.programme.models import Category, Event, Session
from tests.factories import PlaceFactory
from tests.web.conftest import screenshot, serious_accessibility_violations
from tests.web.test_booking_browser import fits_the_screen

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_person_takes_the_diagnostic_and_sees_a_path(phone):
    page = phone
    event = Event.objects.create(
        title="Mes démarches en ligne pas à pas", category=Category.objects.get(slug="insertion")
    )
    start = (timezone.now() + dt.timedelta(days=6)).replace(hour=9, minute=30)
    Session.objects.create(event=event, start=start, end=start + dt.timedelta(hours=2),
                           capacity=8)  # fmt: skip
    PlaceFactory(nom="Point numérique de Monteux", telephone="0490000000",
                 tags={"services": ["Aide aux démarches administratives"]})  # fmt: skip
    page.goto(f"{page.base_url}/diagnostic/")
    assert serious_accessibility_violations(page) == []
    assert fits_the_screen(page)
    screenshot(page, "diagnostic-questionnaire")
    for question in questionnaire_get().questions:
        group = page.get_by_role("group", name=question.text)
        wanted = 0 if question.skill == "demarches" else 3
        group.get_by_label(next(c.text for c in question.choices if c.points == wanted)).check()
    page.get_by_label("Votre commune (facultatif)").fill("Monteux")
    page.get_by_label("Votre âge (facultatif)").select_option("60-74")
    page.get_by_role("button", name="Voir mon résultat").click()
    page.wait_for_url(re.compile(r"/diagnostic/resultat/[\w-]+/$"))
    levels = page.get_by_test_id("diagnostic-levels")
    assert "Faire ses démarches en ligne" in levels.inner_text()
    assert "Débutant" in levels.inner_text() and "Expert" in levels.inner_text()
    path = page.get_by_test_id("diagnostic-path")
    assert path.get_by_role(
        "link", name="Mes démarches en ligne pas à pas", exact=True
    ).is_visible()
    assert path.get_by_role("link", name="Point numérique de Monteux", exact=True).is_visible()
    assert page.get_by_role("button", name="Imprimer").is_visible()
    assert serious_accessibility_violations(page) == []
    assert fits_the_screen(page)
    screenshot(page, "diagnostic-result")
    diagnostic = Diagnostic.objects.get()
    assert diagnostic.commune.nom == "Monteux" and diagnostic.age_band == "60-74"
    page.emulate_media(media="print")
    assert not page.get_by_role("button", name="Imprimer").is_visible()
    assert not page.locator(".site-header").is_visible()
    screenshot(page, "diagnostic-print")
    page.emulate_media(media="screen")
    path.get_by_role("link", name=re.compile("^S'inscrire")).first.click()
    page.wait_for_url(re.compile(rf"/programme/{event.pk}/"))


def test_a_missing_answer_sends_the_person_to_the_question(phone):
    page = phone
    page.goto(f"{page.base_url}/diagnostic/")
    page.get_by_role("button", name="Voir mon résultat").click()
    page.wait_for_load_state()
    summary = page.get_by_role("alert")
    assert "12 réponses à compléter" in summary.inner_text()
    assert page.evaluate("document.activeElement.id") == "erreurs"
    assert serious_accessibility_violations(page) == []
    assert fits_the_screen(page)
    screenshot(page, "diagnostic-errors")
    assert not Diagnostic.objects.exists()
