"""The search across the library, in Chromium: time to results and bytes per query, at the 44
reports of the demonstration library and at 1,000 synthetic ones (the 44 reports' indexes
copied under other addresses: as many sections and postings as 1,000 reports, fewer distinct
words than real ones would bring).

Each query runs in a fresh page of the site, served by a process of its own (nothing cached):
its bytes are those of every file the page loaded, gzipped here at level 6 (what a compressing
host sends): the page, its styles and scripts, the search's head, the engine and the shards.
Its time is measured in the page, from the call to the ranked results (the shards' loading
included), first in the fresh page (``cold``, with the head and the engine) and then again
with another query (``warm``), and as a reader types the query one character at a time
(``typing``: each keystroke's results, the shards of the ones before it loaded).
"""

from __future__ import annotations

import gzip
import os
import shutil
import signal
import statistics
import subprocess
import sys
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from build_tools.publish.library.search import SEARCH_DIR, Shelf, read_index, search_files

from .measure import wait_for
from .reader import free_port
from .search import CHROMIUM, Run, browser, new_page

#: what readers look for across years: the indicators, topics, a number, a pinyin query
QUERIES = (
    "地区生产总值",
    "一般公共预算收入",
    "固定资产投资",
    "社会消费品零售总额",
    "城镇登记失业率",
    "营商环境",
    "人才住房",
    "义务教育学位",
    "12345热线",
    "行政复议",
    "粤港澳大湾区",
    "科技创新",
    "垃圾分类",
    "城中村改造",
    "疫情防控",
    "yingshang huanjing",
    "營商環境",
    "地區生產總值",
)
#: the goals of issue #25 (reported, never enforced)
MS_GOAL = 100.0
KB_GOAL = 300.0


def _bytes(site: Path, base: str, urls: list[str]) -> int:
    total = 0
    for url in urls:
        if not url.startswith(base):
            continue
        rel = unquote(urlsplit(url).path).lstrip("/")
        path = site / rel
        if rel.endswith("/") or path.is_dir():
            path = path / "index.html"
        if path.is_file():
            total += len(gzip.compress(path.read_bytes(), 6))
    return total


def _one(chromium: Any, run: Run, site: Path, base: str, query: str, then: str) -> dict[str, Any]:
    page = new_page(chromium, run)
    page.goto(f"{base}/zh-Hans/search/")
    cold = page.evaluate("q => librarySearch.search(q, {}).then(r => [r.ms, r.hits.length])", query)
    urls = page.evaluate("performance.getEntriesByType('resource').map(e => e.name).concat([location.href])")
    again = page.evaluate("q => librarySearch.search(q, {}).then(r => r.ms)", query)
    warm = page.evaluate("q => librarySearch.search(q, {}).then(r => r.ms)", then)
    page.context.close()
    page = new_page(chromium, run)
    page.goto(f"{base}/zh-Hans/search/")
    page.evaluate("librarySearch.search('的', {})")  # the head and the engine: a first visit's
    typing = page.evaluate(TYPE, query)
    page.context.close()
    return {
        "query": query,
        "cold_ms": round(cold[0], 1),
        "hits": cold[1],
        "warm_ms": round(warm, 1),
        "again_ms": round(again, 1),
        "files": sum(1 for u in urls if "/assets/library/search/" in u),
        "typing_ms": [round(t, 1) for t in typing],
        "kb": round(_bytes(site, base, urls) / 1024, 1),
    }


# The query typed a character at a time: each prefix's time to results, in order.
TYPE = """async q => {
  const out = [];
  for (let i = 1; i <= q.length; i++) out.push((await librarySearch.search(q.slice(0, i), {})).ms);
  return out;
}"""


@contextmanager
def static_server(folder: Path) -> Iterator[str]:
    """``folder`` served on 127.0.0.1 by a process of its own (Python's http.server), as a
    static host would: not by a thread of this process, which the browser's driver shares."""
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1", "--directory", str(folder)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        if wait_for(lambda: _answers(base), 20) is None:
            raise RuntimeError(f"the static server on port {port} did not answer")
        yield base
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=10)


def _answers(base: str) -> bool:
    try:
        with urllib.request.urlopen(f"{base}/", timeout=1):
            return True
    except OSError:
        return False


