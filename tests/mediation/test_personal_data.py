"""What mediation holds about an account: the export of a mediator's records, the erasure
(records kept for the statistics, first names known only to them gone, links revoked), and
the retention of the people accompanied."""

import datetime as dt

import pytest
from django.utils import timezone

from maillage.core.personal_data import personal_data_sections
from maillage.mediation import services
from maillage.mediation.models import Beneficiary, MediationActivity, ShareLink
from tests.factories import UserFactory
from tests.mediation.factories import days_ago, mediator, person, record

pytestmark = pytest.mark.django_db


def section():
    return next(s for s in personal_data_sections() if s.name == "mediation")


def test_the_export_holds_the_records_and_no_first_name():
    sam = mediator()
    jeanne = person(sam, first_name="Jeanne")
    record(sam, beneficiary=jeanne, themes=["email", "sante"], duration_minutes=45)
    record(sam, kind="collective", participant_count=5)
    exported = section().export(sam)
    assert exported["activities_recorded"] == 2
    assert exported["minutes"] == 75 and exported["participants"] == 6
    assert exported["activities"][0]["themes"] == ["email", "sante"]
    assert "Jeanne" not in str(exported)


def test_erasing_keeps_the_records_and_forgets_what_only_they_knew():
    sam, lou, coordinator = mediator(), mediator(), UserFactory(roles=["coordinator"])
    only_theirs = person(sam, first_name="Jeanne")
    shared = person(sam, first_name="Marcel")
    record(sam, beneficiary=only_theirs)
    record(sam, beneficiary=shared)
    # Somebody else also accompanied Marcel: recorded twice, merged by the coordination.
    twice = person(lou, first_name="Marcel")
    record(lou, beneficiary=twice)
    services.beneficiaries_merge(keep=shared, duplicate=twice, actor=coordinator)
    link = services.share_link_create(
        actor=sam, scope="mediator", mediator=sam, date_from=days_ago(9),
        date_to=timezone.localdate(),
    )  # fmt: skip
    changed = section().erase(sam)
    assert changed >= 3
    only_theirs.refresh_from_db(), shared.refresh_from_db()
    assert only_theirs.first_name == "" and only_theirs.anonymised_at is not None
    assert shared.first_name == "Marcel"  # lou also accompanies him
    assert MediationActivity.objects.filter(mediator=sam).count() == 2  # the figures stay
    assert ShareLink.objects.get(pk=link.pk).revoked_at is not None


def test_expiry_is_registered_and_anonymises_after_the_retention_period():
    sam = mediator()
    old = person(sam, first_name="Odette")
    record(sam, beneficiary=old, date=days_ago(900))
    Beneficiary.objects.filter(pk=old.pk).update(created_at=timezone.now() - dt.timedelta(days=900))
    assert section().expire(timezone.now()) == 1
    old.refresh_from_db()
    assert old.first_name == "" and old.activities.count() == 1
