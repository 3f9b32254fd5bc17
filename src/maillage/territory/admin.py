from django.contrib import admin

from maillage.core.admin import ObjectRuleAdmin
from maillage.territory.models import Commune, Departement, Epci, Region


class ReferenceDataAdmin(ObjectRuleAdmin):
    """The territory comes from `maillage load-territory`; the admin reads it."""

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in self.model._meta.fields]


@admin.register(Region)
class RegionAdmin(ReferenceDataAdmin):
    list_display = ("code", "nom")
    search_fields = ("code", "nom")


@admin.register(Departement)
class DepartementAdmin(ReferenceDataAdmin):
    list_display = ("code", "nom", "region")
    list_filter = ("region",)
    search_fields = ("code", "nom")


@admin.register(Epci)
class EpciAdmin(ReferenceDataAdmin):
    list_display = ("code", "nom", "kind")
    list_filter = ("kind",)
    search_fields = ("code", "nom")


@admin.register(Commune)
class CommuneAdmin(ReferenceDataAdmin):
    list_display = ("code", "nom", "population", "departement", "epci", "location_source")
    list_filter = ("kind", "location_source", "departement__region", "departement")
    search_fields = ("code", "nom", "search_name")
    list_select_related = ("departement", "epci")
    show_full_result_count = False
