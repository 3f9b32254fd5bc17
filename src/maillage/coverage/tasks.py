"""Coverage studies as tasks of Django's tasks framework (the django-tasks backport)."""

from __future__ import annotations

from django_tasks import task

from maillage.coverage.formats import study_as_dict
from maillage.coverage.services import coverage_run_finish, coverage_run_progress
from maillage.coverage.solver import CoverageInputError
from maillage.coverage.study import CoverageRequest, coverage_study


@task()
def run_coverage_study(run_id: str, params: dict) -> None:
    def progress(step: str, percent: int) -> None:
        coverage_run_progress(run_id=run_id, step=step, progress=percent)

    try:
        # Arguments of a task travel as JSON: lists come back where the request has tuples.
        request = CoverageRequest(
            **{key: tuple(v) if isinstance(v, list) else v for key, v in params.items()}
        )
        study = coverage_study(request, progress=progress)
    except CoverageInputError as error:
        coverage_run_finish(run_id=run_id, error=error.rule, error_field=error.parameter)
        return
    coverage_run_finish(run_id=run_id, result=study_as_dict(study))
