"""The reader's side: what a first visit to a chapter page loads, the search index, Lighthouse
scores, and how long an edit takes to show in ``mkdocs serve``. (The search's ranking and
speed in a browser: ``search.py``.)

Sizes are given raw and gzip-compressed (level 6, what a compressing host such as GitHub Pages
sends); HTTP headers are not counted. The site is served to Lighthouse by the standard
library's ``http.server``, uncompressed; the gzip figures are computed from the files it
requested.
"""

from __future__ import annotations

import functools
import gzip
import json
import os
import re
import shutil
import socket
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from html.parser import HTMLParser
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from build_tools.paths import SCRIPTS

from .measure import StepFailed, background, checked, rounded, run, wait_for

TIMEOUT_LIGHTHOUSE = 240.0
#: how long an edit of sources/glossary.yml may take to show in ``mkdocs serve``
SERVE_WAIT = 15.0
SERVE_START = 120.0
CHROME_START = 30.0


# --- page weight and search index -----------------------------------------------------------


class _Resources(HTMLParser):
    """The URLs a page makes the browser fetch by itself."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "script" and a.get("src"):
            self.urls.append(str(a["src"]))
        elif (
            tag == "link"
            and a.get("href")
            and (a.get("rel") or "") in ("stylesheet", "icon", "shortcut icon")
        ):
            self.urls.append(str(a["href"]))
        elif tag == "img" and a.get("src"):
            self.urls.append(str(a["src"]))


def sizes(files: set[Path], root: Path) -> dict[str, Any]:
    """Raw and gzip bytes of each file that exists, by its path under ``root``, and in total."""
    rows = {}
    for path in sorted(p.resolve() for p in files):
        if path.is_file():
            data = path.read_bytes()
            rows[path.relative_to(root.resolve()).as_posix()] = {
                "raw": len(data),
                "gzip": len(gzip.compress(data, 6)),
            }
    return {
        "raw_bytes": sum(r["raw"] for r in rows.values()),
        "gzip_bytes": sum(r["gzip"] for r in rows.values()),
        "files": rows,
    }


def page_weight(site: Path, script: str, page: str = "chapter-3") -> dict[str, Any]:
    """Bytes a first visit to a chapter page fetches: the HTML and what it links (CSS, JS,
    icons, images), the search's code among them. The search index is not: it loads when the
    reader heads for the search button (``search_index`` has its size)."""
    page_dir = site / script / page
    parser = _Resources()
    parser.feed((page_dir / "index.html").read_text(encoding="utf-8"))
    files = {page_dir / "index.html"}
    for url in parser.urls:
        if "://" not in url and not url.startswith("data:"):
            files.add(page_dir / url.split("?")[0].split("#")[0])
    return {"page": f"{script}/{page}/", **sizes(files, site)}


#: the search index the post-build step writes (build_tools/publish/search/assets.py)
SEARCH_INDEX = "assets/search/index.js"
_INDEX_PREFIX = re.compile(rb"^window\.\w+=")


def search_index(site: Path) -> dict[str, Any]:
    """Per script: the search index's bytes, raw and gzip, and its number of sections."""
    out: dict[str, Any] = {}
    for script in SCRIPTS:
        path = site / script / SEARCH_INDEX
        if path.is_file():
            data = path.read_bytes()
            index = json.loads(_INDEX_PREFIX.sub(b"", data).rstrip().removesuffix(b";"))
            out[script] = {
                "raw": len(data),
                "gzip": len(gzip.compress(data, 6)),
                "entries": len(index.get("sections", [])),
            }
    return out


# --- Lighthouse -----------------------------------------------------------------------------


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


class _QuietServer(ThreadingHTTPServer):
    """A browser that leaves a page drops the requests still running (a broken pipe): not an
    error worth a traceback."""

    def handle_error(self, request: Any, client_address: Any) -> None:
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


