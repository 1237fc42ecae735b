"""Build the real site once per test session, for test_site.py, test_browser.py and the
search's tests.

Not a test module: the test modules call ``built_site()`` from a fixture. The builds run
``mkdocs build --strict`` in a subprocess from the repository root, exactly as the project's
``python -m build_tools site`` does; then come the search (publish/search, the same step) and
the root page (publish/root).
"""

from __future__ import annotations

import functools
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from build_tools.curated.settings import settings_for
from build_tools.paths import DOCS, JIEBA_USER
from build_tools.publish.root import render_root_index
from build_tools.publish.search.assets import ASSET_DIR, INDEX_VARIABLE
from build_tools.publish.search.step import add_search
from tests.support import SOURCE, run

REPO = Path(__file__).absolute().parents[1]

# (script, config file): each script's site is built into <out>/<script>.
CONFIGS: tuple[tuple[str, str], ...] = (
    ("zh-Hans", "mkdocs.yml"),
    ("zh-Hant", "mkdocs.zh-Hant.yml"),
)

# Pages every build has, in reading order (see PAGE_ORDER in build_tools/hooks.py).
CHAPTERS: tuple[str, ...] = tuple(f"chapter-{n}" for n in range(1, 9))

def require_docs() -> None:
    """Skip the calling test until the generator has written docs/ (the lead removes this)."""
    missing = [script for script, _ in CONFIGS if not (REPO / "docs" / script).is_dir()]
    if missing:
        pytest.skip(
            f"docs/{missing[0]} does not exist yet: run `python -m build_tools build` first"
        )


def mkdocs_build(config: str, out: Path, env: dict[str, str] | None = None) -> None:
    """Run ``mkdocs build --strict -f <config> -d <out>``; fail the test with its log."""
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", config, "-d", str(out)],
        cwd=REPO,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})},
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        pytest.fail(f"mkdocs build --strict -f {config} failed:\n{result.stderr}", pytrace=False)


@functools.cache
def built_site(base: Path) -> Path:
    """Build both scripts, their search and the root page under ``base/site``; once per
    ``base``."""
    site = base / "site"
    for script, config in CONFIGS:
        mkdocs_build(config, site / script)
    add_search(site, user_dict=REPO / DOCS / JIEBA_USER, cache_dir=REPO / ".cache" / "jieba")
    doc = run(SOURCE, settings_for(SOURCE))
    (site / "index.html").write_text(render_root_index(doc), encoding="utf-8")
    return site


def read_index(site: Path, script: str) -> dict[str, object]:
    """The search index of one script (``assets/search/index.js``) as data."""
    text = (site / script / ASSET_DIR / "index.js").read_text(encoding="utf-8")
    prefix = f"window.{INDEX_VARIABLE}="
    assert text.startswith(prefix) and text.endswith(";\n")
    data: dict[str, object] = json.loads(text[len(prefix):-2])
    return data
