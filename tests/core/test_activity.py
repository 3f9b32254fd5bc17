import pytest
from django.db import DatabaseError, models, transaction

from maillage.core.models import Activity, AppendOnlyError
from maillage.core.selectors import activity_list
from maillage.core.services import activity_record
from maillage.territory.models import Commune
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_record_names_the_actor_and_the_target():
    user = UserFactory(email="coordination@example.org")
    monteux = Commune.objects.get(code="84080")
    activity = activity_record(
        verb="commune.viewed", actor=user, target=monteux, data={"why": "test"}
    )
    assert activity.actor == user
    assert activity.target_id == "84080"
    assert activity.target_label == "Monteux (84080)"
    assert activity_list(verb="commune.viewed")[0] == activity


def test_a_row_cannot_be_changed_or_deleted_through_the_model():
    activity = activity_record(verb="something.happened")
    activity.verb = "something.else"
    with pytest.raises(AppendOnlyError):
        activity.save()
    with pytest.raises(AppendOnlyError):
        activity.delete()


def test_querysets_refuse_bulk_changes():
    activity_record(verb="something.happened")
    with pytest.raises(AppendOnlyError):
        Activity.objects.all().update(verb="rewritten")
    with pytest.raises(AppendOnlyError):
        Activity.objects.all().delete()
    assert Activity.objects.filter(verb="something.happened").exists()


def test_the_database_refuses_updates_too():
    activity = activity_record(verb="something.happened")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        # Past the ORM's guard, straight to the database.
        models.QuerySet(Activity).filter(pk=activity.pk).update(verb="rewritten")
    assert Activity.objects.get(pk=activity.pk).verb == "something.happened"
