from __future__ import annotations

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from maillage.coverage.formats import WRITERS
from maillage.coverage.solver import CoverageInputError
from maillage.coverage.study import CoverageRequest, coverage_study


def _codes(value: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in value.split(",") if part.strip())


class Command(BaseCommand):
    help = (
        "Where people are far from digital help, and where to open next: distance from every "
        "inhabited commune of an area to the nearest place of the chosen kinds, population "
        "within R km, and the new sites that would cover the most people (--new-sites K) or "
        "everybody (--cover-all), with an optimality bound. Exit code 2 on bad input."
    )

    def add_arguments(self, parser):
        area = parser.add_mutually_exclusive_group(required=True)
        area.add_argument("--departements", type=_codes, help="codes, e.g. 04,05,84")
        area.add_argument("--region", help="région code, e.g. 93")
        area.add_argument("--france", action="store_true", help="all of France")
        parser.add_argument("--kinds", type=_codes, default=(), help="hub kinds, e.g. epn,fablab")
        parser.add_argument("--services", type=_codes, default=(), help="services of the standard")
        parser.add_argument("--labels", type=_codes, default=(), help="labels of the standard")
        parser.add_argument("--radius-km", type=float, required=True)
        goal = parser.add_mutually_exclusive_group()
        goal.add_argument("--new-sites", type=int, default=0, metavar="K")
        goal.add_argument("--cover-all", action="store_true")
        parser.add_argument("--candidates", choices=["town-halls", "places"], default="town-halls")
        parser.add_argument("--exact", action="store_true", help="MILP through HiGHS")
        parser.add_argument("--format", choices=sorted(WRITERS), default="json")
        parser.add_argument("--output", type=Path, help="file to write (default: stdout)")

    def handle(self, *args, **options):
        request = CoverageRequest(
            radius_km=options["radius_km"],
            departements=options["departements"] or (),
            region=options["region"],
            france=options["france"],
            kinds=options["kinds"],
            services=options["services"],
            labels=options["labels"],
            new_sites=options["new_sites"],
            cover_all=options["cover_all"],
            candidates=options["candidates"],
            exact=options["exact"],
        )
        try:
            study = coverage_study(request)
        except CoverageInputError as error:
            raise CommandError(f"cannot study coverage: {error}", returncode=2) from None
        text = WRITERS[options["format"]](study)
        if options["output"] is None:
            sys.stdout.write(text if text.endswith("\n") else text + "\n")
        else:
            options["output"].write_text(text, encoding="utf-8")
        summary = (
            f"{study.area_label}: {study.population_covered:,} of {study.population_total:,} "
            f"people ({study.pct_covered} %) within {request.radius_km:g} km of one of "
            f"{study.places_considered} places"
        )
        if study.recommended_sites:
            summary += (
                f"; with {len(study.recommended_sites)} new sites: {study.pct_covered_after} % "
                f"(gap to the bound {study.gap_pct} %, {study.status})"
            )
        self.stderr.write(summary + f"; {study.timings['total_s']} s.")
