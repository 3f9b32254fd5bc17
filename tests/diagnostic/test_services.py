import datetime as dt

import pytest
from django.utils import timezone

from maillage.core.models import Activity
from maillage.diagnostic.models import Answer, Choice, Diagnostic, Question, SkillResult
from maillage.diagnostic.services import DiagnosticRefused, diagnostic_take
from maillage.territory.models import Commune
from tests.diagnostic.factories import answers_with
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_the_default_questionnaire_is_seeded():
    skills = {q.skill.slug for q in Question.objects.filter(active=True)}
    assert skills == {"appareils", "recherche", "communication", "demarches", "securite",
                      "bureautique"}  # fmt: skip
    assert 8 <= Question.objects.count() <= 12
    assert set(Choice.objects.values_list("points", flat=True)) == {0, 1, 2, 3}


def test_take_records_answers_and_a_level_per_skill():
    mediator = UserFactory(roles=["mediator"])
    diagnostic = diagnostic_take(
        answers=answers_with(3, demarches=0, securite=1),
        commune=Commune.objects.get(code="84080"),
        age_band="60-74",
        mediator=mediator,
    )
    assert diagnostic.taken_on == timezone.localdate() and len(diagnostic.token) >= 30
    assert Answer.objects.filter(diagnostic=diagnostic).count() == Question.objects.count()
    levels = dict(
        SkillResult.objects.filter(diagnostic=diagnostic).values_list("skill__slug", "level_name")
    )
    assert levels == {"appareils": "Expert", "recherche": "Expert", "communication": "Expert",
                      "demarches": "Débutant", "securite": "Initié", "bureautique": "Expert"}  # fmt: skip
    recommended = set(
        SkillResult.objects.filter(diagnostic=diagnostic, recommend=True).values_list(
            "skill__slug", flat=True
        )
    )
    assert recommended == {"demarches", "securite"}
    logged = Activity.objects.get(verb="diagnostic.taken")
    assert logged.actor == mediator and logged.data["levels"]["demarches"] == "Débutant"


def test_a_missing_answer_names_the_question_and_writes_nothing():
    answers = answers_with(2)
    question = Question.objects.get(skill__slug="securite", position=1)
    del answers[question.pk]
    with pytest.raises(DiagnosticRefused) as refused:
        diagnostic_take(answers=answers)
    assert refused.value.rule == "missing" and refused.value.field == f"question-{question.pk}"
    assert question.text in str(refused.value)
    assert not Diagnostic.objects.exists() and not Answer.objects.exists()


def test_an_answer_of_another_question_is_refused():
    answers = answers_with(2)
    first, second = Question.objects.all()[:2]
    answers[first.pk] = Choice.objects.filter(question=second).first().pk
    with pytest.raises(DiagnosticRefused) as refused:
        diagnostic_take(answers=answers)
    assert refused.value.rule == "not_a_choice" and refused.value.field == f"question-{first.pk}"


def test_inactive_questions_are_not_asked():
    question = Question.objects.get(skill__slug="recherche", position=1)
    question.active = False
    question.save()
    answers = answers_with(3)
    assert question.pk not in answers
    diagnostic = diagnostic_take(answers=answers)
    result = diagnostic.results.get(skill__slug="recherche")
    assert (result.points, result.max_points) == (3, 3)
    with pytest.raises(DiagnosticRefused) as refused:
        diagnostic_take(answers={**answers, question.pk: question.choices.first().pk})
    assert refused.value.rule == "unknown_question"


@pytest.mark.parametrize(
    ("kwargs", "rule"),
    [
        ({"age_band": "100+"}, "age_band"),
        ({"taken_on": dt.date.today() + dt.timedelta(days=2)}, "future"),
    ],
)
def test_other_refusals(kwargs, rule):
    with pytest.raises(DiagnosticRefused) as refused:
        diagnostic_take(answers=answers_with(1), **kwargs)
    assert refused.value.rule == rule


def test_only_staff_give_a_diagnostic():
    with pytest.raises(DiagnosticRefused) as refused:
        diagnostic_take(answers=answers_with(1), mediator=UserFactory(roles=["member"]))
    assert refused.value.rule == "not_staff"
