"""Writes of the directory: importing places from files of the national standard."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from django.db import transaction

from maillage.core.services import activity_record
from maillage.core.text import normalise_for_search
from maillage.directory import standard
from maillage.directory.models import Place, PlaceTag
from maillage.directory.sources import SourceRow
from maillage.directory.vocabulary import STANDARD_VOCABULARIES
from maillage.territory.models import Commune
from maillage.territory.selectors import commune_nearest

Progress = Callable[[str, int, int], None]
DEFAULT_SOURCE = "import"

# Scalar fields copied from the standard record to the Place row (same names).
_SCALARS = (
    "pivot", "nom", "code_postal", "code_insee", "adresse", "complement_adresse", "typologie",
    "telephone", "courriels", "site_web", "horaires", "presentation_resume", "presentation_detail",
    "structure_parente", "autres_formations_labels", "fiche_acces_libre", "prise_rdv", "date_maj",
)  # fmt: skip


@dataclass(frozen=True)
class RowIssue:
    line: int
    field: str
    value: str
    reason: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.field}={self.value!r}: {self.reason}"


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: list[RowIssue] = field(default_factory=list)
    warnings: list[RowIssue] = field(default_factory=list)
    approximate_locations: int = 0
    dry_run: bool = False

    @property
    def rejected_rows(self) -> int:
        return len({issue.line for issue in self.rejected})


class StrictImportError(Exception):
    """`strict` import met a bad row: nothing was written."""

    def __init__(self, issues: list[RowIssue]):
        self.issues = issues
        super().__init__(f"{issues[0]} (strict mode: nothing was written)")


class _CommuneFinder:
    """Find a row's commune by INSEE code, else postcode + name, else the nearest to its point."""

    def __init__(self) -> None:
        rows = Commune.objects.values_list(
            "code", "search_name", "departement_id", "latitude", "longitude", "kind"
        )
        self.by_code = {code: (code, lat, lon) for code, _name, _dep, lat, lon, _kind in rows}
        self.by_name: dict[tuple[str, str], str] = {}
        for code, name, departement, _lat, _lon, kind in rows:
            if kind == Commune.Kind.COMMUNE:
                self.by_name.setdefault((departement, name), code)

    def find(self, record: standard.StandardPlace) -> str | None:
        if record.code_insee in self.by_code:
            return record.code_insee
        name = normalise_for_search(record.commune)
        for departement in _departements_of_postcode(record.code_postal):
            code = self.by_name.get((departement, name))
            if code:
                return code
        if record.latitude is not None:
            nearest = commune_nearest(latitude=record.latitude, longitude=record.longitude)
            return nearest.commune.code if nearest else None
        return None


def _departements_of_postcode(code_postal: str) -> list[str]:
    if code_postal.startswith("97"):
        return [code_postal[:3]]
    if code_postal.startswith("20"):
        return ["2A", "2B"]
    return [code_postal[:2]]


