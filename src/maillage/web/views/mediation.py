"""Pages of mediation records: the mediator's latest records, the one-minute entry form
(made for a phone: big choices, today's date, duration chips, the last place, the most
used themes first, recent people), an activity's page, the people accompanied (search,
profile, merge, anonymise), the statistics of a mediator, a place or the hub (map, chart,
tables, CSV/XLSX, share links), and the public page of a share link."""

from __future__ import annotations

import dataclasses
import datetime as dt
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Exists, OuterRef, Q, Sum
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from maillage.accounts.models import User
from maillage.core.permissions import Role, runs_the_hub
from maillage.core.spreadsheets import FORMATS, table_response
from maillage.directory.models import Organisation, Place
from maillage.directory.selectors import places_managed_by
from maillage.mediation import rules, selectors, services
from maillage.mediation.models import (
    RETENTION_MONTHS,
    AgeBand,
    Beneficiary,
    Gender,
    MediationActivity,
    ShareLink,
    SocialStatus,
)
from maillage.mediation.selectors import StatisticsScope
from maillage.web.access import roles_required, staff_required
from maillage.web.refusals import form_add_refusal

recorders_only = roles_required(Role.MEDIATOR, Role.COORDINATOR, Role.ADMIN)

DURATION_CHIPS = (15, 30, 45, 60, 90, 120)
OTHER = "autre"
EQUIPMENT_CHOICES = [
    ("computer", gettext_lazy("Ordinateur")),
    ("phone", gettext_lazy("Téléphone")),
    ("tablet", gettext_lazy("Tablette")),
    ("other", gettext_lazy("Autre")),
]
# The form's names of the services' fields, where they differ.
FIELD_OF = {"duration_minutes": "duration", "referral_text": "referral"}
# On the public page of a share link, communes with fewer people are grouped: a commune of
# 200 inhabitants with one person accompanied would point at them.
PUBLIC_MIN_COUNT = 3
STATISTICS_MONTHS = 12


