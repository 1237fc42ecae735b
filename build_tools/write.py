"""Stage ``write``: the only writer. Output goes to a temporary folder beside the target and
replaces the target only when everything was written, so a failed build leaves the last good
output in place."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Mapping
from pathlib import Path

from .errors import BuildError


def write_tree(files: Mapping[str, str | bytes], out: Path) -> None:
    """Replace folder ``out`` with exactly ``files`` (relative path → content)."""
    check_replaceable(out, files)

    def fill(tmp: Path) -> None:
        for rel, content in sorted(files.items()):
            target = tmp / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                target.write_bytes(content)
            else:
                target.write_text(content, encoding="utf-8", newline="\n")

    replace_dir(out, fill)


def check_replaceable(out: Path, files: Mapping[str, str | bytes]) -> None:
    """Refuse to replace a folder that holds more than generated output.

    ``write_tree`` replaces ``out`` whole, so ``--out .`` or ``--out sources`` would delete a
    project. A folder may be replaced only if each of its top-level entries is one that
    ``files`` writes (``zh-Hans/``, ``zh-Hant/`` …): that is, it is a previous output.
    """
    if not out.is_dir():
        return
    ours = {rel.split("/", 1)[0] for rel in files}
    foreign = sorted(p.name for p in out.iterdir() if p.name not in ours)
    if foreign:
        raise BuildError(
            f"the output folder holds {', '.join(foreign[:3])}"
            f"{' …' if len(foreign) > 3 else ''}, which the build does not write; "
            "it would be deleted",
            path=out,
            hint="give a new or empty folder (or one written by an earlier build) as the output",
        )


def replace_dir(out: Path, fill: Callable[[Path], None]) -> None:
    """Call ``fill(tmp)`` on a fresh folder, then swap it in for ``out``; on error keep ``out``.

    Both the new and the old folder are unique temporary names beside ``out``, so a leftover
    from a killed build never blocks the swap; if the swap itself fails, ``out`` is put back.
    """
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.new-", dir=out.parent))
    try:
        fill(tmp)
        os.chmod(tmp, 0o755)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    old = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-", dir=out.parent))
    moved = False
    try:
        if out.exists():
            os.replace(out, old)  # onto an empty folder: atomic on POSIX
            moved = True
        os.replace(tmp, out)
    except BaseException:
        if moved and not out.exists():
            os.replace(old, out)
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    finally:
        shutil.rmtree(old, ignore_errors=True)


def stale(files: Mapping[str, str | bytes], out: Path) -> list[str]:
    """Paths under ``out`` that differ from ``files``: changed, missing or extra."""
    problems: list[str] = []
    on_disk = {
        p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()
    } if out.is_dir() else set()
    for rel, content in sorted(files.items()):
        target = out / rel
        want = content.encode("utf-8") if isinstance(content, str) else content
        if rel not in on_disk:
            problems.append(f"{rel}: missing")
        elif target.read_bytes() != want:
            problems.append(f"{rel}: out of date")
    problems += [f"{rel}: not generated (remove it)" for rel in sorted(on_disk - set(files))]
    return problems


def write_file(path: Path, content: str) -> None:
    """Write one file atomically: a temporary file beside it, then a rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
            f.write(content)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
