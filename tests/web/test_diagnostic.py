import datetime as dt
import io

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from maillage.diagnostic.models import Diagnostic, Question
from maillage.diagnostic.services import diagnostic_take
from maillage.programme.models import Category, Event, Session
from tests.diagnostic.factories import answers_with
from tests.factories import PlaceFactory, UserFactory

pytestmark = pytest.mark.django_db


def form_data(answers: dict[int, int], **extra) -> dict:
    return {**{f"question-{q}": c for q, c in answers.items()}, **extra}


def test_the_questionnaire_is_one_page_of_radio_groups(client):
    page = client.get("/diagnostic/").content.decode()
    questions = Question.objects.filter(active=True)
    assert page.count("<fieldset") == questions.count()
    assert page.count('type="radio"') == 4 * questions.count()
    assert "FranceConnect" in page and "<legend>" in page
    assert "Je fais passer ce diagnostic" not in page  # visitors are not mediators


def test_a_missing_answer_is_shown_on_its_question(client):
    answers = answers_with(1)
    question = Question.objects.get(skill__slug="demarches", position=0)
    del answers[question.pk]
    response = client.post("/diagnostic/", form_data(answers))
    page = response.content.decode()
    assert response.status_code == 200 and not Diagnostic.objects.exists()
    assert f'href="#bloc-question-{question.pk}"' in page and "Choisissez une réponse." in page
    assert f'id="erreur-question-{question.pk}"' in page


def test_a_person_takes_it_and_gets_a_printable_path(client):
    event = Event.objects.create(
        title="Mes démarches en ligne", category=Category.objects.get(slug="mediation")
    )
    start = timezone.now() + dt.timedelta(days=4)
    session = Session.objects.create(
        event=event, start=start, end=start + dt.timedelta(hours=2), capacity=6
    )
    place = PlaceFactory(nom="Espace France Services", tags={
        "services": ["Aide aux démarches administratives"]})  # fmt: skip
    response = client.post(
        "/diagnostic/", form_data(answers_with(3, demarches=0), commune="84170", age_band="75+")
    )
    diagnostic = Diagnostic.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/diagnostic/resultat/{diagnostic.token}/"
    assert diagnostic.commune.nom == "Monteux" and diagnostic.mediator is None
    page = client.get(response["Location"]).content.decode()
    assert "Débutant" in page and "Expert" in page
    assert f"/programme/{event.pk}/#seance-{session.pk}" in page
    assert f"/lieux/{place.pk}/" in page and "Lieux près de Monteux" in page
    assert 'id="imprimer"' in page and '<meta name="robots" content="noindex">' in page


def test_an_unknown_commune_is_refused_on_its_field(client):
    page = client.post("/diagnostic/", form_data(answers_with(1), commune="Xyzzyville"))
    assert "Aucune commune ne correspond" in page.content.decode()
    assert not Diagnostic.objects.exists()


def test_a_mediator_gives_it_and_it_counts_as_theirs(client):
    mediator = UserFactory(roles=["mediator"])
    client.force_login(mediator)
    assert "Je fais passer ce diagnostic" in client.get("/diagnostic/").content.decode()
    client.post("/diagnostic/", form_data(answers_with(2), with_mediator="on"))
    client.post("/diagnostic/", form_data(answers_with(2)))  # box unticked: their own
    assert list(Diagnostic.objects.order_by("pk").values_list("mediator", flat=True)) == [
        mediator.pk, None,
    ]  # fmt: skip


def test_forged_token_is_404(client):
    assert client.get("/diagnostic/resultat/forged/").status_code == 404


def test_staff_page_counts_levels_and_exports(client):
    client.force_login(UserFactory(roles=["place_manager"]))
    diagnostic_take(answers=answers_with(0))
    diagnostic_take(answers=answers_with(3))
    page = client.get("/equipe/diagnostics/").content.decode()
    assert 'data-testid="diagnostic-count">2<' in page
    assert "Se protéger en ligne" in page and "Configurer les questions" not in page
    xlsx = client.get("/equipe/diagnostics/", {"format": "xlsx"})
    rows = list(load_workbook(io.BytesIO(xlsx.content)).active.iter_rows(values_only=True))
    assert rows[0] == ("Compétence", "Niveau", "Personnes", "Part (%)")
    assert ("Se protéger en ligne", "Débutant", 1, 50.0) in rows
    assert len(rows) == 1 + 6 * 4
    csv = client.get("/equipe/diagnostics/", {"format": "csv", "du": "2000-01-01"})
    assert csv["Content-Disposition"].startswith('attachment; filename="diagnostics-2000-01-01')
    assert "Se protéger en ligne;Expert;1;50,0" in csv.content.decode("utf-8-sig")


def test_the_period_filters_the_counts(client):
    client.force_login(UserFactory(roles=["admin"]))
    diagnostic_take(answers=answers_with(0), taken_on=dt.date(2020, 5, 1))
    page = client.get("/equipe/diagnostics/", {"du": "2020-01-01", "au": "2020-12-31"})
    assert 'data-testid="diagnostic-count">1<' in page.content.decode()
    assert "Configurer les questions" in page.content.decode()
    page = client.get("/equipe/diagnostics/").content.decode()
    assert 'data-testid="diagnostic-count">0<' in page
