from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

_RECORD = {
    "mediation.view_mediationactivity", "mediation.add_mediationactivity",
    "mediation.change_mediationactivity", "mediation.delete_mediationactivity",
    "mediation.view_beneficiary", "mediation.add_beneficiary", "mediation.change_beneficiary",
    "mediation.view_theme", "mediation.view_sharelink", "mediation.add_sharelink",
    "mediation.change_sharelink",
}  # fmt: skip


class MediationConfig(AppConfig):
    name = "maillage.mediation"
    label = "mediation"
    verbose_name = _("Médiation numérique")

    # Per-object rules narrow these down (mediation/rules.py): a mediator sees and changes
    # their own records and the people they accompanied; a place manager sees the figures of
    # their places; the coordination sees everything, people pseudonymised.
    role_permissions = {
        "mediator": _RECORD,
        "place_manager": {
            "mediation.view_mediationactivity", "mediation.view_theme",
            "mediation.view_sharelink", "mediation.add_sharelink", "mediation.change_sharelink",
        },
        "coordinator": _RECORD | {
            "mediation.delete_beneficiary", "mediation.add_theme", "mediation.change_theme",
            "mediation.delete_sharelink",
        },
    }  # fmt: skip

    def ready(self) -> None:
        from maillage.mediation import rules  # noqa: F401  (registers the per-object rules)
