from django.apps import AppConfig, apps
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "maillage.accounts"
    label = "accounts"
    verbose_name = _("Comptes et rôles")

    def ready(self) -> None:
        post_migrate.connect(_sync_roles_after_migrate, dispatch_uid="maillage.roles_sync")


def _sync_roles_after_migrate(sender, using, **kwargs) -> None:
    # post_migrate is sent once per app; every app's permissions exist only after the last one.
    if sender.label != list(apps.get_app_configs())[-1].label:
        return
    from maillage.accounts.services import roles_sync

    roles_sync(using=using)
