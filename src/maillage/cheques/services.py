"""Writes of the pass numérique: campaigns, books, and each move of a cheque.

Every move checks `Cheque.TRANSITIONS` and its own rules before writing anything, and
raises a `ChequeRefused` naming the rule otherwise. Redeeming takes the cheque's row lock
first (PostgreSQL `SELECT … FOR UPDATE`; SQLite's transactions hold the write lock from
their `BEGIN IMMEDIATE`): of two people redeeming the same cheque at once, the second sees
the first's redemption and is told when and where it happened.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import Max, Sum
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from maillage.accounts.models import User
from maillage.cheques import numbers
from maillage.cheques.models import AgeBand, Campaign, Cheque, ChequeBook, Reimbursement
from maillage.cheques.rules import may_redeem_at
from maillage.cheques.selectors import campaign_places
from maillage.core.refusals import Refused
from maillage.core.services import activity_record
from maillage.directory.models import Organisation, Place
from maillage.territory.models import Commune

MAX_BOOKS = 100
MAX_BOOK_SIZE = 50
MAX_FACE_VALUE = Decimal(1000)


class ChequeRefused(Refused):
    """A move of a cheque (or a campaign or book change) that a rule forbids."""


class ChequeConflict(ChequeRefused):
    """The cheque's state forbids the move: already redeemed, not issued yet, expired…"""

    status = 409


class ChequeForbidden(ChequeRefused):
    """The person may not do this here (redeem at a place they do not run)."""

    status = 403


def _day(value: dt.date) -> str:
    return date_format(value, "j F Y")


def _today(today: dt.date | None) -> dt.date:
    return today or timezone.localdate()


# --- campaigns ---------------------------------------------------------------------------


def campaign_check(*, name: str, year: int, face_value: Decimal, valid_until: dt.date) -> None:
    if not name.strip():
        raise ChequeRefused("name_required", _("Donnez un nom à la campagne."), "name")
    if not 2000 <= year <= 2100:
        raise ChequeRefused("year", _("Année invalide."), "year")
    if not Decimal(0) < face_value <= MAX_FACE_VALUE:
        raise ChequeRefused(
            "face_value",
            _("La valeur d'un chèque est comprise entre 0 et %(max)s €.") % {"max": MAX_FACE_VALUE},
            "face_value",
        )
    if valid_until < dt.date(year, 1, 1):
        raise ChequeRefused(
            "valid_until",
            _("La date de fin de validité doit tomber pendant ou après l'année de la campagne."),
            "valid_until",
        )


@transaction.atomic
def campaign_create(
    *,
    funder: Organisation,
    name: str,
    year: int,
    face_value: Decimal,
    valid_until: dt.date,
    places: Iterable[Place] = (),
    actor: User | None = None,
    is_demo: bool = False,
) -> Campaign:
    """A funder's campaign; its code (the first three digits of its cheques) is the next free."""
    face_value = Decimal(face_value)
    campaign_check(name=name, year=year, face_value=face_value, valid_until=valid_until)
    if Campaign.objects.filter(funder=funder, name=name.strip(), year=year).exists():
        raise ChequeRefused(
            "duplicate", _("Ce financeur a déjà une campagne de ce nom cette année."), "name"
        )
    code = (Campaign.objects.aggregate(last=Max("code"))["last"] or 0) + 1
    if code > numbers.MAX_CODE:
        raise ChequeRefused("no_code_left", _("Plus aucun code de campagne n'est libre."), None)
    try:
        with transaction.atomic():
            campaign = Campaign.objects.create(
                funder=funder, name=name.strip(), year=year, code=code, face_value=face_value,
                valid_until=valid_until, is_demo=is_demo,
            )  # fmt: skip
    except IntegrityError:  # another campaign took the code meanwhile
        raise ChequeRefused(
            "retry", _("Une autre campagne vient d'être créée : recommencez."), None
        ) from None
    campaign.places.set(list(places))
    activity_record(
        verb="cheque_campaign.created",
        actor=actor,
        target=campaign,
        data={"funder": funder.pk, "face_value": str(face_value), "code": code},
    )
    return campaign


