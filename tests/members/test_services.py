import datetime as dt
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from maillage.core.models import Activity
from maillage.members.models import (
    MEMBERSHIP_TRANSITIONS,
    DuesCall,
    DuesPayment,
    Membership,
    Representative,
)
from maillage.members.services import (
    DuesRefused,
    MembershipRefused,
    dues_call,
    dues_call_year,
    dues_pay,
    dues_rule_for,
    membership_create,
    membership_save,
    membership_set_listed,
    membership_transition,
    representative_add,
    representative_remove,
    volunteer_hours_log,
)
from tests.factories import OrganisationFactory, UserFactory
from tests.members.factories import DAY, college, member, rule

pytestmark = pytest.mark.django_db

ALL = list(Membership.Status.values)


# --- The membership's life -----------------------------------------------------------------


@pytest.mark.parametrize("start", ALL)
@pytest.mark.parametrize("to", ALL)
def test_only_the_transitions_of_the_table_are_accepted(start, to):
    membership = member("M", status="applicant")
    # Bring the membership to `start` along allowed paths.
    path = {"applicant": [], "active": ["active"], "lapsed": ["active", "lapsed"],
            "left": ["left"]}[start]  # fmt: skip
    for step in path:
        membership = membership_transition(membership=membership, to=step, on=DAY)
    assert membership.status == start
    if to in MEMBERSHIP_TRANSITIONS[start]:
        membership = membership_transition(membership=membership, to=to, on=DAY)
        assert membership.status == to
        assert (membership.ended_on is not None) == (to == "left")
    else:
        with pytest.raises(MembershipRefused) as refused:
            membership_transition(membership=membership, to=to, on=DAY)
        assert refused.value.rule == "transition" and refused.value.field == "status"
        assert "ne peut pas passer" in str(refused.value)
        membership.refresh_from_db()
        assert membership.status == start


def test_admission_dates_leaving_and_the_log():
    membership = member("Comtat", status="applicant")
    assert membership.started_on is None
    admitted = membership_transition(membership=membership, to="active", on=dt.date(2026, 3, 1))
    assert admitted.started_on == dt.date(2026, 3, 1) and admitted.ended_on is None
    lapsed = membership_transition(membership=admitted, to="lapsed", on=dt.date(2027, 1, 1))
    back = membership_transition(membership=lapsed, to="active", on=dt.date(2027, 2, 1))
    assert back.started_on == dt.date(2026, 3, 1)  # coming back keeps the first date
    left = membership_transition(membership=back, to="left", on=dt.date(2027, 6, 30))
    assert left.ended_on == dt.date(2027, 6, 30)
    changes = Activity.objects.filter(verb="membership.status_changed")
    verbs = [data for _pk, data in sorted(changes.values_list("pk", "data"))]
    assert [(d["from"], d["to"]) for d in verbs] == [
        ("applicant", "active"), ("active", "lapsed"), ("lapsed", "active"), ("active", "left"),
    ]  # fmt: skip


def test_leaving_before_joining_is_refused_and_nothing_changes():
    membership = member("Comtat")  # active since DAY
    with pytest.raises(MembershipRefused) as refused:
        membership_transition(membership=membership, to="left", on=DAY - dt.timedelta(days=1))
    assert refused.value.rule == "ends_before_start"
    membership.refresh_from_db()
    assert (membership.status, membership.ended_on) == ("active", None)


def test_a_societaire_is_admitted_into_a_college_given_by_code():
    applicant = member("Comtat", status="applicant", college_code=None)
    with pytest.raises(MembershipRefused) as refused:
        membership_transition(membership=applicant, to="active")
    assert refused.value.rule == "college_required" and refused.value.field == "college"
    college("salaries")
    with pytest.raises(MembershipRefused) as refused:
        membership_transition(membership=applicant, to="active", college="inconnu")
    assert refused.value.rule == "unknown_college" and refused.value.field == "college"
    assert "inconnu" in str(refused.value) and "salaries" in str(refused.value)
    applicant.refresh_from_db()
    assert applicant.status == "applicant" and applicant.college is None
    admitted = membership_transition(membership=applicant, to="active", college="salaries")
    assert admitted.college.slug == "salaries"


