"""Writes of the core app: the activity log."""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction

from maillage.core.models import Activity


@transaction.atomic
def activity_record(
    *,
    verb: str,
    actor: Any | None = None,
    target: models.Model | None = None,
    data: dict[str, Any] | None = None,
) -> Activity:
    """Append one row to the activity log. `actor` is a user or None (a command, the system)."""
    target_type = ContentType.objects.get_for_model(target) if target is not None else None
    return Activity.objects.create(
        verb=verb,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        target_type=target_type,
        target_id=str(target.pk) if target is not None else "",
        target_label=str(target)[:255] if target is not None else "",
        data=data or {},
    )
