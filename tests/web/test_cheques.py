"""The pass numérique pages: looking a cheque up, redeeming it (once), handing it, the
coordination's campaigns, books and reimbursements, the team's totals and exports."""

import datetime as dt
import io

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from maillage.cheques.models import Campaign, Cheque, ChequeBook, Reimbursement
from maillage.cheques.services import cheque_redeem
from maillage.core.models import Activity
from maillage.members.models import Representative
from tests.cheques import conftest as cheques_fixtures
from tests.cheques.factories import live_cheques
from tests.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db

# The places, the prescriber and the place manager of tests/cheques/conftest.py.
place, other_place = cheques_fixtures.place, cheques_fixtures.other_place
prescriber, manager = cheques_fixtures.prescriber, cheques_fixtures.manager


@pytest.fixture
def cheques(place, other_place, prescriber):
    return live_cheques(places=[place, other_place], prescriber=prescriber)


@pytest.fixture
def coordinator(db):
    return UserFactory(roles=["coordinator"])


def html(response) -> str:
    return response.content.decode()


def test_lookup_leads_to_the_cheque_or_says_why_not(client, cheques, manager):
    client.force_login(manager)
    cheque = cheques[0]
    found = client.get("/pass-numerique/cheque/", {"numero": cheque.printed_number})
    assert (
        found.status_code == 302 and found["Location"] == f"/pass-numerique/cheque/{cheque.number}/"
    )
    typo = cheque.number[:3] + str((int(cheque.number[3]) + 1) % 10) + cheque.number[4:]
    page = html(client.get("/pass-numerique/cheque/", {"numero": typo}))
    assert "vérifiez chaque chiffre" in page and 'aria-invalid="true"' in page
    assert "compte 10 chiffres" in html(client.get("/pass-numerique/cheque/", {"numero": "123"}))
    unknown = html(client.get("/pass-numerique/cheque/", {"numero": "0000000000"}))
    assert "Aucun chèque ne porte ce numéro" in unknown


def test_staff_find_only_the_cheques_they_may_redeem(
    client, cheques, manager, prescriber, other_place
):
    """Security review, finding 7: numbers are sequential, and any staff member could open
    any cheque. The manager of a place that the campaign does not name is told no cheque
    they may see has the number, and the cheque's page is a 404, not a 403 that would
    confirm the number exists."""
    elsewhere = live_cheques(places=[other_place], prescriber=prescriber)[0]
    stranger = UserFactory(roles=["place_manager"])  # manages no place of either campaign
    client.force_login(stranger)
    lookup = client.get("/pass-numerique/cheque/", {"numero": cheques[0].printed_number})
    assert lookup.status_code == 200
    assert "Aucun chèque ne porte ce numéro parmi ceux que vous pouvez consulter" in html(lookup)
    assert client.get(f"/pass-numerique/cheque/{cheques[0].number}/").status_code == 404
    mediator = UserFactory(roles=["mediator"])  # the hub's places do not redeem this campaign
    client.force_login(mediator)
    assert client.get(f"/pass-numerique/cheque/{cheques[0].number}/").status_code == 404
    client.force_login(manager)
    assert client.get(f"/pass-numerique/cheque/{cheques[0].number}/").status_code == 200
    assert client.get(f"/pass-numerique/cheque/{elsewhere.number}/").status_code == 404
    # Another prescriber's person: the same 404 as for a number of no cheque.
    person = UserFactory(roles=["member"])
    Representative.objects.create(person=person, organisation=OrganisationFactory())
    client.force_login(person)
    assert client.get(f"/pass-numerique/cheque/{cheques[0].number}/").status_code == 404


def test_a_place_manager_redeems_a_cheque_once(client, cheques, manager, place):
    client.force_login(manager)
    url = f"/pass-numerique/cheque/{cheques[0].number}/"
    page = html(client.get(url))
    assert "Ce chèque peut être encaissé" in page and "Encaisser ce chèque" in page
    assert f'<option value="{place.pk}" selected>{place.nom}</option>' in page
    assert "Médiathèque de Pernes</option>" not in page  # not one of theirs
    today = timezone.localdate().isoformat()
    data = {"action": "redeem", "encaisser-place": place.pk, "encaisser-date": today,
            "encaisser-note": "Démarches"}  # fmt: skip
    response = client.post(url, data, follow=True)
    assert "Chèque encaissé." in html(response)
    assert "Déjà encaissé." in html(response) and "Encaisser ce chèque" not in html(response)
    assert Cheque.objects.get(pk=cheques[0].pk).state == "redeemed"
    writes = Activity.objects.count()
    again = html(client.post(url, data))  # a second try (another tab, a double tap)
    assert "Ce chèque a déjà été encaissé le" in again
    assert Activity.objects.count() == writes


