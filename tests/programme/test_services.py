import datetime as dt

import pytest
from django.utils import timezone

from maillage.programme.models import Registration
from maillage.programme.services import (
    RegistrationRefused,
    attendance_mark,
    registration_cancel,
    registration_create,
)

pytestmark = pytest.mark.django_db


def register(session, n, **extra):
    return registration_create(
        session=session, name=f"Personne {n}", email=f"p{n}@example.org", **extra
    )


def test_seats_then_waiting_list_then_promotion(session):
    first, second, third, fourth = (register(session, n) for n in range(4))
    assert [r.state for r in (first, second, third, fourth)] == [
        "registered",
        "registered",
        "waiting",
        "waiting",
    ]
    cancelled, promoted = registration_cancel(registration=first)
    assert cancelled.state == "cancelled" and promoted.pk == third.pk
    promoted.refresh_from_db()
    assert promoted.state == "registered" and promoted.promoted_at is not None
    _cancelled, nobody = registration_cancel(registration=fourth)  # a waiting person leaves
    assert nobody is None


@pytest.mark.parametrize(
    ("change", "rule", "field"),
    [
        ({"email": "P0@example.org"}, "duplicate", "email"),  # case does not matter
        ({"email": "", "phone": ""}, "contact_required", "email"),
        ({"name": " "}, "name_required", "name"),
    ],
)
def test_bad_registrations_name_the_rule(session, change, rule, field):
    register(session, 0)
    with pytest.raises(RegistrationRefused) as refused:
        registration_create(
            session=session, **{"name": "Jeanne", "email": "j@example.org", **change}
        )
    assert (refused.value.rule, refused.value.field) == (rule, field)
    assert Registration.objects.count() == 1


def test_deadline_past_and_cancelled_sessions(session):
    late = session.start - dt.timedelta(hours=1)  # the deadline is 2 h before
    with pytest.raises(RegistrationRefused, match="closes"):
        register(session, 1, now=late)
    with pytest.raises(RegistrationRefused) as refused:
        register(session, 1, now=session.start + dt.timedelta(minutes=1))
    assert refused.value.rule == "past"
    session.is_cancelled = True
    session.save()
    with pytest.raises(RegistrationRefused, match="annulée"):
        register(session, 1)
    assert not Registration.objects.exists()


def test_cancelling_twice_and_attendance(session):
    seated = register(session, 0)
    attendance_mark(registration=seated, present=True)
    with pytest.raises(RegistrationRefused):
        registration_cancel(registration=seated)
    other = register(session, 1)
    registration_cancel(registration=other)
    with pytest.raises(RegistrationRefused) as refused:
        registration_cancel(registration=other)
    assert refused.value.rule == "already_cancelled"
    assert timezone.now() < session.start


def test_a_malformed_phone_and_a_zero_capacity_are_refused(session):
    with pytest.raises(RegistrationRefused) as refused:
        registration_create(session=session, name="Jeanne", phone="appelez-moi")
    assert refused.value.field == "phone"
    registration_create(session=session, name="Jeanne", phone="+33 4 90 66 97 11")
    from django.core.exceptions import ValidationError

    session.capacity = 0
    with pytest.raises(ValidationError) as invalid:
        session.full_clean()
    assert "capacity" in invalid.value.message_dict