@transaction.atomic
def campaign_update(
    *,
    campaign: Campaign,
    name: str,
    valid_until: dt.date,
    places: Iterable[Place] | None = None,
    actor: User | None = None,
) -> Campaign:
    """Rename a campaign, move its end of validity, change its qualified places (its funder,
    year and face value are printed on the cheques: they do not change)."""
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    campaign_check(
        name=name, year=campaign.year, face_value=campaign.face_value, valid_until=valid_until
    )
    campaign.name, campaign.valid_until = name.strip(), valid_until
    campaign.save(update_fields=["name", "valid_until", "updated_at"])
    if places is not None:
        campaign.places.set(list(places))
    activity_record(
        verb="cheque_campaign.updated",
        actor=actor,
        target=campaign,
        data={"valid_until": valid_until.isoformat()},
    )
    return campaign


# --- books -------------------------------------------------------------------------------


@transaction.atomic
def books_create(
    *,
    campaign: Campaign,
    count: int,
    size: int,
    actor: User | None = None,
    is_demo: bool = False,
) -> list[ChequeBook]:
    """`count` books of `size` consecutive cheques, in stock (numbers follow the campaign's
    last one)."""
    if not 1 <= count <= MAX_BOOKS:
        raise ChequeRefused(
            "count", _("Entre 1 et %(max)s carnets à la fois.") % {"max": MAX_BOOKS}, "count"
        )
    if not 1 <= size <= MAX_BOOK_SIZE:
        raise ChequeRefused(
            "size",
            _("Un carnet compte entre 1 et %(max)s chèques.") % {"max": MAX_BOOK_SIZE},
            "size",
        )
    # The campaign's lock: two issues of the same campaign never number the same cheques.
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    last = campaign.books.aggregate(last=Max("last_serial"))["last"]
    next_rank = (last - numbers.serial_of(code=campaign.code, rank=1) + 2) if last else 1
    if next_rank + count * size - 1 > numbers.MAX_RANK:
        raise ChequeRefused("numbers_used_up", _("Cette campagne n'a plus de numéros libres."))
    books = []
    for _book in range(count):
        first = numbers.serial_of(code=campaign.code, rank=next_rank)
        book = ChequeBook.objects.create(
            campaign=campaign, first_serial=first, last_serial=first + size - 1, is_demo=is_demo
        )
        Cheque.objects.bulk_create(
            Cheque(book=book, serial=serial, number=numbers.number_of(serial))
            for serial in range(first, first + size)
        )
        next_rank += size
        books.append(book)
    activity_record(
        verb="cheque_books.created",
        actor=actor,
        target=campaign,
        data={"books": count, "size": size, "first": books[0].first_number},
    )
    return books


@transaction.atomic
def book_issue(
    *,
    book: ChequeBook,
    prescriber: Organisation,
    issued_on: dt.date,
    actor: User | None = None,
    today: dt.date | None = None,
) -> ChequeBook:
    """Give a book in stock to a prescriber: its cheques still in stock become theirs."""
    book = ChequeBook.objects.select_for_update().select_related("campaign").get(pk=book.pk)
    if book.prescriber_id is not None:
        raise ChequeConflict(
            "already_issued",
            _("Ce carnet a déjà été remis à %(prescriber)s le %(date)s.")
            % {"prescriber": book.prescriber, "date": _day(book.issued_on)},
            "book",
        )
    if issued_on > _today(today):
        raise ChequeRefused(
            "date_in_future", _("La date ne peut pas être dans le futur."), "issued_on"
        )
    if issued_on > book.campaign.valid_until:
        raise ChequeConflict(
            "expired",
            _("La campagne n'est valable que jusqu'au %(date)s.")
            % {"date": _day(book.campaign.valid_until)},
            "issued_on",
        )
    book.prescriber, book.issued_on, book.issued_by = prescriber, issued_on, actor
    book.save(update_fields=["prescriber", "issued_on", "issued_by", "updated_at"])
    book.cheques.filter(state=Cheque.State.CREATED).update(
        state=Cheque.State.ISSUED, issued_on=issued_on, updated_at=timezone.now()
    )
    activity_record(
        verb="cheque_book.issued",
        actor=actor,
        target=book,
        data={"prescriber": prescriber.pk, "issued_on": issued_on.isoformat()},
    )
    return book


