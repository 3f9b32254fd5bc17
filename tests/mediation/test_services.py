"""Writes of mediation records: what is kept, what each rule refuses (naming the field, writing
nothing), merging people, anonymising them after the retention period."""

import datetime as dt

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from maillage.core.models import Activity
from maillage.mediation import selectors, services
from maillage.mediation.models import (
    ActivityTheme,
    Beneficiary,
    MediationActivity,
    ShareLink,
    Theme,
)
from tests.factories import UserFactory
from tests.mediation.factories import (
    a_place,
    another_place,
    commune,
    days_ago,
    mediator,
    person,
    record,
)

pytestmark = pytest.mark.django_db


def counts() -> tuple[int, int, int, int]:
    return (
        MediationActivity.objects.count(),
        ActivityTheme.objects.count(),
        Beneficiary.objects.count(),
        Activity.objects.filter(verb__startswith="mediation_activity").count(),
    )


def test_the_national_themes_are_seeded_by_the_migration():
    slugs = set(Theme.objects.values_list("slug", flat=True))
    assert {"diagnostic-numerique", "email", "bureautique", "securite-numerique",
            "parentalite", "intelligence-artificielle", "insertion-professionnelle", "sante",
            "logement", "argent-impots", "justice"} <= slugs  # fmt: skip
    assert Theme.objects.filter(group="procedure").count() >= 10
    assert services.themes_ensure() == 0


def test_an_individual_session_is_recorded_with_its_person_and_themes():
    sam = mediator()
    place = a_place()
    activity = record(
        sam,
        place=place,
        themes=["email", "securite-numerique"],
        equipment=["phone"],
        new_beneficiary=services.Profile(
            first_name=" Jeanne ", age_band="70+", gender="female", commune=commune("84031")
        ),
        autonomy="partial",
        referral_text="France Services de Carpentras",
    )
    activity.refresh_from_db()
    assert activity.mediator == sam
    assert activity.location_commune_id == place.commune_id == "84080"
    assert activity.people_commune_id == "84031"  # where the person lives
    assert activity.used_phone and not activity.used_computer
    assert activity.referred
    assert activity.beneficiary.first_name == "Jeanne"
    assert activity.beneficiary.created_by == sam
    assert sorted(activity.themes.values_list("slug", flat=True)) == ["email", "securite-numerique"]
    links = ActivityTheme.objects.filter(activity=activity)
    assert {(link.date, link.mediator_id, link.place_id) for link in links} == {
        (activity.date, sam.pk, place.pk)
    }
    assert Activity.objects.filter(verb="mediation_activity.created", actor=sam).exists()


def test_a_collective_workshop_counts_participants_and_names_nobody():
    sam = mediator()
    workshop = record(sam, kind="collective", title="Smartphone pas à pas", participant_count=8,
                      level="beginner", duration_minutes=120)  # fmt: skip
    assert workshop.participant_count == 8
    assert workshop.beneficiary is None
    assert workshop.title == "Smartphone pas à pas"


@pytest.mark.parametrize(
    ("changes", "field", "rule"),
    [
        ({"duration_minutes": 0}, "duration_minutes", "duration_positive"),
        ({"duration_minutes": -15}, "duration_minutes", "duration_positive"),
        ({"duration_minutes": 12 * 60 + 1}, "duration_minutes", "duration_too_long"),
        ({"duration_minutes": "30"}, "duration_minutes", "duration"),
        ({"date": timezone.localdate() + dt.timedelta(days=1)}, "date", "future"),
        ({"date": None}, "date", "date_required"),
        ({"themes": ["email", "astrologie"]}, "themes", "theme_unknown"),
        ({"themes": []}, "themes", "themes_required"),
        ({"kind": "webinar"}, "kind", "kind"),
        ({"place_kind": "place", "place": None}, "place", "place_required"),
        ({"place_kind": "other", "commune": None}, "commune", "commune_required"),
        ({"equipment": ["fax"]}, "equipment", "equipment"),
        ({"autonomy": "expert"}, "autonomy", "autonomy"),
        ({"participant_count": 4}, "participant_count", "participants_individual"),
        ({"kind": "collective", "title": ""}, "title", "title_required"),
        ({"kind": "collective", "participant_count": 0}, "participant_count", "participants"),
        ({"kind": "collective", "autonomy": "partial"}, "autonomy", "autonomy_collective"),
        (
            {"new_beneficiary": services.Profile(age_band="101+")},
            "new_age_band",
            "age_band",
        ),
    ],
)
def test_bad_input_is_refused_naming_the_field_and_nothing_is_written(changes, field, rule):
    sam = mediator()
    place = a_place()
    before = counts()
    values = {"kind": "individual", "date": timezone.localdate(), "duration_minutes": 30,
              "themes": ["email"], "place": place, **changes}  # fmt: skip
    if values["kind"] == "collective":
        values.setdefault("title", "Atelier")
        values.setdefault("participant_count", 5)
    with pytest.raises(services.MediationRefused) as refused:
        services.mediation_activity_create(mediator=sam, **values)
    assert (refused.value.field, refused.value.rule) == (field, rule)
    assert str(refused.value)  # a sentence for people
    assert counts() == before


