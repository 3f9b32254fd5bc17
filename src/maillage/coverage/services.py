"""Writes of coverage: a study run as a task, with its progress and result."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from maillage.core.services import activity_record
from maillage.coverage.models import CoverageRun


@transaction.atomic
def coverage_run_create(*, params: dict) -> CoverageRun:
    run = CoverageRun.objects.create(params=params)
    activity_record(verb="coverage.requested", target=run, data={"params": params})
    return run


def coverage_run_progress(*, run_id: str, step: str, progress: int) -> None:
    """Say how far a run is (its own short transaction: readers see it at once)."""
    CoverageRun.objects.filter(pk=run_id).update(
        status=CoverageRun.Status.RUNNING, step=step[:100], progress=max(0, min(progress, 100))
    )


@transaction.atomic
def coverage_run_finish(
    *, run_id: str, result: dict | None = None, error: str = "", error_field: str = ""
) -> None:
    status = CoverageRun.Status.FAILED if error else CoverageRun.Status.DONE
    CoverageRun.objects.filter(pk=run_id).update(
        status=status,
        progress=100,
        result=result,
        error=error,
        error_field=error_field,
        finished_at=timezone.now(),
    )
    activity_record(verb=f"coverage.{status}", data={"run": run_id, "error": error})
