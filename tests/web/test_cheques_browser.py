"""The pass numérique on a 360 px phone: a place manager types the number of the cheque a
person brings, redeems it at their place, and on a second try (the same cheque again, or a
form left open in another tab) is told it was already redeemed. axe-core on each page."""

import re

import pytest

from maillage.accounts.services import user_create
from maillage.cheques.models import Cheque
from maillage.cheques.services import cheque_redeem
from maillage.members.models import Representative
from tests.cheques.factories import live_cheques
from tests.factories import OrganisationFactory, PlaceFactory
from tests.web.conftest import screenshot, serious_accessibility_violations
from tests.web.test_booking_browser import fits_the_screen

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Un-mot-de-passe-solide-42"


def log_in(page, email: str, next_url: str) -> None:
    page.goto(f"{page.base_url}/connexion/?next={next_url}")
    page.get_by_label("Adresse électronique").or_(page.get_by_label("Courriel")).first.fill(email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name=re.compile("connecter|Connexion", re.I)).click()
    page.wait_for_url(re.compile(re.escape(next_url)))


def checked(page, name: str) -> None:
    assert serious_accessibility_violations(page) == []
    assert fits_the_screen(page)
    screenshot(page, name)


def test_a_place_manager_redeems_a_cheque_once_on_a_phone(phone):
    page = phone
    place = PlaceFactory(nom="Espace numérique de Monteux")
    manager = user_create(email="lieu@example.org", password=PASSWORD, full_name="Lou",
                          roles=["place_manager"], check_password=False)  # fmt: skip
    place.managers.add(manager)
    cheque, other = live_cheques(places=[place], prescriber=OrganisationFactory(), size=2)
    log_in(page, "lieu@example.org", "/equipe/pass-numerique/")
    checked(page, "cheques-staff")
    page.get_by_label("Numéro du chèque").fill("0000 0000 01")  # a typo
    page.get_by_role("button", name="Chercher").click()
    page.wait_for_load_state()
    assert "vérifiez chaque chiffre" in page.content()
    checked(page, "cheques-lookup-typo")
    page.get_by_label("Numéro du chèque").fill(cheque.printed_number)
    page.get_by_role("button", name="Chercher").click()
    page.wait_for_url(re.compile(rf"/pass-numerique/cheque/{cheque.number}/$"))
    assert page.get_by_test_id("cheque-state").inner_text() == "Chez le prescripteur"
    # The same cheque's page left open in another tab, to be submitted later.
    stale = page.context.new_page()
    stale.goto(page.url)
    page.get_by_label("Note (facultatif)").fill("Démarches en ligne")
    checked(page, "cheques-detail")
    page.get_by_role("button", name="Encaisser", exact=True).click()
    page.wait_for_load_state()
    assert page.get_by_test_id("cheque-state").inner_text() == "Encaissé"
    assert "Chèque encaissé." in page.content()
    assert "Déjà encaissé." in page.get_by_test_id("cheque-notice").inner_text()
    checked(page, "cheques-redeemed")
    assert Cheque.objects.get(pk=cheque.pk).state == "redeemed"
    # Second try: the same number looked up again…
    page.goto(f"{page.base_url}/pass-numerique/cheque/")
    page.get_by_label("Numéro du chèque").fill(cheque.number)
    page.get_by_role("button", name="Chercher").click()
    page.wait_for_url(re.compile(rf"/pass-numerique/cheque/{cheque.number}/$"))
    assert "Déjà encaissé." in page.get_by_test_id("cheque-notice").inner_text()
    assert page.get_by_role("button", name="Encaisser", exact=True).count() == 0
    # … and the form left open in the other tab.
    stale.set_viewport_size({"width": 360, "height": 740})
    stale.get_by_role("button", name="Encaisser", exact=True).click()
    stale.wait_for_load_state()
    notice = stale.get_by_test_id("cheque-notice").inner_text()
    assert "Déjà encaissé." in notice and "Ce chèque a déjà été encaissé le" in notice
    assert serious_accessibility_violations(stale) == []
    screenshot(stale, "cheques-second-try")
    assert Cheque.objects.get(pk=other.pk).state == "issued"


def test_a_prescriber_hands_a_cheque_on_a_phone(phone):
    page = phone
    prescriber = OrganisationFactory(name="CCAS de Monteux")
    person = user_create(email="ccas@example.org", password=PASSWORD, full_name="Claude",
                         roles=["member"], check_password=False)  # fmt: skip
    Representative.objects.create(person=person, organisation=prescriber)
    cheque = live_cheques(places=[PlaceFactory()], prescriber=prescriber, size=3)[0]
    log_in(page, "ccas@example.org", "/espace-prescripteur/cheques/")
    checked(page, "cheques-prescriber")
    page.get_by_label("Chèque", exact=True).select_option(str(cheque.pk))
    page.get_by_label("Tranche d'âge de la personne (facultatif)").select_option("65_79")
    page.get_by_label("Commune de résidence (facultatif)").fill("Monteux")
    page.get_by_role("button", name="Remettre").click()
    page.wait_for_load_state()
    assert f"Chèque {cheque.printed_number} remis" in page.content()
    checked(page, "cheques-prescriber-handed")
    handed = Cheque.objects.get(pk=cheque.pk)
    assert (handed.state, handed.age_band, handed.commune.nom) == ("handed", "65_79", "Monteux")


def test_the_coordination_gives_books_and_pays_places_back_on_a_phone(phone):
    page = phone
    user_create(email="coord@example.org", password=PASSWORD, full_name="Camille",
                roles=["coordinator"], check_password=False)  # fmt: skip
    place = PlaceFactory(nom="Espace numérique de Monteux")
    prescriber = OrganisationFactory(name="France Services de Carpentras")
    cheques = live_cheques(places=[place], prescriber=OrganisationFactory(name="CCAS"), size=2)
    for cheque in cheques:
        cheque_redeem(cheque=cheque, place=place)
    log_in(page, "coord@example.org", "/equipe/pass-numerique/carnets/")
    checked(page, "cheques-books")
    form = page.locator("form", has=page.get_by_role("button", name="Numéroter et remettre"))
    form.get_by_label("Prescripteur").select_option(label=prescriber.name)
    form.get_by_label("Nombre de carnets").fill("2")
    form.get_by_role("button", name="Numéroter et remettre").click()
    page.wait_for_load_state()
    assert "2 carnet(s) créé(s)" in page.content()
    assert Cheque.objects.filter(book__prescriber=prescriber, state="issued").count() == 20
    checked(page, "cheques-books-issued")
    page.goto(f"{page.base_url}/equipe/pass-numerique/remboursements/")
    page.get_by_label("Référence du paiement").fill("VIR-2026-11")
    page.get_by_role("button", name="Enregistrer le remboursement").click()
    page.wait_for_load_state()
    assert "2 chèque(s) remboursé(s)" in page.content()
    checked(page, "cheques-reimbursed")
    page.goto(f"{page.base_url}/equipe/pass-numerique/")
    checked(page, "cheques-staff-hub")
