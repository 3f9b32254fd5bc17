import datetime as dt

import pytest

from maillage.accompaniment.models import Accompaniment, Step
from maillage.accompaniment.services import (
    AccompanimentRefused,
    accompaniment_close,
    accompaniment_create,
    accompaniment_create_for_new_company,
    accompaniment_update,
    step_add,
)
from maillage.core.models import Activity
from maillage.directory.models import Organisation
from maillage.territory.models import Commune
from tests.accompaniment.factories import TODAY, accompaniment_of, company
from tests.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def mediator():
    return UserFactory(roles=["mediator"])


def refusal(call, **kwargs) -> AccompanimentRefused:
    with pytest.raises(AccompanimentRefused) as refused:
        call(**kwargs)
    return refused.value


def test_open_add_steps_and_close(mediator):
    partner = OrganisationFactory(name="Pixel Ventoux", kind=Organisation.Kind.DIGITAL_COMPANY)
    accompaniment = accompaniment_of(referent=mediator, description="  Site vitrine ")
    assert accompaniment.status == "open" and accompaniment.description == "Site vitrine"
    step_add(accompaniment=accompaniment, kind="diagnostic", date=dt.date(2026, 1, 10),
             minutes=90, actor=mediator, today=TODAY)  # fmt: skip
    step = step_add(accompaniment=accompaniment, kind="introduction", date=dt.date(2026, 2, 3),
                    minutes=45, partner=partner, actor=mediator, today=TODAY)  # fmt: skip
    assert step.author == mediator and list(accompaniment.partners.all()) == [partner]
    closed = accompaniment_close(accompaniment=accompaniment, status="done",
                                 outcome_kind="delivered", outcome="Site en ligne",
                                 actor=mediator, today=TODAY)  # fmt: skip
    assert (closed.status, closed.closed_on, closed.outcome_kind) == ("done", TODAY, "delivered")
    verbs = list(Activity.objects.filter(verb__startswith="accompaniment.").values_list(
        "verb", flat=True).order_by("pk"))  # fmt: skip
    assert verbs == ["accompaniment.created", "accompaniment.step_added",
                     "accompaniment.step_added", "accompaniment.done"]  # fmt: skip


def test_refusals_when_opening(mediator):
    organisation = company()
    common = {"organisation": organisation, "need": "website", "actor": mediator, "today": TODAY}
    assert refusal(accompaniment_create, **common,
                   started_on=TODAY + dt.timedelta(days=1)).rule == "future"  # fmt: skip
    assert refusal(accompaniment_create, **{**common, "need": "teleportation"},
                   started_on=TODAY).rule == "need"  # fmt: skip
    assert refusal(accompaniment_create, **common, started_on=TODAY,
                   referent=UserFactory(roles=["member"])).rule == "referent_not_staff"  # fmt: skip
    assert refusal(accompaniment_create, **common, started_on=TODAY,
                   partners=[organisation]).rule == "partner_is_company"  # fmt: skip
    assert not Accompaniment.objects.exists()


@pytest.mark.parametrize(
    ("changes", "rule", "field"),
    [
        ({"date": TODAY + dt.timedelta(days=1)}, "future", "date"),
        ({"date": dt.date(2026, 1, 9)}, "before_start", "date"),
        ({"minutes": 0}, "duration", "minutes"),
        ({"minutes": 12 * 60 + 1}, "duration", "minutes"),
        ({"kind": "lunch"}, "kind", "kind"),
    ],
)
def test_step_refusals(mediator, changes, rule, field):
    accompaniment = accompaniment_of(referent=mediator)
    step = {"accompaniment": accompaniment, "kind": "advice", "date": TODAY, "minutes": 60,
            "actor": mediator, "today": TODAY, **changes}  # fmt: skip
    refused = refusal(step_add, **step)
    assert (refused.rule, refused.field) == (rule, field)
    assert not Step.objects.exists()


def test_twelve_hours_is_the_longest_step(mediator):
    accompaniment = accompaniment_of(referent=mediator)
    step = step_add(accompaniment=accompaniment, kind="prototype", date=TODAY, minutes=720,
                    actor=mediator, today=TODAY)  # fmt: skip
    assert step.hours == 12


