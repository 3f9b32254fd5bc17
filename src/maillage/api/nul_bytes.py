"""NUL bytes never reach the database through the API.

PostgreSQL refuses a text holding U+0000 (an error, so a 500) and SQLite stores it, so the
same request would answer differently on the two databases. The site's forms already refuse
it (Django's `ProhibitNullCharactersValidator`); this middleware refuses it for every API
call, in the query, the path or anywhere in a JSON body, with a 422 naming the field.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse

API_PREFIX = "/api/"
NUL = "\x00"
RULE = "must not contain NUL bytes (U+0000)"


def _nul_paths(value: Any, path: tuple[str | int, ...] = ()) -> Iterator[tuple[str | int, ...]]:
    if isinstance(value, str):
        if NUL in value:
            yield path
    elif isinstance(value, dict):
        for key, item in value.items():
            if NUL in str(key):
                yield (*path, str(key))
            yield from _nul_paths(item, (*path, str(key)))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _nul_paths(item, (*path, index))


def _problems(request: HttpRequest) -> list[dict[str, Any]]:
    problems = []
    if NUL in request.path:
        problems.append({"loc": ["path"], "field": "path"})
    for name, values in request.GET.lists():
        if NUL in name or any(NUL in value for value in values):
            problems.append({"loc": ["query", name], "field": name})
    raw = request.body
    if b"\x00" in raw or b"\\u0000" in raw.lower():
        try:
            body = json.loads(raw)
        except (ValueError, UnicodeDecodeError):
            body = None  # not JSON: the endpoint answers 400 itself
        if body is None and b"\x00" in raw:
            problems.append({"loc": ["body"], "field": "body"})
        for path in _nul_paths(body):
            field = ".".join(str(part) for part in path) or "body"
            problems.append({"loc": ["body", *path], "field": field})
    return [{**problem, "msg": RULE, "type": "nul_byte"} for problem in problems]


class RefuseNulBytesMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path.startswith(API_PREFIX):
            problems = _problems(request)
            if problems:
                return JsonResponse({"detail": problems}, status=422)
        return self.get_response(request)
