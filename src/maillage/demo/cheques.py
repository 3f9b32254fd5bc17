"""The demo's pass numérique: the Département de Vaucluse funds 10 € cheques; books go to
four prescribers (a France Services, a CCAS, a departmental social centre, and the
association the demo member acts for); people bring the cheques they were given to the
hub's mediation places, which are reimbursed by batch. Last year's campaign is over:
mostly reimbursed, its unused cheques expired. Everything is invented and flagged as demo.

Idempotent: a second run finds the demo campaigns and adds nothing.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from maillage.accounts.models import User
from maillage.cheques.models import AgeBand, Campaign, Cheque
from maillage.cheques.services import (
    books_create,
    books_issue,
    campaign_create,
    cheque_hand,
    cheque_redeem,
    cheques_expire,
    cheques_reimburse,
)
from maillage.directory.models import Organisation, Place
from maillage.directory.services import organisation_save, place_managers_set
from maillage.territory.models import Commune

FUNDER = ("Département de Vaucluse", "84007")
PRESCRIBERS = [
    ("France Services de Carpentras", Organisation.Kind.PUBLIC_SERVICE, "84031"),
    ("CCAS de Monteux", Organisation.Kind.PUBLIC_SERVICE, "84080"),
    ("Maison départementale des solidarités de Cavaillon", Organisation.Kind.PUBLIC_SERVICE,
     "84035"),
    # The association the demo member acts for (demo/members.py): its space shows its books.
    ("Le Lien numérique", Organisation.Kind.ASSOCIATION, "84031"),
]  # fmt: skip
# The hub's places where people bring their cheques: tiers-lieux, mediation spaces, truck.
REDEEMING_PLACES = [
    "mediation-monteux", "mediation-bedarrides", "tiers-lieu-monteux", "tiers-lieu-carpentras",
    "tiers-lieu-sarrians", "camion-numerique",
]  # fmt: skip
PLACE_MANAGER = "lieu@demo.maillage.fr"
MANAGED_PLACE = "mediation-monteux"
COMMUNES = ["84031", "84080", "84035", "84088", "84122", "84007", "84054", "84016"]
FACE_VALUE = Decimal(10)


def _organisation(name: str, kind: str, commune: str, description: str) -> Organisation:
    found = Organisation.objects.filter(name=name).first()
    if found is not None:
        return found
    return organisation_save(
        organisation=Organisation(
            name=name, kind=kind, commune_id=commune, is_demo=True, description=description,
            legal_form=Organisation.LegalForm.LOCAL_AUTHORITY
            if kind == Organisation.Kind.LOCAL_AUTHORITY else "",
        )
    )  # fmt: skip


def _place_manager(places: list[Place]) -> User | None:
    """The demo place manager runs the Monteux mediation space, unless they already run a
    place: they can then redeem cheques there."""
    manager = User.objects.filter(email=PLACE_MANAGER).first()
    managed = next((p for p in places if p.source_id == MANAGED_PLACE), None)
    if manager is None or managed is None:
        return None
    if not manager.managed_places.exists():
        place_managers_set(place=managed, managers=[*managed.managers.all(), manager])
    return manager


def _life(
    rng: random.Random,
    cheques: list[Cheque],
    *,
    places: list[Place],
    today: dt.date,
    manager: User | None,
    hand_share: float,
    redeem_share: float,
) -> None:
    """Hand a share of the cheques to people, then have a share of those redeemed (and a
    few brought without having been recorded as handed, as happens)."""
    communes = list(Commune.objects.filter(code__in=COMMUNES))
    for cheque in cheques:
        issued = cheque.book.issued_on
        span = max((today - issued).days, 0)
        handed = None
        if rng.random() < hand_share:
            handed = issued + dt.timedelta(days=rng.randint(0, span))
            cheque = cheque_hand(
                cheque=cheque, handed_on=handed, age_band=rng.choice(AgeBand.values),
                commune=rng.choice(communes) if communes else None, today=today,
            )  # fmt: skip
        if (handed and rng.random() < redeem_share) or (not handed and rng.random() < 0.05):
            start = handed or issued
            place = rng.choice(places)
            cheque_redeem(
                cheque=cheque, place=place,
                redeemed_on=start + dt.timedelta(days=rng.randint(0, (today - start).days)),
                actor=manager if manager and place.managers.filter(pk=manager.pk).exists() else None,
                note=rng.choice(["", "Démarches en ligne", "Smartphone", "Messagerie", "Ameli"]),
                today=today,
            )  # fmt: skip


def build_cheques(*, today: dt.date) -> str:
    if Campaign.objects.filter(is_demo=True).exists():
        return "Pass numérique: already built."
    rng = random.Random(84)
    places = list(
        Place.objects.filter(source="maillage-demo", source_id__in=REDEEMING_PLACES).order_by(
            "source_id"
        )
    )
    if not places:
        return "Pass numérique: no demo places (build the hub first)."
    manager = _place_manager(places)
    funder = _organisation(
        FUNDER[0], Organisation.Kind.LOCAL_AUTHORITY, FUNDER[1],
        "Financeur du pass numérique en Vaucluse (démonstration).",
    )  # fmt: skip
    prescribers = [
        _organisation(name, kind, commune, "Prescripteur du pass numérique (démonstration).")
        for name, kind, commune in PRESCRIBERS
    ]
    # Last year's campaign: ended, mostly used and reimbursed, the rest expired.
    last_year = today.year - 1
    old = campaign_create(
        funder=funder, name="Pass numérique Vaucluse", year=last_year, face_value=FACE_VALUE,
        valid_until=dt.date(last_year, 12, 31), places=places, is_demo=True,
    )  # fmt: skip
    old_start = dt.date(last_year, 3, 1)
    for prescriber in prescribers[:2]:
        books = books_issue(campaign=old, prescriber=prescriber, count=2, size=10,
                            issued_on=old_start, is_demo=True, today=today)  # fmt: skip
        cheques = [c for b in books for c in b.cheques.select_related("book__campaign")]
        _life(rng, cheques, places=places, today=dt.date(last_year, 12, 31), manager=manager,
              hand_share=0.9, redeem_share=0.85)  # fmt: skip
    paid_on = min(dt.date(today.year, 1, 20), today)
    for place in places:
        if Cheque.objects.filter(book__campaign=old, redeemed_at=place, state="redeemed").exists():
            cheques_reimburse(
                place=place, reimbursed_on=paid_on, reference=f"MANDAT-{last_year}-{place.pk}",
                campaign=old, is_demo=True, today=today,
            )  # fmt: skip
    expired = cheques_expire(today=today, campaign=old)
    # This year's campaign: books given over the last four months, a book still in stock.
    current = campaign_create(
        funder=funder, name="Pass numérique Vaucluse", year=today.year, face_value=FACE_VALUE,
        valid_until=dt.date(today.year + 1, 6, 30), places=places, is_demo=True,
    )  # fmt: skip
    for number, prescriber in enumerate(prescribers):
        books = books_issue(
            campaign=current, prescriber=prescriber, count=3, size=10,
            issued_on=today - dt.timedelta(days=120 - 15 * number), is_demo=True, today=today,
        )  # fmt: skip
        cheques = [c for b in books for c in b.cheques.select_related("book__campaign")]
        _life(rng, cheques, places=places, today=today, manager=manager,
              hand_share=0.65, redeem_share=0.6)  # fmt: skip
    books_create(campaign=current, count=1, size=10, is_demo=True)
    # Two places were paid back for what they redeemed until a month ago.
    paid = 0
    for place in places[:2]:
        due = Cheque.objects.filter(
            book__campaign=current, redeemed_at=place, state="redeemed",
            redeemed_on__lte=today - dt.timedelta(days=30),
        )  # fmt: skip
        if due.exists():
            cheques_reimburse(place=place, reimbursed_on=today - dt.timedelta(days=10),
                              reference=f"MANDAT-{today.year}-{place.pk}", cheques=list(due),
                              is_demo=True, today=today)  # fmt: skip
            paid += 1
    counts = {
        state: Cheque.objects.filter(book__campaign__is_demo=True, state=state).count()
        for state in Cheque.State.values
    }
    return (
        f"Pass numérique: 2 campaigns of the {FUNDER[0]}, {sum(counts.values())} cheques "
        f"({', '.join(f'{n} {s}' for s, n in counts.items() if n)}); "
        f"{expired} expired; {paid} reimbursements this year."
    )
