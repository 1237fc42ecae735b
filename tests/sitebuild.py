"""Build sites for the tests through the code that ships, never a copy of it.

Not a test module: the test modules call these from fixtures.

* ``built_site(base)``: the real report's site, once per session, by
  ``build_tools.publish.site.build_site`` (what ``python -m build_tools site --no-pdf`` runs):
  both scripts with ``mkdocs build --strict``, the search, the root pages;
* ``mkdocs_build(script, out)``: one script's ``mkdocs build --strict``, as that step runs it;
* ``project_site(report, folder)``: another report published as a user would, through the
  command line: ``gov-report new``, its config, ``build`` and ``site --no-pdf``.
"""

from __future__ import annotations

import functools
import json
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from build_tools import cli
from build_tools.paths import CONFIGS as CONFIG_FILES
from build_tools.paths import SCRIPTS, SOURCES, Script, config_for
from build_tools.publish import site
from build_tools.publish.project import find
from build_tools.publish.search.assets import ASSET_DIR, INDEX_VARIABLE

REPO = Path(__file__).absolute().parents[1]

# (script, config file): each script's site is built into <out>/<script>.
CONFIGS: tuple[tuple[Script, str], ...] = tuple((script, CONFIG_FILES[script]) for script in SCRIPTS)

# Pages every build has, in reading order (docs/nav.yml, written by build_tools/pages/nav.py).
CHAPTERS: tuple[str, ...] = tuple(f"chapter-{n}" for n in range(1, 9))


def require_docs() -> None:
    """Skip the calling test until the generator has written docs/ (the lead removes this)."""
    missing = [script for script, _ in CONFIGS if not (REPO / "docs" / script).is_dir()]
    if missing:
        pytest.skip(f"docs/{missing[0]} does not exist yet: run `python -m build_tools build` first")


@contextmanager
def environment(env: dict[str, str] | None) -> Iterator[None]:
    """``os.environ`` with ``env`` on top, for the builds inside (the shipped code reads it)."""
    saved = dict(os.environ)
    os.environ.update(env or {})
    try:
        yield
    finally:
        os.environ.clear()
        os.environ.update(saved)


def mkdocs_build(script: Script, out: Path, env: dict[str, str] | None = None) -> None:
    """``mkdocs build --strict`` of the repository's site for ``script`` into ``out``, as
    ``gov-report site`` runs it (a failure raises its BuildError, with MkDocs' messages)."""
    with environment(env):
        site.mkdocs_build(find(REPO), script, out)


def build_site(out: Path, env: dict[str, str] | None = None) -> Path:
    """The repository's whole site (no PDFs) into ``out``, by ``gov-report site``'s code."""
    with environment(env):
        site.build_site(find(REPO), out, pdf=False)
    return out


@functools.cache
def built_site(base: Path) -> Path:
    """Both scripts, their search and the root pages under ``base/site``; once per ``base``."""
    return build_site(base / "site")


def read_index(site_dir: Path, script: str) -> dict[str, object]:
    """The search index of one script (``assets/search/index.js``) as data."""
    text = (site_dir / script / ASSET_DIR / "index.js").read_text(encoding="utf-8")
    prefix = f"window.{INDEX_VARIABLE}="
    assert text.startswith(prefix) and text.endswith(";\n")
    data: dict[str, object] = json.loads(text[len(prefix) : -2])
    return data


def project_site(report: Path, folder: Path) -> Path:
    """Publish ``report`` as a user would: ``gov-report new REPORT FOLDER``, the report's own
    config (if one is beside it) in place of the one ``new`` read off the page, then
    ``build`` and ``site --no-pdf``. Returns the built site."""
    assert cli.main(["new", str(report), str(folder)]) == 0
    given = config_for(report)
    if given.is_file():
        shutil.copyfile(given, config_for(folder / SOURCES / report.name))
        assert cli.main(["build", "-C", str(folder)]) == 0
    assert cli.main(["site", "-C", str(folder), "--no-pdf"]) == 0
    return folder / "site"
