"""Ranked matches between needs, offers and organisations (capability 8, issue 15).

Pure: no Django. Frozen dataclasses in (`Candidate`, `Query`), frozen dataclasses out
(`Match` and its reasons); the app's selectors turn posts and organisations into candidates
and build a `MatchIndex` once, then ask it for the matches of one post at a time.

Who matches whom. A *need*'s matches are the open *offers* and the *organisations*; an
*offer*'s matches are the open *needs* and the *organisations* (an organisation may have the
need without having posted it). A candidate never appears when it is closed (`active` false),
expired (`expires_on` before `today`: a post is open through its expiry date), of the query's
own organisation, or the query itself; nor when it shares nothing with the query: at least
one theme in common or one word in common (after folding, stop words and stemming). Distance,
kinds and past work only rank what is already relevant; they never make a match alone.

Area. Each side has an `Area`: the whole territory (admits anybody), a département (admits
who is located in it), a radius around the side's own location (admits who is located within
it), or remote. A pair is kept when either side is remote (the work can be done at a
distance, so no area restricts it), else when each side's area admits the other. A side
without a location is never admitted by a radius, a side without a département never by a
département. Organisations usually have the whole territory as area.

Score, in [0, 1]: the weighted sum of
    themes     shared / sqrt(|query themes| × |candidate themes|)  (cosine of the two sets)
    text       cosine of the TF-IDF vectors of title (counted twice) and text
    distance   exp(-km / DISTANCE_SCALE_KM), 0 when either location is unknown
    post kind  1 when both are posts of the same kind (subcontracting ↔ subcontracting)
    kinds      1 when (need side's organisation kind, offer side's) is in COMPLEMENTARY_KINDS
    worked     1 when the two organisations already worked together (either side says so)
clipped to [0, 1] and rounded to SCORE_DIGITS digits, so that ties are exact and broken by
key (ascending). Each reason of a `Match` carries its contribution (weight × component).

Text. Lower-cased, accents and punctuation folded (`core.text.normalise_for_search`), words of
one character and French stop words (`STOP_WORDS`) dropped, plural -s/-x stripped from words
longer than three letters (not -ss). Term weight (1 + ln tf) × idf, idf = ln((1 + n) /
(1 + df)) + 1 over the n candidates indexed, rows L2-normalised. A query word unknown to the
index keeps its weight (df = 0) in the query's norm: it matches nothing, and it makes the
share of the query that is matched smaller. Themes are folded the same way, so
"Cybersécurité" and "cybersecurite" are one theme.

`brute_force_matches` scores every candidate one by one in plain Python: the baseline of the
benchmark and the oracle of the tests; both give the same keys, order and scores (to 1e-9).
"""

from __future__ import annotations

import functools
import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

import numpy as np
from scipy import sparse

from maillage.core.geo import haversine_km
from maillage.core.text import normalise_for_search

# What a candidate is.
POST = "post"
ORGANISATION = "organisation"
CANDIDATE_KINDS = (POST, ORGANISATION)

# A post's direction: "je cherche" / "je propose".
NEED = "need"
OFFER = "offer"
DIRECTIONS = (NEED, OFFER)

# Kinds of post (issue 15, item 1).
SKILL = "skill"  # skill or service
SUBCONTRACTING = "subcontracting"
PARTNERSHIP = "partnership"
EQUIPMENT = "equipment"  # equipment or space
RECRUITMENT = "recruitment"  # recruitment or internship
FUNDING = "funding"  # funding or call for partners
RND = "rnd"  # R&D or test
POST_KINDS = (SKILL, SUBCONTRACTING, PARTNERSHIP, EQUIPMENT, RECRUITMENT, FUNDING, RND)

# Kinds of area.
AREA_TERRITORY = "territory"  # the hub's whole territory
AREA_DEPARTEMENT = "departement"
AREA_RADIUS = "radius"  # a commune (the side's location) and a radius
AREA_REMOTE = "remote"  # can be done at a distance
AREA_KINDS = (AREA_TERRITORY, AREA_DEPARTEMENT, AREA_RADIUS, AREA_REMOTE)

