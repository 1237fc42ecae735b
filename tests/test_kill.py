"""Kills and concurrent runs: docs/ and site/ are always exactly the old or the new output.

Everything runs in a scratch copy of the project, whose raw report alternates between two
versions (one paragraph differs), so that every run changes the output. Both versions' docs/
and site/ are built once, completely, and hashed. Then ``python -m build_tools build`` and
``python -m build_tools site --no-pdf`` are started again and again and SIGKILLed at random
moments within their usual duration. After every kill the output folder must hash to the old
or the new tree exactly, and no process of the killed run may be left. The next run removes
what a killed one left (temporary folders, lock files). Also: the rename-aside fallback
(``BUILD_TOOLS_NO_EXCHANGE=1``), a kill while the PDFs are made, and two commands at once.

The random moments come from a seeded generator; the seed is printed (``-s``) and can be
given again with ``KILL_SEED=…``.
"""

from __future__ import annotations

import os
import random
import re
import shutil
import signal
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import pytest

from build_tools.publish import write
from tests.faults import (
    assert_clear_error,
    copy_project,
    digest,
    processes_in,
    run_cli,
    start_cli,
)

pytestmark = pytest.mark.slow

KILLS = 20  # per command
FALLBACK_KILLS = 10
SEED = int(os.environ.get("KILL_SEED", random.SystemRandom().randrange(2**32)))
RAW = "sources/guangzhou-2018-report.raw.txt"
PREFACE = "2018年,我市以"
Version = Literal["a", "b"]
OTHER: dict[Version, Version] = {"a": "b", "b": "a"}


@dataclass
class Lab:
    """The scratch project, both versions of its text and what each builds."""

    project: Path
    texts: dict[Version, str]
    docs: dict[Version, dict[str, str]] = field(default_factory=dict)
    sites: dict[Version, dict[str, str]] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)
    kept: Path = Path()  # complete copies of both versions' docs/, to put in place
    rng: random.Random = field(default_factory=lambda: random.Random(SEED))

    def use(self, version: Version) -> None:
        """Make ``version`` the report's text."""
        (self.project / RAW).write_text(self.texts[version], encoding="utf-8")

    def put_docs(self, version: Version) -> None:
        """Put ``version``'s complete docs/ in place (what a finished `build` leaves)."""
        self.use(version)
        shutil.rmtree(self.project / "docs")
        shutil.copytree(self.kept / version, self.project / "docs", symlinks=True)

    def which(self, folder: str, trees: dict[Version, dict[str, str]]) -> Version | None:
        path = self.project / folder
        if not path.is_dir():
            return None
        found = digest(path)
        return next((v for v, tree in trees.items() if tree == found), None)


def version_b(text: str) -> str:
    lines = text.split("\n")
    at = next(i for i, line in enumerate(lines) if line.startswith(PREFACE))
    lines[at] += "本段為測試而改。"
    return "\n".join(lines)


@pytest.fixture(scope="module")
def lab(tmp_path_factory: pytest.TempPathFactory) -> Lab:
    print(f"\ntest_kill: KILL_SEED={SEED}")
    project = copy_project(tmp_path_factory.mktemp("kill") / "project")
    text = (project / RAW).read_text(encoding="utf-8")
    lab = Lab(project, {"a": text, "b": version_b(text)}, kept=project.parent / "kept")
    for version in ("a", "b"):
        lab.use(version)
        for command, trees in (("build", lab.docs), ("site", lab.sites)):
            args = ["site", "--no-pdf"] if command == "site" else ["build"]
            start = time.perf_counter()
            done = run_cli(project, *args)
            took = time.perf_counter() - start  # the shorter of two runs: a busy machine
            lab.seconds[command] = min(took, lab.seconds.get(command, took))
            assert done.returncode == 0, done.stderr
            trees[version] = digest(project / ("docs" if command == "build" else "site"))
        shutil.copytree(project / "docs", lab.kept / version, symlinks=True)
    assert lab.docs["a"] != lab.docs["b"] and lab.sites["a"] != lab.sites["b"]
    print(f"test_kill: build {lab.seconds['build']:.1f} s, site {lab.seconds['site']:.1f} s")
    return lab


