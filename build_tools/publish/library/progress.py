"""Progress of a library build: a bar on a terminal (tqdm), one log line per report elsewhere.

The bar is drawn only where a person watches: stderr is a terminal, ``CI`` is not ``true``
and ``-q`` was not given. Otherwise each report's end is a log line (which ``-q`` silences).
"""

from __future__ import annotations

import logging
import os
import sys
from types import TracebackType

from tqdm import tqdm

log = logging.getLogger("build_tools")


def wanted(quiet: bool) -> bool:
    """Whether to draw a bar: a terminal, not CI, not quiet."""
    return not quiet and sys.stderr.isatty() and os.environ.get("CI", "").lower() != "true"


class Progress:
    """Counts the reports built; a bar when ``bar`` is true."""

    def __init__(self, bar: bool = False) -> None:
        self.bar = bar
        self._tqdm: tqdm[None] | None = None
        self.total = 0
        self.done = 0

    def start(self, total: int) -> None:
        self.total, self.done = total, 0
        if self.bar and total:
            tqdm.monitor_interval = 0  # no monitor thread: the builder forks its workers
            self._tqdm = tqdm(total=total, unit="report", file=sys.stderr, dynamic_ncols=True, leave=False)

    def advance(self, what: str) -> None:
        self.done += 1
        if self._tqdm is not None:
            self._tqdm.set_postfix_str(what[-40:], refresh=False)
            self._tqdm.update(1)
        else:
            log.info("library: %d/%d %s", self.done, self.total, what)

    def close(self) -> None:
        if self._tqdm is not None:
            self._tqdm.close()
            self._tqdm = None

    def __enter__(self) -> Progress:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()
