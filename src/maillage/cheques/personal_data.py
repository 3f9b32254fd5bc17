"""What the pass numérique holds about an account: the books it gave to prescribers, the
cheques it handed to people or redeemed at a place, the reimbursements it recorded.

Nothing is held about the people who receive cheques but an age band and a commune, never
a name: they have no account here. Erasure keeps every cheque and batch — they are the
funder's accounts and the hub's statistics — and forgets which account acted.
"""

from __future__ import annotations

from typing import Any

from maillage.accounts.models import User
from maillage.cheques.models import Cheque, ChequeBook, Reimbursement
from maillage.core.personal_data import personal_data_section


def _iso(value) -> str | None:
    return value.isoformat() if value is not None else None


def cheques_export(user: User) -> dict[str, list[dict[str, Any]]]:
    return {
        "books_issued": [
            {
                "book": str(book),
                "prescriber": str(book.prescriber),
                "issued_on": _iso(book.issued_on),
            }
            for book in ChequeBook.objects.filter(issued_by=user).select_related("prescriber")
        ],
        "cheques_handed": [
            {"number": cheque.number, "handed_on": _iso(cheque.handed_on)}
            for cheque in Cheque.objects.filter(handed_by=user).order_by("serial")
        ],
        "cheques_redeemed": [
            {
                "number": cheque.number,
                "redeemed_on": _iso(cheque.redeemed_on),
                "place": str(cheque.redeemed_at),
                "note": cheque.redeem_note,
            }
            for cheque in Cheque.objects.filter(redeemed_by=user)
            .select_related("redeemed_at")
            .order_by("serial")
        ],
        "reimbursements_recorded": [
            {
                "place": str(batch.place),
                "reimbursed_on": _iso(batch.reimbursed_on),
                "reference": batch.reference,
            }
            for batch in Reimbursement.objects.filter(recorded_by=user).select_related("place")
        ],
    }


def cheques_erase(user: User) -> int:
    return (
        ChequeBook.objects.filter(issued_by=user).update(issued_by=None)
        + Cheque.objects.filter(handed_by=user).update(handed_by=None)
        + Cheque.objects.filter(redeemed_by=user).update(redeemed_by=None)
        + Reimbursement.objects.filter(recorded_by=user).update(recorded_by=None)
    )


personal_data_section(name="cheques", export=cheques_export, erase=cheques_erase)
