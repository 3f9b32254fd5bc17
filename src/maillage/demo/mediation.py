"""The demo's mediation records: a year of activities of Provence Numérique's mediators at
the hub's places (seed 000: its 2 mediation spaces, tiers-lieux and camion numérique),
with the mixes a year of digital mediation in the Comtat has — individual sessions (first
steps on a phone, e-mail, online safety, health and bank websites, AI lately), procedures
done on behalf (papers, benefits, taxes in spring, housing), collective workshops — and
the people, pseudonymous, living in the communes around each place.

Invented records are flagged `is_demo`. Deterministic (one random generator per mediator
and day) and idempotent: each run adds the days after the last demo day recorded, so a
second run the same day adds nothing and the demo stays current. Written in bulk (the
services' copies — people's commune, themes' date, mediator and place — made here the
same way), in a few seconds.
"""

from __future__ import annotations

import datetime as dt
import random

import numpy as np
from django.db.models import Max

from maillage.accounts.models import User
from maillage.accounts.services import user_create
from maillage.core.geo import haversine_km
from maillage.core.services import activity_record
from maillage.demo.hub import DEMO_PASSWORD, DEMO_USERS
from maillage.directory.models import Place
from maillage.mediation.models import (
    ActivityTheme,
    Beneficiary,
    MediationActivity,
    Theme,
)
from maillage.mediation.services import themes_ensure
from maillage.territory.models import Commune

DEMO_SOURCE = "maillage-demo"
DAYS = 365
MAIN_MEDIATOR = next(email for email, _name, roles in DEMO_USERS if roles == ["mediator"])
# Two more mediators of the hub, with the demo password.
MORE_MEDIATORS = [
    ("mediatrice.comtat@demo.maillage.fr", "Nora Médiatrice du Comtat (démo)"),
    ("camion@demo.maillage.fr", "Yanis Médiateur du camion (démo)"),
]
# Where each mediator works (demo place keys), the first most often.
ROUNDS = {
    MAIN_MEDIATOR: ["mediation-monteux", "tiers-lieu-monteux", "mediation-bedarrides"],
    MORE_MEDIATORS[0][0]: ["tiers-lieu-carpentras", "tiers-lieu-sarrians", "tiers-lieu-pernes"],
    MORE_MEDIATORS[1][0]: ["camion-arret-84108", "camion-arret-84143", "camion-arret-84070",
                           "camion-arret-84011", "medialab"],
}  # fmt: skip
FIRST_NAMES = ["Jeanne", "Marcel", "Fatima", "Gérard", "Josiane", "Karim", "Lucienne", "Malik",
               "Monique", "Nadia", "Odette", "Pascal", "Rachid", "Simone", "Thierry", "Yvette",
               "Aïcha", "Bernard", "Colette", "Denis", "Éliane", "Francis", "Ginette", "Hocine",
               "Irène", "Jacques", "Kelly", "Louis", "Mireille", "Noël"]  # fmt: skip
# (theme slug, weight) of individual sessions; AI grows over the year.
DIGITAL = [("prendre-en-main-materiel", 16), ("email", 12), ("navigation-internet", 10),
           ("securite-numerique", 9), ("sante", 8), ("banque-achats", 6),
           ("diagnostic-numerique", 6), ("insertion-professionnelle", 6),
           ("reseaux-sociaux", 5), ("bureautique", 5), ("contenus-numeriques", 4),
           ("parentalite", 3), ("maintenance-materiel", 3), ("intelligence-artificielle", 3),
           ("culture-numerique", 2), ("scolarite", 2), ("entrepreneuriat", 2),
           ("creer-numerique", 1)]  # fmt: skip
PROCEDURES = [("papiers-citoyennete", 14), ("social-sante", 14), ("argent-impots", 10),
              ("famille-scolarite", 8), ("logement", 8), ("transports-mobilite", 8),
              ("travail-formation", 7), ("etrangers-europe", 3), ("justice", 2),
              ("loisirs-culture", 1), ("associations", 1)]  # fmt: skip
WORKSHOPS = [
    ("Smartphone pas à pas", ["prendre-en-main-materiel"], "beginner"),
    ("Se protéger des arnaques en ligne", ["securite-numerique"], "beginner"),
    ("Ma santé en ligne : Ameli et Mon espace santé", ["sante"], "beginner"),
    ("Découvrir l'intelligence artificielle", ["intelligence-artificielle", "culture-numerique"],
     "intermediate"),
    ("CV et candidature en ligne", ["insertion-professionnelle"], "beginner"),
    ("Premiers pas sur ordinateur", ["prendre-en-main-materiel", "bureautique"], "beginner"),
    ("Photos : trier, sauvegarder, partager", ["contenus-numeriques"], "intermediate"),
    ("Les écrans en famille", ["parentalite"], "beginner"),
    ("Impôts en ligne : la déclaration", ["argent-impots", "navigation-internet"], "beginner"),
]  # fmt: skip
REFERRALS = ["France Services de Carpentras", "CAF de Vaucluse", "France Travail Carpentras",
             "CCAS de Monteux", "Point justice de Carpentras", "CPAM de Vaucluse"]  # fmt: skip
