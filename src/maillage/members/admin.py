"""Admin of the cooperative. Every save goes through a service: a form first asks the
service's check, so that a refusal shows on its field instead of failing the save; the
register and the payments are written once and never edited by hand."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import NON_FIELD_ERRORS, ObjectDoesNotExist
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from maillage.core.admin import ObjectRuleAdmin
from maillage.core.refusals import Refused
from maillage.members import services
from maillage.members.models import (
    College,
    CooperativeTerms,
    DuesCall,
    DuesPayment,
    DuesRule,
    FundingLine,
    Membership,
    Representative,
    ShareHolding,
    ShareTransaction,
    VolunteerHours,
)


def checked_form(check: Callable) -> type[forms.ModelForm]:
    """A model form that runs `check(instance)` and shows a refusal on the field it names
    (or above the form), in place of the database's generic words for the same rule."""

    class CheckedForm(forms.ModelForm):
        def _post_clean(self):
            super()._post_clean()
            try:
                check(self.instance)
            except Refused as refused:
                field = refused.field if refused.field in self.fields else None
                self._errors.pop(NON_FIELD_ERRORS, None)
                self._errors.pop(field or NON_FIELD_ERRORS, None)
                self.add_error(field, str(refused))
            except (ObjectDoesNotExist, TypeError, ValueError):
                pass  # incomplete input: the fields' own errors say what is missing

    return CheckedForm


class WrittenOnceAdmin(admin.ModelAdmin):
    """Rows written once through a service, then only read."""

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(CooperativeTerms)
class CooperativeTermsAdmin(admin.ModelAdmin):
    list_display = ("share_value", "volunteer_hour_value")

    def has_add_permission(self, request):
        return super().has_add_permission(request) and not CooperativeTerms.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        services.cooperative_terms_save(terms=obj, actor=request.user)


@admin.register(College)
class CollegeAdmin(ObjectRuleAdmin):
    list_display = ("name", "slug", "voting_weight", "position")
    list_editable = ("position",)
    prepopulated_fields = {"slug": ("name",)}

    def save_model(self, request, obj, form, change):
        services.college_save(college=obj, actor=request.user)


@admin.register(Membership)
class MembershipAdmin(ObjectRuleAdmin):
    """The status changes by the actions (the membership's life), never by the form."""

    form = checked_form(lambda membership: services.membership_check(membership=membership))
    list_display = ("__str__", "type", "status", "college", "started_on", "ended_on",
                    "listed_publicly", "is_demo")  # fmt: skip
    list_filter = ("type", "status", "college", "listed_publicly", "is_demo")
    search_fields = ("organisation__name", "person__email", "person__full_name")
    autocomplete_fields = ("organisation", "person")
    actions = ["admit", "lapse", "reactivate", "leave"]

    def get_readonly_fields(self, request, obj=None):
        return ("status", "ended_on") if obj is not None else ()

    def save_model(self, request, obj, form, change):
        services.membership_save(membership=obj, actor=request.user)

    def _transition(self, request, queryset, to: str, done: str) -> None:
        count = 0
        for membership in queryset:
            try:
                services.membership_transition(membership=membership, to=to, actor=request.user)
            except Refused as refused:
                self.message_user(request, f"{membership} : {refused}", messages.WARNING)
            else:
                count += 1
        self.message_user(request, done % {"count": count}, messages.SUCCESS)

    @admin.action(description=_("Admettre (candidature → active)"))
    def admit(self, request, queryset):
        self._transition(request, queryset, Membership.Status.ACTIVE, _("%(count)s admise(s)."))

    @admin.action(description=_("Constater l'échéance (active → échue)"))
    def lapse(self, request, queryset):
        self._transition(request, queryset, Membership.Status.LAPSED, _("%(count)s échue(s)."))

    @admin.action(description=_("Réactiver (échue → active)"))
    def reactivate(self, request, queryset):
        self._transition(request, queryset, Membership.Status.ACTIVE, _("%(count)s réactivée(s)."))

    @admin.action(description=_("Enregistrer le départ (aujourd'hui)"))
    def leave(self, request, queryset):
        self._transition(request, queryset, Membership.Status.LEFT, _("%(count)s départ(s)."))


