"""The demo's diagnostic (placeholder until the capability lands)."""

from __future__ import annotations

import datetime as dt


def build_diagnostic(*, today: dt.date) -> str:
    return "diagnostic: nothing yet"
