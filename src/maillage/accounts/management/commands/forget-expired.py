from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError

from maillage.accounts.services import personal_data_expire
from maillage.core.progress import ProgressBar


class Command(BaseCommand):
    help = (
        "Anonymise the personal data kept past its retention period (registrations 12 months "
        "after their session…): runs every personal-data section's expiry. Run it daily. "
        "Idempotent: a second run changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("--no-progress", action="store_true", help="do not show progress")

    def handle(self, *args, no_progress: bool, **options):
        progress = (
            None if no_progress or options["verbosity"] == 0 else ProgressBar(self.stderr._out)
        )
        started = time.perf_counter()
        try:
            report = personal_data_expire(progress=progress)
        finally:
            if progress is not None:
                progress.close()
        seconds = time.perf_counter() - started
        total = sum(report.sections.values())
        lines = [
            f"  {name:<16} {count:>7} records changed" for name, count in report.sections.items()
        ]
        lines += [f"  {name:<16} FAILED: {error}" for name, error in report.failed.items()]
        if report.failed:
            self.stderr.write("\n".join(lines))
            raise CommandError(
                f"{len(report.failed)} section(s) failed: {', '.join(sorted(report.failed))}; "
                f"the others changed {total} records (kept)."
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"Expired personal data: {total} records changed (anonymised or purged) "
                f"in {seconds:.1f} s."
            )
        )
        if lines:
            self.stdout.write("\n".join(lines))