@admin.register(Representative)
class RepresentativeAdmin(admin.ModelAdmin):
    list_display = ("person", "organisation", "title", "may_edit")
    list_filter = ("may_edit",)
    search_fields = ("person__email", "person__full_name", "organisation__name")
    autocomplete_fields = ("person", "organisation")

    def get_readonly_fields(self, request, obj=None):
        return ("person", "organisation") if obj is not None else ()

    def get_form(self, request, obj=None, **kwargs):
        if obj is None:
            kwargs["form"] = checked_form(_representative_check)
        return super().get_form(request, obj, **kwargs)

    def save_model(self, request, obj, form, change):
        if change:
            services.representative_update(
                representative=obj, title=obj.title, may_edit=obj.may_edit, actor=request.user
            )
        else:
            services.representative_add(
                person=obj.person, organisation=obj.organisation, title=obj.title,
                may_edit=obj.may_edit, actor=request.user,
            )  # fmt: skip

    def delete_model(self, request, obj):
        services.representative_remove(representative=obj, actor=request.user)

    def delete_queryset(self, request, queryset):
        for representative in queryset:
            services.representative_remove(representative=representative, actor=request.user)


def _representative_check(representative: Representative) -> None:
    if Representative.objects.filter(
        person_id=representative.person_id, organisation_id=representative.organisation_id
    ).exists():
        raise services.MembershipRefused(
            "already_representative",
            _("Cette personne représente déjà cette organisation."),
            "person",
        )


@admin.register(DuesRule)
class DuesRuleAdmin(admin.ModelAdmin):
    form = checked_form(lambda rule: services.dues_rule_check(rule=rule))
    list_display = ("membership_type", "for_people", "organisation_kind", "organisation_size",
                    "amount")  # fmt: skip
    list_filter = ("membership_type", "for_people", "organisation_kind")

    def save_model(self, request, obj, form, change):
        services.dues_rule_save(rule=obj, actor=request.user)


class CallYearForm(forms.Form):
    year = forms.IntegerField(label=_("Année"), min_value=2000, max_value=2100)
    called_on = forms.DateField(
        label=_("Appelées le"), widget=forms.DateInput(attrs={"type": "date"})
    )


