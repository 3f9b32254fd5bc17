"""Mediation endpoints: a mediator records activities from a phone or a script with their
personal key (`Authorization: Bearer mlg_…`), lists their own, and reads the statistics
of their scope (a mediator: their own; a place manager: a place they manage; the
coordination: the hub or any place).

Refusals name the rule and the field: 422 for bad input (a duration ≤ 0 or over 12 h, a
future date, an unknown theme, a place the caller does not work at…), 404 for a person or an
activity the caller does not accompany or keep (whether or not it exists), 403 for a caller
who does not record. Nothing is written on a refusal. The rules are the entry form's
(`mediation/rules.py`, asked by the services): an activity is recorded at the hub's places or
the caller's, and with a person the caller already accompanies — the coordination too, for a
person's first name is for the mediators who accompanied them.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from django.db.models import Q
from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import HttpError

from maillage.api.auth import PERSON, object_or_refuse
from maillage.api.schemas import MAX_ID, Day, ErrorOut, IdField, PathId, QueryId, RefusalOut
from maillage.core.cursors import CursorError, decode_cursor, encode_cursor
from maillage.core.permissions import runs_the_hub
from maillage.directory.models import Organisation, Place
from maillage.directory.selectors import places_managed_by
from maillage.mediation import rules, selectors, services
from maillage.mediation.models import (
    MAX_DURATION_MINUTES,
    AgeBand,
    Beneficiary,
    Gender,
    MediationActivity,
    SocialStatus,
    Theme,
)
from maillage.territory.models import Commune

router = Router(tags=["mediation"])

MAX_PAGE_SIZE = 200
MAX_STATISTICS_DAYS = 366 * 5
MAX_THEMES = 50
INSEE_CODE = Annotated[str, Field(max_length=5, description="INSEE code")]


# The models' choices, as enumerations of the schema.
KindValue = Literal[tuple(MediationActivity.Kind.values)]  # type: ignore[valid-type]
PlaceKindValue = Literal[tuple(MediationActivity.PlaceKind.values)]  # type: ignore[valid-type]
AutonomyValue = Literal[tuple(MediationActivity.Autonomy.values)]  # type: ignore[valid-type]
LevelValue = Literal[tuple(MediationActivity.Level.values)]  # type: ignore[valid-type]
AgeBandValue = Literal[tuple(AgeBand.values)]  # type: ignore[valid-type]
GenderValue = Literal[tuple(Gender.values)]  # type: ignore[valid-type]
SocialStatusValue = Literal[tuple(SocialStatus.values)]  # type: ignore[valid-type]
EquipmentValue = Literal[tuple(services.EQUIPMENT)]  # type: ignore[valid-type]


def _refusal(status: int, field: str | None, message: str, rule: str = "invalid") -> Status:
    return Status(status, {"detail": message, "rule": rule, "field": field})


class ThemeOut(Schema):
    slug: str
    name: str
    group: str = Field(description="digital (médiation numérique) or procedure (démarches)")


@router.get("/themes", response=list[ThemeOut], summary="Themes of mediation activities")
def list_themes(request: HttpRequest):
    """The national list the hub uses; `slug` is what an activity's `themes` holds."""
    return list(Theme.objects.filter(is_active=True).values("slug", "name", "group"))


class NewBeneficiaryIn(Schema):
    first_name: Annotated[
        str, Field(max_length=60, description="seen by the person's mediators only")
    ] = ""
    age_band: AgeBandValue = ""
    gender: GenderValue = ""
    social_status: SocialStatusValue = ""
    commune: INSEE_CODE = ""


