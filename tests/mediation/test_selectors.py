"""Reads of mediation: who sees whom, the entry form's defaults, and the statistics — whose
totals must equal the sums of the records, whatever the records (hypothesis)."""

from collections import Counter

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from maillage.mediation import selectors, services
from maillage.mediation.models import MediationActivity
from maillage.mediation.selectors import StatisticsScope
from tests.factories import UserFactory
from tests.mediation.factories import a_place, commune, days_ago, mediator, person, record

pytestmark = pytest.mark.django_db


def test_a_mediator_sees_the_people_they_created_or_accompanied_only():
    sam, lou, max_ = mediator(), mediator(), mediator()
    created = person(sam, first_name="Créée")
    accompanied = person(max_, first_name="Partagée")
    record(max_, beneficiary=accompanied)
    duplicate = person(lou)
    record(lou, beneficiary=duplicate)
    coordinator = UserFactory(roles=["coordinator"])
    # The same person recorded by two mediators, merged by the coordination: lou now
    # accompanies a person max_ created.
    services.beneficiaries_merge(keep=accompanied, duplicate=duplicate, actor=coordinator)
    others = person(lou, first_name="Autre")
    assert set(selectors.beneficiaries_visible_to(user=sam)) == {created}
    assert set(selectors.beneficiaries_visible_to(user=lou)) == {accompanied, others}
    assert set(selectors.beneficiaries_visible_to(user=coordinator)) >= {created, others}
    assert selectors.beneficiary_get(user=sam, pk=others.pk) is None
    place_manager = UserFactory(roles=["place_manager"])
    assert not selectors.beneficiaries_visible_to(user=place_manager).exists()


def test_first_names_are_for_their_mediators_only():
    sam = mediator()
    jeanne = person(sam, first_name="Jeanne")
    coordinator = UserFactory(roles=["coordinator"])
    assert selectors.knows_name(sam, jeanne)
    assert not selectors.knows_name(coordinator, jeanne)
    assert list(selectors.beneficiary_search(user=sam, query="jean")) == [jeanne]
    assert list(selectors.beneficiary_search(user=coordinator, query="jean")) == []
    assert list(selectors.beneficiary_search(user=coordinator, query=str(jeanne.pk))) == [jeanne]


def test_the_entry_form_starts_from_the_last_choices_and_usual_themes():
    sam = mediator()
    assert selectors.entry_defaults(user=sam).kind == "individual"
    place = a_place()
    for _ in range(3):
        record(sam, themes=["sante"], place=place, duration_minutes=45)
    record(sam, themes=["bureautique"], place=place, duration_minutes=45)
    defaults = selectors.entry_defaults(user=sam)
    assert (defaults.place_id, defaults.duration_minutes) == (place.pk, 45)
    themes, frequent = selectors.themes_for_entry(user=sam, since=days_ago(365))
    assert [t.slug for t in themes[:2]] == ["sante", "bureautique"]
    assert len(frequent) == 2
    someone = person(sam)
    record(sam, beneficiary=someone)
    assert selectors.beneficiaries_recent(user=sam)[0] == someone


def test_a_commune_is_found_by_suggestion_code_or_name():
    assert selectors.commune_resolve(text="Monteux (84080)").code == "84080"
    assert selectors.commune_resolve(text="84031").nom == "Carpentras"
    assert selectors.commune_resolve(text="carpentras").code == "84031"
    assert selectors.commune_resolve(text="Nulle-Part-Sur-Mer") is None


def test_scopes_allowed_to_each_role():
    sam = mediator()
    place = a_place()
    manager = UserFactory(roles=["place_manager"])
    place.managers.add(manager)
    coordinator = UserFactory(roles=["coordinator"])
    assert selectors.scope_allowed(sam, StatisticsScope("mediator", mediator_id=sam.pk))
    assert not selectors.scope_allowed(sam, StatisticsScope("hub"))
    assert not selectors.scope_allowed(sam, StatisticsScope("place", place_id=place.pk))
    assert selectors.scope_allowed(manager, StatisticsScope("place", place_id=place.pk))
    assert not selectors.scope_allowed(manager, StatisticsScope("place", place_id=a_place().pk))
    assert selectors.scope_allowed(coordinator, StatisticsScope("hub"))
    assert selectors.scope_default(manager) == StatisticsScope("place", place_id=place.pk)


def test_statistics_of_a_small_year():
    sam = mediator()
    place = a_place()
    jeanne = person(sam, commune=commune("84031"))
    record(sam, beneficiary=jeanne, themes=["email", "sante"], autonomy="partial", place=place,
           date=days_ago(10), duration_minutes=60)  # fmt: skip
    record(sam, beneficiary=jeanne, themes=["email"], place=place, date=days_ago(40),
           referral_text="CAF")  # fmt: skip
    record(sam, kind="procedure", themes=["logement"], place=place, date=days_ago(5))
    record(sam, kind="collective", participant_count=7, themes=["securite-numerique"],
           place=place, date=days_ago(5), duration_minutes=120)  # fmt: skip
    record(sam, date=days_ago(500))  # out of the period
    found = selectors.mediation_statistics(
        scope=StatisticsScope("mediator", mediator_id=sam.pk),
        date_from=days_ago(364),
        date_to=timezone.localdate(),
    )
    assert found.totals.activities == 4
    assert found.totals.participants == 1 + 1 + 1 + 7
    assert found.totals.minutes == 60 + 30 + 30 + 120
    assert found.people == 1 + 1 + 7  # Jeanne, the anonymous procedure, the workshop
    assert {s.key: s.count for s in found.themes if s.count} == {
        "email": 2, "sante": 1, "securite-numerique": 1,
    }  # fmt: skip
    assert {s.key: s.count for s in found.procedure_themes if s.count} == {"logement": 1}
    assert {c.code: c.count for c in found.communes} == {"84031": 2, "84080": 8}
    assert {s.key: s.count for s in found.autonomy} == {
        "": 2, "accompanied": 0, "partial": 1, "autonomous": 0,
    }  # fmt: skip
    assert found.referrals == 1
    assert len(found.by_month) in (12, 13)
    assert sum(f.activities for _m, f in found.by_month) == 4
    header, rows = selectors.statistics_table(found)
    assert header[0] == "Rubrique" and rows[0][2] == 4


