import pytest

from maillage.accounts.services import person_data_export, person_erase
from maillage.booking.models import CalendarFeedKey
from maillage.booking.selectors import calendar_feed_owner
from maillage.booking.services import calendar_feed_key_issue
from maillage.core.models import Activity
from tests.booking.conftest import NOW
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_the_calendar_key_is_exported_without_the_key_and_erased():
    person = UserFactory(roles=["member"])
    key = calendar_feed_key_issue(user=person, now=NOW)
    exported = person_data_export(user=person)["sections"]["booking"]["calendar_feed"]
    key.refresh_from_db()
    assert exported == {
        "created_at": key.created_at.isoformat(),
        "expires_at": key.expires_at.isoformat(),
    }
    assert key.key not in str(person_data_export(user=person))
    person_erase(user=person)
    assert not CalendarFeedKey.objects.exists()
    assert calendar_feed_owner(key=key.key, now=NOW) is None
    assert not Activity.objects.filter(verb__startswith="calendar_feed.").exists()


def test_without_a_calendar_key_nothing_is_exported():
    assert person_data_export(user=UserFactory())["sections"]["booking"]["calendar_feed"] is None
