import datetime as dt
import io

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from maillage.accompaniment.models import Accompaniment, Step
from maillage.accompaniment.services import accompaniment_create, step_add
from maillage.directory.models import Organisation
from tests.accompaniment.factories import company
from tests.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def mediator():
    return UserFactory(roles=["mediator"], full_name="Sam Médiateur")


@pytest.fixture
def accompaniment(mediator):
    today = timezone.localdate()
    found = accompaniment_create(organisation=company("Ferronnerie des Sablons"), need="website",
                                 started_on=today.replace(month=1, day=1), actor=mediator,
                                 referent=mediator)  # fmt: skip
    step_add(accompaniment=found, kind="diagnostic", date=today, minutes=90, actor=mediator)
    return found


def test_list_shows_the_year_figures_and_filters(client, mediator, accompaniment):
    client.force_login(UserFactory(roles=["place_manager"]))
    page = client.get("/equipe/entreprises/").content.decode()
    assert 'data-testid="companies-accompanied">1<' in page
    assert "Ferronnerie des Sablons" in page and "Sam Médiateur" in page
    assert ">Janvier<" in page
    filtered = client.get("/equipe/entreprises/", {"besoin": "ecommerce"}).content.decode()
    assert "Ferronnerie des Sablons" not in filtered
    assert "Ferronnerie" in client.get("/equipe/entreprises/", {"q": "sablons"}).content.decode()


def test_exports_open_in_a_spreadsheet(client, mediator, accompaniment):
    client.force_login(mediator)
    xlsx = client.get("/equipe/entreprises/", {"format": "xlsx"})
    rows = list(load_workbook(io.BytesIO(xlsx.content)).active.iter_rows(values_only=True))
    assert rows[0][:4] == ("Entreprise", "Commune", "Besoin", "Début")
    assert rows[1][0] == "Ferronnerie des Sablons" and rows[1][8:10] == (1, 1.5)
    steps = client.get("/equipe/entreprises/", {"format": "xlsx", "export": "etapes"})
    rows = list(load_workbook(io.BytesIO(steps.content)).active.iter_rows(values_only=True))
    assert rows[1][1:5] == ("Ferronnerie des Sablons", "Site web", "Diagnostic", 90)
    csv = client.get("/equipe/entreprises/", {"format": "csv"}).content.decode("utf-8-sig")
    assert csv.splitlines()[1].startswith("Ferronnerie des Sablons;")


def test_open_for_a_company_of_the_directory(client, mediator):
    menuiserie = company("Menuiserie du Comtat")
    client.force_login(mediator)
    form = client.get("/equipe/entreprises/nouvelle/").content.decode()
    assert "Menuiserie du Comtat" in form
    response = client.post("/equipe/entreprises/nouvelle/", {
        "organisation": menuiserie.pk, "need": "prototyping", "description": "Un moule",
        "started_on": timezone.localdate().isoformat(), "referent": mediator.pk,
    })  # fmt: skip
    created = Accompaniment.objects.get()
    assert (
        response.status_code == 302 and response["Location"] == f"/equipe/entreprises/{created.pk}/"
    )
    assert (created.organisation, created.referent, created.need) == (
        menuiserie,
        mediator,
        "prototyping",
    )


def test_open_for_a_new_company(client, mediator):
    client.force_login(mediator)
    response = client.post("/equipe/entreprises/nouvelle/", {
        "company_name": "Cave des Dentelles", "company_kind": "other", "company_commune": "84170",
        "need": "ecommerce", "started_on": timezone.localdate().isoformat(),
    })  # fmt: skip
    assert response.status_code == 302
    created = Organisation.objects.get(name="Cave des Dentelles")
    assert created.commune.nom == "Monteux" and created.accompaniments.count() == 1


def test_new_form_errors_stay_on_their_fields(client, mediator):
    client.force_login(mediator)
    page = client.post("/equipe/entreprises/nouvelle/", {
        "need": "website", "started_on": (timezone.localdate() + dt.timedelta(days=3)).isoformat(),
    }).content.decode()  # fmt: skip
    assert "Choisissez l&#x27;entreprise" in page
    page = client.post("/equipe/entreprises/nouvelle/", {
        "company_name": "Garage du Lez", "company_kind": "artisan", "need": "website",
        "started_on": (timezone.localdate() + dt.timedelta(days=3)).isoformat(),
    }).content.decode()  # fmt: skip
    assert "Le début ne peut pas être dans le futur." in page
    assert not Accompaniment.objects.exists()
    assert not Organisation.objects.filter(name="Garage du Lez").exists()


def test_the_referent_adds_a_step_and_closes(client, mediator, accompaniment):
    client.force_login(mediator)
    url = f"/equipe/entreprises/{accompaniment.pk}/"
    page = client.get(url).content.decode()
    assert "Ajouter une étape" in page and "1 étape, 1,5 h" in page
    response = client.post(url, {"action": "step", "etape-kind": "training",
                                 "etape-date": timezone.localdate().isoformat(),
                                 "etape-minutes": "180", "etape-note": "Formation WordPress"})  # fmt: skip
    assert response.status_code == 302
    assert Step.objects.filter(accompaniment=accompaniment).count() == 2
    refused = client.post(url, {"action": "step", "etape-kind": "training",
                                "etape-date": timezone.localdate().isoformat(),
                                "etape-minutes": "900"})  # fmt: skip
    assert "12 heures" in refused.content.decode() or "720" in refused.content.decode()
    client.post(url, {"action": "close", "cloture-status": "done",
                      "cloture-outcome_kind": "delivered",
                      "cloture-closed_on": timezone.localdate().isoformat()})  # fmt: skip
    accompaniment.refresh_from_db()
    assert accompaniment.status == "done"
    page = client.get(url).content.decode()
    assert "Ajouter une étape" not in page and "Projet réalisé" in page


def test_another_staff_member_sees_but_does_not_change(client, accompaniment):
    other = UserFactory(roles=["mediator"])
    client.force_login(other)
    url = f"/equipe/entreprises/{accompaniment.pk}/"
    page = client.get(url).content.decode()
    assert "Ajouter une étape" not in page and "Seuls le ou la référent·e" in page
    response = client.post(url, {"action": "step", "etape-kind": "advice",
                                 "etape-date": timezone.localdate().isoformat(),
                                 "etape-minutes": "30"})  # fmt: skip
    assert response.status_code == 403 and accompaniment.steps.count() == 1
    client.force_login(UserFactory(roles=["coordinator"]))
    client.post(url, {"action": "edit", "modifier-need": "training", "modifier-partners":
                      [OrganisationFactory(name="Campus").pk]})  # fmt: skip
    accompaniment.refresh_from_db()
    assert accompaniment.need == "training" and accompaniment.referent is None
