"""Admin of company accompaniment: read and searched here; opened, stepped and closed on
the team's pages, which go through the services and the per-object rules."""

from django.contrib import admin

from maillage.accompaniment.models import Accompaniment, Step
from maillage.core.admin import WrittenByServicesAdminMixin


class StepInline(admin.TabularInline):
    model = Step
    extra = 0
    fields = ("date", "kind", "minutes", "partner", "note", "author")
    readonly_fields = fields
    can_delete = False


@admin.register(Accompaniment)
class AccompanimentAdmin(WrittenByServicesAdminMixin, admin.ModelAdmin):
    list_display = ("organisation", "need", "started_on", "status", "outcome_kind", "referent",
                    "is_demo")  # fmt: skip
    list_filter = ("need", "status", "outcome_kind", "is_demo")
    search_fields = ("organisation__name", "description")
    date_hierarchy = "started_on"
    list_select_related = ("organisation", "referent")
    fields = ("organisation", "need", "description", "started_on", "status", "closed_on",
              "outcome_kind", "outcome", "referent", "partners", "is_demo")  # fmt: skip
    readonly_fields = fields
    inlines = [StepInline]


@admin.register(Step)
class StepAdmin(WrittenByServicesAdminMixin, admin.ModelAdmin):
    list_display = ("accompaniment", "kind", "date", "minutes", "partner", "is_demo")
    list_filter = ("kind", "is_demo")
    date_hierarchy = "date"
    list_select_related = ("accompaniment__organisation", "partner")
    search_fields = ("accompaniment__organisation__name", "note")
