"""The standard v1.0.2 itself: rows go through as they are."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from maillage.directory import standard
from maillage.directory.formats import Converted, SourceFormat
from maillage.directory.formats.common import text


def recognises(columns: set[str]) -> bool:
    """Every required column; v0-only columns without any v1-only one mean v0 (some v1
    exports keep the v0 `labels_nationaux` and `publics_accueillis` as leftovers)."""
    if columns & standard.V0_ONLY and not columns & standard.V1_ONLY:
        return False
    return columns >= standard.REQUIRED


def convert(row: Mapping[str, Any]) -> Converted:
    return Converted(values={name: text(row.get(name)) for name in standard.COLUMNS})


FORMAT = SourceFormat(
    name="standard-v1",
    title="Standard des lieux de médiation numérique v1.0.2",
    recognises=recognises,
    convert=convert,
)
