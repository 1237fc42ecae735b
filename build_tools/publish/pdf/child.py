"""One script's PDF in a child process of its own, so that Typst's memory goes with it.

Typst keeps everything it has laid out in a process-wide cache (comemo) that the typst wheel
never empties: a second document in the same process adds some 200 MB to the first's. A
forked child per script, one after the other, keeps the build's peak near one document's
(about 450 MB with the text pipeline's own), where one process for both reached 640 MB.
One at a time and not side by side: two children at once would double the peak and save no
CPU (Typst already lays pages out on every core). The child dies with the build
(``procs.die_with_parent``); its error comes back with its message and hint. Where fork is
missing the job runs in this process.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any, TypeVar

from ...errors import BuildError
from ..procs import die_with_parent

T = TypeVar("T")


def _run(job: Callable[[], Any], send: Connection, parent: int) -> None:
    die_with_parent(parent)
    try:
        send.send((True, job()))
    except BaseException as err:
        send.send((False, err))
    finally:
        send.close()


def in_child(job: Callable[[], T]) -> T:
    """``job()`` in a forked child; its result or its error."""
    if "fork" not in multiprocessing.get_all_start_methods():
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
