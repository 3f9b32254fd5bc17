"""Reads of coverage for the faces: the runs of studies."""

from __future__ import annotations

import uuid

from maillage.coverage.models import CoverageRun


def coverage_run_get(*, run_id: uuid.UUID | str) -> CoverageRun | None:
    return CoverageRun.objects.filter(pk=run_id).first()
