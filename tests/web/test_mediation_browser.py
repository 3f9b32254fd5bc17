"""Mediation records on a 360 px phone: a mediator records an individual session with a new
person and a collective workshop, sees both in their list and in their statistics. axe-core
on the form and the statistics page; everything fits the screen."""

import re

import pytest

from maillage.accounts.services import user_create
from maillage.mediation.models import MediationActivity
from maillage.mediation.services import themes_ensure
from tests.factories import PlaceFactory
from tests.web.conftest import screenshot, serious_accessibility_violations, wait_until
from tests.web.test_booking_browser import fits_the_screen

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Un-mot-de-passe-solide-42"


def log_in(page, email: str, then: str) -> None:
    page.goto(f"{page.base_url}/connexion/?next={then}")
    page.get_by_label("Courriel").fill(email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name=re.compile("connecter", re.I)).click()
    page.wait_for_url(re.compile(re.escape(then) + "$"))


def test_a_mediator_records_a_session_and_a_workshop_on_a_phone(phone):
    page = phone
    themes_ensure()  # the database of a live-server test is emptied, the data migration's too
    user_create(email="sam@example.org", password=PASSWORD, full_name="Sam Médiateur",
                roles=["mediator"], check_password=False)  # fmt: skip
    PlaceFactory(nom="Espace de médiation de Monteux", operator=None)
    from maillage.directory.models import Organisation

    hub = Organisation.objects.create(name="Provence Numérique", kind="association", is_hub=True,
                                      commune_id="84080")  # fmt: skip
    PlaceFactory(nom="La Filature numérique", operator=hub)

    log_in(page, "sam@example.org", "/mediation/")
    page.get_by_role("link", name="+ Nouvelle activité").click()
    page.wait_for_url(re.compile(r"/mediation/nouvelle/$"))
    assert serious_accessibility_violations(page) == []
    assert fits_the_screen(page)
    # Without a workshop chosen, the workshop's part is hidden; the person's part shows.
    assert page.get_by_label("Titre de l'atelier").is_hidden()
    page.get_by_label("Accompagnement individuel").check()
    page.get_by_label("45 min").check()
    page.get_by_label("Dans un lieu").check()
    page.get_by_label("Lieu", exact=True).select_option(label="La Filature numérique")
    page.get_by_label("E-mail").check()
    page.get_by_label("Prévention en sécurité numérique").check()
    assert page.get_by_label("Tranche d'âge").is_hidden()
    page.get_by_label("Nouvelle personne").check()
    page.get_by_label("Tranche d'âge").select_option(label="70 ans et plus")
    page.get_by_label("Genre").select_option(label="Femme")
    page.get_by_label("Commune de résidence").fill("Carpentras (84031)")
    page.get_by_label("Prénom (facultatif, vu de vous seul)").fill("Jeanne")
    page.get_by_label("Partiellement autonome").check()
    screenshot(page, "mediation-form-individual")
    page.get_by_role("button", name="Enregistrer l'activité").click()
    page.wait_for_url(re.compile(r"/mediation/\?nouvelle=\d+"))
    assert page.get_by_text("Activité enregistrée").is_visible()
    individual = MediationActivity.objects.get(kind="individual")
    assert (individual.duration_minutes, individual.beneficiary.first_name) == (45, "Jeanne")
    assert individual.beneficiary.commune_id == "84031"

    page.get_by_role("link", name="+ Nouvelle activité").click()
    page.get_by_label("Atelier collectif").check()
    assert page.get_by_label("Titre de l'atelier").is_visible()
    assert page.get_by_label("Nouvelle personne").is_hidden()
    page.get_by_label("Titre de l'atelier").fill("Smartphone pas à pas")
    page.get_by_label("Nombre de participants").fill("8")
    page.get_by_label("Niveau").select_option(label="Débutant")
    page.get_by_label("2 h", exact=True).check()
    # The usual themes come first; the others are one tap away.
    assert page.get_by_label("E-mail").is_visible()
    page.get_by_text("Autres thèmes de médiation numérique").click()
    page.get_by_label("Prendre en main du matériel").check()
    assert fits_the_screen(page)
    screenshot(page, "mediation-form-workshop")
    page.get_by_role("button", name="Enregistrer l'activité").click()
    page.wait_for_url(re.compile(r"/mediation/\?nouvelle=\d+"))
    records = page.get_by_test_id("mediation-records")
    assert records.get_by_text("Smartphone pas à pas").is_visible()
    assert records.get_by_text("Jeanne (Personne n°").is_visible()
    assert fits_the_screen(page)
    screenshot(page, "mediation-list")

    page.get_by_role("link", name="Statistiques").click()
    page.wait_for_url(re.compile(r"/mediation/statistiques/$"))
    assert page.get_by_test_id("stat-activities").inner_text() == "2"
    assert page.get_by_test_id("stat-people").inner_text() == "9"
    assert page.get_by_test_id("stat-hours").inner_text().startswith("3")  # 45 min + 2 h
    wait_until(page, "document.getElementById('mediation-map').dataset.communes")
    assert page.locator("#mediation-map").get_attribute("data-communes") == "2"
    assert serious_accessibility_violations(page) == []
    assert fits_the_screen(page)
    screenshot(page, "mediation-statistics")