@admin.register(DuesCall)
class DuesCallAdmin(WrittenOnceAdmin):
    """Calls are written by `dues_call` (one member) or `dues_call_year` (everyone)."""

    form = checked_form(
        lambda call: services.dues_call_check(
            membership=call.membership, year=call.year, amount=call.amount
        )
    )
    change_list_template = "admin/members/duescall/change_list.html"
    list_display = ("membership", "year", "amount", "called_on", "is_paid")
    list_filter = ("year", "membership__type")
    search_fields = ("membership__organisation__name", "membership__person__email")
    autocomplete_fields = ("membership",)
    actions = ["call_the_year"]

    @admin.display(boolean=True, description=_("payée"))
    def is_paid(self, call: DuesCall) -> bool:
        return hasattr(call, "payment")

    def save_model(self, request, obj, form, change):
        services.dues_call(
            membership=obj.membership, year=obj.year, amount=obj.amount,
            called_on=obj.called_on, actor=request.user,
        )  # fmt: skip

    def get_urls(self):
        return [
            path(
                "appeler-l-annee/",
                self.admin_site.admin_view(self.call_year_view),
                name="members_duescall_call_year",
            ),
            *super().get_urls(),
        ]

    @admin.action(description=_("Appeler les cotisations de l'année"))
    def call_the_year(self, request, queryset):
        """The year of the selected calls, for every active member not yet called."""
        for year in sorted(set(queryset.values_list("year", flat=True))):
            self._call_year(request, year, timezone.localdate())

    def _call_year(self, request, year: int, called_on: dt.date) -> bool:
        try:
            report = services.dues_call_year(year=year, called_on=called_on, actor=request.user)
        except Refused as refused:
            self.message_user(request, str(refused), messages.ERROR)
            return False
        self.message_user(
            request,
            _("Cotisations %(year)s : %(called)s appelée(s) (%(amount)s €), %(before)s déjà "
              "appelée(s), %(exempt)s exonérée(s).")
            % {"year": year, "called": report.called, "amount": report.amount,
               "before": report.already_called, "exempt": report.exempt},
            messages.SUCCESS,
        )  # fmt: skip
        return True

    def call_year_view(self, request):
        if not self.has_add_permission(request):
            return redirect("admin:index")
        today = timezone.localdate()
        form = CallYearForm(request.POST or None, initial={"year": today.year, "called_on": today})
        if (
            request.method == "POST"
            and form.is_valid()
            and self._call_year(request, form.cleaned_data["year"], form.cleaned_data["called_on"])
        ):
            return redirect(reverse("admin:members_duescall_changelist"))
        context = {
            **self.admin_site.each_context(request),
            "title": _("Appeler les cotisations de l'année"),
            "form": form,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/members/duescall/call_year.html", context)


@admin.register(DuesPayment)
class DuesPaymentAdmin(WrittenOnceAdmin):
    """A payment is recorded once (`dues_pay`: paying twice is refused)."""

    form = checked_form(
        lambda payment: services.dues_payment_check(
            call=payment.call, amount=payment.amount, reference=payment.reference
        )
    )
    list_display = ("call", "amount", "paid_on", "reference", "receipt")
    list_filter = ("call__year",)
    search_fields = ("call__membership__organisation__name", "reference")
    autocomplete_fields = ("call",)

    @admin.display(description=_("reçu"))
    def receipt(self, payment: DuesPayment) -> str:
        return payment.receipt_number

    def save_model(self, request, obj, form, change):
        saved = services.dues_pay(
            call=obj.call, amount=obj.amount, paid_on=obj.paid_on, reference=obj.reference,
            actor=request.user,
        )  # fmt: skip
        obj.pk = saved.pk


@admin.register(VolunteerHours)
class VolunteerHoursAdmin(admin.ModelAdmin):
    list_display = ("date", "person", "activity", "hours")
    list_filter = ("activity",)
    search_fields = ("person__email", "person__full_name", "activity")
    autocomplete_fields = ("person",)
    date_hierarchy = "date"

    def has_change_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        saved = services.volunteer_hours_log(
            person=obj.person, activity=obj.activity, date=obj.date, hours=obj.hours,
            actor=request.user,
        )  # fmt: skip
        obj.pk = saved.pk

    def delete_model(self, request, obj):
        services.volunteer_hours_delete(entry=obj, actor=request.user)

    def delete_queryset(self, request, queryset):
        for entry in queryset:
            services.volunteer_hours_delete(entry=entry, actor=request.user)


@admin.register(FundingLine)
class FundingLineAdmin(admin.ModelAdmin):
    list_display = ("year", "category", "label", "amount")
    list_filter = ("year", "category")

    def save_model(self, request, obj, form, change):
        services.funding_line_save(line=obj, actor=request.user)

    def delete_model(self, request, obj):
        services.funding_line_delete(line=obj, actor=request.user)

    def delete_queryset(self, request, queryset):
        for line in queryset:
            services.funding_line_delete(line=line, actor=request.user)


@admin.register(ShareHolding)
class ShareHoldingAdmin(WrittenOnceAdmin):
    """The register changes only through its operations (services), never by hand."""

    list_display = ("membership", "subscribed", "released")

    def has_add_permission(self, request):
        return False


@admin.register(ShareTransaction)
class ShareTransactionAdmin(WrittenOnceAdmin):
    list_display = (
        "date",
        "membership",
        "kind",
        "shares",
        "share_value",
        "counterpart",
        "reference",
    )
    list_filter = ("kind",)
    date_hierarchy = "date"

    def has_add_permission(self, request):
        return False