# Kinds of organisation: the values of `directory.Organisation.Kind`. Any other string is
# accepted and simply never complementary.
DIGITAL_COMPANY = "digital_company"
INDUSTRY = "industry"
ARTISAN = "artisan"
LOCAL_AUTHORITY = "local_authority"
ASSOCIATION = "association"
TRAINING_RESEARCH = "training_research"
PUBLIC_SERVICE = "public_service"
TIERS_LIEU_OPERATOR = "tiers_lieu_operator"

# (kind of the organisation that needs, kind of the one that offers) worth a bonus: the
# connections the seeds exist for. Seed 000 federates industry and crafts with digital
# companies and opens fablabs and a shared R&D cell to them; seed 003 brings industrialists
# and digital companies together both ways ("beaucoup à apprendre mutuellement"); seed 004
# makes associations and local authorities work with digital companies.
COMPLEMENTARY_KINDS: frozenset[tuple[str, str]] = frozenset(
    {
        (INDUSTRY, DIGITAL_COMPANY),
        (DIGITAL_COMPANY, INDUSTRY),
        (ARTISAN, DIGITAL_COMPANY),
        (INDUSTRY, TIERS_LIEU_OPERATOR),
        (ARTISAN, TIERS_LIEU_OPERATOR),
        (INDUSTRY, TRAINING_RESEARCH),
        (DIGITAL_COMPANY, TRAINING_RESEARCH),
        (ASSOCIATION, DIGITAL_COMPANY),
        (LOCAL_AUTHORITY, DIGITAL_COMPANY),
    }
)

# Weights, summing to 1. Themes come from the hub's own edited vocabulary: the strongest
# signal, but coarse; free text catches what themes miss (a machine, a software) and is as
# strong. Distance matters to a territorial hub (people meet) but never says *what*; it only
# ranks among relevant answers. Same kind of post, complementary kinds of organisation and a
# past collaboration are hints worth showing; small bonuses so they reorder near-equals
# without lifting an off-topic answer over an on-topic one.
WEIGHT_THEMES = 0.35
WEIGHT_TEXT = 0.35
WEIGHT_DISTANCE = 0.15
WEIGHT_SAME_POST_KIND = 0.05
WEIGHT_COMPLEMENTARY = 0.05
WEIGHT_WORKED_TOGETHER = 0.05

# 5 km keeps 82 % of the distance weight, 25 km 37 %, 75 km 5 %: a département is ~60-100 km.
DISTANCE_SCALE_KM = 25.0
# The title says what is sought in a few words: its words count twice.
TITLE_REPEAT = 2
SIMILAR_WORDS_SHOWN = 3
# Scores are rounded so that mathematically equal scores are equal floats, whatever the order
# of the sums that computed them (index and brute force), and ties go to the key.
SCORE_DIGITS = 12

# Common French words, folded (lower case, no accents): they say nothing about a subject.
_STOP_WORDS_TEXT = """
    afin ai aie ainsi alors apres as au aucun aucune aupres auquel aussi autre autres aux
    avaient avais avait avant avec avez aviez avoir avons ayant bien ca car ce ceci cela celle
    celles celui cependant certain certaine certaines certains ces cet cette ceux chaque chez
    ci comme comment contre dans de depuis des deux dont donc du elle elles en encore entre
    est et etaient etais etait etant ete etes etre eu eux fait faire fois ici il ils je jusqu
    jusque la laquelle le lequel les lesquelles lesquels leur leurs lors lorsque lui ma mais
    me meme memes mes moi moins mon ne ni non nos notre nous on ont ou par parce pas pendant
    peu peut peuvent plus plusieurs pour pourquoi puis qu quand que quel quelle quelles quels
    qui quoi sa sans se selon ses si sien soi soit son sont sous souvent sur ta tandis te tel
    telle telles tels tes toi ton tous tout toute toutes tres trop tu un une vers via voici
    voila vos votre vous ya sommes suis sera seront serait etc
"""
STOP_WORDS: frozenset[str] = frozenset(_STOP_WORDS_TEXT.split())