def test_a_new_person_is_not_created_when_the_activity_is_refused():
    sam = mediator()
    before = Beneficiary.objects.count()
    with pytest.raises(services.MediationRefused):
        services.mediation_activity_create(
            mediator=sam, kind="individual", date=timezone.localdate(), duration_minutes=30,
            themes=["nope"], place=a_place(), new_beneficiary=services.Profile(first_name="Al"),
        )  # fmt: skip
    assert Beneficiary.objects.count() == before


def test_a_mediator_cannot_record_with_another_mediators_person():
    sam, lou = mediator(), mediator()
    theirs = person(lou, first_name="Marcel")
    before = counts()
    with pytest.raises(services.MediationRefused) as refused:
        record(sam, beneficiary=theirs)
    assert refused.value.field == "beneficiary"
    assert refused.value.status == 404
    assert counts() == before


def test_the_coordination_cannot_make_itself_a_persons_mediator_to_read_the_first_name():
    """Finding 6 of issue 14: recording an activity with a person made the recorder one of
    their mediators, who see the first name; the coordination sees every person, so it
    could unlock any first name. Now only those who already accompany a person record with
    them, and nothing is written."""
    lou = mediator()
    theirs = person(lou, first_name="Marcel")
    coordinator = UserFactory(roles=["coordinator"])
    before = counts()
    with pytest.raises(services.MediationRefused) as refused:
        record(coordinator, beneficiary=theirs)
    assert (refused.value.field, refused.value.status) == ("beneficiary", 404)
    assert counts() == before
    assert services.beneficiary_names_reveal(viewer=coordinator, people=[theirs], page="test") == {
        theirs.pk: f"Personne n° {theirs.pk}"
    }
    # With their own people, and with the people they created, they record as anybody.
    own = person(coordinator, first_name="Alice")
    assert record(coordinator, beneficiary=own).beneficiary == own
    assert record(coordinator, beneficiary=own).beneficiary == own
    # The coordination still changes another mediator's record, keeping its person.
    activity = record(lou, beneficiary=theirs)
    services.mediation_activity_update(
        activity=activity, actor=coordinator, kind="individual", date=activity.date,
        duration_minutes=60, themes=["email"], place=activity.place, beneficiary=theirs,
    )  # fmt: skip
    assert not selectors.knows_name(coordinator, theirs)


def test_members_may_not_record():
    member = UserFactory(roles=["member"])
    with pytest.raises(services.MediationRefused) as refused:
        record(member)
    assert refused.value.status == 403


def test_the_database_refuses_what_the_service_refuses():
    sam = mediator()
    activity = record(sam)
    with pytest.raises(IntegrityError), transaction.atomic():
        MediationActivity.objects.filter(pk=activity.pk).update(duration_minutes=0)
    with pytest.raises(IntegrityError), transaction.atomic():
        MediationActivity.objects.filter(pk=activity.pk).update(participant_count=3)
    with pytest.raises(IntegrityError), transaction.atomic():
        Beneficiary.objects.create(first_name="Ana", anonymised_at=timezone.now())


def test_updating_an_activity_rewrites_its_themes_and_copies():
    sam = mediator()
    activity = record(sam, themes=["email"])
    other_place = a_place()
    services.mediation_activity_update(
        activity=activity, actor=sam, kind="individual", date=days_ago(3), duration_minutes=45,
        themes=["bureautique", "sante"], place=other_place,
    )  # fmt: skip
    links = list(ActivityTheme.objects.filter(activity=activity).order_by("theme__slug"))
    assert [link.theme.slug for link in links] == ["bureautique", "sante"]
    assert {(link.date, link.place_id) for link in links} == {(days_ago(3), other_place.pk)}
    lou = mediator()
    with pytest.raises(services.MediationRefused) as refused:
        services.mediation_activity_update(
            activity=activity, actor=lou, kind="individual", date=days_ago(3),
            duration_minutes=45, themes=["sante"], place=other_place,
        )  # fmt: skip
    assert refused.value.status == 404


