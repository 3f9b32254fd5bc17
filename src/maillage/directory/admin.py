from django.contrib import admin

from maillage.core.admin import ObjectRuleAdmin
from maillage.directory.models import Organisation, Place, PlaceTag


class PlaceTagInline(admin.TabularInline):
    model = PlaceTag
    extra = 1
    fields = ("vocabulary", "value", "position")


@admin.register(Place)
class PlaceAdmin(ObjectRuleAdmin):
    list_display = ("nom", "commune", "source", "date_maj", "location_exact")
    list_filter = ("source", "location_exact", "commune__departement")
    search_fields = ("nom", "source_id", "commune_nom", "search_text")
    list_select_related = ("commune",)
    autocomplete_fields = ("commune", "operator")
    readonly_fields = ("search_text", "created_at", "updated_at")
    inlines = [PlaceTagInline]
    show_full_result_count = False


@admin.register(Organisation)
class OrganisationAdmin(ObjectRuleAdmin):
    list_display = ("name", "kind", "legal_form", "commune")
    list_filter = ("kind", "legal_form", "size")
    search_fields = ("name", "siret", "rna")
    autocomplete_fields = ("commune",)
