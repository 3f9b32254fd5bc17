"""Writes of coverage: a study run as a task, with its progress and result; the reuse of a
run already made for the same parameters; the purge of old runs."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext

from maillage.core.refusals import Refused
from maillage.core.services import activity_record
from maillage.coverage.models import CoverageRun
from maillage.coverage.study import CoverageRequest

# A run finished (done) within this window answers an identical request instead of a new
# computation: places change slowly, and a study of yesterday is still today's.
REUSE_WINDOW = dt.timedelta(hours=24)
# Runs queued or running at once, all people together: beyond, a new study waits its turn.
RUNS_IN_FLIGHT_MAX = 4
# A run queued or running for longer than this is abandoned (its worker died): it no longer
# blocks an identical request nor counts against RUNS_IN_FLIGHT_MAX. The runs' time limit
# (coverage.limits.RUN) is far below it.
ABANDONED_AFTER = dt.timedelta(hours=1)
# The result kept for a run, as JSON: all of France is about 9 MB.
RESULT_MAX_BYTES = 32 * 1024 * 1024
# How long finished runs are kept by default (`maillage purge-coverage-runs`).
KEEP_RUNS = dt.timedelta(days=7)

IN_FLIGHT = (CoverageRun.Status.QUEUED, CoverageRun.Status.RUNNING)


class CoverageRunRefused(Refused):
    """A run that may not start now (`rule` "busy": too many in flight; status 429)."""

    status = 429


@transaction.atomic
def coverage_run_create(*, params: dict, actor: Any | None = None) -> CoverageRun:
    """A new queued run of these parameters (normalised), whatever runs exist."""
    request = CoverageRequest.from_params(params).normalised()
    run = CoverageRun.objects.create(params=request.as_params(), parameters_key=request.key())
    activity_record(verb="coverage.requested", actor=actor, target=run, data={"params": run.params})
    return run


@transaction.atomic
def coverage_run_start(
    *, request: CoverageRequest, actor: Any | None = None
) -> tuple[CoverageRun, bool]:
    """The run answering `request`: an identical one queued, running, or done within
    REUSE_WINDOW (created False), or a new queued run (created True), never two in flight.

    Raises CoverageRunRefused ("busy") when RUNS_IN_FLIGHT_MAX runs are already queued or
    running. Runs in flight for longer than ABANDONED_AFTER are first marked failed.
    """
    now = timezone.now()
    CoverageRun.objects.filter(status__in=IN_FLIGHT, created_at__lt=now - ABANDONED_AFTER).update(
        status=CoverageRun.Status.FAILED,
        error=f"abandoned: still queued or running after {ABANDONED_AFTER}",
        finished_at=now,
    )
    key = request.normalised().key()
    existing = _reusable(key, now=now)
    if existing is not None:
        return existing, False
    if CoverageRun.objects.filter(status__in=IN_FLIGHT).count() >= RUNS_IN_FLIGHT_MAX:
        raise CoverageRunRefused(
            "busy",
            gettext(
                "%(count)d études de couverture sont déjà en cours : réessayez dans quelques "
                "minutes."
            )
            % {"count": RUNS_IN_FLIGHT_MAX},
        )
    try:
        with transaction.atomic():
            run = coverage_run_create(params=request.as_params(), actor=actor)
    except IntegrityError:
        # The same study started at the same moment by somebody else: theirs is the one.
        existing = _reusable(key, now=now)
        if existing is None:
            raise
        return existing, False
    return run, True


def _reusable(key: str, *, now: dt.datetime) -> CoverageRun | None:
    return (
        CoverageRun.objects.filter(parameters_key=key, status__in=IN_FLIGHT)
        .order_by("-created_at")
        .first()
    ) or (
        CoverageRun.objects.filter(
            parameters_key=key,
            status=CoverageRun.Status.DONE,
            finished_at__gte=now - REUSE_WINDOW,
        )
        .order_by("-finished_at")
        .first()
    )


def coverage_run_progress(*, run_id: str, step: str, progress: int) -> None:
    """Say how far a run is (its own short transaction: readers see it at once)."""
    CoverageRun.objects.filter(pk=run_id).update(
        status=CoverageRun.Status.RUNNING, step=step[:100], progress=max(0, min(progress, 100))
    )


@transaction.atomic
def coverage_run_finish(
    *, run_id: str, result: dict | None = None, error: str = "", error_field: str = ""
) -> None:
    """Done with its result, or failed with the error (and the parameter at fault). A result
    larger than RESULT_MAX_BYTES as JSON is not kept: the run fails saying so."""
    if result is not None and not error:
        size = len(json.dumps(result, ensure_ascii=False).encode())
        if size > RESULT_MAX_BYTES:
            result = None
            error = (
                f"the result ({size:,} bytes) is larger than the {RESULT_MAX_BYTES:,} bytes "
                "kept for a run: study a smaller area"
            )
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


@transaction.atomic
def coverage_runs_purge(*, older_than: dt.timedelta) -> int:
    """Delete the runs, and their results, finished more than `older_than` ago, and those
    still queued or running that were created that long ago (abandoned). Returns how many."""
    if older_than < dt.timedelta(0):
        raise ValueError("older_than must not be negative")
    before = timezone.now() - older_than
    stale = CoverageRun.objects.filter(finished_at__lt=before) | CoverageRun.objects.filter(
        finished_at__isnull=True, created_at__lt=before
    )
    count, _by_model = stale.delete()
    if count:
        activity_record(
            verb="coverage.purged",
            data={"runs": count, "older_than_days": older_than / dt.timedelta(days=1)},
        )
    return count