def test_at_home_the_activity_takes_the_persons_commune():
    sam = mediator()
    someone = person(sam, commune=commune("84088"))
    activity = record(sam, place_kind="home", beneficiary=someone)
    assert activity.place is None
    assert activity.location_commune_id == "84088"
    remote = record(sam, place_kind="remote", commune=commune("84031"))
    assert remote.location_commune_id is None and remote.people_commune_id is None


def test_changing_a_persons_commune_moves_their_activities_on_the_map():
    sam = mediator()
    someone = person(sam)
    activity = record(sam, beneficiary=someone)
    assert activity.people_commune_id == "84080"  # where it took place
    services.beneficiary_update(
        beneficiary=someone, actor=sam, profile=services.Profile(commune=commune("84031"))
    )
    activity.refresh_from_db()
    assert activity.people_commune_id == "84031"


def test_merging_moves_the_activities_and_fills_the_blanks():
    sam = mediator()
    keep = person(sam, first_name="Jeanne", age_band="70+")
    duplicate = person(sam, first_name="Jeanne D.", gender="female", commune=commune("84031"))
    record(sam, beneficiary=keep)
    moved = [record(sam, beneficiary=duplicate), record(sam, beneficiary=duplicate)]
    merged = services.beneficiaries_merge(keep=keep, duplicate=duplicate, actor=sam)
    assert not Beneficiary.objects.filter(pk=duplicate.pk).exists()
    assert (merged.first_name, merged.age_band, merged.gender, merged.commune_id) == (
        "Jeanne", "70+", "female", "84031",
    )  # fmt: skip
    assert merged.activities.count() == 3
    assert {a.people_commune_id for a in MediationActivity.objects.filter(pk__in=[m.pk for m in moved])} == {"84031"}  # fmt: skip
    assert Activity.objects.filter(verb="beneficiary.merged").exists()


def test_merging_never_makes_anybody_a_mediator_of_a_person_they_did_not_accompany():
    """A merge moves activities and first names: whoever accompanies one person of the two
    only would come to know the other's first name. Refused to them (the coordination
    merges people it does not accompany, and mediators those they both accompany)."""
    lou = mediator()
    coordinator = UserFactory(roles=["coordinator"])
    theirs = person(lou, first_name="Marcel")
    record(lou, beneficiary=theirs)
    blank = person(coordinator)  # the coordination's own record, without a first name
    record(coordinator, beneficiary=blank)
    for keep, duplicate in ((blank, theirs), (theirs, blank)):
        with pytest.raises(services.MediationRefused) as refused:
            services.beneficiaries_merge(keep=keep, duplicate=duplicate, actor=coordinator)
        assert (refused.value.field, refused.value.status) == ("duplicate", 403)
    assert not selectors.knows_name(coordinator, theirs)
    assert Beneficiary.objects.filter(pk__in=[theirs.pk, blank.pk]).count() == 2
    # Two records of lou's and sam's for one person: the coordination merges them, and each
    # mediator now knows the person.
    sam = mediator()
    twice = person(sam, first_name="Marcel B.")
    record(sam, beneficiary=twice)
    merged = services.beneficiaries_merge(keep=theirs, duplicate=twice, actor=coordinator)
    assert selectors.knows_name(sam, merged) and selectors.knows_name(lou, merged)
    assert not selectors.knows_name(coordinator, merged)


def test_every_first_name_shown_is_logged_with_the_person_and_the_viewer():
    sam, lou = mediator(), mediator()
    jeanne, nameless = person(sam, first_name="Jeanne"), person(sam)
    theirs = person(lou, first_name="Zoé")
    labels = services.beneficiary_names_reveal(
        viewer=sam, people=[jeanne, nameless, theirs], page="mediation-beneficiaries"
    )
    assert labels == {
        jeanne.pk: f"Jeanne (Personne n° {jeanne.pk})",
        nameless.pk: f"Personne n° {nameless.pk}",
        theirs.pk: f"Personne n° {theirs.pk}",
    }
    shown = Activity.objects.filter(verb="beneficiary.name_shown")
    assert [(a.actor_id, a.target_id, a.data) for a in shown] == [
        (sam.pk, str(jeanne.pk), {"page": "mediation-beneficiaries"})
    ]
    assert "Jeanne" not in shown.get().target_label  # the log names the number, not the name