# --- Inputs ---------------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class Area:
    """Where a side looks for the other. `radius_km` only for AREA_RADIUS (around the side's
    own location), `departement` (its code) only for AREA_DEPARTEMENT."""

    kind: str = AREA_TERRITORY
    radius_km: float | None = None
    departement: str | None = None

    def __post_init__(self) -> None:
        if self.kind not in AREA_KINDS:
            raise ValueError(f"unknown area kind {self.kind!r}")
        if self.kind == AREA_RADIUS:
            if self.radius_km is None or not math.isfinite(self.radius_km) or self.radius_km < 0:
                raise ValueError("a radius area needs a finite radius_km >= 0")
        elif self.radius_km is not None:
            raise ValueError("radius_km is only for a radius area")
        if self.kind == AREA_DEPARTEMENT:
            if not self.departement:
                raise ValueError("a departement area needs its departement")
        elif self.departement is not None:
            raise ValueError("departement is only for a departement area")


TERRITORY = Area()
REMOTE = Area(kind=AREA_REMOTE)


@dataclass(frozen=True, kw_only=True)
class Candidate:
    """A post (need or offer) or an organisation that could answer a query.

    `key` is unique, e.g. "offer:12", "need:3", "organisation:7". For an organisation, `text`
    holds its description, sectors and skills; `organisation` is its own key (filled in when
    left out); `direction` and `post_kind` stay None. `location` is (latitude, longitude) in
    degrees, `departement` the code of the département it lies in. `worked_with` holds the
    keys of the organisations the candidate's organisation already worked with (past
    introductions, accompaniments). Themes and `worked_with` accept any iterable of strings.
    """

    key: str
    kind: str
    title: str
    text: str = ""
    themes: frozenset[str] = frozenset()
    post_kind: str | None = None
    direction: str | None = None
    location: tuple[float, float] | None = None
    departement: str | None = None
    area: Area = TERRITORY
    organisation: str | None = None
    organisation_kind: str | None = None
    active: bool = True
    expires_on: date | None = None
    worked_with: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        if not self.key:
            raise ValueError("a candidate needs a key")
        if self.kind not in CANDIDATE_KINDS:
            raise ValueError(f"unknown candidate kind {self.kind!r}")
        object.__setattr__(self, "themes", frozenset(self.themes))
        object.__setattr__(self, "worked_with", frozenset(self.worked_with))
        if self.kind == POST:
            if self.direction not in DIRECTIONS:
                raise ValueError(f"{self.key}: a post's direction is need or offer")
            if self.post_kind not in POST_KINDS:
                raise ValueError(f"{self.key}: unknown post kind {self.post_kind!r}")
        else:
            if self.direction is not None or self.post_kind is not None:
                raise ValueError(f"{self.key}: an organisation has no direction nor post kind")
            if self.organisation is None:
                object.__setattr__(self, "organisation", self.key)
            elif self.organisation != self.key:
                raise ValueError(f"{self.key}: an organisation's organisation is itself")
        if self.location is not None:
            latitude, longitude = (float(value) for value in self.location)
            if not (math.isfinite(latitude) and math.isfinite(longitude)):
                raise ValueError(f"{self.key}: coordinates must be finite")
            if abs(latitude) > 90 or abs(longitude) > 180:
                raise ValueError(f"{self.key}: latitude in [-90, 90], longitude in [-180, 180]")
            object.__setattr__(self, "location", (latitude, longitude))
        if self.area.kind == AREA_RADIUS and self.location is None:
            raise ValueError(f"{self.key}: a radius area needs the candidate's location")

    def is_open(self, today: date) -> bool:
        """Active and not expired: a post is open through its expiry date."""
        return self.active and (self.expires_on is None or self.expires_on >= today)


@dataclass(frozen=True, kw_only=True)
class Query(Candidate):
    """The post being matched: a candidate of kind post (a need or an offer)."""

    kind: str = POST

    def __post_init__(self) -> None:
        if self.kind != POST:
            raise ValueError("a query is a post")
        super().__post_init__()


# --- Outputs --------------------------------------------------------------------------------


@dataclass(frozen=True)
class SharedThemes:
    themes: tuple[str, ...]  # the query's labels, in folded alphabetical order
    contribution: float


@dataclass(frozen=True)
class SimilarText:
    similarity: float  # cosine in [0, 1]
    words: tuple[str, ...]  # folded stems weighing most in the similarity
    contribution: float


@dataclass(frozen=True)
class Distance:
    km: float
    contribution: float


@dataclass(frozen=True)
class SamePostKind:
    post_kind: str
    contribution: float


@dataclass(frozen=True)
class ComplementaryKinds:
    need_kind: str
    offer_kind: str
    contribution: float


@dataclass(frozen=True)
class WorkedTogether:
    contribution: float


