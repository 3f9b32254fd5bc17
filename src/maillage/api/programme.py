"""Programme endpoints: the coming sessions of the hub's events, one event with its sessions,
registering to a session (a seat, or a place in its waiting list) and cancelling.

Registration answers: 201 with a seat, 202 in the waiting list; 409 when the session no
longer takes registrations (rules `past`, `deadline`, `cancelled`) or when the e-mail is
already registered to it (`duplicate`: a conflict with an existing registration); 422 for
any other rule or a malformed input, naming the field. Each refusal carries `rule` and
`field`. A registration is made for the person calling (a personal key, or the session with
its CSRF token), else for the guest named; it is cancelled with its secret token.
"""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Annotated, Any, Literal

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import validate_email
from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import HttpError

from maillage.api.auth import acting_person
from maillage.api.refusals import unprocessable
from maillage.api.schemas import (
    MAX_ID,
    MAX_OFFSET,
    Day,
    ErrorOut,
    IdField,
    PathId,
    RefusalOut,
)
from maillage.programme import notifications, selectors, services
from maillage.programme.models import Event, Registration, Session

router = Router(tags=["programme"])

MAX_PAGE_SIZE = 200
# Refusals that are a conflict with the state of the session or of its registrations.
CONFLICT_RULES = {"past", "deadline", "cancelled", "duplicate", "already_cancelled", "already_held"}
Audience = Literal[tuple(Event.Audience.values)]


class ProgrammeQuery(Schema):
    category: str | None = Field(None, max_length=40, description="slug of a category")
    place: int | None = Field(None, ge=1, le=MAX_ID, description="id of a place")
    audience: Audience | None = Field(None, description="the public an event is for")
    date_from: Day | None = Field(None, alias="from", description="first day (YYYY-MM-DD)")
    date_to: Day | None = Field(None, alias="to", description="last day (YYYY-MM-DD)")
    q: Annotated[str, Field(max_length=200, description="words of the title or description")] = ""
    limit: Annotated[int, Field(ge=1, le=MAX_PAGE_SIZE, description="sessions per page")] = 50
    offset: Annotated[
        int, Field(ge=0, le=MAX_OFFSET, description="`next_offset` of the previous page")
    ] = 0


class ProgrammeCategoryOut(Schema):
    slug: str
    name: str


class ProgrammePlaceRef(Schema):
    id: int
    nom: str


class SessionOut(Schema):
    id: int
    start: dt.datetime
    end: dt.datetime
    place: ProgrammePlaceRef | None
    online_url: str
    capacity: int
    seats_left: int
    waiting: int
    is_cancelled: bool
    is_open: bool = Field(description="registrations are still taken (not past the deadline)")


class ProgrammeSessionOut(SessionOut):
    event: int
    title: str
    category: ProgrammeCategoryOut
    audience: str
    level: str


class ProgrammePage(Schema):
    items: list[ProgrammeSessionOut]
    next_offset: int | None = Field(description="pass as `offset` for the next page; null at end")


class EventOut(Schema):
    id: int
    title: str
    description: str
    category: ProgrammeCategoryOut
    audience: str
    level: str
    price_member: float
    price_public: float
    place: ProgrammePlaceRef | None
    organiser: str | None
    partners: list[str]
    image_url: str
    deadline_hours: int
    sessions: list[SessionOut]


def _place(place) -> dict[str, Any] | None:
    return {"id": place.pk, "nom": place.nom} if place is not None else None


def _session_out(session: Session, event: Event, now: dt.datetime) -> dict[str, Any]:
    closes = session.start - dt.timedelta(hours=event.deadline_hours)
    return {
        "id": session.pk,
        "start": session.start,
        "end": session.end,
        "place": _place(session.place or event.place),
        "online_url": session.online_url,
        "capacity": session.capacity,
        "seats_left": max(session.capacity - session.seated, 0),
        "waiting": session.waiting,
        "is_cancelled": session.is_cancelled,
        "is_open": not session.is_cancelled and closes >= now,
    }


@router.get(
    "/events",
    response=ProgrammePage,
    summary="Coming sessions of the programme",
    description="Published, not cancelled sessions not yet over, soonest first, each with its "
    "event, the seats left and the people waiting. Paginated by `limit` and `offset` "
    "(`next_offset`).",
)
def list_sessions(request: HttpRequest, filters: Query[ProgrammeQuery]):
    if filters.date_from and filters.date_to and filters.date_to < filters.date_from:
        raise unprocessable("to", "must not be before `from`")
    now = timezone.now()
    sessions = selectors.sessions_to_come(
        filters=selectors.ProgrammeFilters(
            category=filters.category,
            place=filters.place,
            audience=filters.audience,
            date_from=filters.date_from,
            date_to=filters.date_to,
            query=filters.q,
        ),
        now=now,
    )
    page = list(sessions[filters.offset : filters.offset + filters.limit + 1])
    more = len(page) > filters.limit
    items = []
    for session in page[: filters.limit]:
        event = session.event
        items.append(
            {
                **_session_out(session, event, now),
                "event": event.pk,
                "title": event.title,
                "category": {"slug": event.category.slug, "name": event.category.name},
                "audience": event.audience,
                "level": event.level,
            }
        )
    return {"items": items, "next_offset": filters.offset + filters.limit if more else None}


def _event_or_404(event_id: int) -> Event:
    event = selectors.event_get(pk=event_id)
    if event is None:
        raise HttpError(404, f"No published event has the id {event_id}.")
    return event


