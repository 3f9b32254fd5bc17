from __future__ import annotations

import secrets

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from maillage.core.models import TimeStampedModel
from maillage.directory.models import Place
from maillage.territory.models import Commune


class Resource(TimeStampedModel):
    """Something of a place that people book: a desk, a room, a machine, a visio kit, the
    truck, or a mediator's appointment time."""

    class Kind(models.TextChoices):
        DESK = "desk", _("Poste de travail")
        ROOM = "room", _("Salle")
        MACHINE = "machine", _("Machine")
        VISIO = "visio", _("Équipement de visioconférence")
        VEHICLE = "vehicle", _("Véhicule itinérant")
        EQUIPMENT = "equipment", _("Matériel")
        APPOINTMENT = "appointment", _("Rendez-vous")

    class Audience(models.TextChoices):
        PUBLIC = "public", _("Tout le monde")
        MEMBERS = "members", _("Sociétaires et membres")
        STAFF = "staff", _("Équipe du lieu")

    place = models.ForeignKey(
        Place, verbose_name=_("lieu"), on_delete=models.CASCADE, related_name="resources"
    )
    name = models.CharField(_("nom"), max_length=150)
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    description = models.TextField(_("description"), blank=True)
    capacity = models.PositiveSmallIntegerField(
        _("capacité"),
        default=1,
        validators=[MinValueValidator(1)],
        help_text=_("Réservations simultanées possibles."),
    )
    opening_hours = models.CharField(
        _("horaires (syntaxe OpenStreetMap)"),
        max_length=500,
        blank=True,
        help_text=_("Vide : les horaires du lieu."),
    )
    min_minutes = models.PositiveIntegerField(_("durée minimale (minutes)"), default=30)
    max_minutes = models.PositiveIntegerField(_("durée maximale (minutes)"), default=240)
    step_minutes = models.PositiveIntegerField(_("pas des créneaux (minutes)"), default=30)
    lead_minutes = models.PositiveIntegerField(
        _("délai de prévenance (minutes)"), default=60, help_text=_("Réserver au plus tard…")
    )
    max_days_ahead = models.PositiveIntegerField(_("réservable jusqu'à (jours)"), default=60)
    cancel_minutes = models.PositiveIntegerField(
        _("annulation possible jusqu'à (minutes avant)"), default=120
    )
    training_required = models.BooleanField(
        _("formation requise"),
        default=False,
        help_text=_("Seules les personnes formées à cette machine peuvent la réserver."),
    )
    audience = models.CharField(
        _("qui peut réserver"), max_length=10, choices=Audience.choices, default=Audience.PUBLIC
    )
    price_member = models.DecimalField(
        _("tarif sociétaire (€ / heure)"), max_digits=7, decimal_places=2, default=0
    )
    price_public = models.DecimalField(
        _("tarif public (€ / heure)"), max_digits=7, decimal_places=2, default=0
    )
    visio_url = models.URLField(
        _("lien de visio du lieu"),
        blank=True,
        help_text=_("Vide : un salon Jitsi est créé pour chaque rendez-vous."),
    )
    is_visio = models.BooleanField(_("à distance (visio)"), default=False)
    host = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("médiateur ou agent"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="hosted_resources",
    )
    is_active = models.BooleanField(_("réservable"), default=True)
    is_demo = models.BooleanField(_("donnée de démonstration"), default=False)

    class Meta:
        verbose_name = _("ressource")
        verbose_name_plural = _("ressources")
        ordering = ["place__nom", "name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(capacity__gte=1), name="booking_resource_capacity_positive"
            ),
            models.CheckConstraint(
                condition=models.Q(min_minutes__gte=5, max_minutes__gte=models.F("min_minutes")),
                name="booking_resource_durations_ordered",
            ),
            models.CheckConstraint(
                condition=models.Q(step_minutes__gte=5), name="booking_resource_step_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.place})"

    @property
    def hours(self) -> str:
        """The hours that apply: the resource's own, else its place's."""
        return self.opening_hours or self.place.horaires


class Closure(TimeStampedModel):
    """A time when a resource (or every resource of a place) cannot be booked."""

    place = models.ForeignKey(
        Place, verbose_name=_("lieu"), null=True, blank=True, on_delete=models.CASCADE,
        related_name="closures",
    )  # fmt: skip
    resource = models.ForeignKey(
        Resource, verbose_name=_("ressource"), null=True, blank=True, on_delete=models.CASCADE,
        related_name="closures",
    )  # fmt: skip
    start = models.DateTimeField(_("début"))
    end = models.DateTimeField(_("fin"))
    reason = models.CharField(_("motif"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("fermeture")
        verbose_name_plural = _("fermetures")
        ordering = ["start"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__gt=models.F("start")), name="booking_closure_ordered"
            ),
            models.CheckConstraint(
                condition=models.Q(place__isnull=False) | models.Q(resource__isnull=False),
                name="booking_closure_has_a_target",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.resource or self.place}: {self.start:%Y-%m-%d %H:%M} – {self.end:%Y-%m-%d %H:%M}"


class TourStop(TimeStampedModel):
    """A dated stop of a vehicle (the camion numérique) in a commune: the vehicle can be
    booked there and then, and the stop shows on maps as a temporary place."""

    resource = models.ForeignKey(
        Resource, verbose_name=_("véhicule"), on_delete=models.CASCADE, related_name="stops"
    )
    commune = models.ForeignKey(Commune, verbose_name=_("commune"), on_delete=models.PROTECT)
    address = models.CharField(_("adresse"), max_length=250, blank=True)
    start = models.DateTimeField(_("arrivée"))
    end = models.DateTimeField(_("départ"))
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)

    class Meta:
        verbose_name = _("étape de tournée")
        verbose_name_plural = _("étapes de tournée")
        ordering = ["start"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__gt=models.F("start")), name="booking_tourstop_ordered"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.commune} {self.start:%Y-%m-%d %H:%M}"


