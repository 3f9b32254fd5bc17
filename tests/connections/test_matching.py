import dataclasses
from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from maillage.connections.matching import (
    AREA_DEPARTEMENT,
    AREA_RADIUS,
    ARTISAN,
    ASSOCIATION,
    COMPLEMENTARY_KINDS,
    DIGITAL_COMPANY,
    INDUSTRY,
    LOCAL_AUTHORITY,
    NEED,
    OFFER,
    ORGANISATION,
    POST,
    POST_KINDS,
    REMOTE,
    SKILL,
    STOP_WORDS,
    SUBCONTRACTING,
    TERRITORY,
    TIERS_LIEU_OPERATOR,
    WEIGHT_DISTANCE,
    Area,
    BruteForce,
    Candidate,
    ComplementaryKinds,
    Distance,
    MatchIndex,
    Query,
    SamePostKind,
    SharedThemes,
    SimilarText,
    WorkedTogether,
    analyse,
    brute_force_matches,
)
from maillage.core.text import normalise_for_search

TODAY = date(2025, 6, 2)
MONTEUX = (44.0356, 4.9972)
CARPENTRAS = (44.0556, 5.0481)
AVIGNON = (43.9493, 4.8055)
NICE = (43.7031, 7.2661)


def need(key, title, *, text="", themes=(), organisation="organisation:need", **fields):
    return Query(
        key=key,
        direction=NEED,
        post_kind=fields.pop("post_kind", SKILL),
        title=title,
        text=text,
        themes=themes,
        organisation=organisation,
        **fields,
    )


def offer(key, title, *, text="", themes=(), organisation=None, **fields):
    return Candidate(
        key=key,
        kind=POST,
        direction=OFFER,
        post_kind=fields.pop("post_kind", SKILL),
        title=title,
        text=text,
        themes=themes,
        organisation=organisation or f"organisation:{key}",
        **fields,
    )


def organisation(key, name, *, description="", sectors=(), skills=(), **fields):
    return Candidate(
        key=key,
        kind=ORGANISATION,
        title=name,
        text=" ".join((description, *sectors, *skills)),
        themes=frozenset(sectors) | frozenset(skills),
        **fields,
    )


def ranked(candidates, query, **options):
    return MatchIndex.build(candidates, today=TODAY).matches(query, today=TODAY, **options)


def keys(matches):
    return [match.key for match in matches]


def reason(match, kind):
    found = [r for r in match.reasons if isinstance(r, kind)]
    return found[0] if found else None


# --- Hand-made cases where the right answer is known ------------------------------------------


def test_fablab_3d_printing_ranks_above_a_nearer_digital_cybersecurity_offer():
    machining = need(
        "need:1",
        "Sous-traitance usinage et prototypage impression 3D",
        text="Nous cherchons un partenaire pour des pièces prototypes en impression 3D.",
        themes={"Usinage", "Impression 3D", "Prototypage"},
        location=MONTEUX,
        organisation="organisation:usinage-monteux",
        organisation_kind=INDUSTRY,
        post_kind=SUBCONTRACTING,
    )
    fablab = offer(
        "offer:fablab",
        "Impression 3D et prototypage rapide au fablab",
        text="Imprimantes 3D, découpe laser, accompagnement de l'idée au prototype.",
        themes={"Impression 3D", "Prototypage", "Fablab"},
        location=CARPENTRAS,
        organisation_kind=TIERS_LIEU_OPERATOR,
    )
    cyber = offer(
        "offer:cyber",
        "Audit de cybersécurité",
        text="Audit de sécurité de vos machines d'usinage connectées et de votre réseau.",
        themes={"Cybersécurité"},
        location=MONTEUX,  # nearer, and a digital company: complementary to industry
        organisation_kind=DIGITAL_COMPANY,
    )
    matches = ranked([cyber, fablab], machining)
    assert keys(matches) == ["offer:fablab", "offer:cyber"]
    best = matches[0]
    assert reason(best, SharedThemes).themes == ("Impression 3D", "Prototypage")
    assert 4 < reason(best, Distance).km < 6
    assert "3d" in reason(best, SimilarText).words
    assert reason(best, ComplementaryKinds) == ComplementaryKinds(
        INDUSTRY, TIERS_LIEU_OPERATOR, 0.05
    )
    assert reason(matches[1], SharedThemes) is None


