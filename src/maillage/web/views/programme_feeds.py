"""iCalendar feeds of the programme's coming sessions: the whole programme, one category, one
place. Public (the programme is), without anyone's name; a cancelled session stays out."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from maillage.booking.ical import CalendarEvent, calendar, event_uid
from maillage.directory.models import Place
from maillage.programme import selectors
from maillage.programme.models import Category, Session
from maillage.web.calendars import ics_response

FEED_LIMIT = 1000
# Beyond it the database refuses the number rather than finding nothing.
_LARGEST_ID = 2**63 - 1


def _event_url(request: HttpRequest, event_id: int) -> str:
    try:  # the programme's pages are another module's; the feed works without them
        return request.build_absolute_uri(reverse("web:event", args=[event_id]))
    except NoReverseMatch:
        return ""


def _location(session: Session) -> str:
    place = session.where
    if place is None:
        return _("En ligne") if session.online_url else ""
    address = " ".join(part for part in (place.code_postal, place.commune_nom) if part)
    return ", ".join(part for part in (place.nom, place.adresse, address) if part)


def _entries(request: HttpRequest, sessions) -> list[CalendarEvent]:
    entries = []
    for session in sessions:
        event = session.event
        seats_left = max(session.capacity - session.seated, 0)
        lines = [event.description] if event.description else []
        lines.append(
            _("Places restantes : %(n)s sur %(capacity)s")
            % {"n": seats_left, "capacity": session.capacity}
        )
        if session.online_url:
            lines.append(session.online_url)
        entries.append(
            CalendarEvent(
                uid=event_uid("programme-session", session.pk),
                start=session.start,
                end=session.end,
                summary=f"{event.title} ({event.category.name})",
                updated=session.updated_at,
                location=_location(session),
                description="\n".join(lines),
                url=_event_url(request, event.pk),
            )
        )
    return entries


def _feed(request: HttpRequest, filters: selectors.ProgrammeFilters, name: str, filename: str):
    sessions = selectors.sessions_to_come(filters=filters, now=timezone.now(), limit=FEED_LIMIT)
    return ics_response(calendar(_entries(request, sessions), name=name), filename)


def programme_calendar(request: HttpRequest) -> HttpResponse:
    return _feed(request, selectors.ProgrammeFilters(), _("Programme du hub"), "programme.ics")


def programme_category_calendar(request: HttpRequest, slug: str) -> HttpResponse:
    category = Category.objects.filter(slug=slug).first()
    if category is None:
        raise Http404(_("Cette catégorie n'existe pas."))
    return _feed(
        request,
        selectors.ProgrammeFilters(category=slug),
        _("Programme – %(category)s") % {"category": category.name},
        f"programme-{slug}.ics",
    )


def programme_place_calendar(request: HttpRequest, pk: int) -> HttpResponse:
    place = Place.objects.filter(pk=pk).first() if pk <= _LARGEST_ID else None
    if place is None:
        raise Http404(_("Ce lieu n'existe pas."))
    return _feed(
        request,
        selectors.ProgrammeFilters(place=pk),
        _("Programme – %(place)s") % {"place": place.nom},
        f"programme-lieu-{pk}.ics",
    )