class Training(TimeStampedModel):
    """A person trained to use a resource that requires it (a laser cutter)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("personne"), on_delete=models.CASCADE,
        related_name="trainings",
    )  # fmt: skip
    resource = models.ForeignKey(
        Resource, verbose_name=_("ressource"), on_delete=models.CASCADE, related_name="trainings"
    )
    trained_on = models.DateField(_("formé le"))

    class Meta:
        verbose_name = _("formation à une machine")
        verbose_name_plural = _("formations aux machines")
        constraints = [
            models.UniqueConstraint(fields=["user", "resource"], name="booking_training_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.resource}"


def _new_token() -> str:
    return secrets.token_urlsafe(24)


class Booking(TimeStampedModel):
    """A booking of a resource over [start, end), by an account or a guest."""

    class State(models.TextChoices):
        REQUESTED = "requested", _("Demandée")
        CONFIRMED = "confirmed", _("Confirmée")
        CANCELLED = "cancelled", _("Annulée")
        DONE = "done", _("Honorée")
        NO_SHOW = "no_show", _("Absence")

    # The states that hold capacity.
    ACTIVE_STATES = (State.REQUESTED, State.CONFIRMED)
    TRANSITIONS = {
        State.REQUESTED: {State.CONFIRMED, State.CANCELLED},
        State.CONFIRMED: {State.CANCELLED, State.DONE, State.NO_SHOW},
        State.CANCELLED: set(),
        State.DONE: set(),
        State.NO_SHOW: set(),
    }

    resource = models.ForeignKey(
        Resource, verbose_name=_("ressource"), on_delete=models.PROTECT, related_name="bookings"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("compte"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="bookings",
    )  # fmt: skip
    guest_name = models.CharField(_("nom"), max_length=150, blank=True)
    guest_email = models.EmailField(_("courriel"), blank=True)
    guest_phone = models.CharField(_("téléphone"), max_length=30, blank=True)
    reason = models.CharField(_("motif"), max_length=300, blank=True)
    start = models.DateTimeField(_("début"), db_index=True)
    end = models.DateTimeField(_("fin"))
    quantity = models.PositiveSmallIntegerField(_("nombre"), default=1)
    state = models.CharField(
        _("état"), max_length=12, choices=State.choices, default=State.CONFIRMED, db_index=True
    )
    token = models.CharField(
        _("jeton d'annulation"), max_length=40, unique=True, default=_new_token
    )
    video_url = models.URLField(_("lien de visio"), blank=True)
    is_demo = models.BooleanField(_("donnée de démonstration"), default=False)

    class Meta:
        verbose_name = _("réservation")
        verbose_name_plural = _("réservations")
        ordering = ["start", "pk"]
        indexes = [models.Index(fields=["resource", "start", "end"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__gt=models.F("start")), name="booking_booking_ordered"
            ),
            models.CheckConstraint(
                condition=models.Q(quantity__gte=1), name="booking_booking_quantity_positive"
            ),
            models.CheckConstraint(
                condition=models.Q(user__isnull=False) | ~models.Q(guest_email="", guest_phone=""),
                name="booking_booking_has_a_contact",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.resource.name} {self.start:%Y-%m-%d %H:%M}"

    @property
    def who(self) -> str:
        return self.guest_name or (self.user.get_full_name() if self.user else "")


class BookingTransition(models.Model):
    """One change of state of a booking: who, when, from what to what. Append-only."""

    booking = models.ForeignKey(
        Booking, verbose_name=_("réservation"), on_delete=models.CASCADE,
        related_name="transitions",
    )  # fmt: skip
    from_state = models.CharField(_("de"), max_length=12, blank=True)
    to_state = models.CharField(_("vers"), max_length=12)
    at = models.DateTimeField(_("le"), auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("par"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("changement d'état")
        verbose_name_plural = _("changements d'état")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.from_state or '∅'} → {self.to_state}"


class CalendarFeedKey(TimeStampedModel):
    """The secret key of a person's calendar feed (their bookings, for a calendar app that
    cannot sign in). One per person: renewing it replaces the key, so the old address opens
    nothing; past `expires_at` it opens nothing either, and the person's page issues a new one.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("compte"), on_delete=models.CASCADE,
        related_name="calendar_feed_key",
    )  # fmt: skip
    key = models.CharField(_("clé"), max_length=40, unique=True, default=_new_token)
    expires_at = models.DateTimeField(_("valable jusqu'au"))

    class Meta:
        verbose_name = _("lien d'agenda personnel")
        verbose_name_plural = _("liens d'agenda personnels")

    def __str__(self) -> str:  # no name: the activity log's label of it
        return f"{self._meta.verbose_name} {self.pk}"
