"""iCalendar answers of the pages: a file to download or to subscribe to."""

from __future__ import annotations

from django.http import HttpResponse


def ics_response(text: str, filename: str) -> HttpResponse:
    response = HttpResponse(text, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
