"""Writes of the directory: importing places from files of the national standard."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from maillage.accounts.models import User
from maillage.core.services import activity_record
from maillage.core.text import normalise_for_search
from maillage.directory import standard
from maillage.directory.formats import FORMATS, SourceFormat
from maillage.directory.formats.common import UNKNOWN_DATE
from maillage.directory.models import Organisation, Place, PlaceTag
from maillage.directory.selectors import place_tags_by_id
from maillage.directory.sources import SourceRow
from maillage.directory.vocabulary import STANDARD_VOCABULARIES, Vocabulary, hub_kinds_implied
from maillage.territory.selectors import CommuneLocator

Progress = Callable[[str, int, int], None]
DEFAULT_SOURCE = "import"
BATCH_SIZE = 500


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
    undated: int = 0
    dry_run: bool = False

    @property
    def rejected_rows(self) -> int:
        return len({issue.line for issue in self.rejected})


class StrictImportError(Exception):
    """`strict` import met a bad row: nothing was written."""

    def __init__(self, issues: list[RowIssue]):
        self.issues = issues
        super().__init__(f"{issues[0]} (strict mode: nothing was written)")


@dataclass
class _PreparedPlace:
    source: str
    source_id: str
    values: dict
    tags: dict[str, tuple[str, ...]]
    hub_kinds: frozenset[str]


@dataclass(frozen=True)
class _ImportContext:
    source_format: SourceFormat
    source: str | None
    default_source: str
    date_maj: dt.date | None
    locator: CommuneLocator


def places_import(
    *,
    rows: Sequence[SourceRow],
    source_format: str = "standard-v1",
    source: str | None = None,
    default_source: str = DEFAULT_SOURCE,
    date_maj: dt.date | None = None,
    strict: bool = False,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> ImportReport:
    """Create or update places from rows of one of the `formats`, matched on (source, id).

    Each row is converted to the standard v1.0.2, then checked by the standard's rules. The
    source of a row is `source` if given, else the row's own, else `default_source` (the
    file's name, for producers that write none). Rows without a date get `date_maj`, else the
    date the format's file was published. Hub kinds found by an import are added to those
    the place had; an import never removes one (the hub curates them).

    Bad rows are reported (line, field, value, reason) and skipped; with `strict`, the first
    bad row stops everything and nothing is written. Everything happens in one transaction;
    `dry_run` rolls it back and only reports. Rows are written in batches, a few queries each.
    """
    step = progress or (lambda _step, _done, _total: None)
    report = ImportReport(dry_run=dry_run)
    with transaction.atomic():
        context = _ImportContext(
            source_format=FORMATS[source_format],
            source=source,
            default_source=default_source,
            date_maj=date_maj or FORMATS[source_format].published,
            locator=CommuneLocator(),
        )
        seen: dict[tuple[str, str], int] = {}
        for start in range(0, len(rows), BATCH_SIZE):
            batch = []
            for row in rows[start : start + BATCH_SIZE]:
                prepared = _prepare_row(row, context, seen, report)
                if strict and report.rejected:
                    raise StrictImportError(report.rejected)
                if prepared is not None:
                    batch.append(prepared)
            _write_batch(batch, report)
            step("import places", min(start + BATCH_SIZE, len(rows)), len(rows))
        activity_record(
            verb="places.imported",
            data={
                "format": source_format,
                "source": source or default_source,
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


def _prepare_row(
    row: SourceRow,
    context: _ImportContext,
    seen: dict[tuple[str, str], int],
    report: ImportReport,
) -> _PreparedPlace | None:
    """Convert and check one row, and turn it into the Place fields and tags it stands for."""
    if "__invalid__" in row.values:
        report.rejected.append(
            RowIssue(row.line, "(row)", str(row.values["__invalid__"])[:60], "not a record")
        )
        return None
    converted = context.source_format.convert(row.values)
    if not converted.values.get("date_maj"):
        converted.values["date_maj"] = (context.date_maj or UNKNOWN_DATE).isoformat()
        report.undated += context.date_maj is None
    parsed = standard.parse_v1(converted.values)
    for issue in (*converted.notes, *parsed.warnings):
        report.warnings.append(RowIssue(row.line, issue.field, issue.value, issue.rule))
    if parsed.place is None:
        report.rejected += [RowIssue(row.line, i.field, i.value, i.rule) for i in parsed.errors]
        return None
    record = parsed.place
    locator = context.locator
    source = context.source or record.source or context.default_source
    # An export writes "source/id" for ids that two sources share (the standard's `id` is
    # the file's primary key); reading it back gives the place its own id again.
    own_id = record.id.removeprefix(f"{source}/") if record.source == source else record.id
    key = (source, own_id)
    if key in seen:
        report.rejected.append(
            RowIssue(row.line, "id", record.id, f"already on line {seen[key]} of this file")
        )
        return None
    seen[key] = row.line
    commune_code = locator.locate(
        code_insee=record.code_insee,
        code_postal=record.code_postal,
        nom=record.commune,
        latitude=record.latitude,
        longitude=record.longitude,
    )
    # Exact only when the file gave coordinates; else the town hall stands in, or nothing.
    latitude, longitude, exact = record.latitude, record.longitude, record.latitude is not None
    if latitude is None and commune_code is not None:
        latitude, longitude = locator.point_of(commune_code)
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
    values = {name: getattr(record, name) for name in Place.STANDARD_FIELDS}
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
    tags = {vocabulary: getattr(record, vocabulary) for vocabulary in STANDARD_VOCABULARIES}
    hub_kinds = frozenset(converted.hub_kinds) | set(
        hub_kinds_implied(
            typologie=record.typologie,
            programmes=record.dispositif_programmes_nationaux,
            source=record.source or key[0],
        )
    )
    return _PreparedPlace(
        source=key[0], source_id=key[1], values=values, tags=tags, hub_kinds=hub_kinds
    )


def _write_batch(batch: list[_PreparedPlace], report: ImportReport) -> None:
    """Create, update or leave each prepared place, with one query per kind of work."""
    if not batch:
        return
    keys = Q()
    for source in {prepared.source for prepared in batch}:
        keys |= Q(source=source, source_id__in=[p.source_id for p in batch if p.source == source])
    existing = {(place.source, place.source_id): place for place in Place.objects.filter(keys)}
    current_tags = place_tags_by_id([place.pk for place in existing.values()])

    to_create, to_update, new_kinds = [], [], []
    now = timezone.now()
    for prepared in batch:
        place = existing.get((prepared.source, prepared.source_id))
        if place is None:
            place = Place(source=prepared.source, source_id=prepared.source_id, **prepared.values)
            to_create.append((place, prepared))
            new_kinds += [
                (place, kind, position) for position, kind in enumerate(sorted(prepared.hub_kinds))
            ]
            continue
        tags = current_tags.get(place.pk, {})
        known_kinds = tags.get(Vocabulary.HUB_KIND.value, ())
        missing_kinds = sorted(prepared.hub_kinds - set(known_kinds))
        new_kinds += [
            (place, kind, len(known_kinds) + offset) for offset, kind in enumerate(missing_kinds)
        ]
        same_values = all(getattr(place, name) == value for name, value in prepared.values.items())
        same_tags = all(tags.get(v, ()) == values for v, values in prepared.tags.items())
        if same_values and same_tags:
            if not missing_kinds:
                report.unchanged += 1
            else:
                report.updated += 1
            continue
        for name, value in prepared.values.items():
            setattr(place, name, value)
        place.updated_at = now  # bulk_update leaves auto_now fields alone
        to_update.append((place, prepared))
        report.updated += 1

    Place.objects.bulk_create([place for place, _prepared in to_create])
    if to_update:
        Place.objects.bulk_update(
            [place for place, _prepared in to_update], [*to_update[0][1].values, "updated_at"]
        )
        PlaceTag.objects.filter(
            place__in=[place for place, _prepared in to_update],
            vocabulary__in=STANDARD_VOCABULARIES,
        ).delete()
    PlaceTag.objects.bulk_create(
        [
            PlaceTag(place=place, vocabulary=vocabulary, value=value, position=position)
            for place, prepared in (*to_create, *to_update)
            for vocabulary, values in prepared.tags.items()
            for position, value in enumerate(values)
        ]
        + [
            PlaceTag(place=place, vocabulary=Vocabulary.HUB_KIND, value=kind, position=position)
            for place, kind, position in new_kinds
        ]
    )
    report.created += len(to_create)


def place_save(*, place: Place, actor: User | None = None) -> Place:
    """Create or update one place edited by a person (the admin): its search text follows
    its name, commune and summary, and the activity log says who changed what."""
    creating = place.pk is None
    place.search_text = normalise_for_search(
        " ".join((place.nom, place.commune_nom, place.presentation_resume))
    )
    with transaction.atomic():
        place.full_clean()
        place.save()
        activity_record(
            verb="place.created" if creating else "place.updated",
            actor=actor,
            target=place,
            data={"nom": place.nom, "source": place.source, "source_id": place.source_id},
        )
    return place


@transaction.atomic
def place_managers_set(
    *, place: Place, managers: Iterable[User], actor: User | None = None
) -> Place:
    """Say who manages a place: they run its resources, bookings and cheques."""
    wanted = {user.pk for user in managers}
    before = set(place.managers.values_list("pk", flat=True))
    if wanted != before:
        place.managers.set(wanted)
        activity_record(
            verb="place.managers_changed",
            actor=actor,
            target=place,
            data={"added": sorted(wanted - before), "removed": sorted(before - wanted)},
        )
    return place


def organisation_save(*, organisation: Organisation, actor: User | None = None) -> Organisation:
    """Create or update one organisation; its normalised name follows its name."""
    creating = organisation.pk is None
    organisation.search_name = normalise_for_search(organisation.name)
    with transaction.atomic():
        organisation.full_clean()
        organisation.save()
        activity_record(
            verb="organisation.created" if creating else "organisation.updated",
            actor=actor,
            target=organisation,
            data={"name": organisation.name, "kind": organisation.kind},
        )
    return organisation


@transaction.atomic
def organisation_set_listed(
    *, organisation: Organisation, listed: bool, actor: User | None = None
) -> Organisation:
    """Show the organisation in the public directory of actors, or hide it (one created by
    an application for membership waits there for its admission)."""
    if organisation.listed != listed:
        organisation.listed = listed
        organisation.save(update_fields=["listed", "updated_at"])
        activity_record(
            verb="organisation.listing_changed",
            actor=actor,
            target=organisation,
            data={"listed": listed},
        )
    return organisation


def place_curate(
    *,
    place: Place,
    operator: Organisation | None = None,
    hub_kinds: Sequence[str] = (),
    is_demo: bool | None = None,
    actor: User | None = None,
) -> Place:
    """What the hub knows of a place beyond its source: who runs it, its hub kinds (added
    to those it has), whether it is demo data. Writes nothing when nothing changes."""
    with transaction.atomic():
        changed = []
        if operator is not None and place.operator_id != operator.pk:
            place.operator = operator
            changed.append("operator")
        if is_demo is not None and place.is_demo != is_demo:
            place.is_demo = is_demo
            changed.append("is_demo")
        if changed:
            place.save(update_fields=[*changed, "updated_at"])
        known = list(
            place.tags.filter(vocabulary=Vocabulary.HUB_KIND).values_list("value", flat=True)
        )
        added = [kind for kind in dict.fromkeys(hub_kinds) if kind not in known]
        PlaceTag.objects.bulk_create(
            PlaceTag(place=place, vocabulary=Vocabulary.HUB_KIND, value=kind, position=position)
            for position, kind in enumerate(added, start=len(known))
        )
        if changed or added:
            activity_record(
                verb="place.curated",
                actor=actor,
                target=place,
                data={"changed": changed, "hub_kinds_added": added},
            )
    return place
