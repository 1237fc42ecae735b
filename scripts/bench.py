"""Time the build, compare it with a plain MkDocs build, and check the performance goals.

    .venv/bin/python scripts/bench.py [--runs 5] [--quick] [--no-pdf] [--lighthouse] [--serve]
                                      [--json build/bench.json]

In one invocation on one machine, every figure the median of ``--runs`` runs:

* the text pipeline (raw report -> both scripts' docs/): in-process (settings, generate, write
  into a scratch folder) and as the command ``python -m build_tools build``;
* ``mkdocs build --strict`` of each script, the command ``build_tools site`` runs;
* ``python -m build_tools site --no-pdf`` (both scripts and the root page) and the PDF step;
* the baseline: ``mkdocs build`` of the same Markdown with stock Material, its default search
  plugin and no hooks, once per script; our site build over it is printed as a ratio;
* the pipeline on synthetic reports 5x to 20x the real one, to show how its cost grows (the
  chapters repeated and renumbered; chapter numerals stop at 九十九, so 20x is 80 chapters
  with every section twice, and a 160-chapter report is tried only to show it is refused);
* where the time of one build goes (cProfile by package), the page weight of a chapter and the
  size of the search index.

``--lighthouse`` adds Lighthouse scores (it needs Node.js and
``npm install --prefix .cache/lighthouse lighthouse@12.2.3``); ``--serve`` measures how long
an edit of sources/glossary.yml takes to show in ``mkdocs serve``.

Everything runs in a scratch copy of the repository (``<tmp>/gz-report-bench``), so the working
tree's docs/, build/ and site/ are never written; only the JSON report is. Servers listen on
127.0.0.1 only and every subprocess has a time limit. Goals are reported as pass or miss and
never fail the script. Timings depend on the machine and on what else it runs: the builds are
single-threaded, so on an idle machine wall and CPU time agree, and the verdicts go by CPU
time, which other load disturbs least. Exit status: 0, or 2 when a step could not run.
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import gzip
import http.server
import json
import marshal
import math
import os
import platform
import pstats
import re
import resource
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from html.parser import HTMLParser
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # `python scripts/bench.py` without the editable install
    sys.path.insert(0, str(ROOT))

from build_tools.curated.settings import Settings, settings_for  # noqa: E402  (after sys.path)
from build_tools.errors import BuildError  # noqa: E402
from build_tools.pages import build  # noqa: E402
from build_tools.publish.write import write_tree  # noqa: E402
from build_tools.text import pipeline  # noqa: E402
from build_tools.text.numerals import DIGITS, NUMERAL, from_int  # noqa: E402

SOURCE = ROOT / "sources" / "guangzhou-2018-report.raw.txt"

SCRIPTS = ("zh-Hans", "zh-Hant")
CONFIGS = {"zh-Hans": "mkdocs.yml", "zh-Hant": "mkdocs.zh-Hant.yml"}
# What a build reads, copied into the scratch repository. .cache/jieba holds the bilingual jieba
# dictionary build_tools/hooks.py writes once; copying it starts the bench from a warm tree.
WORKSPACE_ITEMS = ("build_tools", "sources", "docs", "mkdocs.yml",
                   "mkdocs.zh-Hant.yml", "pyproject.toml", ".cache/jieba")
MARKER = ".gz-report-bench"  # marks a scratch folder this script may delete

# The baseline: the same Markdown, stock Material, MkDocs' default search plugin, no hooks.
BASELINE_CONFIG = """\
site_name: baseline
docs_dir: docs
theme:
  name: material
plugins:
  - search
