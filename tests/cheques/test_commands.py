import io

import pytest
from django.core.management import CommandError, call_command

from maillage.cheques.models import Cheque

pytestmark = pytest.mark.django_db


def test_expire_cheques(cheques):
    out = io.StringIO()
    call_command("expire-cheques", "--today", "2027-01-01", stdout=out)
    assert out.getvalue().strip() == "10 cheque(s) expired."
    assert set(Cheque.objects.values_list("state", flat=True)) == {"expired"}
    call_command("expire-cheques", "--today", "2027-01-01", stdout=out)
    assert out.getvalue().strip().endswith("0 cheque(s) expired.")
    with pytest.raises(CommandError, match="--today must be a date"):
        call_command("expire-cheques", "--today", "demain")
