"""Pages of booking: a resource's week of free slots and the booking form (three clicks
from a place page), a booking's page by its secret token (see, cancel, `.ics`), iCalendar
feeds, and the staff's usage and bookings pages."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from maillage.booking import notifications, selectors, services
from maillage.booking.availability import PARIS
from maillage.booking.ical import calendar
from maillage.booking.models import Booking, Resource
from maillage.core.permissions import can
from maillage.directory.models import Place
from maillage.web import contact_fields
from maillage.web.access import staff_required
from maillage.web.calendars import ics_response

FEED_DAYS_BACK = 30
# Beyond it the database refuses the number rather than finding nothing.
_LARGEST_ID = 2**63 - 1


class BookingForm(forms.Form):
    start = forms.DateTimeField(widget=forms.HiddenInput)
    duration = forms.TypedChoiceField(label=gettext_lazy("Durée"), coerce=int)
    quantity = forms.IntegerField(label=gettext_lazy("Nombre de places"), min_value=1, initial=1)
    guest_name = contact_fields.name_field()
    guest_email = contact_fields.email_field()
    guest_phone = contact_fields.phone_field()
    reason = forms.CharField(
        label=gettext_lazy("Motif (facultatif)"), max_length=300, required=False
    )

    def __init__(self, *args, resource: Resource, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        steps = range(resource.min_minutes, resource.max_minutes + 1, resource.step_minutes)
        self.fields["duration"].choices = [(m, _duration_words(m)) for m in steps]
        self.fields["quantity"].max_value = resource.capacity
        if resource.capacity == 1:
            self.fields["quantity"].widget = forms.HiddenInput()
        if user is not None and user.is_authenticated:
            self.fields["guest_name"].initial = user.get_full_name()
            self.fields["guest_email"].initial = user.email

    def clean(self):
        cleaned = super().clean()
        contact_fields.require_a_contact(
            self,
            email="guest_email",
            phone="guest_phone",
            message=_("Indiquez un courriel ou un téléphone pour recevoir la confirmation."),
        )
        return cleaned


def _duration_words(minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    if not hours:
        return _("%(minutes)s min") % {"minutes": rest}
    return f"{hours} h {rest:02d}" if rest else f"{hours} h"


def _week_start(request: HttpRequest) -> dt.date:
    today = timezone.localdate()
    try:
        chosen = dt.date.fromisoformat(request.GET.get("semaine", ""))
    except ValueError:
        chosen = today
    return chosen - dt.timedelta(days=chosen.weekday())


def resource_book(request: HttpRequest, pk: int) -> HttpResponse:
    """The week's free slots; a chosen slot opens the form; the form books."""
    resource = selectors.resource_get(pk=pk) if pk <= _LARGEST_ID else None
    if resource is None or not resource.is_active:
        raise Http404(_("Cette ressource n'existe pas ou n'est plus réservable."))
    monday = _week_start(request)
    week_start = dt.datetime.combine(monday, dt.time(0), tzinfo=PARIS)
    now = timezone.now()
    form = None
    chosen = request.POST.get("start") or request.GET.get("creneau")
    if chosen:
        form = BookingForm(
            request.POST or None,
            resource=resource,
            user=request.user,
            initial={"start": chosen, "duration": resource.min_minutes},
        )
    if request.method == "POST" and form is not None and form.is_valid():
        data = form.cleaned_data
        user = request.user if request.user.is_authenticated else None
        try:
            booking = services.booking_create(
                resource=resource,
                start=data["start"],
                end=data["start"] + dt.timedelta(minutes=data["duration"]),
                quantity=data["quantity"] or 1,
                user=user,
                guest_name=data["guest_name"],
                guest_email=data["guest_email"],
                guest_phone=data["guest_phone"],
                reason=data["reason"],
            )
        except services.BookingRefused as refused:
            form.add_error(None, str(refused))
        else:
            url = request.build_absolute_uri(reverse("web:booking", args=[booking.token]))
            sent = notifications.booking_confirmation_send(booking=booking, booking_url=url)
            messages.success(
                request,
                _("Réservation confirmée.")
                + (" " + _("Un courriel de confirmation est parti.") if sent else ""),
            )
            return redirect("web:booking", token=booking.token)
    days = []
    slots = selectors.resource_slots(
        resource=resource, start=week_start, end=week_start + dt.timedelta(days=7), now=now
    )
    for offset in range(7):
        day = monday + dt.timedelta(days=offset)
        days.append(
            {
                "date": day,
                "slots": [s for s in slots if timezone.localtime(s.interval.start).date() == day],
            }
        )
    chosen_time = None
    if form is not None and form["start"].value():
        try:
            chosen_time = timezone.localtime(dt.datetime.fromisoformat(str(form["start"].value())))
        except ValueError:
            chosen_time = None
    return render(
        request,
        "pages/resource_book.html",
        {
            "resource": resource,
            "days": days,
            "monday": monday,
            "previous_week": monday - dt.timedelta(days=7),
            "next_week": monday + dt.timedelta(days=7),
            "is_current_week": monday <= timezone.localdate(),
            "form": form,
            "chosen_time": chosen_time,
        },
    )


