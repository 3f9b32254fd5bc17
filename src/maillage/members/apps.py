from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MembersConfig(AppConfig):
    name = "maillage.members"
    label = "members"
    verbose_name = _("Sociétaires et membres")

    role_permissions = {
        "coordinator": {
            "members.view_college", "members.add_college", "members.change_college",
            "members.view_membership", "members.add_membership", "members.change_membership",
            "members.view_sharetransaction", "members.view_shareholding",
        },
    }  # fmt: skip

    def ready(self) -> None:
        from maillage.members import rules  # noqa: F401  (registers the per-object rules)
