from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TerritoryConfig(AppConfig):
    name = "maillage.territory"
    label = "territory"
    verbose_name = _("Territoire")

    # The territory is public reference data: everybody may read it; only admins change it.
    role_permissions = {
        role: {
            "territory.view_region",
            "territory.view_departement",
            "territory.view_epci",
            "territory.view_commune",
        }
        for role in ("member", "mediator", "place_manager", "coordinator")
    }