def no_process_left(lab: Lab, within: float = 2.0) -> None:
    deadline = time.monotonic() + within
    while (left := processes_in(lab.project)) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not left, f"processes of the killed run remain: {left}"


def kill_at_random(lab: Lab, command: str, args: list[str], **env: str) -> int | None:
    """Start ``args`` and SIGKILL it at a random moment: two times in three early in its
    usual duration, else near its end (where the swap is). Its exit code if it finished
    before the kill (its duration then tightens the usual one), None if it was killed."""
    seconds = lab.seconds[command]
    early = lab.rng.random() < 2 / 3
    delay = seconds * (lab.rng.uniform(0.0, 0.6) if early else lab.rng.uniform(0.7, 1.0))
    start = time.perf_counter()
    process = start_cli(lab.project, *args, **env)
    try:
        process.wait(timeout=delay)
    except subprocess.TimeoutExpired:
        process.kill()
    process.communicate()
    if process.returncode == -signal.SIGKILL:
        return None
    lab.seconds[command] = min(seconds, time.perf_counter() - start)
    return process.returncode


def temporaries(lab: Lab) -> list[str]:
    return sorted(
        p.name for p in lab.project.iterdir() if re.match(r"\.(docs|site)\.(new-|old-|lock$)", p.name)
    )


def finish(lab: Lab, *args: str) -> None:
    """A complete run, which must leave no temporary folder and no lock file behind."""
    done = run_cli(lab.project, *args)
    assert done.returncode == 0, done.stderr
    assert temporaries(lab) == []


# --- the kill loops ---------------------------------------------------------------------------


@dataclass
class Record:
    kills: int = 0
    finished: int = 0
    outcomes: dict[str, int] = field(default_factory=dict)

    def add(self, outcome: str) -> None:
        self.outcomes[outcome] = self.outcomes.get(outcome, 0) + 1


def kill_loop(lab: Lab, command: str, kills: int, **env: str) -> Record:
    """Run ``command`` on alternating versions until it was killed ``kills`` times; after each
    run its output must be exactly the old or the new version, and no process be left."""
    folder, trees = ("docs", lab.docs) if command == "build" else ("site", lab.sites)
    args = ["build"] if command == "build" else ["site", "--no-pdf"]
    lab.put_docs("b")
    if lab.which(folder, trees) != "b":
        finish(lab, *args)
    record = Record()
    current: Version = "b"
    for _ in range(kills * 2):
        if record.kills == kills:
            break
        target = OTHER[current]
        if command == "build":
            lab.use(target)
        else:
            lab.put_docs(target)  # the site is built from docs/
        code = kill_at_random(lab, command, args, **env)
        if not (lab.project / folder).exists():
            # Only the rename-aside fallback has this moment; every writing command runs
            # recover() first, which puts the old output back.
            record.add("missing until the next run")
            write.recover(lab.project / folder)
        found = lab.which(folder, trees)
        assert found in (current, target), f"{folder}/ is neither version: {temporaries(lab)}"
        if command == "site":
            assert lab.which("docs", lab.docs) == target  # site never writes docs/
        assert code in (None, 0), code
        if code == 0:
            assert found == target
            record.finished += 1
        else:
            record.kills += 1
        record.add("new" if found == target else "old")
        current = found
        no_process_left(lab)
    print(f"{command} {env or ''}: {record}")
    assert record.kills == kills
    finish(lab, *args)  # removes what the killed runs left
    assert lab.which(folder, trees) == target
    return record


def test_killing_build_leaves_the_old_or_the_new_docs(lab: Lab) -> None:
    kill_loop(lab, "build", KILLS)


def test_killing_site_leaves_the_old_or_the_new_site(lab: Lab) -> None:
    kill_loop(lab, "site", KILLS)


def test_killing_build_without_an_atomic_exchange(lab: Lab) -> None:
    """The fallback renames docs/ aside, then the new one in: a kill between the two leaves no
    docs/ at all, and the next command's recover() puts the old one back."""
    kill_loop(lab, "build", FALLBACK_KILLS, BUILD_TOOLS_NO_EXCHANGE="1")


