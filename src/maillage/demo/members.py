"""The demo's cooperative, after seed 000: Provence Numérique, a SCIC with 55 sociétaires
(one agglomeration and one commune among them) in colleges, their share capital, a year of
dues and volunteer hours, and a funding mix after seed 003's proportions (about half own
resources, 45 % local institutions, 5 % private). Everything here but the two local
authorities' existence is invented and flagged as demo data."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from maillage.accounts.models import User
from maillage.directory.models import Organisation
from maillage.directory.services import organisation_save
from maillage.members.models import College, FundingLine, Membership
from maillage.members.services import (
    dues_call,
    dues_pay,
    funding_line_save,
    membership_save,
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
DUES = {"collectivites": Decimal(500), "partenaires": Decimal(150)}
ACTIVITIES = ["Repair café", "Accueil au fablab", "Atelier smartphone", "Camion numérique"]


def build_members(*, year: int) -> str:
    colleges = {}
    for position, (slug, name, weight) in enumerate(COLLEGES):
        colleges[slug], _created = College.objects.get_or_create(
            slug=slug, defaults={"name": name, "voting_weight": weight, "position": position}
        )
    if Membership.objects.filter(is_demo=True).exists():
        return "Cooperative: already built."
    rng = random.Random(55)
    hub = Organisation.objects.filter(is_hub=True).first()
    local = [
        (
            "Communauté d'agglomération Ventoux-Comtat Venaissin",
            Organisation.Kind.LOCAL_AUTHORITY,
            "84031",
        ),
        ("Commune de Monteux", Organisation.Kind.LOCAL_AUTHORITY, "84080"),
    ]
    others = list(Organisation.objects.filter(is_demo=True).exclude(pk=getattr(hub, "pk", None)))
    members: list[tuple[Organisation, str]] = []
    for name, kind, commune in local:
        organisation = Organisation.objects.filter(name=name).first() or organisation_save(
            organisation=Organisation(name=name, kind=kind, commune_id=commune, is_demo=True,
                                      description="Sociétaire de démonstration.")
        )  # fmt: skip
        members.append((organisation, "collectivites"))
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
    for organisation, college in members:
        membership = membership_save(
            membership=Membership(
                organisation=organisation, type=Membership.Type.SOCIETAIRE,
                status=Membership.Status.ACTIVE, college=colleges[college],
                started_on=start - dt.timedelta(days=rng.randint(0, 5 * 365)), is_demo=True,
            )
        )  # fmt: skip
        shares = 10 if college == "collectivites" else rng.choice([1, 1, 2, 5])
        shares_subscribe(
            membership=membership, shares=shares, date=membership.started_on, reference="Bulletin"
        )
        shares_release(
            membership=membership, shares=shares, date=membership.started_on, reference="Virement"
        )
        call = dues_call(
            membership=membership, year=year, amount=DUES.get(college, Decimal(30)), called_on=start
        )
        if rng.random() < 0.85:
            dues_pay(call=call, amount=call.amount, paid_on=start + dt.timedelta(days=rng.randint(5, 60)),
                     reference=f"DEMO-{year}-{membership.pk}")  # fmt: skip
    volunteers = list(User.objects.filter(email__endswith="@demo.maillage.fr"))
    for day in range(0, 300, 3):
        for person in volunteers[:3]:
            volunteer_hours_log(
                person=person, activity=rng.choice(ACTIVITIES),
                date=start + dt.timedelta(days=day), hours=Decimal(rng.choice([2, 3, 4])),
            )  # fmt: skip
    for category, amount in (
        ("own_services", 60_000), ("own_fablab", 12_000), ("public_commune", 10_000),
        ("public_epci", 20_000), ("public_departement", 15_000), ("public_region", 22_000),
        ("public_state", 9_000), ("public_eu", 5_000), ("private", 9_000),
    ):  # fmt: skip
        funding_line_save(
            line=FundingLine(
                year=year, category=category, amount=Decimal(amount), label="Démonstration"
            )
        )
    return f"Cooperative: {len(members)} sociétaires in {len(COLLEGES)} colleges, a year of dues, volunteering and funding."