def test_the_status_changes_only_by_a_transition():
    membership = member("Comtat")
    membership.status = "left"
    with pytest.raises(MembershipRefused) as refused:
        membership_save(membership=membership)
    assert refused.value.rule == "status_by_transition"
    assert Membership.objects.get(pk=membership.pk).status == "active"


def test_unknown_college_and_other_refusals_at_creation():
    organisation = OrganisationFactory()
    with pytest.raises(MembershipRefused) as refused:
        membership_create(organisation=organisation, type="societaire", college="nowhere")
    assert (refused.value.rule, refused.value.field) == ("unknown_college", "college")
    with pytest.raises(MembershipRefused) as refused:
        membership_create(organisation=organisation, type="partner", college=college())
    assert refused.value.rule == "college_of_societaires"
    with pytest.raises(MembershipRefused) as refused:
        membership_create(organisation=organisation, person=UserFactory(), type="partner")
    assert refused.value.rule == "one_member"
    with pytest.raises(MembershipRefused) as refused:
        membership_create(organisation=organisation, type="partner", status="left")
    assert refused.value.rule == "initial_status"
    assert not Membership.objects.exists()


def test_one_current_membership_of_a_type_per_member_in_the_service_and_the_database():
    first = member("Comtat", type="partner", college_code=None)
    with pytest.raises(MembershipRefused) as refused:
        member(organisation=first.organisation, type="partner", college_code=None)
    assert refused.value.rule == "already_member"
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(organisation=first.organisation, type="partner")
    membership_transition(membership=first, to="left", on=DAY)
    again = member(organisation=first.organisation, type="partner", college_code=None)
    assert again.pk != first.pk  # coming back after leaving is a new membership


def test_the_database_refuses_a_departure_without_a_date_and_an_unknown_status():
    membership = member("Comtat")
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.filter(pk=membership.pk).update(status="left")
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.filter(pk=membership.pk).update(status="frozen")


def test_listing_in_the_public_directory_is_the_members_choice():
    membership = member("Comtat")
    assert membership.listed_publicly is False
    membership_set_listed(membership=membership, listed=True)
    membership_set_listed(membership=membership, listed=True)  # no change, no log line
    assert Membership.objects.get(pk=membership.pk).listed_publicly
    assert Activity.objects.filter(verb="membership.listing_changed").count() == 1


# --- Representatives -----------------------------------------------------------------------------


def test_a_person_acts_for_several_organisations_once_each():
    person = UserFactory()
    first, second = OrganisationFactory(), OrganisationFactory()
    one = representative_add(person=person, organisation=first, title="Gérante")
    representative_add(person=person, organisation=second, may_edit=False)
    with pytest.raises(MembershipRefused) as refused:
        representative_add(person=person, organisation=first)
    assert refused.value.rule == "already_representative"
    assert Representative.objects.filter(person=person).count() == 2
    representative_remove(representative=one)
    assert list(Representative.objects.filter(person=person).values_list("organisation", flat=True)) == [second.pk]  # fmt: skip
    assert Activity.objects.filter(verb="representative.removed").exists()


# --- Dues rules and calls --------------------------------------------------------------------------


def test_the_most_specific_dues_rule_wins():
    rule(30)
    rule(150, kind="digital_company")
    rule(80, kind="digital_company", size="1-9")
    rule(60, size="10-49")
    rule(20, people=True)
    rule(50, type="association")
    small = member("Pixel", kind="digital_company", size="1-9")
    large = member("Logiciels", kind="digital_company", size="50-249")
    sized = member("Artisans", kind="artisan", size="10-49")
    plain = member("Asso", kind="association")
    person = member(person=UserFactory())
    association = member("Club", type="association", college_code=None)
    assert dues_rule_for(membership=small).amount == 80  # kind and size
    assert dues_rule_for(membership=large).amount == 150  # kind
    assert dues_rule_for(membership=sized).amount == 60  # size
    assert dues_rule_for(membership=plain).amount == 30  # the type alone
    assert dues_rule_for(membership=person).amount == 20  # people have their own rules
    assert dues_rule_for(membership=association).amount == 50
    assert dues_rule_for(membership=member("P", type="partner", college_code=None)) is None


