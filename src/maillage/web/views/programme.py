"""Pages of the programme: the coming sessions (by day or by month, with filters), an
event with a registration form per session, a registration's page by its secret token
(state, cancel, `.ics`), and the staff's check-in and attendance pages."""

from __future__ import annotations

import calendar as month_calendar
import datetime as dt
from collections import OrderedDict

from django import forms
from django.contrib import messages
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from maillage.directory.models import Place
from maillage.programme import notifications, selectors, services
from maillage.programme.models import Category, Event, Registration, Session
from maillage.programme.personal_data import REGISTRATION_RETENTION_MONTHS
from maillage.web import contact_fields
from maillage.web.access import object_or_403, staff_required
from maillage.web.calendars import ics_response

# Beyond it the database refuses the number rather than finding nothing.
_LARGEST_ID = 2**63 - 1


class FilterForm(forms.Form):
    categorie = forms.ChoiceField(label=gettext_lazy("Catégorie"), required=False)
    lieu = forms.TypedChoiceField(label=gettext_lazy("Lieu"), required=False, coerce=int,
                                  empty_value=None)  # fmt: skip
    public = forms.ChoiceField(label=gettext_lazy("Public"), required=False)
    du = forms.DateField(label=gettext_lazy("Du"), required=False,
                         widget=forms.DateInput(attrs={"type": "date"}))  # fmt: skip
    au = forms.DateField(label=gettext_lazy("Au"), required=False,
                         widget=forms.DateInput(attrs={"type": "date"}))  # fmt: skip
    q = forms.CharField(label=gettext_lazy("Mots"), required=False, max_length=100,
                        widget=forms.TextInput(attrs={"type": "search"}))  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        everything = [("", _("Toutes"))]
        self.fields["categorie"].choices = everything + [
            (c.slug, c.name) for c in selectors.categories()
        ]
        places = (
            Place.objects.filter(Q(sessions__isnull=False) | Q(events__isnull=False))
            .distinct()
            .order_by("nom")
            .values_list("pk", "nom")
        )
        self.fields["lieu"].choices = [("", _("Tous")), *list(places)]
        self.fields["public"].choices = [("", _("Tous")), *list(Event.Audience.choices)]

    def filters(self) -> selectors.ProgrammeFilters:
        data = self.cleaned_data if self.is_valid() else {}
        return selectors.ProgrammeFilters(
            category=data.get("categorie") or None,
            place=data.get("lieu") or None,
            audience=data.get("public") or None,
            date_from=data.get("du"),
            date_to=data.get("au"),
            query=data.get("q", ""),
        )


def _month(request: HttpRequest) -> dt.date:
    try:
        return dt.date.fromisoformat(request.GET.get("mois", "") + "-01")
    except ValueError:
        return timezone.localdate().replace(day=1)


def _query_without(request: HttpRequest, *keys: str) -> str:
    query = request.GET.copy()
    for key in keys:
        query.pop(key, None)
    return query.urlencode()


def programme(request: HttpRequest) -> HttpResponse:
    """The coming sessions, grouped by day, or a month (`?vue=mois&mois=YYYY-MM`)."""
    form = FilterForm(request.GET or None)
    filters = form.filters()
    now = timezone.now()
    is_month = request.GET.get("vue") == "mois"
    context = {"form": form, "is_month": is_month, "filtered": any(
        (filters.category, filters.place, filters.audience, filters.date_from, filters.date_to,
         filters.query)
    )}  # fmt: skip
    if is_month:
        month = _month(request)
        following = (month + dt.timedelta(days=32)).replace(day=1)
        last = following - dt.timedelta(days=1)
        start = max(filters.date_from or month, month)
        end = min(filters.date_to or last, last)
        month_filters = selectors.ProgrammeFilters(
            **{**filters.__dict__, "date_from": start, "date_to": end}
        )
        # The month is shown whole: its past sessions too (from the month's first day).
        first_moment = dt.datetime.combine(
            month, dt.time(0), tzinfo=timezone.get_current_timezone()
        )
        sessions = list(selectors.sessions_to_come(filters=month_filters, now=first_moment))
        by_date: dict[dt.date, list[Session]] = {}
        for session in sessions:
            by_date.setdefault(timezone.localtime(session.start).date(), []).append(session)
        weeks = []
        for week in month_calendar.Calendar(firstweekday=0).monthdatescalendar(
            month.year, month.month
        ):
            weeks.append(
                [
                    {"date": day, "in_month": day.month == month.month,
                     "sessions": by_date.get(day, []), "is_today": day == timezone.localdate()}
                    for day in week
                ]
            )  # fmt: skip
        context.update(
            month=month,
            weeks=weeks,
            count=len(sessions),
            previous_month=(month - dt.timedelta(days=1)).replace(day=1),
            next_month=following,
            base_query=_query_without(request, "mois", "vue"),
        )
    else:
        sessions = list(selectors.sessions_to_come(filters=filters, now=now, limit=200))
        days: OrderedDict[dt.date, list[Session]] = OrderedDict()
        for session in sessions:
            days.setdefault(timezone.localtime(session.start).date(), []).append(session)
        context.update(
            days=list(days.items()),
            count=len(sessions),
            base_query=_query_without(request, "mois", "vue"),
            this_month=timezone.localdate().replace(day=1),
        )
    return render(request, "pages/programme.html", context)


