"""``python -m build_tools site``: build both script sites, the root page and the PDFs into a
temporary folder, and swap it in for ``site/`` only when all of it succeeded."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from .errors import BuildError
from .model import SCRIPTS
from .write import replace_dir

CONFIGS = {"zh-Hans": "mkdocs.yml", "zh-Hant": "mkdocs.zh-Hant.yml"}


def mkdocs_build(root: Path, script: str, out: Path) -> None:
    """``mkdocs build --strict`` of one script into ``out``; its warnings fail the build."""
    cmd = [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet",
           "-f", str(root / CONFIGS[script]), "-d", str(out)]
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    done = subprocess.run(cmd, check=False, cwd=root, capture_output=True, text=True, env=env)
    if done.returncode != 0:
        raise BuildError(
            f"mkdocs build of {CONFIGS[script]} failed:\n{done.stderr.strip() or done.stdout}",
            path=root / CONFIGS[script],
            hint="fix the warnings above; run `make docs` first if docs/ is missing or stale",
        )


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
