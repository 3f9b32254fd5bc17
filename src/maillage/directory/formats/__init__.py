"""The file formats `import-places` reads, each turned into rows of the standard v1.0.2.

No Django here. A format knows its columns (to be recognised in `auto` mode) and converts
one row into the standard's v1 row (`|`-separated strings, as a v1 file would hold), plus
notes on what could not be carried over, and the hub's own place kinds it implies. The
standard's own checks (`standard.parse_v1`) then run on every row, whatever its origin, so a
rule is enforced in one place.

Formats: the standard v1 and v0, data·inclusion structures, and the producer files of the
PACA region (Région Sud census and its Aidants Connect Carto form, the ANCT France Services
list, the Ministère de la Culture public libraries, the Ville de Nice cyber-espaces, the
SUD LABS sheet of Hub du Sud).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from maillage.directory.standard import FieldIssue


@dataclass
class Converted:
    """One row in the standard v1's shape, and what the conversion had to say about it."""

    values: dict[str, str]
    notes: list[FieldIssue] = field(default_factory=list)
    hub_kinds: tuple[str, ...] = ()

    def note(self, name: str, value: str, rule: str) -> None:
        self.notes.append(FieldIssue(name, value, rule, "warning"))

    def set_french_hours(self, written: str, *, column: str, details: list[str]) -> None:
        """Opening hours written in French become `horaires` in OSM syntax; when they say
        more than days and hours, they stay readable as a line of `details` instead."""
        from maillage.directory.formats.hours import french_hours_to_osm

        if not written:
            return
        self.values["horaires"] = french_hours_to_osm(written) or ""
        if not self.values["horaires"]:
            self.note(
                column,
                written,
                "not only days and hours, cannot be written in OSM syntax; kept as text in "
                "presentation_detail",
            )
            details.append(f"Horaires : {written}")


@dataclass(frozen=True)
class SourceFormat:
    name: str
    title: str
    recognises: Callable[[set[str]], bool]
    convert: Callable[[Mapping[str, Any]], Converted]
    # Date of the published file, for rows that carry none (the standard requires one).
    published: dt.date | None = None
    # The producer writes no `source` per row: the file's name is used instead.
    needs_file_source: bool = False


def _registry() -> dict[str, SourceFormat]:
    from maillage.directory.formats import (
        bibliotheques,
        carto_inclusion,
        data_inclusion,
        france_services,
        nice_cyber_espaces,
        standard_v0,
        standard_v1,
        sudlabs,
    )

    formats = [
        standard_v1.FORMAT,
        data_inclusion.FORMAT,  # before v0: its structures share v0's `courriel`
        standard_v0.FORMAT,
        carto_inclusion.FORMAT,
        france_services.FORMAT,
        bibliotheques.FORMAT,
        nice_cyber_espaces.FORMAT,
        sudlabs.FORMAT,
    ]
    return {source_format.name: source_format for source_format in formats}


FORMATS = _registry()


def detect(columns: set[str]) -> SourceFormat | None:
    """The first format whose columns are those found in the whole file, or None."""
    for source_format in FORMATS.values():
        if source_format.recognises(columns):
            return source_format
    return None
