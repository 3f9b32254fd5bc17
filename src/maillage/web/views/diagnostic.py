"""Pages of the digital diagnostic: the public questionnaire (one page, no account; a
mediator may take it with a person), the result page reached by its secret link (a level
per skill and the recommended path, printable), and the team's counts by level."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from maillage.core.permissions import is_staff_member
from maillage.core.spreadsheets import FORMATS, table_response
from maillage.diagnostic import selectors, services
from maillage.diagnostic.models import Diagnostic
from maillage.diagnostic.selectors import Questionnaire
from maillage.territory import selectors as territory_selectors
from maillage.territory.models import Commune
from maillage.web.access import staff_required
from maillage.web.refusals import form_add_refusal


class DiagnosticForm(forms.Form):
    """The questionnaire: one radio group per question, then where the person lives and
    their age band (both optional)."""

    commune = forms.CharField(
        label=gettext_lazy("Votre commune (facultatif)"),
        required=False,
        max_length=100,
        help_text=gettext_lazy("Ou votre code postal, par exemple Monteux ou 84170 : pour "
                               "vous indiquer les lieux les plus proches."),
        widget=forms.TextInput(attrs={"autocomplete": "address-level2"}),
    )  # fmt: skip
    age_band = forms.ChoiceField(
        label=gettext_lazy("Votre âge (facultatif)"),
        required=False,
        choices=[("", gettext_lazy("Je préfère ne pas le dire")), *Diagnostic.AgeBand.choices],
    )
    with_mediator = forms.BooleanField(
        label=gettext_lazy("Je fais passer ce diagnostic à une personne"),
        required=False,
        initial=True,
        help_text=gettext_lazy("Il sera compté parmi les diagnostics que vous avez faits."),
    )

    def __init__(self, *args, questionnaire: Questionnaire, staff: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.questionnaire = questionnaire
        self.commune_found: Commune | None = None
        if not staff:
            del self.fields["with_mediator"]
        for question in questionnaire.questions:
            self.fields[services.question_field(question.id)] = forms.TypedChoiceField(
                label=question.text,
                help_text=question.help_text,
                choices=[(str(c.id), c.text) for c in question.choices],
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={"required": _("Choisissez une réponse.")},
            )

    def clean_commune(self) -> str:
        text = self.cleaned_data["commune"].strip()
        if text:
            self.commune_found = territory_selectors.commune_search(query=text).first()
            if self.commune_found is None:
                raise forms.ValidationError(
                    _("Aucune commune ne correspond à « %(text)s »."), params={"text": text}
                )
        return text

    def skill_groups(self) -> list[dict]:
        """The bound question fields grouped by skill, for the template."""
        return [
            {"skill": skill,
             "fields": [self[services.question_field(q.id)] for q in skill.questions]}
            for skill in self.questionnaire.skills
        ]  # fmt: skip

    def answers(self) -> dict[int, int]:
        return {
            q.id: self.cleaned_data[services.question_field(q.id)]
            for q in self.questionnaire.questions
        }


def diagnostic_take(request: HttpRequest) -> HttpResponse:
    """The questionnaire; a POST records the diagnostic and shows its result."""
    questionnaire = selectors.questionnaire_get()
    staff = is_staff_member(request.user)
    form = DiagnosticForm(
        request.POST if request.method == "POST" else None,
        questionnaire=questionnaire,
        staff=staff,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            diagnostic = services.diagnostic_take(
                answers=form.answers(),
                commune=form.commune_found,
                age_band=data["age_band"],
                mediator=request.user if staff and data.get("with_mediator") else None,
            )
        except services.DiagnosticRefused as refused:
            form_add_refusal(form, refused)
        else:
            return redirect("web:diagnostic-result", token=diagnostic.token)
    return render(
        request,
        "pages/diagnostic_take.html",
        {"form": form, "questionnaire": questionnaire, "staff": staff},
    )


def diagnostic_result(request: HttpRequest, token: str) -> HttpResponse:
    """A diagnostic's levels and recommended path, through its secret link."""
    diagnostic = selectors.diagnostic_by_token(token=token)
    if diagnostic is None:
        raise Http404(_("Aucun diagnostic ne correspond à ce lien."))
    path_ = selectors.path_recommend(diagnostic=diagnostic, now=timezone.now())
    return render(
        request,
        "pages/diagnostic_result.html",
        {
            "diagnostic": diagnostic,
            "results": selectors.diagnostic_results(diagnostic=diagnostic),
            "path": path_,
            "page_url": request.build_absolute_uri(),
        },
    )


class PeriodForm(forms.Form):
    du = forms.DateField(label=gettext_lazy("Du"), required=False, widget=forms.DateInput(
        attrs={"type": "date"}, format="%Y-%m-%d"))  # fmt: skip
    au = forms.DateField(label=gettext_lazy("Au"), required=False, widget=forms.DateInput(
        attrs={"type": "date"}, format="%Y-%m-%d"))  # fmt: skip

    def period(self, today: dt.date) -> tuple[dt.date, dt.date]:
        data = self.cleaned_data if self.is_valid() else {}
        date_from = data.get("du") or today.replace(month=1, day=1)
        date_to = data.get("au") or today
        return (date_to, date_from) if date_to < date_from else (date_from, date_to)


@staff_required
def diagnostic_staff(request: HttpRequest) -> HttpResponse:
    """How many diagnostics over a period, and how many people at each level of each skill;
    `?format=csv|xlsx` downloads the counts."""
    form = PeriodForm(request.GET or None)
    date_from, date_to = form.period(timezone.localdate())
    if not form.is_bound:  # show the period the counts are of
        form = PeriodForm(initial={"du": date_from, "au": date_to})
    stats = selectors.diagnostic_statistics(date_from=date_from, date_to=date_to)
    fmt = request.GET.get("format")
    if fmt in FORMATS:
        return table_response(
            filename=f"diagnostics-{date_from}-{date_to}",
            fmt=fmt,
            header=[_("Compétence"), _("Niveau"), _("Personnes"), _("Part (%)")],
            rows=[
                [row.skill.name, level.name, level.count, round(100 * level.share, 1)]
                for row in stats.skills
                for level in row.levels
            ],
        )
    columns: list[tuple[int, str]] = []
    for row in stats.skills:
        for level in row.levels:
            if (level.rank, level.name) not in columns:
                columns.append((level.rank, level.name))
    columns.sort()
    table = [
        {
            "skill": row.skill,
            "total": row.total,
            "cells": [
                next((lv for lv in row.levels if (lv.rank, lv.name) == column), None)
                for column in columns
            ],
        }
        for row in stats.skills
    ]
    query = request.GET.copy()
    query.pop("format", None)
    return render(
        request,
        "pages/diagnostic_staff.html",
        {
            "form": form,
            "stats": stats,
            "columns": [name for _rank, name in columns],
            "table": table,
            "query": query.urlencode(),
            # The questionnaire is set in the admin site, which only administrators open.
            "can_configure": request.user.is_staff
            and request.user.has_perm("diagnostic.change_question"),
        },
    )


urlpatterns = [
    path("diagnostic/", diagnostic_take, name="diagnostic"),
    path("diagnostic/resultat/<str:token>/", diagnostic_result, name="diagnostic-result"),
    path("equipe/diagnostics/", diagnostic_staff, name="diagnostic-staff"),
]
