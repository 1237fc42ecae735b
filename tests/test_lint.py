"""The code stays ruff-clean and passes mypy in strict mode (settings in pyproject.toml)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", *args], cwd=ROOT, capture_output=True, text=True, check=False, timeout=300
    )


def test_ruff_finds_nothing() -> None:
    done = run("ruff", "check", "--no-cache", "--output-format", "concise", ".")
    assert done.returncode == 0, done.stdout + done.stderr


def test_mypy_strict_on_the_build_tools_and_the_bench() -> None:
    done = run("mypy", "--no-incremental", "build_tools", "scripts/bench")
    assert done.returncode == 0, done.stdout + done.stderr