@contextmanager
def serve_dir(folder: Path) -> Iterator[str]:
    """Serve ``folder`` on 127.0.0.1, on a free port, during the block; yields its base URL."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = _QuietServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def find_lighthouse(given: str | None, root: Path) -> Path | None:
    for candidate in (
        given,
        os.environ.get("LIGHTHOUSE"),
        str(root / ".cache" / "lighthouse" / "node_modules" / ".bin" / "lighthouse"),
        shutil.which("lighthouse"),
    ):
        if candidate and Path(candidate).is_file():
            return Path(candidate).resolve()
    return None


def find_chrome() -> Path | None:
    for candidate in (
        os.environ.get("CHROME_PATH"),
        "/usr/bin/chromium",
        shutil.which("chromium"),
        shutil.which("google-chrome"),
    ):
        if candidate and Path(candidate).is_file():
            return Path(candidate)
    return None


# What chrome-launcher would pass (the ones that keep a measurement quiet), since the bench
# starts Chromium itself: then Chromium is in a process group the bench owns and can end.
_CHROME_FLAGS = (
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--no-default-browser-check",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--disable-default-apps",
    "--mute-audio",
    "--disable-background-timer-throttling",
    "--disable-renderer-backgrounding",
    "--disable-backgrounding-occluded-windows",
    "--password-store=basic",
    "--remote-debugging-address=127.0.0.1",
    "--remote-debugging-port=0",
)


@contextmanager
def chromium(chrome: Path, folder: Path) -> Iterator[int]:
    """Headless Chromium with a fresh profile in ``folder`` during the block; yields its
    DevTools port (Chromium picks a free one and writes it to DevToolsActivePort)."""
    profile = Path(tempfile.mkdtemp(prefix="chromium-profile-", dir=folder))
    active = profile / "DevToolsActivePort"
    try:
        with (
            open(folder / "chromium.log", "a", encoding="utf-8") as log,
            background(
                [str(chrome), *_CHROME_FLAGS, f"--user-data-dir={profile}", "about:blank"], folder, log
            ) as proc,
        ):
            if (
                wait_for(lambda: active.is_file() and active.read_text().strip() != "", CHROME_START, 0.1)
                is None
            ):
                raise StepFailed(
                    f"Chromium gave no DevTools port within {CHROME_START:.0f} s "
                    f"(exit status {proc.poll()}; see {log.name})"
                )
            yield int(active.read_text().split()[0])
    finally:
        shutil.rmtree(profile, ignore_errors=True)


def lighthouse(lh: Path, chrome: Path, url: str, out: Path, preset: str | None) -> dict[str, Any]:
    """One Lighthouse run (performance and accessibility) in a fresh Chromium. Lighthouse
    attaches to the Chromium the bench started (``--port``) instead of launching its own."""
    with chromium(chrome, out.parent) as port:
        cmd = [
            str(lh),
            url,
            "--output=json",
            f"--output-path={out}",
            "--quiet",
            "--only-categories=performance,accessibility",
            f"--port={port}",
            "--max-wait-for-load=60000",
            *([f"--preset={preset}"] if preset else []),
        ]
        checked(run(cmd, out.parent, TIMEOUT_LIGHTHOUSE), "lighthouse")
    return summarise_lighthouse(json.loads(out.read_text(encoding="utf-8")))


def summarise_lighthouse(lhr: dict[str, Any]) -> dict[str, Any]:
    audits = lhr["audits"]
    requests = audits.get("network-requests", {}).get("details", {}).get("items", [])
    failing = []
    for ref in lhr["categories"]["accessibility"]["auditRefs"]:
        audit = audits[ref["id"]]
        if (
            audit.get("score") is None
            or audit["score"] >= 1
            or audit.get("scoreDisplayMode") in ("notApplicable", "manual", "informative")
        ):
            continue
        items = audit.get("details", {}).get("items", [])
        failing.append(
            {
                "id": ref["id"],
                "title": audit["title"],
                "weight": ref.get("weight"),
                "elements": [
                    {
                        "selector": i.get("node", {}).get("selector"),
                        "snippet": i.get("node", {}).get("snippet"),
                    }
                    for i in items[:10]
                ],
            }
        )
    metrics = {
        key: audits[key].get("displayValue")
        for key in (
            "first-contentful-paint",
            "largest-contentful-paint",
            "total-blocking-time",
            "cumulative-layout-shift",
            "speed-index",
        )
        if key in audits
    }
    return {
        "performance": round(100 * (lhr["categories"]["performance"]["score"] or 0)),
        "accessibility": round(100 * (lhr["categories"]["accessibility"]["score"] or 0)),
        "metrics": metrics,
        "requests": len(requests),
        "request_urls": [r["url"] for r in requests],
        "transfer_bytes": sum(int(r.get("transferSize") or 0) for r in requests),
        "accessibility_failing": failing,
        "lighthouse_version": lhr.get("lighthouseVersion"),
        "form_factor": lhr.get("configSettings", {}).get("formFactor"),
    }


def requested_sizes(site: Path, base: str, urls: list[str]) -> dict[str, Any]:
    """Raw and gzip bytes of the site's files behind the URLs Lighthouse requested."""
    files = set()
    for url in urls:
        if not url.startswith(base + "/"):
            continue
        path = site / unquote(urlsplit(url).path).lstrip("/")
        files.add(path / "index.html" if url.endswith("/") else path)
    return sizes(files, site)