def test_a_kill_between_the_fallback_renames_is_repaired_by_the_next_command(lab: Lab) -> None:
    """The moment random kills rarely hit, made by hand: docs/ renamed aside, the new output
    complete beside it, the process gone. The next `build` restores, then replaces."""
    lab.put_docs("a")
    docs = lab.project / "docs"
    aside = lab.project / ".docs.old-killed"
    os.rename(docs, aside)
    shutil.copytree(lab.kept / "b", lab.project / ".docs.new-killed")
    lab.use("b")
    finish(lab, "build")
    assert lab.which("docs", lab.docs) == "b"


def test_killing_site_during_the_pdf_step_leaves_the_site_as_it_was(lab: Lab) -> None:
    """The PDFs are typeset in the command's own process (Typst, no workers): SIGKILL while
    they are made leaves no process behind and the site as it was."""
    version = lab.which("docs", lab.docs)
    assert version is not None
    lab.put_docs(version)  # the PDF step checks docs/ against the report's text
    before = lab.which("site", lab.sites)
    process = start_cli(lab.project, "site")
    try:
        assert process.stderr is not None
        started = False
        deadline = time.monotonic() + 300
        while not started and time.monotonic() < deadline:
            line = process.stderr.readline()
            if not line:
                break
            started = "pdf zh-Hans: typesetting" in line
    finally:
        process.kill()
        process.communicate()
    assert started, "the site command never reached its PDF step"
    no_process_left(lab)
    assert lab.which("site", lab.sites) == before


# --- two commands at once ---------------------------------------------------------------------


def wait_for_lock(lock: Path, pid: int, process: subprocess.Popen[str], timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and process.poll() is None:
        try:
            if f"(pid {pid})" in lock.read_text(encoding="utf-8"):
                return True
        except OSError:
            pass
        time.sleep(0.001)
    return False


def test_build_while_site_runs_is_refused_at_once(lab: Lab) -> None:
    version = lab.which("docs", lab.docs)
    assert version is not None
    site = start_cli(lab.project, "site", "--no-pdf")
    try:
        assert wait_for_lock(lab.project / ".docs.lock", site.pid, site, timeout=60)
        # (The source stays as it is: site checks docs/ against it, and would refuse a
        # changed one as stale. A build is refused by the lock whatever it would write.)
        start = time.perf_counter()
        done = run_cli(lab.project, "build")
        seconds = time.perf_counter() - start
        assert site.poll() is None, "site finished before build was refused: nothing tested"
    finally:
        _, err = site.communicate(timeout=300)
    assert_clear_error(
        done.returncode,
        done.stderr,
        str(lab.project / "docs"),
        f"another build is writing this folder: `site` (pid {site.pid}) since ",
    )
    assert seconds < lab.seconds["build"] * 3 + 5
    assert site.returncode == 0, err
    assert lab.which("docs", lab.docs) == version  # nothing mixed: the text the site used
    assert lab.which("site", lab.sites) == version
    assert temporaries(lab) == []


def test_two_generate_into_one_folder_one_wins_one_is_refused(lab: Lab, tmp_path: Path) -> None:
    """The first is stopped (SIGSTOP) while it holds the lock, so that the two overlap."""
    out = tmp_path / "out"
    lock = tmp_path / ".out.lock"
    for _attempt in range(10):
        first = start_cli(lab.project, "generate", RAW, "--out", str(out))
        if not wait_for_lock(lock, first.pid, first, timeout=60):
            first.communicate()
            continue  # it finished between two looks at the lock: try again
        os.kill(first.pid, signal.SIGSTOP)
        try:
            second = run_cli(lab.project, "generate", RAW, "--out", str(out))
        finally:
            os.kill(first.pid, signal.SIGCONT)
            first.communicate(timeout=120)
        break
    else:
        pytest.fail("could not catch the first generate while it held the lock")
    assert first.returncode == 0
    assert_clear_error(
        second.returncode,
        second.stderr,
        str(out),
        f"another build is writing this folder: `generate` (pid {first.pid})",
    )
    assert digest(out).keys() >= {"zh-Hans/index.md", "zh-Hant/index.md", write.MARKER}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]
