"""``python -m scripts.bench``: the arguments, and the order in which the bench measures.

In one invocation on one machine, every figure the median of ``--runs`` runs (after one
warm-up run that is not counted, unless ``--quick``). Everything runs in a scratch copy of the
repository (``<tmp>/gz-report-bench``); only the JSON report is written outside it. Servers
listen on 127.0.0.1 only and every command has a time limit. Exit status: 0, or 2 when a step
could not run.
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from build_tools.paths import SCRIPTS

from . import library, library_search, reader, report, search
from . import pdf as bench_pdf
from .measure import StepFailed, machine
from .steps import Bench, jieba_cache_read

ROOT = Path(__file__).resolve().parents[2]


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m scripts.bench",
        description="Time the text pipeline, both MkDocs builds, the PDF step and a plain "
        "MkDocs baseline; print a table and write a JSON report. Run from the repository root.",
    )
    p.add_argument("--runs", type=int, default=5, help="runs per measurement (median; default 5)")
    p.add_argument(
        "--quick",
        action="store_true",
        help="smoke mode: no warm-up, cold build or profile; growth only 1x and 2x",
    )
    p.add_argument(
        "--json",
        default=str(ROOT / "build" / "bench.json"),
        help="where to write the JSON report (default: build/bench.json)",
    )
    p.add_argument(
        "--workdir",
        default=str(Path(tempfile.gettempdir()) / "gz-report-bench"),
        help="scratch folder, deleted and remade (default: <tmp>/gz-report-bench)",
    )
    p.add_argument("--no-pdf", action="store_true", help="skip the PDF step")
    p.add_argument(
        "--lighthouse",
        action="store_true",
        help="also run Lighthouse on chapter-3 of both scripts (needs Node.js and Chromium)",
    )
    p.add_argument(
        "--lighthouse-bin",
        default=None,
        help="the lighthouse executable (default: $LIGHTHOUSE, "
        ".cache/lighthouse/node_modules/.bin/lighthouse, or on PATH)",
    )
    p.add_argument(
        "--serve", action="store_true", help="also time a glossary edit showing up in `mkdocs serve`"
    )
    p.add_argument(
        "--no-search",
        action="store_true",
        help="skip the search benchmark (the reader questions in Chromium)",
    )
    p.add_argument(
        "--no-library", action="store_true", help="skip the library's benchmark (44 reports: minutes)"
    )
    p.add_argument(
        "--library-only",
        action="store_true",
        help="only the library's benchmark (library/ built in scratch copies)",
    )
    return p


def say(message: str) -> None:
    print(f"bench: {message}", file=sys.stderr, flush=True)


def measure(b: Bench, args: argparse.Namespace) -> dict[str, Any]:
    """Every measurement, in order; returns what is not a timed step (the reader's side, the
    cold build, profiles)."""
    extra: dict[str, Any] = {}
    b.prepare(ROOT)
    say(f"scratch copy in {b.repo}")
    if not args.quick:
        say("cold build (no cache of jieba's dictionary)")
        extra["cold"] = b.cold_build()
        say("warm-up run (not counted)")
        b.one_run(record=False)
        b.jieba.clear()
    for i in range(args.runs):
        say(f"run {i + 1} of {args.runs}")
        b.one_run(record=True)
    if not args.quick:
        say("profiles")
        extra["profile"] = b.profiles()
        cache = b.jieba_cache_file()
        if cache is not None:
            extra["jieba_cache_read"] = jieba_cache_read(cache)
    site = b.repo / "site"
    extra["search_index"] = reader.search_index(site)
    if not args.no_search:
        say("search: the reader questions in Chromium")
        questions = search.load_questions()
        # Following every answer's link takes a minute; quick mode follows every eighth.
        extra["search"] = search.measure(
            site, questions, arrivals=questions[::8] if args.quick else questions
        )
    extra["page_weight"] = {s: reader.page_weight(site, s) for s in SCRIPTS}
    if args.lighthouse:
        extra["lighthouse"] = reader.run_lighthouse(
            reader.find_lighthouse(args.lighthouse_bin, ROOT),
            reader.find_chrome(),
            site,
            b.out,
            repeat=min(args.runs, 3),
        )
    if args.serve:
        say("mkdocs serve latency")
        extra["serve"] = reader.serve_latency(b.repo)
    return extra


def library_section(args: argparse.Namespace, work: Path) -> dict[str, Any]:
    """The library's builds and its search (scripts/bench/library.py, library_search.py)."""
    work.mkdir(parents=True, exist_ok=True)
    found = library.measure(work, say, pdf=not args.no_pdf)
    if not args.no_search:
        found["search"] = library_search.measure(work / f"library-{library.SIZES[-1]}" / "site", work, say)
    return found


def library_goals(found: dict[str, Any]) -> list[dict[str, Any]]:
    return library.goals(found) + library_search.goals(found.get("search", {"skipped": "--no-search"}))


def print_library(found: dict[str, Any]) -> None:
    p = functools.partial(print, flush=True)
    library.print_library(p, found)
    if "search" in found:
        library_search.print_search(p, found["search"])


def library_main(args: argparse.Namespace, info: dict[str, Any]) -> int:
    """``--library-only``: the library's section alone, its own JSON beside the bench's."""
    found = library_section(args, Path(args.workdir).resolve() / "library")
    info["load_average_end"] = list(os.getloadavg())
    goals = library_goals(found)
    print(f"\nLibrary benchmark, {info['date']}: {info['cpu']}, {info['cores']} cores", flush=True)
    print_library(found)
    report.print_goals(functools.partial(print, flush=True), goals)
    out = Path(args.json).with_name("bench-library.json")
    out.parent.mkdir(parents=True, exist_ok=True)
    data = {"machine": info, "library": found, "goals": goals}
    out.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"\nwrote {out}", flush=True)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    if args.runs < 1:
        parser().error("--runs must be at least 1")
    info = machine()
    if args.library_only:
        return library_main(args, info)
    b = Bench(Path(args.workdir).resolve(), quick=args.quick, pdf=not args.no_pdf)
    try:
        extra = measure(b, args)
    except StepFailed as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    if not args.no_library and not args.quick:
        extra["library"] = library_section(args, b.work / "library")
    info["load_average_end"] = list(os.getloadavg())
    extra["pdf"] = bench_pdf.summary(b.pdf_logs)
    totals = report.totals(b.steps)
    goals = report.build_goals(b.steps, totals, b.jieba, extra)
    if "library" in extra:
        goals += library_goals(extra["library"])

    p = functools.partial(print, flush=True)
    p()
    p(f"Build benchmark, {info['date']}")
    p(f"  {info['cpu']}, {info['cores']} cores, Python {info['python']}, {args.runs} run(s), medians")
    p(
        f"  load average {info['load_average_start'][0]:.2f} at start, "
        f"{info['load_average_end'][0]:.2f} at end (compare CPU times when it is high)"
    )
    p()
    report.print_steps(p, b.steps, totals, b.jieba, extra.get("cold"))
    bench_pdf.print_pdf(p, extra["pdf"])
    p()
    report.print_growth(p, b.growth, b.growth_info)
    report.print_extra(p, extra)
    if "library" in extra:
        print_library(extra["library"])
    p()
    report.print_goals(p, goals)

    out = Path(args.json)
    out.parent.mkdir(parents=True, exist_ok=True)
    data = report.as_json(
        info,
        {"runs": args.runs, "quick": args.quick, "workdir": str(b.work)},
        b.steps,
        totals,
        b.jieba,
        b.growth,
        b.growth_info,
        extra,
        goals,
    )
    out.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    p(f"\nwrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