def test_a_rule_for_people_depends_on_no_kind_nor_size_and_rules_are_unique():
    with pytest.raises(DuesRefused) as refused:
        rule(20, kind="artisan", people=True)
    assert refused.value.rule == "people_plain"
    rule(30)
    with pytest.raises(DuesRefused) as refused:
        rule(40)
    assert refused.value.rule == "rule_exists"


def test_calling_the_year_calls_each_active_member_once_at_its_rule():
    rule(30)
    rule(500, kind="local_authority")
    rule(0, type="partner")
    commune = member("Commune", kind="local_authority")
    plain = member("Asso")
    member("Candidate", status="applicant", college_code=None)
    member("Fédérée", type="federated", college_code=None)
    member("Partenaire", type="partner", college_code=None)
    dues_call(membership=plain, year=2026, amount=Decimal(25), called_on=DAY)
    report = dues_call_year(year=2026, called_on=DAY)
    assert (report.called, report.already_called, report.exempt) == (1, 1, 1)
    assert report.amount == Decimal(500)
    calls = dict(DuesCall.objects.filter(year=2026).values_list("membership__organisation__name", "amount"))  # fmt: skip
    assert calls == {"Commune": Decimal(500), "Asso": Decimal(25)}  # the earlier call stays
    again = dues_call_year(year=2026, called_on=DAY)
    assert (again.called, again.already_called) == (0, 2)
    assert DuesCall.objects.filter(year=2026).count() == 2
    assert commune.dues_calls.get().amount == Decimal(500)


def test_calling_the_year_without_a_rule_for_everyone_calls_nobody():
    rule(500, kind="local_authority")
    member("Commune", kind="local_authority")
    member("Sans barème")
    with pytest.raises(DuesRefused) as refused:
        dues_call_year(year=2026, called_on=DAY)
    assert refused.value.rule == "no_dues_rule"
    assert "Sans barème" in str(refused.value)
    assert not DuesCall.objects.exists()


def test_dues_paid_twice_or_of_another_amount_are_refused_clearly():
    call = dues_call(membership=member("Comtat"), year=2026, amount=Decimal(120), called_on=DAY)
    with pytest.raises(DuesRefused) as refused:
        dues_pay(call=call, amount=Decimal(100), paid_on=DAY, reference="VIR-1")
    assert refused.value.rule == "amount_differs" and "120" in str(refused.value)
    dues_pay(call=call, amount=Decimal(120), paid_on=DAY, reference="VIR-1")
    with pytest.raises(DuesRefused) as refused:
        dues_pay(call=call, amount=Decimal(120), paid_on=DAY, reference="VIR-2")
    assert refused.value.rule == "paid_twice" and "Comtat" in str(refused.value)
    assert DuesPayment.objects.count() == 1
    payment = DuesPayment.objects.get()
    assert payment.receipt_number == f"2026-{payment.pk:05d}"


def test_no_dues_for_a_member_who_left():
    membership = member("Comtat")
    membership_transition(membership=membership, to="left", on=DAY)
    with pytest.raises(DuesRefused) as refused:
        dues_call(membership=membership, year=2026, amount=Decimal(10), called_on=DAY)
    assert refused.value.rule == "member_left"


def test_volunteer_hours_need_an_activity_and_a_day_worth():
    person = UserFactory()
    with pytest.raises(DuesRefused) as refused:
        volunteer_hours_log(person=person, activity="  ", date=DAY, hours=Decimal(2))
    assert refused.value.field == "activity"
    with pytest.raises(DuesRefused):
        volunteer_hours_log(person=person, activity="Repair café", date=DAY, hours=Decimal(0))
    entry = volunteer_hours_log(person=person, activity=" Repair café ", date=DAY,
                                hours=Decimal("2.5"))  # fmt: skip
    assert entry.activity == "Repair café"
