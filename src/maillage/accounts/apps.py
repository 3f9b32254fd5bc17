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
    # post_migrate is sent once per app that has models; every app's permissions exist only
    # after the last of them.
    apps_with_models = [
        config for config in apps.get_app_configs() if config.models_module is not None
    ]
    if sender.label != apps_with_models[-1].label:
        return
    from maillage.accounts.services import roles_sync

    roles_sync(using=using)