class ActivityIn(Schema):
    kind: KindValue
    date: Day = Field(description="YYYY-MM-DD, not in the future, not before 2000")
    duration_minutes: int = Field(ge=1, le=MAX_DURATION_MINUTES, description="1 to 720")
    themes: list[Annotated[str, Field(max_length=50)]] = Field(
        min_length=1, max_length=MAX_THEMES, description="slugs of /themes, at least one"
    )
    place_kind: PlaceKindValue = MediationActivity.PlaceKind.PLACE.value
    place: IdField | None = Field(
        None,
        description="id of a place (place_kind=place): one of the hub's, one you manage, or "
        "one you recorded at before (the entry form's places)",
    )
    commune: INSEE_CODE = Field("", description="INSEE code of where it took place (home, other)")
    equipment: list[EquipmentValue] = Field([], max_length=len(services.EQUIPMENT))
    beneficiary: IdField | None = Field(
        None, description="id of a person you accompany (created or recorded with)"
    )
    new_beneficiary: NewBeneficiaryIn | None = Field(None, description="a new person")
    autonomy: AutonomyValue = ""
    referral_organisation: IdField | None = Field(None, description="id of an organisation")
    referral_text: Annotated[str, Field(max_length=200)] = ""
    title: Annotated[str, Field(max_length=200)] = Field("", description="collective only")
    level: LevelValue = Field("", description="collective only")
    participant_count: int = Field(
        1, ge=1, le=services.MAX_PARTICIPANTS, description="collective: 1 to 500; else 1"
    )


class ActivityOut(Schema):
    id: int
    kind: str
    date: dt.date
    duration_minutes: int
    place_kind: str
    place: int | None
    commune: str | None = Field(description="INSEE code of where it took place")
    equipment: list[str]
    themes: list[str]
    beneficiary: int | None
    autonomy: str
    referred: bool
    title: str
    level: str
    participant_count: int


class ActivityPage(Schema):
    items: list[ActivityOut]
    next_cursor: str | None = Field(description="pass as `cursor` for the next page")


def _activity_out(activity: MediationActivity) -> dict[str, Any]:
    return {
        "id": activity.pk,
        "kind": activity.kind,
        "date": activity.date,
        "duration_minutes": activity.duration_minutes,
        "place_kind": activity.place_kind,
        "place": activity.place_id,
        "commune": activity.location_commune_id,
        "equipment": [
            key for key, column in services.EQUIPMENT.items() if getattr(activity, column)
        ],
        "themes": [theme.slug for theme in activity.themes.all()],
        "beneficiary": activity.beneficiary_id,
        "autonomy": activity.autonomy,
        "referred": activity.referred,
        "title": activity.title,
        "level": activity.level,
        "participant_count": activity.participant_count,
    }


def _recorder(request: HttpRequest):
    user = request.auth
    if not rules.records_activities(user):
        raise HttpError(403, "Only mediators and the coordination record mediation activities.")
    return user


def _commune(code: str, field: str) -> Commune | Status | None:
    if not code:
        return None
    commune = Commune.objects.filter(code=code.strip().upper()).first()
    if commune is None:
        return _refusal(422, field, f"No commune has the INSEE code {code!r}.", "commune_unknown")
    return commune


@router.post(
    "/activities",
    auth=PERSON,
    response={201: ActivityOut, 403: ErrorOut, 404: RefusalOut, 422: RefusalOut},
    summary="Record a mediation activity",
    description="The caller is the mediator. 201 with the activity; 422 naming the rule and "
    "the field for bad input (nothing written), `place` for a place the caller does not "
    "record at; 404 when `beneficiary` is not a person the caller already accompanies (the "
    "coordination included); 403 for a caller who does not record activities.",
)
def create_activity(request: HttpRequest, data: ActivityIn):
    user = _recorder(request)
    place = None
    if data.place is not None:
        place = Place.objects.filter(pk=data.place).first()
        if place is None:
            return _refusal(422, "place", f"No place has the id {data.place}.", "place_unknown")
    commune = _commune(data.commune, "commune")
    if isinstance(commune, Status):
        return commune
    beneficiary = None
    if data.beneficiary is not None:
        beneficiary = Beneficiary.objects.filter(pk=data.beneficiary).first()
        if beneficiary is None:  # the same answer as for somebody else's person
            return _refusal(
                404, "beneficiary", f"No person {data.beneficiary} among yours.",
                "beneficiary_unknown",
            )  # fmt: skip
    profile = None
    if data.new_beneficiary is not None:
        home = _commune(data.new_beneficiary.commune, "new_beneficiary.commune")
        if isinstance(home, Status):
            return home
        profile = services.Profile(
            first_name=data.new_beneficiary.first_name,
            age_band=data.new_beneficiary.age_band,
            gender=data.new_beneficiary.gender,
            social_status=data.new_beneficiary.social_status,
            commune=home,
        )
    organisation = None
    if data.referral_organisation is not None:
        organisation = Organisation.objects.filter(pk=data.referral_organisation).first()
        if organisation is None:
            return _refusal(
                422, "referral_organisation",
                f"No organisation has the id {data.referral_organisation}.",
                "organisation_unknown",
            )  # fmt: skip
    try:
        activity = services.mediation_activity_create(
            mediator=user, kind=data.kind, date=data.date,
            duration_minutes=data.duration_minutes, themes=data.themes,
            place_kind=data.place_kind, place=place, commune=commune,
            equipment=data.equipment, beneficiary=beneficiary, new_beneficiary=profile,
            autonomy=data.autonomy, referral_organisation=organisation,
            referral_text=data.referral_text, title=data.title, level=data.level,
            participant_count=data.participant_count,
        )  # fmt: skip
    except services.MediationRefused as refused:
        field = refused.field or None
        if field and field.startswith("new_"):
            field = f"new_beneficiary.{field[4:]}"
        return _refusal(refused.status, field, str(refused), refused.rule)
    return Status(201, _activity_out(activity))


