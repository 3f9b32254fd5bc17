from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChequesConfig(AppConfig):
    name = "maillage.cheques"
    label = "cheques"
    verbose_name = _("Pass numérique")
