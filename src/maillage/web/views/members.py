"""Pages of the cooperative: the member directory and a member's page, a person's own
member space (their organisations' cards, statements, receipts, directory choice and
volunteer hours), the coordination's dashboard and exports, the public funding mix and
the printable dues receipts."""

from __future__ import annotations

import re
from decimal import Decimal

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.defaultfilters import floatformat
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from maillage.core.permissions import can, runs_the_hub
from maillage.core.refusals import Refused
from maillage.core.spreadsheets import FORMATS, table_response
from maillage.directory.models import Organisation
from maillage.directory.selectors import hub_organisation, organisation_get
from maillage.directory.services import organisation_save
from maillage.members import selectors, services
from maillage.members.models import MEMBERSHIP_TRANSITIONS, DuesCall, Membership
from maillage.territory import selectors as territory_selectors
from maillage.web.access import hub_required, object_or_403
from maillage.web.refusals import form_add_refusal

PAGE_SIZE = 50
_LARGEST_ID = 2**63 - 1


def _year(request: HttpRequest, key: str = "annee") -> int:
    """The year asked in the query, else this year."""
    try:
        year = int(request.GET.get(key, ""))
    except ValueError:
        return timezone.localdate().year
    return year if 2000 <= year <= 2100 else timezone.localdate().year


def _year_choices(year: int) -> list[int]:
    years = set(selectors.years_with_data()) | {timezone.localdate().year, year}
    return sorted(years, reverse=True)


# --- The member directory and a member's page ------------------------------------------------


