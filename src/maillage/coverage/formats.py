"""A coverage study written out: JSON (everything), CSV (one row per commune) or GeoJSON
(communes as points coloured by distance, recommended sites, white zones)."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import asdict

from maillage.core.cells import neutralise_formula
from maillage.coverage.study import CoverageStudy

CSV_COLUMNS = (
    "code", "nom", "departement", "epci", "population", "nearest_km", "nearest_place",
    "covered", "new_site",
)  # fmt: skip


def study_as_dict(study: CoverageStudy) -> dict:
    data = asdict(study)
    data["pct_covered"] = study.pct_covered
    data["white_zones"] = [row.code for row in study.white_zones]
    return data


def study_json(study: CoverageStudy) -> str:
    return json.dumps(study_as_dict(study), ensure_ascii=False, indent=1)


def study_csv(study: CoverageStudy) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(
        buffer, fieldnames=CSV_COLUMNS, extrasaction="ignore", lineterminator="\n"
    )
    writer.writeheader()
    for row in study.communes:
        values = asdict(row)
        values["covered"] = "1" if row.covered else "0"
        writer.writerow({name: _csv_cell(values[name]) for name in CSV_COLUMNS})
    return buffer.getvalue()


def _csv_cell(value) -> str | int | float:
    # Names come from files we do not write: whatever they hold, none is read as a formula.
    if value is None:
        return ""
    return neutralise_formula(value) if isinstance(value, str) else value


def study_geojson(study: CoverageStudy) -> str:
    features = [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [row.longitude, row.latitude]},
            "properties": {
                "kind": "commune",
                "code": row.code,
                "nom": row.nom,
                "population": row.population,
                "nearest_km": row.nearest_km,
                "covered": row.covered,
                "new_site": row.new_site,
            },
        }
        for row in study.communes
    ] + [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [site.longitude, site.latitude]},
            "properties": {
                "kind": "recommended_site",
                "rank": site.rank,
                "code": site.code,
                "nom": site.nom,
                "added_population": site.added_population,
                "added_communes": site.added_communes,
            },
        }
        for site in study.recommended_sites
    ]
    return json.dumps(
        {
            "type": "FeatureCollection",
            "features": features,
            "properties": {
                "area": study.area_label,
                "radius_km": study.request.radius_km,
                "population_total": study.population_total,
                "population_covered": study.population_covered,
                "pct_covered": study.pct_covered,
                "pct_covered_after": study.pct_covered_after,
                "upper_bound": study.upper_bound,
                "gap_pct": study.gap_pct,
            },
        },
        ensure_ascii=False,
    )


WRITERS = {"json": study_json, "csv": study_csv, "geojson": study_geojson}
