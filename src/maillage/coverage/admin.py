from django.contrib import admin

from maillage.core.admin import WrittenByServicesAdminMixin
from maillage.coverage.models import CoverageRun


@admin.register(CoverageRun)
class CoverageRunAdmin(WrittenByServicesAdminMixin, admin.ModelAdmin):
    """Runs are made by the API and the page; the admin only follows them."""

    list_display = ("id", "status", "progress", "step", "created_at", "finished_at")
    list_filter = ("status",)
    readonly_fields = [field.name for field in CoverageRun._meta.fields]