class ActivityFilters(Schema):
    date_from: Day | None = Field(None, alias="from", description="first day (YYYY-MM-DD)")
    date_to: Day | None = Field(None, alias="to", description="last day (YYYY-MM-DD)")
    mediator: int | None = Field(
        None, ge=1, le=MAX_ID, description="coordination only: one mediator's"
    )
    limit: Annotated[int, Field(ge=1, le=MAX_PAGE_SIZE)] = 50
    cursor: Annotated[str, Field(max_length=200, description="`next_cursor` of a page")] = ""


@router.get(
    "/activities",
    auth=PERSON,
    response={200: ActivityPage, 403: ErrorOut, 422: RefusalOut},
    summary="Mediation activities",
    description="A mediator lists their own; the coordination every activity (or one "
    "mediator's with `mediator`). Newest first, paginated by cursor. 403 for a caller who "
    "does not record activities; 422 for another's `mediator` or a forged `cursor`.",
)
def list_activities(request: HttpRequest, filters: Query[ActivityFilters]):
    user = _recorder(request)
    activities = selectors.activities_visible_to(user=user)
    if filters.mediator is not None:
        if not runs_the_hub(user) and filters.mediator != user.pk:
            return _refusal(422, "mediator", "You may list your own activities only.", "scope")
        activities = activities.filter(mediator_id=filters.mediator)
    if filters.date_from:
        activities = activities.filter(date__gte=filters.date_from)
    if filters.date_to:
        activities = activities.filter(date__lte=filters.date_to)
    if filters.cursor:
        try:
            day, pk = decode_cursor(filters.cursor)
            after = dt.date.fromisoformat(str(day))
            pk = int(pk)
        except (CursorError, ValueError, TypeError):
            return _refusal(422, "cursor", "not a cursor returned by this API", "cursor")
        activities = activities.filter(Q(date__lt=after) | Q(date=after, pk__lt=pk))
    page = list(
        activities.select_related("place")
        .prefetch_related("themes")
        .order_by("-date", "-pk")[: filters.limit + 1]
    )
    more = len(page) > filters.limit
    page = page[: filters.limit]
    return {
        "items": [_activity_out(activity) for activity in page],
        "next_cursor": encode_cursor((page[-1].date.isoformat(), page[-1].pk)) if more else None,
    }


class ActivityCountOut(Schema):
    key: str
    label: str
    count: int


class ActivityMonthOut(Schema):
    month: str = Field(description="YYYY-MM")
    activities: int
    participants: int
    hours: float


class ActivityKindOut(Schema):
    kind: str
    label: str
    activities: int
    participants: int
    hours: float


class ActivityCommuneOut(Schema):
    code: str
    nom: str
    count: int = Field(description="people accompanied (a workshop counts its participants)")


class ActivityStatisticsOut(Schema):
    scope: str = Field(description="mediator, place or hub")
    mediator: int | None
    place: int | None
    date_from: dt.date
    date_to: dt.date
    activities: int
    participants: int = Field(description="people × activities")
    people: int = Field(
        description="distinct people: persons recorded + anonymous individual sessions + "
        "workshop participants"
    )
    hours: float
    referrals: int
    by_type: list[ActivityKindOut]
    by_theme: list[ActivityCountOut]
    by_month: list[ActivityMonthOut]
    by_commune: list[ActivityCommuneOut]
    by_autonomy: list[ActivityCountOut]


