"""Safe output: a failed build leaves the earlier output exactly as it was.

Generation fills a temporary folder beside the output and swaps it in only when everything
succeeded (``build_tools.publish.write.replace_dir``). The failures here are injected late: after some
files were written into the temporary folder. Which folders a command may replace is
tests/test_output_folders.py; kills and concurrent runs are tests/test_kill.py; markup in the
report text is tests/test_hostile.py.
"""

from __future__ import annotations

import errno
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from build_tools import cli
from build_tools.errors import BuildError, FidelityError
from build_tools.pages import build as render
from build_tools.publish import site, write
from tests.faults import (
    cli_env,
    leftovers,
    read_tree,
    release_undeletable,
    run,
    run_cli,
    small_disk,
    undeletable,
)

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "fixtures" / "genre" / "tianhe-2020.txt"


@pytest.fixture()
def earlier(tmp_path: Path) -> Path:
    """A real earlier output of ``generate`` for a small report."""
    out = tmp_path / "out"
    assert cli.main(["generate", str(FIXTURE), "--out", str(out)]) == 0
    return out


def fail_after(n: int, error: BaseException) -> Callable[..., Any]:
    """The writer's ``put`` (every file it writes) that writes ``n`` files, then raises ``error``."""
    real = write.put
    calls = {"n": 0}

    def put(*args: Any, **kwargs: Any) -> None:
        calls["n"] += 1
        if calls["n"] > n:
            raise error
        real(*args, **kwargs)

    return put


def test_disk_full_while_writing_keeps_the_earlier_output(
    earlier: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    before = read_tree(earlier)
    capsys.readouterr()
    full = OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), "page.md")
    monkeypatch.setattr(write, "put", fail_after(3, full))
    code = cli.main(["generate", str(FIXTURE), "--out", str(earlier)])
    monkeypatch.undo()
    err = capsys.readouterr().err
    assert code == 2
    assert err == (
        f"error: page.md: cannot write: No space left on device; {earlier} was left "
        "as it was\n  what to do: the disk is full: free some space and build again\n"
    )
    assert read_tree(earlier) == before
    assert leftovers(earlier) == []


