"""Text normalisation for search: accent-, case- and punctuation-insensitive."""

from __future__ import annotations

import re
import unicodedata

# Abbreviations people type for French place names ("st etienne", "ste maxime").
_ABBREVIATIONS = {"st": "saint", "ste": "sainte", "sts": "saints", "stes": "saintes"}
_SEPARATORS = re.compile(r"[^0-9a-z]+")
_LIGATURES = str.maketrans({"œ": "oe", "æ": "ae", "ß": "ss"})


def normalise_for_search(text: str) -> str:
    """Lower-case `text`, drop accents, turn punctuation into single spaces, expand st/ste.

    "Saint-Étienne", "SAINT ETIENNE" and "st étienne" all give "saint etienne".
    """
    lowered = unicodedata.normalize("NFKD", text.casefold().translate(_LIGATURES))
    without_accents = "".join(char for char in lowered if not unicodedata.combining(char))
    words = _SEPARATORS.sub(" ", without_accents).split()
    return " ".join(_ABBREVIATIONS.get(word, word) for word in words)
