"""Diagnostic endpoints: the questionnaire as configured, and taking a diagnostic, which
answers with a level per skill and the recommended path (coming workshops, nearby places).

Both are public: a person takes the diagnostic without an account. A call made with a
staff member's key, or their session with the CSRF token, records them as the mediator who
gave it; a session write without the token is anonymous (`api/auth.acting_person`). A
refusal is a 422 naming the rule and the question at fault (`field`: `question-<id>`).
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from ninja import Field, Router, Schema, Status

from maillage.api.auth import acting_person
from maillage.api.schemas import ErrorOut, IdField, RefusalOut
from maillage.core.permissions import is_staff_member
from maillage.diagnostic import selectors, services
from maillage.diagnostic.models import Diagnostic
from maillage.territory.selectors import commune_get

router = Router(tags=["diagnostic"])


class ChoiceOut(Schema):
    id: int
    text: str
    points: int


class QuestionOut(Schema):
    id: int
    text: str
    help_text: str
    choices: list[ChoiceOut]


class LevelOut(Schema):
    name: str
    min_percent: int = Field(description="reached from this share of the skill's points")
    recommend: bool = Field(description="people at this level get a recommended path")


class SkillOut(Schema):
    slug: str
    name: str
    description: str
    levels: list[LevelOut]
    questions: list[QuestionOut]


class QuestionnaireOut(Schema):
    skills: list[SkillOut]
    age_bands: list[str] = Field(description="values accepted by `age_band`")


@router.get(
    "/diagnostic/questionnaire",
    response=QuestionnaireOut,
    summary="The diagnostic's questionnaire",
    description="The active questions grouped by skill, each with its choices (0 to 3 "
    "points), and each skill's levels.",
)
def questionnaire(request: HttpRequest):
    found = selectors.questionnaire_get()
    return {
        "skills": [
            {
                "slug": skill.slug,
                "name": skill.name,
                "description": skill.description,
                "levels": [level.__dict__ for level in skill.levels],
                "questions": [
                    {
                        "id": q.id,
                        "text": q.text,
                        "help_text": q.help_text,
                        "choices": [c.__dict__ for c in q.choices],
                    }
                    for q in skill.questions
                ],
            }
            for skill in found.skills
        ],
        "age_bands": list(Diagnostic.AgeBand.values),
    }


AgeBandValue = Literal[("", *Diagnostic.AgeBand.values)]  # type: ignore[valid-type]


class AnswerIn(Schema):
    question: IdField = Field(description="id of a question of the questionnaire")
    choice: IdField = Field(description="id of one of that question's choices")


class DiagnosticIn(Schema):
    answers: Annotated[list[AnswerIn], Field(max_length=500)]
    commune: Annotated[
        str, Field(max_length=5, description="INSEE code of the person's commune")
    ] = ""
    age_band: AgeBandValue = ""


class ResultOut(Schema):
    skill: str
    name: str
    level: str
    points: int
    max_points: int
    recommend: bool


class PathSessionOut(Schema):
    id: int
    event: int
    title: str
    start: dt.datetime
    end: dt.datetime
    place: str | None
    full: bool
    url: str


class PathPlaceOut(Schema):
    id: int
    nom: str
    commune: str
    distance_km: float | None
    url: str


class PathStepOut(Schema):
    skill: str
    level: str
    sessions: list[PathSessionOut]
    places: list[PathPlaceOut]


class DiagnosticOut(Schema):
    token: str
    result_url: str
    taken_on: dt.date
    levels: list[ResultOut]
    path: list[PathStepOut]


def _diagnostic_out(request: HttpRequest, diagnostic: Diagnostic) -> dict[str, Any]:
    url = request.build_absolute_uri
    path_ = selectors.path_recommend(diagnostic=diagnostic, now=timezone.now())
    return {
        "token": diagnostic.token,
        "result_url": url(reverse("web:diagnostic-result", args=[diagnostic.token])),
        "taken_on": diagnostic.taken_on,
        "levels": [
            {
                "skill": r.skill.slug,
                "name": r.skill.name,
                "level": r.level_name,
                "points": r.points,
                "max_points": r.max_points,
                "recommend": r.recommend,
            }
            for r in selectors.diagnostic_results(diagnostic=diagnostic)
        ],
        "path": [
            {
                "skill": step.result.skill.slug,
                "level": step.result.level_name,
                "sessions": [
                    {
                        "id": s.pk,
                        "event": s.event_id,
                        "title": s.event.title,
                        "start": s.start,
                        "end": s.end,
                        "place": s.where.nom if s.where else None,
                        "full": s.seated >= s.capacity,
                        "url": url(reverse("web:event", args=[s.event_id]) + f"#seance-{s.pk}"),
                    }
                    for s in step.sessions
                ],
                "places": [
                    {
                        "id": hit.place.pk,
                        "nom": hit.place.nom,
                        "commune": hit.place.commune_nom,
                        "distance_km": hit.distance_km,
                        "url": url(reverse("web:place", args=[hit.place.pk])),
                    }
                    for hit in step.places
                ],
            }
            for step in path_.steps
        ],
    }


@router.post(
    "/diagnostics",
    response={201: DiagnosticOut, 401: ErrorOut, 422: RefusalOut},
    summary="Take a diagnostic",
    description="Every active question of the questionnaire needs one answer, a choice of "
    "that question. 201 with the level per skill, the recommended path and the link to the "
    "printable result (its token is secret: give it only to the person); 422 naming the "
    "rule (missing, not_a_choice, unknown_question, duplicate, commune…) and the question "
    "(`field`: question-<id>) otherwise; 401 for a personal key that is unknown or revoked.",
)
def take(request: HttpRequest, data: DiagnosticIn):
    commune = None
    if data.commune:
        commune = commune_get(code=data.commune)
        if commune is None:
            return Status(422, {"detail": f"No commune has the INSEE code {data.commune}.",
                                "rule": "commune", "field": "commune"})  # fmt: skip
    answers: dict[int, int] = {}
    for answer in data.answers:
        if answer.question in answers:
            return Status(422, {"detail": "A question is answered twice.", "rule": "duplicate",
                                "field": services.question_field(answer.question)})  # fmt: skip
        answers[answer.question] = answer.choice
    person = acting_person(request)
    try:
        diagnostic = services.diagnostic_take(
            answers=answers,
            commune=commune,
            age_band=data.age_band,
            mediator=person if person is not None and is_staff_member(person) else None,
        )
    except services.DiagnosticRefused as refused:
        return Status(
            refused.status, {"detail": str(refused), "rule": refused.rule, "field": refused.field}
        )
    return Status(201, _diagnostic_out(request, diagnostic))