AGE_BANDS = [("70+", 26), ("60-69", 24), ("40-59", 20), ("25-39", 14), ("18-24", 7),
             ("12-17", 2), ("", 7)]  # fmt: skip
STATUSES = [("retired", 42), ("job_seeker", 22), ("employed", 18), ("pupil", 4), ("", 14)]
AI_RISE = dt.date(2025, 9, 1)
# Activity by month (January = 0): busier in winter and autumn, quiet in August.
SEASON = [1.1, 1.15, 1.1, 1.05, 1.0, 0.95, 0.7, 0.35, 1.05, 1.15, 1.15, 0.8]


def _pick(rng: random.Random, weighted: list[tuple]) -> str:
    return rng.choices([value for value, _w in weighted], [w for _v, w in weighted])[0]


def _mediators() -> list[User]:
    people = []
    for email, name in [(MAIN_MEDIATOR, ""), *MORE_MEDIATORS]:
        user = User.objects.filter(email__iexact=email).first()
        if user is None:
            if email == MAIN_MEDIATOR:
                continue  # the demo's users step makes it; without it, no main mediator
            user = user_create(email=email, password=DEMO_PASSWORD, full_name=name,
                               roles=["mediator"], check_password=False)  # fmt: skip
        people.append(user)
    return people


def _around(places: list[Place], communes: list[Commune]) -> dict[int, list[tuple[str, float]]]:
    """For each place, the communes within 15 km weighted by population and nearness."""
    lats = np.array([c.latitude for c in communes])
    lons = np.array([c.longitude for c in communes])
    near = {}
    for place in places:
        if place.latitude is None:
            near[place.pk] = [(place.commune_id, 1.0)] if place.commune_id else []
            continue
        km = haversine_km(place.latitude, place.longitude, lats, lons)
        chosen = [
            (communes[i].code, (communes[i].population or 100) ** 0.5 / (1 + km[i]))
            for i in np.flatnonzero(km <= 15)
        ]
        near[place.pk] = chosen or [(place.commune_id, 1.0)]
    return near


def build_mediation(*, today: dt.date) -> str:
    """Add the demo year (or the days since the last demo day); returns one line."""
    themes_ensure()
    mediators = _mediators()
    places = {p.source_id: p for p in Place.objects.filter(source=DEMO_SOURCE)}
    if not mediators or not places:
        return "Mediation: no demo mediator or place, nothing added."
    theme_ids = dict(Theme.objects.values_list("slug", "pk"))
    communes = list(Commune.objects.filter(departement_id="84", latitude__isnull=False, kind="COM"))
    used_places = [places[key] for keys in ROUNDS.values() for key in keys if key in places]
    near = _around(used_places, communes)
    added_activities = added_people = 0
    for mediator in mediators:
        rounds = [places[key] for key in ROUNDS.get(mediator.email, []) if key in places]
        if not rounds:
            continue
        last = MediationActivity.objects.filter(mediator=mediator, is_demo=True).aggregate(
            last=Max("date")
        )["last"]
        first_day = max(last + dt.timedelta(days=1), today - dt.timedelta(days=DAYS)) if last \
            else today - dt.timedelta(days=DAYS)  # fmt: skip
        if first_day > today:
            continue
        known = list(Beneficiary.objects.filter(created_by=mediator, is_demo=True).order_by("pk"))
        activities, links, new_people = _days(
            mediator, rounds, near, known, theme_ids, first_day, today
        )
        Beneficiary.objects.bulk_create([person for person, _activity in new_people])
        for person, activity in new_people:
            activity.beneficiary = person
        for activity in activities:
            person = activity.beneficiary
            activity.people_commune_id = (
                person.commune_id if person is not None and person.commune_id
                else activity.location_commune_id
            )  # fmt: skip
        MediationActivity.objects.bulk_create(activities)
        ActivityTheme.objects.bulk_create(
            ActivityTheme(activity=activity, theme_id=theme_id, date=activity.date,
                          mediator_id=mediator.pk, place_id=activity.place_id)
            for activity, theme_id in links
        )  # fmt: skip
        added_activities += len(activities)
        added_people += len(new_people)
    if added_activities:
        activity_record(
            verb="demo.mediation",
            data={"activities": added_activities, "people": added_people},
        )
    return (
        f"Mediation: {added_activities} demo activities and {added_people} people added "
        f"({len(mediators)} mediators)."
    )


