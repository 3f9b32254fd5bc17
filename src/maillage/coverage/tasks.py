"""Coverage studies as tasks of Django's tasks framework (the django-tasks backport)."""

from __future__ import annotations

import logging

from django_tasks import task

from maillage.coverage import limits
from maillage.coverage.formats import study_as_dict
from maillage.coverage.services import coverage_run_finish, coverage_run_progress
from maillage.coverage.solver import CoverageInputError
from maillage.coverage.study import CoverageRequest, coverage_study

logger = logging.getLogger(__name__)


@task()
def run_coverage_study(run_id: str, params: dict) -> None:
    """The study of a run, within the limits of `coverage.limits.RUN`: past its time limit
    the solver stops with the best sites found (the result's status is "time_limit"). Any
    failure ends the run "failed" with its reason, never leaves it running."""

    def progress(step: str, percent: int) -> None:
        coverage_run_progress(run_id=run_id, step=step, progress=percent)

    try:
        # Arguments of a task travel as JSON: lists come back where the request has tuples.
        request = CoverageRequest.from_params(params)
        study = coverage_study(request, progress=progress, limits=limits.RUN)
    except CoverageInputError as error:
        coverage_run_finish(run_id=run_id, error=error.rule, error_field=error.parameter)
        return
    except Exception as error:
        logger.exception("coverage run %s failed", run_id)
        coverage_run_finish(run_id=run_id, error=f"the study failed: {type(error).__name__}")
        return
    coverage_run_finish(run_id=run_id, result=study_as_dict(study))
