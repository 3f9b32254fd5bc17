from django.contrib import admin

from maillage.coverage.models import CoverageRun


@admin.register(CoverageRun)
class CoverageRunAdmin(admin.ModelAdmin):
    """Runs are made by the API and the page; the admin only follows them."""

    list_display = ("id", "status", "progress", "step", "created_at", "finished_at")
    list_filter = ("status",)
    readonly_fields = [field.name for field in CoverageRun._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
