from __future__ import annotations

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _


class CoverageRun(models.Model):
    """A coverage study run as a task: its parameters, how far it is, and its result."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("En attente")
        RUNNING = "running", _("En cours")
        DONE = "done", _("Terminée")
        FAILED = "failed", _("Échouée")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    params = models.JSONField(_("paramètres"))
    # sha256 of the normalised parameters (`CoverageRequest.key`): identical requests find
    # the run already made instead of computing it again.
    parameters_key = models.CharField(_("empreinte des paramètres"), max_length=64)
    status = models.CharField(
        _("état"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("avancement (%)"), default=0)
    step = models.CharField(_("étape"), max_length=100, blank=True)
    result = models.JSONField(_("résultat"), null=True, blank=True)
    error = models.TextField(_("erreur"), blank=True)
    error_field = models.CharField(_("paramètre en cause"), max_length=40, blank=True)
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)
    finished_at = models.DateTimeField(_("terminée le"), null=True, blank=True)

    class Meta:
        verbose_name = _("étude de couverture")
        verbose_name_plural = _("études de couverture")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["parameters_key", "-created_at"], name="coverage_run_key_idx"),
            models.Index(fields=["status", "created_at"], name="coverage_run_status_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(progress__lte=100), name="coverage_run_progress_max_100"
            ),
            # Never the same study twice at once, whatever the path or the race.
            models.UniqueConstraint(
                fields=["parameters_key"],
                condition=models.Q(status__in=["queued", "running"]),
                name="coverage_run_one_in_flight_per_key",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_status_display()} {self.progress} %"
