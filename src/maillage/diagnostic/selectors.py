"""Reads of the diagnostic: the questionnaire as configured, a diagnostic by its token, the
path recommended after it (coming workshops and nearby places), and the counts by level."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Q

from maillage.diagnostic.models import Diagnostic, Level, Question, Skill, SkillResult
from maillage.diagnostic.scoring import LevelSpec, QuestionnaireSpec, QuestionSpec, SkillSpec
from maillage.directory.selectors import PlaceCriteria, PlaceHit, place_search
from maillage.programme.models import Registration, Session

# Places are looked for within the first radius, then the next ones when none is found.
PLACE_RADII_KM = (15.0, 40.0)


@dataclass(frozen=True)
class ChoiceInfo:
    id: int
    text: str
    points: int


@dataclass(frozen=True)
class QuestionInfo:
    id: int
    skill: str
    text: str
    help_text: str
    choices: tuple[ChoiceInfo, ...]


@dataclass(frozen=True)
class SkillInfo:
    id: int
    slug: str
    name: str
    description: str
    levels: tuple[LevelSpec, ...]  # lowest first
    questions: tuple[QuestionInfo, ...] = ()


@dataclass(frozen=True)
class Questionnaire:
    skills: tuple[SkillInfo, ...]
    questions: tuple[QuestionInfo, ...]
    spec: QuestionnaireSpec = field(repr=False)

    def question(self, question_id: int) -> QuestionInfo | None:
        return next((q for q in self.questions if q.id == question_id), None)


def questionnaire_get() -> Questionnaire:
    """The active questions with their choices, grouped by skill; skills without an active
    question are left out."""
    questions = (
        Question.objects.filter(active=True)
        .select_related("skill")
        .prefetch_related("choices")
        .order_by("skill__position", "skill__name", "position", "pk")
    )
    by_skill: dict[int, list[QuestionInfo]] = {}
    for question in questions:
        choices = tuple(
            ChoiceInfo(id=c.pk, text=c.text, points=c.points)
            for c in sorted(question.choices.all(), key=lambda c: (c.position, c.pk))
        )
        if not choices:
            continue  # a question nobody can answer is not asked
        by_skill.setdefault(question.skill_id, []).append(
            QuestionInfo(id=question.pk, skill=question.skill.slug, text=question.text,
                         help_text=question.help_text, choices=choices)
        )  # fmt: skip
    levels: dict[int, list[LevelSpec]] = {}
    for level in Level.objects.filter(skill_id__in=by_skill).order_by("min_percent"):
        levels.setdefault(level.skill_id, []).append(
            LevelSpec(name=level.name, min_percent=level.min_percent, recommend=level.recommend)
        )
    skills = tuple(
        SkillInfo(id=skill.pk, slug=skill.slug, name=skill.name, description=skill.description,
                  levels=tuple(levels.get(skill.pk, ())), questions=tuple(by_skill[skill.pk]))
        for skill in Skill.objects.filter(pk__in=by_skill).order_by("position", "name")
    )  # fmt: skip
    ordered = tuple(question for skill in skills for question in skill.questions)
    spec = QuestionnaireSpec(
        skills=tuple(SkillSpec(slug=skill.slug, levels=skill.levels) for skill in skills),
        questions=tuple(
            QuestionSpec(id=q.id, skill=q.skill, choices={c.id: c.points for c in q.choices})
            for q in ordered
        ),
    )
    return Questionnaire(skills=skills, questions=ordered, spec=spec)


def diagnostic_by_token(*, token: str) -> Diagnostic | None:
    return Diagnostic.objects.select_related("commune", "mediator").filter(token=token).first()


def diagnostic_results(*, diagnostic: Diagnostic) -> list[SkillResult]:
    return list(
        diagnostic.results.select_related("skill").order_by("skill__position", "skill__name")
    )


@dataclass(frozen=True)
class PathStep:
    """What is recommended for one skill below the autonomous levels."""

    result: SkillResult
    sessions: tuple[Session, ...]
    places: tuple[PlaceHit, ...]
    places_radius_km: float | None  # the radius the places were found in; None: no commune


@dataclass(frozen=True)
class DiagnosticPath:
    steps: tuple[PathStep, ...]
    near: str | None  # the commune the places are near


def path_recommend(
    *,
    diagnostic: Diagnostic,
    now: dt.datetime,
    sessions_per_skill: int = 3,
    places_per_skill: int = 3,
) -> DiagnosticPath:
    """For each skill whose level asks for it: the coming sessions of the skill's workshop
    categories (those with a free seat first, then the soonest) and the places offering the
    skill's services nearest to the person's commune (none when the commune is unknown)."""
    commune = diagnostic.commune
    near = (
        (commune.latitude, commune.longitude)
        if commune is not None and commune.latitude is not None
        else None
    )
    steps = []
    results = [r for r in diagnostic_results(diagnostic=diagnostic) if r.recommend]
    for result in results:
        skill = result.skill
        sessions = _coming_sessions(skill=skill, now=now, limit=sessions_per_skill)
        places, radius = (), None
        if near is not None and skill.services:
            for radius in PLACE_RADII_KM:
                page = place_search(
                    criteria=PlaceCriteria(services=tuple(skill.services), near=near,
                                           radius_km=radius),
                    limit=places_per_skill,
                )  # fmt: skip
                places = page.items
                if places:
                    break
        steps.append(
            PathStep(result=result, sessions=sessions, places=places, places_radius_km=radius)
        )
    return DiagnosticPath(steps=tuple(steps), near=commune.nom if near is not None else None)


def _coming_sessions(*, skill: Skill, now: dt.datetime, limit: int) -> tuple[Session, ...]:
    categories = list(skill.categories.values_list("pk", flat=True))
    if not categories:
        return ()
    sessions = (
        Session.objects.filter(
            event__category__in=categories, event__is_published=True, is_cancelled=False,
            start__gt=now,
        )
        .select_related("event", "event__category", "place", "event__place")
        .annotate(
            seated=Count("registrations", filter=Q(registrations__state__in=Registration.SEATED))
        )
        .order_by("start", "pk")[:100]
    )  # fmt: skip
    coming = list(sessions)
    coming.sort(key=lambda s: (s.seated >= s.capacity, s.start, s.pk))  # free seats first
    return tuple(coming[:limit])


@dataclass(frozen=True)
class LevelCount:
    rank: int
    name: str
    count: int
    share: float  # of the skill's diagnostics


@dataclass(frozen=True)
class SkillCounts:
    skill: Skill
    total: int
    levels: tuple[LevelCount, ...]  # lowest first


@dataclass(frozen=True)
class DiagnosticStatistics:
    date_from: dt.date
    date_to: dt.date
    diagnostics: int
    with_mediator: int
    skills: tuple[SkillCounts, ...]
    by_age_band: tuple[tuple[str, int], ...]


def diagnostic_statistics(*, date_from: dt.date, date_to: dt.date) -> DiagnosticStatistics:
    """How many diagnostics between the two dates (included), and for each skill how many
    people reached each level (the levels configured now, and any other a diagnostic
    recorded before the hub changed them)."""
    diagnostics = Diagnostic.objects.filter(taken_on__gte=date_from, taken_on__lte=date_to)
    totals = diagnostics.aggregate(
        total=Count("pk"), with_mediator=Count("pk", filter=Q(mediator__isnull=False))
    )
    counted: dict[int, dict[tuple[int, str], int]] = {}
    for row in (
        SkillResult.objects.filter(diagnostic__in=diagnostics)
        .values("skill_id", "level_rank", "level_name")
        .annotate(n=Count("pk"))
    ):
        counted.setdefault(row["skill_id"], {})[(row["level_rank"], row["level_name"])] = row["n"]
    configured: dict[int, list[tuple[int, str]]] = {}
    for level in Level.objects.order_by("skill_id", "min_percent"):
        ranks = configured.setdefault(level.skill_id, [])
        ranks.append((len(ranks), level.name))
    skills = []
    for skill in Skill.objects.order_by("position", "name"):
        counts = counted.get(skill.pk, {})
        keys = list(configured.get(skill.pk, []))
        keys += sorted(key for key in counts if key not in keys)
        total = sum(counts.values())
        if not keys:
            continue
        skills.append(
            SkillCounts(
                skill=skill,
                total=total,
                levels=tuple(
                    LevelCount(rank=rank, name=name, count=counts.get((rank, name), 0),
                               share=counts.get((rank, name), 0) / total if total else 0.0)
                    for rank, name in keys
                ),
            )
        )  # fmt: skip
    by_age = dict(
        diagnostics.exclude(age_band="")
        .values_list("age_band")
        .annotate(n=Count("pk"))
        .values_list("age_band", "n")
    )
    return DiagnosticStatistics(
        date_from=date_from,
        date_to=date_to,
        diagnostics=totals["total"],
        with_mediator=totals["with_mediator"],
        skills=tuple(skills),
        by_age_band=tuple(
            (label, by_age[value])
            for value, label in Diagnostic.AgeBand.choices
            if by_age.get(value)
        ),
    )