def booking_detail(request: HttpRequest, token: str) -> HttpResponse:
    """A booking, seen through its secret link; POST cancels it."""
    booking = selectors.booking_by_token(token=token)
    if booking is None:
        raise Http404(_("Aucune réservation ne correspond à ce lien."))
    if request.method == "POST":
        try:
            # The link is the right to cancel; past the deadline, only who runs the resource.
            services.booking_cancel(
                booking=booking,
                actor=request.user if request.user.is_authenticated else None,
                by_staff=can(request.user, "change", booking),
            )
        except services.BookingRefused as refused:
            messages.error(request, str(refused))
        else:
            messages.success(request, _("Réservation annulée."))
        return redirect("web:booking", token=token)
    return render(request, "pages/booking_detail.html", {"booking": booking})


def booking_ics(request: HttpRequest, token: str) -> HttpResponse:
    booking = selectors.booking_by_token(token=token)
    if booking is None:
        raise Http404(_("Aucune réservation ne correspond à ce lien."))
    return ics_response(notifications.booking_ics(booking), "reservation.ics")


def resource_calendar(request: HttpRequest, pk: int) -> HttpResponse:
    """A resource's bookings as an iCalendar feed (times only: no names)."""
    resource = selectors.resource_get(pk=pk) if pk <= _LARGEST_ID else None
    if resource is None:
        raise Http404(_("Cette ressource n'existe pas."))
    since = timezone.now() - dt.timedelta(days=FEED_DAYS_BACK)
    events = [
        event.__class__(**{**event.__dict__, "description": "", "url": ""})
        for event in selectors.booking_events(
            selectors.bookings_of_resource(resource=resource, since=since)
        )
    ]
    return ics_response(calendar(events, name=str(resource)), f"ressource-{pk}.ics")


def place_calendar(request: HttpRequest, pk: int) -> HttpResponse:
    """A place's bookings as an iCalendar feed (times only: no names)."""
    if pk > _LARGEST_ID or not Place.objects.filter(pk=pk).exists():
        raise Http404(_("Ce lieu n'existe pas."))
    since = timezone.now() - dt.timedelta(days=FEED_DAYS_BACK)
    events = [
        event.__class__(**{**event.__dict__, "description": "", "url": ""})
        for event in selectors.booking_events(selectors.bookings_of_place(place_id=pk, since=since))
    ]
    return ics_response(calendar(events, name=_("Réservations du lieu")), f"lieu-{pk}.ics")


def user_calendar_url(request: HttpRequest, user) -> tuple[str, dt.datetime]:
    """The secret address of a person's feed (calendar apps cannot sign in) and until when it
    works."""
    feed = services.calendar_feed_key_issue(user=user)
    url = request.build_absolute_uri(reverse("web:my-calendar", args=[feed.key]))
    return url, feed.expires_at


def my_calendar(request: HttpRequest, signed: str) -> HttpResponse:
    """A person's bookings; `signed` is their calendar key (renewed on their page)."""
    user = selectors.calendar_feed_owner(key=signed, now=timezone.now())
    if user is None:
        raise Http404(_("Ce lien de calendrier n'est pas valide."))
    since = timezone.now() - dt.timedelta(days=FEED_DAYS_BACK)
    events = selectors.booking_events(selectors.bookings_of_user(user=user, since=since))
    return ics_response(calendar(events, name=_("Mes réservations")), "mes-reservations.ics")


@login_required
def my_bookings(request: HttpRequest) -> HttpResponse:
    """A person's bookings and their calendar address; POST renews the address (the old one
    opens nothing any more)."""
    if request.method == "POST":
        services.calendar_feed_key_renew(user=request.user)
        messages.success(request, _("Nouveau lien d'agenda : l'ancien ne fonctionne plus."))
        return redirect("web:my-bookings")
    since = timezone.now() - dt.timedelta(days=FEED_DAYS_BACK)
    bookings = selectors.bookings_of_user(user=request.user, since=since).order_by("start")
    calendar_url, calendar_until = user_calendar_url(request, request.user)
    return render(
        request,
        "pages/my_bookings.html",
        {"bookings": bookings, "calendar_url": calendar_url, "calendar_until": calendar_until},
    )


def _month(request: HttpRequest) -> dt.date:
    try:
        return dt.date.fromisoformat(request.GET.get("mois", "") + "-01")
    except ValueError:
        return timezone.localdate().replace(day=1)


@staff_required
def usage(request: HttpRequest) -> HttpResponse:
    """Occupancy of each resource over a month, least used first, and by place."""
    month = _month(request)
    following = (month + dt.timedelta(days=32)).replace(day=1)
    start = dt.datetime.combine(month, dt.time(0), tzinfo=PARIS)
    end = dt.datetime.combine(following, dt.time(0), tzinfo=PARIS)
    rows = selectors.resource_usage(
        start=start, end=end, resources=selectors.resources_run_by(user=request.user)
    )
    by_place: dict[int, dict] = {}
    for row in rows:
        entry = by_place.setdefault(
            row.resource.place_id,
            {"place": row.resource.place, "open": 0.0, "booked": 0.0, "bookings": 0, "no_shows": 0},
        )
        entry["open"] += row.open_hours
        entry["booked"] += row.booked_hours
        entry["bookings"] += row.bookings
        entry["no_shows"] += row.no_shows
    places = sorted(by_place.values(), key=lambda e: e["booked"] / e["open"] if e["open"] else 0)
    for entry in places:
        entry["occupancy"] = entry["booked"] / entry["open"] if entry["open"] else None
    return render(
        request,
        "pages/usage.html",
        {
            "month": month,
            "previous_month": (month - dt.timedelta(days=1)).replace(day=1),
            "next_month": following,
            "rows": rows,
            "places": places,
        },
    )


