"""Reads of the core app."""

from __future__ import annotations

from django.db.models import QuerySet

from maillage.core.models import Activity


def activity_list(*, verb: str | None = None, limit: int = 50) -> QuerySet[Activity]:
    activities = Activity.objects.select_related("actor", "target_type")
    if verb:
        activities = activities.filter(verb=verb)
    return activities[:limit]