def run_lighthouse(
    lh: Path | None, chrome: Path | None, site: Path, out: Path, repeat: int
) -> dict[str, Any]:
    """Lighthouse on chapter-3 of both scripts, mobile (its default) and desktop; of ``repeat``
    runs each, the one with the median performance score, as Lighthouse's own guidance on
    variability recommends."""
    if lh is None or chrome is None:
        return {
            "skipped": "lighthouse not found: npm install --prefix .cache/lighthouse lighthouse@12.2.3"
            if lh is None
            else "no Chromium: set CHROME_PATH"
        }
    results: dict[str, Any] = {}
    with serve_dir(site) as base:
        for script in SCRIPTS:
            for preset in (None, "desktop"):
                key = f"{script} {preset or 'mobile'}"
                runs = []
                for i in range(repeat):
                    print(f"bench: lighthouse {key} ({i + 1} of {repeat})", file=sys.stderr, flush=True)
                    report = out / f"lighthouse-{script}-{preset or 'mobile'}-{i + 1}.json"
                    try:
                        runs.append(lighthouse(lh, chrome, f"{base}/{script}/chapter-3/", report, preset))
                    except (StepFailed, OSError, ValueError, KeyError) as err:
                        results[key] = {"error": str(err)}
                        break
                else:
                    runs.sort(key=lambda r: r["performance"])
                    median = runs[len(runs) // 2]
                    results[key] = {
                        **median,
                        "files": requested_sizes(site, base, median["request_urls"]),
                        "performance_runs": [r["performance"] for r in runs],
                        "accessibility_runs": [r["accessibility"] for r in runs],
                    }
    return {"bin": str(lh), "chrome": str(chrome), "results": results}


# --- mkdocs serve ---------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return str(response.read().decode("utf-8", "replace"))
    except (urllib.error.URLError, OSError):
        return None


def serve_latency(repo: Path) -> dict[str, Any]:
    """Edit a glossary definition under ``mkdocs serve --livereload`` and time until the served
    glossary page shows it (the plugin regenerates docs/ from sources/ before the rebuild).
    Runs in the scratch copy only; the server is ended through its process group."""
    port = free_port()
    url = f"http://127.0.0.1:{port}/glossary/"
    log_path = repo.parent / "serve.log"
    glossary = repo / "sources" / "glossary.yml"
    text = glossary.read_text(encoding="utf-8")
    mark = f"BENCH{os.getpid()}X{int(time.time())}"
    edited, n = re.subn(r"(definition: >-\n\s+)", rf"\g<1>{mark}", text, count=1)
    if n != 1:
        return {"status": "no definition found to edit in sources/glossary.yml"}
    with (
        open(log_path, "w", encoding="utf-8") as log,
        background(
            [
                sys.executable,
                "-m",
                "mkdocs",
                "serve",
                "-f",
                "mkdocs.yml",
                "-a",
                f"127.0.0.1:{port}",
                "--livereload",
            ],
            repo,
            log,
        ),
    ):
        if wait_for(lambda: fetch(url) is not None, SERVE_START, 0.2) is None:
            return {"status": f"mkdocs serve did not answer within {SERVE_START:.0f} s", "log": str(log_path)}
        said = re.search(r"Watching paths for changes: (.*)", log_path.read_text(encoding="utf-8"))
        glossary.write_text(edited, encoding="utf-8")
        try:
            shown = wait_for(lambda: mark in (fetch(url) or ""), SERVE_WAIT, 0.1)
        finally:
            glossary.write_text(text, encoding="utf-8")
    return {
        "status": "ok",
        "watched": re.findall(r"'([^']+)'", said.group(1)) if said else [],
        "edit_shown_s": rounded(shown) if shown is not None else None,
        "waited_s": SERVE_WAIT,
    }
