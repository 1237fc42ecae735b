"""The goals, the printed table and the JSON report.

Goals are reported as pass or miss and never fail the bench. Verdicts on time go by CPU time:
the MkDocs builds are single-threaded, so on an idle machine wall time is about the same, and
CPU time is what other work on a shared machine disturbs least. A ratio of two steps is the
median of the per-run ratios: the steps alternate within each run, so each run's pair saw the
same load.
"""

from __future__ import annotations

import math
import statistics
from collections import defaultdict
from collections.abc import Callable
from typing import Any

from . import pdf as pdf_bench
from . import search as search_bench
from .measure import Sample, Step, rounded

# Goals (issues "Benchmark and speed" and "PDF"); reported, never enforced.
PIPELINE_SHARE_GOAL = 0.05
RATIO_GOAL = 1.25
PDF_RATIO_GOAL = 1.0
SERVE_GOAL_S = 2.0
LIGHTHOUSE_GOAL = 95
PAGE_WEIGHT_GOAL = 400 * 1024

SITE_BUILDS = ("mkdocs_zh-Hans", "mkdocs_zh-Hant")
BASELINE_BUILDS = ("baseline_zh-Hans", "baseline_zh-Hant")

Goal = dict[str, Any]


def _sum(steps: dict[str, Step], keys: tuple[str, ...]) -> list[Sample]:
    """Per run, the sum of the samples of ``keys`` (the runs in which all of them have one)."""
    runs = zip(*(steps[k].samples for k in keys), strict=False)
    return [Sample(sum(s.wall for s in row), sum(s.cpu for s in row)) for row in runs]


def ratio(top: list[Sample], bottom: list[Sample]) -> dict[str, Any] | None:
    """The median over the runs of ``top / bottom``, in CPU and in wall time."""
    pairs = list(zip(top, bottom, strict=False))
    if not pairs:
        return None
    cpu = [t.cpu / b.cpu for t, b in pairs]
    wall = [t.wall / b.wall for t, b in pairs]
    return {
        "cpu": rounded(statistics.median(cpu)),
        "wall": rounded(statistics.median(wall)),
        "cpu_runs": [rounded(x) for x in cpu],
        "wall_runs": [rounded(x) for x in wall],
    }


def pdf_over_site(steps: dict[str, Step]) -> dict[str, Any] | None:
    """The PDF step against the site step (``build_tools site --no-pdf``: both scripts'
    builds, their search, the root page) of the same runs; None when the PDF step did not
    run."""
    if not steps["pdf"].ok:
        return None
    site = steps["site"].samples
    found = ratio(steps["pdf"].samples, site)
    assert found is not None
    return {
        **found,
        "pdf_cpu_s": rounded(steps["pdf"].cpu),
        "pdf_wall_s": rounded(steps["pdf"].wall),
        "site_cpu_s": rounded(statistics.median(s.cpu for s in site)),
        "site_wall_s": rounded(statistics.median(s.wall for s in site)),
        "goal": PDF_RATIO_GOAL,
        "pass": found["cpu"] <= PDF_RATIO_GOAL,
    }


def totals(steps: dict[str, Step]) -> dict[str, Any]:
    """The sums and ratios the goals are judged on."""
    s = steps
    pdf_ok = s["pdf"].ok
    full_wall = s["pipeline_cli"].wall + s["site"].wall + (s["pdf"].wall if pdf_ok else 0.0)
    full_cpu = s["pipeline_cli"].cpu + s["site"].cpu + (s["pdf"].cpu if pdf_ok else 0.0)
    base = _sum(s, BASELINE_BUILDS)
    site_ratio = ratio(s["site"].samples, base) or {"cpu": math.nan, "wall": math.nan}
    both = ratio(_sum(s, ("pipeline_cli", "site")), base) or {"cpu": math.nan, "wall": math.nan}
    return {
        "full_build_wall_s": rounded(full_wall),
        "full_build_cpu_s": rounded(full_cpu),
        "full_build_includes_pdf": pdf_ok,
        "baseline_both_wall_s": rounded(statistics.median(b.wall for b in base)),
        "baseline_both_cpu_s": rounded(statistics.median(b.cpu for b in base)),
        "ratio_site_over_baseline_wall": site_ratio["wall"],
        "ratio_site_over_baseline_cpu": site_ratio["cpu"],
        "ratio_pipeline_and_site_over_baseline_wall": both["wall"],
        "ratio_pipeline_and_site_over_baseline_cpu": both["cpu"],
        "pipeline_share_cli": rounded(s["pipeline_cli"].wall / full_wall),
        "pipeline_share_cli_cpu": rounded(s["pipeline_cli"].cpu / full_cpu),
        "pipeline_share_in_process": rounded(s["pipeline_in_process"].wall / full_wall),
        "pipeline_share_in_process_cpu": rounded(s["pipeline_in_process"].cpu / full_cpu),
        "pdf_over_site": pdf_over_site(s),
    }