def test_a_redeem_refusal_shows_on_its_field(client, cheques, manager, place):
    client.force_login(manager)
    url = f"/pass-numerique/cheque/{cheques[0].number}/"
    future = (timezone.localdate() + dt.timedelta(days=2)).isoformat()
    page = html(client.post(url, {"action": "redeem", "encaisser-place": place.pk,
                                  "encaisser-date": future}))  # fmt: skip
    assert 'id="id_encaisser-date_error"' in page and "dans le futur" in page
    assert Cheque.objects.get(pk=cheques[0].pk).state == "issued"


def test_a_place_manager_may_not_redeem_elsewhere(client, cheques, manager, other_place):
    client.force_login(manager)
    response = client.post(
        f"/pass-numerique/cheque/{cheques[0].number}/",
        {"action": "redeem", "encaisser-place": other_place.pk,
         "encaisser-date": timezone.localdate().isoformat()},
    )  # fmt: skip
    assert response.status_code == 403
    assert Cheque.objects.get(pk=cheques[0].pk).state == "issued"


def test_a_prescriber_hands_cheques_from_their_space(client, cheques, prescriber):
    person = UserFactory(roles=["member"])
    Representative.objects.create(person=person, organisation=prescriber)
    client.force_login(person)
    page = html(client.get("/espace-prescripteur/cheques/"))
    assert "CCAS de Monteux" in page and "Remettre un chèque" in page
    assert page.count("<option value=") >= 5
    today = timezone.localdate().isoformat()
    response = client.post(
        "/espace-prescripteur/cheques/",
        {"remettre-cheque": cheques[1].pk, "remettre-handed_on": today,
         "remettre-age_band": "65_79", "remettre-commune": "84170"},
    )  # fmt: skip
    assert response.status_code == 302
    handed = Cheque.objects.get(pk=cheques[1].pk)
    assert (handed.state, handed.age_band, handed.commune.nom, handed.handed_by) == (
        "handed", "65_79", "Monteux", person,
    )  # fmt: skip
    wrong = html(client.post("/espace-prescripteur/cheques/",
                             {"remettre-cheque": cheques[2].pk, "remettre-handed_on": today,
                              "remettre-commune": "Atlantide"}))  # fmt: skip
    assert "Commune introuvable" in wrong
    # Their cheque's page offers handing, not redeeming.
    detail = html(client.get(f"/pass-numerique/cheque/{cheques[3].number}/"))
    assert "Remettre ce chèque à une personne" in detail and "Encaisser ce chèque" not in detail


def test_a_member_without_books_is_told_what_the_space_is(client):
    client.force_login(UserFactory(roles=["member"]))
    assert "Vous n'agissez pour aucune organisation" in html(
        client.get("/espace-prescripteur/cheques/")
    )


