"""The demo's cooperative, after seed 000: Provence Numérique, a SCIC with 55 sociétaires
(one agglomeration and one commune among them) in colleges, their share capital, a year of
dues called by the hub's dues rules and mostly paid, volunteer hours, and a funding mix in
seed 003's proportions (50 % own resources, 45 % local institutions, 5 % private). A few
applications, federated companies and a partner show the other kinds of membership; the
demo member account acts for two member organisations. Everything here but the two local
authorities' existence is invented and flagged as demo data."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.db.models import Sum
from django.utils import timezone

from maillage.accounts.models import User
from maillage.directory.models import Organisation
from maillage.directory.services import organisation_save
from maillage.members.models import (
    College,
    DuesCall,
    DuesPayment,
    DuesRule,
    FundingLine,
    Membership,
    Representative,
    VolunteerHours,
)
from maillage.members.services import (
    college_save,
    cooperative_terms,
    dues_call_year,
    dues_pay,
    dues_rule_save,
    funding_line_save,
    membership_create,
    representative_add,
    shares_release,
    shares_subscribe,
    volunteer_hours_log,
)

COLLEGES = [
    ("salaries", "Salariés", Decimal(20)),
    ("beneficiaires", "Bénéficiaires et usagers", Decimal(30)),
    ("collectivites", "Collectivités", Decimal(20)),
    ("partenaires", "Partenaires et entreprises", Decimal(20)),
    ("fondateurs", "Fondateurs", Decimal(10)),
]
SOCIETAIRES = 55
# (membership type, organisation kind, size, for people, € a year); the most specific wins.
DUES_RULES = [
    ("societaire", "", "", False, 30),
    ("societaire", "", "", True, 20),
    ("societaire", "local_authority", "", False, 500),
    ("societaire", "digital_company", "", False, 150),
    ("societaire", "digital_company", "1-9", False, 80),
    ("societaire", "industry", "", False, 150),
    ("societaire", "industry", "50-249", False, 300),
    ("societaire", "artisan", "", False, 60),
    ("societaire", "association", "", False, 40),
    ("societaire", "training_research", "", False, 150),
    ("association", "", "", False, 50),
    ("association", "", "", True, 15),
    ("partner", "", "", False, 0),
]
ACTIVITIES = ["Repair café", "Accueil au fablab", "Atelier smartphone", "Camion numérique"]
VOLUNTEERS = ["membre@demo.maillage.fr", "mediation@demo.maillage.fr", "lieu@demo.maillage.fr"]
# The demo member account acts for these two sociétaires: the first has paid its dues (its
# receipt shows in the member's space), the second not yet (it is on the reminders list).
MEMBER_ACCOUNT = "membre@demo.maillage.fr"
REPRESENTED = [("Pixel Ventoux", "Gérante", True), ("Le Lien numérique", "Trésorière", False)]
# Seed 003: half own resources, 45 % local institutions, 5 % private.
PUBLIC_LINES = [
    ("public_commune", 10_000), ("public_epci", 20_000), ("public_departement", 15_000),
    ("public_region", 22_000), ("public_state", 9_000), ("public_eu", 5_000),
]  # fmt: skip
PRIVATE_LINES = [("private", 9_000)]
FABLAB_INCOME = 12_000
DEMO_LABEL = "Démonstration"


def build_members(*, year: int) -> str:
    colleges = _colleges()
    rules = _dues_rules()
    built, payers = [], None
    if not Membership.objects.filter(is_demo=True).exists():
        message, payers = _memberships(colleges, year)
        built.append(message)
    if not FundingLine.objects.filter(year=year, label=DEMO_LABEL).exists():
        built.append(_a_year(year, payers))
    representatives = _representatives()
    if not (built or rules or representatives):
        return "Cooperative: already built."
    return " ".join(
        [*built, f"Dues rules added: {rules}; representatives added: {representatives}."]
    )


def _colleges() -> dict[str, College]:
    colleges = {}
    for position, (slug, name, weight) in enumerate(COLLEGES):
        colleges[slug] = College.objects.filter(slug=slug).first() or college_save(
            college=College(slug=slug, name=name, voting_weight=weight, position=position)
        )
    return colleges


def _dues_rules() -> int:
    added = 0
    for membership_type, kind, size, for_people, amount in DUES_RULES:
        if not DuesRule.objects.filter(
            membership_type=membership_type, organisation_kind=kind, organisation_size=size,
            for_people=for_people,
        ).exists():  # fmt: skip
            dues_rule_save(
                rule=DuesRule(
                    membership_type=membership_type, organisation_kind=kind,
                    organisation_size=size, for_people=for_people, amount=Decimal(amount),
                )
            )  # fmt: skip
            added += 1
    return added


def _invented(name: str, kind: str, commune: str, description: str) -> Organisation:
    return Organisation.objects.filter(name=name).first() or organisation_save(
        organisation=Organisation(
            name=name, kind=kind, commune_id=commune, is_demo=True, description=description
        )
    )


def _memberships(colleges: dict[str, College], year: int) -> tuple[str, dict[int, int]]:
    """The memberships and their shares; returns the members who pay their first dues
    (membership → days after the call)."""
    rng = random.Random(55)
    hub = Organisation.objects.filter(is_hub=True).first()
    local = [
        ("Communauté d'agglomération Ventoux-Comtat Venaissin", "84031"),
        ("Commune de Monteux", "84080"),
    ]
    others = list(Organisation.objects.filter(is_demo=True).exclude(pk=getattr(hub, "pk", None)))
    members: list[tuple[Organisation, str]] = [
        (_invented(name, Organisation.Kind.LOCAL_AUTHORITY, commune,
                   "Sociétaire de démonstration."), "collectivites")
        for name, commune in local
    ]  # fmt: skip
    members += [(organisation, "partenaires") for organisation in others]
    number = 0
    while len(members) < SOCIETAIRES:
        number += 1
        college = rng.choice(
            ["salaries", "beneficiaires", "beneficiaires", "partenaires", "fondateurs"]
        )
        organisation = organisation_save(
            organisation=Organisation(
                name=f"Sociétaire de démonstration n° {number}",
                kind=Organisation.Kind.OTHER
                if college != "partenaires"
                else Organisation.Kind.DIGITAL_COMPANY,
                commune_id=rng.choice(["84080", "84031", "84088", "84122", "84007"]),
                is_demo=True,
                description="Sociétaire inventé pour la démonstration.",
            )
        )
        members.append((organisation, college))
    start = dt.date(year, 1, 15)
    represented = {name for name, _title, _paid in REPRESENTED}
    payers: dict[int, int] = {}
    for index, (organisation, college) in enumerate(members):
        membership = membership_create(
            organisation=organisation, type=Membership.Type.SOCIETAIRE,
            status=Membership.Status.ACTIVE, college=colleges[college],
            started_on=start - dt.timedelta(days=rng.randint(0, 5 * 365)), is_demo=True,
            # About half chose the public directory, the two local authorities among them.
            listed_publicly=index % 2 == 0 or organisation.name in represented,
        )  # fmt: skip
        shares = 10 if college == "collectivites" else rng.choice([1, 1, 2, 5])
        shares_subscribe(
            membership=membership, shares=shares, date=membership.started_on, reference="Bulletin"
        )
        shares_release(
            membership=membership, shares=shares, date=membership.started_on, reference="Virement"
        )
        if rng.random() < 0.85:  # pays its first dues, so many days after the call
            payers[membership.pk] = rng.randint(5, 60)
    # The other kinds of membership: applications, federated companies, a partner.
    for number in (1, 2):
        membership_create(
            organisation=_invented(f"Candidate sociétaire de démonstration n° {number}",
                                   Organisation.Kind.ARTISAN, "84080",
                                   "Candidature inventée pour la démonstration."),
            type=Membership.Type.SOCIETAIRE, status=Membership.Status.APPLICANT, is_demo=True,
        )  # fmt: skip
    for number in range(1, 5):
        membership_create(
            organisation=_invented(f"Entreprise fédérée de démonstration n° {number}",
                                   Organisation.Kind.DIGITAL_COMPANY, "84031",
                                   "Entreprise fédérée inventée pour la démonstration."),
            type=Membership.Type.FEDERATED, status=Membership.Status.ACTIVE,
            started_on=start, is_demo=True, listed_publicly=True,
        )  # fmt: skip
    membership_create(
        organisation=_invented("Fondation partenaire de démonstration",
                               Organisation.Kind.ASSOCIATION, "84007",
                               "Partenaire inventé pour la démonstration."),
        type=Membership.Type.PARTNER, status=Membership.Status.ACTIVE, started_on=start,
        is_demo=True, listed_publicly=True,
    )  # fmt: skip
    return f"Cooperative: {len(members)} sociétaires in {len(COLLEGES)} colleges.", payers


def _a_year(year: int, payers: dict[int, int] | None = None) -> str:
    """The year's dues (called by the rules; `payers` pay, else about 85 % drawn at
    random), volunteer hours and funding lines; the services line balances the own
    resources to seed 003's 50 %."""
    rng = random.Random(year)
    today = timezone.localdate()
    start = dt.date(year, 1, 15)
    report = dues_call_year(year=year, called_on=min(start, today))
    unpaid = {name for name, _title, paid in REPRESENTED if not paid}
    paid = {name for name, _title, paid in REPRESENTED if paid}
    for call in (
        DuesCall.objects.filter(year=year, membership__is_demo=True, payment__isnull=True)
        .select_related("membership__organisation")
        .order_by("membership__pk")
    ):
        name = call.membership.organisation.name if call.membership.organisation else ""
        if payers is not None:
            pays, days = call.membership_id in payers, payers.get(call.membership_id, 30)
        else:
            pays, days = rng.random() < 0.85, rng.randint(5, 60)
        if name in unpaid or not (pays or name in paid):
            continue
        dues_pay(call=call, amount=call.amount,
                 paid_on=min(start + dt.timedelta(days=days), today),
                 reference=f"DEMO-{year}-{call.membership_id}")  # fmt: skip
    volunteers = [
        user for email in VOLUNTEERS if (user := User.objects.filter(email=email).first())
    ]
    # 100 days of volunteering each, spread over the year so far (never in the future).
    first = dt.date(year, 1, 1)
    span = max(0, (min(dt.date(year, 12, 31), today) - first).days)
    for step in range(100):
        day = first + dt.timedelta(days=span * step // 100)
        for person in volunteers:
            volunteer_hours_log(
                person=person, activity=rng.choice(ACTIVITIES), date=day,
                hours=Decimal(rng.choice([2, 3, 4])),
            )  # fmt: skip
    lines = [*PUBLIC_LINES, *PRIVATE_LINES, ("own_fablab", FABLAB_INCOME)]
    for category, amount in lines:
        funding_line_save(
            line=FundingLine(year=year, category=category, amount=Decimal(amount),
                             label=DEMO_LABEL)
        )  # fmt: skip
    # Public is 45 %: the own resources are 50 %, i.e. public × 50 / 45.
    public = Decimal(sum(amount for _category, amount in PUBLIC_LINES))
    own_target = public * 50 / 45
    dues = DuesPayment.objects.filter(call__year=year).aggregate(s=Sum("amount"))["s"] or 0
    hours = VolunteerHours.objects.filter(date__year=year).aggregate(s=Sum("hours"))["s"] or 0
    own_so_far = dues + hours * cooperative_terms().volunteer_hour_value + FABLAB_INCOME
    funding_line_save(
        line=FundingLine(year=year, category="own_services", label=DEMO_LABEL,
                         amount=max(Decimal(0), (own_target - own_so_far).quantize(Decimal(1))))
    )  # fmt: skip
    return (
        f"Dues {year}: {report.called} called ({report.amount} €), "
        f"{DuesPayment.objects.filter(call__year=year).count()} paid; "
        f"{len(volunteers)} volunteers; funding lines of {year}."
    )


def _representatives() -> int:
    person = User.objects.filter(email=MEMBER_ACCOUNT).first()
    if person is None:
        return 0
    added = 0
    for name, title, _paid in REPRESENTED:
        organisation = Organisation.objects.filter(name=name).first()
        if (
            organisation is None
            or Representative.objects.filter(person=person, organisation=organisation).exists()
        ):
            continue
        representative_add(person=person, organisation=organisation, title=title)
        added += 1
    return added
