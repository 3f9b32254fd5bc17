"""Pages of company accompaniment, for the team: the list with the year's figures, filters
and exports (CSV/XLSX); opening an accompaniment (for a company of the directory or a new
one); an accompaniment with its steps, where its referent and the coordination add a step,
edit it or close it with its outcome."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from maillage.accompaniment import selectors, services
from maillage.accompaniment.models import COMPANY_KINDS, Accompaniment, Need, Step
from maillage.accounts.models import User
from maillage.core.permissions import STAFF_ROLES, can
from maillage.core.spreadsheets import FORMATS, table_response
from maillage.directory.models import Organisation
from maillage.territory import selectors as territory_selectors
from maillage.web.access import object_or_403, staff_required
from maillage.web.refusals import form_add_refusal

PAGE_SIZE = 50


def _staff_users():
    return (
        User.objects.filter(is_active=True, groups__name__in=[str(r) for r in STAFF_ROLES])
        .distinct()
        .order_by("full_name", "email")
    )


def _user_label(user: User) -> str:
    return user.full_name or user.email


def _date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class FilterForm(forms.Form):
    annee = forms.TypedChoiceField(label=gettext_lazy("Année"), coerce=int, required=False)
    besoin = forms.ChoiceField(label=gettext_lazy("Besoin"), required=False)
    etat = forms.ChoiceField(label=gettext_lazy("État"), required=False)
    referent = forms.TypedChoiceField(label=gettext_lazy("Référent·e"), coerce=int,
                                      required=False, empty_value=None)  # fmt: skip
    q = forms.CharField(label=gettext_lazy("Entreprise ou mots"), required=False, max_length=100,
                        widget=forms.TextInput(attrs={"type": "search"}))  # fmt: skip

    def __init__(self, *args, this_year: int, **kwargs):
        super().__init__(*args, **kwargs)
        years = sorted({this_year, *selectors.accompaniment_years()}, reverse=True)
        self.fields["annee"].choices = [(year, str(year)) for year in years]
        self.fields["besoin"].choices = [("", _("Tous")), *Need.choices]
        self.fields["etat"].choices = [("", _("Tous")), *Accompaniment.Status.choices]
        self.fields["referent"].choices = [("", _("Tous"))] + [
            (user.pk, _user_label(user)) for user in _staff_users()
        ]
        self.this_year = this_year

    def filters(self) -> selectors.AccompanimentFilters:
        data = self.cleaned_data if self.is_valid() else {}
        return selectors.AccompanimentFilters(
            year=data.get("annee") or self.this_year,
            need=data.get("besoin") or None,
            status=data.get("etat") or None,
            referent=data.get("referent"),
            query=data.get("q", ""),
        )


def _hours(minutes: int | None) -> float:
    return round((minutes or 0) / 60, 2)


def _export(fmt: str, filters: selectors.AccompanimentFilters, what: str) -> HttpResponse:
    year = filters.year
    if what == "etapes":
        return table_response(
            filename=f"etapes-accompagnement-{year}",
            fmt=fmt,
            header=[
                _("Date"),
                _("Entreprise"),
                _("Besoin"),
                _("Étape"),
                _("Minutes"),
                _("Partenaire"),
                _("Note"),
            ],
            rows=(
                [
                    step.date,
                    step.accompaniment.organisation.name,
                    step.accompaniment.get_need_display(),
                    step.get_kind_display(),
                    step.minutes,
                    step.partner.name if step.partner else "",
                    step.note,
                ]
                for step in selectors.steps_of_year(year=year)
            ),
        )
    return table_response(
        filename=f"accompagnements-{year}",
        fmt=fmt,
        header=[
            _("Entreprise"),
            _("Commune"),
            _("Besoin"),
            _("Début"),
            _("État"),
            _("Clos le"),
            _("Résultat"),
            _("Référent·e"),
            _("Étapes (année)"),
            _("Heures (année)"),
            _("Dernière étape"),
            _("Démonstration"),
        ],
        rows=(
            [
                a.organisation.name,
                a.organisation.commune.nom if a.organisation.commune else "",
                a.get_need_display(),
                a.started_on,
                a.get_status_display(),
                a.closed_on,
                a.get_outcome_kind_display(),
                _user_label(a.referent) if a.referent else "",
                a.step_count,
                _hours(a.minutes_spent),
                a.last_step,
                a.is_demo,
            ]
            for a in selectors.accompaniment_list(filters=filters)
        ),
    )


@staff_required
def accompaniment_list(request: HttpRequest) -> HttpResponse:
    """The year's accompaniments and figures; `?format=csv|xlsx` downloads the list
    (`&export=etapes`: the year's steps)."""
    this_year = timezone.localdate().year
    form = FilterForm(request.GET or None, this_year=this_year)
    filters = form.filters()
    fmt = request.GET.get("format")
    if fmt in FORMATS:
        return _export(fmt, filters, request.GET.get("export", ""))
    page = Paginator(selectors.accompaniment_list(filters=filters), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    figures = selectors.accompaniment_figures(year=filters.year)
    today = timezone.localdate()
    # The months to come of the current year are left out: they would only show zeros.
    shown = figures.by_month[: today.month] if filters.year == today.year else figures.by_month
    months = [(dt.date(filters.year, row.month, 1), row) for row in shown]
    query = request.GET.copy()
    for key in ("format", "export", "page"):
        query.pop(key, None)
    return render(
        request,
        "pages/accompaniment_list.html",
        {
            "form": form,
            "filters": filters,
            "figures": figures,
            "months": months,
            "page": page,
            "query": query.urlencode(),
        },
    )


def _company_choices() -> list[tuple]:
    companies = Organisation.objects.filter(kind__in=COMPANY_KINDS).order_by("name", "pk")
    return [("", _("— Choisir dans l'annuaire —"))] + [
        (pk, name) for pk, name in companies.values_list("pk", "name")
    ]


def _partner_choices() -> list[tuple]:
    # Partners are the hub's network, not the companies it accompanies.
    accompanied = Accompaniment.objects.values("organisation_id")
    partners = Organisation.objects.exclude(pk__in=accompanied).order_by("name", "pk")
    return list(partners.values_list("pk", "name"))


class CommuneField(forms.CharField):
    def clean(self, value):
        text = super().clean(value).strip()
        if not text:
            return None
        commune = territory_selectors.commune_search(query=text).first()
        if commune is None:
            raise forms.ValidationError(
                _("Aucune commune ne correspond à « %(text)s »."), params={"text": text}
            )
        return commune


class AccompanimentForm(forms.Form):
    need = forms.ChoiceField(label=gettext_lazy("Besoin"), choices=Need.choices)
    description = forms.CharField(label=gettext_lazy("Description du besoin"), required=False,
                                  widget=forms.Textarea(attrs={"rows": 3}))  # fmt: skip
    referent = forms.TypedChoiceField(label=gettext_lazy("Référent·e"), coerce=int,
                                      required=False, empty_value=None)  # fmt: skip
    partners = forms.TypedMultipleChoiceField(
        label=gettext_lazy("Partenaires"), coerce=int, required=False,
        help_text=gettext_lazy("Plusieurs choix : Ctrl (ou Cmd) + clic."),
    )  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["referent"].choices = [("", _("Personne"))] + [
            (user.pk, _user_label(user)) for user in _staff_users()
        ]
        self.fields["partners"].choices = _partner_choices()

    def referent_user(self) -> User | None:
        pk = self.cleaned_data.get("referent")
        return User.objects.filter(pk=pk).first() if pk else None

    def partner_organisations(self) -> list[Organisation]:
        return list(Organisation.objects.filter(pk__in=self.cleaned_data.get("partners") or []))


class NewAccompanimentForm(AccompanimentForm):
    organisation = forms.TypedChoiceField(label=gettext_lazy("Entreprise de l'annuaire"),
                                          coerce=int, required=False, empty_value=None)  # fmt: skip
    company_name = forms.CharField(label=gettext_lazy("Nom"), required=False, max_length=250)
    company_kind = forms.ChoiceField(
        label=gettext_lazy("Type"), required=False,
        choices=[(kind.value, kind.label) for kind in COMPANY_KINDS],
    )  # fmt: skip
    company_commune = CommuneField(label=gettext_lazy("Commune"), required=False, max_length=100,
                                   help_text=gettext_lazy("Ou son code postal."))  # fmt: skip
    started_on = forms.DateField(label=gettext_lazy("Début"), widget=_date_input())

    field_order = ["organisation", "company_name", "company_kind", "company_commune", "need",
                   "description", "started_on", "referent", "partners"]  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].choices = _company_choices()

    def clean(self):
        cleaned = super().clean()
        chosen = cleaned.get("organisation")
        named = (cleaned.get("company_name") or "").strip()
        if chosen and named:
            self.add_error("company_name", _("Choisissez une entreprise de l'annuaire ou "
                                             "nommez-en une nouvelle, pas les deux."))  # fmt: skip
        elif not chosen and not named:
            self.add_error("organisation", _("Choisissez l'entreprise, ou nommez-la plus bas si "
                                             "elle n'est pas dans l'annuaire."))  # fmt: skip
        return cleaned


@staff_required
def accompaniment_new(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    form = NewAccompanimentForm(
        request.POST or None, initial={"started_on": today, "referent": request.user.pk}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        common = {
            "need": data["need"], "started_on": data["started_on"], "actor": request.user,
            "description": data["description"], "referent": form.referent_user(),
            "partners": form.partner_organisations(),
        }  # fmt: skip
        try:
            if data["organisation"]:
                organisation = Organisation.objects.filter(pk=data["organisation"]).first()
                if organisation is None:
                    raise Http404(_("Cette entreprise n'existe pas."))
                accompaniment = services.accompaniment_create(organisation=organisation, **common)
            else:
                accompaniment = services.accompaniment_create_for_new_company(
                    company_name=data["company_name"], company_kind=data["company_kind"],
                    commune=data["company_commune"], **common,
                )  # fmt: skip
        except services.AccompanimentRefused as refused:
            form_add_refusal(form, refused)
        else:
            messages.success(request, _("Accompagnement ouvert : ajoutez sa première étape."))
            return redirect("web:accompaniment", pk=accompaniment.pk)
    return render(request, "pages/accompaniment_new.html", {"form": form})


class StepForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Étape"), choices=Step.Kind.choices)
    date = forms.DateField(label=gettext_lazy("Date"), widget=_date_input())
    minutes = forms.IntegerField(
        label=gettext_lazy("Durée (minutes)"), min_value=1, max_value=12 * 60,
        help_text=gettext_lazy("De 1 minute à 12 heures (720 minutes) ; 1 h 30 = 90."),
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )  # fmt: skip
    partner = forms.TypedChoiceField(label=gettext_lazy("Partenaire (facultatif)"), coerce=int,
                                     required=False, empty_value=None)  # fmt: skip
    note = forms.CharField(label=gettext_lazy("Note"), required=False,
                           widget=forms.Textarea(attrs={"rows": 3}))  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, prefix="etape", **kwargs)
        self.fields["partner"].choices = [("", _("Aucun")), *_partner_choices()]


class CloseForm(forms.Form):
    status = forms.ChoiceField(
        label=gettext_lazy("Issue"), widget=forms.RadioSelect,
        choices=[(Accompaniment.Status.DONE, Accompaniment.Status.DONE.label),
                 (Accompaniment.Status.ABANDONED, Accompaniment.Status.ABANDONED.label)],
    )  # fmt: skip
    outcome_kind = forms.ChoiceField(
        label=gettext_lazy("Résultat"),
        choices=[("", _("— Choisir —")), *Accompaniment.Outcome.choices],
    )
    outcome = forms.CharField(label=gettext_lazy("Résultat en détail (facultatif)"),
                              required=False, widget=forms.Textarea(attrs={"rows": 3}))  # fmt: skip
    closed_on = forms.DateField(label=gettext_lazy("Date de clôture"), widget=_date_input())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, prefix="cloture", **kwargs)


class EditForm(AccompanimentForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, prefix="modifier", **kwargs)


@staff_required
def accompaniment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    accompaniment = selectors.accompaniment_get(pk=pk)
    if accompaniment is None:
        raise Http404(_("Cet accompagnement n'existe pas."))
    today = timezone.localdate()
    action = request.POST.get("action") if request.method == "POST" else None
    step_form = StepForm(request.POST if action == "step" else None, initial={"date": today})
    close_form = CloseForm(request.POST if action == "close" else None,
                           initial={"closed_on": today})  # fmt: skip
    edit_form = EditForm(
        request.POST if action == "edit" else None,
        initial={"need": accompaniment.need, "description": accompaniment.description,
                 "referent": accompaniment.referent_id,
                 "partners": [p.pk for p in accompaniment.partners.all()]},
    )  # fmt: skip
    if request.method == "POST":
        object_or_403(request.user, "change", accompaniment)
        done = _act(request, accompaniment, action, step_form, close_form, edit_form)
        if done:
            messages.success(request, done)
            return redirect(reverse("web:accompaniment", args=[pk]) + "#etapes")
    steps = list(selectors.accompaniment_steps(accompaniment=accompaniment))
    return render(
        request,
        "pages/accompaniment_detail.html",
        {
            "accompaniment": accompaniment,
            "steps": steps,
            "total_hours": sum(step.minutes for step in steps) / 60,
            "can_change": can(request.user, "change", accompaniment),
            "step_form": step_form,
            "close_form": close_form,
            "edit_form": edit_form,
            "action": action,
        },
    )


def _act(request, accompaniment, action, step_form, close_form, edit_form) -> str | None:
    """Run the posted action; the message to show when done, None when a form has errors."""
    try:
        if action == "step" and step_form.is_valid():
            data = step_form.cleaned_data
            partner = (
                Organisation.objects.filter(pk=data["partner"]).first() if data["partner"] else None
            )
            services.step_add(
                accompaniment=accompaniment, kind=data["kind"], date=data["date"],
                minutes=data["minutes"], partner=partner, note=data["note"], actor=request.user,
            )  # fmt: skip
            return _("Étape enregistrée.")
        if action == "close" and close_form.is_valid():
            data = close_form.cleaned_data
            services.accompaniment_close(
                accompaniment=accompaniment, status=data["status"],
                outcome_kind=data["outcome_kind"], outcome=data["outcome"],
                closed_on=data["closed_on"], actor=request.user,
            )  # fmt: skip
            return _("Accompagnement clos.")
        if action == "edit" and edit_form.is_valid():
            data = edit_form.cleaned_data
            services.accompaniment_update(
                accompaniment=accompaniment, need=data["need"], description=data["description"],
                referent=edit_form.referent_user(), partners=edit_form.partner_organisations(),
                actor=request.user,
            )  # fmt: skip
            return _("Accompagnement modifié.")
    except services.AccompanimentRefused as refused:
        form = {"step": step_form, "close": close_form, "edit": edit_form}[action]
        form_add_refusal(form, refused)
    if action not in ("step", "close", "edit"):
        messages.error(request, _("Demande incomplète."))
    return None


urlpatterns = [
    path("equipe/entreprises/", accompaniment_list, name="accompaniments"),
    path("equipe/entreprises/nouvelle/", accompaniment_new, name="accompaniment-new"),
    path("equipe/entreprises/<int:pk>/", accompaniment_detail, name="accompaniment"),
]
