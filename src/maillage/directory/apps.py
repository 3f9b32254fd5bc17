from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectoryConfig(AppConfig):
    name = "maillage.directory"
    label = "directory"
    verbose_name = _("Annuaire des lieux et des acteurs")

    role_permissions = {
        # Narrowed by members.rules to the organisations the member acts for.
        "member": {
            "directory.view_place",
            "directory.view_organisation",
            "directory.change_organisation",
        },
        "mediator": {"directory.view_place", "directory.view_organisation"},
        "place_manager": {
            "directory.view_place",
            "directory.change_place",
            "directory.view_organisation",
        },
        "coordinator": {
            "directory.view_place",
            "directory.add_place",
            "directory.change_place",
            "directory.delete_place",
            "directory.view_organisation",
            "directory.add_organisation",
            "directory.change_organisation",
            "directory.delete_organisation",
        },
    }

    def ready(self) -> None:
        from maillage.directory import rules  # noqa: F401  (registers the per-object rules)