@transaction.atomic
def books_issue(
    *,
    campaign: Campaign,
    prescriber: Organisation,
    count: int,
    size: int,
    issued_on: dt.date,
    actor: User | None = None,
    is_demo: bool = False,
    today: dt.date | None = None,
) -> list[ChequeBook]:
    """New books of numbered cheques, given to a prescriber at once."""
    books = books_create(campaign=campaign, count=count, size=size, actor=actor, is_demo=is_demo)
    return [
        book_issue(book=book, prescriber=prescriber, issued_on=issued_on, actor=actor, today=today)
        for book in books
    ]


# --- one cheque's moves ------------------------------------------------------------------


def _locked(cheque: Cheque) -> Cheque:
    return (
        Cheque.objects.select_for_update(of=("self",))
        .select_related("book__campaign", "book__prescriber", "redeemed_at")
        .get(pk=cheque.pk)
    )


def _refuse_state(cheque: Cheque, *, doing: str) -> None:
    """Refuse a move from a state that does not allow it, saying what happened to the
    cheque. `doing`: "redeem" or "hand"."""
    state = Cheque.State(cheque.state)
    if state in Cheque.SPENT:
        raise ChequeConflict(
            "already_redeemed",
            _("Ce chèque a déjà été encaissé le %(date)s à %(place)s.")
            % {"date": _day(cheque.redeemed_on), "place": cheque.redeemed_at},
            "number",
        )
    if state == Cheque.State.CREATED:
        raise ChequeConflict(
            "not_issued",
            _("Ce chèque n'a pas encore été remis à un prescripteur : il est encore en stock "
              "et ne peut pas être utilisé."),
            "number",
        )  # fmt: skip
    if state == Cheque.State.CANCELLED:
        raise ChequeConflict(
            "cancelled",
            _("Ce chèque a été annulé le %(date)s : il ne peut plus être utilisé.")
            % {"date": _day(cheque.closed_on)},
            "number",
        )
    if state == Cheque.State.EXPIRED:
        _refuse_expired(cheque)
    if doing == "hand" and state == Cheque.State.HANDED:
        raise ChequeConflict(
            "already_handed",
            _("Ce chèque a déjà été remis à une personne le %(date)s.")
            % {"date": _day(cheque.handed_on)},
            "number",
        )


def _refuse_expired(cheque: Cheque) -> None:
    raise ChequeConflict(
        "expired",
        _("Ce chèque n'était valable que jusqu'au %(date)s : il a expiré.")
        % {"date": _day(cheque.book.campaign.valid_until)},
        "number",
    )


def _check_date(
    cheque: Cheque, on: dt.date, today: dt.date, *, field: str, after: dt.date | None
) -> None:
    if on > today:
        raise ChequeRefused("date_in_future", _("La date ne peut pas être dans le futur."), field)
    if after is not None and on < after:
        raise ChequeRefused(
            "date_before",
            _("Ce chèque n'a été remis que le %(date)s : choisissez une date à partir de celle-ci.")
            % {"date": _day(after)},
            field,
        )
    if on > cheque.book.campaign.valid_until:
        _refuse_expired(cheque)


def _commit(cheque: Cheque, to_state: str, fields: list[str]) -> None:
    if to_state not in Cheque.TRANSITIONS[Cheque.State(cheque.state)]:  # a guard: checked above
        raise ChequeConflict("transition", _("Ce chèque ne peut pas changer ainsi."), "state")
    cheque.state = to_state
    cheque.save(update_fields=["state", *fields, "updated_at"])


