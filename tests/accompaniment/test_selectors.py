import datetime as dt

import pytest

from maillage.accompaniment.selectors import (
    AccompanimentFilters,
    accompaniment_figures,
    accompaniment_list,
    companies_accompanied,
)
from maillage.accompaniment.services import accompaniment_close, step_add
from tests.accompaniment.factories import TODAY, accompaniment_of, company
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def step(accompaniment, date, minutes=60, kind="advice"):
    return step_add(accompaniment=accompaniment, kind=kind, date=date, minutes=minutes,
                    actor=None, today=TODAY)  # fmt: skip


@pytest.fixture
def history():
    """Three companies: one accompanied twice in 2026, one in 2025 and 2026, one in 2025."""
    menuiserie, cave, garage = company("Menuiserie"), company("Cave"), company("Garage")
    site = accompaniment_of(menuiserie, need="website", started_on=dt.date(2026, 1, 5))
    step(site, dt.date(2026, 1, 5), 90, "diagnostic")
    step(site, dt.date(2026, 3, 2), 30)
    proto = accompaniment_of(menuiserie, need="prototyping", started_on=dt.date(2026, 2, 1))
    step(proto, dt.date(2026, 3, 20), 240, "prototype")
    shop = accompaniment_of(cave, need="ecommerce", started_on=dt.date(2025, 11, 2))
    step(shop, dt.date(2025, 11, 2), 60, "diagnostic")
    step(shop, dt.date(2026, 1, 20), 120, "training")
    old = accompaniment_of(garage, need="cybersecurity", started_on=dt.date(2025, 4, 1))
    step(old, dt.date(2025, 4, 1), 60, "diagnostic")
    accompaniment_close(accompaniment=old, status="done", outcome_kind="trained",
                        closed_on=dt.date(2025, 5, 1), actor=None, today=TODAY)  # fmt: skip
    accompaniment_close(accompaniment=site, status="done", outcome_kind="delivered",
                        closed_on=dt.date(2026, 4, 1), actor=None, today=TODAY)  # fmt: skip
    return {"site": site, "proto": proto, "shop": shop, "old": old}


def test_companies_are_counted_once_a_year(history):
    assert companies_accompanied(year=2026) == 2
    assert companies_accompanied(year=2025) == 2
    assert companies_accompanied(year=2024) == 0


def test_figures_of_a_year(history):
    figures = accompaniment_figures(year=2026)
    assert (figures.companies, figures.accompaniments, figures.steps) == (2, 3, 4)
    assert figures.hours == (90 + 30 + 240 + 120) / 60
    assert (figures.opened, figures.closed) == (2, 1)
    by_need = {row.need: (row.companies, row.hours) for row in figures.by_need}
    assert by_need == {"website": (1, 2.0), "ecommerce": (1, 2.0), "prototyping": (1, 4.0)}
    assert figures.by_outcome == (("delivered", "Projet réalisé", 1),)
    march = figures.by_month[2]
    assert (march.month, march.companies, march.steps, march.hours) == (3, 1, 2, 4.5)
    assert figures.by_month[0].companies == 2 and len(figures.by_month) == 12
    assert {label: n for label, n, _h in figures.by_step_kind}["Prototype"] == 1


def test_list_sums_the_year_and_filters(history):
    listed = {a.pk: a for a in accompaniment_list(filters=AccompanimentFilters(year=2026))}
    assert set(listed) == {history["site"].pk, history["proto"].pk, history["shop"].pk}
    assert (listed[history["shop"].pk].step_count, listed[history["shop"].pk].minutes_spent) == (
        1, 120,
    )  # fmt: skip
    assert [a.pk for a in accompaniment_list(filters=AccompanimentFilters(
        year=2026, need="prototyping"))] == [history["proto"].pk]  # fmt: skip
    assert [a.pk for a in accompaniment_list(filters=AccompanimentFilters(
        status="done", query="garage"))] == [history["old"].pk]  # fmt: skip
    everything = {a.pk: a for a in accompaniment_list(filters=AccompanimentFilters())}
    assert everything[history["shop"].pk].minutes_spent == 180


def test_filter_by_referent():
    mediator = UserFactory(roles=["mediator"])
    mine = accompaniment_of(referent=mediator)
    accompaniment_of(company("Autre"))
    found = accompaniment_list(filters=AccompanimentFilters(referent=mediator.pk))
    assert [a.pk for a in found] == [mine.pk]
