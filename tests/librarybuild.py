"""The tests' library (tests/fixtures/library), built once per test session on a process pool
of two workers, for the tests that read it (test_library_build.py, test_library_browser.py).
Tests that change it work on a copy (:func:`copy_of`)."""

from __future__ import annotations

import hashlib
import shutil
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from build_tools.curated.library import read_library
from build_tools.publish.library.build import Summary, build_library

ROOT = Path(__file__).resolve().parent.parent
LIBRARY = ROOT / "tests" / "fixtures" / "library"
KEYS = [f"reports/{name}" for name in sorted(p.name for p in (LIBRARY / "reports").iterdir())]


@dataclass(frozen=True)
class Built:
    root: Path
    summary: Summary

    @property
    def site(self) -> Path:
        return self.root / "site"


def build(root: Path, **options: object) -> Summary:
    """``gov-report library`` on ``root`` (without the PDFs), as a function call."""
    return build_library(read_library(root), root / "site", pdf=False, **options)  # type: ignore[arg-type]


_BUILT: dict[Path, Built] = {}


def built_library(base: Path) -> Built:
    """The tests' library built under ``base`` (once per session)."""
    if base not in _BUILT:
        root = base / "library-fixture"
        shutil.copytree(LIBRARY, root)
        with ProcessPoolExecutor(2) as pool:
            _BUILT[base] = Built(root, build(root, executor=pool))
    return _BUILT[base]


def copy_of(built: Built, folder: Path, *, cache: bool = True) -> Path:
    """A copy of the built library (with its cache and output, or without either)."""
    root = folder / "lib"
    ignore = None if cache else shutil.ignore_patterns(".cache", "site")
    shutil.copytree(built.root, root, ignore=ignore)
    return root


def tree(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` → the sha256 of its bytes."""
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }
