import datetime as dt

import pytest
from django.utils import timezone

from maillage.diagnostic.selectors import diagnostic_statistics, path_recommend
from maillage.diagnostic.services import diagnostic_take
from maillage.programme.models import Category, Event, Registration, Session
from maillage.territory.models import Commune
from tests.diagnostic.factories import answers_with
from tests.factories import PlaceFactory

pytestmark = pytest.mark.django_db

PROCEDURES = "Aide aux démarches administratives"


def session_of(category: str, title: str, days: int, capacity: int = 8) -> Session:
    event = Event.objects.create(title=title, category=Category.objects.get(slug=category))
    start = timezone.now() + dt.timedelta(days=days)
    return Session.objects.create(
        event=event, start=start, end=start + dt.timedelta(hours=2), capacity=capacity
    )


@pytest.fixture
def offer():
    """Workshops and places around Monteux: the right ones and decoys."""
    return {
        "cv": session_of("insertion", "CV et candidature en ligne", days=5),
        "full": session_of("insertion", "Démarches : atelier complet", days=2, capacity=1),
        "game": session_of("gamelab", "Créer un jeu vidéo", days=1),
        "past": session_of("insertion", "Atelier passé", days=-3),
        "near": PlaceFactory(nom="Point numérique de Monteux", tags={"services": [PROCEDURES]}),
        "other": PlaceFactory(
            nom="Fablab voisin", tags={"services": ["Loisirs et créations numériques"]}
        ),
        "far": PlaceFactory(nom="Espace de Marseille", latitude=43.2965, longitude=5.3698,
                            commune_id="13055", tags={"services": [PROCEDURES]}),
    }  # fmt: skip


def test_a_low_skill_gets_sessions_of_its_categories_and_places_with_its_service(offer):
    Registration.objects.create(session=offer["full"], name="A", email="a@example.org",
                                state=Registration.State.REGISTERED)  # fmt: skip
    diagnostic = diagnostic_take(
        answers=answers_with(3, demarches=0), commune=Commune.objects.get(code="84031")
    )
    path = path_recommend(diagnostic=diagnostic, now=timezone.now())
    assert [step.result.skill.slug for step in path.steps] == ["demarches"]
    step = path.steps[0]
    titles = [session.event.title for session in step.sessions]
    # Free seats first, then soonest; the full one last; no past, no other category.
    assert titles == ["CV et candidature en ligne", "Démarches : atelier complet"]
    assert [hit.place.nom for hit in step.places] == ["Point numérique de Monteux"]
    assert step.places[0].distance_km < 15 and path.near == "Carpentras"


def test_places_further_away_when_none_is_near(offer):
    diagnostic = diagnostic_take(
        answers=answers_with(3, demarches=1), commune=Commune.objects.get(code="13001")
    )
    step = path_recommend(diagnostic=diagnostic, now=timezone.now()).steps[0]
    assert step.places_radius_km == 40 and [h.place.nom for h in step.places] == [
        "Espace de Marseille"
    ]


def test_no_commune_no_places_and_autonomous_people_get_no_path(offer):
    diagnostic = diagnostic_take(answers=answers_with(3, demarches=0))
    path = path_recommend(diagnostic=diagnostic, now=timezone.now())
    assert path.near is None and path.steps[0].places == ()
    assert path.steps[0].sessions
    autonomous = diagnostic_take(answers=answers_with(2))
    assert path_recommend(diagnostic=autonomous, now=timezone.now()).steps == ()


def test_statistics_count_people_by_level_over_the_period():
    today = timezone.localdate()
    diagnostic_take(answers=answers_with(0), taken_on=today, age_band="75+")
    diagnostic_take(answers=answers_with(3, securite=1), taken_on=today)
    diagnostic_take(answers=answers_with(3), taken_on=today - dt.timedelta(days=400))
    stats = diagnostic_statistics(date_from=today - dt.timedelta(days=30), date_to=today)
    assert stats.diagnostics == 2 and stats.with_mediator == 0
    security = next(row for row in stats.skills if row.skill.slug == "securite")
    counts = {level.name: level.count for level in security.levels}
    assert counts == {"Débutant": 1, "Initié": 1, "Autonome": 0, "Expert": 0}
    assert security.total == 2 and security.levels[0].share == 0.5
    assert stats.by_age_band == (("75 ans et plus", 1),)
