from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgrammeConfig(AppConfig):
    name = "maillage.programme"
    label = "programme"
    verbose_name = _("Programme")

    role_permissions = {
        "mediator": {
            "programme.view_event", "programme.add_event", "programme.change_event",
            "programme.view_session", "programme.add_session", "programme.change_session",
            "programme.view_registration", "programme.change_registration",
        },
        "place_manager": {
            "programme.view_event", "programme.add_event", "programme.change_event",
            "programme.view_session", "programme.add_session", "programme.change_session",
            "programme.view_registration", "programme.change_registration",
        },
        "coordinator": {
            "programme.view_category", "programme.add_category", "programme.change_category",
            "programme.view_event", "programme.add_event", "programme.change_event",
            "programme.delete_event", "programme.view_session", "programme.add_session",
            "programme.change_session", "programme.delete_session",
            "programme.view_registration", "programme.change_registration",
        },
    }  # fmt: skip

    def ready(self) -> None:
        from maillage.programme import rules  # noqa: F401  (registers the per-object rules)
