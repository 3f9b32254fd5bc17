"""Admin of mediation: the hub's list of themes (saved through `theme_save`), and the
records, people and share links, followed here and changed through the services (the
first names of people are never shown in the admin: the pages of the mediators do that)."""

from __future__ import annotations

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from maillage.core.admin import ObjectRuleAdmin, WrittenByServicesAdminMixin
from maillage.mediation import services
from maillage.mediation.models import Beneficiary, MediationActivity, ShareLink, Theme


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "group", "position", "is_active")
    list_editable = ("position", "is_active")
    list_filter = ("group", "is_active")
    prepopulated_fields = {"slug": ("name",)}
    search_fields = ("name", "slug")

    def save_model(self, request, obj, form, change):
        services.theme_save(theme=obj, actor=request.user)


@admin.register(MediationActivity)
class MediationActivityAdmin(WrittenByServicesAdminMixin, ObjectRuleAdmin):
    """Records are written on the mediators' pages; here they are read, and deleted by
    their mediator or the coordination."""

    list_display = ("date", "kind", "duration_minutes", "mediator", "place", "participant_count",
                    "is_demo")  # fmt: skip
    list_filter = ("kind", "place_kind", "autonomy", "is_demo")
    date_hierarchy = "date"
    list_select_related = ("mediator", "place")
    search_fields = ("title", "place__nom", "mediator__email")
    readonly_fields = [field.name for field in MediationActivity._meta.fields if field.name != "id"]
    exclude = ("themes",)

    def delete_model(self, request, obj):
        services.mediation_activity_delete(activity=obj, actor=request.user)

    def delete_queryset(self, request, queryset):
        for activity in queryset:
            if self.has_delete_permission(request, activity):
                services.mediation_activity_delete(activity=activity, actor=request.user)


@admin.register(Beneficiary)
class BeneficiaryAdmin(WrittenByServicesAdminMixin, ObjectRuleAdmin):
    """People, pseudonymous: their number and profile. Anonymising goes through the service."""

    list_display = ("__str__", "age_band", "gender", "social_status", "commune", "anonymised_at",
                    "is_demo")  # fmt: skip
    list_filter = ("age_band", "gender", "social_status", "is_demo")
    fields = ("age_band", "gender", "social_status", "commune", "created_at", "anonymised_at")
    readonly_fields = fields
    actions = ["anonymise"]

    @admin.action(description=_("Anonymiser (effacer le prénom)"))
    def anonymise(self, request, queryset):
        for beneficiary in queryset:
            services.beneficiary_anonymise(beneficiary=beneficiary, actor=request.user)
        self.message_user(request, _("Fiches anonymisées."), messages.SUCCESS)


@admin.register(ShareLink)
class ShareLinkAdmin(WrittenByServicesAdminMixin, ObjectRuleAdmin):
    list_display = ("__str__", "scope", "created_by", "created_at", "revoked_at")
    list_filter = ("scope",)
    readonly_fields = ("token", "scope", "mediator", "place", "date_from", "date_to",
                       "created_by", "revoked_at")  # fmt: skip
    actions = ["revoke"]

    @admin.action(description=_("Révoquer"))
    def revoke(self, request, queryset):
        for link in queryset:
            try:
                services.share_link_revoke(link=link, actor=request.user)
            except services.MediationRefused as refused:
                self.message_user(request, str(refused), messages.WARNING)