"""

# Goals (issue "Benchmark and speed"); reported, never enforced.
PIPELINE_SHARE_GOAL = 0.05
RATIO_GOAL = 1.25
SERVE_GOAL_S = 2.0
LIGHTHOUSE_GOAL = 95
PAGE_WEIGHT_GOAL = 400 * 1024

# Limits, in seconds, so that nothing the bench starts can hang it.
TIMEOUT_BUILD = 300
TIMEOUT_PDF = 900
TIMEOUT_LIGHTHOUSE = 240
SERVE_WAIT = 15.0

# jieba logs to stderr whether its prefix dictionary came from its cache file or was rebuilt.
_JIEBA_LOADED = re.compile(r"Loading model from cache (?P<path>\S+)")
_JIEBA_DUMPED = re.compile(r"Dumping model to file cache (?P<path>\S+)")
_JIEBA_COST = re.compile(r"Loading model cost (?P<s>[\d.]+) seconds")

# Chapter ("一、…") and section ("（一）…" or "(一)…") headings as build_tools.parse reads them;
# the synthetic reports renumber the numeral in group "num".
_CHAPTER = re.compile(rf"^[\s\u3000]*(?P<num>{NUMERAL})、")
_SECTION = re.compile(rf"^[\s\u3000]*[（(](?P<num>{NUMERAL})[）)]")


# --- measuring ------------------------------------------------------------------------------

@dataclass(frozen=True)
class Sample:
    wall: float
    cpu: float


@dataclass
class Step:
    """One measured step: its samples over the runs, or why it has none."""

    label: str
    samples: list[Sample] = field(default_factory=list)
    status: str = "ok"
    note: str = ""

    @property
    def ok(self) -> bool:
        return self.status == "ok" and bool(self.samples)

    @property
    def wall(self) -> float:
        return statistics.median(s.wall for s in self.samples) if self.samples else float("nan")

    @property
    def cpu(self) -> float:
        return statistics.median(s.cpu for s in self.samples) if self.samples else float("nan")

    def as_json(self) -> dict[str, Any]:
        return {
            "label": self.label, "status": self.status, "note": self.note,
            "median_wall_s": _round(self.wall) if self.samples else None,
            "median_cpu_s": _round(self.cpu) if self.samples else None,
            "wall_s": [_round(s.wall) for s in self.samples],
            "cpu_s": [_round(s.cpu) for s in self.samples],
        }


@dataclass(frozen=True)
class Ran:
    """A finished subprocess: its times, exit status and output."""

    sample: Sample
    returncode: int
    stdout: str
    stderr: str


class StepFailed(Exception):
    """A step could not run; the message says which and shows the end of its output."""


def _round(x: float) -> float:
    return round(x, 4)


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run(cmd: Sequence[str], cwd: Path, timeout: float, env: dict[str, str] | None = None) -> Ran:
    """Run ``cmd`` in its own process group and time it; kill the whole group on timeout.

    CPU time is user + system of the process and every descendant it waited for (the mkdocs
    builds that ``build_tools site`` starts count), which a busy machine disturbs less than
    wall time.
    """
    cpu0, t0 = _children_cpu(), time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, env=env or subprocess_env(), text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            start_new_session=True)
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        _kill_group(proc)
        raise StepFailed(f"{' '.join(cmd[2:5])}: no result after {timeout:.0f} s; killed") from None
    return Ran(Sample(time.perf_counter() - t0, _children_cpu() - cpu0), proc.returncode, out, err)


def _kill_group(proc: subprocess.Popen[Any]) -> None:
    with suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)
    proc.communicate()


def subprocess_env() -> dict[str, str]:
    # The same environment as build_tools.site.mkdocs_build (a fixed hash seed).
    return {**os.environ, "PYTHONHASHSEED": "0", "NO_MKDOCS_2_WARNING": "1"}


def checked(ran: Ran, what: str) -> Ran:
    if ran.returncode != 0:
        tail = "\n".join((ran.stderr or ran.stdout).strip().splitlines()[-8:])
        raise StepFailed(f"{what} exited with {ran.returncode}:\n{tail}")
    return ran


def jieba_log(stderr: str) -> dict[str, Any]:
    """What jieba said about its dictionary: ``cache`` is loaded, dumped (rebuilt) or none."""
    loaded, dumped = _JIEBA_LOADED.search(stderr), _JIEBA_DUMPED.search(stderr)
    cost = _JIEBA_COST.search(stderr)
    found = dumped or loaded
    return {
        "cache": "dumped" if dumped else "loaded" if loaded else "none",
        "cache_file": found.group("path") if found else None,
        "load_s": float(cost.group("s")) if cost else None,
    }


# --- the machine ----------------------------------------------------------------------------

def machine() -> dict[str, Any]:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    versions = {}
    for dist in ("mkdocs", "mkdocs-material", "jieba", "OpenCC", "weasyprint"):
        with suppress(PackageNotFoundError):
            versions[dist] = version(dist)
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "cores_usable": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None,
        "python": platform.python_version(),
        "platform": platform.platform(),
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "load_average_start": list(os.getloadavg()),
        "versions": versions,
    }


# --- the scratch repository -----------------------------------------------------------------

def make_workdir(work: Path) -> None:
    """Create ``work`` fresh; refuse to delete a folder this script did not make."""
    if work.exists():
        if not (work / MARKER).is_file():
            raise StepFailed(f"{work} exists and was not made by bench.py; give another --workdir")
        shutil.rmtree(work)
    work.mkdir(parents=True)
    (work / MARKER).write_text("scratch folder of scripts/bench.py; deleted on its next run\n")


def copy_repo(root: Path, dest: Path) -> None:
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for item in WORKSPACE_ITEMS:
        src = root / item
        if src.is_dir():
            shutil.copytree(src, dest / item, ignore=ignore)
        elif src.is_file():
            (dest / item).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest / item)


def make_baseline(repo: Path, base: Path) -> dict[str, Path]:
    """A minimal mkdocs.yml per script beside a copy of that script's generated Markdown."""
    configs = {}
    for script in SCRIPTS:
        folder = base / script
        shutil.copytree(repo / "docs" / script, folder / "docs")
        (folder / "mkdocs.yml").write_text(BASELINE_CONFIG, encoding="utf-8")
        configs[script] = folder / "mkdocs.yml"
    return configs


# --- synthetic reports ----------------------------------------------------------------------

@dataclass(frozen=True)
class Outline:
    """The raw report cut at its chapter and section headings (lines as in the file)."""

    head: list[str]  # page furniture, title and preface before the first chapter
    chapters: list[tuple[str, list[str], list[list[str]]]]  # heading, intro, sections' lines
    tail: list[str]  # closing, sign-off and page furniture after the last section


def outline(text: str) -> Outline:
    """Cut the report into an :class:`Outline`.

    Assumes what holds for this report: a section is one run-in line (its heading ends at the
    first 。 and its text follows), so the closing starts at the first non-blank line after the
    last section heading.
    """
    lines = text.split("\n")
    rows = [i for i, line in enumerate(lines) if _CHAPTER.match(line) and len(line) <= 80]
    if not rows:
        raise StepFailed("the raw report has no chapter headings (一、); cannot repeat chapters")
    chapters: list[tuple[str, list[str], list[list[str]]]] = []
    tail_at = len(lines)
    for ci, (start, end) in enumerate(zip(rows, [*rows[1:], len(lines)], strict=False)):
        block = lines[start + 1:end]
        heads = [j for j, line in enumerate(block) if _SECTION.match(line)]
        if not heads:
            raise StepFailed(f"chapter at line {start + 1} has no sections; cannot repeat them")
        sections = [block[a:b] for a, b in zip(heads, [*heads[1:], len(block)], strict=False)]
        if ci == len(rows) - 1:
            last = sections[-1]
            keep = 1
            while keep < len(last) and not last[keep].strip():
                keep += 1
            tail_at = start + 1 + heads[-1] + keep
            sections[-1] = last[:keep]
        chapters.append((lines[start], block[:heads[0]], sections))
    return Outline(lines[:rows[0]], chapters, lines[tail_at:])


def numeral(n: int) -> str:
    """Chinese numeral for n; past 99 (一百, 一百零一 …), which the report parser rejects."""
    if n <= 99:
        return from_int(n)
    hundreds, rest = divmod(n, 100)
    text = DIGITS[hundreds] + "百"
    if rest == 0:
        return text
    if rest < 10:
        return text + "零" + DIGITS[rest]
    tens, units = divmod(rest, 10)
    return text + DIGITS[tens] + "十" + (DIGITS[units] if units else "")


def renumber(heading: re.Pattern[str], line: str, n: int) -> str:
    """``line`` with the numeral that ``heading`` matched replaced by the numeral of ``n``."""
    m = heading.match(line)
    assert m is not None, line
    return line[:m.start("num")] + numeral(n) + line[m.end("num"):]


def synthetic(report: Outline, chapter_reps: int, section_reps: int = 1) -> str:
    """The report with its chapters repeated ``chapter_reps`` times and, inside each chapter,
    its sections ``section_reps`` times, all renumbered (一、…八、九、… and （一）（二）…)."""
    out = list(report.head)
    n = 0
    for _ in range(chapter_reps):
        for heading, intro, sections in report.chapters:
            n += 1
            out.append(renumber(_CHAPTER, heading, n))
            out += intro
            k = 0
            for _ in range(section_reps):
                for lines in sections:
                    k += 1
                    out.append(renumber(_SECTION, lines[0], k))
                    out += lines[1:]
    return "\n".join(out + report.tail)


