"""Runs of coverage studies: reuse of an identical run, the database's guard against two in
flight, the size kept, and the purge of old runs (service and command)."""

import datetime as dt

import pytest
from django.core.management import CommandError, call_command
from django.db import IntegrityError, transaction
from django.utils import timezone

from maillage.core.models import Activity
from maillage.coverage import services
from maillage.coverage.models import CoverageRun
from maillage.coverage.services import (
    coverage_run_create,
    coverage_run_finish,
    coverage_run_start,
    coverage_runs_purge,
)
from maillage.coverage.study import CoverageRequest

pytestmark = pytest.mark.django_db

VAUCLUSE = CoverageRequest(radius_km=10, departements=("84",))


def run_of(radius: float, *, status: str, finished_days_ago: float | None = None,
           created_days_ago: float = 0) -> CoverageRun:  # fmt: skip
    run = coverage_run_create(params={"radius_km": radius, "departements": ["84"]})
    now = timezone.now()
    CoverageRun.objects.filter(pk=run.pk).update(
        status=status,
        result={"communes": ["…"] * 10},
        created_at=now - dt.timedelta(days=created_days_ago),
        finished_at=None
        if finished_days_ago is None
        else now - dt.timedelta(days=finished_days_ago),
    )
    return run


def test_two_identical_runs_in_flight_are_refused_by_the_database():
    coverage_run_create(params=VAUCLUSE.as_params())
    with pytest.raises(IntegrityError), transaction.atomic():
        coverage_run_create(params=VAUCLUSE.as_params())


def test_a_run_started_at_the_same_moment_elsewhere_is_the_one_returned(monkeypatch):
    # The other request's insert lands between our look-up and our insert.
    theirs = []
    real = services._reusable

    def late(key, *, now):
        if not theirs:
            theirs.append(coverage_run_create(params=VAUCLUSE.as_params()))
            return None
        return real(key, now=now)

    monkeypatch.setattr(services, "_reusable", late)
    run, created = coverage_run_start(request=VAUCLUSE)
    assert (run.pk, created) == (theirs[0].pk, False)
    assert CoverageRun.objects.count() == 1


def test_a_result_too_large_is_not_kept(monkeypatch):
    monkeypatch.setattr(services, "RESULT_MAX_BYTES", 100)
    run = coverage_run_create(params=VAUCLUSE.as_params())
    coverage_run_finish(run_id=str(run.pk), result={"communes": ["84001"] * 50})
    run.refresh_from_db()
    assert (run.status, run.result) == ("failed", None)
    assert "larger than the 100 bytes" in run.error


def test_the_purge_deletes_finished_and_abandoned_runs_past_the_period():
    old_done = run_of(1, status="done", finished_days_ago=8, created_days_ago=8)
    old_failed = run_of(2, status="failed", finished_days_ago=7.5, created_days_ago=8)
    abandoned = run_of(3, status="running", created_days_ago=9)
    recent = run_of(4, status="done", finished_days_ago=6, created_days_ago=8)
    running = run_of(5, status="running", created_days_ago=0.1)
    assert coverage_runs_purge(older_than=dt.timedelta(days=7)) == 3
    assert set(CoverageRun.objects.values_list("pk", flat=True)) == {recent.pk, running.pk}
    assert not CoverageRun.objects.filter(pk__in=[old_done.pk, old_failed.pk, abandoned.pk])
    logged = Activity.objects.get(verb="coverage.purged")
    assert logged.data == {"runs": 3, "older_than_days": 7.0}
    assert coverage_runs_purge(older_than=dt.timedelta(days=7)) == 0


def test_the_command_keeps_seven_days_by_default(capsys):
    run_of(1, status="done", finished_days_ago=8, created_days_ago=8)
    kept = run_of(2, status="done", finished_days_ago=2, created_days_ago=2)
    call_command("purge-coverage-runs")
    assert capsys.readouterr().out.strip() == "1 coverage run(s) older than 7 days deleted."
    assert list(CoverageRun.objects.values_list("pk", flat=True)) == [kept.pk]
    call_command("purge-coverage-runs", "--days", "1")
    assert not CoverageRun.objects.exists()
    with pytest.raises(CommandError, match="--days"):
        call_command("purge-coverage-runs", "--days", "-1")
