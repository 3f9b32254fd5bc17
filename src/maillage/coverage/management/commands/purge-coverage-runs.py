from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from maillage.coverage.services import KEEP_RUNS, coverage_runs_purge


class Command(BaseCommand):
    help = (
        "Delete the coverage studies run as tasks (with their results, up to megabytes each) "
        f"finished more than --days days ago (default {KEEP_RUNS.days}), and those abandoned "
        "queued or running as long. Run it daily. Idempotent: a second run deletes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=float,
            default=KEEP_RUNS / dt.timedelta(days=1),
            help=f"keep the runs of the last DAYS days (default {KEEP_RUNS.days})",
        )

    def handle(self, *args, days: float, **options):
        if not 0 <= days <= 36_500:
            raise CommandError(f"--days must be a number of days from 0 to 36500, not {days}")
        count = coverage_runs_purge(older_than=dt.timedelta(days=days))
        self.stdout.write(f"{count} coverage run(s) older than {days:g} days deleted.")