class RegistrationForm(forms.Form):
    session = forms.IntegerField(widget=forms.HiddenInput)
    name = contact_fields.name_field(gettext_lazy("Nom et prénom"))
    email = contact_fields.email_field()
    phone = contact_fields.phone_field()
    organisation_name = forms.CharField(
        label=gettext_lazy("Organisation (facultatif)"),
        max_length=150,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )

    def __init__(self, *args, session: Session, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.prefix = f"s{session.pk}"
        self.fields["session"].initial = session.pk
        if user is not None and user.is_authenticated:
            self.fields["name"].initial = user.get_full_name()
            self.fields["email"].initial = user.email

    def clean(self):
        cleaned = super().clean()
        contact_fields.require_a_contact(self, email="email", phone="phone")
        return cleaned


def _registration_url(request: HttpRequest, registration: Registration) -> str:
    return request.build_absolute_uri(reverse("web:registration", args=[registration.token]))


def event_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """An event and its sessions, each with its registration form; a POST registers."""
    event = selectors.event_get(pk=pk) if pk <= _LARGEST_ID else None
    if event is None:
        raise Http404(_("Cette action n'existe pas ou n'est pas publiée."))
    now = timezone.now()
    user = request.user if request.user.is_authenticated else None
    posted_session = request.POST.get("session") if request.method == "POST" else None
    rows = []
    for session in selectors.event_sessions(event=event):
        open_ = (
            not session.is_cancelled
            and session.start - dt.timedelta(hours=event.deadline_hours) >= now
        )
        bound = posted_session == str(session.pk)
        form = (
            RegistrationForm(request.POST if bound else None, session=session, user=user)
            if open_
            else None
        )
        if bound and form is not None and form.is_valid():
            data = form.cleaned_data
            try:
                registration = services.registration_create(
                    session=session, name=data["name"], email=data["email"],
                    phone=data["phone"], organisation_name=data["organisation_name"], user=user,
                )  # fmt: skip
            except services.RegistrationRefused as refused:
                form.add_error(
                    refused.field if refused.field in form.fields else None, str(refused)
                )
            else:
                url = _registration_url(request, registration)
                sent = notifications.registration_confirmation_send(
                    registration=registration, registration_url=url
                )
                text = (
                    _("Vous êtes sur la liste d'attente.")
                    if registration.state == Registration.State.WAITING
                    else _("Inscription confirmée.")
                )
                if sent:
                    text += " " + _("Un courriel de confirmation est parti.")
                messages.success(request, text)
                return redirect("web:registration", token=registration.token)
        rows.append(
            {"session": session, "form": form, "is_past": session.end < now,
             "left": max(session.capacity - session.seated, 0), "bound": bound}
        )  # fmt: skip
    return render(
        request,
        "pages/event_detail.html",
        {
            "event": event,
            "rows": rows,
            "coming": [row for row in rows if not row["is_past"]],
            "retention_months": REGISTRATION_RETENTION_MONTHS,
            "is_member": user is not None and bool(user.groups.exists() or user.is_superuser),
        },
    )


def _rank(registration: Registration) -> int | None:
    if registration.state != Registration.State.WAITING:
        return None
    return (
        registration.session.registrations.filter(state=Registration.State.WAITING)
        .filter(
            Q(created_at__lt=registration.created_at)
            | Q(created_at=registration.created_at, pk__lt=registration.pk)
        )
        .count()
        + 1
    )


def registration_detail(request: HttpRequest, token: str) -> HttpResponse:
    """A registration through its secret link; POST cancels it (and seats the next person)."""
    registration = selectors.registration_by_token(token=token)
    if registration is None:
        raise Http404(_("Aucune inscription ne correspond à ce lien."))
    if request.method == "POST":
        try:
            _cancelled, promoted = services.registration_cancel(
                registration=registration,
                actor=request.user if request.user.is_authenticated else None,
            )
        except services.RegistrationRefused as refused:
            messages.error(request, str(refused))
        else:
            messages.success(request, _("Inscription annulée."))
            if promoted is not None:
                promoted = selectors.registration_by_token(token=promoted.token)
                notifications.registration_promoted_send(
                    registration=promoted, registration_url=_registration_url(request, promoted)
                )
        return redirect("web:registration", token=token)
    return render(
        request,
        "pages/registration_detail.html",
        {
            "registration": registration,
            "session": registration.session,
            "rank": _rank(registration),
            "can_cancel": registration.state
            in (Registration.State.REGISTERED, Registration.State.WAITING),
        },
    )


def registration_ics(request: HttpRequest, token: str) -> HttpResponse:
    registration = selectors.registration_by_token(token=token)
    if registration is None:
        raise Http404(_("Aucune inscription ne correspond à ce lien."))
    text = notifications.registration_ics(
        registration, url=_registration_url(request, registration)
    )
    return ics_response(text, "seance.ics")


@staff_required
def session_checkin(request: HttpRequest, pk: int) -> HttpResponse:
    """Check people in on a phone: one big Présent / Absent pair per seated person. For the
    people who run the session (`programme.rules`): the page shows names."""
    session = selectors.session_get(pk=pk) if pk <= _LARGEST_ID else None
    if session is None:
        raise Http404(_("Cette séance n'existe pas."))
    object_or_403(request.user, "change", session)
    if request.method == "POST":
        person = request.POST.get("registration", "")
        registration = (
            session.registrations.filter(pk=int(person)).first()
            if person.isdigit() and int(person) <= _LARGEST_ID
            else None
        )
        if registration is None or request.POST.get("presence") not in ("present", "absent"):
            messages.error(request, _("Demande incomplète."))
        else:
            present = request.POST["presence"] == "present"
            try:
                services.attendance_mark(
                    registration=registration, present=present, actor=request.user
                )
            except services.RegistrationRefused as refused:
                messages.error(request, str(refused))
            else:
                messages.success(
                    request,
                    (_("%(name)s : présent·e.") if present else _("%(name)s : absent·e."))
                    % {"name": registration.name},
                )
        return redirect(f"{reverse('web:session-checkin', args=[pk])}#personne-{person}")
    people = list(selectors.session_people(session=session))
    seated = [p for p in people if p.state in Registration.SEATED]
    waiting = [p for p in people if p.state == Registration.State.WAITING]
    counts = {
        "seated": len(seated),
        "attended": sum(p.state == Registration.State.ATTENDED for p in seated),
        "absent": sum(p.state == Registration.State.ABSENT for p in seated),
    }
    counts["unmarked"] = counts["seated"] - counts["attended"] - counts["absent"]
    return render(
        request,
        "pages/session_checkin.html",
        {"session": session, "seated": seated, "waiting": waiting, "counts": counts},
    )


def _attendance(queryset):
    return queryset.annotate(
        seated=Count("registrations", filter=Q(registrations__state__in=Registration.SEATED)),
        attended=Count("registrations", filter=Q(registrations__state="attended")),
        absent=Count("registrations", filter=Q(registrations__state="absent")),
        waiting=Count("registrations", filter=Q(registrations__state="waiting")),
    )


@staff_required
def staff_programme(request: HttpRequest) -> HttpResponse:
    """Attendance per session (the last weeks and the coming ones) and per category."""
    today = timezone.localdate()
    since = today - dt.timedelta(days=42)
    window = Session.objects.filter(
        start__date__gte=since, start__date__lte=today + dt.timedelta(days=42)
    )
    sessions = _attendance(
        window.select_related("event", "event__category", "place", "event__place").order_by("start")
    )
    # The staff see every session's figures; its check-in (names) is for who runs it.
    run = set(
        selectors.sessions_run_by(user=request.user)
        .filter(pk__in=window.values("pk"))
        .values_list("pk", flat=True)
    )
    categories = []
    for category in Category.objects.all():
        row = Registration.objects.filter(
            session__event__category=category, session__start__date__gte=since
        ).aggregate(
            seated=Count("pk", filter=Q(state__in=Registration.SEATED)),
            attended=Count("pk", filter=Q(state="attended")),
            absent=Count("pk", filter=Q(state="absent")),
            waiting=Count("pk", filter=Q(state="waiting")),
        )
        marked = row["attended"] + row["absent"]
        row["rate"] = row["attended"] / marked if marked else None
        row["sessions"] = Session.objects.filter(
            event__category=category, start__date__gte=since, is_cancelled=False
        ).count()
        if row["sessions"]:
            categories.append({"category": category, **row})
    return render(
        request,
        "pages/programme_staff.html",
        {"sessions": sessions, "categories": categories, "since": since, "run": run,
         "figures": selectors.programme_figures()},
    )  # fmt: skip
