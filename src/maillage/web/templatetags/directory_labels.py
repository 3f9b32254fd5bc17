"""Filters for showing directory records: `{{ code|hub_kind_label }}` (the French label of a
hub place kind) and `{{ name|readable_name }}` (a name a source wrote in capitals)."""

import re

from django import template

from maillage.directory.vocabulary import HUB_KINDS

register = template.Library()

_LABELS = dict(HUB_KINDS)
# Lower-case inside a name, as the French spelling of communes has them.
_SMALL_WORDS = {
    "de",
    "du",
    "des",
    "la",
    "le",
    "les",
    "sur",
    "sous",
    "en",
    "et",
    "aux",
    "au",
    "d",
    "l",
}


@register.filter
def hub_kind_label(code: str) -> str:
    # An unknown code is shown as it is rather than hidden: the database refuses them anyway.
    return str(_LABELS.get(code, code))


@register.filter
def readable_name(name: str) -> str:
    """ "L'ISLE-SUR-LA-SORGUE" → "L'Isle-sur-la-Sorgue"; a name in mixed case is kept, since
    its capitals were chosen."""
    if not name or name != name.upper():
        return name

    def word(match: re.Match[str]) -> str:
        text = match.group(0).lower()
        if match.start() > 0 and text in _SMALL_WORDS:
            return text
        return text[:1].upper() + text[1:]

    return re.sub(r"[^\s\-'’]+", word, name)
