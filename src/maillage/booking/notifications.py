"""Messages about bookings: the confirmation e-mail, with its `.ics` attached."""

from __future__ import annotations

from django.core.mail import EmailMessage
from django.utils import timezone
from django.utils.translation import gettext as _

from maillage.booking.ical import calendar
from maillage.booking.models import Booking
from maillage.booking.selectors import booking_events
from maillage.core.mail import mail_send


def booking_ics(booking: Booking) -> str:
    return calendar(booking_events([booking]), name=booking.resource.name)


def booking_confirmation_send(*, booking: Booking, booking_url: str) -> bool:
    """E-mail the person who booked (when an address is known); False if it could not go.
    A mail server that fails must not undo a booking that is made."""
    if not booking.guest_email:
        return False
    start = timezone.localtime(booking.start)
    lines = [
        _("Bonjour %(name)s,") % {"name": booking.guest_name or ""},
        "",
        _("Votre réservation est confirmée : %(resource)s, %(place)s, le %(date)s à %(time)s.")
        % {
            "resource": booking.resource.name,
            "place": booking.resource.place.nom,
            "date": start.strftime("%d/%m/%Y"),
            "time": start.strftime("%H:%M"),
        },
    ]
    if booking.video_url:
        lines += ["", _("Lien de la visio : %(url)s") % {"url": booking.video_url}]
    lines += ["", _("Voir ou annuler la réservation : %(url)s") % {"url": booking_url}]
    message = EmailMessage(
        subject=_("Réservation confirmée : %(resource)s") % {"resource": booking.resource.name},
        body="\n".join(lines),
        to=[booking.guest_email],
    )
    message.attach("reservation.ics", booking_ics(booking), "text/calendar")
    return mail_send(message, about=f"the confirmation of booking {booking.pk}")