@dataclass(frozen=True)
class Size:
    label: str
    chapter_reps: int
    section_reps: int


# 20x by chapters alone would need 160 chapters, but chapter numerals stop at 九十九 (99): 20x
# is 10x the chapters with every section twice. 12x (96 chapters) is the most chapters allow.
GROWTH = (Size("1x", 1, 1), Size("5x", 5, 1), Size("10x", 10, 1), Size("12x", 12, 1),
          Size("20x", 10, 2))
GROWTH_QUICK = (Size("1x", 1, 1), Size("2x", 2, 1))
PROBE_160 = Size("20x as 160 chapters", 20, 1)


# --- steps ----------------------------------------------------------------------------------

@dataclass
class Bench:
    args: argparse.Namespace
    work: Path
    repo: Path = field(init=False)
    out: Path = field(init=False)
    steps: dict[str, Step] = field(default_factory=dict)
    jieba: list[dict[str, Any]] = field(default_factory=list)
    growth: dict[str, Step] = field(default_factory=dict)
    growth_info: dict[str, dict[str, Any]] = field(default_factory=dict)
    baseline: dict[str, Path] = field(default_factory=dict)
    settings: Settings | None = None

    def __post_init__(self) -> None:
        self.repo = self.work / "repo"
        self.out = self.work / "out"

    def step(self, key: str, label: str) -> Step:
        return self.steps.setdefault(key, Step(label))

    # The text pipeline ----------------------------------------------------------------------

    def pipeline_in_process(self) -> Sample:
        """What ``build_tools build`` does, minus starting Python: settings, generate, write."""
        t0, c0 = time.perf_counter(), time.process_time()
        settings = settings_for(SOURCE)
        _doc, files = build.generate(SOURCE, settings)
        write_tree(files, self.out / "pipeline" / "docs")
        return Sample(time.perf_counter() - t0, time.process_time() - c0)

    def pipeline_cli(self) -> Sample:
        ran = checked(run([sys.executable, "-m", "build_tools", "build"], self.repo,
                          TIMEOUT_BUILD), "python -m build_tools build")
        if not (self.repo / "docs" / "nav.yml").is_file():
            # `-m build_tools` runs in the scratch copy (the project is the working folder).
            raise StepFailed(f"build_tools build did not write into {self.repo}: {ran.stdout}")
        return ran.sample

    # MkDocs -----------------------------------------------------------------------------------

    def mkdocs(self, config: Path, out: Path, *, strict: bool, who: str) -> Sample:
        cmd = [sys.executable, "-m", "mkdocs", "build", "--quiet", "-f", str(config),
               "-d", str(out)]
        if strict:
            cmd.insert(4, "--strict")
        ran = checked(run(cmd, config.parent, TIMEOUT_BUILD), f"mkdocs build -f {config}")
        self.jieba.append({"build": who, **jieba_log(ran.stderr)})
        return ran.sample

    def ours(self, script: str) -> Sample:
        # The command build_tools.site.mkdocs_build runs, with jieba's log kept.
        return self.mkdocs(self.repo / CONFIGS[script], self.out / f"mkdocs-{script}",
                           strict=True, who=f"ours {script}")

    def base(self, script: str) -> Sample:
        return self.mkdocs(self.baseline[script], self.out / f"baseline-{script}", strict=False,
                           who=f"baseline {script}")

    def site(self) -> Sample:
        ran = run([sys.executable, "-m", "build_tools", "site", "--no-pdf",
                   "--out", str(self.repo / "site")], self.repo, 2 * TIMEOUT_BUILD)
        return checked(ran, "python -m build_tools site --no-pdf").sample

    def pdf(self) -> Sample:
        ran = run([sys.executable, "-m", "build_tools", "pdf", "--site", str(self.repo / "site")],
                  self.repo, TIMEOUT_PDF)
        return checked(ran, "python -m build_tools pdf").sample

    # One run ----------------------------------------------------------------------------------

    def one_run(self, record: bool) -> None:
        """Every step once; ours and the baseline interleaved so drifts in load hit both."""
        plan: list[tuple[str, str, Callable[[], Sample]]] = [
            ("pipeline_in_process", "text pipeline, in-process (both scripts)",
             self.pipeline_in_process),
            ("pipeline_cli", "text pipeline, `python -m build_tools build`", self.pipeline_cli),
        ]
        for script in SCRIPTS:
            plan.append((f"mkdocs_{script}", f"mkdocs build --strict, {script}",
                         functools.partial(self.ours, script)))
            plan.append((f"baseline_{script}", f"baseline mkdocs build, {script}",
                         functools.partial(self.base, script)))
        plan.append(("site", "`build_tools site --no-pdf` (both + root page)", self.site))
        plan.append(("pdf", "PDF step, `python -m build_tools pdf`", self.pdf))
        for key, label, measure in plan:
            step = self.step(key, label)
            if key == "pdf" and self.args.no_pdf:
                step.status, step.note = "skipped", "skipped (--no-pdf)"
            if step.status != "ok":
                continue
            try:
                sample = measure()
            except StepFailed as err:
                if key != "pdf":
                    raise
                # The PDF step is optional while build_tools/pdf is being written.
                step.status, step.note = "unavailable", str(err)
                continue
            if record:
                step.samples.append(sample)
        for size in self.sizes():
            self.growth_once(size, record)

    # Growth -----------------------------------------------------------------------------------

    def sizes(self) -> tuple[Size, ...]:
        return GROWTH_QUICK if self.args.quick else GROWTH

    def synthetic_path(self, size: Size) -> Path:
        path = self.out / "synthetic" / f"report-{size.chapter_reps}x{size.section_reps}.raw.txt"
        if not path.is_file():
            path.parent.mkdir(parents=True, exist_ok=True)
            text = SOURCE.read_text(encoding="utf-8")
            path.write_text(synthetic(outline(text), size.chapter_reps, size.section_reps),
                            encoding="utf-8", newline="")
        return path

    def growth_once(self, size: Size, record: bool) -> None:
        # The real report's settings (its glossary, overrides) for every size; built once and
        # not timed, so the times are generate + write only.
        if self.settings is None:
            self.settings = settings_for(SOURCE)
        path = self.synthetic_path(size)
        t0, c0 = time.perf_counter(), time.process_time()
        doc, files = build.generate(path, self.settings)
        write_tree(files, self.out / "growth" / "docs")
        sample = Sample(time.perf_counter() - t0, time.process_time() - c0)
        step = self.growth.setdefault(size.label, Step(size.label))
        if record:
            step.samples.append(sample)
        self.growth_info[size.label] = {
            "chapter_reps": size.chapter_reps, "section_reps": size.section_reps,
            "bytes": path.stat().st_size, "chapters": len(doc.hans.chapters),
            "sections": len(doc.hans.sections()), "files": len(files),
        }

    def probe_160(self) -> dict[str, Any]:
        """Does a report of 160 chapters (20x by chapters alone) parse? It should not."""
        path = self.synthetic_path(PROBE_160)
        assert self.settings is not None
        try:
            doc = pipeline.run(path, self.settings.scripts, self.settings.report.given)
        except BuildError as err:
            return {"parses": False, "chapters_written": 20 * len(outline(
                SOURCE.read_text(encoding="utf-8")).chapters), "error": str(err)}
        return {"parses": True, "chapters": len(doc.hans.chapters)}

    # Cold start -------------------------------------------------------------------------------

    def cold_build(self) -> dict[str, Any]:
        """One build with no bilingual dictionary (hooks.py writes it) and so no valid jieba
        cache for it: what the first build on a fresh checkout costs."""
        shutil.rmtree(self.repo / ".cache" / "jieba", ignore_errors=True)
        sample = self.ours("zh-Hans")
        log = self.jieba.pop()
        return {"wall_s": _round(sample.wall), "cpu_s": _round(sample.cpu), **log}