def goal(name: str, value: str, target: str, passed: bool | None, note: str = "") -> Goal:
    """``passed`` None: not measured in this run (the note says why)."""
    return {"goal": name, "value": value, "target": target, "pass": passed, "note": note}


def kb(n: float | None) -> str:
    return "n/a" if n is None else f"{n / 1024:.0f} KB"


def build_goals(
    steps: dict[str, Step], t: dict[str, Any], jieba: list[dict[str, Any]], extra: dict[str, Any]
) -> list[Goal]:
    pdf = steps["pdf"]
    share = t["pipeline_share_cli_cpu"]
    goals = [
        goal(
            "text pipeline < 5% of the full build",
            f"{100 * share:.1f}% of the CPU time as the command "
            f"({100 * t['pipeline_share_cli']:.1f}% of the wall time; "
            f"{100 * t['pipeline_share_in_process_cpu']:.1f}% in-process)",
            "< 5%",
            share < PIPELINE_SHARE_GOAL,
            "" if pdf.ok else f"full build without the PDF step ({pdf.status})",
        )
    ]
    goals.append(
        goal(
            "site build (both scripts, no PDF) <= 1.25x plain Material",
            f"{t['ratio_site_over_baseline_cpu']:.2f}x CPU time, "
            f"{t['ratio_site_over_baseline_wall']:.2f}x wall time",
            "<= 1.25x",
            t["ratio_site_over_baseline_cpu"] <= RATIO_GOAL,
        )
    )
    goals += _pdf_goals(pdf, t, extra)
    goals += _cache_and_serve_goals(jieba, extra)
    goals += _reader_goals(extra)
    goals += search_goals(extra.get("search"))
    return goals


def _cache_and_serve_goals(jieba: list[dict[str, Any]], extra: dict[str, Any]) -> list[Goal]:
    """The jieba cache, and how soon a glossary edit shows in mkdocs serve."""
    goals: list[Goal] = []
    ours = [j for j in jieba if j["build"].startswith("ours")]
    loaded = sum(j["cache"] == "loaded" for j in ours)
    goals.append(
        goal(
            "the search step reads jieba's dictionary from its cache",
            f"{loaded} of {len(ours)} site builds read it",
            "every build after the first",
            bool(ours) and loaded == len(ours),
            f"the first build of a fresh tree: the cache was {extra['cold']['cache']}"
            if extra.get("cold")
            else "",
        )
    )
    serve = extra.get("serve")
    if serve:
        shown = serve.get("edit_shown_s")
        goals.append(
            goal(
                "a glossary edit shows in mkdocs serve within 2 s",
                f"{shown:.2f} s"
                if shown is not None
                else f"not shown after {serve.get('waited_s')} s ({serve['status']})",
                "<= 2 s",
                shown is not None and shown <= SERVE_GOAL_S,
            )
        )
    return goals


def _pdf_goals(pdf: Step, t: dict[str, Any], extra: dict[str, Any]) -> list[Goal]:
    """The PDF step against the site step, and the step's own figures (``pdf_bench``)."""
    r = t["pdf_over_site"]
    why = "" if r else (pdf.note or "the PDF step did not run").splitlines()[0]
    ratio_goal = goal(
        "PDF step <= 1.0x the CPU of `site --no-pdf`",
        f"{r['cpu']:.2f}x CPU time ({r['pdf_cpu_s']:.2f} s over {r['site_cpu_s']:.2f} s), "
        f"{r['wall']:.2f}x wall time"
        if r
        else "not measured",
        "<= 1.0x",
        r["pass"] if r else None,
        why,
    )
    return [ratio_goal, *pdf_bench.goals(extra.get("pdf"), goal, why or "the PDF step logged no figures")]