Reason = SharedThemes | SimilarText | Distance | SamePostKind | ComplementaryKinds | WorkedTogether


@dataclass(frozen=True)
class Match:
    key: str
    score: float
    reasons: tuple[Reason, ...]  # in the order of the score's terms above


# --- Text -----------------------------------------------------------------------------------


def _stem(word: str) -> str:
    if len(word) > 3 and word[-1] in "sx" and not word.endswith("ss"):
        return word[:-1]
    return word


@functools.lru_cache(maxsize=1 << 16)
def _chunk_terms(chunk: str) -> tuple[str, ...]:
    return tuple(
        _stem(word)
        for word in normalise_for_search(chunk).split()
        if len(word) > 1 and word not in STOP_WORDS
    )


def analyse(text: str) -> list[str]:
    """The terms of `text`: folded words, stop words and one-letter words out, plurals cut.

    Folding works on each whitespace-separated chunk, cached: the same as folding the whole
    text (whitespace is a separator either way), and much faster, since words repeat."""
    return [term for chunk in text.split() for term in _chunk_terms(chunk)]


def fold_theme(label: str) -> str:
    """The form under which two theme labels are the same theme."""
    return normalise_for_search(label)


def _term_counts(candidate: Candidate) -> Counter[str]:
    return Counter(analyse(candidate.title) * TITLE_REPEAT + analyse(candidate.text))


def _folded_themes(candidate: Candidate) -> dict[str, str]:
    """Folded theme → the candidate's label (the smallest, when two labels fold alike)."""
    labels: dict[str, str] = {}
    for label in sorted(candidate.themes):
        folded = fold_theme(label)
        if folded and folded not in labels:
            labels[folded] = label
    return labels


def _idf(total: int, frequency: int) -> float:
    return math.log((1 + total) / (1 + frequency)) + 1.0


def _kinds(query: Candidate, candidate: Candidate) -> tuple[str | None, str | None]:
    """(need side's organisation kind, offer side's)."""
    if query.direction == NEED:
        return query.organisation_kind, candidate.organisation_kind
    return candidate.organisation_kind, query.organisation_kind


def _wanted(query: Candidate, candidate: Candidate) -> bool:
    if candidate.kind == ORGANISATION:
        return True
    return candidate.direction != query.direction


def _check_limit(limit: int | None) -> None:
    if limit is not None and limit < 0:
        raise ValueError("limit must not be negative")


def _check_keys(candidates: list[Candidate]) -> None:
    seen: set[str] = set()
    for candidate in candidates:
        if candidate.key in seen:
            raise ValueError(f"two candidates have the key {candidate.key!r}")
        seen.add(candidate.key)


def _reasons(
    *,
    shared_labels: tuple[str, ...],
    theme_component: float,
    similarity: float,
    words: tuple[str, ...],
    km: float | None,
    same_post_kind: str | None,
    kinds: tuple[str, str] | None,
    worked: bool,
) -> tuple[Reason, ...]:
    reasons: list[Reason] = []
    if shared_labels:
        reasons.append(SharedThemes(shared_labels, WEIGHT_THEMES * theme_component))
    if similarity > 0:
        reasons.append(SimilarText(similarity, words, WEIGHT_TEXT * similarity))
    if km is not None:
        reasons.append(Distance(km, WEIGHT_DISTANCE * math.exp(-km / DISTANCE_SCALE_KM)))
    if same_post_kind is not None:
        reasons.append(SamePostKind(same_post_kind, WEIGHT_SAME_POST_KIND))
    if kinds is not None:
        reasons.append(ComplementaryKinds(kinds[0], kinds[1], WEIGHT_COMPLEMENTARY))
    if worked:
        reasons.append(WorkedTogether(WEIGHT_WORKED_TOGETHER))
    return tuple(reasons)


def _top_words(products: dict[str, float]) -> tuple[str, ...]:
    ranked = sorted(products.items(), key=lambda item: (-item[1], item[0]))
    return tuple(word for word, _product in ranked[:SIMILAR_WORDS_SHOWN])


# --- The index ------------------------------------------------------------------------------

_AREA_CODE = {kind: code for code, kind in enumerate(AREA_KINDS)}
_POST_KIND_CODE = {kind: code for code, kind in enumerate(POST_KINDS)}
_DIRECTION_CODE = {None: 0, NEED: 1, OFFER: 2}
_NEVER = np.iinfo(np.int64).max


