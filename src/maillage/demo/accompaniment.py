"""The demo's company accompaniment, after seed 000 ("plus de 200 entreprises accompagnées
chaque année au numérique"): about 230 invented companies of the Comtat (artisans, small
industries, shops, wine estates, digital start-ups), each with an accompaniment and its
steps through the year so far — a diagnostic, then advice, training, a prototype in the
fablab or an introduction to a partner of the hub —, the older ones closed with their
outcome. A few were accompanied last year only. Everything is flagged as demo data and
goes through the services, so the refusals hold for it too.

Idempotent: a company is found by its name, and gets no second demo accompaniment.
"""

from __future__ import annotations

import datetime as dt
import random

from maillage.accompaniment.models import Accompaniment, Need
from maillage.accompaniment.services import accompaniment_close, accompaniment_create, step_add
from maillage.accounts.models import User
from maillage.directory.models import Organisation
from maillage.directory.services import organisation_save
from maillage.territory.models import Commune

THIS_YEAR = 215
LAST_YEAR_ONLY = 20
COMMUNES = ["84080", "84031", "84088", "84122", "84007", "84054", "84035", "84087", "84004",
            "84016", "84108", "84143", "84070", "84011", "84019", "84092"]  # fmt: skip
# (trade, kind of organisation, likely needs)
TRADES = [
    ("Boulangerie", "artisan", ["website", "ecommerce"]),
    ("Menuiserie", "artisan", ["prototyping", "website"]),
    ("Ébénisterie", "artisan", ["prototyping", "ecommerce"]),
    ("Ferronnerie", "artisan", ["prototyping", "website"]),
    ("Plomberie", "artisan", ["website", "recruitment"]),
    ("Électricité générale", "artisan", ["website", "cybersecurity"]),
    ("Céramiques", "artisan", ["ecommerce", "prototyping"]),
    ("Savonnerie", "artisan", ["ecommerce", "website"]),
    ("Maroquinerie", "artisan", ["ecommerce", "prototyping"]),
    ("Garage", "artisan", ["website", "cybersecurity"]),
    ("Conserverie", "industry", ["cybersecurity", "training"]),
    ("Imprimerie", "industry", ["training", "cybersecurity"]),
    ("Mécanique de précision", "industry", ["prototyping", "recruitment"]),
    ("Emballages", "industry", ["prototyping", "funding"]),
    ("Distillerie", "industry", ["ecommerce", "cybersecurity"]),
    ("Studio graphique", "digital_company", ["funding", "recruitment"]),
    ("Agence web", "digital_company", ["recruitment", "cybersecurity"]),
    ("Logiciels", "digital_company", ["funding", "recruitment"]),
    ("Domaine viticole", "other", ["ecommerce", "website"]),
    ("Cave", "other", ["ecommerce", "training"]),
    ("Hôtel", "other", ["website", "cybersecurity"]),
    ("Gîtes", "other", ["website", "ecommerce"]),
    ("Librairie", "other", ["ecommerce", "training"]),
    ("Fleuriste", "other", ["ecommerce", "website"]),
    ("Épicerie fine", "other", ["ecommerce", "training"]),
    ("Cabinet comptable", "other", ["cybersecurity", "training"]),
    ("Transports", "other", ["training", "recruitment"]),
    ("Pépinière", "other", ["ecommerce", "funding"]),
]
PLACES = ["du Comtat", "des Sorgues", "du Ventoux", "des Dentelles", "de l'Auzon", "des Garrigues",
          "du Lubéron", "de la Nesque", "des Fontaines", "du Beaucet", "des Sablons", "de Venasque",
          "des Vignes", "du Mont Serein", "de la Meyne", "des Oliviers", "du Lez", "des Cèdres",
          "de l'Ouvèze", "des Lavandes"]  # fmt: skip
REFERENTS = ["mediation@demo.maillage.fr", "coordination@demo.maillage.fr",
             "lieu@demo.maillage.fr"]  # fmt: skip
# Partners of the hub by need (demo organisations of demo/hub.py and demo/members.py).
PARTNERS = {
    "website": "Pixel Ventoux",
    "ecommerce": "Pixel Ventoux",
    "cybersecurity": "Comtat Logiciels",
    "recruitment": "Campus numérique du Ventoux",
    "training": "Campus numérique du Ventoux",
    "funding": "Communauté d'agglomération Ventoux-Comtat Venaissin",
    "prototyping": "Ébénisterie comtadine",
}
# The steps that follow the first diagnostic, by need; minutes (low, high) by kind.
FOLLOW_UP = {
    "website": ["advice", "introduction", "training"],
    "ecommerce": ["advice", "introduction", "training"],
    "prototyping": ["prototype", "prototype", "advice"],
    "cybersecurity": ["advice", "training", "introduction"],
    "training": ["training", "training", "advice"],
    "recruitment": ["introduction", "advice"],
    "funding": ["advice", "introduction"],
    "other": ["advice"],
}
MINUTES = {"diagnostic": (60, 120), "advice": (45, 180), "training": (180, 420),
           "introduction": (30, 60), "prototype": (120, 480), "other": (30, 90)}  # fmt: skip
OUTCOMES = {
    "website": "delivered", "ecommerce": "delivered", "prototyping": "prototype",
    "cybersecurity": "trained", "training": "trained", "recruitment": "partner",
    "funding": "funded", "other": "other",
}  # fmt: skip


def _company_names(rng: random.Random, count: int) -> list[tuple[str, str, list[str]]]:
    pairs = [(trade, place) for trade in TRADES for place in PLACES]
    rng.shuffle(pairs)
    return [(f"{trade} {place}", kind, needs) for (trade, kind, needs), place in pairs[:count]]


