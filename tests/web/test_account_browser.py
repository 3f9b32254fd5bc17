"""My account on a 360 px phone: log in, see what the hub holds, download it as JSON, make
an API key, then erase my data (a wrong password first) and find the door closed.
axe-core on each page; everything fits the screen."""

import json
import re
from pathlib import Path

import pytest

from maillage.accounts.models import User
from tests.accounts.factories import a_person_with_data
from tests.web.conftest import screenshot, serious_accessibility_violations
from tests.web.test_booking_browser import fits_the_screen

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EMAIL, PASSWORD = "jeanne.martin@example.org", "a-long-test-password"


def log_in(page, next_url: str) -> None:
    page.goto(f"{page.base_url}/connexion/?next={next_url}")
    page.get_by_label("Courriel").fill(EMAIL)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url(re.compile(re.escape(next_url) + "$"))


def test_a_person_downloads_then_erases_their_data_on_a_phone(phone):
    page = phone
    person = a_person_with_data()
    log_in(page, "/mon-compte/")
    assert page.get_by_role("heading", level=1).inner_text() == "Mon compte"
    assert serious_accessibility_violations(page) == []
    assert fits_the_screen(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Télécharger mes données (JSON)").click()
    assert download.value.suggested_filename.startswith("mes-donnees-maillage-")
    data = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    assert data["account"]["email"] == EMAIL
    assert len(data["sections"]["booking"]["bookings"]) == 3
    screenshot(page, "account")

    page.get_by_label("Nom de la clé").fill("Téléphone")
    page.get_by_role("button", name="Créer la clé").click()
    page.wait_for_load_state()
    assert page.locator("#nouvelle-cle").inner_text().startswith("mlg_")
    assert serious_accessibility_violations(page) == []
    assert fits_the_screen(page)
    screenshot(page, "account-new-key")

    page.get_by_role("link", name="Effacer mes données…").click()
    page.wait_for_url(re.compile(r"/mon-compte/effacer/$"))
    assert serious_accessibility_violations(page) == []
    assert fits_the_screen(page)
    page.get_by_label("Votre mot de passe").fill("pas-le-bon")
    page.get_by_label("Tapez EFFACER pour confirmer").fill("EFFACER")
    page.get_by_role("button", name="Effacer définitivement mes données").click()
    page.wait_for_load_state()
    assert page.get_by_text("Mot de passe incorrect.").is_visible()
    assert serious_accessibility_violations(page) == []
    assert fits_the_screen(page)
    screenshot(page, "account-erase-error")

    page.get_by_label("Votre mot de passe").fill(PASSWORD)
    page.get_by_label("Tapez EFFACER pour confirmer").fill("EFFACER")
    page.get_by_role("button", name="Effacer définitivement mes données").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == "Vos données sont effacées"
    assert serious_accessibility_violations(page) == []
    screenshot(page, "account-erased")
    assert User.objects.get(pk=person.user.pk).erased_at is not None

    page.goto(f"{page.base_url}/mon-compte/")
    page.wait_for_url(re.compile(r"/connexion/"))  # logged out
    page.get_by_label("Courriel").fill(EMAIL)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_load_state()
    assert "/connexion/" in page.url  # the account is closed