def _days(mediator, rounds, near, known, theme_ids, first_day, today):
    """The activities of `mediator` from `first_day` to `today`, with their themes (pairs
    of activity and theme id) and the new people (pairs of person and first activity)."""
    activities, links, new_people = [], [], []
    people = list(known)
    day = first_day
    while day <= today:
        rng = random.Random(f"{mediator.email}-{day.isoformat()}")
        weekday = day.weekday()
        if weekday == 6 or (weekday == 5 and rng.random() > 0.25):
            day += dt.timedelta(days=1)
            continue
        place = rounds[0] if rng.random() < 0.55 else rng.choice(rounds)
        count = max(0, round(rng.gauss(3.3, 1.3) * SEASON[day.month - 1]))
        workshop_done = False
        for _ in range(count):
            roll = rng.random()
            if roll < 0.14 and not workshop_done:
                workshop_done = True
                activity, themes = _workshop(rng, mediator, place, day)
            else:
                kind = "procedure" if roll > 0.76 else "individual"
                activity, themes, new = _session(rng, mediator, place, day, kind, people, near)
                if new is not None:
                    people.append(new)
                    new_people.append((new, activity))
            activities.append(activity)
            links += [(activity, theme_ids[slug]) for slug in themes if slug in theme_ids]
        day += dt.timedelta(days=1)
    return activities, links, new_people


def _workshop(rng, mediator, place, day):
    title, themes, level = rng.choice(WORKSHOPS)
    activity = MediationActivity(
        kind="collective", date=day, duration_minutes=rng.choice([90, 120, 120, 150]),
        mediator=mediator, place_kind="place", place=place,
        location_commune_id=place.commune_id, used_computer=rng.random() < 0.5,
        used_phone=rng.random() < 0.7, used_tablet=rng.random() < 0.15, title=title,
        level=level, participant_count=rng.randint(4, 12), is_demo=True,
    )  # fmt: skip
    return activity, themes


def _session(rng, mediator, place, day, kind, people, near):
    """One individual session or procedure; the person is one seen before, a new one, or
    nobody recorded."""
    person, new = None, None
    roll = rng.random()
    if people and roll < 0.45:
        person = rng.choice(people[-120:])
    elif roll < 0.82:
        codes, weights = zip(*near[place.pk], strict=True)
        new = Beneficiary(
            first_name=rng.choice(FIRST_NAMES) if rng.random() < 0.5 else "",
            age_band=_pick(rng, AGE_BANDS), gender=rng.choices(["female", "male", ""],
            [58, 38, 4])[0], social_status=_pick(rng, STATUSES),
            commune_id=rng.choices(codes, weights)[0] if rng.random() < 0.93 else None,
            created_by=mediator, is_demo=True,
        )  # fmt: skip
        person = new
    where = rng.random()
    place_kind = "place" if where < 0.86 else ("remote" if where < 0.93 else
                                              ("home" if where < 0.97 else "other"))  # fmt: skip
    location = place.commune_id
    if place_kind == "remote":
        location = None
    elif place_kind == "home":
        location = person.commune_id if person is not None and person.commune_id else None
    elif place_kind == "other":
        location = rng.choice(near[place.pk])[0]
    if kind == "procedure":
        weighted = [(slug, w * (3 if slug == "argent-impots" and day.month in (4, 5, 6) else 1))
                    for slug, w in PROCEDURES]  # fmt: skip
        themes = {_pick(rng, weighted)}
        if rng.random() < 0.2:
            themes.add(_pick(rng, weighted))
        minutes = rng.choice([15, 20, 30, 30, 45])
        autonomy = rng.choices(["accompanied", "partial", ""], [70, 15, 15])[0]
    else:
        ai = 1 + max(0, (day - AI_RISE).days) / 120  # more and more asked about
        weighted = [(slug, w * (ai if slug == "intelligence-artificielle" else 1))
                    for slug, w in DIGITAL]  # fmt: skip
        themes = {_pick(rng, weighted) for _ in range(rng.choice([1, 1, 2, 2, 3]))}
        minutes = rng.choice([30, 30, 45, 45, 60, 60, 90])
        autonomy = rng.choices(["accompanied", "partial", "autonomous", ""], [35, 38, 17, 10])[0]
    referral = rng.random() < 0.08
    activity = MediationActivity(
        kind=kind, date=day, duration_minutes=minutes, mediator=mediator,
        place_kind=place_kind, place=place if place_kind == "place" else None,
        location_commune_id=location, used_computer=rng.random() < 0.4,
        used_phone=rng.random() < 0.55, used_tablet=rng.random() < 0.1,
        beneficiary=None if new is not None else person, autonomy=autonomy, referred=referral,
        referral_text=rng.choice(REFERRALS) if referral else "", participant_count=1,
        is_demo=True,
    )  # fmt: skip
    return activity, sorted(themes), new
