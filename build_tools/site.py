"""``python -m build_tools site``: build both script sites, the root page and the PDFs into a
temporary folder, and swap it in for ``site/`` only when all of it succeeded."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from .errors import BuildError
from .model import SCRIPTS
from .procs import child_setup
from .write import replace_dir

CONFIGS = {"zh-Hans": "mkdocs.yml", "zh-Hant": "mkdocs.zh-Hant.yml"}

# Lines of MkDocs' log that say nothing about a failure.
_NOISE = re.compile(r"^(INFO|DEBUG)\b|^\s*$|^Traceback|^\s+File \"|^\s{4}")
# (what the log says, what to do): the first that matches gives the hint.
_HINTS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"No space left on device|ENOSPC", re.I),
     "the disk is full: free some space and build again"),
    (re.compile(r"Permission denied|Read-only file system", re.I),
     "check that the output folder can be written"),
    (re.compile(r"MemoryError|Cannot allocate memory", re.I),
     "the machine ran out of memory: close other programs and build again"),
    (re.compile(r"Aborted with \d+ warnings in strict mode|^WARNING", re.I | re.M),
     "fix what the warnings above say; run `make docs` first if docs/ is missing or stale"),
    (re.compile(r"Config value|Error: .*config", re.I),
     "fix the setting the message names in the MkDocs config"),
)


def summarise(log: str, limit: int = 8) -> tuple[str, str]:
    """The meaningful last lines of a failed MkDocs log, and a hint matched to the cause."""
    lines = [line.rstrip() for line in log.splitlines()]
    meaningful = [line for line in lines if not _NOISE.match(line)]
    tail = meaningful[-limit:] or lines[-limit:]
    hint = next((h for pattern, h in _HINTS if pattern.search(log)),
                "read the messages above; run the same mkdocs command by hand for the whole log")
    return "\n".join(f"    {line[:300]}" for line in tail), hint


def mkdocs_build(root: Path, script: str, out: Path) -> None:
    """``mkdocs build --strict`` of one script into ``out``; its warnings fail the build."""
    cmd = [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet",
           "-f", str(root / CONFIGS[script]), "-d", str(out)]
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    done = subprocess.run(cmd, check=False, cwd=root, capture_output=True, text=True, env=env,
                          preexec_fn=child_setup())
    if done.returncode != 0:
        tail, hint = summarise(done.stderr + "\n" + done.stdout)
        raise BuildError(f"mkdocs build of {CONFIGS[script]} failed:\n{tail}",
                         path=root / CONFIGS[script], hint=hint)


def build_site(root: Path, out: Path, *, pdf: bool = True,
               after: Callable[[Path], None] | None = None) -> None:
    from .site_root import render_root_index

    def fill(tmp: Path) -> None:
        for script in SCRIPTS:
            mkdocs_build(root, script, tmp / script)
        (tmp / "index.html").write_text(render_root_index(), encoding="utf-8")
        if pdf:
            from . import pdf as pdf_module

            pdf_module.build_pdfs(root, tmp)
        if after is not None:
            after(tmp)

    replace_dir(out, fill)