def build_accompaniment(*, today: dt.date) -> str:
    rng = random.Random(200)
    communes = list(Commune.objects.filter(code__in=COMMUNES))
    referents = list(User.objects.filter(email__in=REFERENTS))
    partners = {
        need: Organisation.objects.filter(name=name).first() for need, name in PARTNERS.items()
    }
    companies_added = accompaniments_added = steps_added = 0
    jan_first = today.replace(month=1, day=1)
    for number, (name, kind, needs) in enumerate(_company_names(rng, THIS_YEAR + LAST_YEAR_ONLY)):
        # Drawn for every company, new or not, so that a second run draws the same things.
        commune = rng.choice(communes) if communes else None
        need = rng.choice([*needs, *needs, rng.choice(Need.values)])
        last_year = number >= THIS_YEAR
        if last_year:
            period_start = jan_first.replace(year=today.year - 1)
            period_end = jan_first - dt.timedelta(days=1)
            started_on = period_start + dt.timedelta(days=rng.randrange(300))
        else:
            period_start, period_end = jan_first, today
            started_on = today - dt.timedelta(days=rng.randrange((today - jan_first).days + 45))
        plan = _plan(rng, need=need, started_on=started_on, start=period_start, end=period_end)
        referent = rng.choice(referents) if referents else None
        abandoned = rng.random() < 0.12
        company = Organisation.objects.filter(name=name).first()
        if company is None:
            company = Organisation(
                name=name, kind=kind, commune=commune, is_demo=True,
                description="Entreprise inventée pour la démonstration de Maillage.",
                size=rng.choice(["0", "1-9", "1-9", "1-9", "10-49"]),
            )  # fmt: skip
            if commune is not None:
                company.latitude, company.longitude = commune.latitude, commune.longitude
            company = organisation_save(organisation=company)
            companies_added += 1
        if Accompaniment.objects.filter(organisation=company, is_demo=True).exists():
            continue
        partner = partners.get(need)
        accompaniment = accompaniment_create(
            organisation=company, need=need, started_on=started_on, actor=referent,
            description=_description(need), referent=referent, today=today, is_demo=True,
        )  # fmt: skip
        accompaniments_added += 1
        for step_kind, date, minutes in plan["steps"]:
            step_add(
                accompaniment=accompaniment, kind=step_kind, date=date, minutes=minutes,
                partner=partner if step_kind == "introduction" else None, actor=referent,
                today=today, is_demo=True,
            )  # fmt: skip
            steps_added += 1
        if plan["closed_on"] is not None:
            accompaniment_close(
                accompaniment=accompaniment,
                status=Accompaniment.Status.ABANDONED if abandoned else Accompaniment.Status.DONE,
                outcome_kind="no_follow_up" if abandoned else OUTCOMES[need],
                outcome="" if abandoned else _outcome(need),
                closed_on=plan["closed_on"], actor=referent, today=today,
            )  # fmt: skip
    return (
        f"Company accompaniment: {companies_added} demo companies, "
        f"{accompaniments_added} accompaniments and {steps_added} steps added."
    )


def _plan(
    rng: random.Random, *, need: str, started_on: dt.date, start: dt.date, end: dt.date
) -> dict:
    """The steps (kind, date, minutes) between the start and `end`, within the period, and
    the closing date of an accompaniment whose last step is more than a month old."""
    first = max(started_on, start)
    span = max((end - first).days, 0)
    count = 1 + rng.randrange(min(4, 1 + span // 20))
    dates = sorted(first + dt.timedelta(days=rng.randrange(span + 1)) for _ in range(count))
    kinds = ["diagnostic", *(rng.choice(FOLLOW_UP[need]) for _ in range(count - 1))]
    steps = [
        (kind, date, rng.randrange(MINUTES[kind][0], MINUTES[kind][1] + 1, 15))
        for kind, date in zip(kinds, dates, strict=True)
    ]
    closed_on = None
    if (end - dates[-1]).days > 30 and rng.random() < 0.7:
        closed_on = min(dates[-1] + dt.timedelta(days=rng.randrange(1, 15)), end)
    return {"steps": steps, "closed_on": closed_on}


def _description(need: str) -> str:
    return {
        "website": "Refaire le site vitrine, le rendre lisible sur téléphone et accessible.",
        "ecommerce": "Vendre en ligne : boutique, paiement, expéditions.",
        "prototyping": "Passer de l'idée au prototype : modélisation CAO et essais au fablab.",
        "cybersecurity": "Sauvegardes, mots de passe, poste infecté : sécuriser l'informatique.",
        "training": "Former l'équipe aux outils numériques du métier.",
        "recruitment": "Recruter un profil numérique, mettre en place un outil RH.",
        "funding": "Trouver un financement pour un projet de transformation numérique.",
        "other": "Question numérique à préciser lors du diagnostic.",
    }[need]


def _outcome(need: str) -> str:
    return {
        "website": "Nouveau site en ligne, réalisé avec une agence du pôle.",
        "ecommerce": "Boutique en ligne ouverte.",
        "prototyping": "Prototype fabriqué au fablab, petite série à l'étude.",
        "cybersecurity": "Sauvegardes en place, équipe sensibilisée.",
        "training": "Équipe formée.",
        "recruitment": "Mise en relation avec le campus : alternant recruté.",
        "funding": "Dossier de subvention déposé et accepté.",
        "other": "Réponse apportée.",
    }[need]
