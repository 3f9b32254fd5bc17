"""The demo's accompaniment (placeholder until the capability lands)."""

from __future__ import annotations

import datetime as dt


def build_accompaniment(*, today: dt.date) -> str:
    return "accompaniment: nothing yet"
