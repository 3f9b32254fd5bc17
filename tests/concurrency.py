"""Racing threads for the concurrency tests (tests/*/test_concurrency.py): each attempt runs in
its own thread and database connection, all released at the same moment."""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence

from django.db import connections


def race(
    attempt: Callable[..., str], arguments: Sequence[tuple], *, timeout: float = 120
) -> list[str]:
    """The outcomes of `attempt(*args)` for each tuple of `arguments`, run in as many threads
    that a barrier releases together, in the order they finished. `attempt` names its outcome
    (turning the refusals it expects into outcomes); anything else it raises becomes the
    outcome "error <repr>". Each thread closes its database connections when done."""
    start_line = threading.Barrier(len(arguments))
    outcomes: list[str] = []
    lock = threading.Lock()

    def run(args: tuple) -> None:
        try:
            start_line.wait()
            outcome = attempt(*args)
        except Exception as error:  # anything unexpected is a failure of the test
            outcome = f"error {error!r}"
        finally:
            connections.close_all()
        with lock:
            outcomes.append(outcome)

    threads = [threading.Thread(target=run, args=(args,)) for args in arguments]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=timeout)
    return outcomes
