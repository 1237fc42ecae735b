"""Shared fixtures: the real report, run once per test session."""

from __future__ import annotations

from pathlib import Path

import pytest

from build_tools import build, pipeline
from build_tools.model import Document

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def settings() -> pipeline.Settings:
    return pipeline.settings()


@pytest.fixture(scope="session")
def doc(settings: pipeline.Settings) -> Document:
    return pipeline.run(pipeline.SOURCE, settings)


@pytest.fixture(scope="session")
def pages(doc: Document, settings: pipeline.Settings) -> dict[str, str]:
    return build.pages(doc, settings)