# --- where the time goes --------------------------------------------------------------------

def profile(cmd_after_python: Sequence[str], cwd: Path, out: Path, top: int = 8
            ) -> dict[str, Any]:
    """cProfile a whole command (imports included) and sum its own time by package.

    A built-in (``marshal.load``, ``re`` …) counts for the package that called it.
    """
    prof = out.with_suffix(".prof")
    ran = run([sys.executable, "-m", "cProfile", "-o", str(prof), *cmd_after_python], cwd,
              TIMEOUT_BUILD)
    checked(ran, "profile of " + " ".join(cmd_after_python[:3]))
    stats = pstats.Stats(str(prof))
    raw: dict[Any, Any] = stats.stats  # type: ignore[attr-defined]
    by_package: dict[str, float] = defaultdict(float)
    rows = []
    for func, (_cc, _nc, tottime, cumtime, callers) in raw.items():
        filename = func[0]
        if filename == "~" and callers:
            caller = max(callers.items(), key=lambda kv: kv[1][2])[0]
            filename = caller[0]
        by_package[_package(filename)] += tottime
        rows.append((tottime, cumtime, _func_name(func)))
    total = sum(by_package.values())
    rows.sort(reverse=True)
    return {
        "command": " ".join(cmd_after_python),
        "profiled_s": _round(total),
        "by_package_s": {k: _round(v) for k, v in
                         sorted(by_package.items(), key=lambda kv: -kv[1])[:top]},
        "top_functions": [{"function": name, "own_s": _round(t), "cumulative_s": _round(c)}
                          for t, c, name in rows[:top]],
    }


def _package(filename: str) -> str:
    if "site-packages/" in filename:
        return filename.split("site-packages/", 1)[1].split("/", 1)[0].removesuffix(".py")
    if "/build_tools/" in filename:
        return "build_tools"
    if filename.startswith("<frozen") or filename == "~":
        return "python (imports, builtins)"
    return "python stdlib"


def _func_name(func: tuple[str, int, str]) -> str:
    filename, line, name = func
    if filename == "~":
        return name
    short = filename.split("site-packages/", 1)[-1] if "site-packages/" in filename else \
        Path(filename).name
    return f"{short}:{line}({name})"


def jieba_cache_read(cache_file: Path, repeat: int = 3) -> dict[str, Any]:
    """How long reading jieba's prefix-dictionary cache takes the way jieba does it
    (``marshal.load`` on the open file) and from one read of the whole file (same objects)."""

    def timed(read: Callable[[], object]) -> float:
        times = []
        for _ in range(repeat):
            t0 = time.perf_counter()
            read()
            times.append(time.perf_counter() - t0)
        return statistics.median(times)

    def from_file() -> object:
        with open(cache_file, "rb") as f:
            return marshal.load(f)

    def from_bytes() -> object:
        with open(cache_file, "rb") as f:
            return marshal.loads(f.read())

    same = from_file() == from_bytes()
    return {"cache_file": str(cache_file), "bytes": cache_file.stat().st_size,
            "marshal_load_file_s": _round(timed(from_file)),
            "marshal_loads_bytes_s": _round(timed(from_bytes)), "same_objects": same}


# --- the reader's side ----------------------------------------------------------------------

class _Resources(HTMLParser):
    """The URLs a page makes the browser fetch by itself, and Material's config JSON."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.config = ""
        self._in_config = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "script" and a.get("id") == "__config":
            self._in_config = True
        if tag == "script" and a.get("src"):
            self.urls.append(str(a["src"]))
        elif tag == "link" and a.get("href") and (a.get("rel") or "") in (
                "stylesheet", "icon", "shortcut icon"):
            self.urls.append(str(a["href"]))
        elif tag == "img" and a.get("src"):
            self.urls.append(str(a["src"]))

    def handle_endtag(self, tag: str) -> None:
        self._in_config = False

    def handle_data(self, data: str) -> None:
        if self._in_config:
            self.config += data


def page_weight(site: Path, script: str, page: str = "chapter-3") -> dict[str, Any]:
    """Bytes a first visit to a chapter page fetches: the HTML, what it links (CSS, JS, icons,
    images), Material's search worker and the search index it loads. Raw and gzip-compressed
    (what a server that compresses, like GitHub Pages, sends); headers not counted."""
    page_dir = site / script / page
    html = (page_dir / "index.html").read_text(encoding="utf-8")
    parser = _Resources()
    parser.feed(html)
    files = {page_dir / "index.html"}
    for url in parser.urls:
        if "://" in url or url.startswith("data:"):
            continue
        files.add((page_dir / url.split("?")[0].split("#")[0]).resolve())
    try:
        config = json.loads(parser.config)
        files.add((site / script / config["search"]).resolve())
        files.add(site / script / "search" / "search_index.json")
    except (ValueError, KeyError):
        pass
    rows = {}
    root = site.resolve()
    for path in sorted(p.resolve() for p in files):
        if path.is_file():
            data = path.read_bytes()
            rows[path.relative_to(root).as_posix()] = (len(data), len(gzip.compress(data, 6)))
    return {
        "page": f"{script}/{page}/",
        "raw_bytes": sum(r for r, _ in rows.values()),
        "gzip_bytes": sum(g for _, g in rows.values()),
        "files": {k: {"raw": r, "gzip": g} for k, (r, g) in rows.items()},
    }


def search_index(site: Path) -> dict[str, Any]:
    out = {}
    for script in SCRIPTS:
        path = site / script / "search" / "search_index.json"
        if path.is_file():
            data = path.read_bytes()
            out[script] = {"raw": len(data), "gzip": len(gzip.compress(data, 6)),
                           "entries": len(json.loads(data).get("docs", []))}
    return out


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


class _GzipHandler(_QuietHandler):
    """Sends text files gzip-compressed to a browser that accepts it, as GitHub Pages does, so
    that Lighthouse's transfer sizes are those of the published site."""

    COMPRESSIBLE = (".html", ".css", ".js", ".json", ".svg", ".xml", ".txt")

    def do_GET(self) -> None:
        path = Path(self.translate_path(self.path))
        if path.is_dir() and self.path.split("?")[0].endswith("/"):
            path = path / "index.html"
        if (path.suffix not in self.COMPRESSIBLE or not path.is_file()
                or "gzip" not in self.headers.get("Accept-Encoding", "")):
            super().do_GET()
            return
        body = gzip.compress(path.read_bytes(), 6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Vary", "Accept-Encoding")
        self.end_headers()
        self.wfile.write(body)


@contextmanager
def serve_dir(folder: Path) -> Iterator[str]:
    """Serve ``folder`` (gzip-compressed) on 127.0.0.1 on a free port during the block."""
    handler = functools.partial(_GzipHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def find_lighthouse(given: str | None) -> Path | None:
    for candidate in (given, os.environ.get("LIGHTHOUSE"),
                      str(ROOT / ".cache" / "lighthouse" / "node_modules" / ".bin" / "lighthouse"),
                      shutil.which("lighthouse")):
        if candidate and Path(candidate).is_file():
            return Path(candidate)
    return None


def find_chrome() -> Path | None:
    for candidate in (os.environ.get("CHROME_PATH"), "/usr/bin/chromium",
                      shutil.which("chromium"), shutil.which("google-chrome")):
        if candidate and Path(candidate).is_file():
            return Path(candidate)
    return None


def lighthouse(lh: Path, chrome: Path, url: str, out: Path, preset: str | None) -> dict[str, Any]:
    """One Lighthouse run (performance and accessibility) in a fresh Chromium profile."""
    profile_dir = Path(tempfile.mkdtemp(prefix="lh-profile-", dir=out.parent))
    flags = ("--headless --no-sandbox --disable-gpu --disable-quic --no-first-run "
             "--disable-background-networking --disable-component-update --disable-sync "
             f"--user-data-dir={profile_dir}")
    cmd = [str(lh), url, "--output=json", f"--output-path={out}", "--quiet",
           "--only-categories=performance,accessibility", f"--chrome-flags={flags}",
           "--max-wait-for-load=60000"]
    if preset:
        cmd.append(f"--preset={preset}")
    try:
        ran = run(cmd, out.parent, TIMEOUT_LIGHTHOUSE, env={**os.environ, "CHROME_PATH": str(chrome)})
        checked(ran, "lighthouse")
    finally:
        # chrome-launcher starts Chromium in a process group of its own: end the processes
        # that use this run's profile folder (and only those) if Lighthouse left any.
        _kill_by_arg(f"--user-data-dir={profile_dir}")
        shutil.rmtree(profile_dir, ignore_errors=True)
    return summarise_lighthouse(json.loads(out.read_text(encoding="utf-8")))


def _kill_by_arg(arg: str) -> None:
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            argv = (proc / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if arg.encode() in argv:
            with suppress(ProcessLookupError):
                os.kill(int(proc.name), signal.SIGKILL)


def summarise_lighthouse(lhr: dict[str, Any]) -> dict[str, Any]:
    audits = lhr["audits"]
    requests = audits.get("network-requests", {}).get("details", {}).get("items", [])
    failing = []
    for ref in lhr["categories"]["accessibility"]["auditRefs"]:
        audit = audits[ref["id"]]
        if audit.get("score") is None or audit["score"] >= 1 or audit.get(
                "scoreDisplayMode") in ("notApplicable", "manual", "informative"):
            continue
        items = audit.get("details", {}).get("items", [])
        failing.append({
            "id": ref["id"], "title": audit["title"], "weight": ref.get("weight"),
            "elements": [{"selector": i.get("node", {}).get("selector"),
                          "snippet": i.get("node", {}).get("snippet")} for i in items[:10]],
        })
    metrics = {key: audits[key].get("displayValue") for key in (
        "first-contentful-paint", "largest-contentful-paint", "total-blocking-time",
        "cumulative-layout-shift", "speed-index") if key in audits}
    return {
        "performance": round(100 * (lhr["categories"]["performance"]["score"] or 0)),
        "accessibility": round(100 * (lhr["categories"]["accessibility"]["score"] or 0)),
        "metrics": metrics,
        "requests": len(requests),
        "transfer_bytes": sum(int(r.get("transferSize") or 0) for r in requests),
        "resource_bytes": sum(int(r.get("resourceSize") or 0) for r in requests),
        "largest": sorted(({"url": r["url"].split("/", 3)[-1], "transfer": r.get("transferSize")}
                           for r in requests), key=lambda r: -(r["transfer"] or 0))[:5],
        "accessibility_failing": failing,
        "lighthouse_version": lhr.get("lighthouseVersion"),
        "form_factor": lhr.get("configSettings", {}).get("formFactor"),
    }


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


def wait_for(predicate: Callable[[], bool], limit: float, every: float = 0.05) -> float | None:
    t0 = time.perf_counter()
    while time.perf_counter() - t0 < limit:
        if predicate():
            return time.perf_counter() - t0
        time.sleep(every)
    return None


def serve_latency(repo: Path) -> dict[str, Any]:
    """Edit a glossary definition under ``mkdocs serve --livereload`` and time until the served
    glossary page shows it; then regenerate docs/ by hand and time that too (what a hook that
    regenerates docs/ on a change of sources/ would give). Runs in the scratch copy only."""
    port = free_port()
    url = f"http://127.0.0.1:{port}/glossary/"
    log = repo.parent / "serve.log"
    with open(log, "w", encoding="utf-8") as logf:
        proc = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "-f", "mkdocs.yml",
             "-a", f"127.0.0.1:{port}", "--livereload"],
            cwd=repo, env=subprocess_env(), stdout=logf, stderr=subprocess.STDOUT,
            start_new_session=True)
        try:
            up = wait_for(lambda: fetch(url) is not None, 120.0, 0.2)
            if up is None:
                return {"status": "mkdocs serve did not answer within 120 s", "log": str(log)}
            said = re.search(r"Watching paths for changes: (.*)", log.read_text(encoding="utf-8"))
            watched = re.findall(r"'([^']+)'", said.group(1)) if said else []
            glossary = repo / "sources" / "glossary.yml"
            text = glossary.read_text(encoding="utf-8")
            mark = f"BENCH{os.getpid()}X{int(time.time())}"
            edited, n = re.subn(r"(definition: >-\n\s+)", rf"\g<1>{mark}", text, count=1)
            if n != 1:
                return {"status": "no definition found to edit in sources/glossary.yml"}
            glossary.write_text(edited, encoding="utf-8")
            shown = wait_for(lambda: mark in (fetch(url) or ""), SERVE_WAIT, 0.1)
            result: dict[str, Any] = {
                "status": "ok", "watched": watched, "edit_shown_s": _round(shown)
                if shown is not None else None, "waited_s": SERVE_WAIT,
            }
            if shown is None:
                t0 = time.perf_counter()
                regen = run([sys.executable, "-m", "build_tools", "build"], repo, TIMEOUT_BUILD)
                regen_s = time.perf_counter() - t0
                later = wait_for(lambda: mark in (fetch(url) or ""), SERVE_WAIT, 0.1)
                result.update({
                    "regenerate_ok": regen.returncode == 0,
                    "regenerate_s": _round(regen_s),
                    "after_regenerate_shown_s": _round(regen_s + later)
                    if later is not None else None,
                })
            glossary.write_text(text, encoding="utf-8")
            return result
        finally:
            try:
                os.killpg(proc.pid, signal.SIGTERM)
                proc.wait(timeout=10)
            except (ProcessLookupError, subprocess.TimeoutExpired):
                _kill_group(proc)


# --- report ---------------------------------------------------------------------------------

def _fmt(x: float | None, digits: int = 2) -> str:
    return "n/a" if x is None or math.isnan(x) else f"{x:.{digits}f}"


def _kb(n: float | None) -> str:
    return "n/a" if n is None else f"{n / 1024:.0f} KB"


def goal(name: str, value: str, target: str, passed: bool | None, note: str = ""
         ) -> dict[str, Any]:
    return {"goal": name, "value": value, "target": target, "pass": passed, "note": note}


def evaluate(b: Bench, extra: dict[str, Any]) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    s = b.steps
    pdf_ok = s["pdf"].ok
    full_wall = s["pipeline_cli"].wall + s["site"].wall + (s["pdf"].wall if pdf_ok else 0.0)
    full_cpu = s["pipeline_cli"].cpu + s["site"].cpu + (s["pdf"].cpu if pdf_ok else 0.0)
    base_wall = s["baseline_zh-Hans"].wall + s["baseline_zh-Hant"].wall
    base_cpu = s["baseline_zh-Hans"].cpu + s["baseline_zh-Hant"].cpu
    totals = {
        "full_build_wall_s": _round(full_wall), "full_build_cpu_s": _round(full_cpu),
        "full_build_includes_pdf": pdf_ok,
        "baseline_both_wall_s": _round(base_wall), "baseline_both_cpu_s": _round(base_cpu),
        "ratio_site_over_baseline_wall": _round(s["site"].wall / base_wall),
        "ratio_site_over_baseline_cpu": _round(s["site"].cpu / base_cpu),
        "ratio_pipeline_and_site_over_baseline_wall":
            _round((s["pipeline_cli"].wall + s["site"].wall) / base_wall),
        "pipeline_share_cli": _round(s["pipeline_cli"].wall / full_wall),
        "pipeline_share_cli_cpu": _round(s["pipeline_cli"].cpu / full_cpu),
        "pipeline_share_in_process": _round(s["pipeline_in_process"].wall / full_wall),
    }
    # Verdicts go by CPU time: the builds are single-threaded, so on an idle machine wall time is
    # about the same, and CPU time is what other work on a shared machine disturbs least.
    goals = []
    share = totals["pipeline_share_cli_cpu"]
    goals.append(goal(
        "text pipeline < 5% of the full build",
        f"{100 * share:.1f}% of the CPU time as the command "
        f"({100 * totals['pipeline_share_cli']:.1f}% of the wall time; "
        f"{100 * totals['pipeline_share_in_process']:.1f}% in-process)", "< 5%",
        share < PIPELINE_SHARE_GOAL,
        "" if pdf_ok else f"full build without the PDF step ({s['pdf'].status})"))
    ratio = totals["ratio_site_over_baseline_cpu"]
    goals.append(goal(
        "site build (both scripts, no PDF) <= 1.25x plain Material",
        f"{ratio:.2f}x CPU time, {totals['ratio_site_over_baseline_wall']:.2f}x wall time",
        "<= 1.25x", ratio <= RATIO_GOAL))
    ours = [j for j in b.jieba if j["build"].startswith("ours")]
    loaded = sum(j["cache"] == "loaded" for j in ours)
    goals.append(goal(
        "jieba loads its dictionary from cache", f"{loaded} of {len(ours)} builds loaded it",
        "every build after the first", bool(ours) and loaded == len(ours),
        f"the first build of a fresh tree rebuilt it ({extra['cold']['cache']})"
        if extra.get("cold") else ""))
    serve = extra.get("serve")
    if serve:
        shown = serve.get("edit_shown_s")
        goals.append(goal(
            "a glossary edit shows in mkdocs serve within 2 s",
            f"{shown:.2f} s" if shown is not None else f"not shown after {serve.get('waited_s')} s",
            "<= 2 s", shown is not None and shown <= SERVE_GOAL_S,
            f"after regenerating docs/ by hand: {serve.get('after_regenerate_shown_s')} s"
            if shown is None else ""))
    lh = extra.get("lighthouse") or {}
    for script, res in lh.get("results", {}).items():
        if "error" in res:
            continue
        goals.append(goal(f"Lighthouse performance, {script} chapter-3", str(res["performance"]),
                          ">= 95", res["performance"] >= LIGHTHOUSE_GOAL))
        goals.append(goal(f"Lighthouse accessibility, {script} chapter-3",
                          str(res["accessibility"]), ">= 95",
                          res["accessibility"] >= LIGHTHOUSE_GOAL))
        goals.append(goal(f"chapter page transfer, {script} (Lighthouse, gzip server)",
                          f"{_kb(res['transfer_bytes'])} transferred, "
                          f"{_kb(res['resource_bytes'])} uncompressed", "<= 400 KB",
                          res["transfer_bytes"] <= PAGE_WEIGHT_GOAL))
    for script, weight in extra.get("page_weight", {}).items():
        goals.append(goal(
            f"chapter page weight, {script} (files a first visit loads, gzip)",
            f"{_kb(weight['gzip_bytes'])} gzip, {_kb(weight['raw_bytes'])} uncompressed",
            "<= 400 KB", weight["gzip_bytes"] <= PAGE_WEIGHT_GOAL,
            "over 400 KB from a server that does not compress"
            if weight["raw_bytes"] > PAGE_WEIGHT_GOAL else ""))
    return totals, goals


def print_report(b: Bench, totals: dict[str, Any], goals: list[dict[str, Any]],
                 extra: dict[str, Any], info: dict[str, Any]) -> None:
    p = functools.partial(print, flush=True)
    p()
    p(f"Build benchmark, {info['date']}")
    p(f"  {info['cpu']}, {info['cores']} cores, Python {info['python']}, "
      f"{b.args.runs} run(s), medians")
    p(f"  load average {info['load_average_start'][0]:.2f} at start, "
      f"{info['load_average_end'][0]:.2f} at end (compare CPU times when it is high)")
    p()
    p(f"  {'step':<52} {'wall s':>8} {'CPU s':>8}")
    for step in b.steps.values():
        if step.ok:
            p(f"  {step.label:<52} {_fmt(step.wall):>8} {_fmt(step.cpu):>8}")
        else:
            p(f"  {step.label:<52} {'n/a':>8}   {step.note.splitlines()[0][:60]}")
    full = "full build (build_tools build + site" + (
        " + PDF)" if totals["full_build_includes_pdf"] else ", no PDF)")
    p(f"  {full:<52} "
      f"{_fmt(totals['full_build_wall_s']):>8} {_fmt(totals['full_build_cpu_s']):>8}")
    p(f"  {'baseline, both scripts':<52} {_fmt(totals['baseline_both_wall_s']):>8} "
      f"{_fmt(totals['baseline_both_cpu_s']):>8}")
    p(f"  ratio site / baseline: {totals['ratio_site_over_baseline_wall']:.2f}x wall, "
      f"{totals['ratio_site_over_baseline_cpu']:.2f}x CPU "
      f"(pipeline + site / baseline: {totals['ratio_pipeline_and_site_over_baseline_wall']:.2f}x)")
    loads = defaultdict(list)
    for j in b.jieba:
        if j["load_s"] is not None:
            loads[j["build"].split()[0]].append(j["load_s"])
    if loads:
        p("  jieba dictionary load per build (its own log): " + ", ".join(
            f"{who} {statistics.median(v):.2f} s" for who, v in loads.items()))
    if extra.get("cold"):
        c = extra["cold"]
        p(f"  first build of a fresh tree (no .cache/jieba): {c['wall_s']:.2f} s, jieba "
          f"{c['cache']} its cache")
    p()
    p("Text pipeline on longer reports (in-process generate + write, settings built once)")
    p(f"  {'size':<6} {'chapters':>8} {'sections':>8} {'KB':>6} {'wall s':>7} {'ms/KB':>6} "
      f"{'CPU s':>7} {'ms/KB':>6}")
    for label, step in b.growth.items():
        gi = b.growth_info[label]
        kb = gi["bytes"] / 1024
        p(f"  {label:<6} {gi['chapters']:>8} {gi['sections']:>8} {kb:>6.0f} {_fmt(step.wall):>7} "
          f"{1000 * step.wall / kb:>6.1f} {_fmt(step.cpu):>7} {1000 * step.cpu / kb:>6.1f}")
    if extra.get("probe_160"):
        probe = extra["probe_160"]
        p("  20x as 160 chapters: " + ("parses" if probe["parses"] else
          "does not parse (chapter numerals stop at 九十九): "
          + probe["error"].splitlines()[0][:110]))
    for name, prof in extra.get("profile", {}).items():
        p()
        p(f"Where the time goes: {name} ({prof['profiled_s']:.2f} s profiled, own time by package)")
        p("  " + ", ".join(f"{k} {v:.2f}" for k, v in prof["by_package_s"].items()))
        for row in prof["top_functions"][:5]:
            p(f"    {row['own_s']:>6.2f} s  {row['function']}")
    if extra.get("jieba_cache_read"):
        r = extra["jieba_cache_read"]
        p(f"  jieba's cache ({r['bytes'] / 1e6:.1f} MB): marshal.load(file) "
          f"{r['marshal_load_file_s']:.2f} s, marshal.loads(file.read()) "
          f"{r['marshal_loads_bytes_s']:.2f} s, same objects: {r['same_objects']}")
    p()
    p("Reader side")
    for script, idx in extra.get("search_index", {}).items():
        p(f"  search index {script}: {_kb(idx['raw'])} raw, {_kb(idx['gzip'])} gzip, "
          f"{idx['entries']} entries")
    for script, w in extra.get("page_weight", {}).items():
        p(f"  chapter-3 {script}, first visit: {_kb(w['raw_bytes'])} raw, "
          f"{_kb(w['gzip_bytes'])} gzip ({len(w['files'])} files)")
    lh = extra.get("lighthouse")
    if lh:
        for key, res in lh.get("results", {}).items():
            if "error" in res:
                p(f"  Lighthouse {key}: {res['error'].splitlines()[0]}")
                continue
            p(f"  Lighthouse {key}: performance {res['performance']}, accessibility "
              f"{res['accessibility']}, {res['requests']} requests, "
              f"{_kb(res['transfer_bytes'])} transferred; " + ", ".join(
                  f"{k.replace('-', ' ')} {v}" for k, v in res["metrics"].items()))
            for a in res["accessibility_failing"]:
                p(f"    failing: {a['id']} ({a['title']}): " + "; ".join(
                    str(e["selector"]) for e in a["elements"][:5]))
    elif b.args.lighthouse is False:
        p("  Lighthouse: not run (add --lighthouse; needs npm, see the script's docstring)")
    serve = extra.get("serve")
    if serve:
        p(f"  mkdocs serve: {serve}")
    p()
    p("Goals (reported, not enforced)")
    for g in goals:
        mark = "PASS" if g["pass"] else "MISS" if g["pass"] is not None else "----"
        p(f"  [{mark}] {g['goal']}: {g['value']} (goal {g['target']})"
          + (f"; {g['note']}" if g["note"] else ""))


# --- main -----------------------------------------------------------------------------------

def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="scripts/bench.py",
        description="Time the text pipeline, both MkDocs builds, the PDF step and a plain "
        "MkDocs baseline; print a table and write a JSON report.")
    p.add_argument("--runs", type=int, default=5, help="runs per measurement (median; default 5)")
    p.add_argument("--quick", action="store_true",
                   help="smoke mode: no warm-up, cold build or profile; growth only 1x and 2x")
    p.add_argument("--json", default=str(ROOT / "build" / "bench.json"),
                   help="where to write the JSON report (default: build/bench.json)")
    p.add_argument("--workdir", default=str(Path(tempfile.gettempdir()) / "gz-report-bench"),
                   help="scratch folder, deleted and remade (default: <tmp>/gz-report-bench)")
    p.add_argument("--no-pdf", action="store_true", help="skip the PDF step")
    p.add_argument("--lighthouse", action="store_true",
                   help="also run Lighthouse on chapter-3 of both scripts (needs Node.js)")
    p.add_argument("--lighthouse-bin", default=None,
                   help="the lighthouse executable (default: $LIGHTHOUSE, "
                   ".cache/lighthouse/node_modules/.bin/lighthouse, or on PATH)")
    p.add_argument("--serve", action="store_true",
                   help="also time a glossary edit showing up in `mkdocs serve`")
    return p


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    if args.runs < 1:
        parser().error("--runs must be at least 1")
    info = machine()
    b = Bench(args, Path(args.workdir).resolve())
    extra: dict[str, Any] = {}
    say = functools.partial(print, file=sys.stderr, flush=True)
    try:
        make_workdir(b.work)
        copy_repo(ROOT, b.repo)
        b.out.mkdir()
        say(f"bench: scratch copy in {b.repo}")
        if not args.quick:
            say("bench: cold build (no jieba caches)")
            extra["cold"] = b.cold_build()
        # The baseline copies the Markdown the scratch repository's own build generated.
        b.pipeline_cli()
        b.baseline = make_baseline(b.repo, b.work / "baseline")
        if not args.quick:
            say("bench: warm-up run (not counted)")
            b.one_run(record=False)
            b.jieba.clear()
        for i in range(args.runs):
            say(f"bench: run {i + 1} of {args.runs}")
            b.one_run(record=True)
        if not args.quick:
            say("bench: growth probe, profiles")
            extra["probe_160"] = b.probe_160()
            extra["profile"] = {
                "mkdocs build zh-Hans": profile(
                    ["-m", "mkdocs", "build", "--strict", "--quiet", "-f", "mkdocs.yml", "-d",
                     str(b.out / "profile-site")], b.repo, b.out / "mkdocs"),
                "build_tools build": profile(["-m", "build_tools", "build"], b.repo,
                                             b.out / "pipeline"),
            }
            cache = next((j["cache_file"] for j in b.jieba if j["build"].startswith("ours")
                          and j["cache_file"]), None)
            if cache and Path(cache).is_file():
                extra["jieba_cache_read"] = jieba_cache_read(Path(cache))
        site = b.repo / "site"
        extra["search_index"] = search_index(site)
        extra["page_weight"] = {s: page_weight(site, s) for s in SCRIPTS}
        if args.lighthouse:
            extra["lighthouse"] = run_lighthouse(args, site, b.out)
        if args.serve:
            say("bench: mkdocs serve latency")
            extra["serve"] = serve_latency(b.repo)
    except StepFailed as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    info["load_average_end"] = list(os.getloadavg())
    totals, goals = evaluate(b, extra)
    print_report(b, totals, goals, extra, info)
    report = {
        "machine": info, "runs": args.runs, "quick": args.quick, "workdir": str(b.work),
        "steps": {k: v.as_json() for k, v in b.steps.items()},
        "totals": totals,
        "jieba_builds": b.jieba,
        "growth": [{"size": k, **b.growth_info[k], **v.as_json(),
                    "ms_per_kb": _round(1000 * v.wall / (b.growth_info[k]["bytes"] / 1024)),
                    "cpu_ms_per_kb": _round(1000 * v.cpu / (b.growth_info[k]["bytes"] / 1024))}
                   for k, v in b.growth.items()],
        **extra,
        "goals": goals,
    }
    out = Path(args.json)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"\nwrote {out}")
    return 0


