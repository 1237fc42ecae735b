"""Shared fixtures: the real report, run once per test session; and the markers' one rule."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import settings as hypothesis_settings

from build_tools.curated.settings import Settings, settings_for
from build_tools.pages import build
from build_tools.text.model import Document
from tests.support import ROOT, SOURCE, run

__all__ = ["ROOT"]


@pytest.fixture(scope="session")
def settings() -> Settings:
    """The settings of the repository's report, from its config (sources/*.yml)."""
    return settings_for(SOURCE)


@pytest.fixture(scope="session")
def doc(settings: Settings) -> Document:
    return run(SOURCE, settings)


@pytest.fixture(scope="session")
def pages(doc: Document, settings: Settings) -> dict[str, str]:
    return build.pages(doc, settings)


#: make check (``--hypothesis-profile=check``): fewer generated cases per property, so the
#: inner loop stays fast; ``make test`` runs the default profile (100, or the test's own count)
hypothesis_settings.register_profile("check", max_examples=20)

#: the modules whose tests run commands on this repository's own docs/ (``site --out TMP``):
#: a command locks docs/ while it runs, so under ``pytest -n`` (make check) they share one
#: worker (``pytest_xdist_make_scheduler``) instead of failing with "another build is writing this folder"
_ON_THIS_PROJECT = {"test_output_folders", "test_safe_output"}


@pytest.hookimpl(tryfirst=True)  # before -m deselects: `-m "not slow"` must see the mark
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """A test that drives the browser or builds a PDF is slow too, marked or not, so that
    ``pytest -m "not slow"`` (``make check``) never waits for one."""
    for item in items:
        if item.get_closest_marker("browser") or item.get_closest_marker("pdf"):
            item.add_marker(pytest.mark.slow)


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config: pytest.Config, log: Any) -> Any:
    """Under ``pytest -n`` (make check): every test on any free worker, except those of
    ``_ON_THIS_PROJECT``, which go to one worker together. (pytest-xdist's own
    ``--dist loadgroup`` renames node ids, which pytest 9 no longer allows.)"""
    from xdist.scheduler import LoadScopeScheduling

    class OneWorkerForThisProject(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            module = nodeid.partition("::")[0].removeprefix("tests/").removesuffix(".py")
            return "this-project" if module in _ON_THIS_PROJECT else nodeid

    return OneWorkerForThisProject(config, log)
