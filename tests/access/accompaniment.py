"""Company accompaniment: the team's pages; every staff member sees every accompaniment,
only its referent and the coordination change it. The API is for the staff (401 without a
key or session, 403 for members)."""

from django.utils import timezone

from maillage.accompaniment.services import accompaniment_create
from tests.access.table import STAFF, Row, expect
from tests.accompaniment.factories import company


def objects(world) -> None:
    today = timezone.localdate()
    world.extra["company"] = company("Ferronnerie des Sablons")
    for key, referent in (("accompaniment", "mediator"),
                          ("other_accompaniment", "place_manager")):  # fmt: skip
        world.extra[key] = accompaniment_create(
            organisation=world.other_organisation, need="website", started_on=today,
            actor=None, referent=world.users[referent],
        )  # fmt: skip


def _step(world) -> dict:
    return {"action": "step", "etape-kind": "advice",
            "etape-date": timezone.localdate().isoformat(), "etape-minutes": "45"}  # fmt: skip


def _new(world) -> dict:
    return {"organisation": world.company.pk, "need": "cybersecurity",
            "started_on": timezone.localdate().isoformat()}  # fmt: skip


REFERENT_AND_HUB = {"coordinator": 302, "admin": 302, "anonymous": 302}
STAFF_API = expect(200, anonymous=401, member=403)

ROWS = [
    Row("GET", "web:accompaniments", "/equipe/entreprises/", STAFF),
    Row("GET", "web:accompaniments", "/equipe/entreprises/?format=xlsx", STAFF, note="export"),
    Row("GET", "web:accompaniment-new", "/equipe/entreprises/nouvelle/", STAFF),
    Row(
        "POST",
        "web:accompaniment-new",
        "/equipe/entreprises/nouvelle/",
        expect(302, member=403),
        data=_new,
    ),
    Row(
        "GET",
        "web:accompaniment",
        lambda w: f"/equipe/entreprises/{w.accompaniment.pk}/",
        STAFF,
        note="every staff member sees it",
    ),
    Row(
        "POST",
        "web:accompaniment",
        lambda w: f"/equipe/entreprises/{w.accompaniment.pk}/",
        expect(403, mediator=302, **REFERENT_AND_HUB),
        data=_step,
        note="a step: the referent (the mediator) and the coordination",
    ),
    Row(
        "POST",
        "web:accompaniment",
        lambda w: f"/equipe/entreprises/{w.other_accompaniment.pk}/",
        expect(403, place_manager=302, **REFERENT_AND_HUB),
        data=_step,
        note="a step on the place manager's accompaniment: not the mediator",
    ),
    Row("GET", "/api/v1/accompaniments", "/api/v1/accompaniments", STAFF_API),
    Row("GET", "/api/v1/accompaniments/figures", "/api/v1/accompaniments/figures", STAFF_API),
]
