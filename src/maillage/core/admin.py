from django.contrib import admin

from maillage.core.models import Activity
from maillage.core.permissions import can


class ObjectRuleAdmin(admin.ModelAdmin):
    """A ModelAdmin whose per-object answers go through the object rules (`core.permissions`):
    a place manager sees the change page of their own places only."""

    def has_view_permission(self, request, obj=None):
        if obj is None:
            return super().has_view_permission(request)
        return can(request.user, "view", obj) or can(request.user, "change", obj)

    def has_change_permission(self, request, obj=None):
        if obj is None:
            return super().has_change_permission(request)
        return can(request.user, "change", obj)

    def has_delete_permission(self, request, obj=None):
        if obj is None:
            return super().has_delete_permission(request)
        return can(request.user, "delete", obj)


class WrittenByServicesAdminMixin:
    """Put before a ModelAdmin: its records are written by the services only; the admin shows
    them (and may delete them), never adds nor changes one."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class ReadOnlyAdminMixin(WrittenByServicesAdminMixin):
    """Put before a ModelAdmin: its records are shown, never added, changed nor deleted in the
    admin (the services write them)."""

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Activity)
class ActivityAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("occurred_at", "verb", "target_label", "actor")
    list_filter = ("verb", "target_type")
    search_fields = ("verb", "target_label")
    date_hierarchy = "occurred_at"
    readonly_fields = [field.name for field in Activity._meta.fields]
