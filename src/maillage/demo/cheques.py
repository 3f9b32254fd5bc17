"""The demo's cheques (placeholder until the capability lands)."""

from __future__ import annotations

import datetime as dt


def build_cheques(*, today: dt.date) -> str:
    return "cheques: nothing yet"