def test_cybersecurity_audit_ranks_the_cybersecurity_company_above_the_web_agency():
    audit = need(
        "need:audit",
        "Audit cybersécurité",
        text="Un audit de la sécurité informatique de la mairie et de ses services.",
        themes={"Cybersécurité"},
        location=AVIGNON,
        organisation_kind=LOCAL_AUTHORITY,
    )
    cyber_company = organisation(
        "organisation:cyber",
        "Vaucluse Sécurité Numérique",
        description="Tests d'intrusion et audits de sécurité pour les collectivités.",
        sectors=("Cybersécurité",),
        skills=("Audit de sécurité", "Tests d'intrusion"),
        location=CARPENTRAS,
        organisation_kind=DIGITAL_COMPANY,
    )
    web_agency = organisation(
        "organisation:web",
        "Agence Pixel",
        description="Création de sites web, audit de référencement.",
        sectors=("Développement web",),
        skills=("Sites internet", "Référencement"),
        location=AVIGNON,  # nearer
        organisation_kind=DIGITAL_COMPANY,
    )
    matches = ranked([web_agency, cyber_company], audit)
    assert keys(matches) == ["organisation:cyber", "organisation:web"]
    assert reason(matches[0], SharedThemes).themes == ("Cybersécurité",)
    assert matches[0].score > matches[1].score + 0.2


def test_accents_and_case_do_not_matter():
    spelled = [
        ("Cybersécurité des PME", {"Cybersécurité"}),
        ("CYBERSECURITE DES pme", {"cybersecurite"}),
    ]
    scores = []
    for title, themes in spelled:
        query = need("need:q", "Cybersécurité des PME", themes={"Cybersécurité"})
        candidate = offer("offer:c", title, themes=themes)
        (match,) = ranked([candidate, offer("offer:other", "Cloud souverain")], query)
        assert reason(match, SharedThemes).themes == ("Cybersécurité",)
        assert reason(match, SimilarText).similarity == pytest.approx(1.0)
        scores.append(match.score)
    assert scores[0] == scores[1]
    assert analyse("Réseaux ÉLECTRIQUES") == analyse("reseau electrique")


def test_stop_words_do_not_make_texts_similar():
    query = need("need:q", "Le logiciel de paie pour la mairie", text="Nous cherchons avec vous.")
    candidate = offer(
        "offer:c", "La peinture des murs pour le gymnase", text="Nous venons chez vous."
    )
    assert ranked([candidate], query) == []
    assert {"le", "la", "de", "des", "pour", "nous", "vous", "avec", "chez"} <= STOP_WORDS
    # the control: the same texts with one real word in common do match
    shared = offer("offer:s", "La paie des agents pour le gymnase")
    (match,) = ranked([candidate, shared], query)
    assert match.key == "offer:s" and reason(match, SimilarText).words == ("paie",)


def test_the_nearer_of_two_identical_offers_comes_first_and_says_how_far():
    query = need("need:q", "Formation au cloud", themes={"Cloud"}, location=MONTEUX)
    near = offer("offer:z-near", "Formation cloud", themes={"Cloud"}, location=(44.0806, 4.9972))
    far = offer("offer:a-far", "Formation cloud", themes={"Cloud"}, location=(45.3856, 4.9972))
    matches = ranked([far, near], query)
    assert keys(matches) == ["offer:z-near", "offer:a-far"]
    assert reason(matches[0], Distance).km == pytest.approx(5.0, abs=0.01)
    assert reason(matches[1], Distance).km == pytest.approx(150.1, abs=0.1)
    assert reason(matches[0], Distance).contribution > reason(matches[1], Distance).contribution
    assert reason(matches[0], Distance).contribution <= WEIGHT_DISTANCE
    assert reason(matches[0], SharedThemes).themes == ("Cloud",)
    assert sum(r.contribution for r in matches[0].reasons) == pytest.approx(matches[0].score)


def test_a_need_matches_offers_and_organisations_an_offer_needs_and_organisations():
    cloud = {"Cloud"}
    world = [
        offer("offer:1", "Hébergement cloud", themes=cloud),
        need("need:2", "Hébergement cloud", themes=cloud, organisation="organisation:b"),
        organisation("organisation:c", "Nuage SARL", sectors=("Cloud",)),
    ]
    a_need = need("need:q", "Cloud", themes=cloud)
    assert keys(ranked(world, a_need)) == ["offer:1", "organisation:c"]
    an_offer = dataclasses.replace(a_need, key="offer:q", direction=OFFER)
    assert keys(ranked(world, an_offer)) == ["need:2", "organisation:c"]


