"""The benchmark (``python -m scripts.bench``): its synthetic reports parse as intended, the PDF
ratio is computed from the runs, and it runs end to end in its smoke mode and writes its JSON
report. No timing is checked here: `make bench` reports the goals."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from build_tools.errors import BuildError
from scripts.bench import report
from scripts.bench.measure import Sample, Step
from tests import support as pipeline
from tests.synthetic import numeral, outline, synthetic

REPO = Path(__file__).resolve().parent.parent


def test_synthetic_1x_is_the_report() -> None:
    text = pipeline.SOURCE.read_text(encoding="utf-8")
    assert synthetic(outline(text), 1, 1) == text


@pytest.mark.parametrize(("chapter_reps", "section_reps"), [(2, 1), (1, 2)])
def test_synthetic_report_parses_renumbered(
    settings: pipeline.Settings, chapter_reps: int, section_reps: int
) -> None:
    text = pipeline.SOURCE.read_text(encoding="utf-8")
    one = pipeline.run(pipeline.SOURCE, settings)
    data = synthetic(outline(text), chapter_reps, section_reps).encode("utf-8")
    doc = pipeline.run("synthetic.raw.txt", settings, data=data)
    assert [c.number for c in doc.hans.chapters] == list(range(1, chapter_reps * len(one.hans.chapters) + 1))
    assert len(doc.hans.sections()) == chapter_reps * section_reps * len(one.hans.sections())


def test_numerals_past_99() -> None:
    assert [numeral(n) for n in (99, 100, 101, 110, 160)] == [
        "九十九",
        "一百",
        "一百零一",
        "一百一十",
        "一百六十",
    ]


@pytest.mark.slow
def test_a_report_of_160_chapters_is_refused(settings: pipeline.Settings) -> None:
    # Why the bench's 20x report is 80 chapters with every section twice: chapter numerals
    # stop at 九十九, so 160 repeated chapters cannot be parsed.
    text = synthetic(outline(pipeline.SOURCE.read_text(encoding="utf-8")), 20, 1)
    with pytest.raises(BuildError, match="of chapter 九十九、 is repeated"):
        pipeline.run("synthetic.raw.txt", settings, data=text.encode("utf-8"))


def _steps(pdf: list[Sample] | None) -> dict[str, Step]:
    """The steps of two runs; every build takes 1 s of CPU and 2 s wall, except the PDF's."""
    one = [Sample(2.0, 1.0), Sample(2.0, 1.0)]
    steps = {
        key: Step(key, list(one))
        for key in (
            "pipeline_in_process",
            "pipeline_cli",
            *report.SITE_BUILDS,
            *report.BASELINE_BUILDS,
            "site",
        )
    }
    steps["pdf"] = Step("pdf", pdf or [], "ok" if pdf else "skipped", "" if pdf else "skipped")
    return steps


def test_pdf_ratio_is_the_median_of_the_runs_against_the_site_step() -> None:
    steps = _steps([Sample(3.0, 1.0), Sample(3.0, 2.0)])  # 1x and 2x of the site step's 1 s
    totals = report.totals(steps)
    ratio = totals["pdf_over_site"]
    assert ratio["cpu_runs"] == [1.0, 2.0] and ratio["cpu"] == 1.5
    assert ratio["wall"] == 1.5 and ratio["site_cpu_s"] == 1.0
    assert ratio["pass"] is False and ratio["goal"] == 1.0
    goals = {g["goal"]: g for g in report.build_goals(steps, totals, [], {})}
    assert goals["PDF step <= 1.0x the CPU of `site --no-pdf`"]["pass"] is False


def test_pdf_ratio_is_absent_without_the_pdf_step() -> None:
    steps = _steps(None)
    totals = report.totals(steps)
    assert totals["pdf_over_site"] is None
    goals = {g["goal"]: g for g in report.build_goals(steps, totals, [], {})}
    assert goals["PDF step <= 1.0x the CPU of `site --no-pdf`"]["pass"] is None
    assert goals["peak memory of the PDF step <= 500 MB"]["pass"] is None


PDF_LOG = """gov-report: pdf: pages read, words cut, fonts found (CPU s: read 0.20, words 0.30, fonts 0.10)
gov-report: pdf zh-Hans: typesetting
gov-report: pdf zh-Hans: 37 pages, checked (1.6 s; CPU s: render 0.10, typeset 0.30, check 0.10)
gov-report: pdf zh-Hant: 38 pages, checked (1.5 s; CPU s: render 0.10, typeset 0.50, check 0.10)
gov-report: pdf: peak memory 312 MB
"""


def test_the_pdf_figures_come_from_the_step_s_log() -> None:
    """Each script's PDF cold is its own parts and all the shared work; the goals read them."""
    from scripts.bench import pdf

    found = pdf.summary([pdf.parse(PDF_LOG)])
    assert found is not None
    assert found["shared_cpu_s"] == 0.6 and found["peak_mb"] == 312
    assert found["scripts"]["zh-Hans"] == {
        "pages": 37,
        "own_cpu_s": 0.5,
        "cold_cpu_s": 1.1,
        "parts_last_run_s": {"render": 0.1, "typeset": 0.3, "check": 0.1},
    }
    assert found["scripts"]["zh-Hant"]["cold_cpu_s"] == 1.3
    goals = {g["goal"]: g["pass"] for g in pdf.goals(found, report.goal, "")}
    assert goals == {
        "zh-Hans PDF <= 1.0 s CPU (cold)": False,
        "zh-Hant PDF <= 1.0 s CPU (cold)": False,
        "peak memory of the PDF step <= 500 MB": True,
    }
    assert pdf.summary([pdf.parse("no PDF lines")]) is None


@pytest.mark.slow
def test_bench_runs_in_quick_mode(tmp_path: Path) -> None:
    # TMPDIR keeps the scratch repository and jieba's cache files inside tmp_path.
    out = tmp_path / "bench.json"
    done = subprocess.run(
        [sys.executable, "-m", "scripts.bench", "--runs", "1", "--quick", "--no-pdf", "--json", str(out)],
        cwd=REPO,
        env={**os.environ, "TMPDIR": str(tmp_path)},
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["runs"] == 1 and data["quick"] is True
    for key, step in data["steps"].items():
        assert step["status"] == ("skipped" if key == "pdf" else "ok"), (key, step)
        assert key == "pdf" or len(step["wall_s"]) == 1
    assert data["totals"]["ratio_site_over_baseline_cpu"] > 0
    assert data["totals"]["pdf_over_site"] is None
    assert [g["size"] for g in data["growth"]] == ["1x", "2x"]
    assert {s: data["search_index"][s]["raw"] > 0 for s in ("zh-Hans", "zh-Hant")} == {
        "zh-Hans": True,
        "zh-Hant": True,
    }
    assert {s: w["gzip_bytes"] < w["raw_bytes"] for s, w in data["page_weight"].items()} == {
        "zh-Hans": True,
        "zh-Hant": True,
    }
    # The search's reader questions ran in Chromium (skipped only without it).
    found = data["search"]
    assert "skipped" in found or (
        found["groups"][-1]["searches"] + found["misses"]["searches"] == 4 * found["questions"]
    )
    assert any(g["goal"].startswith("search: ") for g in data["goals"])
    assert all({"goal", "value", "target", "pass", "note"} <= g.keys() for g in data["goals"])
    assert "Goals (reported, not enforced)" in done.stdout
    assert "ratio PDF step / site --no-pdf" in done.stdout
