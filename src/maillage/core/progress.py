"""A progress bar for long commands, written to a terminal or to a log line by line."""

from __future__ import annotations

import sys
import time
from typing import TextIO


class ProgressBar:
    """Callable as `progress(step, done, total)`; redraws in place on a terminal and prints
    one line per step (and at most every few seconds) elsewhere, so logs stay readable."""

    def __init__(
        self, stream: TextIO | None = None, width: int = 30, min_interval_s: float = 2.0
    ) -> None:
        self.stream = stream or sys.stderr
        self.width = width
        self.min_interval_s = min_interval_s
        self.interactive = hasattr(self.stream, "isatty") and self.stream.isatty()
        self._step: str | None = None
        self._last_print = 0.0
        self._started = time.monotonic()

    def __call__(self, step: str, done: int, total: int) -> None:
        now = time.monotonic()
        new_step = step != self._step
        finished = total > 0 and done >= total
        if not (
            self.interactive
            or new_step
            or finished
            or now - self._last_print >= self.min_interval_s
        ):
            return
        if new_step and self._step is not None and self.interactive:
            self.stream.write("\n")
        self._step, self._last_print = step, now
        fraction = 1.0 if total <= 0 else min(done / total, 1.0)
        filled = round(fraction * self.width)
        line = f"{step:<28} [{'#' * filled}{'.' * (self.width - filled)}] {done}/{total} {now - self._started:5.1f} s"
        self.stream.write(("\r" + line) if self.interactive else line + "\n")
        self.stream.flush()

    def close(self) -> None:
        if self.interactive and self._step is not None:
            self.stream.write("\n")
            self.stream.flush()
