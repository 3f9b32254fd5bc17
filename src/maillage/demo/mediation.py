"""The demo's mediation (placeholder until the capability lands)."""

from __future__ import annotations

import datetime as dt


def build_mediation(*, today: dt.date) -> str:
    return "mediation: nothing yet"
