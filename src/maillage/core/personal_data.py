"""What each app holds about a person, for the download and the erasure of their data.

An app declares a section in its `personal_data.py` (found by `CoreConfig.ready`):

    personal_data_section(name="bookings", export=bookings_of, erase=bookings_forget)

`export(user)` returns JSON-ready data (lists, dicts, strings, numbers); `erase(user)` runs
inside the erasure's transaction, anonymises what statistics need, deletes the rest, and
returns how many records it changed. `expire(now)`, when given, anonymises what the app keeps
past its retention period (run daily by `maillage forget-expired`) and returns how many
records it changed. `accounts.services.person_data_export` and `person_erase` walk every
section.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class PersonalDataSection:
    name: str
    export: Callable[[Any], Any]
    erase: Callable[[Any], int]
    expire: Callable[[Any], int] | None = None


_sections: dict[str, PersonalDataSection] = {}


def personal_data_section(
    *,
    name: str,
    export: Callable[[Any], Any],
    erase: Callable[[Any], int],
    expire: Callable[[Any], int] | None = None,
) -> PersonalDataSection:
    section = PersonalDataSection(name=name, export=export, erase=erase, expire=expire)
    _sections[name] = section
    return section


def personal_data_sections() -> list[PersonalDataSection]:
    return [_sections[name] for name in sorted(_sections)]
