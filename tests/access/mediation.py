"""Access rows of the mediation pages and endpoints (filled in with the capability)."""

from tests.access.table import Row  # noqa: F401


def objects(world) -> None:
    pass


ROWS: list = []