def _codes(values: Iterable[str | None]) -> tuple[dict[str, int], np.ndarray]:
    """Integer codes of strings (in sorted order), -1 for None."""
    values = list(values)
    table = {value: code for code, value in enumerate(sorted({v for v in values if v is not None}))}
    return table, np.array([-1 if v is None else table[v] for v in values], dtype=np.int64)


class MatchIndex:
    """The open candidates of one day, ready to answer queries. Build it with `build`."""

    def __init__(self, candidates: list[Candidate], today: date) -> None:
        self.today = today
        self.candidates = candidates  # open on `today`, sorted by key
        self.keys = [candidate.key for candidate in candidates]
        self._row_of_key = {key: row for row, key in enumerate(self.keys)}
        n = len(candidates)

        counts = [_term_counts(candidate) for candidate in candidates]
        self.terms = sorted(set().union(*counts)) if counts else []
        self._term_column = {term: column for column, term in enumerate(self.terms)}
        rows, columns, frequencies = [], [], []
        for row, row_counts in enumerate(counts):
            for term, count in row_counts.items():
                rows.append(row)
                columns.append(self._term_column[term])
                frequencies.append(count)
        rows_a = np.array(rows, dtype=np.int64)
        columns_a = np.array(columns, dtype=np.int64)
        document_frequency = np.bincount(columns_a, minlength=len(self.terms))
        self._idf = np.log((1 + n) / (1 + document_frequency)) + 1.0
        weights = (1 + np.log(np.array(frequencies, dtype=float))) * self._idf[columns_a]
        norms = np.sqrt(np.bincount(rows_a, weights=weights**2, minlength=n))
        weights = weights / norms[rows_a] if len(weights) else weights
        matrix = sparse.csr_matrix((weights, (rows_a, columns_a)), shape=(n, len(self.terms)))
        matrix.sort_indices()
        self._tfidf = matrix
        self._tfidf_by_term = matrix.tocsc()
        self._unknown_idf = _idf(n, 0)

        self._themes = [_folded_themes(candidate) for candidate in candidates]
        theme_names = sorted(set().union(*self._themes)) if self._themes else []
        self._theme_column = {theme: column for column, theme in enumerate(theme_names)}
        theme_rows = [row for row, themes in enumerate(self._themes) for _ in themes]
        theme_columns = [self._theme_column[t] for themes in self._themes for t in themes]
        self._themes_by_theme = sparse.csc_matrix(
            (np.ones(len(theme_rows)), (theme_rows, theme_columns)), shape=(n, len(theme_names))
        )
        self._theme_count = np.array([len(themes) for themes in self._themes], dtype=float)

        self._direction = np.array(
            [_DIRECTION_CODE[c.direction] for c in candidates], dtype=np.int8
        )
        self._post_kind = np.array(
            [-1 if c.post_kind is None else _POST_KIND_CODE[c.post_kind] for c in candidates],
            dtype=np.int64,
        )
        self._organisation_codes, self._organisation = _codes(c.organisation for c in candidates)
        self._organisation_kinds, self._organisation_kind = _codes(
            c.organisation_kind for c in candidates
        )
        self._latitude = np.array(
            [np.nan if c.location is None else c.location[0] for c in candidates], dtype=float
        )
        self._longitude = np.array(
            [np.nan if c.location is None else c.location[1] for c in candidates], dtype=float
        )
        self._departements, self._departement = _codes(
            [c.departement for c in candidates] + [c.area.departement for c in candidates]
        )
        self._area_departement = self._departement[n:]
        self._departement = self._departement[:n]
        self._area_kind = np.array([_AREA_CODE[c.area.kind] for c in candidates], dtype=np.int8)
        self._area_radius = np.array(
            [np.nan if c.area.radius_km is None else c.area.radius_km for c in candidates],
            dtype=float,
        )
        self._expires = np.array(
            [_NEVER if c.expires_on is None else c.expires_on.toordinal() for c in candidates],
            dtype=np.int64,
        )
        worked_rows: dict[str, list[int]] = {}
        for row, candidate in enumerate(candidates):
            for organisation in sorted(candidate.worked_with):
                worked_rows.setdefault(organisation, []).append(row)
        self._worked_with_rows = {
            organisation: np.array(rows, dtype=np.int64)
            for organisation, rows in worked_rows.items()
        }

    @classmethod
    def build(cls, candidates: Iterable[Candidate], *, today: date) -> MatchIndex:
        """Index the candidates open on `today` (the others are dropped for good: rebuild
        when posts change). Raises ValueError when two candidates share a key."""
        given = list(candidates)
        _check_keys(given)
        return cls(sorted((c for c in given if c.is_open(today)), key=lambda c: c.key), today)

    def __len__(self) -> int:
        return len(self.keys)

    def _query_vector(self, query: Candidate) -> tuple[np.ndarray, np.ndarray]:
        """Columns of the query's known terms and their weights, over the full query norm."""
        columns, weights, squares = [], [], 0.0
        for term, count in sorted(_term_counts(query).items()):
            column = self._term_column.get(term)
            idf = self._unknown_idf if column is None else float(self._idf[column])
            weight = (1 + math.log(count)) * idf
            squares += weight * weight
            if column is not None:
                columns.append(column)
                weights.append(weight)
        norm = math.sqrt(squares) or 1.0
        return np.array(columns, dtype=np.int64), np.array(weights, dtype=float) / norm

    def matches(self, query: Query, *, today: date, limit: int | None = 20) -> list[Match]:
        """The best `limit` matches of `query` (all when None), best first, ties by key.
        `today` drops the candidates expired since the index was built."""
        _check_limit(limit)
        n = len(self.keys)
        if n == 0 or limit == 0:
            return []
        term_columns, term_weights = self._query_vector(query)
        similarity = (
            self._tfidf_by_term[:, term_columns] @ term_weights
            if len(term_columns)
            else np.zeros(n)
        )
        query_themes = _folded_themes(query)
        theme_columns = [self._theme_column[t] for t in query_themes if t in self._theme_column]
        shared = (
            np.asarray(self._themes_by_theme[:, theme_columns].sum(axis=1)).ravel()
            if theme_columns
            else np.zeros(n)
        )

        keep = (similarity > 0) | (shared > 0)
        keep &= self._direction != _DIRECTION_CODE[query.direction]
        keep &= self._expires >= today.toordinal()
        if query.organisation is not None and query.organisation in self._organisation_codes:
            keep &= self._organisation != self._organisation_codes[query.organisation]
        if query.key in self._row_of_key:
            keep[self._row_of_key[query.key]] = False
        rows = np.flatnonzero(keep)
        if not len(rows):
            return []

        # Distances for the relevant rows only: every kept row needs its own anyway, and one
        # vectorised haversine over a few thousand rows costs less than a KD-tree query (a
        # radius prefilter would not shrink what the sparse products already selected).
        if query.location is not None:
            km = haversine_km(
                query.location[0], query.location[1], self._latitude[rows], self._longitude[rows]
            )
        else:
            km = np.full(len(rows), np.nan)
        located = np.isfinite(km)

        allowed = self._area_allows(query, rows, km)
        rows, km, located = rows[allowed], km[allowed], located[allowed]
        if not len(rows):
            return []

        theme_component = np.zeros(len(rows))
        if query_themes:
            with_themes = self._theme_count[rows] > 0
            theme_component[with_themes] = shared[rows][with_themes] / np.sqrt(
                len(query_themes) * self._theme_count[rows][with_themes]
            )
        text_component = np.minimum(similarity[rows], 1.0)
        distance_component = np.zeros(len(rows))
        distance_component[located] = np.exp(-km[located] / DISTANCE_SCALE_KM)
        same_kind = self._post_kind[rows] == _POST_KIND_CODE[query.post_kind]
        complementary = self._complementary(query)[self._organisation_kind[rows]]
        worked = self._worked(query, rows)
        score = (
            WEIGHT_THEMES * theme_component
            + WEIGHT_TEXT * text_component
            + WEIGHT_DISTANCE * distance_component
            + WEIGHT_SAME_POST_KIND * same_kind
            + WEIGHT_COMPLEMENTARY * complementary
            + WEIGHT_WORKED_TOGETHER * worked
        )
        score = np.round(np.clip(score, 0.0, 1.0), SCORE_DIGITS)
        order = np.lexsort((rows, -score))  # rows are in key order
        if limit is not None:
            order = order[:limit]

        query_weights = dict(zip(term_columns.tolist(), term_weights.tolist(), strict=True))
        found = []
        for position in order.tolist():
            row = int(rows[position])
            candidate = self.candidates[row]
            shared_themes = sorted(set(query_themes) & set(self._themes[row]))
            start, end = self._tfidf.indptr[row], self._tfidf.indptr[row + 1]
            products = {
                self.terms[column]: query_weights[column] * weight
                for column, weight in zip(
                    self._tfidf.indices[start:end].tolist(),
                    self._tfidf.data[start:end].tolist(),
                    strict=True,
                )
                if column in query_weights
            }
            kinds = _kinds(query, candidate)
            found.append(
                Match(
                    key=candidate.key,
                    score=float(score[position]),
                    reasons=_reasons(
                        shared_labels=tuple(query_themes[t] for t in shared_themes),
                        theme_component=float(theme_component[position]),
                        similarity=float(text_component[position]),
                        words=_top_words(products),
                        km=float(km[position]) if located[position] else None,
                        same_post_kind=query.post_kind if same_kind[position] else None,
                        kinds=kinds if complementary[position] else None,  # type: ignore[arg-type]
                        worked=bool(worked[position]),
                    ),
                )
            )
        return found

    def _area_allows(self, query: Candidate, rows: np.ndarray, km: np.ndarray) -> np.ndarray:
        """Which rows the area rule keeps (see the module's docstring)."""
        if query.area.kind == AREA_REMOTE:
            return np.ones(len(rows), dtype=bool)
        with np.errstate(invalid="ignore"):
            if query.area.kind == AREA_TERRITORY:
                query_admits = np.ones(len(rows), dtype=bool)
            elif query.area.kind == AREA_DEPARTEMENT:
                code = self._departements.get(query.area.departement, -2)  # type: ignore[arg-type]
                query_admits = self._departement[rows] == code
            else:
                query_admits = km <= query.area.radius_km  # NaN (unknown place) is False
            area_kind = self._area_kind[rows]
            query_departement = (
                -3 if query.departement is None else self._departements.get(query.departement, -2)
            )
            candidate_admits = (
                (area_kind == _AREA_CODE[AREA_TERRITORY])
                | (
                    (area_kind == _AREA_CODE[AREA_DEPARTEMENT])
                    & (self._area_departement[rows] == query_departement)
                )
                | ((area_kind == _AREA_CODE[AREA_RADIUS]) & (km <= self._area_radius[rows]))
            )
        remote = area_kind == _AREA_CODE[AREA_REMOTE]
        return remote | (query_admits & candidate_admits)

    def _complementary(self, query: Candidate) -> np.ndarray:
        """Lookup by organisation kind code; its last item (for code -1, no kind) is False."""
        lookup = np.zeros(len(self._organisation_kinds) + 1, dtype=bool)
        for kind, code in self._organisation_kinds.items():
            if query.direction == NEED:
                lookup[code] = (query.organisation_kind, kind) in COMPLEMENTARY_KINDS
            else:
                lookup[code] = (kind, query.organisation_kind) in COMPLEMENTARY_KINDS
        return lookup

    def _worked(self, query: Candidate, rows: np.ndarray) -> np.ndarray:
        worked = np.zeros(len(rows), dtype=bool)
        if query.organisation is not None and query.organisation in self._worked_with_rows:
            worked |= np.isin(rows, self._worked_with_rows[query.organisation])
        codes = [
            self._organisation_codes[key]
            for key in query.worked_with
            if key in self._organisation_codes
        ]
        if codes:
            worked |= np.isin(self._organisation[rows], codes)
        return worked


