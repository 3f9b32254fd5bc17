from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from maillage.core.progress import ProgressBar
from maillage.directory.services import ImportReport, StrictImportError, places_import
from maillage.directory.sources import SourceFileError, read_rows
from maillage.directory.standard import REQUIRED, V0_ONLY, detect_format

REJECTIONS_SHOWN = 200


class Command(BaseCommand):
    help = (
        "Import places from a CSV or JSON file of the national mediation-places standard v1.0.2. "
        "Upserts by (source, id): a second import of the same file changes nothing. Bad rows are "
        "reported with their line, field, value and reason."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="the .csv or .json file")
        parser.add_argument(
            "--format",
            choices=["auto", "standard-v1"],
            default="auto",
            help="the file's format (so far: the standard v1; v0 and data·inclusion come next)",
        )
        parser.add_argument(
            "--source", help="source name for every row (default: each row's `source`)"
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="check and report, write nothing"
        )
        parser.add_argument(
            "--strict", action="store_true", help="stop at the first bad row and write nothing"
        )
        parser.add_argument("--no-progress", action="store_true", help="do not show progress")

    def handle(
        self,
        *args,
        path: Path,
        source: str | None,
        dry_run: bool,
        strict: bool,
        no_progress: bool,
        **options,
    ):
        try:
            rows, encoding = read_rows(path)
        except SourceFileError as error:
            raise CommandError(f"cannot import: {error}. Nothing was written.") from None
        if options["format"] == "auto":
            self._check_columns(path, {name for row in rows for name in row.values})
        progress = (
            None if no_progress or options["verbosity"] == 0 else ProgressBar(self.stderr._out)
        )
        try:
            report = places_import(
                rows=rows, source=source, strict=strict, dry_run=dry_run, progress=progress
            )
        except StrictImportError as error:
            raise CommandError(f"cannot import: {error}") from None
        finally:
            if progress is not None:
                progress.close()
        self.stdout.write(self._summary(path, encoding, len(rows), report))
        if report.rejected and options["verbosity"] > 0:
            self.stdout.write("Rejected rows (line, field, value, reason):")
            for issue in report.rejected[:REJECTIONS_SHOWN]:
                self.stdout.write(f"  {issue}")
            if len(report.rejected) > REJECTIONS_SHOWN:
                self.stdout.write(f"  … and {len(report.rejected) - REJECTIONS_SHOWN} more")
        if report.warnings and options["verbosity"] > 1:
            self.stdout.write("Warnings (value dropped, row kept):")
            for issue in report.warnings:
                self.stdout.write(f"  {issue}")

    def _check_columns(self, path: Path, columns: set[str]) -> None:
        found = detect_format(columns)
        if found == "standard-v0":
            raise CommandError(
                f"cannot import: {path.name} is in the standard v0 (columns "
                f"{', '.join(sorted(columns & V0_ONLY))}), which this version does not read yet. "
                "Nothing was written."
            )
        if found == "unknown":
            raise CommandError(
                f"cannot import: the columns of {path.name} are not those of the standard v1 "
                f"(found {', '.join(sorted(columns)[:8])}…; required: "
                f"{', '.join(sorted(REQUIRED))}). Nothing was written."
            )

    def _summary(self, path: Path, encoding: str, total: int, report: ImportReport) -> str:
        mode = " (dry run: nothing written)" if report.dry_run else ""
        return (
            f"{path.name}: {total} rows read ({encoding}){mode}: {report.created} created, "
            f"{report.updated} updated, {report.unchanged} unchanged, {report.rejected_rows} rejected; "
            f"{len(report.warnings)} warnings (values dropped; -v 2 lists them); "
            f"{report.approximate_locations} located at their commune's town hall."
        )
