from __future__ import annotations

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from maillage.directory import writers
from maillage.directory.selectors import place_export_records
from maillage.territory.selectors import departement_get


class Command(BaseCommand):
    help = (
        "Export places as a file of the national mediation-places standard v1.0.2 (CSV in the "
        "schema's column order, or JSON), valid against its schema.json. Places whose position "
        "is only their commune's town hall are written without coordinates."
    )

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=["csv", "json"], default="csv")
        parser.add_argument("--departement", help="only the places of this département (e.g. 84)")
        parser.add_argument(
            "--output", type=Path, help="the file to write (default: standard output)"
        )

    def handle(self, *args, format: str, departement: str | None, output: Path | None, **options):
        if departement is not None and departement_get(code=departement) is None:
            raise CommandError(f"cannot export: no département has the code {departement!r}.")
        write = writers.write_csv if format == "csv" else writers.write_json
        records = place_export_records(departement=departement)
        if output is None:
            count = write(records, self.stdout._out if hasattr(self.stdout, "_out") else sys.stdout)
        else:
            partial = output.with_name(output.name + ".part")
            try:
                with partial.open("w", encoding="utf-8", newline="") as handle:
                    count = write(records, handle)
                partial.replace(output)  # a reader never sees half a file
            except OSError as error:
                partial.unlink(missing_ok=True)
                raise CommandError(f"cannot export: {error}") from None
            self.stderr.write(f"{count} places written to {output} ({format}).")