class DirectoryForm(forms.Form):
    q = forms.CharField(label=gettext_lazy("Nom"), required=False, max_length=100,
                        widget=forms.TextInput(attrs={"type": "search"}))  # fmt: skip
    type = forms.ChoiceField(label=gettext_lazy("Type d'adhésion"), required=False)
    college = forms.CharField(label=gettext_lazy("Collège"), required=False, max_length=40)
    status = forms.ChoiceField(label=gettext_lazy("État"), required=False)

    def __init__(self, *args, everyone: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["type"].choices = [("", _("Tous")), *Membership.Type.choices]
        self.fields["college"].widget = forms.Select(
            choices=[("", _("Tous")), *selectors.colleges().values_list("slug", "name")]
        )
        if everyone:
            self.fields["status"].choices = [("", _("Tous")), *Membership.Status.choices]
        else:
            del self.fields["status"]

    def clean_college(self):
        code = self.cleaned_data["college"].strip()
        if not code:
            return None
        try:
            return services.college_from_code(code)
        except Refused as refused:
            raise ValidationError(str(refused)) from None

    def filters(self) -> dict:
        data = self.cleaned_data if self.is_valid() else {}
        return {
            "query": data.get("q", ""),
            "type": data.get("type") or None,
            "college": data.get("college"),
            "status": data.get("status") or None,
        }


def member_directory(request: HttpRequest) -> HttpResponse:
    """Members by name: for everybody the active members who chose the public directory;
    for the coordination every membership, with its status."""
    everyone = runs_the_hub(request.user)
    form = DirectoryForm(request.GET or None, everyone=everyone)
    members = selectors.member_list(everyone=everyone, **form.filters())
    page = Paginator(members, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "pages/members_directory.html",
        {
            "form": form,
            "page": page,
            "everyone": everyone,
            "filtered": bool(request.GET.get("q") or request.GET.get("type")
                             or request.GET.get("college") or request.GET.get("status")),
        },
    )  # fmt: skip


class TransitionForm(forms.Form):
    to = forms.ChoiceField(label=gettext_lazy("Nouvel état"), choices=Membership.Status.choices)
    on = forms.DateField(label=gettext_lazy("À la date du"), required=False,
                         widget=forms.DateInput(attrs={"type": "date"}))  # fmt: skip
    college = forms.CharField(label=gettext_lazy("Collège (sociétaires)"), required=False,
                              max_length=40)  # fmt: skip

    def __init__(self, *args, membership: Membership, **kwargs):
        super().__init__(*args, **kwargs)
        allowed = MEMBERSHIP_TRANSITIONS[membership.status]
        self.fields["to"].choices = [
            (code, label) for code, label in Membership.Status.choices if code in allowed
        ]
        if membership.type == Membership.Type.SOCIETAIRE:
            self.fields["college"].widget = forms.Select(
                choices=[("", _("Inchangé")), *selectors.colleges().values_list("slug", "name")]
            )
        else:
            del self.fields["college"]


def member_page(request: HttpRequest, pk: int) -> HttpResponse:
    """A member: its public card if it chose the directory; for the coordination and the
    member's own people (the person, the organisation's representatives) the statement —
    shares, register lines, dues and payments with their receipts."""
    membership = selectors.membership_get(pk=pk) if pk <= _LARGEST_ID else None
    if membership is None:
        raise Http404(_("Ce membre n'existe pas."))
    private = request.user.is_authenticated and can(request.user, "view", membership)
    if not private and not selectors.is_public(membership):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        raise PermissionDenied(
            _("Cette fiche de membre n'est visible que par la coordination et le membre.")
        )
    manages = runs_the_hub(request.user)
    transition_form = None
    if manages and MEMBERSHIP_TRANSITIONS[membership.status]:
        transition_form = TransitionForm(
            request.POST if request.method == "POST" else None, membership=membership
        )
    if request.method == "POST":
        if transition_form is None:
            raise PermissionDenied(_("Seule la coordination change l'état d'une adhésion."))
        if transition_form.is_valid():
            data = transition_form.cleaned_data
            try:
                services.membership_transition(
                    membership=membership, to=data["to"], on=data["on"],
                    college=data.get("college") or None, actor=request.user,
                )  # fmt: skip
            except Refused as refused:
                form_add_refusal(transition_form, refused)
            else:
                messages.success(request, _("État de l'adhésion enregistré."))
                return redirect("web:member", pk=membership.pk)
    context = {"membership": membership, "private": private, "manages": manages,
               "transition_form": transition_form}  # fmt: skip
    if private:
        context.update(
            holding=selectors.holding_of(membership=membership),
            statement=selectors.member_statement(membership=membership),
            dues=selectors.member_dues(membership=membership),
            share_value=services.cooperative_terms().share_value,
        )
        if manages and membership.organisation_id:
            context["representatives"] = membership.organisation.representatives.select_related(
                "person"
            )
    return render(request, "pages/members_member.html", context)


# --- A person's own member space ---------------------------------------------------------------


class HoursForm(forms.Form):
    activity = forms.CharField(label=gettext_lazy("Activité"), max_length=150)
    date = forms.DateField(label=gettext_lazy("Date"),
                           widget=forms.DateInput(attrs={"type": "date"}))  # fmt: skip
    hours = forms.DecimalField(label=gettext_lazy("Heures"), min_value=Decimal("0.25"),
                               max_value=Decimal(24), decimal_places=2, max_digits=5,
                               widget=forms.NumberInput(attrs={"step": "0.25"}))  # fmt: skip

    def clean_date(self):
        day = self.cleaned_data["date"]
        if day > timezone.localdate():
            raise ValidationError(_("Ces heures sont à venir : enregistrez-les une fois données."))
        return day


class ListingForm(forms.Form):
    membership = forms.IntegerField(widget=forms.HiddenInput)
    listed = forms.BooleanField(required=False)


@login_required
def member_space(request: HttpRequest) -> HttpResponse:
    """The organisations I act for and our memberships (statement, receipts, the public
    directory choice), and my volunteer hours with a form to log them."""
    user = request.user
    hours_form = HoursForm(
        request.POST if request.POST.get("action") == "hours" else None,
        initial={"date": timezone.localdate()},
    )
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "hours":
            if hours_form.is_valid():
                data = hours_form.cleaned_data
                try:
                    services.volunteer_hours_log(
                        person=user, activity=data["activity"], date=data["date"],
                        hours=data["hours"], actor=user,
                    )  # fmt: skip
                except Refused as refused:
                    form_add_refusal(hours_form, refused)
                else:
                    messages.success(request, _("Heures de bénévolat enregistrées. Merci !"))
                    return redirect(reverse("web:member-space") + "#benevolat")
        elif action == "listed":
            form = ListingForm(request.POST)
            membership = (
                selectors.membership_get(pk=form.cleaned_data["membership"])
                if form.is_valid() and form.cleaned_data["membership"] <= _LARGEST_ID
                else None
            )
            if membership is None:
                raise Http404(_("Ce membre n'existe pas."))
            object_or_403(user, "change", membership)
            services.membership_set_listed(
                membership=membership, listed=form.cleaned_data["listed"], actor=user
            )
            messages.success(
                request,
                _("%(member)s apparaît désormais dans l'annuaire public des membres.")
                % {"member": membership.member}
                if form.cleaned_data["listed"]
                else _("%(member)s n'apparaît plus dans l'annuaire public des membres.")
                % {"member": membership.member},
            )
            return redirect(reverse("web:member-space") + f"#adhesion-{membership.pk}")
        else:
            raise Http404(_("Action inconnue."))
    memberships = [
        {
            "membership": membership,
            "may_change": can(user, "change", membership),
            "holding": selectors.holding_of(membership=membership),
            "dues": selectors.member_dues(membership=membership),
        }
        for membership in selectors.memberships_of(person=user)
    ]
    year = timezone.localdate().year
    return render(
        request,
        "pages/members_space.html",
        {
            "representations": selectors.representations_of(person=user),
            "memberships": memberships,
            "hours_form": hours_form,
            "hours": selectors.volunteer_hours_of(person=user, limit=20),
            "hours_this_year": selectors.volunteer_total_of(person=user, year=year),
            "year": year,
        },
    )


class OrganisationCardForm(forms.ModelForm):
    sectors = forms.CharField(label=gettext_lazy("Secteurs"), required=False, max_length=500,
                              help_text=gettext_lazy("Séparés par des virgules."))  # fmt: skip
    skills = forms.CharField(label=gettext_lazy("Compétences"), required=False, max_length=500,
                             help_text=gettext_lazy("Séparées par des virgules."))  # fmt: skip

    class Meta:
        model = Organisation
        fields = ["name", "description", "address", "email", "telephone", "website"]
        widgets = {"description": forms.Textarea(attrs={"rows": 6})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sectors"].initial = ", ".join(self.instance.sectors or [])
        self.fields["skills"].initial = ", ".join(self.instance.skills or [])
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["telephone"].widget.attrs["autocomplete"] = "tel"
        self.fields["website"].widget.attrs["autocomplete"] = "url"
        self.fields["address"].widget.attrs["autocomplete"] = "street-address"

    @staticmethod
    def _words(text: str) -> list[str]:
        return [word.strip() for word in text.split(",") if word.strip()][:20]

    def clean_sectors(self):
        return self._words(self.cleaned_data["sectors"])

    def clean_skills(self):
        return self._words(self.cleaned_data["skills"])


@login_required
def member_organisation(request: HttpRequest, pk: int) -> HttpResponse:
    """Edit the public card of an organisation I act for (with the right to edit it)."""
    organisation = organisation_get(pk=pk) if pk <= _LARGEST_ID else None
    if organisation is None:
        raise Http404(_("Cette organisation n'existe pas."))
    object_or_403(request.user, "change", organisation)
    form = OrganisationCardForm(request.POST or None, instance=organisation)
    if request.method == "POST" and form.is_valid():
        edited = form.save(commit=False)
        edited.sectors = form.cleaned_data["sectors"]
        edited.skills = form.cleaned_data["skills"]
        try:
            organisation_save(organisation=edited, actor=request.user)
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, _("Fiche de l'organisation enregistrée."))
            return redirect("web:member-organisation", pk=organisation.pk)
    return render(
        request, "pages/members_organisation.html", {"organisation": organisation, "form": form}
    )


# --- Applying for membership --------------------------------------------------------------------

FOR_MYSELF, FOR_NEW = "self", "new"
_COMMUNE_CODE = re.compile(r"\(?\s*(\d[\dAB]\d{3})\s*\)?\s*$", re.IGNORECASE)


class CommuneField(forms.CharField):
    """A commune by its INSEE code, "Monteux (84080)" (the suggestions' form) or its name."""

    def clean(self, value):
        text = super().clean(value).strip()
        if not text:
            return None
        code = _COMMUNE_CODE.search(text)
        if code:
            commune = territory_selectors.commune_get(code=code.group(1).upper())
            if commune is not None:
                return commune
        commune = territory_selectors.commune_search(query=text).first()
        if commune is None:
            raise ValidationError(
                _("Aucune commune ne correspond à « %(text)s » : essayez son nom ou son code "
                  "INSEE.") % {"text": text}
            )  # fmt: skip
        return commune


class FieldGroup:
    """Some fields of a form, for `components/form_fields.html` (the form's own refusals
    shown with the first group only)."""

    def __init__(self, form: forms.Form, *names: str, first: bool = False):
        self.form, self.names, self.first = form, names, first

    def visible_fields(self):
        return [self.form[name] for name in self.names]

    def hidden_fields(self):
        return []

    def non_field_errors(self):
        return self.form.non_field_errors() if self.first else []


class ApplicationForm(forms.Form):
    organisation = forms.ChoiceField(label=gettext_lazy("Qui adhère ?"))
    organisation_name = forms.CharField(
        label=gettext_lazy("Nom de l'organisation"), required=False, max_length=250
    )
    organisation_kind = forms.ChoiceField(label=gettext_lazy("Type d'organisation"),
                                          required=False)  # fmt: skip
    organisation_commune = CommuneField(
        label=gettext_lazy("Commune"), required=False, max_length=120,
        help_text=gettext_lazy("Son nom ou son code INSEE, par exemple 84080."),
    )  # fmt: skip
    organisation_size = forms.ChoiceField(label=gettext_lazy("Effectif"), required=False)
    title = forms.CharField(label=gettext_lazy("Votre fonction dans l'organisation"),
                            required=False, max_length=120)  # fmt: skip
    type = forms.ChoiceField(label=gettext_lazy("Type d'adhésion"))
    college = forms.ChoiceField(
        label=gettext_lazy("Collège"), required=False,
        help_text=gettext_lazy("Pour les sociétaires : le collège où vous voterez."),
    )  # fmt: skip
    message = forms.CharField(
        label=gettext_lazy("Message à la coordination"), required=False,
        max_length=services.APPLICATION_MESSAGE_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy("Facultatif : votre projet, vos attentes, vos questions."),
    )  # fmt: skip

    def __init__(self, *args, person, **kwargs):
        super().__init__(*args, **kwargs)
        self.representations = list(selectors.organisations_applying_for(person=person))
        name = person.get_full_name() or person.email
        self.fields["organisation"].choices = [
            (FOR_MYSELF, _("Moi-même (%(name)s)") % {"name": name}),
            *[(str(link.organisation_id), link.organisation.name) for link in self.representations],
            (FOR_NEW, _("Une nouvelle organisation, que je décris ci-dessous")),
        ]
        self.fields["organisation_kind"].choices = [("", "—"), *Organisation.Kind.choices]
        self.fields["organisation_size"].choices = [
            ("", _("Non précisé")),
            *Organisation.Size.choices,
        ]
        self.fields["type"].choices = Membership.Type.choices
        self.fields["college"].choices = [
            ("", "—"),
            *[
                (college.slug, _("%(name)s (%(weight)s %% des voix)")
                 % {"name": college.name, "weight": floatformat(college.voting_weight, "-2")})
                for college in selectors.colleges()
            ],
        ]  # fmt: skip
        commune = self.fields["organisation_commune"].widget.attrs
        commune.update(list="member-apply-communes", autocomplete="off")
        self.fields["organisation_name"].widget.attrs["autocomplete"] = "organization"
        self.fields["title"].widget.attrs["autocomplete"] = "organization-title"

    def groups(self) -> dict[str, FieldGroup]:
        return {
            "who": FieldGroup(self, "organisation", first=True),
            "new": FieldGroup(
                self,
                "organisation_name",
                "organisation_kind",
                "organisation_commune",
                "organisation_size",
                "title",
            ),
            "type": FieldGroup(self, "type"),
            "college": FieldGroup(self, "college"),
            "message": FieldGroup(self, "message"),
        }

    def application(self) -> dict:
        """The arguments of `membership_apply`, from the valid form."""
        data = self.cleaned_data
        chosen = data["organisation"]
        organisation = new = None
        if chosen == FOR_NEW:
            new = services.NewOrganisation(
                name=data["organisation_name"], kind=data["organisation_kind"],
                commune=data["organisation_commune"], size=data["organisation_size"],
                title=data["title"],
            )  # fmt: skip
        elif chosen != FOR_MYSELF:
            organisation = next(
                link.organisation
                for link in self.representations
                if str(link.organisation_id) == chosen
            )
        societaire = data["type"] == Membership.Type.SOCIETAIRE
        return {
            "organisation": organisation,
            "new_organisation": new,
            "type": data["type"],
            # The college is the sociétaires' choice only: ignored for the other types.
            "college": data["college"] if societaire else None,
            "message": data["message"],
        }


def _communes_suggested() -> list:
    hub = hub_organisation()
    if hub is None or hub.commune is None:
        return []
    return list(territory_selectors.communes_of_departement(code=hub.commune.departement_id))


@login_required
def member_apply(request: HttpRequest) -> HttpResponse:
    """Apply for membership, for oneself, for an organisation one acts for or for a new
    one: the membership types, the colleges with their votes and the value of a share
    explained, then the form. The coordination answers from its dashboard."""
    form = ApplicationForm(request.POST or None, person=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.membership_apply(person=request.user, **form.application())
        except Refused as refused:
            form_add_refusal(form, refused)
        else:
            messages.success(
                request, _("Votre candidature est enregistrée : la coordination vous répondra.")
            )
            return redirect("web:member-space")
    return render(
        request,
        "pages/members_apply.html",
        {
            "form": form,
            "groups": form.groups(),
            "colleges": selectors.colleges(),
            "share_value": services.cooperative_terms().share_value,
            "communes": _communes_suggested(),
            "hub": hub_organisation(),
        },
    )


# --- Dues receipts -------------------------------------------------------------------------------


def dues_receipt(request: HttpRequest, pk: int) -> HttpResponse:
    """A printable receipt of a dues payment, for the coordination and the member's people."""
    payment = selectors.payment_get(pk=pk) if pk <= _LARGEST_ID else None
    if payment is None:
        raise Http404(_("Ce reçu n'existe pas."))
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not can(request.user, "view", payment):
        raise PermissionDenied(
            _("Ce reçu n'est visible que par la coordination et le membre qui a payé.")
        )
    return render(
        request,
        "pages/members_receipt.html",
        {"payment": payment, "membership": payment.call.membership, "hub": hub_organisation()},
    )


# --- The coordination's dashboard and exports -----------------------------------------------------


class CallYearForm(forms.Form):
    year = forms.IntegerField(label=gettext_lazy("Année"), min_value=2000, max_value=2100)
    called_on = forms.DateField(label=gettext_lazy("Appelées le"),
                                widget=forms.DateInput(attrs={"type": "date"}))  # fmt: skip


class PaymentForm(forms.Form):
    call = forms.IntegerField(widget=forms.HiddenInput)
    amount = forms.DecimalField(label=gettext_lazy("Montant (€)"), max_digits=9,
                                decimal_places=2, min_value=Decimal("0.01"))  # fmt: skip
    paid_on = forms.DateField(label=gettext_lazy("Payée le"),
                              widget=forms.DateInput(attrs={"type": "date"}))  # fmt: skip
    reference = forms.CharField(label=gettext_lazy("Référence du paiement"), max_length=100)


def _payment_form(call_pk, data=None, initial=None) -> PaymentForm:
    # One form per reminder: ids made unique by the call's number.
    digits = "".join(ch for ch in str(call_pk) if ch.isdigit())[:19]
    return PaymentForm(data, initial=initial, auto_id=f"paiement-{digits}-%s")


@hub_required
def cooperative_dashboard(request: HttpRequest) -> HttpResponse:
    """The coordination's view of the cooperative for a year: the applications to answer
    (admitted from here), members by type, status and college, new members, capital, dues called, collected and outstanding (with the
    reminders and a payment form for each), volunteer hours and their value; the year's
    dues are called from here."""
    year = _year(request)
    today = timezone.localdate()
    call_form = CallYearForm(initial={"year": year, "called_on": today})
    payment_form = None
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "call":
            call_form = CallYearForm(request.POST)
            if call_form.is_valid():
                data = call_form.cleaned_data
                try:
                    report = services.dues_call_year(
                        year=data["year"], called_on=data["called_on"], actor=request.user
                    )
                except Refused as refused:
                    form_add_refusal(call_form, refused)
                else:
                    messages.success(request, _(
                        "Cotisations %(year)s : %(called)s appelée(s) pour %(amount)s €, "
                        "%(before)s déjà appelée(s), %(exempt)s exonérée(s)."
                    ) % {"year": report.year, "called": report.called, "amount": report.amount,
                         "before": report.already_called, "exempt": report.exempt})  # fmt: skip
                    return redirect(reverse("web:cooperative") + f"?annee={report.year}")
        elif action == "admit":
            membership = (
                selectors.membership_get(pk=int(request.POST["membership"]))
                if request.POST.get("membership", "").isdigit()
                and int(request.POST["membership"]) <= _LARGEST_ID
                else None
            )
            if membership is None:
                raise Http404(_("Ce membre n'existe pas."))
            try:
                services.membership_transition(
                    membership=membership, to=Membership.Status.ACTIVE, actor=request.user
                )
            except Refused as refused:
                messages.error(request, f"{membership.member} : {refused}")
            else:
                messages.success(
                    request,
                    _("%(member)s est admis·e : adhésion active.") % {"member": membership.member},
                )
            return redirect(reverse("web:cooperative") + f"?annee={year}#candidatures")
        elif action == "pay":
            payment_form = _payment_form(request.POST.get("call"), request.POST)
            if payment_form.is_valid():
                data = payment_form.cleaned_data
                call = DuesCall.objects.filter(pk=data["call"]).first()
                if call is None:
                    raise Http404(_("Cet appel de cotisation n'existe pas."))
                try:
                    services.dues_pay(
                        call=call, amount=data["amount"], paid_on=data["paid_on"],
                        reference=data["reference"], actor=request.user,
                    )  # fmt: skip
                except Refused as refused:
                    form_add_refusal(payment_form, refused)
                    messages.error(request, str(refused))
                else:
                    messages.success(
                        request,
                        _("Paiement de %(member)s enregistré.") % {"member": call.membership},
                    )
                    return redirect(reverse("web:cooperative") + f"?annee={call.year}#relances")
        else:
            raise Http404(_("Action inconnue."))
    figures = selectors.member_figures(year=year)
    posted_call = str(payment_form.data.get("call", "")) if payment_form else ""
    reminders = [
        {
            "call": call,
            "form": payment_form
            if posted_call == str(call.pk)
            else _payment_form(
                call.pk, initial={"call": call.pk, "amount": call.amount, "paid_on": today}
            ),
        }
        for call in selectors.dues_reminders(year=year)
    ]
    statuses = list(Membership.Status.choices)
    status_totals = [figures.by_status.get(code, 0) for code, _label in statuses]
    return render(
        request,
        "pages/members_dashboard.html",
        {
            "year": year,
            "years": _year_choices(year),
            "figures": figures,
            "table": selectors.membership_table(),
            "statuses": statuses,
            "status_totals": status_totals,
            "memberships_total": sum(status_totals),
            "colleges": figures.colleges,
            "weights_total": sum((college.weight for college in figures.colleges), Decimal(0)),
            "new_members": selectors.new_members(year=year),
            "applications": selectors.applications(),
            "reminders": reminders,
            "call_form": call_form,
            "exports": [(what, EXPORT_LABELS[what]) for what in selectors.EXPORTS],
            "formats": FORMATS,
            "is_admin": request.user.is_staff,
        },
    )


EXPORT_LABELS = {
    "members": gettext_lazy("Membres"),
    "register": gettext_lazy("Registre du capital"),
    "dues": gettext_lazy("Cotisations"),
    "volunteering": gettext_lazy("Bénévolat"),
}


@hub_required
def cooperative_export(request: HttpRequest, what: str, fmt: str) -> HttpResponse:
    """members, register, dues or volunteering as CSV or XLSX (`?annee=` narrows dues and
    volunteering to a year)."""
    if fmt not in FORMATS:
        raise Http404(_("Format inconnu."))
    year = _year(request) if request.GET.get("annee") else None
    table = selectors.export_table(what=what, year=year)
    if table is None:
        raise Http404(_("Export inconnu."))
    return table_response(filename=table.filename, fmt=fmt, header=table.header, rows=table.rows)


# --- The funding mix ------------------------------------------------------------------------------


def funding(request: HttpRequest) -> HttpResponse:
    """The year's resources per category, and the shares of own, public and private
    resources (they add up to 100 %), as bars and as a table."""
    year = _year(request)
    return render(
        request,
        "pages/members_funding.html",
        {"year": year, "years": _year_choices(year), "mix": selectors.funding_mix(year=year),
         "hub": hub_organisation()},
    )  # fmt: skip


urlpatterns = [
    path("membres/", member_directory, name="members"),
    path("membres/adherer/", member_apply, name="member-apply"),
    path("membres/<int:pk>/", member_page, name="member"),
    path("espace-membre/", member_space, name="member-space"),
    path("espace-membre/organisation/<int:pk>/", member_organisation, name="member-organisation"),
    path("cooperative/financement/", funding, name="funding"),
    path("cooperative/recu/<int:pk>/", dues_receipt, name="dues-receipt"),
    path("equipe/cooperative/", cooperative_dashboard, name="cooperative"),
    path(
        "equipe/cooperative/export/<str:what>.<str:fmt>",
        cooperative_export,
        name="cooperative-export",
    ),
]