def test_closed_expired_own_and_itself_never_appear_an_offer_expiring_today_does():
    cloud = {"Cloud"}
    query = need("need:q", "Cloud", themes=cloud, organisation="organisation:me")
    world = [
        offer("offer:closed", "Cloud", themes=cloud, active=False),
        offer("offer:expired", "Cloud", themes=cloud, expires_on=TODAY - timedelta(days=1)),
        offer("offer:today", "Cloud", themes=cloud, expires_on=TODAY),
        offer("offer:mine", "Cloud", themes=cloud, organisation="organisation:me"),
        organisation("organisation:me", "Moi", sectors=("Cloud",)),
        query,
    ]
    index = MatchIndex.build(world, today=TODAY)
    assert keys(index.matches(query, today=TODAY)) == ["offer:today"]
    # built yesterday, asked today: what expired in between is gone
    index = MatchIndex.build(world, today=TODAY - timedelta(days=5))
    assert keys(index.matches(query, today=TODAY + timedelta(days=1))) == []


def test_area_rules():
    cloud = {"Cloud"}
    near = offer("offer:near", "Cloud", themes=cloud, location=CARPENTRAS, departement="84")
    far = offer("offer:far", "Cloud", themes=cloud, location=NICE, departement="06")
    far_remote = dataclasses.replace(far, key="offer:far-remote", area=REMOTE)
    unknown_place = offer("offer:nowhere", "Cloud", themes=cloud)
    narrow = offer(
        "offer:narrow",
        "Cloud",
        themes=cloud,
        location=AVIGNON,
        area=Area(kind=AREA_RADIUS, radius_km=10),
    )
    world = [near, far, far_remote, unknown_place, narrow]

    within_30 = need(
        "need:q",
        "Cloud",
        themes=cloud,
        location=MONTEUX,
        departement="84",
        area=Area(kind=AREA_RADIUS, radius_km=30),
    )
    # Avignon is 20 km from Monteux: inside the need's radius, outside the offer's own 10 km
    assert keys(ranked(world, within_30)) == ["offer:near", "offer:far-remote"]
    in_vaucluse = dataclasses.replace(within_30, area=Area(kind=AREA_DEPARTEMENT, departement="84"))
    assert keys(ranked(world, in_vaucluse)) == ["offer:near", "offer:far-remote"]
    anywhere = dataclasses.replace(within_30, area=TERRITORY)
    assert keys(ranked(world, anywhere)) == [
        "offer:near",
        "offer:far",  # same score as far-remote: ties go to the key
        "offer:far-remote",
        "offer:nowhere",
    ]
    remote = dataclasses.replace(within_30, area=REMOTE)
    assert set(keys(ranked(world, remote))) == {o.key for o in world}


def test_worked_together_complementary_kinds_and_same_post_kind_are_reasons():
    query = need(
        "need:q",
        "Site de vente en ligne",
        themes={"Commerce en ligne"},
        organisation="organisation:artisan",
        organisation_kind=ARTISAN,
    )
    helped_before = offer(
        "offer:1",
        "Site de vente en ligne",
        themes={"Commerce en ligne"},
        organisation="organisation:agency",
        organisation_kind=DIGITAL_COMPANY,
        worked_with={"organisation:artisan"},
        post_kind=SKILL,
    )
    stranger = dataclasses.replace(
        helped_before,
        key="offer:2",
        organisation="organisation:other",
        organisation_kind=ASSOCIATION,
        worked_with=frozenset(),
        post_kind=SUBCONTRACTING,
    )
    first, second = ranked([stranger, helped_before], query)
    assert first.key == "offer:1"
    assert reason(first, WorkedTogether) is not None
    assert reason(first, ComplementaryKinds) == ComplementaryKinds(ARTISAN, DIGITAL_COMPANY, 0.05)
    assert reason(first, SamePostKind).post_kind == SKILL
    assert not {WorkedTogether, ComplementaryKinds, SamePostKind} & {
        type(r) for r in second.reasons
    }
    # the query's side may say it too
    told_by_query = dataclasses.replace(query, worked_with={"organisation:other"})
    (match,) = [m for m in ranked([stranger], told_by_query) if m.key == "offer:2"]
    assert reason(match, WorkedTogether) is not None