def test_statistics_are_a_few_grouped_queries_whatever_the_records():
    sam = mediator()
    for day in range(20):
        record(sam, date=days_ago(day), themes=["email", "sante"])
    with CaptureQueriesContext(connection) as queries:
        selectors.mediation_statistics(
            scope=StatisticsScope("hub"), date_from=days_ago(364), date_to=timezone.localdate()
        )
    assert len(queries) <= 10
    assert all("GROUP BY" in q["sql"] or "COUNT(" in q["sql"] or "FROM \"territory" in q["sql"]
               or "FROM \"directory" in q["sql"] or "FROM \"mediation_theme\"" in q["sql"]
               for q in queries.captured_queries)  # fmt: skip


THEMES = ["email", "sante", "logement"]
record_strategy = st.fixed_dictionaries(
    {
        "kind": st.sampled_from(["individual", "collective", "procedure"]),
        "days": st.integers(0, 420),
        "minutes": st.integers(1, 720),
        "participants": st.integers(1, 30),
        "person": st.sampled_from(["none", "new", "again"]),
        "themes": st.lists(st.sampled_from(THEMES), min_size=1, max_size=3, unique=True),
        "mediator": st.integers(0, 1),
        "where": st.sampled_from(["place0", "place1", "home", "remote"]),
        "autonomy": st.sampled_from(["", "accompanied", "partial", "autonomous"]),
    }
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow,
          HealthCheck.function_scoped_fixture])  # fmt: skip
@given(records=st.lists(record_strategy, max_size=12), scope_kind=st.sampled_from(
    ["hub", "mediator", "place"]))  # fmt: skip
def test_statistics_totals_equal_the_sums_of_the_records(records, scope_kind):
    with transaction.atomic():
        mediators = [mediator(), mediator()]
        places = [a_place(), a_place(commune_id="84031", commune_nom="Carpentras")]
        people: list = []
        kept = []
        for spec in records:
            by = mediators[spec["mediator"]]
            values = {
                "kind": spec["kind"], "date": days_ago(spec["days"]),
                "duration_minutes": spec["minutes"], "themes": spec["themes"],
            }  # fmt: skip
            if spec["where"].startswith("place"):
                values["place"] = places[int(spec["where"][-1])]
            else:
                values["place_kind"] = spec["where"]
            if spec["kind"] == "collective":
                values.update(title="Atelier", participant_count=spec["participants"])
            else:
                values["autonomy"] = spec["autonomy"]
                mine = [p for p in people if p[1] is by]
                if spec["person"] == "new":
                    values["new_beneficiary"] = services.Profile(commune=commune("84088"))
                elif spec["person"] == "again" and mine:
                    values["beneficiary"] = mine[-1][0]
            activity = services.mediation_activity_create(mediator=by, **values)
            if activity.beneficiary and spec["person"] == "new":
                people.append((activity.beneficiary, by))
            kept.append(activity)
        scope = {
            "hub": StatisticsScope("hub"),
            "mediator": StatisticsScope("mediator", mediator_id=mediators[0].pk),
            "place": StatisticsScope("place", place_id=places[0].pk),
        }[scope_kind]
        date_from, date_to = days_ago(364), timezone.localdate()
        found = selectors.mediation_statistics(scope=scope, date_from=date_from, date_to=date_to)

        def in_scope(a: MediationActivity) -> bool:
            if not date_from <= a.date <= date_to:
                return False
            if scope.kind == "mediator":
                return a.mediator_id == scope.mediator_id
            if scope.kind == "place":
                return a.place_id == scope.place_id
            return True

        chosen = [a for a in kept if in_scope(a)]
        assert found.totals.activities == len(chosen)
        assert found.totals.participants == sum(a.participant_count for a in chosen)
        assert found.totals.minutes == sum(a.duration_minutes for a in chosen)
        assert sum(f.activities for _m, f in found.by_month) == len(chosen)
        assert sum(f.minutes for _k, _l, f in found.by_kind) == found.totals.minutes
        named = {a.beneficiary_id for a in chosen if a.beneficiary_id}
        nameless = sum(1 for a in chosen if a.kind != "collective" and not a.beneficiary_id)
        workshops = sum(a.participant_count for a in chosen if a.kind == "collective")
        assert found.people == len(named) + nameless + workshops
        theme_counts = Counter(t.slug for a in chosen for t in a.themes.all())
        found_themes = {s.key: s.count for s in found.themes + found.procedure_themes if s.count}
        assert found_themes == dict(theme_counts)
        communes = Counter()
        for a in chosen:
            if a.people_commune_id:
                communes[a.people_commune_id] += a.participant_count
        assert {c.code: c.count for c in found.communes} == dict(communes)
        assert sum(s.count for s in found.autonomy) == sum(
            1 for a in chosen if a.kind != "collective"
        )
        transaction.set_rollback(True)
