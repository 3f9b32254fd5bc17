"""Messages about registrations: the confirmation (with the session's `.ics` attached) and
the e-mail to a person who leaves the waiting list for a seat."""

from __future__ import annotations

from django.core.mail import EmailMessage
from django.utils import timezone
from django.utils.translation import gettext as _

from maillage.booking.ical import CalendarEvent, calendar, event_uid
from maillage.core.mail import mail_send
from maillage.programme.models import Registration, Session


def session_location(session: Session) -> str:
    place = session.where
    if place is None:
        return session.online_url
    return ", ".join(
        part for part in (place.nom, place.adresse, place.code_postal, place.commune_nom) if part
    )


def session_event(session: Session, *, url: str = "", cancelled: bool = False) -> CalendarEvent:
    event = session.event
    lines = [event.title]
    if session.online_url:
        lines.append(_("En ligne : %(url)s") % {"url": session.online_url})
    if event.description:
        lines.append(event.description)
    return CalendarEvent(
        uid=event_uid("programme-session", session.pk),
        start=session.start,
        end=session.end,
        summary=event.title,
        updated=session.updated_at,
        location=session_location(session),
        description="\n".join(lines),
        url=url or session.online_url,
        cancelled=cancelled or session.is_cancelled,
    )


def registration_ics(registration: Registration, *, url: str = "") -> str:
    session = registration.session
    return calendar(
        [
            session_event(
                session, url=url, cancelled=registration.state == Registration.State.CANCELLED
            )
        ],
        name=session.event.title,
    )


def _when(session: Session) -> dict[str, str]:
    start = timezone.localtime(session.start)
    return {"date": start.strftime("%d/%m/%Y"), "time": start.strftime("%H:%M")}


def _send(message: EmailMessage, registration: Registration) -> bool:
    return mail_send(message, about=f"registration {registration.pk}")


def registration_confirmation_send(*, registration: Registration, registration_url: str) -> bool:
    """E-mail the person registered or waiting (when an address is known), the `.ics`
    attached; False if it could not go. A failing mail server never undoes a registration."""
    if not registration.email:
        return False
    session = registration.session
    waiting = registration.state == Registration.State.WAITING
    lines = [_("Bonjour %(name)s,") % {"name": registration.name}, ""]
    if waiting:
        lines.append(
            _(
                "La séance « %(title)s » du %(date)s à %(time)s est complète : vous êtes sur la "
                "liste d'attente. Un courriel vous préviendra si une place se libère."
            )
            % {"title": session.event.title, **_when(session)}
        )
    else:
        lines.append(
            _("Votre inscription est confirmée : « %(title)s », le %(date)s à %(time)s.")
            % {"title": session.event.title, **_when(session)}
        )
    location = session_location(session)
    if location:
        lines += ["", _("Lieu : %(where)s") % {"where": location}]
    lines += ["", _("Voir ou annuler l'inscription : %(url)s") % {"url": registration_url}]
    subject = (
        _("Liste d'attente : %(title)s") if waiting else _("Inscription confirmée : %(title)s")
    ) % {"title": session.event.title}
    message = EmailMessage(subject=subject, body="\n".join(lines), to=[registration.email])
    message.attach(
        "seance.ics", registration_ics(registration, url=registration_url), "text/calendar"
    )
    return _send(message, registration)


def registration_promoted_send(*, registration: Registration, registration_url: str) -> bool:
    """Tell the person taken off the waiting list that a seat is theirs."""
    if not registration.email:
        return False
    session = registration.session
    lines = [
        _("Bonjour %(name)s,") % {"name": registration.name},
        "",
        _("Une place s'est libérée : vous êtes inscrit·e à « %(title)s », le %(date)s à %(time)s.")
        % {"title": session.event.title, **_when(session)},
        "",
        _("Si vous ne pouvez plus venir, annulez pour laisser la place : %(url)s")
        % {"url": registration_url},
    ]
    message = EmailMessage(
        subject=_("Une place pour vous : %(title)s") % {"title": session.event.title},
        body="\n".join(lines),
        to=[registration.email],
    )
    message.attach(
        "seance.ics", registration_ics(registration, url=registration_url), "text/calendar"
    )
    return _send(message, registration)
