from __future__ import annotations

import secrets

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from maillage.core.models import TimeStampedModel
from maillage.directory.models import Organisation, Place


class Category(models.Model):
    """A kind of action of the programme; the list is the hub's to edit."""

    slug = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("nom"), max_length=80)
    position = models.PositiveSmallIntegerField(_("rang"), default=0)

    class Meta:
        verbose_name = _("catégorie")
        verbose_name_plural = _("catégories")
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name


class Event(TimeStampedModel):
    """A workshop, training or event, held in one or several sessions."""

    class Audience(models.TextChoices):
        EVERYONE = "everyone", _("Tout public")
        YOUTH = "youth", _("Jeunes")
        SENIORS = "seniors", _("Seniors")
        FAMILIES = "families", _("Familles")
        JOB_SEEKERS = "job_seekers", _("Personnes en recherche d'emploi")
        PROFESSIONALS = "professionals", _("Professionnels")
        MEMBERS = "members", _("Sociétaires et membres")

    class Level(models.TextChoices):
        ALL = "all", _("Tous niveaux")
        BEGINNER = "beginner", _("Débutant")
        INTERMEDIATE = "intermediate", _("Intermédiaire")
        ADVANCED = "advanced", _("Confirmé")

    title = models.CharField(_("titre"), max_length=200)
    category = models.ForeignKey(
        Category, verbose_name=_("catégorie"), on_delete=models.PROTECT, related_name="events"
    )
    description = models.TextField(_("description"), blank=True)
    audience = models.CharField(
        _("public"), max_length=20, choices=Audience.choices, default=Audience.EVERYONE
    )
    level = models.CharField(_("niveau"), max_length=20, choices=Level.choices, default=Level.ALL)
    price_member = models.DecimalField(
        _("tarif sociétaire (€)"), max_digits=7, decimal_places=2, default=0
    )
    price_public = models.DecimalField(
        _("tarif public (€)"), max_digits=7, decimal_places=2, default=0
    )
    place = models.ForeignKey(
        Place, verbose_name=_("lieu"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="events",
    )  # fmt: skip
    organiser = models.ForeignKey(
        Organisation, verbose_name=_("organisateur"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="organised_events",
    )  # fmt: skip
    partners = models.ManyToManyField(
        Organisation, verbose_name=_("partenaires"), blank=True, related_name="partner_events"
    )
    image_url = models.URLField(_("image"), blank=True)
    deadline_hours = models.PositiveIntegerField(
        _("inscriptions closes (heures avant le début)"), default=2
    )
    is_published = models.BooleanField(_("publié"), default=True)
    is_demo = models.BooleanField(_("donnée de démonstration"), default=False)

    class Meta:
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        ordering = ["title", "pk"]

    def __str__(self) -> str:
        return self.title


class Session(TimeStampedModel):
    """One date of an event, with its seats."""

    event = models.ForeignKey(
        Event, verbose_name=_("action"), on_delete=models.CASCADE, related_name="sessions"
    )
    start = models.DateTimeField(_("début"), db_index=True)
    end = models.DateTimeField(_("fin"))
    place = models.ForeignKey(
        Place, verbose_name=_("lieu"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="sessions", help_text=_("Vide : le lieu de l'action."),
    )  # fmt: skip
    online_url = models.URLField(_("lien en ligne"), blank=True)
    capacity = models.PositiveIntegerField(_("places"), validators=[MinValueValidator(1)])
    is_cancelled = models.BooleanField(_("annulée"), default=False)

    class Meta:
        verbose_name = _("séance")
        verbose_name_plural = _("séances")
        ordering = ["start", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(capacity__gte=1), name="programme_session_capacity_positive"
            ),
            models.CheckConstraint(
                condition=models.Q(end__gt=models.F("start")), name="programme_session_ordered"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.event} – {self.start:%Y-%m-%d %H:%M}"

    @property
    def where(self) -> Place | None:
        return self.place or self.event.place


def _new_token() -> str:
    return secrets.token_urlsafe(24)


class Registration(TimeStampedModel):
    """A person's seat in a session, or their place in its waiting list."""

    class State(models.TextChoices):
        REGISTERED = "registered", _("Inscrit")
        WAITING = "waiting", _("Liste d'attente")
        CANCELLED = "cancelled", _("Annulée")
        ATTENDED = "attended", _("Présent")
        ABSENT = "absent", _("Absent")

    # Who holds a seat (or is about to) — what counts against the capacity.
    SEATED = (State.REGISTERED, State.ATTENDED, State.ABSENT)
    ACTIVE = (State.REGISTERED, State.WAITING, State.ATTENDED, State.ABSENT)

    session = models.ForeignKey(
        Session, verbose_name=_("séance"), on_delete=models.CASCADE, related_name="registrations"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("compte"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="registrations",
    )  # fmt: skip
    name = models.CharField(_("nom"), max_length=150)
    email = models.EmailField(_("courriel"), blank=True)
    phone = models.CharField(_("téléphone"), max_length=30, blank=True)
    organisation_name = models.CharField(_("organisation"), max_length=150, blank=True)
    state = models.CharField(_("état"), max_length=12, choices=State.choices, db_index=True)
    token = models.CharField(_("jeton"), max_length=40, unique=True, default=_new_token)
    promoted_at = models.DateTimeField(_("sortie de la liste d'attente le"), null=True, blank=True)
    is_demo = models.BooleanField(_("donnée de démonstration"), default=False)

    class Meta:
        verbose_name = _("inscription")
        verbose_name_plural = _("inscriptions")
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(email="", phone=""), name="programme_registration_has_a_contact"
            ),
            # One active registration per e-mail and session, enforced by the database.
            models.UniqueConstraint(
                fields=["session", "email"],
                condition=~models.Q(email="")
                & models.Q(state__in=["registered", "waiting", "attended", "absent"]),
                name="programme_registration_one_per_email",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} – {self.session}"
