"""Pages of mediation records: the one-minute entry form, beneficiaries, statistics."""

from __future__ import annotations

from django.urls import path  # noqa: F401

urlpatterns: list = []