def test_limit_and_bad_input():
    cloud = {"Cloud"}
    world = [offer(f"offer:{n:02}", "Cloud", themes=cloud) for n in range(30)]
    query = need("need:q", "Cloud", themes=cloud)
    assert keys(ranked(world, query)) == [f"offer:{n:02}" for n in range(20)]
    assert len(ranked(world, query, limit=None)) == 30
    assert ranked(world, query, limit=0) == []
    with pytest.raises(ValueError, match="limit"):
        ranked(world, query, limit=-1)
    with pytest.raises(ValueError, match="key"):
        MatchIndex.build([world[0], world[0]], today=TODAY)
    with pytest.raises(ValueError, match="radius"):
        offer("offer:x", "x", area=Area(kind=AREA_RADIUS, radius_km=5))
    with pytest.raises(ValueError, match="direction"):
        Candidate(key="need:x", kind=POST, title="x", post_kind=SKILL)
    with pytest.raises(ValueError, match="post"):
        Query(key="organisation:x", kind=ORGANISATION, title="x")
    assert MatchIndex.build([], today=TODAY).matches(query, today=TODAY) == []


# --- Properties on random small worlds --------------------------------------------------------

WORDS = [
    "usinage", "Usinage", "impression", "3D", "cybersécurité", "CYBERSECURITE", "réseaux",
    "réseau", "cloud", "données", "tourisme", "e-santé", "formation", "la", "pour", "nous",
    "prototypage", "IoT", "CAO", "audit",
]  # fmt: skip
THEMES = ["Cybersécurité", "cybersecurite", "Cloud", "IoT", "E-santé", "Tourisme", "CAO"]
ORGANISATIONS = [f"organisation:{n}" for n in range(5)]
KINDS = [INDUSTRY, DIGITAL_COMPANY, ARTISAN, TIERS_LIEU_OPERATOR, LOCAL_AUTHORITY, None]
DEPARTEMENTS = ["84", "13", "04", None]

texts = st.lists(st.sampled_from(WORDS), max_size=6).map(" ".join)
themes = st.frozensets(st.sampled_from(THEMES), max_size=3)
locations = st.none() | st.tuples(
    st.floats(43.5, 44.5, allow_nan=False), st.floats(4.5, 5.5, allow_nan=False)
)


@st.composite
def sides(draw, key, kind):
    location = draw(locations)
    area_kinds = ["territory", "departement", "remote"] + (["radius"] if location else [])
    area_kind = draw(st.sampled_from(area_kinds))
    area = Area(
        kind=area_kind,
        radius_km=draw(st.floats(0, 80)) if area_kind == "radius" else None,
        departement=draw(st.sampled_from(DEPARTEMENTS[:3])) if area_kind == "departement" else None,
    )
    is_post = kind == POST
    return {
        "key": key,
        "title": draw(texts),
        "text": draw(texts),
        "themes": draw(themes),
        "post_kind": draw(st.sampled_from(POST_KINDS)) if is_post else None,
        "direction": draw(st.sampled_from([NEED, OFFER])) if is_post else None,
        "location": location,
        "departement": draw(st.sampled_from(DEPARTEMENTS)),
        "area": area if is_post else TERRITORY,
        "organisation": draw(st.sampled_from(ORGANISATIONS)) if is_post else key,
        "organisation_kind": draw(st.sampled_from(KINDS)),
        "active": draw(st.booleans()) if is_post else True,
        "expires_on": (TODAY + timedelta(days=draw(st.integers(-3, 3))))
        if is_post and draw(st.booleans())
        else None,
        "worked_with": draw(st.frozensets(st.sampled_from(ORGANISATIONS), max_size=2)),
    }


@st.composite
def worlds(draw):
    candidates = []
    for n in range(draw(st.integers(0, 14))):
        kind = draw(st.sampled_from([POST, POST, ORGANISATION]))
        key = f"organisation:{n}" if kind == ORGANISATION else f"post:{n:02}"
        if kind == ORGANISATION and key not in ORGANISATIONS:
            key = f"organisation:x{n}"
        candidates.append(Candidate(kind=kind, **draw(sides(key, kind))))
    query = Query(**draw(sides("post:query", POST)))
    return candidates, query