def measure_site(site: Path, queries: tuple[str, ...] = QUERIES) -> dict[str, Any]:
    """Every query on ``site`` (a built library, or the synthetic one)."""
    seen = Run("library search")
    rows = []
    with static_server(site) as base, browser() as chromium:
        for i, query in enumerate(queries):
            rows.append(_one(chromium, seen, site, base, query, queries[(i + 1) % len(queries)]))
    kb = [r["kb"] for r in rows]
    cold = [r["cold_ms"] for r in rows]
    warm = [r["warm_ms"] for r in rows]
    typing = [t for r in rows for t in r["typing_ms"]]
    return {
        "queries": rows,
        "again_ms_median": statistics.median(r["again_ms"] for r in rows),
        "files_median": statistics.median(r["files"] for r in rows),
        "typing_ms_median": statistics.median(typing),
        "typing_ms_p95": sorted(typing)[int(0.95 * (len(typing) - 1))],
        "kb_median": statistics.median(kb),
        "kb_max": max(kb),
        "cold_ms_median": statistics.median(cold),
        "cold_ms_max": max(cold),
        "warm_ms_median": statistics.median(warm),
        "warm_ms_max": max(warm),
        "js_errors": seen.js_errors,
        "outside_requests": seen.outside_requests,
    }


def synthetic(site: Path, work: Path, reports: int = 1000) -> Path:
    """A library of ``reports`` reports for the search alone: the built library's reports
    again and again under other addresses (zh-Hans), with its search page and assets."""
    out = work / f"search-{reports}"
    shutil.rmtree(out, ignore_errors=True)
    real = sorted(p.parents[3] for p in site.glob("*/*/zh-Hans/assets/search/index.js"))
    shelves = []
    for i in range(reports):
        folder = real[i % len(real)]
        data = read_index(folder / "zh-Hans" / "assets" / "search" / "index.js")
        name = str(data["pages"][0][1]) if data["pages"] else folder.name
        shelves.append(Shelf(f"syn{i:04d}/{2000 + i % 26}", f"syn{i % 97:02d}", 2000 + i % 26, name, folder))
    for rel, text in search_files(shelves, "zh-Hans").items():
        path = out / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    for rel in ("zh-Hans/search/index.html", f"{SEARCH_DIR}/engine.js"):
        (out / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(site / rel, out / rel)
    shutil.copytree(
        site / "assets" / "library",
        out / "assets" / "library",
        dirs_exist_ok=True,
        ignore=shutil.ignore_patterns("search"),
    )
    return out


def measure(site: Path, work: Path, say: Callable[[str], None]) -> dict[str, Any]:
    if not CHROMIUM.exists():
        return {"skipped": f"{CHROMIUM} is not installed"}
    say("library search: 44 reports in Chromium")
    found = {"44": measure_site(site)}
    say("library search: 1,000 synthetic reports (building their index)")
    big = synthetic(site, work)
    found["1000"] = {**measure_site(big), "files": sum(1 for _ in big.rglob("*.js"))}
    return found


def goals(found: dict[str, Any]) -> list[dict[str, Any]]:
    if "skipped" in found:
        return []
    out = []
    for size, row in found.items():
        out.append(
            {
                "goal": f"library search at {size} reports: typing to results",
                "value": f"median {row['typing_ms_median']:.0f} ms, "
                f"p95 {row['typing_ms_p95']:.0f} ms a keystroke",
                "target": f"<= {MS_GOAL:.0f} ms",
                "pass": row["typing_ms_p95"] <= MS_GOAL,
                "note": (
                    f"the code's own time (shards loaded): median {row['again_ms_median']:.0f} ms; "
                    f"a query pasted into a fresh page: {row['cold_ms_median']:.0f} ms, "
                    f"{row['files_median']:.0f} files in two rounds; another query after it: "
                    f"{row['warm_ms_median']:.0f} ms (served on 127.0.0.1)"
                ),
            }
        )
        out.append(
            {
                "goal": f"library search at {size} reports: bytes per query",
                "value": f"median {row['kb_median']:.0f} KB, max {row['kb_max']:.0f} KB gzip",
                "target": f"<= {KB_GOAL:.0f} KB gzip",
                "pass": row["kb_max"] <= KB_GOAL,
                "note": "a fresh page: the page, its assets, head, engine and shards",
            }
        )
    return out


def print_search(p: Callable[..., None], found: dict[str, Any]) -> None:
    if "skipped" in found:
        p(f"  library search: {found['skipped']}")
        return
    p("  library search (a fresh page per query; KB gzip of everything it loaded):")
    head = ("reports", "queries", "KB med", "KB max", "ms fresh", "ms warm", "ms typing", "p95")
    p("    " + " ".join(f"{h:>9}" for h in head))
    for size, r in found.items():
        cells: tuple[object, ...] = (size, len(r["queries"]), r["kb_median"], r["kb_max"])
        cells += (r["cold_ms_median"], r["warm_ms_median"], r["typing_ms_median"], r["typing_ms_p95"])
        p("    " + " ".join(f"{c:>9.0f}" if isinstance(c, float) else f"{c:>9}" for c in cells))