def search_goals(found: dict[str, Any] | None) -> list[Goal]:
    """The search's goals (issues "Search that answers readers' questions" and #24): for the
    old 80 questions and the new ones each, on both sites, typed in both scripts."""
    if not found or "skipped" in found:
        why = found["skipped"] if found else "not run (--no-search)"
        return [goal("search: every reader question answered in the top 3", "not measured", "all", None, why)]
    every = found["groups"][-1]
    goals = []
    for name, row in found.get("sets", {"all": every}).items():
        n = row["searches"]
        asked = found.get("set_questions", {}).get(name, found["questions"])
        goals += [
            goal(
                f"search, {name} questions: every one answered in the top 3",
                f"{row['top3']} of {n} searches ({asked} questions, both sites, typed in both scripts)",
                "all",
                row["top3"] == n,
            ),
            goal(
                f"search, {name} questions: answered first",
                f"{row['top1']} of {n} ({row['top1'] / n:.0%}), MRR {row['mrr']:.3f}",
                f">= {search_bench.TOP1_GOAL:.0%}",
                row["top1"] >= search_bench.TOP1_GOAL * n,
            ),
        ]
    miss = found.get("misses")
    if miss and miss["searches"]:
        goals.append(
            goal(
                "search: no result for words the report does not contain, the words shown",
                f"{miss['words_shown']} of {miss['searches']} (the others list a part of the "
                f"query and name the rest as missing: {miss.get('partial_named', 0)})",
                "all",
                miss["words_shown"] == miss["searches"],
            )
        )
    goals.append(
        goal(
            "search: time from input to results (median)",
            f"{every['ms_median']:.2f} ms (p95 {every['ms_p95']:.1f} ms)",
            f"<= {search_bench.TIME_GOAL_MS:.0f} ms",
            every["ms_median"] <= search_bench.TIME_GOAL_MS,
            "measured in the page; index loaded",
        )
    )
    for script, size in found["sizes"].items():
        goals.append(
            goal(
                f"search: index + code, {script}",
                f"{kb(size['gzip'])} gzip ({kb(size['raw'])} raw)",
                "<= 150 KB gzip",
                size["gzip"] <= search_bench.SIZE_GOAL,
            )
        )
    return goals


def _reader_goals(extra: dict[str, Any]) -> list[Goal]:
    goals = []
    for key, res in (extra.get("lighthouse") or {}).get("results", {}).items():
        if "error" in res:
            continue
        goals.append(
            goal(
                f"Lighthouse performance, {key} chapter-3",
                str(res["performance"]),
                ">= 95",
                res["performance"] >= LIGHTHOUSE_GOAL,
                "served uncompressed",
            )
        )
        goals.append(
            goal(
                f"Lighthouse accessibility, {key} chapter-3",
                str(res["accessibility"]),
                ">= 95",
                res["accessibility"] >= LIGHTHOUSE_GOAL,
            )
        )
        files = res["files"]
        goals.append(
            goal(
                f"chapter page transfer, {key} (the files Lighthouse requested, gzip)",
                f"{kb(files['gzip_bytes'])} gzip, {kb(files['raw_bytes'])} uncompressed "
                f"({res['requests']} requests)",
                "<= 400 KB",
                files["gzip_bytes"] <= PAGE_WEIGHT_GOAL,
            )
        )
    for script, weight in extra.get("page_weight", {}).items():
        goals.append(
            goal(
                f"chapter page weight, {script} (files a first visit loads, gzip)",
                f"{kb(weight['gzip_bytes'])} gzip, {kb(weight['raw_bytes'])} uncompressed",
                "<= 400 KB",
                weight["gzip_bytes"] <= PAGE_WEIGHT_GOAL,
                "over 400 KB from a server that does not compress"
                if weight["raw_bytes"] > PAGE_WEIGHT_GOAL
                else "",
            )
        )
    return goals


def as_json(
    info: dict[str, Any],
    settings: dict[str, Any],
    b_steps: dict[str, Step],
    t: dict[str, Any],
    jieba: list[dict[str, Any]],
    growth: dict[str, Step],
    growth_info: dict[str, dict[str, Any]],
    extra: dict[str, Any],
    goals: list[Goal],
) -> dict[str, Any]:
    """The whole report, as build/bench.json holds it."""

    def per_kb(step: Step, label: str) -> dict[str, float]:
        size_kb = growth_info[label]["bytes"] / 1024
        return {
            "ms_per_kb": rounded(1000 * step.wall / size_kb),
            "cpu_ms_per_kb": rounded(1000 * step.cpu / size_kb),
        }

    return {
        "machine": info,
        **settings,
        "steps": {k: v.as_json() for k, v in b_steps.items()},
        "totals": t,
        "jieba_builds": jieba,
        "growth": [{"size": k, **growth_info[k], **v.as_json(), **per_kb(v, k)} for k, v in growth.items()],
        **extra,
        "goals": goals,
    }


