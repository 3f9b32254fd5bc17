"""Company accompaniment on a 360 px phone: the referent logs in, opens an accompaniment of
the list and records a step, then opens the form of a new one and the diagnostics' counts;
axe-core on each page; everything fits the screen."""

import re

import pytest
from django.utils import timezone

from maillage.accompaniment.models import Step
from maillage.accompaniment.services import accompaniment_create
from maillage.accounts.services import user_create
from tests.accompaniment.factories import company
from tests.web.conftest import screenshot, serious_accessibility_violations
from tests.web.test_booking_browser import fits_the_screen

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_referent_records_a_step_on_a_phone(phone):
    page = phone
    referent = user_create(email="sam@example.org", password="Un-mot-de-passe-solide-42",
                           full_name="Sam Médiateur", roles=["mediator"], check_password=False)  # fmt: skip
    accompaniment = accompaniment_create(
        organisation=company("Ferronnerie des Sablons"), need="prototyping",
        description="Un portail en fer forgé : modélisation et découpe au fablab.",
        started_on=timezone.localdate(), actor=referent, referent=referent,
    )  # fmt: skip
    page.goto(f"{page.base_url}/connexion/?next=/equipe/entreprises/")
    page.get_by_label("Adresse électronique").or_(page.get_by_label("Courriel")).first.fill(
        "sam@example.org"
    )
    page.get_by_label("Mot de passe").fill("Un-mot-de-passe-solide-42")
    page.get_by_role("button", name=re.compile("connecter|Connexion", re.I)).click()
    page.wait_for_url(re.compile(r"/equipe/entreprises/$"))
    assert serious_accessibility_violations(page) == []
    assert fits_the_screen(page)
    screenshot(page, "accompaniment-list")
    page.get_by_role("link", name="Ferronnerie des Sablons").first.click()
    page.wait_for_url(re.compile(rf"/equipe/entreprises/{accompaniment.pk}/$"))
    form = page.locator("section", has=page.get_by_role("heading", name="Ajouter une étape"))
    form.get_by_label("Étape").select_option("prototype")
    form.get_by_label("Durée (minutes)").fill("150")
    form.get_by_label("Note").fill("Découpe laser des motifs, essai d'assemblage.")
    form.get_by_role("button", name="Enregistrer l'étape").click()
    page.wait_for_url(re.compile(r"#etapes$"))
    steps = page.get_by_test_id("accompaniment-steps")
    assert "Prototype" in steps.inner_text() and "2,5 h" in steps.inner_text()
    step = Step.objects.get()
    assert (step.minutes, step.author, step.kind) == (150, referent, "prototype")
    assert serious_accessibility_violations(page) == []
    assert fits_the_screen(page)
    screenshot(page, "accompaniment-step")
    for url, name in (("/equipe/entreprises/nouvelle/", "accompaniment-new"),
                      ("/equipe/diagnostics/", "diagnostic-staff")):  # fmt: skip
        page.goto(f"{page.base_url}{url}")
        assert serious_accessibility_violations(page) == [], url
        assert fits_the_screen(page), url
        screenshot(page, name)