@router.get(
    "/activities/statistics",
    auth=PERSON,
    response={200: ActivityStatisticsOut, 403: ErrorOut, 422: RefusalOut},
    summary="Statistics of mediation activities",
    description="Counts by type, theme, month and commune; people; hours. A mediator gets "
    "their own; with `place`, a place manager gets a place they manage (without it, their "
    "only place) and the coordination any place; without it the coordination gets the "
    "whole hub. `from`..`to` (both included) defaults to the last 12 months, five years at "
    "most. 403 for a scope that is not the caller's; 422 for a period out of order or too "
    "long, or, for a manager of several places, no `place`.",
)
def statistics(
    request: HttpRequest,
    date_from: Annotated[Day | None, Query(alias="from")] = None,
    date_to: Annotated[Day | None, Query(alias="to")] = None,
    place: QueryId = None,
):
    user = request.auth
    today = timezone.localdate()
    date_to = date_to or today
    date_from = date_from or services.months_before(date_to, 11).replace(day=1)
    if date_to < date_from:
        return _refusal(422, "to", "must not be before `from`", "period")
    if (date_to - date_from).days > MAX_STATISTICS_DAYS:
        return _refusal(422, "from", "at most five years before `to`", "period")
    if place is not None:
        scope = selectors.StatisticsScope("place", place_id=place)
    else:
        scope = selectors.scope_default(user)
        if scope is not None and scope.kind == "place":
            managed = list(places_managed_by(user=user).values_list("pk", flat=True))
            if len(managed) > 1:  # which one is for the caller to say
                ids = ", ".join(str(pk) for pk in sorted(managed))
                return _refusal(422, "place", f"one of your places: {ids}", "place_required")
    if scope is None or not selectors.scope_allowed(user, scope):
        raise HttpError(403, "These statistics are not yours to read.")
    found = selectors.mediation_statistics(
        scope=scope, date_from=date_from, date_to=date_to, with_places=False
    )
    return {
        "scope": scope.kind,
        "mediator": scope.mediator_id,
        "place": scope.place_id,
        "date_from": date_from,
        "date_to": date_to,
        "activities": found.totals.activities,
        "participants": found.totals.participants,
        "people": found.people,
        "hours": found.totals.hours,
        "referrals": found.referrals,
        "by_type": [
            {
                "kind": kind,
                "label": label,
                "activities": f.activities,
                "participants": f.participants,
                "hours": f.hours,
            }
            for kind, label, f in found.by_kind
        ],
        "by_theme": [
            {"key": s.key, "label": s.label, "count": s.count}
            for s in found.themes + found.procedure_themes
            if s.count
        ],
        "by_month": [
            {
                "month": month.strftime("%Y-%m"),
                "activities": f.activities,
                "participants": f.participants,
                "hours": f.hours,
            }
            for month, f in found.by_month
        ],
        "by_commune": [{"code": c.code, "nom": c.nom, "count": c.count} for c in found.communes],
        "by_autonomy": [
            {"key": s.key or "unknown", "label": s.label, "count": s.count} for s in found.autonomy
        ],
    }


@router.get(
    "/activities/{activity_id}",
    auth=PERSON,
    response={200: ActivityOut, 403: ErrorOut, 404: ErrorOut},
    summary="One mediation activity",
    description="The caller's own (the coordination: any), as on its page; 404 for another "
    "mediator's (whether or not it exists); 403 for a caller who does not record activities.",
)
def get_activity(request: HttpRequest, activity_id: PathId):
    user = _recorder(request)
    activity = selectors.activity_get(user=user, pk=activity_id)
    # The page's rule: the mediator's own, any for the coordination; a place manager (who
    # sees the activities of their places) does not record, refused above.
    kept = activity is not None and rules.changes_activity(user, activity)
    activity = object_or_refuse(
        user, "view", activity, missing=f"No activity {activity_id} among yours.", visible=kept
    )
    return _activity_out(activity)
