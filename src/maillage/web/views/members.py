"""Pages of the cooperative: member directory, member pages, the coordinator's dashboard, funding mix, exports and receipts."""

from __future__ import annotations

from django.urls import path  # noqa: F401

urlpatterns: list = []