def test_a_late_render_failure_keeps_the_earlier_output(
    earlier: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    before = read_tree(earlier)

    def broken(*args: Any, **kwargs: Any) -> str:
        raise FidelityError("the notes lost a paragraph", line=7, hint="a bug in render.py")

    monkeypatch.setattr(render, "render_notes", broken)
    code = cli.main(["generate", str(FIXTURE), "--out", str(earlier)])
    err = capsys.readouterr().err
    assert code == 2
    # The pipeline names the source for an error that only knew its line.
    assert err.startswith(f"error: {FIXTURE}:7: the notes lost a paragraph\n  what to do: ")
    assert read_tree(earlier) == before
    assert leftovers(earlier) == []


@pytest.mark.parametrize("error", [RuntimeError("bug"), KeyboardInterrupt()])
def test_replace_dir_keeps_the_earlier_folder_when_fill_fails_midway(
    earlier: Path, error: BaseException
) -> None:
    before = read_tree(earlier)

    def fill(tmp: Path) -> None:
        (tmp / "zh-Hans").mkdir()
        (tmp / "zh-Hans" / "index.md").write_text("half", encoding="utf-8")
        raise error

    with pytest.raises(type(error)):
        write.replace_dir(earlier, fill)
    assert read_tree(earlier) == before
    assert leftovers(earlier) == []


def test_without_an_atomic_exchange_a_failed_swap_puts_the_earlier_folder_back(
    earlier: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The fallback for file systems that cannot exchange two folders: out → old, tmp → out."""
    monkeypatch.setattr(write.EXCHANGE, "supported", False)
    before = read_tree(earlier)
    real = os.rename
    calls = {"n": 0}

    def rename(src: Any, dst: Any) -> None:
        calls["n"] += 1
        if calls["n"] == 2:  # out → old went through; tmp → out fails
            raise OSError(errno.EIO, "I/O error", str(dst))
        real(src, dst)

    def fill(tmp: Path) -> None:
        (tmp / "new.md").write_text("new", encoding="utf-8")

    monkeypatch.setattr(os, "rename", rename)
    with pytest.raises(write.OutputError, match="I/O error"):
        write.replace_dir(earlier, fill)
    monkeypatch.undo()
    assert read_tree(earlier) == before
    assert leftovers(earlier) == []


def test_a_kill_between_the_fallback_renames_is_undone_by_the_next_run(earlier: Path) -> None:
    """What a SIGKILL between ``out → .out.old-X`` and ``tmp → out`` leaves: no ``out`` at
    all, the old output aside and a complete new one. The next command restores the old."""
    before = read_tree(earlier)
    aside = earlier.parent / f".{earlier.name}.old-killed"
    os.rename(earlier, aside)
    new = earlier.parent / f".{earlier.name}.new-killed"
    shutil.copytree(aside, new)
    assert cli.main(["summary", str(FIXTURE)]) == 0  # reads only: recovers nothing
    assert not earlier.exists()
    assert write.recover(earlier) == [f"restored {earlier} from {aside.name}", f"removed {new.name}"]
    assert read_tree(earlier) == before
    assert leftovers(earlier) == []


def test_leftovers_of_killed_builds_are_removed_and_foreign_folders_kept(earlier: Path) -> None:
    ours = earlier.parent / f".{earlier.name}.new-abc123"
    shutil.copytree(earlier, ours)  # a killed build's complete temporary folder
    empty = earlier.parent / f".{earlier.name}.new-def456"
    empty.mkdir()  # killed right after it was made
    foreign = earlier.parent / f".{earlier.name}.old-{os.getpid()}"
    (foreign / "zh-Hans").mkdir(parents=True)  # no marker: not ours, whatever its name
    unwritten = earlier.parent / f".{earlier.name}.new-ghi789"
    unwritten.mkdir()  # killed between creating its marker and writing it
    (unwritten / write.MARKER).touch()
    halfway = earlier.parent / f".{earlier.name}.new-jkl012"
    shutil.copytree(earlier, halfway)  # killed while it was being deleted: the marker is last
    shutil.rmtree(halfway / "zh-Hans")
    assert cli.main(["generate", str(FIXTURE), "--out", str(earlier)]) == 0
    assert leftovers(earlier) == [foreign.name]


def test_a_failed_site_build_keeps_the_earlier_site(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "site"
    files: dict[str, str | bytes] = {"zh-Hans/index.html": "<p>earlier</p>", "index.html": "<p>root</p>"}
    write.write_tree(files, out)
    before = read_tree(out)

    def mkdocs_build(root: Path, script: str, dest: Path) -> None:
        if script == "zh-Hant":  # the Simplified site is already written into the temp folder
            raise BuildError(
                "mkdocs build of mkdocs.zh-Hant.yml failed",
                path="mkdocs.zh-Hant.yml",
                hint="fix the warnings above",
            )
        dest.mkdir(parents=True)
        (dest / "index.html").write_text("<p>new</p>", encoding="utf-8")

    monkeypatch.setattr(site, "mkdocs_build", mkdocs_build)
    code = cli.main(["site", "--out", str(out), "--no-pdf"])
    err = capsys.readouterr().err
    assert code == 2
    assert err.startswith("error: mkdocs.zh-Hant.yml: mkdocs build of mkdocs.zh-Hant.yml failed")
    assert read_tree(out) == before
    assert leftovers(out) == []


DISK_FULL_LOG = """\
INFO    -  Cleaning site directory
INFO    -  Building documentation to directory: /tmp/site.new/zh-Hans
Traceback (most recent call last):
  File "/venv/lib/python3.11/site-packages/mkdocs/commands/build.py", line 310, in build
    _build_page(file.page, config, doc_files, nav, env, dirty, excluded)
OSError: [Errno 28] No space left on device: '/tmp/site.new/zh-Hans/chapter-3/index.html'
"""
WARNINGS_LOG = """\
WARNING -  Doc file 'chapter-1.md' contains a link 'missing.md', but the target is not found.
Aborted with 1 warnings in strict mode!
"""


@pytest.mark.parametrize(
    "log, hint",
    [
        (DISK_FULL_LOG, "the disk is full: free some space and build again"),
        (WARNINGS_LOG, "fix what the warnings above say"),
    ],
)
def test_a_failing_mkdocs_child_is_summarised_with_a_hint_for_its_cause(
    log: str, hint: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Disk full is not "fix the warnings": the hint follows the log. (The mkdocs child is
    simulated: a disk cannot be filled for one process.)"""

    def failed_mkdocs(cmd: list[str], **kwargs: Any) -> subprocess.CompletedProcess[str]:
        return subprocess.CompletedProcess(cmd, 1, stdout="", stderr=log)

    monkeypatch.setattr(subprocess, "run", failed_mkdocs)  # as build_tools.publish.site calls it
    code = cli.main(["site", "--no-pdf", "--out", str(tmp_path / "site")])
    err = capsys.readouterr().err
    assert code == 2
    # The path as the project names it (the command runs in the project's folder).
    assert err.startswith("error: mkdocs.yml: mkdocs build of mkdocs.yml failed:\n")
    assert f"\n  what to do: {hint}" in err
    assert "Traceback" not in err and 'File "' not in err
    assert log.strip().splitlines()[-1] in err  # the last meaningful line is quoted
    assert not (tmp_path / "site").exists() and leftovers(tmp_path / "site") == []


@pytest.mark.slow
def test_an_undeletable_file_in_the_old_output_is_named_and_removed_by_a_later_run(
    earlier: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """After the swap the old output is deleted; a file that cannot be (``chattr +i``) used to
    leave an unmarked ``.out.new-*`` behind, silently, that no run would ever remove."""
    stuck = earlier / "zh-Hans" / "index.md"
    with undeletable(stuck) as how:
        code, _, err = run(capsys, "generate", str(FIXTURE), "--out", str(earlier))
        assert code == 0, err
        [left] = leftovers(earlier)
        moved = earlier.parent / left / "zh-Hans" / "index.md"  # the old output went aside
        assert f"warning: cannot remove {moved} (Operation not permitted" in err or how != "chattr +i"
        assert f"from the temporary folder {earlier.parent / left}; it is kept" in err
        assert write.MARKER in os.listdir(earlier.parent / left)  # still marked: ours
        code, _, err = run(capsys, "generate", str(FIXTURE), "--out", str(earlier))
        assert code == 0, err
        assert leftovers(earlier) == [left] and "cannot remove" in err  # tried, and said so
        release_undeletable(moved, how)
    code, _, err = run(capsys, "generate", str(FIXTURE), "--out", str(earlier))
    assert code == 0, err
    assert leftovers(earlier) == [] and "cannot remove" not in err


# --- `gov-report new`: all or nothing -----------------------------------------------------


@pytest.mark.slow
def test_a_failed_new_leaves_nothing_and_can_be_run_again(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The disk is full before the project is complete (an 8 KB one: the report fits, the
    theme does not). A failed new used to leave sources/ and the configs behind, so the
    retry said "the folder is not empty"."""
    with small_disk(tmp_path / "disk", 8192) as disk:
        project = disk / "a" / "tianhe"
        code, _, err = run(capsys, "new", str(FIXTURE), str(project))
        assert os.listdir(disk) == []  # not the project, nor the folder made above it
        assert re.match(
            rf"error: {re.escape(str(project))}: cannot write the project: "
            r"(No space left on device|File too large); nothing was written\n  what to do: ",
            err,
        ), err
        assert code == 2
    code, _, err = run(capsys, "new", str(FIXTURE), str(project))  # the disk has room now
    assert code == 0, err
    assert sorted(os.listdir(project)) == [
        ".gitignore",
        "docs",
        "mkdocs.yml",
        "mkdocs.zh-Hant.yml",
        "overrides",
        "sources",
    ]


@pytest.mark.slow
def test_new_reads_a_report_from_a_pipe_once(tmp_path: Path) -> None:
    """``cat report | gov-report new /dev/stdin p`` used to fail when copying the pipe (read
    already) and leave p/sources/ behind."""
    for report, code in ((FIXTURE.read_bytes(), 0), (b"not a report\n", 2)):
        done = subprocess.run(
            [sys.executable, "-m", "build_tools", "new", "/dev/stdin", "p"],
            input=report,
            cwd=tmp_path,
            env=cli_env(),
            capture_output=True,
            check=False,
        )
        assert done.returncode == code, done.stderr.decode()
    assert os.listdir(tmp_path) == ["p"]  # the failed second run left nothing
    assert (tmp_path / "p" / "sources" / "report.raw.txt").read_bytes() == FIXTURE.read_bytes()
    done = run_cli(tmp_path / "p", "build", "--check")
    assert done.returncode == 0, done.stderr
