"""Reads of the programme: the coming sessions with their filters, an event, a session's
people, and the figures the impact pages will use."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from maillage.core.permissions import Role, roles_of, runs_the_hub
from maillage.programme.models import Category, Event, Registration, Session


@dataclass(frozen=True)
class ProgrammeFilters:
    category: str | None = None  # Category.slug
    place: int | None = None
    audience: str | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    query: str = ""


def sessions_to_come(
    *, filters: ProgrammeFilters, now: dt.datetime, limit: int | None = None
) -> QuerySet[Session]:
    """Published, not cancelled sessions from `now` (or `date_from`), soonest first, with
    the seats taken and the people waiting counted."""
    sessions = (
        Session.objects.filter(event__is_published=True, is_cancelled=False, end__gte=now)
        .select_related("event", "event__category", "event__place", "place")
        .annotate(
            seated=Count("registrations", filter=Q(registrations__state__in=Registration.SEATED)),
            waiting=Count(
                "registrations", filter=Q(registrations__state=Registration.State.WAITING)
            ),
        )
        .order_by("start", "pk")
    )
    if filters.category:
        sessions = sessions.filter(event__category__slug=filters.category)
    if filters.place:
        sessions = sessions.filter(
            Q(place_id=filters.place) | Q(place__isnull=True, event__place_id=filters.place)
        )
    if filters.audience:
        sessions = sessions.filter(event__audience=filters.audience)
    if filters.date_from:
        sessions = sessions.filter(start__date__gte=filters.date_from)
    if filters.date_to:
        sessions = sessions.filter(start__date__lte=filters.date_to)
    for word in filters.query.split():
        sessions = sessions.filter(
            Q(event__title__icontains=word) | Q(event__description__icontains=word)
        )
    return sessions[:limit] if limit else sessions


def categories() -> QuerySet[Category]:
    return Category.objects.all()


def event_get(*, pk: int) -> Event | None:
    return (
        Event.objects.select_related("category", "place", "organiser")
        .prefetch_related("partners")
        .filter(pk=pk, is_published=True)
        .first()
    )


def event_sessions(*, event: Event) -> QuerySet[Session]:
    return (
        event.sessions.select_related("place")
        .annotate(
            seated=Count("registrations", filter=Q(registrations__state__in=Registration.SEATED)),
            waiting=Count(
                "registrations", filter=Q(registrations__state=Registration.State.WAITING)
            ),
        )
        .order_by("start")
    )


def session_get(*, pk: int) -> Session | None:
    return (
        Session.objects.select_related("event", "event__category", "place", "event__place")
        .filter(pk=pk)
        .first()
    )


def sessions_run_by(*, user) -> QuerySet[Session]:
    """The sessions whose check-in (names, attendance) `user` runs: all for the hub's
    coordination; for the others, those held at a place they manage, and those of an event
    organised by an organisation they work for — one they act for (`members.Representative`),
    one whose places they manage, or, for a mediator, the hub's own structure (`is_hub`),
    whose sessions the hub's mediators hold."""
    if runs_the_hub(user):
        return Session.objects.all()
    if not getattr(user, "is_authenticated", False):
        return Session.objects.none()
    at_their_place = Q(place__managers=user) | Q(place__isnull=True, event__place__managers=user)
    organisers = Q(event__organiser__representatives__person=user) | Q(
        event__organiser__places__managers=user
    )
    if Role.MEDIATOR.value in roles_of(user):
        organisers |= Q(event__organiser__is_hub=True)
    return Session.objects.filter(
        pk__in=Session.objects.filter(at_their_place | organisers).values("pk")
    )


def registration_by_token(*, token: str) -> Registration | None:
    return (
        Registration.objects.select_related(
            "session", "session__event", "session__place", "session__event__place"
        )
        .filter(token=token)
        .first()
    )


def session_people(*, session: Session) -> QuerySet[Registration]:
    """Everyone of a session, seated first then waiting, in arrival order."""
    return session.registrations.exclude(state=Registration.State.CANCELLED).order_by(
        "state", "created_at", "pk"
    )


@dataclass(frozen=True)
class ProgrammeFigures:
    actions_by_year_and_category: dict[tuple[int, str], int]
    registrations: int
    seated: int
    attended: int
    absent: int
    attendance_rate: float | None  # attended / (attended + absent)
    promoted_from_waiting: int
    partners: int


def programme_figures() -> ProgrammeFigures:
    """Figures from data, for the impact pages: sessions per year and category,
    registrations, attendance rate, waiting-list conversions, partners involved."""
    by_year: dict[tuple[int, str], int] = {}
    for start, category in Session.objects.filter(is_cancelled=False).values_list(
        "start", "event__category__name"
    ):
        key = (start.year, category)
        by_year[key] = by_year.get(key, 0) + 1
    states = dict(
        Registration.objects.values_list("state").annotate(n=Count("pk")).values_list("state", "n")
    )
    attended = states.get(Registration.State.ATTENDED, 0)
    absent = states.get(Registration.State.ABSENT, 0)
    return ProgrammeFigures(
        actions_by_year_and_category=by_year,
        registrations=sum(states.values()),
        seated=sum(states.get(state, 0) for state in Registration.SEATED),
        attended=attended,
        absent=absent,
        attendance_rate=attended / (attended + absent) if attended + absent else None,
        promoted_from_waiting=Registration.objects.filter(promoted_at__isnull=False).count(),
        partners=Event.partners.through.objects.values("organisation_id").distinct().count(),
    )
