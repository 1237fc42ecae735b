"""Shared fixtures: the real report, run once per test session; and the markers' one rule."""

from __future__ import annotations

import pytest

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


@pytest.hookimpl(tryfirst=True)  # before -m deselects: `-m "not slow"` must see the mark
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """A test that drives the browser or builds a PDF is slow too, marked or not, so that
    ``pytest -m "not slow"`` (``make check``) never waits for one."""
    for item in items:
        if item.get_closest_marker("browser") or item.get_closest_marker("pdf"):
            item.add_marker(pytest.mark.slow)
