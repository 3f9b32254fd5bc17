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
        constraints = [
            models.CheckConstraint(
                condition=models.Q(progress__lte=100), name="coverage_run_progress_max_100"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_status_display()} {self.progress} %"