@transaction.atomic
def cheque_hand(
    *,
    cheque: Cheque,
    handed_on: dt.date,
    age_band: str = "",
    commune: Commune | None = None,
    actor: User | None = None,
    today: dt.date | None = None,
) -> Cheque:
    """A prescriber hands a cheque of their book to a person; only an age band and a
    commune of residence are kept about them, never a name."""
    cheque = _locked(cheque)
    _refuse_state(cheque, doing="hand")
    if age_band and age_band not in AgeBand.values:
        raise ChequeRefused("age_band", _("Tranche d'âge inconnue."), "age_band")
    _check_date(cheque, handed_on, _today(today), field="handed_on", after=cheque.issued_on)
    cheque.handed_on, cheque.handed_by = handed_on, actor
    cheque.age_band, cheque.commune = age_band, commune
    _commit(cheque, Cheque.State.HANDED, ["handed_on", "handed_by", "age_band", "commune"])
    activity_record(
        verb="cheque.handed",
        actor=actor,
        target=cheque,
        data={"handed_on": handed_on.isoformat(), "age_band": age_band,
              "commune": commune.code if commune else ""},
    )  # fmt: skip
    return cheque


@transaction.atomic
def cheque_redeem(
    *,
    cheque: Cheque,
    place: Place,
    redeemed_on: dt.date | None = None,
    note: str = "",
    actor: User | None = None,
    today: dt.date | None = None,
) -> Cheque:
    """A place redeems a cheque a person brings (given to them by a prescriber, recorded as
    handed or not). Refuses, writing nothing: a cheque in stock, already redeemed,
    cancelled or expired (409); a place where `actor` may not redeem (403); a place the
    campaign does not qualify, or a date in the future or before the cheque was given."""
    today = _today(today)
    redeemed_on = redeemed_on or today
    if actor is not None and not may_redeem_at(actor, place):
        raise ChequeForbidden(
            "not_your_place",
            _("Vous ne pouvez pas encaisser de chèque à %(place)s.") % {"place": place},
            "place",
        )
    cheque = _locked(cheque)
    _refuse_state(cheque, doing="redeem")
    campaign = cheque.book.campaign
    if not campaign_places(campaign=campaign).filter(pk=place.pk).exists():
        raise ChequeRefused(
            "place_not_eligible",
            _("Les chèques de « %(campaign)s » ne s'encaissent pas à %(place)s : ce lieu n'est "
              "pas qualifié pour cette campagne.") % {"campaign": campaign, "place": place},
            "place",
        )  # fmt: skip
    if len(note) > 300:
        raise ChequeRefused("note", _("Note trop longue : 300 caractères au plus."), "note")
    _check_date(
        cheque, redeemed_on, today, field="date", after=cheque.handed_on or cheque.issued_on
    )
    cheque.redeemed_on, cheque.redeemed_at, cheque.redeemed_by = redeemed_on, place, actor
    cheque.redeem_note = note.strip()
    _commit(
        cheque, Cheque.State.REDEEMED, ["redeemed_on", "redeemed_at", "redeemed_by", "redeem_note"]
    )
    activity_record(
        verb="cheque.redeemed",
        actor=actor,
        target=cheque,
        data={"place": place.pk, "redeemed_on": redeemed_on.isoformat()},
    )
    return cheque


@transaction.atomic
def cheque_cancel(
    *,
    cheque: Cheque,
    reason: str,
    on: dt.date | None = None,
    actor: User | None = None,
) -> Cheque:
    """Cancel a cheque not used yet (lost, stolen, misprinted)."""
    cheque = _locked(cheque)
    if cheque.state not in Cheque.OUTSTANDING:
        _refuse_state(cheque, doing="cancel")
    if not reason.strip():
        raise ChequeRefused("reason_required", _("Indiquez le motif de l'annulation."), "reason")
    cheque.closed_on, cheque.close_reason = on or timezone.localdate(), reason.strip()[:300]
    _commit(cheque, Cheque.State.CANCELLED, ["closed_on", "close_reason"])
    activity_record(verb="cheque.cancelled", actor=actor, target=cheque, data={"reason": reason})
    return cheque


