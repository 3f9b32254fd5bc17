"""The cooperative in a browser, on a 360 px phone, with the demo's cooperative: the
coordinator opens the dashboard and the funding mix; a member edits the card of an
organisation they act for and opens its receipt. axe-core on each page; everything fits."""

import re

import pytest
from django.utils import timezone

from maillage.demo import hub
from maillage.demo import services as demo
from maillage.demo.members import build_members
from maillage.directory.models import Organisation
from maillage.members.models import DuesPayment
from tests.web.conftest import screenshot, serious_accessibility_violations
from tests.web.test_booking_browser import fits_the_screen

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def cooperative_phone(phone):
    """The phone, on a site holding the demo accounts, actors and cooperative."""
    report = demo.DemoReport()
    demo._users(report)
    demo._organisations(report)
    build_members(year=timezone.localdate().year)
    return phone


def log_in(page, email: str, then: str) -> None:
    page.goto(f"{page.base_url}/connexion/?next={then}")
    page.get_by_label("Adresse électronique").or_(page.get_by_label("Courriel")).first.fill(email)
    page.get_by_label("Mot de passe").fill(hub.DEMO_PASSWORD)
    page.get_by_role("button", name=re.compile("connecter|Connexion", re.I)).click()
    page.wait_for_url(re.compile(re.escape(then) + "$"))


def test_the_coordinator_opens_the_dashboard_and_the_funding_mix(cooperative_phone):
    page = cooperative_phone
    log_in(page, "coordination@demo.maillage.fr", "/equipe/cooperative/")
    assert page.get_by_test_id("figure-societaires").inner_text() == "55"
    assert page.get_by_test_id("figure-capital").inner_text().replace("\u202f", " ") in (
        "13 800 €", "13\xa0800 €",
    )  # fmt: skip
    assert serious_accessibility_violations(page) == []
    assert fits_the_screen(page)
    screenshot(page, "members-dashboard")
    page.get_by_role("link", name="Plan de financement").click()
    page.wait_for_url(re.compile(r"/cooperative/financement/"))
    assert page.get_by_test_id("shares-total").inner_text() == "100,0 %"
    shares = [page.get_by_test_id(f"share-{group}").inner_text() for group in ("own", "public", "private")]  # fmt: skip
    assert shares == ["50,0 %", "45,0 %", "5,0 %"]
    assert serious_accessibility_violations(page) == []
    assert fits_the_screen(page)
    screenshot(page, "members-funding")
    page.goto(f"{page.base_url}/membres/")
    page.get_by_label("Collège").select_option(label="Collectivités")
    page.get_by_role("button", name="Afficher").click()
    page.wait_for_url(re.compile(r"college=collectivites"))
    assert page.get_by_test_id("member-item").count() == 2
    assert serious_accessibility_violations(page) == []
    assert fits_the_screen(page)
    screenshot(page, "members-directory")
    page.get_by_role("link", name="Commune de Monteux").click()
    page.wait_for_url(re.compile(r"/membres/\d+/$"))
    assert page.get_by_test_id("membership-status").inner_text() == "Active"
    assert serious_accessibility_violations(page) == []
    assert fits_the_screen(page)
    screenshot(page, "members-member")


def test_a_member_edits_their_organisations_card_and_opens_its_receipt(cooperative_phone):
    page = cooperative_phone
    log_in(page, "membre@demo.maillage.fr", "/espace-membre/")
    assert page.get_by_test_id("represented").count() == 2
    assert serious_accessibility_violations(page) == []
    assert fits_the_screen(page)
    screenshot(page, "members-space")
    page.get_by_role("link", name="Modifier la fiche de Pixel Ventoux").click()
    page.wait_for_url(re.compile(r"/espace-membre/organisation/\d+/$"))
    assert serious_accessibility_violations(page) == []
    page.get_by_label("Présentation").fill("Agence web et accessibilité, membre du pôle.")
    page.get_by_label("Secteurs").fill("Web, Accessibilité, Formation")
    page.get_by_role("button", name="Enregistrer la fiche").click()
    page.wait_for_load_state()
    assert page.get_by_text("Fiche de l'organisation enregistrée.").is_visible()
    assert fits_the_screen(page)
    screenshot(page, "members-organisation-card")
    pixel = Organisation.objects.get(name="Pixel Ventoux")
    assert pixel.sectors == ["Web", "Accessibilité", "Formation"]
    payment = DuesPayment.objects.get(call__membership__organisation=pixel)
    page.goto(f"{page.base_url}/espace-membre/")
    page.get_by_role("link", name=f"Reçu n° {payment.receipt_number}").click()
    page.wait_for_url(re.compile(rf"/cooperative/recu/{payment.pk}/$"))
    assert page.get_by_role("button", name="Imprimer ou enregistrer en PDF").is_visible()
    assert serious_accessibility_violations(page) == []
    assert fits_the_screen(page)
    screenshot(page, "members-receipt")


def test_a_person_applies_for_membership_on_a_phone(cooperative_phone):
    from maillage.members.models import Membership

    page = cooperative_phone
    log_in(page, "membre@demo.maillage.fr", "/membres/adherer/")
    assert serious_accessibility_violations(page) == []
    assert fits_the_screen(page)
    page.get_by_label("Qui adhère ?").select_option("self")
    page.get_by_label("Type d'adhésion").select_option("societaire")
    page.get_by_role("button", name="Envoyer ma candidature").click()
    page.wait_for_load_state()
    assert page.url.endswith("/membres/adherer/") and page.get_by_role("alert").count() >= 1
    assert not Membership.objects.filter(
        status=Membership.Status.APPLICANT, person__email="membre@demo.maillage.fr"
    ).exists()
    assert serious_accessibility_violations(page) == []
    screenshot(page, "members-apply-error")
    page.get_by_label("Collège", exact=True).select_option("beneficiaires")
    page.get_by_role("button", name="Envoyer ma candidature").click()
    page.wait_for_url(re.compile(r"/espace-membre/$"))
    assert "candidature est enregistrée" in page.inner_text("body")
    assert serious_accessibility_violations(page) == []
    screenshot(page, "members-apply-done")
    assert Membership.objects.filter(
        status=Membership.Status.APPLICANT, person__email="membre@demo.maillage.fr"
    ).exists()
