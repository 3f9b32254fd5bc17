from __future__ import annotations

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from maillage.core.progress import ProgressBar
from maillage.demo.services import DemoError, demo_build


class Command(BaseCommand):
    help = (
        "Build (or refresh) the demo hub: Provence Numérique (Monteux) with its places and "
        "actors, the PACA inventory of the pre-study, one demo account per role; with --data, "
        "also import the real open-data files found in that folder. Idempotent; serves nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--data", type=Path, help="folder of the open-data files (e.g. ../shared/data)"
        )
        parser.add_argument("--no-progress", action="store_true", help="do not show progress")

    def handle(self, *args, data: Path | None, no_progress: bool, **options):
        progress = (
            None if no_progress or options["verbosity"] == 0 else ProgressBar(self.stderr._out)
        )
        try:
            report = demo_build(data_dir=data, progress=progress)
        except (DemoError, ValidationError) as error:
            raise CommandError(f"cannot build the demo: {error}") from None
        finally:
            if progress is not None:
                progress.close()
        for line in report.lines:
            self.stdout.write(line)
        self.stdout.write("")
        self.stdout.write("Demo accounts (demo data only, never on a real hub):")
        for email, password, roles in report.logins:
            self.stdout.write(f"  {email:34} {password}   ({roles})")
        self.stdout.write("Open http://127.0.0.1:8000/ (admin: /admin/).")