def places_import(
    *,
    rows: Sequence[SourceRow],
    source: str | None = None,
    strict: bool = False,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> ImportReport:
    """Create or update places from rows of the standard v1.0.2, matched on (source, id).

    Bad rows are reported (line, field, value, reason) and skipped; with `strict`, the first
    bad row stops everything and nothing is written. Everything happens in one transaction;
    `dry_run` rolls it back and only reports.
    """
    step = progress or (lambda _step, _done, _total: None)
    report = ImportReport(dry_run=dry_run)
    with transaction.atomic():
        finder = _CommuneFinder()
        seen: dict[tuple[str, str], int] = {}
        for done, row in enumerate(rows, start=1):
            _import_row(row, source, finder, seen, report)
            if strict and report.rejected:
                raise StrictImportError(report.rejected)
            if done % 200 == 0 or done == len(rows):
                step("import places", done, len(rows))
        activity_record(
            verb="places.imported",
            data={
                "source": source,
                "created": report.created,
                "updated": report.updated,
                "unchanged": report.unchanged,
                "rejected_rows": report.rejected_rows,
                "dry_run": dry_run,
            },
        )
        if dry_run:
            transaction.set_rollback(True)
    return report


def _import_row(
    row: SourceRow,
    source: str | None,
    finder: _CommuneFinder,
    seen: dict[tuple[str, str], int],
    report: ImportReport,
) -> None:
    if "__invalid__" in row.values:
        report.rejected.append(
            RowIssue(row.line, "(row)", str(row.values["__invalid__"])[:60], "not a record")
        )
        return
    parsed = standard.parse_v1(row.values)
    for issue in parsed.warnings:
        report.warnings.append(RowIssue(row.line, issue.field, issue.value, issue.rule))
    if parsed.place is None:
        report.rejected += [RowIssue(row.line, i.field, i.value, i.rule) for i in parsed.errors]
        return
    record = parsed.place
    key = (source or record.source or DEFAULT_SOURCE, record.id)
    if key in seen:
        report.rejected.append(
            RowIssue(row.line, "id", record.id, f"already on line {seen[key]} of this file")
        )
        return
    seen[key] = row.line
    commune_code = finder.find(record)
    # Exact only when the file gave coordinates; else the town hall stands in, or nothing.
    latitude, longitude, exact = record.latitude, record.longitude, record.latitude is not None
    if latitude is None and commune_code is not None:
        _code, latitude, longitude = finder.by_code[commune_code]
        report.approximate_locations += 1
    if commune_code is None:
        report.warnings.append(
            RowIssue(
                row.line,
                "code_insee",
                record.code_insee,
                "no commune found by code, postcode and name, or point",
            )
        )
    values = {name: getattr(record, name) for name in _SCALARS}
    values.update(
        typologie=list(record.typologie),
        courriels=list(record.courriels),
        site_web=list(record.site_web),
        autres_formations_labels=list(record.autres_formations_labels),
        commune_id=commune_code,
        commune_nom=record.commune,
        latitude=latitude,
        longitude=longitude,
        location_exact=exact,
        search_text=normalise_for_search(
            " ".join((record.nom, record.commune, record.presentation_resume))
        ),
    )
    tags = [(vocabulary, getattr(record, vocabulary)) for vocabulary in STANDARD_VOCABULARIES]
    place = Place.objects.filter(source=key[0], source_id=key[1]).first()
    if place is None:
        place = Place.objects.create(source=key[0], source_id=key[1], **values)
        _set_tags(place, tags)
        report.created += 1
        return
    current_tags = _tags_of(place)
    if all(
        getattr(place, name) == value for name, value in values.items()
    ) and current_tags == dict(tags):
        report.unchanged += 1
        return
    for name, value in values.items():
        setattr(place, name, value)
    place.save()
    _set_tags(place, tags)
    report.updated += 1


def _tags_of(place: Place) -> dict[str, tuple[str, ...]]:
    found: dict[str, list[str]] = {vocabulary: [] for vocabulary in STANDARD_VOCABULARIES}
    for vocabulary, value in place.tags.filter(vocabulary__in=STANDARD_VOCABULARIES).values_list(
        "vocabulary", "value"
    ):
        found[vocabulary].append(value)
    return {vocabulary: tuple(values) for vocabulary, values in found.items()}


def _set_tags(place: Place, tags: list[tuple[str, tuple[str, ...]]]) -> None:
    place.tags.filter(vocabulary__in=STANDARD_VOCABULARIES).delete()
    PlaceTag.objects.bulk_create(
        PlaceTag(place=place, vocabulary=vocabulary, value=value, position=position)
        for vocabulary, values in tags
        for position, value in enumerate(values)
    )


def place_to_standard(place: Place) -> standard.StandardPlace:
    """The standard's record for a place (the export's row, before formatting)."""
    tags = _tags_of(place)
    values = {name: getattr(place, name) for name in _SCALARS}
    for name in ("typologie", "courriels", "site_web", "autres_formations_labels"):
        values[name] = tuple(values[name])
    return standard.StandardPlace(
        id=place.source_id,
        commune=place.commune_nom,
        source=place.source,
        latitude=place.latitude if place.location_exact else None,
        longitude=place.longitude if place.location_exact else None,
        **values,
        **tags,
    )
