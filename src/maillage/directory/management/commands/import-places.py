from __future__ import annotations

import datetime as dt
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from maillage.core.progress import ProgressBar
from maillage.directory.formats import FORMATS, SourceFormat, detect
from maillage.directory.formats.common import UNKNOWN_DATE
from maillage.directory.services import ImportReport, StrictImportError, places_import
from maillage.directory.sources import SourceFileError, read_rows

REJECTIONS_SHOWN = 200


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{value!r} is not a date YYYY-MM-DD") from None


class Command(BaseCommand):
    # The system checks load every URL (the API and its routers): half a second each run,
    # for nothing an import uses. `maillage check` and `migrate` still run them.
    requires_system_checks = []
    help = (
        "Import places from a CSV or JSON file: the national mediation-places standard (v1.0.2 "
        "or v0.1.1), data·inclusion structures, or a known producer file of the PACA region. "
        "Upserts by (source, id): a second import of the same file changes nothing. Bad rows "
        "are reported with their line, field, value and reason."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="the .csv or .json file")
        parser.add_argument(
            "--format",
            choices=["auto", *FORMATS],
            default="auto",
            help="the file's format; auto recognises it from its columns. "
            + "; ".join(f"{name}: {fmt.title}" for name, fmt in FORMATS.items()),
        )
        parser.add_argument(
            "--source",
            help="source name for every row (default: each row's `source`, else the file's name)",
        )
        parser.add_argument(
            "--date-maj",
            type=_date,
            help="update date for rows that carry none (default: the file's publication date)",
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
        date_maj: dt.date | None,
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
            source_format = self._recognise(path, {name for row in rows for name in row.values})
        else:
            source_format = FORMATS[options["format"]]
        progress = (
            None if no_progress or options["verbosity"] == 0 else ProgressBar(self.stderr._out)
        )
        try:
            report = places_import(
                rows=rows,
                source_format=source_format.name,
                source=source,
                default_source=path.stem,
                date_maj=date_maj,
                strict=strict,
                dry_run=dry_run,
                progress=progress,
            )
        except StrictImportError as error:
            raise CommandError(f"cannot import: {error}") from None
        finally:
            if progress is not None:
                progress.close()
        self.stdout.write(self._summary(path, encoding, source_format, len(rows), report))
        if report.rejected and options["verbosity"] > 0:
            self.stdout.write("Rejected rows (line, field, value, reason):")
            for issue in report.rejected[:REJECTIONS_SHOWN]:
                self.stdout.write(f"  {issue}")
            if len(report.rejected) > REJECTIONS_SHOWN:
                self.stdout.write(f"  … and {len(report.rejected) - REJECTIONS_SHOWN} more")
        if report.warnings and options["verbosity"] > 1:
            self.stdout.write("Warnings (value dropped or moved, row kept):")
            for issue in report.warnings:
                self.stdout.write(f"  {issue}")

    def _recognise(self, path: Path, columns: set[str]) -> SourceFormat:
        found = detect(columns)
        if found is None:
            shown = ", ".join(sorted(columns)[:10])
            raise CommandError(
                f"cannot import: the columns of {path.name} ({shown}…) are those of none of the "
                f"formats read ({', '.join(FORMATS)}); see --help. Nothing was written."
            )
        return found

    def _summary(
        self,
        path: Path,
        encoding: str,
        source_format: SourceFormat,
        total: int,
        report: ImportReport,
    ) -> str:
        mode = " (dry run: nothing written)" if report.dry_run else ""
        return (
            f"{path.name}: {total} rows read ({encoding}, {source_format.name}){mode}: "
            f"{report.created} created, {report.updated} updated, {report.unchanged} unchanged, "
            f"{report.rejected_rows} rejected; {len(report.warnings)} warnings (values dropped "
            f"or moved; -v 2 lists them); {report.approximate_locations} located at their "
            "commune's town hall"
            + (
                f"; {report.undated} without a date, recorded as {UNKNOWN_DATE} (unknown; "
                "--date-maj gives one)."
                if report.undated
                else "."
            )
        )
