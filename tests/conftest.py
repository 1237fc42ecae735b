"""Shared fixtures: the real report, run once per test session."""

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
