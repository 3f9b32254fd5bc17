from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

_READ = {"diagnostic.view_diagnostic", "diagnostic.view_skillresult"}
_CONFIGURE = {
    f"diagnostic.{action}_{model}"
    for action in ("view", "add", "change", "delete")
    for model in ("skill", "level", "question", "choice")
}


class DiagnosticConfig(AppConfig):
    name = "maillage.diagnostic"
    label = "diagnostic"
    verbose_name = _("Diagnostic numérique")

    # The team reads the diagnostics (the statistics page); coordination sets the questionnaire.
    role_permissions = {
        "mediator": _READ,
        "place_manager": _READ,
        "coordinator": _READ | _CONFIGURE,
    }