# --- The brute force ------------------------------------------------------------------------


def _haversine_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    phi1, lam1, phi2, lam2 = (math.radians(v) for v in (*a, *b))
    h = (
        math.sin((phi2 - phi1) / 2) ** 2
        + math.cos(phi1) * math.cos(phi2) * math.sin((lam2 - lam1) / 2) ** 2
    )
    return 2 * 6371.0088 * math.asin(math.sqrt(min(max(h, 0.0), 1.0)))


def _admits(area: Area, other: Candidate, km: float | None) -> bool:
    if area.kind == AREA_TERRITORY:
        return True
    if area.kind == AREA_DEPARTEMENT:
        return other.departement is not None and other.departement == area.departement
    return km is not None and km <= area.radius_km  # type: ignore[operator]


class BruteForce:
    """Every open candidate scored one by one in plain Python, from dictionaries: the
    benchmark's baseline and the tests' oracle. Same rules as `MatchIndex`."""

    def __init__(self, candidates: list[Candidate]) -> None:
        self.candidates = candidates
        counts = [_term_counts(candidate) for candidate in candidates]
        frequency: Counter[str] = Counter()
        for row_counts in counts:
            frequency.update(row_counts.keys())
        self.total = len(candidates)
        self.frequency = frequency
        self.vectors = [self._vector(row_counts) for row_counts in counts]
        self.themes = [_folded_themes(candidate) for candidate in candidates]

    @classmethod
    def build(cls, candidates: Iterable[Candidate], *, today: date) -> BruteForce:
        given = list(candidates)
        _check_keys(given)
        return cls([c for c in given if c.is_open(today)])

    def _vector(self, counts: Counter[str]) -> dict[str, float]:
        weights = {
            term: (1 + math.log(count)) * _idf(self.total, self.frequency.get(term, 0))
            for term, count in counts.items()
        }
        norm = math.sqrt(sum(weight * weight for weight in weights.values())) or 1.0
        return {term: weight / norm for term, weight in weights.items()}

    def matches(self, query: Query, *, today: date, limit: int | None = 20) -> list[Match]:
        _check_limit(limit)
        query_vector = self._vector(_term_counts(query))
        query_themes = _folded_themes(query)
        scored = []
        for candidate, vector, candidate_themes in zip(
            self.candidates, self.vectors, self.themes, strict=True
        ):
            if not _wanted(query, candidate) or not candidate.is_open(today):
                continue
            if candidate.key == query.key or (
                query.organisation is not None and candidate.organisation == query.organisation
            ):
                continue
            products = {
                term: weight * vector[term]
                for term, weight in query_vector.items()
                if term in vector
            }
            similarity = min(sum(products.values()), 1.0)
            shared = sorted(set(query_themes) & set(candidate_themes))
            if not shared and similarity <= 0:
                continue
            km = (
                _haversine_km(query.location, candidate.location)
                if query.location is not None and candidate.location is not None
                else None
            )
            if not (
                AREA_REMOTE in (query.area.kind, candidate.area.kind)
                or (_admits(query.area, candidate, km) and _admits(candidate.area, query, km))
            ):
                continue
            theme_component = (
                len(shared) / math.sqrt(len(query_themes) * len(candidate_themes))
                if shared
                else 0.0
            )
            same_kind = candidate.kind == POST and candidate.post_kind == query.post_kind
            kinds = _kinds(query, candidate)
            complementary = kinds in COMPLEMENTARY_KINDS
            worked = (
                query.organisation is not None and query.organisation in candidate.worked_with
            ) or (
                candidate.organisation is not None and candidate.organisation in query.worked_with
            )
            score = (
                WEIGHT_THEMES * theme_component
                + WEIGHT_TEXT * similarity
                + WEIGHT_DISTANCE * (0.0 if km is None else math.exp(-km / DISTANCE_SCALE_KM))
                + WEIGHT_SAME_POST_KIND * same_kind
                + WEIGHT_COMPLEMENTARY * complementary
                + WEIGHT_WORKED_TOGETHER * worked
            )
            score = round(min(max(score, 0.0), 1.0), SCORE_DIGITS)
            reasons = _reasons(
                shared_labels=tuple(query_themes[t] for t in shared),
                theme_component=theme_component,
                similarity=similarity,
                words=_top_words(products),
                km=km,
                same_post_kind=query.post_kind if same_kind else None,
                kinds=kinds if complementary else None,  # type: ignore[arg-type]
                worked=worked,
            )
            scored.append(Match(key=candidate.key, score=score, reasons=reasons))
        scored.sort(key=lambda match: (-match.score, match.key))
        return scored if limit is None else scored[:limit]


def brute_force_matches(
    candidates: Iterable[Candidate], query: Query, *, today: date, limit: int | None = 20
) -> list[Match]:
    """`MatchIndex.build(candidates, today=today).matches(query, today=today, limit=limit)`,
    computed the slow and obvious way."""
    return BruteForce.build(candidates, today=today).matches(query, today=today, limit=limit)