def test_an_activity_is_recorded_at_the_places_the_form_offers_only():
    """Finding 7 of issue 14: the form offers the hub's places, those one manages and those
    one recorded at before; the service (so the API too) refuses any other, naming `place`."""
    sam = mediator()
    hub_place, elsewhere = a_place(), another_place()
    assert set(selectors.places_for_entry(user=sam)) == {hub_place}
    before = counts()
    with pytest.raises(services.MediationRefused) as refused:
        record(sam, place=elsewhere)
    assert (refused.value.field, refused.value.rule, refused.value.status) == (
        "place", "place_not_yours", 422,
    )  # fmt: skip
    assert counts() == before
    record(sam, place=hub_place)
    elsewhere.managers.add(sam)  # a place one manages
    assert record(sam, place=elsewhere).place == elsewhere
    assert set(selectors.places_for_entry(user=sam)) == {hub_place, elsewhere}
    # Another's record keeps its place when the coordination changes it.
    lou = mediator()
    managed = another_place()
    managed.managers.add(lou)
    theirs = record(lou, place=managed)
    coordinator = UserFactory(roles=["coordinator"])
    services.mediation_activity_update(
        activity=theirs, actor=coordinator, kind="individual", date=theirs.date,
        duration_minutes=45, themes=["email"], place=managed,
    )  # fmt: skip
    with pytest.raises(services.MediationRefused) as refused:
        services.mediation_activity_update(
            activity=record(sam, place=hub_place), actor=sam, kind="individual",
            date=timezone.localdate(), duration_minutes=45, themes=["email"], place=managed,
        )  # fmt: skip
    assert refused.value.field == "place"


def test_a_mediator_cannot_merge_another_mediators_person():
    sam, lou = mediator(), mediator()
    mine, theirs = person(sam), person(lou)
    with pytest.raises(services.MediationRefused) as refused:
        services.beneficiaries_merge(keep=mine, duplicate=theirs, actor=sam)
    assert refused.value.field == "duplicate"
    assert Beneficiary.objects.filter(pk=theirs.pk).exists()
    with pytest.raises(services.MediationRefused):
        services.beneficiaries_merge(keep=mine, duplicate=mine, actor=sam)


def test_people_not_seen_for_the_retention_period_are_anonymised():
    sam = mediator()
    now = timezone.now()
    old, recent, never = person(sam, first_name="Old"), person(sam, first_name="Recent"), person(
        sam, first_name="Never", age_band="25-39", commune=commune("84031")
    )  # fmt: skip
    record(sam, beneficiary=old, date=days_ago(800))
    record(sam, beneficiary=recent, date=days_ago(800))
    record(sam, beneficiary=recent, date=days_ago(30))
    long_ago = now - dt.timedelta(days=800)
    Beneficiary.objects.filter(pk__in=[old.pk, recent.pk, never.pk]).update(created_at=long_ago)
    assert services.beneficiaries_expire(now=now) == 2
    old.refresh_from_db(), recent.refresh_from_db(), never.refresh_from_db()
    assert (old.first_name, recent.first_name, never.first_name) == ("", "Recent", "")
    assert old.anonymised_at is not None and recent.anonymised_at is None
    assert (never.age_band, never.commune_id) == ("25-39", "84031")  # kept for the statistics
    assert old.activities.count() == 1  # the activity stays
    assert services.beneficiaries_expire(now=now) == 0


def test_an_anonymised_person_takes_no_first_name_again():
    sam = mediator()
    someone = person(sam, first_name="Ana")
    services.beneficiary_anonymise(beneficiary=someone, actor=sam)
    with pytest.raises(services.MediationRefused) as refused:
        services.beneficiary_update(
            beneficiary=someone, actor=sam, profile=services.Profile(first_name="Ana")
        )
    assert refused.value.field == "first_name"


def test_months_before_keeps_the_day_or_takes_the_months_last():
    assert services.months_before(dt.date(2026, 3, 31), 1) == dt.date(2026, 2, 28)
    assert services.months_before(dt.date(2026, 1, 15), 24) == dt.date(2024, 1, 15)
    assert services.months_before(dt.date(2024, 2, 29), 12) == dt.date(2023, 2, 28)
    assert services.months_before(dt.date(2026, 1, 10), 1) == dt.date(2025, 12, 10)


def test_share_links_are_for_a_scope_one_may_see_and_revocable():
    sam, lou = mediator(), mediator()
    today = timezone.localdate()
    link = services.share_link_create(
        actor=sam, scope="mediator", mediator=sam, date_from=days_ago(30), date_to=today
    )
    assert link.is_active and len(link.token) >= 30
    with pytest.raises(services.MediationRefused):
        services.share_link_create(
            actor=sam, scope="mediator", mediator=lou, date_from=days_ago(30), date_to=today
        )
    with pytest.raises(services.MediationRefused):
        services.share_link_create(actor=sam, scope="hub", date_from=days_ago(3), date_to=today)
    with pytest.raises(services.MediationRefused):
        services.share_link_revoke(link=link, actor=lou)
    coordinator = UserFactory(roles=["coordinator"])
    services.share_link_revoke(link=link, actor=coordinator)
    assert ShareLink.objects.get(pk=link.pk).revoked_at is not None