def _duration_words(minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    if not hours:
        return _("%(minutes)s min") % {"minutes": rest}
    return f"{hours} h {rest:02d}" if rest else f"{hours} h"


class ActivityForm(forms.Form):
    """One activity. Without JavaScript every part shows, each saying when it applies; with
    it (static js/mediation-form.js) only the parts of the chosen type and place show."""

    kind = forms.ChoiceField(
        label=gettext_lazy("Type d'activité"),
        choices=MediationActivity.Kind.choices,
        widget=forms.RadioSelect,
    )
    date = forms.DateField(
        label=gettext_lazy("Date"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    duration = forms.ChoiceField(label=gettext_lazy("Durée"), widget=forms.RadioSelect)
    duration_other = forms.IntegerField(
        label=gettext_lazy("Autre durée, en minutes"), required=False, min_value=1,
        max_value=12 * 60,
    )  # fmt: skip
    place_kind = forms.ChoiceField(
        label=gettext_lazy("Où"),
        choices=MediationActivity.PlaceKind.choices,
        widget=forms.RadioSelect,
    )
    place = forms.TypedChoiceField(
        label=gettext_lazy("Lieu"), required=False, coerce=int, empty_value=None
    )
    commune = forms.CharField(
        label=gettext_lazy("Commune"), required=False, max_length=120,
        help_text=gettext_lazy("Où l'activité a eu lieu, si ce n'est pas dans un lieu."),
    )  # fmt: skip
    equipment = forms.MultipleChoiceField(
        label=gettext_lazy("Matériel utilisé"), required=False, choices=EQUIPMENT_CHOICES,
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip
    themes = forms.MultipleChoiceField(
        label=gettext_lazy("Thèmes"), widget=forms.CheckboxSelectMultiple,
        error_messages={"required": gettext_lazy("Choisissez au moins un thème.")},
    )  # fmt: skip
    beneficiary = forms.CharField(label=gettext_lazy("Personne accompagnée"), required=False)
    new_first_name = forms.CharField(
        label=gettext_lazy("Prénom (facultatif, vu de vous seul)"), required=False, max_length=60
    )
    new_age_band = forms.ChoiceField(
        label=gettext_lazy("Tranche d'âge"), required=False, choices=AgeBand.choices
    )
    new_gender = forms.ChoiceField(
        label=gettext_lazy("Genre"), required=False, choices=Gender.choices
    )
    new_social_status = forms.ChoiceField(
        label=gettext_lazy("Situation"), required=False, choices=SocialStatus.choices
    )
    new_commune = forms.CharField(
        label=gettext_lazy("Commune de résidence"), required=False, max_length=120
    )
    autonomy = forms.ChoiceField(
        label=gettext_lazy("Autonomie atteinte"), required=False,
        choices=MediationActivity.Autonomy.choices, widget=forms.RadioSelect,
    )  # fmt: skip
    referral = forms.CharField(
        label=gettext_lazy("Orientée vers (facultatif)"), required=False, max_length=200,
        help_text=gettext_lazy("Une structure de l'annuaire ou quelques mots."),
    )  # fmt: skip
    title = forms.CharField(label=gettext_lazy("Titre de l'atelier"), required=False,
                            max_length=200)  # fmt: skip
    level = forms.ChoiceField(
        label=gettext_lazy("Niveau"), required=False, choices=MediationActivity.Level.choices
    )
    participant_count = forms.IntegerField(
        label=gettext_lazy("Nombre de participants"), required=False, min_value=1,
        max_value=services.MAX_PARTICIPANTS,
    )  # fmt: skip

    def __init__(self, *args, user, activity: MediationActivity | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.activity = activity
        for name in ("commune", "new_commune"):
            self.fields[name].widget.attrs.update(list="mediation-communes", autocomplete="off")
        self.fields["referral"].widget.attrs.update(
            list="mediation-organisations", autocomplete="off"
        )
        self.fields["participant_count"].widget.attrs["inputmode"] = "numeric"
        self.fields["duration_other"].widget.attrs["inputmode"] = "numeric"
        today = timezone.localdate()
        self.fields["date"].widget.attrs["max"] = today.isoformat()
        self.fields["duration"].choices = [
            *[(str(m), _duration_words(m)) for m in DURATION_CHIPS],
            (OTHER, _("Autre")),
        ]
        places = list(selectors.places_for_entry(user=user).values_list("pk", "nom"))
        if activity is not None and activity.place_id and activity.place_id not in dict(places):
            places.append((activity.place_id, activity.place.nom))
        self.fields["place"].choices = [("", _("Choisir un lieu")), *places]
        themes, self.frequent_theme_ids = selectors.themes_for_entry(
            user=user, since=today - dt.timedelta(days=365)
        )
        if activity is not None:
            current = [t for t in activity.themes.all() if t.pk not in {x.pk for x in themes}]
            themes += current
        self.theme_objects = themes
        self.fields["themes"].choices = [(t.slug, t.name) for t in themes]
        self.recent_titles = selectors.workshop_titles_recent(user=user)
        self.fields["title"].widget.attrs.update(list="mediation-titles", autocomplete="off")
        self.recent_people = selectors.beneficiaries_recent(user=user)
        recent_ids = {b.pk for b in self.recent_people}
        if (
            activity is not None
            and activity.beneficiary_id
            and (activity.beneficiary_id not in recent_ids)
        ):
            self.recent_people = [activity.beneficiary, *self.recent_people]
        defaults = selectors.entry_defaults(user=user)
        if activity is None:
            self.initial.setdefault("kind", defaults.kind)
            self.initial.setdefault("date", today)
            chip = str(defaults.duration_minutes)
            if defaults.duration_minutes in DURATION_CHIPS:
                self.initial.setdefault("duration", chip)
            else:
                self.initial.setdefault("duration", OTHER)
                self.initial.setdefault("duration_other", defaults.duration_minutes)
            self.initial.setdefault("place_kind", defaults.place_kind)
            self.initial.setdefault("place", defaults.place_id)
            self.initial.setdefault("beneficiary", "")
            self.initial.setdefault("autonomy", "")
        else:
            self.initial.update(_activity_initial(activity))

    @property
    def theme_groups(self) -> list[tuple[str, list, bool]]:
        """The theme checkboxes: the mediator's usual ones, then the two national lists,
        folded when there are usual ones (title, checkboxes, folded)."""
        by_slug = {widget.data["value"]: widget for widget in self["themes"]}
        frequent = self.frequent_theme_ids
        usual = [by_slug[t.slug] for t in self.theme_objects if t.pk in frequent]
        digital = [by_slug[t.slug] for t in self.theme_objects
                   if t.group == "digital" and t.pk not in frequent]  # fmt: skip
        procedure = [by_slug[t.slug] for t in self.theme_objects
                     if t.group == "procedure" and t.pk not in frequent]  # fmt: skip
        fold = bool(usual)
        return [
            (_("Vos thèmes habituels"), usual, False),
            (_("Médiation numérique") if not fold else _("Autres thèmes de médiation numérique"),
             digital, fold),
            (_("Démarches administratives"), procedure, fold),
        ]  # fmt: skip

    @property
    def themes_unfolded(self) -> bool:
        """The folded lists open when one of their themes is chosen, or on an error."""
        chosen = set(self["themes"].value() or [])
        unusual = {t.slug for t in self.theme_objects if t.pk not in self.frequent_theme_ids}
        return bool(chosen & unusual) or bool(self.errors.get("themes"))

    def people_reveal(self, page: str) -> None:
        """Name the people offered, as the viewer knows them (the first names shown are
        logged): called when the form is shown, not when it is only read."""
        self.people_labels = services.beneficiary_names_reveal(
            viewer=self.user, people=self.recent_people, page=page
        )

    @property
    def people_choices(self) -> list[tuple[str, str]]:
        labels = getattr(self, "people_labels", {})
        choices = [
            (str(person.pk), _person_choice_label(person, labels.get(person.pk)))
            for person in self.recent_people
        ]
        chosen = str(self["beneficiary"].value() or "")
        if chosen.isdigit() and chosen not in {value for value, _label in choices}:
            choices.insert(0, (chosen, _("Personne n° %(number)s") % {"number": chosen}))
        return [
            ("", _("Sans fiche (personne anonyme)")),
            *choices,
            ("new", _("Nouvelle personne")),
        ]

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind")
        other = cleaned.get("duration_other")
        if other:
            cleaned["duration_minutes"] = other
        elif cleaned.get("duration") in (None, "", OTHER):
            self.add_error("duration_other", _("Indiquez la durée en minutes."))
        else:
            cleaned["duration_minutes"] = int(cleaned["duration"])
        if cleaned.get("place_kind") in ("home", "other") and cleaned.get("commune"):
            commune = selectors.commune_resolve(text=cleaned["commune"])
            if commune is None:
                self.add_error("commune", _("Commune introuvable : essayez son nom ou son code."))
            cleaned["commune_obj"] = commune
        if kind == MediationActivity.Kind.COLLECTIVE:
            cleaned["beneficiary"] = ""
            cleaned["autonomy"] = ""
            if cleaned.get("participant_count") is None:
                self.add_error("participant_count", _("Indiquez le nombre de participants."))
        else:
            cleaned["participant_count"] = 1
        person = (cleaned.get("beneficiary") or "").strip()
        cleaned["beneficiary_obj"] = None
        cleaned["new_profile"] = None
        if person == "new":
            commune = None
            if cleaned.get("new_commune"):
                commune = selectors.commune_resolve(text=cleaned["new_commune"])
                if commune is None:
                    self.add_error("new_commune", _("Commune introuvable."))
            cleaned["new_profile"] = services.Profile(
                first_name=cleaned.get("new_first_name", ""),
                age_band=cleaned.get("new_age_band", ""),
                gender=cleaned.get("new_gender", ""),
                social_status=cleaned.get("new_social_status", ""),
                commune=commune,
            )
        elif person:
            found = Beneficiary.objects.filter(pk=int(person)).first() if person.isdigit() else None
            if found is None:
                self.add_error(
                    "beneficiary",
                    _("La personne n° %(number)s n'est pas parmi les personnes que vous "
                      "accompagnez.") % {"number": person},
                )  # fmt: skip
            cleaned["beneficiary_obj"] = found
        referral = (cleaned.get("referral") or "").strip()
        organisation = selectors.organisation_resolve(text=referral)
        cleaned["referral_organisation"] = organisation
        cleaned["referral_text"] = "" if organisation else referral
        return cleaned

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        place = Place.objects.filter(pk=data["place"]).first() if data.get("place") else None
        return {
            "kind": data["kind"],
            "date": data["date"],
            "duration_minutes": data["duration_minutes"],
            "themes": data["themes"],
            "place_kind": data["place_kind"],
            "place": place,
            "commune": data.get("commune_obj"),
            "equipment": data["equipment"],
            "beneficiary": data["beneficiary_obj"],
            "new_beneficiary": data["new_profile"],
            "autonomy": data.get("autonomy") or "",
            "referral_organisation": data["referral_organisation"],
            "referral_text": data["referral_text"],
            "title": data.get("title") or "",
            "level": data.get("level") or "",
            "participant_count": data["participant_count"],
        }

    def refuse(self, refused: services.MediationRefused) -> None:
        form_add_refusal(
            self, refused, field=FIELD_OF.get(refused.field or "", refused.field or "")
        )


def _person_choice_label(person: Beneficiary, label: str | None) -> str:
    parts = [label or person.pseudonym]
    details = [str(label) for label in (
        person.get_age_band_display() if person.age_band else "",
        person.commune.nom if person.commune_id else "",
    ) if label]  # fmt: skip
    if details:
        parts.append(" · ".join(details))
    return " — ".join(parts)


def _activity_initial(activity: MediationActivity) -> dict:
    minutes = activity.duration_minutes
    equipment = [key for key, column in services.EQUIPMENT.items() if getattr(activity, column)]
    organisation = activity.referral_organisation
    commune = activity.location_commune
    return {
        "kind": activity.kind,
        "date": activity.date,
        "duration": str(minutes) if minutes in DURATION_CHIPS else OTHER,
        "duration_other": None if minutes in DURATION_CHIPS else minutes,
        "place_kind": activity.place_kind,
        "place": activity.place_id,
        "commune": f"{commune.nom} ({commune.code})"
        if commune and activity.place_kind in ("home", "other")
        else "",
        "equipment": equipment,
        "themes": [theme.slug for theme in activity.themes.all()],
        "beneficiary": str(activity.beneficiary_id or ""),
        "autonomy": activity.autonomy,
        "referral": organisation.name if organisation else activity.referral_text,
        "title": activity.title,
        "level": activity.level,
        "participant_count": activity.participant_count
        if activity.kind == MediationActivity.Kind.COLLECTIVE
        else None,
    }


def _form_context(form: ActivityForm, user, page: str) -> dict:
    form.people_reveal(page)
    errors = []
    for name, messages_ in form.errors.items():
        field = form.fields.get(name)
        for message in messages_:
            errors.append((name if field else "", field.label if field else "", message))
    return {
        "form": form,
        "errors": errors,
        "communes": selectors.communes_for_entry(user=user),
        "organisations": Organisation.objects.order_by("name").values_list("name", flat=True)[:500],
    }


# --- Records -------------------------------------------------------------------------------


@recorders_only
def mediation_home(request: HttpRequest) -> HttpResponse:
    """The mediator's latest records and the big "Nouvelle activité" button."""
    today = timezone.localdate()
    month = today.replace(day=1)
    mine = selectors.activities_of(user=request.user)
    this_month = MediationActivity.objects.filter(
        mediator_id=request.user.pk, date__gte=month
    ).aggregate(n=Count("pk"), minutes=Sum("duration_minutes"), people=Sum("participant_count"))
    this_month["hours"] = round((this_month["minutes"] or 0) / 60, 1)
    latest = list(mine[:30])
    labels = services.beneficiary_names_reveal(
        viewer=request.user,
        people=[a.beneficiary for a in latest if a.beneficiary is not None],
        page="mediation-home",
    )
    return render(
        request,
        "pages/mediation_home.html",
        {
            "latest": [(a, _activity_person(a, labels)) for a in latest],
            "this_month": this_month,
            "month": month,
            "highlight": request.GET.get("nouvelle"),
        },
    )


def _activity_person(activity: MediationActivity, labels: dict[int, str]) -> str:
    """Who the activity was with; `labels` from `services.beneficiary_names_reveal`."""
    if activity.kind == MediationActivity.Kind.COLLECTIVE:
        return _("%(count)s participants") % {"count": activity.participant_count}
    if activity.beneficiary is None:
        return _("Personne anonyme")
    return labels.get(activity.beneficiary_id) or activity.beneficiary.pseudonym


@recorders_only
def activity_new(request: HttpRequest) -> HttpResponse:
    """The one-minute entry form."""
    initial = {}
    asked = request.GET.get("beneficiaire", "")
    if asked.isdigit() and selectors.beneficiary_get(user=request.user, pk=int(asked)):
        initial["beneficiary"] = asked
    form = ActivityForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            activity = services.mediation_activity_create(
                mediator=request.user, **form.service_arguments()
            )
        except services.MediationRefused as refused:
            form.refuse(refused)
        else:
            messages.success(
                request,
                _("Activité enregistrée : %(what)s, %(duration)s.")
                % {
                    "what": activity.get_kind_display(),
                    "duration": _duration_words(activity.duration_minutes),
                },
            )
            if request.POST.get("next") == "again":
                return redirect("web:mediation-new")
            return redirect(
                f"{reverse('web:mediation')}?nouvelle={activity.pk}#activite-{activity.pk}"
            )
    return render(
        request,
        "pages/mediation_activity_form.html",
        {**_form_context(form, request.user, "mediation-new"), "activity": None},
    )


@recorders_only
def activity_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """An activity: seen and changed by its mediator (or the coordination)."""
    activity = selectors.activity_get(user=request.user, pk=pk)
    if activity is None or not rules.changes_activity(request.user, activity):
        raise Http404(_("Cette activité n'existe pas ou n'est pas parmi les vôtres."))
    if request.method == "POST" and request.POST.get("action") == "delete":
        services.mediation_activity_delete(activity=activity, actor=request.user)
        messages.success(request, _("Activité supprimée."))
        return redirect("web:mediation")
    form = ActivityForm(request.POST or None, user=request.user, activity=activity)
    if request.method == "POST" and form.is_valid():
        try:
            services.mediation_activity_update(
                activity=activity, actor=request.user, **form.service_arguments()
            )
        except services.MediationRefused as refused:
            form.refuse(refused)
        else:
            messages.success(request, _("Activité modifiée."))
            return redirect("web:mediation-activity", pk=activity.pk)
    context = _form_context(form, request.user, "mediation-activity")
    labels = form.people_labels
    if activity.beneficiary is not None and activity.beneficiary_id not in labels:
        labels = services.beneficiary_names_reveal(
            viewer=request.user, people=[activity.beneficiary], page="mediation-activity"
        )
    return render(
        request,
        "pages/mediation_activity_form.html",
        {**context, "activity": activity, "person_label": _activity_person(activity, labels)},
    )


# --- People accompanied --------------------------------------------------------------------


@recorders_only
def beneficiary_list(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "")[:100]
    people = selectors.beneficiary_search(user=request.user, query=query)
    page = Paginator(people, 50).get_page(request.GET.get("page"))
    labels = services.beneficiary_names_reveal(
        viewer=request.user, people=list(page), page="mediation-beneficiaries"
    )
    return render(
        request,
        "pages/mediation_beneficiaries.html",
        {
            "page": page,
            "query": query,
            "rows": [(p, labels[p.pk]) for p in page],
            "is_hub": runs_the_hub(request.user),
        },
    )


class ProfileForm(forms.Form):
    first_name = forms.CharField(
        label=gettext_lazy("Prénom (facultatif, vu de ses seuls médiateurs)"), required=False,
        max_length=60,
    )  # fmt: skip
    age_band = forms.ChoiceField(label=gettext_lazy("Tranche d'âge"), required=False,
                                 choices=AgeBand.choices)  # fmt: skip
    gender = forms.ChoiceField(label=gettext_lazy("Genre"), required=False,
                               choices=Gender.choices)  # fmt: skip
    social_status = forms.ChoiceField(label=gettext_lazy("Situation"), required=False,
                                      choices=SocialStatus.choices)  # fmt: skip
    commune = forms.CharField(label=gettext_lazy("Commune de résidence"), required=False,
                              max_length=120)  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["commune"].widget.attrs.update(list="mediation-communes", autocomplete="off")

    def clean_commune(self):
        text = self.cleaned_data.get("commune", "")
        if not text:
            return None
        commune = selectors.commune_resolve(text=text)
        if commune is None:
            raise forms.ValidationError(_("Commune introuvable."))
        return commune

    def profile(self) -> services.Profile:
        data = self.cleaned_data
        return services.Profile(
            first_name=data["first_name"], age_band=data["age_band"], gender=data["gender"],
            social_status=data["social_status"], commune=data["commune"],
        )  # fmt: skip


def _duplicates(user, person: Beneficiary) -> list[Beneficiary]:
    """Other people of `user` who may be the same person: the same first name, or the same
    age band, gender and commune."""
    same = Q()
    if person.first_name and selectors.knows_name(user, person) and not runs_the_hub(user):
        same |= Q(first_name__iexact=person.first_name)
    if person.age_band and person.gender and person.commune_id:
        same |= Q(age_band=person.age_band, gender=person.gender, commune_id=person.commune_id)
    if not same:
        return []
    return list(
        selectors.beneficiaries_visible_to(user=user)
        .filter(same)
        .exclude(pk=person.pk)
        .select_related("commune")[:5]
    )


@recorders_only
def beneficiary_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A person: their profile (changed here), their activities, merging a duplicate into
    this record, and anonymising it."""
    person = selectors.beneficiary_get(user=request.user, pk=pk)
    if person is None:
        raise Http404(_("Cette personne n'existe pas ou n'est pas parmi les vôtres."))
    knows = selectors.knows_name(request.user, person)
    profile_form = ProfileForm(
        request.POST if request.POST.get("action") == "update" else None,
        initial={
            "first_name": person.first_name if knows else "",
            "age_band": person.age_band, "gender": person.gender,
            "social_status": person.social_status,
            "commune": f"{person.commune.nom} ({person.commune.code})" if person.commune else "",
        },
    )  # fmt: skip
    if not knows:
        del profile_form.fields["first_name"]
    merge_error = ""
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "update" and profile_form.is_valid():
                profile = profile_form.profile()
                if not knows:  # the coordination changes the profile, never the first name
                    profile = dataclasses.replace(profile, first_name=person.first_name)
                services.beneficiary_update(beneficiary=person, actor=request.user, profile=profile)
                messages.success(request, _("Fiche modifiée."))
                return redirect("web:mediation-beneficiary", pk=person.pk)
            if action == "merge":
                other = request.POST.get("duplicate", "").strip().lstrip("nN°º ")
                duplicate = (
                    selectors.beneficiary_get(user=request.user, pk=int(other))
                    if other.isdigit()
                    else None
                )
                if duplicate is None:
                    merge_error = _(
                        "La personne n° %(number)s n'est pas parmi les personnes que vous "
                        "accompagnez."
                    ) % {"number": other or "?"}
                else:
                    services.beneficiaries_merge(
                        keep=person, duplicate=duplicate, actor=request.user
                    )
                    messages.success(
                        request,
                        _("La fiche n° %(number)s est fusionnée dans celle-ci.")
                        % {"number": duplicate.pk},
                    )
                    return redirect("web:mediation-beneficiary", pk=person.pk)
            if action == "anonymise":
                services.beneficiary_anonymise(beneficiary=person, actor=request.user)
                messages.success(request, _("Fiche anonymisée : le prénom est effacé."))
                return redirect("web:mediation-beneficiary", pk=person.pk)
        except services.MediationRefused as refused:
            if action == "merge":
                merge_error = str(refused)
            else:
                profile_form.add_error(
                    refused.field if refused.field in profile_form.fields else None, str(refused)
                )
    activities = person.activities.select_related("place").prefetch_related("themes")
    if not runs_the_hub(request.user):
        activities = activities.filter(mediator_id=request.user.pk)
    duplicates = _duplicates(request.user, person)
    labels = services.beneficiary_names_reveal(
        viewer=request.user, people=[person, *duplicates], page="mediation-beneficiary"
    )
    return render(
        request,
        "pages/mediation_beneficiary.html",
        {
            "person": person,
            "label": labels[person.pk],
            "knows": knows,
            "profile_form": profile_form,
            "activities": activities.order_by("-date", "-pk")[:100],
            "duplicates": [(d, labels[d.pk]) for d in duplicates],
            "merge_error": merge_error,
            "merge_value": request.POST.get("duplicate", "") if merge_error else "",
            "communes": selectors.communes_for_entry(user=request.user),
            "retention_months": RETENTION_MONTHS,
        },
    )


# --- Statistics ----------------------------------------------------------------------------


def _period(request: HttpRequest) -> tuple[dt.date, dt.date, dict[str, str]]:
    """`du`..`au` from the query, by default the last 12 months to today."""
    today = timezone.localdate()
    errors = {}
    default_from = services.months_before(today, STATISTICS_MONTHS - 1).replace(day=1)
    values = {}
    for name, default in (("du", default_from), ("au", today)):
        raw = request.GET.get(name, "")
        try:
            values[name] = dt.date.fromisoformat(raw) if raw else default
        except ValueError:
            values[name] = default
            errors[name] = _("Date illisible : AAAA-MM-JJ.")
    date_from, date_to = values["du"], values["au"]
    if date_to < date_from:
        errors["au"] = _("La fin de la période précède son début.")
        date_to = date_from
    if (date_to - date_from).days > 366 * 5:
        errors["du"] = _("Cinq ans au plus.")
        date_from = date_to - dt.timedelta(days=366 * 5)
    return date_from, date_to, errors


def _scope_from(request: HttpRequest, data) -> StatisticsScope:
    """The scope asked (`portee`: moi, lieu, mediateur, pole), refused with a 403 when the
    person may not see it; by default their own."""
    user = request.user
    asked = data.get("portee", "")
    number = data.get("lieu", "") if asked == "lieu" else data.get("mediateur", "")
    if asked == "pole":
        scope = StatisticsScope("hub")
    elif asked == "moi":
        scope = StatisticsScope("mediator", mediator_id=user.pk)
    elif asked in ("lieu", "mediateur") and number.isdigit():
        scope = (
            StatisticsScope("place", place_id=int(number))
            if asked == "lieu"
            else StatisticsScope("mediator", mediator_id=int(number))
        )
    elif asked:
        raise PermissionDenied(_("Ce périmètre n'existe pas."))
    else:
        scope = selectors.scope_default(user)
        if scope is None:
            raise PermissionDenied(_("Vous n'avez pas de statistiques de médiation à consulter."))
    if not selectors.scope_allowed(user, scope):
        raise PermissionDenied(_("Ces statistiques ne sont pas les vôtres."))
    return scope


def _scope_choices(user) -> dict:
    hub = runs_the_hub(user)
    if hub:
        with_activities = Exists(MediationActivity.objects.filter(place=OuterRef("pk")))
        places = Place.objects.filter(Q(operator__is_hub=True) | with_activities)
        recorded = Exists(MediationActivity.objects.filter(mediator=OuterRef("pk")))
        mediators = list(
            User.objects.filter(Q(groups__name=Role.MEDIATOR.value) | recorded)
            .distinct()
            .order_by("full_name", "email")
        )
    else:
        places = places_managed_by(user=user)
        mediators = []
    return {
        "can_hub": hub,
        "can_self": rules.records_activities(user),
        "places": list(places.order_by("nom").values_list("pk", "nom")),
        "mediators": [(m.pk, m.get_full_name() or m.email) for m in mediators],
    }


def _scope_query(scope: StatisticsScope, date_from: dt.date, date_to: dt.date) -> dict:
    query = {"du": date_from.isoformat(), "au": date_to.isoformat()}
    if scope.kind == "hub":
        query["portee"] = "pole"
    elif scope.kind == "place":
        query.update(portee="lieu", lieu=str(scope.place_id))
    else:
        query.update(portee="mediateur", mediateur=str(scope.mediator_id))
    return query


def _map_data(statistics: selectors.MediationStatistics) -> dict:
    return {
        "communes": [
            [c.code, c.nom, c.latitude, c.longitude, c.count]
            for c in statistics.communes
            if c.latitude is not None
        ],
        "months": [month.strftime("%m/%Y") for month, _figures in statistics.by_month],
        "activities": [figures.activities for _month, figures in statistics.by_month],
        "participants": [figures.participants for _month, figures in statistics.by_month],
        "texts": {
            "activities": _("Activités"),
            "participants": _("Personnes accompagnées"),
            "people": _("%(count)s personnes accompagnées"),
            "zoomIn": _("Zoomer"),
            "zoomOut": _("Dézoomer"),
            "close": _("Fermer"),
            "failed": _("La carte n'a pas pu s'afficher ; le tableau des communes dit tout."),
        },
    }


def _statistics_context(statistics: selectors.MediationStatistics) -> dict:
    top = max((s.count for s in statistics.themes + statistics.procedure_themes), default=0)
    return {
        "statistics": statistics,
        "theme_sections": [
            (_("Médiation numérique"), statistics.themes),
            (_("Démarches administratives"), statistics.procedure_themes),
        ],
        "map_data": _map_data(statistics),
        "theme_top": top or 1,
        "scope_label": selectors.scope_label(statistics.scope),
    }


@staff_required
def statistics_page(request: HttpRequest) -> HttpResponse:
    """The figures of a mediator, a place or the hub over a period; exports; share links."""
    if request.method == "POST":
        return _share_link_create(request)
    scope = _scope_from(request, request.GET)
    date_from, date_to, period_errors = _period(request)
    export = request.GET.get("export")
    fmt = request.GET.get("format", "csv")
    if export in ("chiffres", "activites") and fmt in FORMATS:
        name = f"mediation-{export}-{date_from:%Y%m%d}-{date_to:%Y%m%d}"
        if export == "chiffres":
            statistics = selectors.mediation_statistics(
                scope=scope, date_from=date_from, date_to=date_to
            )
            header, rows = selectors.statistics_table(statistics)
        else:
            header, rows = selectors.activity_rows(
                scope=scope, date_from=date_from, date_to=date_to
            )
        return table_response(filename=name, fmt=fmt, header=header, rows=rows)
    statistics = selectors.mediation_statistics(scope=scope, date_from=date_from, date_to=date_to)
    query = _scope_query(scope, date_from, date_to)
    return render(
        request,
        "pages/mediation_statistics.html",
        {
            **_statistics_context(statistics),
            **_scope_choices(request.user),
            "scope": scope,
            "period_errors": period_errors,
            "query": query,
            "exports": [
                (label, f"?{urlencode({**query, 'export': export, 'format': fmt})}")
                for export, fmt, label in (
                    ("chiffres", "csv", _("Chiffres (CSV)")),
                    ("chiffres", "xlsx", _("Chiffres (XLSX)")),
                    ("activites", "csv", _("Activités (CSV)")),
                    ("activites", "xlsx", _("Activités (XLSX)")),
                )
            ],
            "links": [
                (
                    link,
                    request.build_absolute_uri(reverse("web:mediation-share", args=[link.token])),
                )
                for link in selectors.share_links_of(user=request.user)[:50]
            ],
        },
    )


def _share_link_create(request: HttpRequest) -> HttpResponse:
    scope = _scope_from(request, request.POST)
    try:
        date_from = dt.date.fromisoformat(request.POST.get("du", ""))
        date_to = dt.date.fromisoformat(request.POST.get("au", ""))
    except ValueError:
        messages.error(request, _("Période illisible."))
        return redirect("web:mediation-statistics")
    mediator = User.objects.filter(pk=scope.mediator_id).first() if scope.mediator_id else None
    place = Place.objects.filter(pk=scope.place_id).first() if scope.place_id else None
    try:
        link = services.share_link_create(
            actor=request.user, scope=scope.kind, date_from=date_from, date_to=date_to,
            mediator=mediator, place=place,
        )  # fmt: skip
    except services.MediationRefused as refused:
        messages.error(request, str(refused))
    else:
        url = request.build_absolute_uri(reverse("web:mediation-share", args=[link.token]))
        messages.success(request, _("Lien de partage créé : %(url)s") % {"url": url})
    query = urlencode(_scope_query(scope, date_from, date_to))
    return redirect(f"{reverse('web:mediation-statistics')}?{query}#partage")


@staff_required
def share_link_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    if request.method != "POST":
        return redirect("web:mediation-statistics")
    link = ShareLink.objects.filter(pk=pk).first()
    if link is None or not rules.changes_share_link(request.user, link):
        raise Http404(_("Ce lien n'existe pas ou n'est pas le vôtre."))
    services.share_link_revoke(link=link, actor=request.user)
    messages.success(request, _("Lien révoqué : la page partagée ne s'ouvre plus."))
    return redirect(f"{reverse('web:mediation-statistics')}#partage")


def _public(statistics: selectors.MediationStatistics) -> selectors.MediationStatistics:
    """Small counts of communes grouped: a shared page must point at nobody."""
    kept = [c for c in statistics.communes if c.count >= PUBLIC_MIN_COUNT]
    grouped = sum(c.count for c in statistics.communes if c.count < PUBLIC_MIN_COUNT)
    if grouped:
        kept.append(
            selectors.CommuneShare(
                "", _("Autres communes (moins de %(count)s personnes chacune)")
                % {"count": PUBLIC_MIN_COUNT}, None, None, grouped,
            )
        )  # fmt: skip
    return dataclasses.replace(statistics, communes=kept)


def shared_statistics(request: HttpRequest, token: str) -> HttpResponse:
    """The read-only page of a share link, for anyone holding it."""
    link = selectors.share_link_by_token(token=token)
    if link is None:
        raise Http404(_("Ce lien de partage n'existe pas ou a été révoqué."))
    statistics = _public(
        selectors.mediation_statistics(
            scope=selectors.share_link_scope(link),
            date_from=link.date_from,
            date_to=link.date_to,
        )
    )
    response = render(
        request,
        "pages/mediation_shared.html",
        {**_statistics_context(statistics), "link": link},
    )
    response["X-Robots-Tag"] = "noindex"
    response["Referrer-Policy"] = "no-referrer"
    return response


urlpatterns = [
    path("mediation/", mediation_home, name="mediation"),
    path("mediation/nouvelle/", activity_new, name="mediation-new"),
    path("mediation/activite/<int:pk>/", activity_detail, name="mediation-activity"),
    path("mediation/beneficiaires/", beneficiary_list, name="mediation-beneficiaries"),
    path("mediation/beneficiaires/<int:pk>/", beneficiary_detail, name="mediation-beneficiary"),
    path("mediation/statistiques/", statistics_page, name="mediation-statistics"),
    path(
        "mediation/statistiques/liens/<int:pk>/revoquer/",
        share_link_revoke,
        name="mediation-share-revoke",
    ),
    path("statistiques/partage/<str:token>/", shared_statistics, name="mediation-share"),
]
