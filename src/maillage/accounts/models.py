from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **fields) -> User:
        from maillage.accounts.services import user_create

        # Like Django's own manager, this does not check the password: callers that take one
        # from a person (createsuperuser, forms) do.
        return user_create(email=email, password=password, check_password=False, **fields)

    def create_superuser(self, email: str, password: str | None = None, **fields) -> User:
        from maillage.accounts.services import user_create

        return user_create(
            email=email,
            password=password,
            is_staff=True,
            is_superuser=True,
            check_password=False,
            **fields,
        )

    def get_by_natural_key(self, username: str) -> User:
        return self.get(email__iexact=username)


class User(AbstractBaseUser, PermissionsMixin):
    """A person with an account. Logs in with an e-mail address; roles are groups."""

    email = models.EmailField(_("adresse e-mail"), max_length=254, unique=True)
    full_name = models.CharField(_("nom complet"), max_length=200, blank=True)
    is_staff = models.BooleanField(
        _("accès à l'administration"),
        default=False,
        help_text=_("Peut se connecter à l'administration du site."),
    )
    is_active = models.BooleanField(_("actif"), default=True)
    date_joined = models.DateTimeField(_("inscrit le"), default=timezone.now)
    erased_at = models.DateTimeField(
        _("données effacées le"),
        null=True,
        blank=True,
        help_text=_("Le compte a été anonymisé à la demande de la personne."),
    )

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = _("utilisateur")
        verbose_name_plural = _("utilisateurs")
        ordering = ["email"]
        constraints = [
            models.UniqueConstraint(Lower("email"), name="accounts_user_email_ci_unique"),
        ]

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return self.full_name or self.email

    def get_short_name(self) -> str:
        return (self.full_name.split() or [self.email])[0]


class ApiToken(models.Model):
    """A personal key for the API (a mediator's phone app, a script). Only its hash is kept:
    the key is shown once, when it is made."""

    user = models.ForeignKey(
        User, verbose_name=_("compte"), on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("nom"), max_length=100)
    prefix = models.CharField(_("début de la clé"), max_length=8, db_index=True)
    key_hash = models.CharField(_("empreinte de la clé"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("dernière utilisation"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("révoquée le"), null=True, blank=True)

    class Meta:
        verbose_name = _("clé d'API")
        verbose_name_plural = _("clés d'API")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"


class LoginFailure(models.Model):
    """A password login that failed, or whose password is being checked: the row is written
    before the check (so that simultaneous attempts count each other) and removed when the
    password is right. Rows older than the throttling window are purged on every attempt;
    the rule is in `accounts.throttling`."""

    # Not the e-mail typed (it may be somebody's password typed in the wrong field): its
    # keyed hash, case-insensitive (`throttling.account_key`).
    account_key = models.CharField(_("compte (empreinte)"), max_length=64)
    address = models.CharField(_("adresse IP"), max_length=64, blank=True)
    at = models.DateTimeField(_("date"), db_index=True)

    class Meta:
        verbose_name = _("échec de connexion")
        verbose_name_plural = _("échecs de connexion")
        ordering = ["-at", "-pk"]
        indexes = [
            models.Index(fields=["account_key", "at"], name="accounts_loginfail_account"),
            models.Index(fields=["address", "at"], name="accounts_loginfail_address"),
        ]

    def __str__(self) -> str:
        return f"{self.account_key[:12]} {self.address} {self.at:%Y-%m-%d %H:%M:%S}"
