from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    """Base of the domain models: when a row was created and last changed."""

    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    class Meta:
        abstract = True


def point_constraint(name: str) -> models.CheckConstraint:
    """Latitude and longitude are both absent, or both present and on Earth."""
    return models.CheckConstraint(
        condition=models.Q(latitude__isnull=True, longitude__isnull=True)
        | models.Q(latitude__gte=-90, latitude__lte=90, longitude__gte=-180, longitude__lte=180),
        name=name,
    )


class AppendOnlyError(Exception):
    """Raised when code tries to change or delete an activity-log row."""


class ActivityQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("the activity log is append-only")

    def delete(self):
        raise AppendOnlyError("the activity log is append-only")


class Activity(models.Model):
    """One thing that happened, written by a service. Never changed: the model and its
    QuerySet refuse updates and deletions, and a database trigger refuses UPDATE on both
    SQLite and PostgreSQL (migration 0002). Deleting rows at the database level stays
    possible for retention purges and for the test suite's flush."""

    occurred_at = models.DateTimeField(_("date"), auto_now_add=True, db_index=True)
    # No database foreign key: deleting a user must not rewrite history.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("auteur"),
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    verb = models.CharField(_("action"), max_length=80, db_index=True)
    target_type = models.ForeignKey(
        ContentType, verbose_name=_("type d'objet"), null=True, blank=True, on_delete=models.PROTECT
    )
    target_id = models.CharField(_("identifiant de l'objet"), max_length=64, blank=True)
    target_label = models.CharField(_("objet"), max_length=255, blank=True)
    data = models.JSONField(_("détails"), default=dict, blank=True)

    objects = ActivityQuerySet.as_manager()

    class Meta:
        verbose_name = _("activité")
        verbose_name_plural = _("journal d'activité")
        ordering = ["-occurred_at", "-id"]
        indexes = [models.Index(fields=["target_type", "target_id"])]

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d %H:%M} {self.verb} {self.target_label}".strip()

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None and not self._state.adding:
            raise AppendOnlyError("the activity log is append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("the activity log is append-only")
