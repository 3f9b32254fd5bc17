"""Writes of the diagnostic: a person takes the questionnaire (alone or with a mediator),
which records their answers and the level they reached in each skill."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from maillage.accounts.models import User
from maillage.core.permissions import is_staff_member
from maillage.core.refusals import Refused
from maillage.core.services import activity_record
from maillage.diagnostic.models import Answer, Diagnostic, SkillResult
from maillage.diagnostic.scoring import AnswerError, levels_from_answers
from maillage.diagnostic.selectors import questionnaire_get
from maillage.territory.models import Commune


class DiagnosticRefused(Refused):
    """A diagnostic that a rule forbids: `rule`, `field`, a sentence."""


def question_field(question_id: int) -> str:
    """The name of a question's input, on the page and in the API's refusals."""
    return f"question-{question_id}"


@transaction.atomic
def diagnostic_take(
    *,
    answers: Mapping[int, int],
    commune: Commune | None = None,
    age_band: str = "",
    mediator: User | None = None,
    taken_on: dt.date | None = None,
    is_demo: bool = False,
) -> Diagnostic:
    """Record a diagnostic: `answers` maps each active question's id to the id of one of its
    choices. Refuses, writing nothing: a question left unanswered, an answer that is not a
    choice of its question, an unknown question, an unknown age band, a date in the future,
    a "mediator" who is not of the staff."""
    today = timezone.localdate()
    taken_on = taken_on or today
    questionnaire = questionnaire_get()
    if not questionnaire.questions:
        raise DiagnosticRefused("no_questions", _("Le questionnaire n'a aucune question."))
    try:
        levels = levels_from_answers(questionnaire.spec, answers)
    except AnswerError as error:
        question = questionnaire.question(error.question)
        text = question.text if question is not None else str(error.question)
        message = {
            "missing": _("Répondez à la question « %(question)s »."),
            "not_a_choice": _("Cette réponse n'est pas possible à la question « %(question)s »."),
            "unknown_question": _("La question %(question)s ne fait pas partie du questionnaire."),
        }[error.reason] % {"question": text}
        raise DiagnosticRefused(error.reason, message, question_field(error.question)) from None
    if age_band and age_band not in Diagnostic.AgeBand.values:
        raise DiagnosticRefused("age_band", _("Tranche d'âge inconnue."), "age_band")
    if taken_on > today:
        raise DiagnosticRefused("future", _("La date ne peut pas être dans le futur."), "taken_on")
    if mediator is not None and not is_staff_member(mediator):
        raise DiagnosticRefused(
            "not_staff", _("Seule l'équipe fait passer un diagnostic."), "mediator"
        )
    diagnostic = Diagnostic.objects.create(
        taken_on=taken_on, mediator=mediator, commune=commune, age_band=age_band, is_demo=is_demo
    )
    Answer.objects.bulk_create(
        Answer(diagnostic=diagnostic, question_id=question.id, choice_id=answers[question.id])
        for question in questionnaire.questions
    )
    skills = {skill.slug: skill for skill in questionnaire.skills}
    SkillResult.objects.bulk_create(
        SkillResult(
            diagnostic=diagnostic,
            skill_id=skills[slug].id,
            points=level.points,
            max_points=level.max_points,
            level_rank=level.rank,
            level_name=level.name,
            recommend=level.recommend,
        )
        for slug, level in levels.items()
    )
    activity_record(
        verb="diagnostic.taken",
        actor=mediator,
        target=diagnostic,
        data={
            "levels": {slug: level.name for slug, level in levels.items()},
            "with_mediator": mediator is not None,
        },
    )
    return diagnostic