@staff_required
def staff_bookings(request: HttpRequest) -> HttpResponse:
    """The coming bookings of the hub, to mark them honoured or missed, or cancel them."""
    if request.method == "POST":
        booking_id = request.POST.get("booking", "")
        booking = (
            Booking.objects.filter(pk=int(booking_id)).first()
            if booking_id.isdigit() and int(booking_id) <= _LARGEST_ID
            else None
        )
        to_state = request.POST.get("state", "")
        if booking is None or to_state not in Booking.State.values:
            messages.error(request, _("Demande incomplète."))
        elif not can(request.user, "change", booking):
            raise PermissionDenied(
                _("Cette réservation est celle d'un lieu que vous ne gérez pas.")
            )
        else:
            try:
                if to_state == Booking.State.CANCELLED:
                    services.booking_cancel(booking=booking, actor=request.user, by_staff=True)
                else:
                    services.booking_transition(
                        booking=booking, to_state=to_state, actor=request.user
                    )
                messages.success(request, _("Réservation mise à jour."))
            except services.BookingRefused as refused:
                messages.error(request, str(refused))
        return redirect(request.get_full_path())
    since = timezone.now() - dt.timedelta(days=2)
    bookings = (
        Booking.objects.filter(
            end__gte=since, resource__in=selectors.resources_run_by(user=request.user)
        )
        .select_related("resource", "resource__place")
        .order_by("start")[:200]
    )
    return render(request, "pages/staff_bookings.html", {"bookings": bookings})


class AppointmentSlotsForm(forms.Form):
    """A mediator's appointment times at a place: weekly hours, length, in person or visio."""

    place = forms.ModelChoiceField(
        label=gettext_lazy("Lieu"),
        queryset=None,
        help_text=gettext_lazy("Le lieu où vous recevez (ou le point visio) : les lieux du pôle."),
    )
    name = forms.CharField(
        label=gettext_lazy("Intitulé"),
        max_length=150,
        initial=gettext_lazy("Rendez-vous avec un médiateur numérique"),
    )
    hours = forms.CharField(
        label=gettext_lazy("Vos horaires (syntaxe OpenStreetMap)"),
        max_length=500,
        help_text=gettext_lazy("Par exemple : Tu,Th 14:00-17:00; Sa 09:00-12:00"),
    )
    minutes = forms.TypedChoiceField(
        label=gettext_lazy("Durée d'un rendez-vous"),
        coerce=int,
        choices=[(15, "15 min"), (30, "30 min"), (45, "45 min"), (60, "1 h")],
        initial=30,
    )
    is_visio = forms.BooleanField(label=gettext_lazy("À distance (visio)"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from django.db.models import Q

        from maillage.directory.models import Place

        # The hub's own places and those already lending something: a short list to pick from.
        ours = Place.objects.filter(Q(operator__is_hub=True) | Q(resources__isnull=False))
        self.fields["place"].queryset = (
            (ours if ours.exists() else Place.objects).distinct().order_by("nom")
        )

    def clean_hours(self) -> str:
        from maillage.booking.availability import HoursError, parse_hours

        hours = self.cleaned_data["hours"].strip()
        try:
            parse_hours(hours)
        except HoursError:
            raise forms.ValidationError(
                _(
                    "Horaires invalides : syntaxe OpenStreetMap attendue, par exemple « Tu 14:00-17:00 »."
                )
            ) from None
        return hours


@staff_required
def appointment_slots(request: HttpRequest) -> HttpResponse:
    """A mediator publishes appointment slots: a resource of kind appointment that they host,
    bookable by anyone without an account."""
    initial = {"place": request.GET.get("lieu")} if request.GET.get("lieu", "").isdigit() else None
    form = AppointmentSlotsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        resource = services.resource_save(
            resource=Resource(
                place=data["place"],
                name=data["name"],
                kind=Resource.Kind.APPOINTMENT,
                opening_hours=data["hours"],
                min_minutes=data["minutes"],
                max_minutes=data["minutes"],
                step_minutes=data["minutes"],
                is_visio=data["is_visio"],
                host=request.user,
            ),
            actor=request.user,
        )
        messages.success(request, _("Créneaux publiés : ils sont réservables dès maintenant."))
        return redirect("web:resource-book", pk=resource.pk)
    hosted = Resource.objects.filter(host=request.user).select_related("place").order_by("name")
    return render(request, "pages/appointment_slots.html", {"form": form, "hosted": hosted})