@transaction.atomic
def cheques_expire(
    *, today: dt.date | None = None, campaign: Campaign | None = None, actor: User | None = None
) -> int:
    """Cheques never used whose campaign (every campaign, or `campaign`) ended before
    `today` expire; returns how many."""
    today = _today(today)
    count = 0
    campaigns = Campaign.objects.filter(valid_until__lt=today)
    if campaign is not None:
        campaigns = campaigns.filter(pk=campaign.pk)
    for campaign in campaigns:
        changed = Cheque.objects.filter(
            book__campaign=campaign, state__in=Cheque.OUTSTANDING
        ).update(
            state=Cheque.State.EXPIRED,
            closed_on=campaign.valid_until + dt.timedelta(days=1),
            close_reason=_("Fin de validité de la campagne"),
            updated_at=timezone.now(),
        )
        if changed:
            activity_record(
                verb="cheques.expired", actor=actor, target=campaign, data={"cheques": changed}
            )
        count += changed
    return count


@transaction.atomic
def cheques_reimburse(
    *,
    place: Place,
    reimbursed_on: dt.date,
    reference: str,
    campaign: Campaign | None = None,
    cheques: Iterable[Cheque] | None = None,
    actor: User | None = None,
    is_demo: bool = False,
    today: dt.date | None = None,
) -> Reimbursement:
    """One batch paying a place back for the cheques it redeemed and not yet reimbursed
    (those of `campaign`, or exactly `cheques`)."""
    reference = reference.strip()
    if not reference:
        raise ChequeRefused(
            "reference_required", _("Indiquez la référence du paiement."), "reference"
        )
    if len(reference) > 100:
        raise ChequeRefused("reference", _("Référence trop longue : 100 caractères au plus."),
                            "reference")  # fmt: skip
    if reimbursed_on > _today(today):
        raise ChequeRefused(
            "date_in_future", _("La date ne peut pas être dans le futur."), "reimbursed_on"
        )
    batch = Cheque.objects.select_for_update(of=("self",)).filter(redeemed_at=place)
    if cheques is not None:
        wanted = {cheque.pk for cheque in cheques}
        batch = batch.filter(pk__in=wanted)
        locked = list(batch.select_related("book__campaign", "redeemed_at"))
        for cheque in locked:
            if cheque.state != Cheque.State.REDEEMED:
                raise ChequeConflict(
                    "already_reimbursed",
                    _("Le chèque %(number)s est déjà remboursé.")
                    % {"number": cheque.printed_number},
                    "cheques",
                )
        if len(locked) != len(wanted):
            raise ChequeRefused(
                "not_redeemed_here",
                _("Certains chèques n'ont pas été encaissés à %(place)s.") % {"place": place},
                "cheques",
            )
    else:
        batch = batch.filter(state=Cheque.State.REDEEMED)
        if campaign is not None:
            batch = batch.filter(book__campaign=campaign)
        locked = list(batch.select_related("book__campaign"))
    if not locked:
        raise ChequeRefused(
            "nothing_to_reimburse",
            _("Aucun chèque encaissé à %(place)s n'attend de remboursement.") % {"place": place},
            "place",
        )
    latest = max(cheque.redeemed_on for cheque in locked)
    if reimbursed_on < latest:
        raise ChequeRefused(
            "date_before",
            _("Le dernier chèque de ce lot a été encaissé le %(date)s : le remboursement ne peut "
              "pas le précéder.") % {"date": _day(latest)},
            "reimbursed_on",
        )  # fmt: skip
    pks = [cheque.pk for cheque in locked]
    amount = Cheque.objects.filter(pk__in=pks).aggregate(total=Sum("book__campaign__face_value"))
    reimbursement = Reimbursement.objects.create(
        place=place, reimbursed_on=reimbursed_on, reference=reference, cheque_count=len(pks),
        amount=amount["total"], recorded_by=actor, is_demo=is_demo,
    )  # fmt: skip
    changed = Cheque.objects.filter(pk__in=pks, state=Cheque.State.REDEEMED).update(
        state=Cheque.State.REIMBURSED, reimbursement=reimbursement, updated_at=timezone.now()
    )
    if changed != len(pks):  # cannot happen while the rows are locked; never half a batch
        raise ChequeConflict("retry", _("Des chèques viennent de changer : recommencez."), None)
    activity_record(
        verb="cheques.reimbursed",
        actor=actor,
        target=reimbursement,
        data={"cheques": len(pks), "amount": str(reimbursement.amount), "place": place.pk},
    )
    return reimbursement
