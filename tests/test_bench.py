"""scripts/bench.py: its synthetic reports parse as intended, and it runs end to end in its smoke
mode and writes its JSON report. No timing is checked here: `make bench` reports the goals."""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

from tests import support as pipeline

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench", REPO / "scripts" / "bench.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench"] = module  # dataclasses look their module up while it is executed
    spec.loader.exec_module(module)
    return module


def test_synthetic_1x_is_the_report(bench: ModuleType) -> None:
    text = pipeline.SOURCE.read_text(encoding="utf-8")
    assert bench.synthetic(bench.outline(text), 1, 1) == text


@pytest.mark.parametrize(("chapter_reps", "section_reps"), [(2, 1), (1, 2)])
def test_synthetic_report_parses_renumbered(
    bench: ModuleType, settings: pipeline.Settings, chapter_reps: int, section_reps: int
) -> None:
    text = pipeline.SOURCE.read_text(encoding="utf-8")
    one = pipeline.run(pipeline.SOURCE, settings)
    data = bench.synthetic(bench.outline(text), chapter_reps, section_reps).encode("utf-8")
    doc = pipeline.run("synthetic.raw.txt", settings, data=data)
    assert [c.number for c in doc.hans.chapters] == list(
        range(1, chapter_reps * len(one.hans.chapters) + 1))
    assert len(doc.hans.sections()) == chapter_reps * section_reps * len(one.hans.sections())


def test_numerals_past_99(bench: ModuleType) -> None:
    assert [bench.numeral(n) for n in (99, 100, 101, 110, 160)] == [
        "九十九", "一百", "一百零一", "一百一十", "一百六十"]


def test_bench_runs_in_quick_mode(tmp_path: Path) -> None:
    # TMPDIR keeps the scratch repository and jieba's cache files inside tmp_path.
    out = tmp_path / "bench.json"
    done = subprocess.run(
        [sys.executable, "scripts/bench.py", "--runs", "1", "--quick", "--no-pdf",
         "--json", str(out)],
        cwd=REPO, env={**os.environ, "TMPDIR": str(tmp_path)}, capture_output=True, text=True,
        timeout=900, check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    report = json.loads(out.read_text(encoding="utf-8"))
    assert report["runs"] == 1 and report["quick"] is True
    for key, step in report["steps"].items():
        assert step["status"] == ("skipped" if key == "pdf" else "ok"), (key, step)
        assert key == "pdf" or len(step["wall_s"]) == 1
    assert report["totals"]["ratio_site_over_baseline_cpu"] > 0
    assert [g["size"] for g in report["growth"]] == ["1x", "2x"]
    assert {s: report["search_index"][s]["raw"] > 0 for s in ("zh-Hans", "zh-Hant")} == {
        "zh-Hans": True, "zh-Hant": True}
    assert "Goals (reported, not enforced)" in done.stdout
