"""Benchmark of the ranked matches of needs and offers (capability 8, issue 15), pure Python
and numpy/scipy, no database.

A synthetic hub, the same at every run (seeded): 5,000 organisations of the seeds' kinds
spread over PACA's six départements (description, 1-3 sectors and 1-4 skills taken from ~45
themes) and 20,000 open posts (half needs, half offers, of the seven kinds; title, text of
10-30 words drawn from a French vocabulary of ~200 words with a skewed frequency, 1-3
themes, an area: radius 10-60 km, département, territory or remote; past collaborations).

- `MatchIndex.matches` for one post among the 25,000 candidates, limit 20: median over 50
  posts. Target: < 50 ms.
- Baseline in the same run: `BruteForce.matches`, every candidate scored one by one in plain
  Python (its per-candidate vectors prepared beforehand, as the index's are), median over 5
  of the same posts; the two must agree on keys and scores, or the bench stops.
- Also, without target: building the index against preparing the brute force.

    .venv/bin/python bench/connections_matching.py [--quick]

`bench_connections_matching(repeat)` returns rows (name, median_s, baseline_name,
baseline_s, target, met) for bench/run.py's table.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
if str(REPO_ROOT / "src") not in sys.path:
    sys.path.insert(0, str(REPO_ROOT / "src"))

from maillage.connections import matching  # noqa: E402
from maillage.connections.matching import (  # noqa: E402
    AREA_DEPARTEMENT,
    AREA_RADIUS,
    ORGANISATION,
    POST,
    POST_KINDS,
    REMOTE,
    TERRITORY,
    Area,
    BruteForce,
    Candidate,
    MatchIndex,
    Query,
)

BenchRow = tuple[str, float, str, float, str, bool | None]

ORGANISATIONS = 5_000
POSTS = 20_000
QUERIES = 50
BRUTE_QUERIES = 5
TARGET_S = 0.050
TODAY = date(2025, 6, 2)
SEED = 15_000

THEMES = [
    "Cybersécurité", "Cloud", "IoT", "E-santé", "Tourisme", "CAO", "Impression 3D", "Data",
    "Intelligence artificielle", "Médiation numérique", "Fabrication numérique", "Formation",
    "Conseil", "Développement web", "Applications mobiles", "Réseaux télécoms",
    "Micro-électronique", "Logiciel libre", "Robotique", "Usinage", "Prototypage", "Design",
    "Commerce en ligne", "Marketing digital", "ERP", "Comptabilité", "Énergie", "Agriculture",
    "Agroalimentaire", "Logistique", "Bâtiment", "Artisanat", "Inclusion numérique",
    "Tiers-lieu", "Coworking", "Living lab", "Recherche et développement", "Domotique",
    "Blockchain", "Sécurité et cloud", "m-tourisme", "Open data", "Électronique embarquée",
    "Vidéo", "Jeu vidéo",
]  # fmt: skip
_WORDS_TEXT = """
    accompagnement acquisition agence agent agile analyse animation annuaire antenne
    apprentissage application architecture archivage artisan assistance atelier audit
    automate automatisation autonomie banc base besoin bureau cahier capteur carte catalogue
    certification chantier charges client code collectivite commande commerce communication
    competence composant conception conformite connexion conseil consultant contrat
    coordination cours creation cybersecurite decoupe demonstrateur deploiement design
    developpement diagnostic donnees drone ecole economie electronique emploi energie
    entreprise equipement espace essai etude evenement experimentation expertise export
    fabrication facturation fibre financement flotte formation fournisseur gestion hebergement
    identite imprimante impression industrie infrastructure ingenierie innovation insertion
    installation integration interface internet intrusion inventaire jeune laboratoire laser
    licence ligne local locaux logiciel logistique machine maintenance maquette marche
    marketing materiel mecanique mediation messagerie methode migration mobile modelisation
    module montage moteur numerique objet outil partenaire partenariat patrimoine piece
    pilote plateforme prestation production produit programme projet prototype public qualite
    radio recherche recrutement reference referencement region reparation reseau robot
    sante sauvegarde scanner securite serveur service site soudure stage stagiaire stockage
    strategie subvention support systeme tablette technicien telecom test tiers tourisme
    traduction transformation transport usine usinage utilisateur valorisation vente video
    visite web
