"""The database holds each state's implications itself: no path around the services (the
admin, a shell, a bulk update) can leave a cheque redeemed without a place, reimbursed
without a batch, or dated out of order."""

import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from maillage.cheques.models import Campaign, Cheque, ChequeBook
from maillage.cheques.services import books_create, cheque_redeem
from tests.cheques.factories import TODAY

pytestmark = pytest.mark.django_db


def breaks(queryset, **changes) -> bool:
    try:
        with transaction.atomic():
            queryset.update(**changes)
    except IntegrityError:
        return True
    return False


def test_the_state_implies_its_fields(cheque, place):
    one = Cheque.objects.filter(pk=cheque.pk)
    assert breaks(one, state="redeemed")  # no place nor date
    assert breaks(one, state="redeemed", redeemed_on=TODAY)  # no place
    assert breaks(one, state="redeemed", redeemed_at=place)  # no date
    assert not breaks(one, state="redeemed", redeemed_at=place, redeemed_on=TODAY)
    assert breaks(one, state="reimbursed")  # no batch
    assert breaks(one, state="handed")  # no date
    assert breaks(one, state="issued", redeemed_at=place, redeemed_on=TODAY)  # not redeemed
    assert breaks(one, state="cancelled")  # no date
    assert breaks(one, state="lost")
    assert breaks(one, number="123")
    assert breaks(one, issued_on=None)


def test_dates_follow_the_way(cheque, place):
    one = Cheque.objects.filter(pk=cheque.pk)
    assert breaks(one, state="handed", handed_on=dt.date(2026, 4, 1))  # before its issue
    assert breaks(one, state="redeemed", redeemed_at=place, redeemed_on=dt.date(2026, 4, 1))
    cheque_redeem(cheque=cheque, place=place, redeemed_on=dt.date(2026, 5, 10), today=TODAY)
    assert breaks(one, handed_on=dt.date(2026, 5, 11))  # handed after it was redeemed


def test_a_cheque_in_stock_has_no_issue_date(campaign):
    stock = books_create(campaign=campaign, count=1, size=1)[0]
    assert breaks(Cheque.objects.filter(book=stock), issued_on=TODAY)
    assert breaks(ChequeBook.objects.filter(pk=stock.pk), issued_on=TODAY)  # nobody to give it


def test_numbers_are_unique_and_campaigns_sound(cheques, campaign):
    assert breaks(Cheque.objects.filter(pk=cheques[1].pk), number=cheques[0].number)
    assert breaks(Campaign.objects.filter(pk=campaign.pk), face_value=0)
    assert breaks(Campaign.objects.filter(pk=campaign.pk), code=1000)
    assert breaks(ChequeBook.objects.filter(pk=cheques[0].book_id), last_serial=1)