def run_lighthouse(args: argparse.Namespace, site: Path, out: Path) -> dict[str, Any]:
    """Lighthouse on chapter-3 of both scripts, mobile (its default) and desktop; of
    ``min(--runs, 3)`` runs each, the one with the median performance score, as Lighthouse's
    own guidance on variability recommends."""
    lh, chrome = find_lighthouse(args.lighthouse_bin), find_chrome()
    if lh is None or chrome is None:
        return {"skipped": "lighthouse not found: npm install --prefix .cache/lighthouse "
                "lighthouse@12.2.3" if lh is None else "no Chromium: set CHROME_PATH"}
    results: dict[str, Any] = {}
    repeat = min(args.runs, 3)
    with serve_dir(site) as base:
        for script in SCRIPTS:
            for preset in (None, "desktop"):
                key = f"{script} {preset or 'mobile'}"
                runs = []
                for i in range(repeat):
                    print(f"bench: lighthouse {key} ({i + 1} of {repeat})", file=sys.stderr,
                          flush=True)
                    report = out / f"lighthouse-{script}-{preset or 'mobile'}-{i + 1}.json"
                    try:
                        runs.append(lighthouse(lh, chrome, f"{base}/{script}/chapter-3/", report,
                                               preset))
                    except (StepFailed, OSError, ValueError, KeyError) as err:
                        results[key] = {"error": str(err)}
                        break
                else:
                    runs.sort(key=lambda r: r["performance"])
                    results[key] = {**runs[len(runs) // 2],
                                    "performance_runs": [r["performance"] for r in runs],
                                    "accessibility_runs": [r["accessibility"] for r in runs]}
    return {"bin": str(lh), "chrome": str(chrome), "results": results}


if __name__ == "__main__":
    sys.exit(main())
