"""Stage ``write``: the only writer. Output goes to a temporary folder beside the target and
replaces the target only when everything was written, so a failed build leaves the last good
output in place."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Mapping
from pathlib import Path


def write_tree(files: Mapping[str, str | bytes], out: Path) -> None:
    """Replace folder ``out`` with exactly ``files`` (relative path → content)."""
    def fill(tmp: Path) -> None:
        for rel, content in sorted(files.items()):
            target = tmp / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                target.write_bytes(content)
            else:
                target.write_text(content, encoding="utf-8", newline="\n")

    replace_dir(out, fill)


def replace_dir(out: Path, fill: Callable[[Path], None]) -> None:
    """Call ``fill(tmp)`` on a fresh folder, then swap it in for ``out``; on error keep ``out``."""
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.new-", dir=out.parent))
    try:
        fill(tmp)
        os.chmod(tmp, 0o755)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    old = out.parent / f".{out.name}.old-{os.getpid()}"
    if out.exists():
        os.replace(out, old)
    os.replace(tmp, out)
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
