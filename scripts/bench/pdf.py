"""The PDF step's own figures, read from what ``build_tools pdf`` logs: each script's CPU time
by part, the work both scripts share, and the step's peak memory.

The step logs (build_tools/publish/pdf/__init__.py)::

    pdf: pages read, words cut, fonts found (CPU s: read 0.20, words 0.30, fonts 0.06)
    pdf zh-Hans: 37 pages, checked (1.6 s; CPU s: render 0.17, typeset 0.95, check 0.25)
    pdf: peak memory 290 MB

A script's PDF "cold" is its own parts plus all the shared work: what it costs built alone in
a fresh process.
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Callable
from typing import Any

from .measure import rounded

#: goals (issue "The PDFs on Typst"); reported, never enforced
PER_SCRIPT_GOAL_S = 1.0
PEAK_GOAL_MB = 500.0

# (Before 2026-12 the line had no "fonts found": the fonts were a part of each script's.)
_SHARED = re.compile(r"pdf: pages read, words cut(?:, fonts found)? \(CPU s: ([^)]*)\)")
_SCRIPT = re.compile(r"pdf (zh-Han[st]): (\d+) pages, checked \([\d.]+ s; CPU s: ([^)]*)\)")
_PEAK = re.compile(r"pdf: peak memory (\d+) MB")


def _parts(text: str) -> dict[str, float]:
    """``read 0.20, words 0.30`` → ``{"read": 0.2, "words": 0.3}``."""
    out = {}
    for item in text.split(","):
        name, _, seconds = item.strip().rpartition(" ")
        out[name] = float(seconds)
    return out


def parse(stderr: str) -> dict[str, Any]:
    """One run's figures from the step's log (empty where a line is missing)."""
    shared = _SHARED.search(stderr)
    peak = _PEAK.search(stderr)
    return {
        "shared_cpu_s": _parts(shared.group(1)) if shared else {},
        "scripts": {
            m.group(1): {"pages": int(m.group(2)), "cpu_s": _parts(m.group(3))}
            for m in _SCRIPT.finditer(stderr)
        },
        "peak_mb": float(peak.group(1)) if peak else None,
    }


def summary(logs: list[dict[str, Any]]) -> dict[str, Any] | None:
    """Medians over the runs: each script's CPU (own parts, and cold: with the shared work),
    the shared work and the peak memory; None when no run logged them."""
    runs = [log for log in logs if log["scripts"] and log["peak_mb"] is not None]
    if not runs:
        return None
    shared = [sum(r["shared_cpu_s"].values()) for r in runs]
    scripts: dict[str, Any] = {}
    for script in runs[0]["scripts"]:
        own = [sum(r["scripts"][script]["cpu_s"].values()) for r in runs if script in r["scripts"]]
        parts = runs[-1]["scripts"][script]["cpu_s"]
        scripts[script] = {
            "pages": runs[-1]["scripts"][script]["pages"],
            "own_cpu_s": rounded(statistics.median(own)),
            "cold_cpu_s": rounded(statistics.median(o + s for o, s in zip(own, shared, strict=False))),
            "parts_last_run_s": parts,
        }
    return {
        "shared_cpu_s": rounded(statistics.median(shared)),
        "shared_parts_last_run_s": runs[-1]["shared_cpu_s"],
        "scripts": scripts,
        "peak_mb": rounded(statistics.median(r["peak_mb"] for r in runs)),
    }


Goal = dict[str, Any]


def goals(found: dict[str, Any] | None, goal: Callable[..., Goal], why: str) -> list[Goal]:
    """Each script's PDF <= 1.0 s of CPU cold; the step's peak memory <= 500 MB."""
    if found is None:
        return [
            goal("each script's PDF <= 1.0 s CPU (cold)", "not measured", "<= 1.0 s", None, why),
            goal("peak memory of the PDF step <= 500 MB", "not measured", "<= 500 MB", None, why),
        ]
    out = [
        goal(
            f"{script} PDF <= 1.0 s CPU (cold)",
            f"{s['cold_cpu_s']:.2f} s ({s['own_cpu_s']:.2f} s its own + "
            f"{found['shared_cpu_s']:.2f} s shared with the other script), {s['pages']} pages",
            "<= 1.0 s",
            s["cold_cpu_s"] <= PER_SCRIPT_GOAL_S,
        )
        for script, s in found["scripts"].items()
    ]
    out.append(
        goal(
            "peak memory of the PDF step <= 500 MB",
            f"{found['peak_mb']:.0f} MB (largest resident size of the process)",
            "<= 500 MB",
            found["peak_mb"] <= PEAK_GOAL_MB,
        )
    )
    return out


def print_pdf(p: Callable[..., None], found: dict[str, Any] | None) -> None:
    if found is None:
        return
    shared = ", ".join(f"{k} {v:.2f}" for k, v in found["shared_parts_last_run_s"].items())
    p(f"  PDF step: shared work {found['shared_cpu_s']:.2f} s CPU ({shared}); peak {found['peak_mb']:.0f} MB")
    for script, s in found["scripts"].items():
        parts = ", ".join(f"{k} {v:.2f}" for k, v in s["parts_last_run_s"].items())
        p(
            f"    {script}: {s['own_cpu_s']:.2f} s CPU own ({parts}), "
            f"{s['cold_cpu_s']:.2f} s cold, {s['pages']} pages"
        )
