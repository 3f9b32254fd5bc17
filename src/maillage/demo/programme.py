"""The demo's programme: Provence Numérique's actions (seeds 002/003) — MediaLab, FuturLab,
GameLab, repair cafés, professional workshops, insertion workshops with partners, a
conference, a business lunch — over the past 4 and the coming 6 weeks at the demo places.
Invented registrations are flagged `is_demo`: past sessions have people marked present or
absent; one popular coming session is full with a waiting list.

Idempotent: an event is found by its title and `is_demo`, a session by its start; nothing
is added twice. Called by `demo.services`.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from maillage.booking.availability import PARIS
from maillage.directory.models import Organisation, Place
from maillage.programme.models import Category, Event, Registration, Session

PAST_WEEKS = 4
COMING_WEEKS = 6
PEOPLE = ["Amandine Roux", "Bruno Martin", "Chantal Girard", "Driss Benali", "Élodie Faure",
          "Farid Haddad", "Gisèle Blanc", "Hugo Morel", "Inès Lopez", "Jules Bonnet",
          "Karima Saïdi", "Léo Chabert", "Maëlle Brun", "Nicolas Vidal", "Océane Arnaud",
          "Paul Mercier"]  # fmt: skip

# (title, category slug, place key, weekday, hour, minutes, capacity, audience, level,
#  member price, public price, partner keys, every n weeks, description)
EVENTS = [
    ("MediaLab : tourner un reportage au smartphone", "medialab", "medialab", 2, 14, 120, 10,
     Event.Audience.YOUTH, Event.Level.BEGINNER, 0, 0, (), 1,
     "Écrire, filmer, monter : un reportage de trois minutes avec son téléphone."),
    ("FuturLab : l'intelligence artificielle sans fantasmes", "futurlab", "tiers-lieu-monteux",
     3, 18, 90, 25, Event.Audience.EVERYONE, Event.Level.ALL, 0, 0, ("data-sorgues",), 2,
     "Comprendre ce que font (et ne font pas) les IA génératives, exemples à l'appui."),
    ("GameLab : créer son premier jeu vidéo", "gamelab", "medialab", 5, 10, 180, 12,
     Event.Audience.YOUTH, Event.Level.BEGINNER, 5, 10, (), 1,
     "De l'idée au jeu jouable en une matinée, avec un outil libre. Dès 11 ans."),
    ("Café-réparation", "repair-cafe", "tiers-lieu-carpentras", 5, 14, 180, 15,
     Event.Audience.EVERYONE, Event.Level.ALL, 0, 0, ("repair-comtat",), 2,
     "Apportez ordinateur, téléphone ou petit appareil : on répare ensemble."),
    ("Atelier pro : la découpe laser pour les artisans", "atelier-pro", "fablab-monteux", 1,
     9, 210, 6, Event.Audience.PROFESSIONALS, Event.Level.INTERMEDIATE, 60, 120,
     ("ebenisterie-comtadine",), 2,
     "Préparer un fichier, régler la machine, produire une petite série."),
    ("Formation : rendre son site web accessible (RGAA)", "formation", "formation-84031", 4,
     9, 420, 12, Event.Audience.PROFESSIONALS, Event.Level.INTERMEDIATE, 150, 290,
     ("pixel-ventoux",), 3, "Une journée pour auditer et corriger les défauts courants."),
    ("Atelier insertion : CV et candidature en ligne", "insertion", "mediation-bedarrides", 1,
     14, 120, 8, Event.Audience.JOB_SEEKERS, Event.Level.BEGINNER, 0, 0,
     ("lien-numerique", "campus-ventoux"), 1,
     "Créer son CV, son compte France Travail et répondre à une offre."),
    ("Smartphone pas à pas", "mediation", "mediation-monteux", 0, 10, 120, 8,
     Event.Audience.SENIORS, Event.Level.BEGINNER, 0, 0, ("lien-numerique",), 1,
     "Réglages, photos, messages et appels vidéo avec ses proches."),
    ("Conférence : la cybersécurité des petites entreprises", "conference",
     "tiers-lieu-monteux", 3, 18, 120, 60, Event.Audience.PROFESSIONALS, Event.Level.ALL, 0, 0,
     ("comtat-logiciels", "conserves-provence"), 4,
     "Rançongiciels, hameçonnage, sauvegardes : retours d'expérience d'entreprises du Comtat."),
    ("Déjeuner d'affaires des sociétaires", "dejeuner", "tiers-lieu-monteux", 4, 12, 90, 30,
     Event.Audience.MEMBERS, Event.Level.ALL, 15, 25, ("comtat-logiciels",), 3,
     "Rencontrer les entreprises et artisans du pôle autour d'un repas."),
]  # fmt: skip

POPULAR = "Smartphone pas à pas"


def _moment(day: dt.date, hour: int) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=PARIS)


def build_programme(today: dt.date, source: str = "maillage-demo") -> tuple[int, int, int]:
    """Returns the events, sessions and registrations added."""
    now = timezone.now()
    places = {p.source_id: p for p in Place.objects.filter(source=source)}
    hub_org = Organisation.objects.filter(is_hub=True).first()
    partners = {o.name: o for o in Organisation.objects.all()}
    from maillage.demo.hub import ORGANISATIONS

    partner_by_key = {o.key: partners.get(o.name) for o in ORGANISATIONS}
    # The categories are seeded by a migration; a flushed database (tests) lacks them.
    from importlib import import_module

    seeded = import_module("maillage.programme.migrations.0002_default_categories")
    for position, (slug, name) in enumerate(seeded.CATEGORIES):
        Category.objects.get_or_create(slug=slug, defaults={"name": name, "position": position})
    categories = {c.slug: c for c in Category.objects.all()}
    known = {e.title: e for e in Event.objects.filter(is_demo=True)}
    monday = today - dt.timedelta(days=today.weekday())
    events_added = sessions_added = people_added = 0
    for (title, category, place_key, weekday, hour, minutes, capacity, audience, level,
         member, public, partner_keys, every, description) in EVENTS:  # fmt: skip
        event = known.get(title)
        if event is None:
            event = Event.objects.create(
                title=title, category=categories[category], description=description,
                audience=audience, level=level, price_member=member, price_public=public,
                place=places.get(place_key), organiser=hub_org, is_demo=True,
            )  # fmt: skip
            event.partners.set([p for k in partner_keys if (p := partner_by_key.get(k))])
            events_added += 1
        existing = set(event.sessions.values_list("start", flat=True))
        new_sessions = []
        for week in range(-PAST_WEEKS, COMING_WEEKS, every):
            start = _moment(monday + dt.timedelta(weeks=week, days=weekday), hour)
            if start in existing:
                continue
            new_sessions.append(
                Session(event=event, start=start, end=start + dt.timedelta(minutes=minutes),
                        capacity=capacity)
            )  # fmt: skip
        Session.objects.bulk_create(new_sessions)
        sessions_added += len(new_sessions)
        registrations = []
        for index, session in enumerate(new_sessions):
            past = session.end < now
            if title == POPULAR and not past and index == len(new_sessions) - COMING_WEEKS + 1:
                count = capacity + 3  # the full one, with three people waiting
            else:
                count = min(capacity, 3 + (index * 5 + len(title)) % max(capacity - 2, 1))
            for n in range(count):
                name = PEOPLE[(n + index + len(title)) % len(PEOPLE)]
                if past:
                    state = Registration.State.ABSENT if n % 6 == 5 else Registration.State.ATTENDED
                elif n < capacity:
                    state = Registration.State.REGISTERED
                else:
                    state = Registration.State.WAITING
                slug = name.lower().replace(" ", ".").replace("é", "e").replace("ë", "e")
                slug = slug.replace("ï", "i").replace("É", "e")
                registrations.append(
                    Registration(session=session, name=name,
                                 email=f"{slug}.{n}@exemple.demo.maillage.fr", state=state,
                                 is_demo=True,
                                 created_at=session.start - dt.timedelta(days=10, minutes=-n))
                )  # fmt: skip
        Registration.objects.bulk_create(registrations)
        people_added += len(registrations)
    return events_added, sessions_added, people_added
