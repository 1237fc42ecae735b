"""``gov-report site``: both script sites, the root page and the PDFs, built into a temporary
folder and swapped in for ``site/`` only when all of it succeeded."""

from __future__ import annotations

import logging
import os
import re
import subprocess
import sys
import time
from pathlib import Path

from ..errors import BuildError
from ..paths import JIEBA_USER, SCRIPTS, Script
from ..text.model import Document
from .notfound import published_root, render_not_found
from .procs import child_setup
from .project import Project
from .root import render_root_index, site_title
from .search import step as search
from .write import replace_dir, stale, write_into

log = logging.getLogger("build_tools")

# Lines of MkDocs' log that say nothing about a failure.
_NOISE = re.compile(r"^(INFO|DEBUG)\b|^\s*$|^Traceback|^\s+File \"|^\s{4}")
# (what the log says, what to do): the first that matches gives the hint.
_HINTS: tuple[tuple[re.Pattern[str], str], ...] = (
    (
        re.compile(r"No space left on device|ENOSPC", re.I),
        "the disk is full: free some space and build again",
    ),
    (
        re.compile(r"Permission denied|Read-only file system", re.I),
        "check that the output folder can be written",
    ),
    (
        re.compile(r"MemoryError|Cannot allocate memory", re.I),
        "the machine ran out of memory: close other programs and build again",
    ),
    (
        re.compile(r"Aborted with \d+ warnings in strict mode|^WARNING", re.I | re.M),
        "fix what the warnings above say; run `gov-report build` first if docs/ is stale",
    ),
    (
        re.compile(r"Config value|Error: .*config", re.I),
        "fix the setting the message names in the MkDocs config",
    ),
)


def summarise(log_text: str, limit: int = 8) -> tuple[str, str]:
    """The meaningful last lines of a failed MkDocs log, and a hint matched to the cause."""
    lines = [line.rstrip() for line in log_text.splitlines()]
    meaningful = [line for line in lines if not _NOISE.match(line)]
    tail = meaningful[-limit:] or lines[-limit:]
    hint = next(
        (h for pattern, h in _HINTS if pattern.search(log_text)),
        "read the messages above; run the same mkdocs command by hand for the whole log",
    )
    return "\n".join(f"    {line[:300]}" for line in tail), hint


def mkdocs_build(project: Project, script: Script, out: Path) -> None:
    """``mkdocs build --strict`` of one script into ``out``; its warnings fail the build."""
    config = project.config(script)
    cmd = [
        sys.executable,
        "-m",
        "mkdocs",
        "build",
        "--strict",
        "--quiet",
        "-f",
        str(config.resolve()),
        "-d",
        str(out),
    ]
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    started = time.perf_counter()
    done = subprocess.run(
        cmd, check=False, cwd=project.root, capture_output=True, text=True, env=env, preexec_fn=child_setup()
    )
    if done.returncode != 0:
        tail, hint = summarise(done.stderr + "\n" + done.stdout)
        raise BuildError(f"mkdocs build of {config.name} failed:\n{tail}", path=config, hint=hint)
    log.info("site %s: mkdocs build (%.1f s)", script, time.perf_counter() - started)


def check_docs(project: Project, files: dict[str, str]) -> None:
    """The site is built from docs/: it must hold what the report gives now."""
    problems = stale(files, project.docs)
    if problems:
        raise BuildError(
            f"docs/ is stale against the report: {'; '.join(problems[:5])}",
            path=project.docs,
            hint="run `gov-report build` (make docs) first",
        )


def root_pages(doc: Document) -> dict[str, str]:
    """The pages above the two sites: the script chooser, and the 404 page that GitHub Pages
    shows for every missing address."""
    names = {s: site_title(doc, s) for s in SCRIPTS}
    return {
        "index.html": render_root_index(doc),
        "404.html": render_not_found(names, SCRIPTS, depth=0, root_url=published_root()),
    }


def build_site(project: Project, out: Path, *, pdf: bool = True) -> None:
    """Both script sites, their search, the root page and (unless ``pdf`` is false) the PDFs,
    into a temporary folder that replaces ``out`` only when all of it succeeded."""
    settings = project.settings()
    doc, files = project.generate(settings)
    check_docs(project, files)
    if pdf:
        from .pdf import check_size

        check_size(doc)  # before the sites are built: a report too long for the PDFs stops now

    def fill(tmp: Path) -> None:
        for script in SCRIPTS:
            mkdocs_build(project, script, tmp / script)
        # After both builds: the search reads both scripts' HTML (publish/search/).
        search.add_search(tmp, user_dict=project.docs / JIEBA_USER, cache_dir=project.cache_dir / "jieba")
        write_into(tmp, root_pages(doc))
        if pdf:
            from . import pdf as pdf_module

            pdf_module.write_pdfs(pdf_module.make_pdfs(project, doc, settings), tmp)

    replace_dir(out, fill)