"""
WORDS = _WORDS_TEXT.split()
_STOP_TEXT = "le la les de des du un une et pour avec dans sur nous vous notre votre en au aux"
STOP = _STOP_TEXT.split()
PREFECTURES = {
    "04": (44.0925, 6.2356),
    "05": (44.5594, 6.0786),
    "06": (43.7102, 7.2620),
    "13": (43.2965, 5.3698),
    "83": (43.1242, 5.9280),
    "84": (43.9493, 4.8055),
}
KINDS = [
    ("digital_company", 30), ("industry", 20), ("artisan", 15), ("association", 12),
    ("local_authority", 6), ("training_research", 5), ("public_service", 4),
    ("tiers_lieu_operator", 4), ("other", 4),
]  # fmt: skip


def _words(rng: random.Random, count: int, extra: list[str]) -> str:
    # Skewed frequencies (Zipf-like), as in real text: a few words are everywhere.
    chosen = rng.choices(WORDS, weights=[1 / (rank + 5) for rank in range(len(WORDS))], k=count)
    chosen += rng.sample(STOP, k=min(len(STOP), count // 3)) + extra
    rng.shuffle(chosen)
    return " ".join(chosen)


def build_world(seed: int = SEED) -> list[Candidate]:
    rng = random.Random(seed)
    communes = []
    for _ in range(300):
        latitude, longitude = rng.uniform(43.1, 44.9), rng.uniform(4.3, 7.6)
        departement = min(
            PREFECTURES,
            key=lambda code: (
                (PREFECTURES[code][0] - latitude) ** 2 + (PREFECTURES[code][1] - longitude) ** 2
            ),
        )
        communes.append(((latitude, longitude), departement))
    kinds, kind_weights = zip(*KINDS, strict=True)
    organisations = []
    for number in range(ORGANISATIONS):
        (latitude, longitude), departement = rng.choice(communes)
        location = (latitude + rng.uniform(-0.02, 0.02), longitude + rng.uniform(-0.02, 0.02))
        sectors = rng.sample(THEMES, rng.randint(1, 3))
        skills = rng.sample(THEMES, rng.randint(1, 4))
        organisations.append(
            Candidate(
                key=f"organisation:{number}",
                kind=ORGANISATION,
                title=_words(rng, 2, []),
                text=" ".join((_words(rng, rng.randint(15, 40), []), *sectors, *skills)),
                themes=frozenset(sectors + skills),
                location=location,
                departement=departement,
                organisation_kind=rng.choices(kinds, weights=kind_weights)[0],
                worked_with=frozenset(
                    f"organisation:{rng.randrange(ORGANISATIONS)}" for _ in range(rng.randint(0, 3))
                ),
            )
        )
    posts = []
    for number in range(POSTS):
        owner = rng.choice(organisations)
        themes = rng.sample(THEMES, rng.randint(1, 3))
        theme_words = [word for theme in themes for word in theme.split()]
        roll = rng.random()
        if roll < 0.4:
            area = Area(kind=AREA_RADIUS, radius_km=rng.choice([10, 20, 30, 45, 60]))
        elif roll < 0.65:
            area = Area(kind=AREA_DEPARTEMENT, departement=owner.departement)
        elif roll < 0.9:
            area = TERRITORY
        else:
            area = REMOTE
        direction = "need" if number % 2 == 0 else "offer"
        posts.append(
            Candidate(
                key=f"{direction}:{number}",
                kind=POST,
                direction=direction,
                post_kind=rng.choice(POST_KINDS),
                title=_words(rng, rng.randint(3, 6), theme_words[:2]),
                text=_words(rng, rng.randint(10, 30), theme_words),
                themes=frozenset(themes),
                location=owner.location,
                departement=owner.departement,
                area=area,
                organisation=owner.key,
                organisation_kind=owner.organisation_kind,
                expires_on=TODAY + timedelta(days=rng.randint(1, 90)),
                worked_with=owner.worked_with,
            )
        )
    return organisations + posts


def _as_query(post: Candidate) -> Query:
    return Query(
        **{name: getattr(post, name) for name in post.__dataclass_fields__ if name != "kind"}
    )


def _timed(function) -> tuple[float, object]:
    started = time.perf_counter()
    result = function()
    return time.perf_counter() - started, result


def bench_connections_matching(repeat: int) -> list[BenchRow]:
    started = time.perf_counter()
    world = build_world()
    print(
        f"(connections: {ORGANISATIONS} organisations and {POSTS} posts made in "
        f"{time.perf_counter() - started:.1f} s)"
    )
    build_times, brute_build_times = [], []
    index = brute = None
    for _ in range(repeat):
        # Cold builds: the cache of folded words would make the second one cheaper.
        matching._chunk_terms.cache_clear()
        seconds, index = _timed(lambda: MatchIndex.build(world, today=TODAY))
        build_times.append(seconds)
        matching._chunk_terms.cache_clear()
        seconds, brute = _timed(lambda: BruteForce.build(world, today=TODAY))
        brute_build_times.append(seconds)
    rng = random.Random(SEED + 1)
    queries = [_as_query(post) for post in rng.sample(world[ORGANISATIONS:], QUERIES)]

    for query in queries[:3]:  # warm-up: first calls pay for imports and caches
        index.matches(query, today=TODAY)
    index_times, found = [], []
    for _ in range(repeat):
        for query in queries:
            seconds, matches = _timed(lambda q=query: index.matches(q, today=TODAY))
            index_times.append(seconds)
            found.append(len(matches))
    brute_times = []
    for query in queries[:BRUTE_QUERIES]:
        seconds, expected = _timed(lambda q=query: brute.matches(q, today=TODAY))
        brute_times.append(seconds)
        got = index.matches(query, today=TODAY)
        if [m.key for m in got] != [m.key for m in expected] or any(
            abs(a.score - b.score) > 1e-9 for a, b in zip(got, expected, strict=True)
        ):
            raise SystemExit(f"index and brute force disagree on {query.key}")
    relevant = [len(index.matches(query, today=TODAY, limit=None)) for query in queries[:10]]
    median = statistics.median(index_times)
    print(
        f"    {len(index)} open candidates, {len(index.terms)} terms; a post has "
        f"{statistics.median(relevant):.0f} relevant candidates in its area (median of 10); "
        f"index {1e3 * median:.1f} ms, brute force "
        f"{1e3 * statistics.median(brute_times):.0f} ms per post"
    )
    return [
        (
            f"connections: matches of 1 post, {ORGANISATIONS // 1000}k orgs + {POSTS // 1000}k posts",
            median,
            "brute-force scoring",
            statistics.median(brute_times),
            "< 50 ms",
            median < TARGET_S,
        ),
        (
            "connections: build the match index",
            statistics.median(build_times),
            "brute-force preparation",
            statistics.median(brute_build_times),
            "",
            None,
        ),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="one repetition")
    args = parser.parse_args()
    repeat = 1 if args.quick else 3
    rows = bench_connections_matching(repeat)
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from run import Row

    print(f"\nConnections matching benchmark, {repeat} repetition(s), medians\n")
    header = f"{'measure':<52} {'median':>9} {'baseline':<24} {'baseline':>9} {'ratio':>7}  target"
    print(header)
    print("-" * len(header))
    for row in (Row(*measured) for measured in rows):
        verdict = "" if row.met is None else ("met" if row.met else "MISSED")
        print(
            f"{row.name:<52} {row.median_s:>8.4f}s {row.baseline_name:<24} "
            f"{row.baseline_s:>8.3f}s {row.ratio:>6.3g}x  {row.target} {verdict}".rstrip()
        )
    if any(row[5] is False for row in rows):
        raise SystemExit("a target was missed")


if __name__ == "__main__":
    main()
