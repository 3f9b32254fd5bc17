"""The demo's digital diagnostics: about sixty people of the Comtat took the default
questionnaire over the last three months, a third of them with the demo mediator, most of
them seniors and job seekers who need help with online procedures. Invented answers,
flagged `is_demo`; taken through `diagnostic_take`, so levels are computed as on the site.

Idempotent: nothing is added once demo diagnostics exist.
"""

from __future__ import annotations

import datetime as dt
import random

from maillage.accounts.models import User
from maillage.diagnostic.models import Diagnostic
from maillage.diagnostic.selectors import questionnaire_get
from maillage.diagnostic.services import diagnostic_take
from maillage.territory.models import Commune

DIAGNOSTICS = 60
DAYS = 90
# Where the people live: Monteux and its neighbours (INSEE codes of Vaucluse).
COMMUNES = ["84080", "84080", "84080", "84031", "84031", "84088", "84122", "84016", "84108",
            "84143", "84054", "84007"]  # fmt: skip
AGE_BANDS = ["60-74", "60-74", "75+", "75+", "45-59", "26-44", "18-25", ""]
MEDIATOR = "mediation@demo.maillage.fr"


def build_diagnostic(*, today: dt.date) -> str:
    if Diagnostic.objects.filter(is_demo=True).exists():
        return "Diagnostics: already built."
    questionnaire = questionnaire_get()
    if not questionnaire.questions:
        return "Diagnostics: no questionnaire configured, none added."
    rng = random.Random(84080)
    communes = Commune.objects.in_bulk(set(COMMUNES))
    mediator = User.objects.filter(email=MEDIATOR).first()
    added = 0
    for number in range(DIAGNOSTICS):
        # Each person has an ease with the digital world; their answers scatter around it.
        ease = rng.random()
        answers = {}
        for question in questionnaire.questions:
            ranked = sorted(question.choices, key=lambda choice: choice.points)
            index = round(ease * (len(ranked) - 1) + rng.uniform(-1, 1))
            answers[question.id] = ranked[min(max(index, 0), len(ranked) - 1)].id
        diagnostic_take(
            answers=answers,
            commune=communes.get(rng.choice(COMMUNES)),
            age_band=rng.choice(AGE_BANDS),
            mediator=mediator if mediator is not None and number % 3 == 0 else None,
            taken_on=today - dt.timedelta(days=rng.randrange(DAYS)),
            is_demo=True,
        )
        added += 1
    return f"Diagnostics: {added} added."
