import pytest

from maillage.diagnostic.models import Question, Skill
from maillage.programme.models import Category
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(client):
    user = UserFactory(roles=["admin"])
    client.force_login(user)
    return user


def test_the_hub_configures_a_skill_with_its_levels_and_recommendations(client, admin):
    assert client.get("/admin/diagnostic/skill/add/").status_code == 200
    response = client.post("/admin/diagnostic/skill/add/", {
        "slug": "ia", "name": "Utiliser une IA générative", "position": 9,
        "categories": [Category.objects.get(slug="futurlab").pk],
        "services": ["Compréhension du monde numérique"],
        "levels-TOTAL_FORMS": 2, "levels-INITIAL_FORMS": 0,
        "levels-0-name": "Débutant", "levels-0-min_percent": 0, "levels-0-recommend": "on",
        "levels-1-name": "Autonome", "levels-1-min_percent": 50,
    })  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:2000]
    skill = Skill.objects.get(slug="ia")
    assert skill.services == ["Compréhension du monde numérique"]
    assert list(skill.levels.values_list("name", "recommend")) == [("Débutant", True),
                                                                  ("Autonome", False)]  # fmt: skip


def test_questions_and_diagnostics_pages_open(client, admin):
    question = Question.objects.first()
    assert client.get("/admin/diagnostic/question/").status_code == 200
    assert client.get(f"/admin/diagnostic/question/{question.pk}/change/").status_code == 200
    assert client.get("/admin/diagnostic/diagnostic/").status_code == 200
    assert client.get("/admin/accompaniment/accompaniment/").status_code == 200
