from django.contrib import admin

from maillage.core.admin import ObjectRuleAdmin
from maillage.members import services
from maillage.members.models import (
    College,
    CooperativeTerms,
    Membership,
    ShareHolding,
    ShareTransaction,
)


@admin.register(CooperativeTerms)
class CooperativeTermsAdmin(admin.ModelAdmin):
    list_display = ("share_value",)


@admin.register(College)
class CollegeAdmin(ObjectRuleAdmin):
    list_display = ("name", "voting_weight", "position")
    list_editable = ("position",)


@admin.register(Membership)
class MembershipAdmin(ObjectRuleAdmin):
    list_display = ("__str__", "type", "status", "college", "started_on", "is_demo")
    list_filter = ("type", "status", "college", "is_demo")
    search_fields = ("organisation__name", "person__email", "person__full_name")
    autocomplete_fields = ("organisation", "person")

    def save_model(self, request, obj, form, change):
        services.membership_save(membership=obj, actor=request.user)


class ReadOnlyAdmin(admin.ModelAdmin):
    """The register changes only through its operations (services), never by hand."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ShareHolding)
class ShareHoldingAdmin(ReadOnlyAdmin):
    list_display = ("membership", "subscribed", "released")


@admin.register(ShareTransaction)
class ShareTransactionAdmin(ReadOnlyAdmin):
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
