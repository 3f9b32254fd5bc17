"""My account: every logged-in person opens their own (and only their own) data, keys and
erasure; visitors are sent to the login page."""

from maillage.accounts.tokens import api_token_create
from tests.access.table import LOGGED_IN, Row, expect

PASSWORD = "a-long-test-password"  # tests.factories.UserFactory's


def objects(world) -> None:
    world.extra["member_key"], _key = api_token_create(user=world.users["member"], name="Script")


ROWS = [
    Row("GET", "web:account", "/mon-compte/", LOGGED_IN),
    Row("GET", "web:account-data", "/mon-compte/donnees.json", LOGGED_IN, note="own data only"),
    Row(
        "POST",
        "web:account-key-create",
        "/mon-compte/cles/",
        LOGGED_IN,
        data={"name": "Téléphone"},
        note="the key is shown on this answer",
    ),
    Row(
        "GET",
        "web:account-key-create",
        "/mon-compte/cles/",
        expect(405, anonymous=302),
        note="POST only",
    ),
    Row(
        "POST",
        "web:account-key-revoke",
        lambda w: f"/mon-compte/cles/{w.member_key.pk}/revoquer/",
        expect(404, anonymous=302, member=302),
        note="the member's own key; anybody else's is not found",
    ),
    Row("GET", "web:account-erase", "/mon-compte/effacer/", LOGGED_IN),
    Row(
        "POST",
        "web:account-erase",
        "/mon-compte/effacer/",
        LOGGED_IN,
        data={"password": "wrong", "confirmation": "EFFACER"},
        note="wrong password: the form again, nothing erased",
    ),
    Row(
        "POST",
        "web:account-erase",
        "/mon-compte/effacer/",
        LOGGED_IN,
        data={"password": PASSWORD, "confirmation": "EFFACER"},
        note="erases one's own data (the last admin is told why not)",
    ),
]
