"""Helpers of the diagnostic tests: answers to the default questionnaire (migration 0002)."""

from __future__ import annotations

from maillage.diagnostic.selectors import questionnaire_get


def answers_with(points: int = 3, **by_skill: int) -> dict[int, int]:
    """Each active question answered with the choice worth `points`, or the points given for
    its skill's slug (`answers_with(demarches=0)`)."""
    answers = {}
    for question in questionnaire_get().questions:
        wanted = by_skill.get(question.skill, points)
        answers[question.id] = next(c.id for c in question.choices if c.points == wanted)
    return answers
