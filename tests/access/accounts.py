"""Logging in and out, and the admin site (for the admin role only)."""

from tests.access.table import STAFF, Row, expect


def objects(world) -> None:
    pass


ROWS = [
    Row("GET", "web:login", "/connexion/", expect(302, anonymous=200), note="logged in: sent on"),
    Row("POST", "web:logout", "/deconnexion/", expect(302)),
    Row("GET", "web:team", "/equipe/", STAFF),
    Row("GET", "admin", "/admin/", expect(302, admin=200), note="the admin role opens the admin"),
]
