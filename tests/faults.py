"""Helpers of the fault matrix. Not a test module. The families and where their cases live:

* hostile content (report text, YAML values, an address) stays data: test_hostile.py
  (markup in every place text enters; ``@SOURCE@`` in a title through ``gov-report new``;
  ``//evil.example/`` in the 404 page's address);
* wrong and hostile YAML and word lists fail at ``file:line``: test_yaml_safety.py;
* bad input (encodings, truncation, devices, pipes, a report outside sources/):
  test_bad_input.py;
* which folders a command may replace, and what is beside them (lock files that are links,
  output names that look like patterns, PDFs through hard links and symlinks, a full disk,
  ``gov-report clean`` / ``make clean``): test_output_folders.py;
* failures midway (a full disk, an undeletable file, a failed ``new``): test_safe_output.py;
* kills and concurrent runs: test_kill.py.

Every case runs the command line: in-process with ``build_tools.cli.main`` where that is
enough, or as ``python -m build_tools …`` in a subprocess inside a scratch copy of the project
(:func:`copy_project`) where a case needs its own ``sources/`` or a process to kill.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import resource
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from build_tools import cli

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
#: what a scratch copy of the project holds (as scripts/bench/steps.py copies it)
PROJECT_ITEMS = ("build_tools", "sources", "docs", "mkdocs.yml", "mkdocs.zh-Hant.yml", ".cache/jieba")
#: the longest error message a case may print
MAX_ERROR = 2000


def copy_project(dest: Path) -> Path:
    """A scratch copy of the project at ``dest``, from which ``python -m build_tools`` runs
    with its own ``sources/``, ``docs/`` and ``site/`` (the checkout is never written)."""
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for item in PROJECT_ITEMS:
        src = ROOT / item
        if src.is_dir():
            shutil.copytree(src, dest / item, ignore=ignore, symlinks=True)
        elif src.is_file():
            (dest / item).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest / item)
    return dest


def cli_env(**extra: str) -> dict[str, str]:
    """The environment of a command run in a subprocess: reproducible, no tracebacks asked for."""
    env = {k: v for k, v in os.environ.items() if k != "BUILD_TOOLS_TRACEBACK"}
    env.update({"SOURCE_DATE_EPOCH": "1700000000", "NO_MKDOCS_2_WARNING": "1", "PYTHONHASHSEED": "0"})
    env.update(extra)
    return env


def run_cli(project: Path, *args: str, timeout: float = 300, **env: str) -> subprocess.CompletedProcess[str]:
    """``python -m build_tools ARGS`` in ``project`` (its own build_tools is imported)."""
    return subprocess.run(
        [PYTHON, "-m", "build_tools", *args],
        cwd=project,
        env=cli_env(**env),
        capture_output=True,
        text=True,
        check=False,
        timeout=timeout,
    )


def start_cli(project: Path, *args: str, **env: str) -> subprocess.Popen[str]:
    """``python -m build_tools ARGS`` in ``project``, started and not waited for."""
    return subprocess.Popen(
        [PYTHON, "-m", "build_tools", *args],
        cwd=project,
        env=cli_env(**env),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """``build_tools.cli.main(argv)`` in-process: exit code, stdout, stderr."""
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def assert_clear_error(code: int, err: str, where: str, *fragments: str) -> None:
    """Exit 2 and ``error: WHERE: what is wrong`` plus ``  what to do: …``, short, no traceback."""
    assert code == 2, err
    assert err.startswith(f"error: {where}: "), err
    assert "\n  what to do: " in err, err
    assert "Traceback" not in err, err
    assert len(err) < MAX_ERROR, f"{len(err)} characters: {err[:300]}…"
    for fragment in fragments:
        assert fragment in err, err


def read_tree(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` (relative POSIX path → bytes); links as their target."""
    out: dict[str, bytes] = {}
    for p in sorted(folder.rglob("*")):
        rel = p.relative_to(folder).as_posix()
        if p.is_symlink():
            out[rel] = b"-> " + os.fsencode(os.readlink(p))
        elif p.is_file():
            out[rel] = p.read_bytes()
        elif p.is_dir() and not any(p.iterdir()):
            out[rel + "/"] = b""
    return out


def digest(folder: Path) -> dict[str, str]:
    """:func:`read_tree` with sha256 digests instead of bytes (for large trees held long)."""
    return {rel: hashlib.sha256(data).hexdigest() for rel, data in read_tree(folder).items()}


def leftovers(folder: Path) -> list[str]:
    """What the writer left beside ``folder``: temporary folders and lock files."""
    if not folder.parent.is_dir():
        return []
    return sorted(p.name for p in folder.parent.iterdir() if p.name.startswith(f".{folder.name}."))


def processes_in(folder: Path) -> list[str]:
    """Live processes whose command line or working directory lies in ``folder``."""
    mark = str(folder)
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode("utf-8", "replace")
            cwd = os.readlink(entry / "cwd")
            state = (entry / "stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue  # gone meanwhile, or not ours to look at
        if state == "Z":
            continue  # a zombie has ended; only its parent's wait() is missing
        if mark in cmdline or cwd == mark or cwd.startswith(mark + "/"):
            found.append(f"{entry.name}: {cmdline.strip()[:200]}")
    return found


def snapshot(folder: Path, dest: Path) -> None:
    """``cp -al folder dest``: a copy whose files are hard links to the folder's (the same
    inodes), as a user keeps a version of a site."""
    subprocess.run(["cp", "-al", str(folder), str(dest)], check=True)


@contextlib.contextmanager
def undeletable(path: Path) -> Iterator[str]:
    """``path`` cannot be deleted while the block runs: ``chattr +i`` (immutable, as root), or
    else its folder made read-only (which stops anyone but root). Yields how."""
    how = "chattr +i"
    if subprocess.run(["chattr", "+i", str(path)], capture_output=True, check=False).returncode != 0:
        if os.geteuid() == 0:
            pytest.skip("chattr +i is refused here, and root ignores a read-only folder")
        how = "read-only folder"
        path.parent.chmod(0o555)
    try:
        yield how
    finally:
        if how == "chattr +i":
            subprocess.run(["chattr", "-i", str(path)], check=True)
        else:
            path.parent.chmod(0o755)


def release_undeletable(path: Path, how: str) -> None:
    """Undo :func:`undeletable` early (the file has moved since: ``path`` is where it is now)."""
    if how == "chattr +i":
        subprocess.run(["chattr", "-i", str(path)], check=True)
    else:
        path.parent.chmod(0o755)


@contextlib.contextmanager
def small_disk(folder: Path, size: int) -> Iterator[Path]:
    """A folder at ``folder`` on a file system of ``size`` bytes (a tmpfs, mounted as root),
    or, where mounting is not allowed, one in which no file can grow past ``size`` bytes
    (RLIMIT_FSIZE, for this process, while the block runs). Either way a write that does not
    fit fails midway with the error the system gives (ENOSPC, EFBIG): give a size that holds
    what the test writes first and not the file that is to fail."""
    folder.mkdir(parents=True)
    mounted = (
        subprocess.run(
            ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)],
            capture_output=True,
            check=False,
        ).returncode
        == 0
    )
    previous = resource.getrlimit(resource.RLIMIT_FSIZE)
    try:
        if not mounted:
            resource.setrlimit(resource.RLIMIT_FSIZE, (size, previous[1]))
        yield folder
    finally:
        if mounted:
            subprocess.run(["umount", str(folder)], check=True)
        else:
            resource.setrlimit(resource.RLIMIT_FSIZE, previous)
