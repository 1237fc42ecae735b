"""Child processes that never outlive the build.

A killed build must not leave workers behind: a forked PDF worker blocked on its result pipe,
or an ``mkdocs build`` still writing into a temporary folder the next run removes. On Linux the
kernel sends each child SIGKILL when its parent dies (``prctl(PR_SET_PDEATHSIG)``); elsewhere
this does nothing and the children end when they next write to the closed pipe.
"""

from __future__ import annotations

import ctypes
import functools
import os
import signal
import sys

_PR_SET_PDEATHSIG = 1


def die_with_parent(parent: int) -> None:
    """In a child process, right after fork: be killed when ``parent`` (its pid) dies."""
    if not sys.platform.startswith("linux"):
        return
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0)
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:  # the parent died before prctl took effect
        os._exit(1)


def child_setup() -> functools.partial[None]:
    """A ``preexec_fn`` for :mod:`subprocess`: the child dies with this process."""
    return functools.partial(die_with_parent, os.getpid())
