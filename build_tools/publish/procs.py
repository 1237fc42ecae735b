"""Child processes that never outlive the build.

A killed build must not leave workers behind: a forked PDF worker blocked on its result pipe,
or an ``mkdocs build`` still writing into a temporary folder the next run removes. On Linux the
kernel sends each child SIGKILL when its parent dies (``prctl(PR_SET_PDEATHSIG)``); elsewhere
this does nothing and the children end when they next write to the closed pipe.
"""

from __future__ import annotations

import ctypes
import functools
import gc
import multiprocessing
import os
import signal
import sys
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any, TypeVar

from ..errors import BuildError

T = TypeVar("T")

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


def in_parallel(jobs: list[Callable[[], T]]) -> list[T]:
    """Run the jobs (one per script) in forked processes: WeasyPrint uses one core, and the
    two PDFs do not depend on each other. Sequential where fork or a second core is missing.
    The first job's error is raised, with its message and hint. A worker dies with this
    process, so a killed build leaves none blocked on its result pipe."""
    if len(jobs) < 2 or (os.cpu_count() or 1) < 2 or ("fork" not in multiprocessing.get_all_start_methods()):
        return [job() for job in jobs]
    context = multiprocessing.get_context("fork")  # the jobs are closures: not pickled
    running = []
    for job in jobs:
        receive, send = context.Pipe(duplex=False)
        process = context.Process(target=_run, args=(job, send, os.getpid()), daemon=True)
        process.start()
        send.close()
        running.append((process, receive))
    results: list[tuple[bool, Any]] = []  # (True, result) or (False, exception)
    for process, receive in running:
        try:
            results.append(receive.recv())
        except EOFError:
            results.append(
                (
                    False,
                    BuildError(
                        "a PDF build process died without a result (its error is printed above)",
                        hint="run `gov-report pdf` again; report the error if it stays",
                    ),
                )
            )
        process.join()
    for ok, value in results:
        if not ok:
            raise value
    return [value for _, value in results]


def _run(job: Callable[[], Any], send: Connection, parent: int) -> None:
    die_with_parent(parent)
    # The worker makes one result and exits without tearing its heap down: the cyclic garbage
    # collector would only walk that heap (0.25 s of CPU after a PDF, when it was switched on
    # again), and reference counting frees what the job drops.
    gc.disable()
    try:
        send.send((True, job()))
    except BaseException as err:
        send.send((False, err))
    finally:
        send.close()
