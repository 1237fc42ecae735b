"""One script's PDF in a child process of its own, so that Typst's memory goes with it.

Typst keeps everything it has laid out in a process-wide cache (comemo) that the typst wheel
never empties: a second document in the same process adds some 200 MB to the first's. A
forked child per script, one after the other, keeps the build's peak near one document's
(about 450 MB with the text pipeline's own), where one process for both reached 640 MB.
One at a time and not side by side: two children at once would double the peak and save no
CPU (Typst already lays pages out on every core). The child dies with the build
(``procs.die_with_parent``); its error comes back with its message and hint.

The job runs in this process instead where fork is missing, and where this process already
has a second thread: a fork copies only the calling thread, so a child that asked Typst's
thread pool (started by an earlier compile in this process, as in the tests or a library
worker) for work would wait forever on threads it does not have.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import threading
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any, TypeVar

from ...errors import BuildError
from ..procs import die_with_parent

T = TypeVar("T")


def _run(job: Callable[[], Any], send: Connection, parent: int) -> None:
    die_with_parent(parent)
    # The child makes one result and exits without tearing its heap down: the cyclic garbage
    # collector would only walk that heap (0.25 s of CPU after a PDF), and reference counting
    # frees what the job drops.
    gc.disable()
    try:
        send.send((True, job()))
    except BaseException as err:
        send.send((False, err))
    finally:
        send.close()


def threads() -> int:
    """How many threads this process has, native ones (Typst's) included where Linux says."""
    try:
        return len(os.listdir("/proc/self/task"))
    except OSError:
        return threading.active_count()


def in_child(job: Callable[[], T]) -> T:
    """``job()`` in a forked child; its result or its error. In this process if forking is
    unsafe or impossible (see the module's note)."""
    if "fork" not in multiprocessing.get_all_start_methods() or threads() > 1:
        return job()
    context = multiprocessing.get_context("fork")  # the job is a closure: not pickled
    receive, send = context.Pipe(duplex=False)
    process = context.Process(target=_run, args=(job, send, os.getpid()), daemon=True)
    process.start()
    send.close()
    try:
        ok, value = receive.recv()
    except EOFError:
        ok, value = (
            False,
            BuildError(
                "a PDF build process died without a result (its error is printed above)",
                hint="run `gov-report pdf` again; report the error if it stays",
            ),
        )
    finally:
        process.join()
    if not ok:
        raise value
    result: T = value
    return result