# --- the printed table ----------------------------------------------------------------------


def fmt(x: float | None, digits: int = 2) -> str:
    return "n/a" if x is None or math.isnan(x) else f"{x:.{digits}f}"


def print_steps(
    p: Callable[..., None],
    steps: dict[str, Step],
    t: dict[str, Any],
    jieba: list[dict[str, Any]],
    cold: dict[str, Any] | None,
) -> None:
    p(f"  {'step':<52} {'wall s':>8} {'CPU s':>8}")
    for step in steps.values():
        if step.ok:
            p(f"  {step.label:<52} {fmt(step.wall):>8} {fmt(step.cpu):>8}")
        else:
            p(f"  {step.label:<52} {'n/a':>8}   {step.note.splitlines()[0][:60]}")
    full = "full build (build_tools build + site" + (
        " + PDF)" if t["full_build_includes_pdf"] else ", no PDF)"
    )
    p(f"  {full:<52} {fmt(t['full_build_wall_s']):>8} {fmt(t['full_build_cpu_s']):>8}")
    p(
        f"  {'baseline, both scripts':<52} {fmt(t['baseline_both_wall_s']):>8} "
        f"{fmt(t['baseline_both_cpu_s']):>8}"
    )
    p(
        f"  {'ratio site / baseline':<52} {fmt(t['ratio_site_over_baseline_wall']) + 'x':>8} "
        f"{fmt(t['ratio_site_over_baseline_cpu']) + 'x':>8}"
    )
    p(
        f"  {'ratio build + site / baseline':<52} "
        f"{fmt(t['ratio_pipeline_and_site_over_baseline_wall']) + 'x':>8} "
        f"{fmt(t['ratio_pipeline_and_site_over_baseline_cpu']) + 'x':>8}"
    )
    r = t["pdf_over_site"]
    label = "ratio PDF step / site --no-pdf"
    if r:
        p(f"  {label:<52} {fmt(r['wall']) + 'x':>8} {fmt(r['cpu']) + 'x':>8}")
    else:
        p(f"  {label:<52} {'n/a':>8}   the PDF step did not run")
    loads = defaultdict(list)
    for j in jieba:
        if j["load_s"] is not None:
            loads[j["build"].split()[0]].append(j["load_s"])
    if loads:
        p(
            "  jieba's dictionary, read by the search step (its log): "
            + ", ".join(f"{who} {statistics.median(v):.2f} s" for who, v in loads.items())
        )
    if cold:
        p(
            f"  first site build of a fresh tree (no .cache/jieba): {cold['wall_s']:.2f} s wall, "
            f"{cold['cpu_s']:.2f} s CPU; jieba's dictionary cache {cold['cache']}"
        )


def print_growth(
    p: Callable[..., None], growth: dict[str, Step], growth_info: dict[str, dict[str, Any]]
) -> None:
    p("Text pipeline on longer reports (in-process generate + write, settings built once)")
    p(
        f"  {'size':<6} {'chapters':>8} {'sections':>8} {'KB':>6} {'wall s':>7} {'ms/KB':>6} "
        f"{'CPU s':>7} {'ms/KB':>6}"
    )
    for label, step in growth.items():
        gi = growth_info[label]
        size_kb = gi["bytes"] / 1024
        p(
            f"  {label:<6} {gi['chapters']:>8} {gi['sections']:>8} {size_kb:>6.0f} "
            f"{fmt(step.wall):>7} {1000 * step.wall / size_kb:>6.1f} {fmt(step.cpu):>7} "
            f"{1000 * step.cpu / size_kb:>6.1f}"
        )


