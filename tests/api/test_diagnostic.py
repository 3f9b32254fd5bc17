import json

import pytest
from django.test import Client

from maillage.accounts.tokens import api_token_create
from maillage.diagnostic.models import Diagnostic, Question
from tests.diagnostic.factories import answers_with
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def body(answers: dict[int, int], **extra) -> dict:
    return {"answers": [{"question": q, "choice": c} for q, c in answers.items()], **extra}


def test_the_questionnaire(client):
    data = client.get("/api/v1/diagnostic/questionnaire").json()
    assert [s["slug"] for s in data["skills"]][:2] == ["appareils", "recherche"]
    first = data["skills"][0]
    assert [level["name"] for level in first["levels"]] == ["Débutant", "Initié", "Autonome",
                                                           "Expert"]  # fmt: skip
    assert [c["points"] for c in first["questions"][0]["choices"]] == [0, 1, 2, 3]
    assert "75+" in data["age_bands"]


def test_take_returns_levels_and_path(client):
    response = client.post(
        "/api/v1/diagnostics",
        body(answers_with(3, securite=0), commune="84080", age_band="60-74"),
        content_type="application/json",
    )
    assert response.status_code == 201
    data = response.json()
    levels = {row["skill"]: row["level"] for row in data["levels"]}
    assert levels["securite"] == "Débutant" and levels["appareils"] == "Expert"
    assert [step["skill"] for step in data["path"]] == ["securite"]
    assert data["result_url"].endswith(f"/diagnostic/resultat/{data['token']}/")
    assert Diagnostic.objects.get().mediator is None


def test_a_missing_answer_is_a_422_naming_the_question(client):
    answers = answers_with(1)
    question = Question.objects.order_by("pk").last()
    del answers[question.pk]
    response = client.post("/api/v1/diagnostics", body(answers), content_type="application/json")
    assert response.status_code == 422
    assert response.json() == {
        "detail": f"Répondez à la question « {question.text} ».",
        "rule": "missing",
        "field": f"question-{question.pk}",
    }


def test_a_choice_of_another_question_is_a_422(client):
    answers = answers_with(1)
    first, second = Question.objects.order_by("pk")[:2]
    answers[first.pk] = second.choices.first().pk
    response = client.post("/api/v1/diagnostics", body(answers), content_type="application/json")
    assert response.status_code == 422
    assert response.json()["rule"] == "not_a_choice"
    assert response.json()["field"] == f"question-{first.pk}"
    unknown = client.post("/api/v1/diagnostics", body(answers_with(1), commune="99999"),
                          content_type="application/json")  # fmt: skip
    assert unknown.status_code == 422 and unknown.json()["field"] == "commune"
    assert not Diagnostic.objects.exists()


def test_a_mediator_key_records_the_mediator(client):
    mediator = UserFactory(roles=["mediator"])
    _token, key = api_token_create(user=mediator, name="téléphone")
    response = client.post("/api/v1/diagnostics", body(answers_with(2)),
                           content_type="application/json",
                           headers={"Authorization": f"Bearer {key}"})  # fmt: skip
    assert response.status_code == 201
    assert Diagnostic.objects.get().mediator == mediator


def test_a_session_without_the_csrf_token_takes_the_diagnostic_anonymously():
    """Finding 2 of issue 14: a foreign page posted a diagnostic in the name of the logged-in
    mediator (no CSRF check). Without the token the session is not the person: the
    diagnostic is taken, anonymously; with it, the mediator is recorded."""
    mediator = UserFactory(roles=["mediator"])
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(mediator)
    forged = browser.post(
        "/api/v1/diagnostics", json.dumps(body(answers_with(2))), content_type="text/plain",
        HTTP_ORIGIN="https://evil.example",
    )  # fmt: skip
    assert forged.status_code == 201, forged.content
    plain = browser.post("/api/v1/diagnostics", body(answers_with(2)),
                         content_type="application/json")  # fmt: skip
    assert plain.status_code == 201
    assert list(Diagnostic.objects.values_list("mediator", flat=True)) == [None, None]
    browser.get("/diagnostic/")  # a page of the site sets the CSRF cookie
    signed = browser.post(
        "/api/v1/diagnostics", body(answers_with(2)), content_type="application/json",
        HTTP_X_CSRFTOKEN=browser.cookies["csrftoken"].value,
    )  # fmt: skip
    assert signed.status_code == 201
    assert Diagnostic.objects.get(token=signed.json()["token"]).mediator == mediator


def test_an_unknown_key_is_a_401(client):
    response = client.post("/api/v1/diagnostics", body(answers_with(2)),
                           content_type="application/json",
                           headers={"Authorization": "Bearer mlg_nobody"})  # fmt: skip
    assert response.status_code == 401
    assert not Diagnostic.objects.exists()


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"answers": [{"question": 2**63, "choice": 1}]}, "answers.0.question"),
        ({"answers": [{"question": 1, "choice": 0}]}, "answers.0.choice"),
        ({"age_band": "100+"}, "age_band"),
    ],
)
def test_values_out_of_the_schema_are_a_422_naming_the_field(client, extra, field):
    response = client.post("/api/v1/diagnostics", {**body(answers_with(2)), **extra},
                           content_type="application/json")  # fmt: skip
    assert response.status_code == 422, response.content
    assert response.json()["detail"][0]["field"] == field
    assert not Diagnostic.objects.exists()
