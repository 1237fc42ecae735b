"""Measuring: a step's samples (wall and CPU time), running a command under a time limit, and
keeping a server process alive for the length of a block.

CPU time is user + system time. For a command it is read with
``resource.getrusage(RUSAGE_CHILDREN)`` before and after, so it counts the command and every
descendant it waited for (the ``mkdocs build`` runs that ``build_tools site`` starts, the PDF
workers); in-process it is :func:`time.process_time`. Every process the bench starts gets a
session and process group of its own (``start_new_session=True``), and is ended through that
group (:func:`os.killpg`): on a time limit, or when its block ends.
"""

from __future__ import annotations

import datetime as dt
import os
import platform
import re
import resource
import signal
import statistics
import subprocess
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import IO, Any

#: how long a server process may take to end after SIGTERM before its group gets SIGKILL
STOP_WAIT = 10.0

# The search step of `build_tools site` logs whether jieba's prefix dictionary came from its
# cache file or was built (build_tools/publish/search/vocab.py).
_JIEBA_LOG = re.compile(
    r"search: jieba's dictionary (?P<how>read from|built and written to) "
    r"(?P<path>\S+) in (?P<s>[\d.]+) s"
)


class StepFailed(Exception):
    """A step could not run; the message says which and shows the end of its output."""


@dataclass(frozen=True)
class Sample:
    wall: float
    cpu: float


@dataclass
class Step:
    """One measured step: its samples, one per run in run order, or why it has none."""

    label: str
    samples: list[Sample] = field(default_factory=list)
    #: "ok", "skipped" (not asked for) or "unavailable" (it failed; ``note`` says why)
    status: str = "ok"
    note: str = ""

    @property
    def ok(self) -> bool:
        return self.status == "ok" and bool(self.samples)

    @property
    def wall(self) -> float:
        return statistics.median(s.wall for s in self.samples) if self.samples else float("nan")

    @property
    def cpu(self) -> float:
        return statistics.median(s.cpu for s in self.samples) if self.samples else float("nan")

    def as_json(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "status": self.status,
            "note": self.note,
            "median_wall_s": rounded(self.wall) if self.samples else None,
            "median_cpu_s": rounded(self.cpu) if self.samples else None,
            "wall_s": [rounded(s.wall) for s in self.samples],
            "cpu_s": [rounded(s.cpu) for s in self.samples],
        }


@dataclass(frozen=True)
class Ran:
    """A finished command: its times, exit status and output."""

    sample: Sample
    returncode: int
    stdout: str
    stderr: str


def rounded(x: float) -> float:
    return round(x, 4)


def in_process(work: Callable[[], object]) -> Sample:
    """Time ``work()`` in this process."""
    t0, c0 = time.perf_counter(), time.process_time()
    work()
    return Sample(time.perf_counter() - t0, time.process_time() - c0)


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def subprocess_env(**extra: str) -> dict[str, str]:
    """The environment of every command: the fixed hash seed ``build_tools`` builds with."""
    return {**os.environ, "PYTHONHASHSEED": "0", "NO_MKDOCS_2_WARNING": "1", **extra}


def run(cmd: Sequence[str], cwd: Path, timeout: float, env: dict[str, str] | None = None) -> Ran:
    """Run ``cmd`` in a process group of its own and time it; on ``timeout`` kill the group
    and raise :class:`StepFailed`."""
    cpu0, t0 = _children_cpu(), time.perf_counter()
    proc = subprocess.Popen(
        cmd,
        cwd=cwd,
        env=env or subprocess_env(),
        text=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        _kill_group(proc)
        raise StepFailed(f"{_short(cmd)}: no result after {timeout:.0f} s; killed") from None
    return Ran(Sample(time.perf_counter() - t0, _children_cpu() - cpu0), proc.returncode, out, err)


def checked(ran: Ran, what: str) -> Ran:
    """``ran`` if it exited with 0; else :class:`StepFailed` with the end of its output."""
    if ran.returncode != 0:
        tail = "\n".join((ran.stderr or ran.stdout).strip().splitlines()[-8:])
        raise StepFailed(f"{what} exited with {ran.returncode}:\n{tail}")
    return ran


@contextmanager
def background(
    cmd: Sequence[str], cwd: Path, log: IO[str], env: dict[str, str] | None = None
) -> Iterator[subprocess.Popen[str]]:
    """Run a server (``mkdocs serve``, Chromium) for the length of the block, its output to
    ``log``; then SIGTERM its process group, and SIGKILL it if it has not ended in
    :data:`STOP_WAIT` seconds. Descendants that stay in the group end with it."""
    proc = subprocess.Popen(
        cmd,
        cwd=cwd,
        env=env or subprocess_env(),
        text=True,
        stdin=subprocess.DEVNULL,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        yield proc
    finally:
        with suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        with suppress(subprocess.TimeoutExpired):
            proc.wait(timeout=STOP_WAIT)
        # The leader may have ended while others in its group have not: kill what is left.
        _kill_group(proc)


def _kill_group(proc: subprocess.Popen[str]) -> None:
    with suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, signal.SIGKILL)
    proc.communicate()


def _short(cmd: Sequence[str]) -> str:
    """``python -m mkdocs build …`` → ``mkdocs build …``: the part of a command that names it."""
    words = [Path(c).name if i == 0 else c for i, c in enumerate(cmd)]
    if len(words) > 2 and words[1] == "-m":
        words = words[2:]
    return " ".join(words[:3])


def wait_for(predicate: Callable[[], bool], limit: float, every: float = 0.05) -> float | None:
    """Seconds until ``predicate()`` is true, polling every ``every`` s; None after ``limit``."""
    t0 = time.perf_counter()
    while time.perf_counter() - t0 < limit:
        if predicate():
            return time.perf_counter() - t0
        time.sleep(every)
    return None


def jieba_log(stderr: str) -> dict[str, Any]:
    """What the search step said about jieba's dictionary: ``cache`` is loaded, dumped
    (built and written) or none."""
    found = _JIEBA_LOG.search(stderr)
    return {
        "cache": "none" if not found else "loaded" if found["how"] == "read from" else "dumped",
        "cache_file": found.group("path") if found else None,
        "load_s": float(found.group("s")) if found else None,
    }


def machine() -> dict[str, Any]:
    """The machine and tools the figures come from."""
    cpu = "unknown"
    with suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    versions = {}
    for dist in ("mkdocs", "mkdocs-material", "jieba", "OpenCC", "typst", "pypdfium2"):
        with suppress(PackageNotFoundError):
            versions[dist] = version(dist)
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "cores_usable": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None,
        "python": platform.python_version(),
        "platform": platform.platform(),
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "load_average_start": list(os.getloadavg()),
        "versions": versions,
    }