def print_extra(p: Callable[..., None], extra: dict[str, Any]) -> None:
    for name, prof in extra.get("profile", {}).items():
        p()
        p(f"Where the time goes: {name} ({prof['profiled_s']:.2f} s profiled, own time by package)")
        p("  " + ", ".join(f"{k} {v:.2f}" for k, v in prof["by_package_s"].items()))
        for row in prof["top_functions"][:5]:
            p(f"    {row['own_s']:>6.2f} s  {row['function']}")
    if extra.get("jieba_cache_read"):
        r = extra["jieba_cache_read"]
        p(
            f"  jieba's cache ({r['bytes'] / 1e6:.1f} MB): marshal.load(file) "
            f"{r['marshal_load_file_s']:.2f} s, marshal.loads(file.read()) "
            f"{r['marshal_loads_bytes_s']:.2f} s, same objects: {r['same_objects']}"
        )
    p()
    p("Reader side")
    for script, idx in extra.get("search_index", {}).items():
        p(f"  search index {script}: {kb(idx['raw'])} raw, {kb(idx['gzip'])} gzip, {idx['entries']} sections")
    print_search(p, extra.get("search"))
    for script, w in extra.get("page_weight", {}).items():
        p(
            f"  chapter-3 {script}, first visit: {kb(w['raw_bytes'])} raw, "
            f"{kb(w['gzip_bytes'])} gzip ({len(w['files'])} files)"
        )
    lh = extra.get("lighthouse")
    if lh is None:
        p('  Lighthouse: not run (add --lighthouse; needs Node.js, see CONTRIBUTING.md, "The benchmark")')
    elif "skipped" in lh:
        p(f"  Lighthouse: {lh['skipped']}")
    for key, res in (lh or {}).get("results", {}).items():
        if "error" in res:
            p(f"  Lighthouse {key}: {res['error'].splitlines()[0]}")
            continue
        p(
            f"  Lighthouse {key}: performance {res['performance']}, accessibility "
            f"{res['accessibility']}, {res['requests']} requests, those files "
            f"{kb(res['files']['raw_bytes'])} raw, {kb(res['files']['gzip_bytes'])} gzip; "
            + ", ".join(f"{k.replace('-', ' ')} {v}" for k, v in res["metrics"].items())
        )
        for a in res["accessibility_failing"]:
            p(
                f"    failing: {a['id']} ({a['title']}): "
                + "; ".join(str(e["selector"]) for e in a["elements"][:5])
            )
    if extra.get("serve"):
        p(f"  mkdocs serve: {extra['serve']}")


def print_goals(p: Callable[..., None], goals: list[Goal]) -> None:
    p("Goals (reported, not enforced)")
    for g in goals:
        mark = "PASS" if g["pass"] else "MISS" if g["pass"] is not None else "----"
        p(
            f"  [{mark}] {g['goal']}: {g['value']} (goal {g['target']})"
            + (f"; {g['note']}" if g["note"] else "")
        )


def print_search(p: Callable[..., None], found: dict[str, Any] | None) -> None:
    """The search table: per site and typed script, the ranks and the time to results."""
    if not found or "skipped" in found:
        p(f"  search: {found['skipped'] if found else 'not run (--no-search)'}")
        return
    p(
        f"  search, {found['questions']} reader questions "
        "(tests/fixtures/search-questions.yaml), served on 127.0.0.1:"
    )
    p(
        f"    {'site':<8} {'typed':<8} {'searches':>8} {'top-1':>6} {'top-3':>6} {'MRR':>6} "
        f"{'none':>5} {'median ms':>9} {'p95 ms':>7} {'max ms':>7}"
    )
    for g in found["groups"]:
        p(
            f"    {g['site']:<8} {g['typed']:<8} {g['searches']:>8} {g['top1']:>6} {g['top3']:>6} "
            f"{g['mrr']:>6.3f} {g['no_result']:>5} {g['ms_median']:>9.1f} {g['ms_p95']:>7.1f} "
            f"{g['ms_max']:>7.1f}"
        )
    for name, row in found.get("sets", {}).items():
        p(
            f"    {name + ' set':<17} {row['searches']:>8} {row['top1']:>6} {row['top3']:>6} "
            f"{row['mrr']:>6.3f} {row['no_result']:>5} {row['ms_median']:>9.1f} {row['ms_p95']:>7.1f} "
            f"{row['ms_max']:>7.1f}"
        )
    miss = found.get("misses")
    if miss:
        p(
            f"    questions the report cannot answer: {miss['searches']} searches, "
            f"{miss['no_result']} with no result, {miss['words_shown']} naming the words not found, "
            f"{miss.get('partial_named', 0)} listing a part of the query and naming the rest"
        )
    for script, size in found["sizes"].items():
        p(
            f"    index + code, {script}: {kb(size['raw'])} raw, {kb(size['gzip'])} gzip; "
            f"index loaded and prepared in {found['index_load_ms'][script]:.0f} ms"
        )
    marked, arrivals = found["arrivals_highlighted"]
    listed, asked = found["also_listed"]
    p(
        f"    answers typed in the other script that highlight on arrival: {marked} of {arrivals}; "
        f"glossary entries listed: {listed} of {asked}; requests off 127.0.0.1: "
        f"{len(found['outside_requests'])}; JavaScript errors: {len(found['js_errors'])}"
    )
    for line in found["not_first"][:20]:
        p(f"    not first: {line}")