@router.get(
    "/events/{event_id}",
    response={200: EventOut, 404: ErrorOut},
    summary="An event with its sessions",
)
def get_event(request: HttpRequest, event_id: PathId):
    event = _event_or_404(event_id)
    now = timezone.now()
    return {
        "id": event.pk,
        "title": event.title,
        "description": event.description,
        "category": {"slug": event.category.slug, "name": event.category.name},
        "audience": event.audience,
        "level": event.level,
        "price_member": event.price_member,
        "price_public": event.price_public,
        "place": _place(event.place),
        "organiser": event.organiser.name if event.organiser else None,
        "partners": [partner.name for partner in event.partners.all()],
        "image_url": event.image_url,
        "deadline_hours": event.deadline_hours,
        "sessions": [
            _session_out(session, event, now) for session in selectors.event_sessions(event=event)
        ],
    }


class RegistrationIn(Schema):
    session: IdField = Field(description="id of one of the event's sessions")
    name: Annotated[str, Field(min_length=1, max_length=150)]
    email: Annotated[str, Field(max_length=254)] = ""
    phone: Annotated[str, Field(max_length=30)] = ""
    organisation: Annotated[str, Field(max_length=150)] = ""


class RegistrationOut(Schema):
    id: int
    session: int
    state: str = Field(description="registered (a seat) or waiting (the waiting list)")
    cancel_url: str
    ics_url: str


def _web_url(request: HttpRequest, name: str, token: str, fallback: str) -> str:
    try:
        url = reverse(name, args=[token])
    except NoReverseMatch:  # the registration pages are not served (yet)
        url = fallback
    return request.build_absolute_uri(url)


def _registration_out(request: HttpRequest, registration: Registration) -> dict[str, Any]:
    token = registration.token
    return {
        "id": registration.pk,
        "session": registration.session_id,
        "state": registration.state,
        "cancel_url": _web_url(request, "web:registration", token, f"/inscription/{token}/"),
        "ics_url": _web_url(
            request, "web:registration-ics", token, f"/inscription/{token}/agenda.ics"
        ),
    }


def _refusal(refused: services.RegistrationRefused) -> Status:
    status = 409 if refused.rule in CONFLICT_RULES else 422
    return Status(status, {"detail": str(refused), "rule": refused.rule, "field": refused.field})


@router.post(
    "/events/{event_id}/registrations",
    response={
        201: RegistrationOut,
        202: RegistrationOut,
        401: ErrorOut,
        404: ErrorOut,
        409: RefusalOut,
        422: RefusalOut,
    },
    summary="Register to a session of an event",
    description="201 with a seat, 202 in the waiting list (`cancel_url` and `ics_url` carry a "
    "secret token: give them only to the person registered); 409 when the session is past, "
    "closed (`deadline`) or cancelled, or the e-mail is already registered (`duplicate`); "
    "422 naming the rule and the field otherwise; 401 for a personal key that is unknown or "
    "revoked.",
)
def create_registration(request: HttpRequest, event_id: PathId, data: RegistrationIn):
    event = _event_or_404(event_id)
    session = selectors.session_get(pk=data.session)
    if session is None or session.event_id != event.pk:
        raise HttpError(404, f"The event {event_id} has no session {data.session}.")
    email = data.email.strip()
    if email:
        try:
            validate_email(email)
        except DjangoValidationError:
            raise unprocessable("email", "is not a valid e-mail address") from None
    user = acting_person(request)
    try:
        registration = services.registration_create(
            session=session,
            name=data.name,
            email=email,
            phone=data.phone,
            organisation_name=data.organisation,
            user=user,
        )
    except services.RegistrationRefused as refused:
        return _refusal(refused)
    status = 201 if registration.state == Registration.State.REGISTERED else 202
    return Status(status, _registration_out(request, registration))


class RegistrationCancelIn(Schema):
    token: Annotated[str, Field(min_length=1, max_length=64)] = Field(
        description="the registration's token (from its cancel_url): required"
    )


class RegistrationCancelOut(Schema):
    id: int
    state: str
    promoted: int | None = Field(description="id of the registration moved from the waiting list")


@router.post(
    "/registrations/{registration_id}/cancel",
    response={
        200: RegistrationCancelOut,
        401: ErrorOut,
        403: ErrorOut,
        404: ErrorOut,
        409: RefusalOut,
        422: RefusalOut,
    },
    summary="Cancel a registration",
    description="With the registration's token. A seat set free goes to the first person "
    "waiting, whose id is `promoted`. 409 when already cancelled or the session was held; "
    "401 for a personal key that is unknown or revoked.",
)
def cancel_registration(request: HttpRequest, registration_id: PathId, data: RegistrationCancelIn):
    registration = Registration.objects.filter(pk=registration_id).first()
    if registration is None:
        raise HttpError(404, f"No registration has the id {registration_id}.")
    if not secrets.compare_digest(data.token.encode(), registration.token.encode()):
        raise HttpError(
            403, "Only the person registered, with the registration's token, may cancel."
        )
    try:
        registration, promoted = services.registration_cancel(
            registration=registration, actor=acting_person(request)
        )
    except services.RegistrationRefused as refused:
        return _refusal(refused)
    if promoted is not None:  # the person who gets the seat hears it, as on the site
        notifications.registration_promoted_send(
            registration=promoted,
            registration_url=request.build_absolute_uri(f"/inscription/{promoted.token}/"),
        )
    return Status(
        200,
        {"id": registration.pk, "state": registration.state, "promoted": promoted and promoted.pk},
    )