PROPERTY = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _same(left, right):
    assert keys(left) == keys(right)
    for a, b in zip(left, right, strict=True):
        assert a.score == pytest.approx(b.score, abs=1e-9)
        assert [type(r) for r in a.reasons] == [type(r) for r in b.reasons]
        assert reason(a, SharedThemes) == reason(b, SharedThemes)


@PROPERTY
@given(worlds(), st.sampled_from([None, 1, 3, 20]))
def test_index_equals_brute_force(world, limit):
    candidates, query = world
    index = MatchIndex.build(candidates, today=TODAY)
    _same(
        index.matches(query, today=TODAY, limit=limit),
        brute_force_matches(candidates, query, today=TODAY, limit=limit),
    )


@PROPERTY
@given(worlds())
def test_what_never_appears_and_scores_in_unit_interval(world):
    candidates, query = world
    by_key = {c.key: c for c in candidates}
    built_earlier = MatchIndex.build(candidates, today=TODAY - timedelta(days=3))
    found = ranked(candidates, query, limit=None)
    for match in found + built_earlier.matches(query, today=TODAY, limit=None):
        candidate = by_key[match.key]
        assert 0.0 <= match.score <= 1.0
        assert candidate.active
        assert candidate.expires_on is None or candidate.expires_on >= TODAY
        assert candidate.organisation != query.organisation
        assert candidate.kind == ORGANISATION or candidate.direction != query.direction
        assert any(isinstance(r, (SharedThemes, SimilarText)) for r in match.reasons)


@PROPERTY
@given(worlds(), st.randoms(use_true_random=False))
def test_deterministic_whatever_the_order_of_candidates(world, rng):
    candidates, query = world
    first = ranked(candidates, query, limit=None)
    assert ranked(candidates, query, limit=None) == first
    shuffled = list(candidates)
    rng.shuffle(shuffled)
    assert ranked(shuffled, query, limit=None) == first


@PROPERTY
@given(worlds(), st.data())
def test_adding_a_shared_theme_never_lowers_a_score(world, data):
    candidates, query = world
    if not candidates or not query.themes:
        return
    position = data.draw(st.integers(0, len(candidates) - 1))
    theme = data.draw(st.sampled_from(sorted(query.themes)))
    before = {m.key: m.score for m in ranked(candidates, query, limit=None)}
    changed = list(candidates)
    target = changed[position]
    changed[position] = dataclasses.replace(target, themes=target.themes | {theme})
    after = {m.key: m.score for m in ranked(changed, query, limit=None)}
    assert after.get(target.key, 0.0) >= before.get(target.key, 0.0)
    brute = {m.key: m.score for m in brute_force_matches(changed, query, today=TODAY, limit=None)}
    assert brute.get(target.key, 0.0) >= before.get(target.key, 0.0) - 1e-9


def test_brute_force_is_reusable_across_queries():
    world = [offer("offer:1", "Cloud", themes={"Cloud"}), offer("offer:2", "IoT", themes={"IoT"})]
    brute = BruteForce.build(world, today=TODAY)
    for title in ("Cloud", "IoT"):
        query = need("need:q", title, themes={title})
        assert keys(brute.matches(query, today=TODAY)) == keys(ranked(world, query))


def test_complementary_kinds_are_need_side_then_offer_side():
    assert (INDUSTRY, DIGITAL_COMPANY) in COMPLEMENTARY_KINDS
    assert (DIGITAL_COMPANY, ARTISAN) not in COMPLEMENTARY_KINDS
    query_offer = offer("offer:q", "Cloud", themes={"Cloud"}, organisation_kind=DIGITAL_COMPANY)
    query_offer = Query(
        **{f.name: getattr(query_offer, f.name) for f in dataclasses.fields(query_offer)}
    )
    artisan_need = need(
        "need:1",
        "Cloud",
        themes={"Cloud"},
        organisation="organisation:a",
        organisation_kind=ARTISAN,
    )
    (match,) = ranked([artisan_need], query_offer)
    assert reason(match, ComplementaryKinds) == ComplementaryKinds(ARTISAN, DIGITAL_COMPANY, 0.05)


@given(st.text())
def test_analysing_chunk_by_chunk_is_analysing_the_whole_text(text):
    whole = [
        word[:-1] if len(word) > 3 and word[-1] in "sx" and not word.endswith("ss") else word
        for word in normalise_for_search(text).split()
        if len(word) > 1 and word not in STOP_WORDS
    ]
    assert analyse(text) == whole
