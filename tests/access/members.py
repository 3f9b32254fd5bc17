"""The cooperative: public member directory and figures; the register and dues for the hub;
a member edits the organisations they act for."""

from tests.access.table import EVERYBODY, Row


def objects(world) -> None:
    pass


ROWS = [
    Row("GET", "/api/v1/members", "/api/v1/members?status=active", EVERYBODY),
    Row("GET", "/api/v1/members/figures", "/api/v1/members/figures?year=2026", EVERYBODY),
]
