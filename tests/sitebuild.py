"""Build the real site once per test session, for test_site.py and test_browser.py.

Not a test module: both test modules call ``built_site()`` from a fixture. The builds run
``mkdocs build --strict`` in a subprocess from the repository root, exactly as the project's
``python -m build_tools site`` does, and the root pages come from build_tools.publish.site.
"""

from __future__ import annotations

import functools
import os
import subprocess
import sys
from pathlib import Path

import pytest

from build_tools.curated.settings import settings_for
from build_tools.publish.site import root_pages
from tests.support import SOURCE, run

REPO = Path(__file__).absolute().parents[1]

# (script, config file): each script's site is built into <out>/<script>.
CONFIGS: tuple[tuple[str, str], ...] = (
    ("zh-Hans", "mkdocs.yml"),
    ("zh-Hant", "mkdocs.zh-Hant.yml"),
)

# Pages every build has, in reading order (see PAGE_ORDER in build_tools/hooks.py).
CHAPTERS: tuple[str, ...] = tuple(f"chapter-{n}" for n in range(1, 9))

# (script, query, the section the query is about): the report's own terms, which readers
# will type as one word. 12345 is Guangzhou's government service hotline.
SEARCH_CASES: tuple[tuple[str, str, str], ...] = (
    ("zh-Hans", "12345", "chapter-3/#sec-3-4"),
    ("zh-Hans", "营商环境", "chapter-2/#sec-2-1"),
    ("zh-Hans", "放权强区", "chapter-3/#sec-3-1"),
    ("zh-Hans", "热线", "chapter-3/#sec-3-4"),
    ("zh-Hant", "12345", "chapter-3/#sec-3-4"),
    ("zh-Hant", "營商環境", "chapter-2/#sec-2-1"),
    ("zh-Hant", "放權強區", "chapter-3/#sec-3-1"),
    ("zh-Hant", "熱線", "chapter-3/#sec-3-4"),
)


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
    """Build both scripts and the root page under ``base/site``; once per ``base``."""
    site = base / "site"
    for script, config in CONFIGS:
        mkdocs_build(config, site / script)
    doc = run(SOURCE, settings_for(SOURCE))
    for name, text in root_pages(doc).items():
        (site / name).write_text(text, encoding="utf-8")
    return site
