"""Admin of the pass numérique: campaigns are created and changed through the services;
books, cheques and reimbursement batches are followed here, and change only through the
services' actions (cancelling a lost cheque, expiring the cheques of ended campaigns)."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from maillage.cheques import services
from maillage.cheques.models import Campaign, Cheque, ChequeBook, Reimbursement
from maillage.core.admin import ObjectRuleAdmin, ReadOnlyAdminMixin


class CampaignForm(forms.ModelForm):
    class Meta:
        model = Campaign
        fields = ("funder", "name", "year", "face_value", "valid_until", "places", "is_demo")

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        year = self.instance.year if self.instance.pk else cleaned["year"]
        face_value = self.instance.face_value if self.instance.pk else cleaned["face_value"]
        try:
            services.campaign_check(
                name=cleaned["name"], year=year, face_value=face_value,
                valid_until=cleaned["valid_until"],
            )  # fmt: skip
        except services.ChequeRefused as refused:
            self.add_error(refused.field if refused.field in self.fields else None, str(refused))
        return cleaned


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    form = CampaignForm
    list_display = ("name", "year", "funder", "code", "face_value", "valid_until", "is_demo")
    list_filter = ("year", "is_demo")
    search_fields = ("name", "funder__name")
    autocomplete_fields = ("funder", "places")
    readonly_fields = ("code",)

    def get_readonly_fields(self, request, obj=None):
        # Printed on the cheques: fixed once the campaign exists.
        return ("code", "funder", "year", "face_value") if obj else ("code",)

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        if change:
            services.campaign_update(
                campaign=obj, name=data["name"], valid_until=data["valid_until"], actor=request.user
            )
        else:
            campaign = services.campaign_create(
                funder=data["funder"], name=data["name"], year=data["year"],
                face_value=data["face_value"], valid_until=data["valid_until"],
                actor=request.user, is_demo=data.get("is_demo", False),
            )  # fmt: skip
            obj.pk, obj.code = campaign.pk, campaign.code
            obj._state.adding = False

    def save_related(self, request, form, formsets, change):
        places = form.cleaned_data.pop("places", None)
        if places is not None:
            campaign = form.instance
            services.campaign_update(
                campaign=campaign, name=campaign.name, valid_until=campaign.valid_until,
                places=places, actor=request.user,
            )  # fmt: skip


class ReadOnlyAdmin(ReadOnlyAdminMixin, ObjectRuleAdmin):
    pass


@admin.register(ChequeBook)
class ChequeBookAdmin(ReadOnlyAdmin):
    list_display = ("__str__", "campaign", "prescriber", "issued_on", "is_demo")
    list_filter = ("campaign", "is_demo")
    search_fields = ("prescriber__name", "campaign__name")
    list_select_related = ("campaign", "prescriber")


@admin.register(Cheque)
class ChequeAdmin(ReadOnlyAdmin):
    list_display = ("printed_number", "state", "book", "handed_on", "redeemed_on", "redeemed_at")
    list_filter = ("state", "book__campaign")
    search_fields = ("number",)
    list_select_related = ("book", "book__campaign", "redeemed_at")
    actions = ["cancel", "expire"]

    def get_search_results(self, request, queryset, search_term):
        # People type the number as printed, with spaces.
        return super().get_search_results(request, queryset, "".join(search_term.split()))

    @admin.action(description=_("Annuler (chèque perdu ou volé)"), permissions=["cancel"])
    def cancel(self, request, queryset):
        done = 0
        for cheque in queryset:
            try:
                services.cheque_cancel(
                    cheque=cheque, reason=str(_("Annulé depuis l'administration")),
                    actor=request.user,
                )  # fmt: skip
            except services.ChequeRefused as refused:
                self.message_user(request, f"{cheque} : {refused}", messages.WARNING)
            else:
                done += 1
        self.message_user(request, _("%(count)s chèque(s) annulé(s).") % {"count": done})

    @admin.action(
        description=_("Faire expirer les chèques des campagnes terminées"), permissions=["cancel"]
    )
    def expire(self, request, queryset):
        count = services.cheques_expire(actor=request.user)
        self.message_user(request, _("%(count)s chèque(s) expiré(s).") % {"count": count})

    def has_cancel_permission(self, request):
        return request.user.has_perm("cheques.cancel_cheque")


@admin.register(Reimbursement)
class ReimbursementAdmin(ReadOnlyAdmin):
    list_display = ("reimbursed_on", "place", "reference", "cheque_count", "amount", "is_demo")
    list_filter = ("is_demo",)
    search_fields = ("reference", "place__nom")
    list_select_related = ("place",)