def test_a_closed_accompaniment_takes_no_step_and_does_not_close_twice(mediator):
    accompaniment = accompaniment_of(referent=mediator)
    accompaniment_close(accompaniment=accompaniment, status="abandoned",
                        outcome_kind="no_follow_up", actor=mediator, today=TODAY)  # fmt: skip
    refused = refusal(step_add, accompaniment=accompaniment, kind="advice", date=TODAY,
                      minutes=30, actor=mediator, today=TODAY)  # fmt: skip
    assert (refused.rule, refused.status) == ("closed", 409)
    again = refusal(accompaniment_close, accompaniment=accompaniment, status="done",
                    outcome_kind="delivered", actor=mediator, today=TODAY)  # fmt: skip
    assert (again.rule, again.status) == ("already_closed", 409)
    assert refusal(accompaniment_update, accompaniment=accompaniment, actor=mediator,
                   need="website", description="", referent=None,
                   partners=[]).rule == "closed"  # fmt: skip


@pytest.mark.parametrize(
    ("kwargs", "rule"),
    [
        ({"status": "open", "outcome_kind": "delivered"}, "status"),
        ({"status": "done", "outcome_kind": ""}, "outcome_required"),
        ({"status": "done", "outcome_kind": "delivered",
          "closed_on": TODAY + dt.timedelta(days=1)}, "future"),
        ({"status": "done", "outcome_kind": "delivered", "closed_on": dt.date(2026, 3, 1)},
         "before_steps"),
    ],
)  # fmt: skip
def test_close_refusals(mediator, kwargs, rule):
    accompaniment = accompaniment_of(referent=mediator)
    step_add(accompaniment=accompaniment, kind="advice", date=dt.date(2026, 3, 2), minutes=30,
             actor=mediator, today=TODAY)  # fmt: skip
    assert refusal(accompaniment_close, accompaniment=accompaniment, actor=mediator,
                   today=TODAY, **kwargs).rule == rule  # fmt: skip
    accompaniment.refresh_from_db()
    assert accompaniment.status == "open"


def test_the_database_keeps_steps_within_bounds(mediator):
    from django.db import IntegrityError, transaction

    accompaniment = accompaniment_of(referent=mediator)
    with pytest.raises(IntegrityError), transaction.atomic():
        Step.objects.create(accompaniment=accompaniment, kind="advice", date=TODAY, minutes=0)
    with pytest.raises(IntegrityError), transaction.atomic():
        Accompaniment.objects.filter(pk=accompaniment.pk).update(status="done")


def test_a_new_company_and_its_accompaniment_come_together(mediator):
    commune = Commune.objects.get(code="84080")
    accompaniment = accompaniment_create_for_new_company(
        company_name="  Savonnerie   des Lavandes ", company_kind="artisan", commune=commune,
        need="ecommerce", started_on=TODAY, actor=mediator, today=TODAY,
    )  # fmt: skip
    company_ = accompaniment.organisation
    assert (company_.name, company_.kind, company_.latitude) == (
        "Savonnerie des Lavandes", "artisan", commune.latitude,
    )  # fmt: skip
    refused = refusal(accompaniment_create_for_new_company, company_name="savonnerie des "
                      "lavandes", company_kind="artisan", commune=None, need="ecommerce",
                      started_on=TODAY, actor=mediator, today=TODAY)  # fmt: skip
    assert refused.rule == "company_exists"
    before = Organisation.objects.count()
    refusal(accompaniment_create_for_new_company, company_name="Cave du Lez",
            company_kind="artisan", commune=None, need="ecommerce",
            started_on=TODAY + dt.timedelta(days=3), actor=mediator, today=TODAY)  # fmt: skip
    assert Organisation.objects.count() == before  # nothing half-written


def test_update_changes_need_referent_and_partners(mediator):
    coordinator = UserFactory(roles=["coordinator"])
    accompaniment = accompaniment_of(referent=mediator)
    partner = OrganisationFactory(name="Campus numérique du Ventoux")
    accompaniment_update(accompaniment=accompaniment, actor=coordinator, need="training",
                         description="Former l'équipe", referent=coordinator,
                         partners=[partner])  # fmt: skip
    accompaniment.refresh_from_db()
    assert (accompaniment.need, accompaniment.referent) == ("training", coordinator)
    assert list(accompaniment.partners.all()) == [partner]
