"""From answers to a level per skill. Pure: no Django, plain values in and out.

A skill's score is the share of its points that the answers earned (its active questions'
best choices make 100 %). Its level is the highest one whose threshold the share reaches;
below every threshold (or with no level reachable), the lowest. So more points never lower
a level, and every skill of the questionnaire gets one, even without questions.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class LevelSpec:
    name: str
    min_percent: int
    recommend: bool = False


@dataclass(frozen=True)
class QuestionSpec:
    id: int
    skill: str  # the skill's slug
    choices: Mapping[int, int]  # choice id → points


@dataclass(frozen=True)
class SkillSpec:
    slug: str
    levels: tuple[LevelSpec, ...]  # any order


@dataclass(frozen=True)
class QuestionnaireSpec:
    skills: tuple[SkillSpec, ...]
    questions: tuple[QuestionSpec, ...]


@dataclass(frozen=True)
class SkillLevel:
    skill: str
    points: int
    max_points: int
    rank: int  # 0 for the lowest level
    name: str
    recommend: bool

    @property
    def percent(self) -> float:
        return 100 * self.points / self.max_points if self.max_points else 0.0


class AnswerError(ValueError):
    """An answer set that does not fit the questionnaire: `question` is the id at fault,
    `reason` one of "missing", "not_a_choice", "unknown_question"."""

    def __init__(self, question: int, reason: str):
        self.question, self.reason = question, reason
        super().__init__(f"question {question}: {reason}")


UNRATED = LevelSpec(name="", min_percent=0)


def check_answers(questionnaire: QuestionnaireSpec, answers: Mapping[int, int]) -> None:
    """Raise AnswerError for the first question (in the questionnaire's order) that has no
    answer or an answer that is not one of its choices, or for an unknown question."""
    for question in questionnaire.questions:
        if question.id not in answers:
            raise AnswerError(question.id, "missing")
        if answers[question.id] not in question.choices:
            raise AnswerError(question.id, "not_a_choice")
    known = {question.id for question in questionnaire.questions}
    for question_id in answers:
        if question_id not in known:
            raise AnswerError(question_id, "unknown_question")


def level_of(levels: tuple[LevelSpec, ...], percent: float) -> tuple[int, LevelSpec]:
    """(rank, level) reached at `percent`: the highest threshold not above it, else the lowest."""
    ordered = sorted(levels, key=lambda level: level.min_percent) or [UNRATED]
    rank = 0
    for index, level in enumerate(ordered):
        if percent >= level.min_percent:
            rank = index
    return rank, ordered[rank]


def levels_from_answers(
    questionnaire: QuestionnaireSpec, answers: Mapping[int, int]
) -> dict[str, SkillLevel]:
    """The level of every skill of `questionnaire` given `answers` (question id → choice id),
    in the questionnaire's order. Raises AnswerError when the answers do not fit."""
    check_answers(questionnaire, answers)
    points = {skill.slug: 0 for skill in questionnaire.skills}
    maxima = dict(points)
    for question in questionnaire.questions:
        if question.skill not in points:
            continue  # a question of a skill left out of the questionnaire
        points[question.skill] += question.choices[answers[question.id]]
        maxima[question.skill] += max(question.choices.values(), default=0)
    result = {}
    for skill in questionnaire.skills:
        earned, possible = points[skill.slug], maxima[skill.slug]
        percent = 100 * earned / possible if possible else 0.0
        rank, level = level_of(skill.levels, percent)
        result[skill.slug] = SkillLevel(
            skill=skill.slug, points=earned, max_points=possible, rank=rank, name=level.name,
            recommend=level.recommend,
        )  # fmt: skip
    return result
