from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "maillage.core"
    label = "core"
    verbose_name = _("Socle")

    def ready(self) -> None:
        from django.utils.module_loading import autodiscover_modules

        # Each app declares what it holds about a person in its `personal_data` module.
        autodiscover_modules("personal_data")
