"""Opening hours written in French by people ("Lundi au vendredi 9h-12h/14h-18h; samedi
9h-12h") turned into the OpenStreetMap `opening_hours` syntax the standard requires.

No Django here. The reading is deliberately narrow: days (names, ranges "lundi au
vendredi", lists "mardi, mercredi et vendredi", "tous les jours") followed by time ranges
("9h-12h", "9h30 à 12h", "09:00 - 12:00", several joined by "/", "et" or ","). Any other word
("sur rendez-vous", "premier jeudi du mois", "sauf") means the text says more than days and
hours: `french_hours_to_osm` then returns None and the caller keeps the text for people.
"""

from __future__ import annotations

import itertools
import re
import unicodedata

DAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
OSM_DAYS = ("Mo", "Tu", "We", "Th", "Fr", "Sa", "Su")
_DAY_WORDS = {
    **{name: index for index, name in enumerate(DAYS)},
    **{name[:3]: index for index, name in enumerate(DAYS)},
}
_TOKEN = re.compile(
    r"(?P<time>\d{1,2}(?:\s*(?:h|:)\s*(?:\d{2})?)?)"
    r"|(?P<word>[a-z]+)\.?"
    r"|(?P<dash>[-–—])"
    r"|(?P<separator>[/,;|:&+\n])"
    r"|(?P<space>\s+)"
)
_FILLERS = frozenset({"les", "le", "du", "de", "d", "et", "h", "inclus"})
_RANGE_WORDS = frozenset({"au", "a"})

Schedule = dict[int, list[tuple[int, int]]]  # day index → [(start, end) minutes]


def _normalise(text: str) -> str:
    lowered = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(char for char in lowered if not unicodedata.combining(char))
    plain = plain.replace("tous les jours", "lundi au dimanche")
    return re.sub(r"\b(\d{1,2})\s*h\s*(\d{2})\b", r"\1h\2", plain)


def _minutes(token: str) -> int | None:
    hours, _separator, minutes = (*re.split(r"\s*(h|:)\s*", token.strip(), maxsplit=1), "", "")[:3]
    value = int(hours) * 60 + (int(minutes) if minutes else 0)
    if int(hours) > 24 or (minutes and int(minutes) > 59) or value > 24 * 60:
        return None
    return value


def read_french_hours(text: str) -> Schedule | None:
    """The weekly schedule `text` describes, or None if it says anything else."""
    schedule: Schedule = {}
    days: list[int] = []
    ranges: list[tuple[int, int]] = []
    start: int | None = None
    previous = ""  # kind of the previous meaningful token: day, time, to
    to_pending = False

    def close_rule() -> bool:
        if not days or not ranges:
            return False
        for day in days:
            schedule.setdefault(day, []).extend(ranges)
        return True

    position = 0
    text = _normalise(text)
    while position < len(text):
        match = _TOKEN.match(text, position)
        if match is None:
            return None
        position = match.end()
        kind = match.lastgroup
        value = match.group(kind)
        if kind == "space":
            continue
        day = _DAY_WORDS.get(value, _DAY_WORDS.get(value.rstrip("s"))) if kind == "word" else None
        if day is not None:
            if ranges:
                if start is not None or not close_rule():
                    return None
                days, ranges = [], []
            if to_pending and previous == "day" and days:
                first = days[-1]
                if day <= first:
                    return None
                days.extend(range(first + 1, day + 1))
            else:
                days.append(day)
            previous, to_pending = "day", False
        elif kind == "time":
            minutes = _minutes(value)
            if minutes is None or not days:
                return None
            if start is None:
                if previous == "time" and not to_pending:
                    return None
                start, previous = minutes, "time"
            else:
                if not to_pending or minutes <= start:
                    return None
                ranges.append((start, minutes))
                start, previous = None, "range"
            to_pending = False
        elif kind == "dash" or (kind == "word" and value in _RANGE_WORDS):
            if previous not in {"day", "time"}:
                return None
            to_pending = True
        elif kind == "separator" or (kind == "word" and value in _FILLERS):
            if start is not None or to_pending:
                return None
        else:
            return None
    if start is not None or to_pending or not close_rule():
        return None
    return {day: sorted(set(found)) for day, found in schedule.items()}


def _clock(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _day_runs(days: list[int]) -> str:
    """ "Mo-We,Fr" for days 0, 1, 2, 4."""
    runs: list[list[int]] = []
    for day in sorted(days):
        if runs and day == runs[-1][-1] + 1:
            runs[-1].append(day)
        else:
            runs.append([day])
    return ",".join(
        OSM_DAYS[run[0]] if len(run) == 1 else f"{OSM_DAYS[run[0]]}-{OSM_DAYS[run[-1]]}"
        for run in runs
    )


def schedule_to_osm(schedule: Schedule) -> str:
    """The OSM expression of a weekly schedule: days with the same hours grouped."""
    by_hours: dict[tuple[tuple[int, int], ...], list[int]] = {}
    for day in sorted(schedule):
        by_hours.setdefault(tuple(schedule[day]), []).append(day)
    rules = sorted(by_hours.items(), key=lambda item: min(item[1]))
    return "; ".join(
        f"{_day_runs(days)} {','.join(f'{_clock(a)}-{_clock(b)}' for a, b in hours)}"
        for hours, days in rules
    )


def french_hours_to_osm(text: str) -> str | None:
    """`text` in OSM syntax, or None when it is not only days and hours."""
    if not text.strip():
        return None
    schedule = read_french_hours(text)
    if not schedule or any(_overlaps(ranges) for ranges in schedule.values()):
        return None
    return schedule_to_osm(schedule)


def _overlaps(ranges: list[tuple[int, int]]) -> bool:
    return any(later[0] < earlier[1] for earlier, later in itertools.pairwise(ranges))
