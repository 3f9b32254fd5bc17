"""The English catalogue: complete, compiled, loaded at runtime, and covering the templates."""

import re
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.utils import translation

import maillage

PACKAGE_DIR = Path(maillage.__file__).resolve().parent
LC_MESSAGES = Path(settings.LOCALE_PATHS[0]) / "en" / "LC_MESSAGES"
PO_PATH = LC_MESSAGES / "django.po"
MO_PATH = LC_MESSAGES / "django.mo"

# `{% translate "..." %}` (or the older `trans`) with a literal string, single or double quoted.
TRANSLATE_TAG = re.compile(
    r"""\{%\s*(?:translate|trans)\s+(?:"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)')"""
)
# makemessages doubles a lone `%` in template strings so that they are not read as placeholders.
LONE_PERCENT = re.compile(r"(?<!%)%(?!%)")
PLACEHOLDER = re.compile(r"%\([^)]+\)[sd]")


@pytest.fixture(scope="module")
def po():
    return polib.pofile(str(PO_PATH))


@pytest.fixture(scope="module")
def mo():
    return polib.mofile(str(MO_PATH))


def _live_entries(catalogue):
    return [entry for entry in catalogue if entry.msgid and not entry.obsolete]


def _as_mapping(entries):
    """(msgctxt, msgid) -> msgstr, or the sorted plural forms for a plural entry."""
    mapping = {}
    for entry in entries:
        key = (entry.msgctxt, entry.msgid, entry.msgid_plural or None)
        if entry.msgid_plural:
            mapping[key] = tuple(sorted((int(n), s) for n, s in entry.msgstr_plural.items()))
        else:
            mapping[key] = entry.msgstr
    return mapping


def test_header_declares_english_and_its_plural_forms(po):
    assert po.metadata.get("Language") == "en"
    assert po.metadata.get("Plural-Forms") == "nplurals=2; plural=(n != 1);"
    assert not po.metadata_is_fuzzy


def test_every_entry_is_translated_and_none_is_fuzzy(po):
    entries = _live_entries(po)
    assert entries, f"{PO_PATH} has no entries"
    fuzzy = [entry.msgid for entry in entries if "fuzzy" in entry.flags]
    assert not fuzzy, f"fuzzy entries: {fuzzy}"
    untranslated = []
    for entry in entries:
        if entry.msgid_plural:
            forms = entry.msgstr_plural
            if sorted(int(n) for n in forms) != [0, 1] or not all(
                s.strip() for s in forms.values()
            ):
                untranslated.append(entry.msgid)
        elif not entry.msgstr.strip():
            untranslated.append(entry.msgid)
    assert not untranslated, f"untranslated entries: {untranslated}"


def test_translations_keep_the_placeholders_of_their_msgid(po):
    wrong = []
    for entry in _live_entries(po):
        if entry.msgid_plural:
            expected = sorted(PLACEHOLDER.findall(entry.msgid_plural))
            translations = entry.msgstr_plural.values()
        else:
            expected = sorted(PLACEHOLDER.findall(entry.msgid))
            translations = [entry.msgstr]
        wrong += [
            (entry.msgid, text)
            for text in translations
            if sorted(PLACEHOLDER.findall(text)) != expected
        ]
    assert not wrong, f"placeholders differ from the msgid: {wrong}"


def test_compiled_catalogue_matches_the_po_file(po, mo):
    expected = _as_mapping(po.translated_entries())
    compiled = _as_mapping(entry for entry in mo if entry.msgid)
    missing = {key: value for key, value in expected.items() if compiled.get(key) != value}
    extra = {key: value for key, value in compiled.items() if key not in expected}
    hint = "run `make messages` (or compilemessages) and commit django.mo"
    assert not missing, f"django.mo is stale or lacks these entries ({hint}): {missing}"
    assert not extra, f"django.mo has entries the .po no longer has ({hint}): {extra}"


def test_catalogue_is_loaded_at_runtime():
    with translation.override("en"):
        assert translation.gettext("Accueil") == "Home"
        singular = "%(counter)s commune trouvée"
        plural = "%(counter)s communes trouvées (les plus proches du nom d'abord)"
        assert translation.ngettext(singular, plural, 1) == "%(counter)s commune found"
        assert translation.ngettext(singular, plural, 2).endswith(
            "communes found (closest names first)"
        )
    with translation.override("fr"):
        assert translation.gettext("Accueil") == "Accueil"


def _template_strings():
    found = {}
    for path in sorted(PACKAGE_DIR.rglob("*.html")):
        relative = path.relative_to(PACKAGE_DIR)
        if "templates" not in relative.parts:
            continue
        for match in TRANSLATE_TAG.finditer(path.read_text(encoding="utf-8")):
            text = match.group(1) if match.group(1) is not None else match.group(2)
            if "{{" in text or "{%" in text:
                continue
            found.setdefault(LONE_PERCENT.sub("%%", text), str(relative))
    return found


def test_every_translate_literal_of_the_templates_is_in_the_catalogue(po):
    strings = _template_strings()
    assert strings, "no {% translate %} literal found: is the regex or the template path wrong?"
    msgids = {entry.msgid for entry in _live_entries(po)}
    missing = {text: where for text, where in strings.items() if text not in msgids}
    assert not missing, f"not in {PO_PATH.name}, run `make messages`: {missing}"
