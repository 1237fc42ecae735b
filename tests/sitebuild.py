"""Build the real site once per test session, for test_site.py, test_browser.py and the
search's tests.

Not a test module: the test modules call ``built_site()`` from a fixture. The builds run
``mkdocs build --strict`` in a subprocess from the repository root, exactly as the project's
``python -m build_tools site`` does; then come the search (publish/search, the same step) and
the root pages (publish/site.root_pages).
"""

from __future__ import annotations

import functools
import json
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from build_tools.curated.settings import settings_for
from build_tools.paths import DOCS, JIEBA_USER
from build_tools.publish.search.assets import ASSET_DIR, INDEX_VARIABLE
from build_tools.publish.search.step import add_search
from build_tools.publish.site import root_pages
from tests.support import SOURCE, run

REPO = Path(__file__).absolute().parents[1]

# (script, config file): each script's site is built into <out>/<script>.
CONFIGS: tuple[tuple[str, str], ...] = (
    ("zh-Hans", "mkdocs.yml"),
    ("zh-Hant", "mkdocs.zh-Hant.yml"),
)

# Pages every build has, in reading order (see build_tools/pages/nav.py).
CHAPTERS: tuple[str, ...] = tuple(f"chapter-{n}" for n in range(1, 9))


def require_docs() -> None:
    """Skip the calling test until the generator has written docs/ (the lead removes this)."""
    missing = [script for script, _ in CONFIGS if not (REPO / "docs" / script).is_dir()]
    if missing:
        pytest.skip(f"docs/{missing[0]} does not exist yet: run `python -m build_tools build` first")


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
    for name, text in root_pages(doc).items():
        (site / name).write_text(text, encoding="utf-8")
    return site


def read_index(site: Path, script: str) -> dict[str, object]:
    """The search index of one script (``assets/search/index.js``) as data."""
    text = (site / script / ASSET_DIR / "index.js").read_text(encoding="utf-8")
    prefix = f"window.{INDEX_VARIABLE}="
    assert text.startswith(prefix) and text.endswith(";\n")
    data: dict[str, object] = json.loads(text[len(prefix) : -2])
    return data


def merged_config(path: Path) -> dict[str, Any]:
    """A MkDocs config with its INHERIT resolved (mappings merge, other values replace)."""
    config: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    parent = config.pop("INHERIT", None)
    if parent is None:
        return config

    def merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
        out = dict(base)
        for key, value in over.items():
            if isinstance(value, dict) and isinstance(out.get(key), dict):
                out[key] = merge(out[key], value)
            else:
                out[key] = value
        return out

    return merge(merged_config(path.parent / parent), config)


@pytest.fixture(scope="session")
def mkdocs_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Callable[..., Path]]:
    """``mkdocs_site(docs, script, out)``: ``mkdocs build --strict`` of pages that
    ``generate`` wrote for another report: the repository's config for the script with
    absolute paths, the generated folder as docs_dir and the navigation it wrote (nav.yml).
    One folder per session, so the search dictionary is made once."""
    project = tmp_path_factory.mktemp("mkdocs-project")
    configs = {"zh-Hans": REPO / "mkdocs.yml", "zh-Hant": REPO / "mkdocs.zh-Hant.yml"}

    def build(docs: Path, script: str, out: Path) -> Path:
        config = merged_config(configs[script])
        config["docs_dir"] = str(docs / script)
        config["site_dir"] = str(out)
        config["theme"]["custom_dir"] = str(REPO / config["theme"]["custom_dir"])
        for plugin in config.get("plugins", []):
            if isinstance(plugin, dict) and "search" in plugin:
                plugin["search"].pop("jieba_dict_user", None)  # the 2018 report's words
        config["nav"] = yaml.safe_load((docs / "nav.yml").read_text(encoding="utf-8"))["nav"]
        path = project / f"{docs.name}-{script}.yml"
        path.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
        done = subprocess.run(
            [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(path)],
            cwd=project,
            capture_output=True,
            text=True,
            check=False,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        )
        assert done.returncode == 0, done.stderr
        return out

    yield build