def test_the_coordination_creates_a_campaign_and_gives_books(client, coordinator, prescriber):
    client.force_login(coordinator)
    funder = OrganisationFactory(name="Département de Vaucluse")
    response = client.post("/equipe/pass-numerique/carnets/", {
        "action": "campaign", "campagne-funder": funder.pk, "campagne-name": "Pass 2026",
        "campagne-year": 2026, "campagne-face_value": "10", "campagne-valid_until": "2027-12-31",
    }, follow=True)  # fmt: skip
    assert "Campagne « Pass 2026 (2026) » créée" in html(response)
    campaign = Campaign.objects.get(name="Pass 2026")
    today = timezone.localdate().isoformat()
    response = client.post("/equipe/pass-numerique/carnets/", {
        "action": "issue", "carnets-campaign": campaign.pk, "carnets-prescriber": prescriber.pk,
        "carnets-count": 2, "carnets-size": 5, "carnets-issued_on": today,
    }, follow=True)  # fmt: skip
    assert "2 carnet(s) créé(s)" in html(response)
    assert Cheque.objects.filter(book__campaign=campaign, state="issued").count() == 10
    client.post("/equipe/pass-numerique/carnets/", {
        "action": "issue", "carnets-campaign": campaign.pk, "carnets-prescriber": "",
        "carnets-count": 1, "carnets-size": 5, "carnets-issued_on": today,
    })  # fmt: skip
    stock = ChequeBook.objects.get(prescriber__isnull=True)
    page = html(client.get("/equipe/pass-numerique/carnets/"))
    assert "Remettre un carnet du stock" in page
    client.post("/equipe/pass-numerique/carnets/", {
        "action": "stock", "stock-book": stock.pk, "stock-prescriber": prescriber.pk,
        "stock-issued_on": today,
    })  # fmt: skip
    assert Cheque.objects.filter(book__campaign=campaign, state="issued").count() == 15
    duplicate = html(client.post("/equipe/pass-numerique/carnets/", {
        "action": "campaign", "campagne-funder": funder.pk, "campagne-name": "Pass 2026",
        "campagne-year": 2026, "campagne-face_value": "10", "campagne-valid_until": "2027-12-31",
    }))  # fmt: skip
    assert "déjà une campagne de ce nom" in duplicate


def test_the_coordination_reimburses_a_place(client, coordinator, cheques, place):
    for cheque in cheques[:3]:
        cheque_redeem(cheque=cheque, place=place)
    client.force_login(coordinator)
    page = html(client.get("/equipe/pass-numerique/remboursements/"))
    assert "3 chèques encaissés depuis le" in page and "30,00 €" in page
    today = timezone.localdate().isoformat()
    response = client.post("/equipe/pass-numerique/remboursements/", {
        "place": place.pk, f"lieu{place.pk}-place": place.pk,
        f"lieu{place.pk}-reimbursed_on": today, f"lieu{place.pk}-reference": "VIR-2026-7",
    }, follow=True)  # fmt: skip
    assert "3 chèque(s) remboursé(s)" in html(response)
    batch = Reimbursement.objects.get()
    statement = client.get(
        "/equipe/pass-numerique/remboursements/", {"lot": batch.pk, "format": "csv"}
    )
    lines = statement.content.decode("utf-8-sig").splitlines()
    assert len(lines) == 4 and "VIR-2026-7" in lines[1]
    assert client.get("/equipe/pass-numerique/remboursements/", {"lot": 999}).status_code == 404
    nothing = client.post(
        "/equipe/pass-numerique/remboursements/", {"place": place.pk}, follow=True
    )
    assert "aucun chèque encaissé à rembourser" in html(nothing)


def test_the_team_page_and_its_exports(client, coordinator, manager, cheques, place, other_place):
    cheque_redeem(cheque=cheques[0], place=place)
    cheque_redeem(cheque=cheques[1], place=other_place)
    client.force_login(coordinator)
    page = html(client.get("/equipe/pass-numerique/"))
    for title in ("Par financeur", "Par campagne", "Par prescripteur", "Par lieu d", "Par mois"):  # fmt: skip
        assert title in page
    assert 'data-testid="figure-spent">2<' in page
    csv = client.get("/equipe/pass-numerique/", {"export": "prescripteurs", "format": "csv"})
    rows = csv.content.decode("utf-8-sig").splitlines()
    assert rows[1].startswith("CCAS de Monteux;5;0;3;0;2;0;0;0;20,00;0,00")
    xlsx = client.get("/equipe/pass-numerique/", {"export": "cheques", "format": "xlsx"})
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet.max_row == 6 and sheet["A2"].value == cheques[0].number
    assert client.get("/equipe/pass-numerique/", {"export": "x"}).status_code == 404
    # A place manager sees their place only, and not the hub's tables.
    client.force_login(manager)
    page = html(client.get("/equipe/pass-numerique/"))
    assert "Par financeur" not in page and "Médiathèque de Pernes" not in page
    assert 'data-testid="figure-spent">1<' in page
    assert client.get("/equipe/pass-numerique/", {"export": "financeurs"}).status_code == 403
    places = client.get("/equipe/pass-numerique/", {"export": "lieux", "format": "csv"})
    assert [r.split(";")[0] for r in places.content.decode("utf-8-sig").splitlines()] == [
        "Nom", "Espace numérique de Monteux",
    ]  # fmt: skip
