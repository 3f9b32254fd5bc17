from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# The whole team opens accompaniments and records steps; the per-object rules of
# `accompaniment.rules` keep changes to the referent and the coordination.
_TEAM = {
    "accompaniment.view_accompaniment", "accompaniment.add_accompaniment",
    "accompaniment.change_accompaniment", "accompaniment.view_step", "accompaniment.add_step",
    "accompaniment.change_step",
}  # fmt: skip


class AccompanimentConfig(AppConfig):
    name = "maillage.accompaniment"
    label = "accompaniment"
    verbose_name = _("Accompagnement des entreprises")

    role_permissions = {
        "mediator": _TEAM,
        "place_manager": _TEAM,
        "coordinator": _TEAM | {"accompaniment.delete_step"},
    }

    def ready(self) -> None:
        from maillage.accompaniment import rules  # noqa: F401  (registers the per-object rules)
