"""The templates hold nothing the Content-Security-Policy refuses: no inline script (a JSON data
island is not run, and is allowed), no style attribute or element, no event-handler attribute.
The browser tests catch what a page does at run time; this catches a template no browser test
opens."""

import re
from pathlib import Path

import pytest

from tests.conftest import REPO_ROOT

TEMPLATES = REPO_ROOT / "src/maillage/web/templates"
# The 500 page's <style> is allowed by its hash (tests/core/test_content_security_policy.py).
STYLE_ELEMENT_ALLOWED = {Path("pages/500.html")}

SCRIPT = re.compile(r"<script\b([^>]*)>", re.I)
STYLE_ATTRIBUTE = re.compile(r"""\sstyle\s*=\s*["']""", re.I)
STYLE_ELEMENT = re.compile(r"<style\b", re.I)
EVENT_HANDLER = re.compile(r"""\son[a-z]+\s*=\s*["']""", re.I)


def templates() -> list[Path]:
    return sorted(path.relative_to(TEMPLATES) for path in TEMPLATES.rglob("*.html"))


def refused_by_the_policy(name: Path, text: str) -> list[str]:
    found = []
    for attributes in SCRIPT.findall(text):
        if "src=" not in attributes and "application/json" not in attributes:
            found.append(f"inline <script{attributes}>")
    found += [f"style attribute: {m.group(0).strip()}…" for m in STYLE_ATTRIBUTE.finditer(text)]
    if name not in STYLE_ELEMENT_ALLOWED:
        found += ["<style> element" for _ in STYLE_ELEMENT.finditer(text)]
    found += [f"event handler: {m.group(0).strip()}…" for m in EVENT_HANDLER.finditer(text)]
    return found


@pytest.mark.parametrize("name", templates(), ids=str)
def test_a_template_holds_nothing_the_policy_refuses(name):
    assert refused_by_the_policy(name, (TEMPLATES / name).read_text()) == []


def test_the_check_finds_what_the_policy_refuses():
    page = Path("pages/example.html")
    assert refused_by_the_policy(
        page,
        '<script>alert(1)</script><script src="/static/a.js"></script>'
        '<script type="application/json" id="d">{}</script>'
        '<span style="width: 3%"></span><style>p{}</style>'
        '<form onsubmit="return confirm()"></form><svg width="3%"></svg>',
    ) == [
        "inline <script>",
        'style attribute: style="…',
        "<style> element",
        'event handler: onsubmit="…',
    ]
