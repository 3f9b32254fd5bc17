from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from maillage.cheques.services import cheques_expire


class Command(BaseCommand):
    help = (
        "Mark as expired the pass numérique cheques never used (in stock, with a prescriber "
        "or handed to a person) whose campaign ended before today. Run it daily. Idempotent: "
        "a second run changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--today", help="the day to expire for, YYYY-MM-DD (default: today)", default=None
        )

    def handle(self, *args, today: str | None, **options):
        try:
            day = dt.date.fromisoformat(today) if today else None
        except ValueError:
            raise CommandError(f"--today must be a date YYYY-MM-DD, not {today!r}") from None
        count = cheques_expire(today=day)
        self.stdout.write(f"{count} cheque(s) expired.")
