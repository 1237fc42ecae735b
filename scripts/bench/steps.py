"""The build steps the bench times, in a scratch copy of the repository.

* the text pipeline: in-process (``Project.generate`` and writing docs/) and as the command
  ``python -m build_tools build``;
* ``mkdocs build --strict`` of each script (the command ``build_tools site`` runs), and the
  baseline: ``mkdocs build`` of the same Markdown with stock Material and nothing else;
* ``python -m build_tools site --no-pdf``, then the PDF step ``python -m build_tools pdf``;
* the pipeline on longer synthetic reports (``tests/synthetic.py``);
* a cold build (no cache of jieba's dictionary), and cProfile of one build, by package.

Every command runs in the scratch copy (the project is the working folder), so the working
tree's docs/, build/ and site/ are never written.
"""

from __future__ import annotations

import marshal
import shutil
import statistics
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from build_tools.curated.settings import Settings
from build_tools.pages.build import generate
from build_tools.paths import CONFIGS, DOCS, NAV, SCRIPTS, Script
from build_tools.publish.project import Project, find
from build_tools.publish.write import write_tree
from tests.synthetic import outline, synthetic

from .measure import Sample, Step, StepFailed, checked, in_process, jieba_log, rounded, run
from .pdf import parse as pdf_log

#: what a build reads, copied into the scratch repository. The theme is build_tools/publish/
#: theme; docs/ holds nav.yml (which mkdocs.yml inherits) and jieba-user.txt; .cache/jieba
#: (jieba's prefix dictionary, which the search step caches once) starts the bench warm where
#: it exists.
WORKSPACE_ITEMS = ("build_tools", "sources", DOCS, CONFIGS["zh-Hans"], CONFIGS["zh-Hant"], ".cache/jieba")
MARKER = ".gz-report-bench"  # marks a scratch folder the bench may delete

# The baseline: the same Markdown, stock Material, MkDocs' default search plugin, no plugins of
# ours, no Markdown extensions.
BASELINE_CONFIG = """\
site_name: baseline
docs_dir: docs
theme:
  name: material
plugins:
  - search
"""

# Limits, in seconds, so that nothing the bench starts can hang it.
TIMEOUT_BUILD = 300.0
TIMEOUT_PDF = 900.0

PYTHON = sys.executable


@dataclass(frozen=True)
class Size:
    """A synthetic report: the chapters ``chapter_reps`` times, each one's sections
    ``section_reps`` times."""

    label: str
    chapter_reps: int
    section_reps: int


# 20x by chapters alone would need 160 chapters, but chapter numerals stop at 九十九 (99): 20x
# is 10x the chapters with every section twice. 12x (96 chapters) is the most chapters allow.
GROWTH = (Size("1x", 1, 1), Size("5x", 5, 1), Size("10x", 10, 1), Size("12x", 12, 1), Size("20x", 10, 2))
GROWTH_QUICK = (Size("1x", 1, 1), Size("2x", 2, 1))


# --- the scratch repository -----------------------------------------------------------------


def make_workdir(work: Path) -> None:
    """Create ``work`` fresh; refuse to delete a folder the bench did not make."""
    if work.exists():
        if not (work / MARKER).is_file():
            raise StepFailed(f"{work} exists and was not made by the bench; give another --workdir")
        shutil.rmtree(work)
    work.mkdir(parents=True)
    (work / MARKER).write_text("scratch folder of scripts/bench; deleted on its next run\n")


def copy_repo(root: Path, dest: Path) -> None:
    """Copy what a build reads; then check that commands run there use the copy's
    build_tools (the working folder comes first on ``python -m``'s path)."""
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for item in WORKSPACE_ITEMS:
        src = root / item
        if src.is_dir():
            shutil.copytree(src, dest / item, ignore=ignore)
        elif src.is_file():
            (dest / item).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest / item)
    ran = checked(
        run([PYTHON, "-c", "import build_tools; print(build_tools.__file__)"], dest, 60.0),
        "import build_tools",
    )
    if not Path(ran.stdout.strip()).resolve().is_relative_to(dest.resolve()):
        raise StepFailed(f"in {dest}, build_tools comes from {ran.stdout.strip()}, not the copy")


def make_baseline(repo: Path, base: Path) -> dict[Script, Path]:
    """A minimal mkdocs.yml per script beside a copy of that script's generated Markdown."""
    configs: dict[Script, Path] = {}
    for script in SCRIPTS:
        folder = base / script
        shutil.copytree(repo / DOCS / script, folder / "docs")
        (folder / "mkdocs.yml").write_text(BASELINE_CONFIG, encoding="utf-8")
        configs[script] = folder / "mkdocs.yml"
    return configs


# --- the steps ------------------------------------------------------------------------------


@dataclass
class Bench:
    """The steps and their samples. ``quick``: growth only 1x and 2x; ``pdf``: time the PDF
    step."""

    work: Path
    quick: bool = False
    pdf: bool = True
    repo: Path = field(init=False)
    out: Path = field(init=False)
    steps: dict[str, Step] = field(default_factory=dict)
    #: what the search step logged about jieba's dictionary in each timed site build
    jieba: list[dict[str, Any]] = field(default_factory=list)
    #: what each timed PDF step logged (scripts/bench/pdf.py)
    pdf_logs: list[dict[str, Any]] = field(default_factory=list)
    growth: dict[str, Step] = field(default_factory=dict)
    growth_info: dict[str, dict[str, Any]] = field(default_factory=dict)
    baseline: dict[Script, Path] = field(default_factory=dict)
    _project: Project | None = None
    _settings: Settings | None = None

    def __post_init__(self) -> None:
        self.repo = self.work / "repo"
        self.out = self.work / "out"

    @property
    def project(self) -> Project:
        """The scratch copy as a project (its mkdocs.yml names the report)."""
        if self._project is None:
            self._project = find(self.repo)
        return self._project

    def prepare(self, root: Path) -> None:
        """Scratch copy, docs/ generated there, the baseline's copy of that Markdown."""
        make_workdir(self.work)
        copy_repo(root, self.repo)
        self.out.mkdir()
        self.pipeline_cli()
        self.baseline = make_baseline(self.repo, self.work / "baseline")

    # The text pipeline ----------------------------------------------------------------------

    def pipeline_in_process(self) -> Sample:
        """What ``build_tools build`` does, minus starting Python: settings, generate, write."""
        project = self.project

        def build() -> None:
            _doc, files = project.generate()
            write_tree(files, self.out / "pipeline" / "docs")

        return in_process(build)

    def pipeline_cli(self) -> Sample:
        ran = checked(
            run([PYTHON, "-m", "build_tools", "build"], self.repo, TIMEOUT_BUILD),
            "python -m build_tools build",
        )
        if not (self.repo / DOCS / NAV).is_file():
            raise StepFailed(f"build_tools build did not write into {self.repo}: {ran.stdout}")
        return ran.sample

    # MkDocs -----------------------------------------------------------------------------------

    def mkdocs(self, config: Path, out: Path, *, strict: bool) -> Sample:
        cmd = [
            PYTHON,
            "-m",
            "mkdocs",
            "build",
            *(["--strict"] if strict else []),
            "--quiet",
            "-f",
            str(config),
            "-d",
            str(out),
        ]
        return checked(run(cmd, config.parent, TIMEOUT_BUILD), f"mkdocs build -f {config}").sample

    def ours(self, script: Script) -> Sample:
        # The command build_tools.publish.site.mkdocs_build runs.
        return self.mkdocs(self.repo / CONFIGS[script], self.out / f"mkdocs-{script}", strict=True)

    def base(self, script: Script) -> Sample:
        return self.mkdocs(self.baseline[script], self.out / f"baseline-{script}", strict=False)

    def site(self) -> Sample:
        """Both builds, the search step and the root page; the search step's log is kept."""
        ran = run(
            [PYTHON, "-m", "build_tools", "site", "--no-pdf", "--out", str(self.repo / "site")],
            self.repo,
            2 * TIMEOUT_BUILD,
        )
        checked(ran, "python -m build_tools site --no-pdf")
        self.jieba.append({"build": "ours site", **jieba_log(ran.stderr)})
        return ran.sample

    def pdf_step(self) -> Sample:
        """Both PDFs into the built site; the step's log (CPU by part, peak memory) is kept."""
        ran = run(
            [PYTHON, "-m", "build_tools", "pdf", "--site", str(self.repo / "site")], self.repo, TIMEOUT_PDF
        )
        checked(ran, "python -m build_tools pdf")
        self.pdf_logs.append(pdf_log(ran.stderr))
        return ran.sample

    # One run ----------------------------------------------------------------------------------

    def plan(self) -> list[tuple[str, str, Callable[[], Sample]]]:
        """(key, label, measure) of every step of a run, in order: our build of each script
        right before the baseline build of the same script, so that a drift in the machine's
        load hits both; the PDF step in the same run as the builds it is compared with."""
        plan: list[tuple[str, str, Callable[[], Sample]]] = [
            ("pipeline_in_process", "text pipeline, in-process (both scripts)", self.pipeline_in_process),
            ("pipeline_cli", "text pipeline, `python -m build_tools build`", self.pipeline_cli),
        ]
        for script in SCRIPTS:
            plan.append((f"mkdocs_{script}", f"mkdocs build --strict, {script}", partial(self.ours, script)))
            plan.append(
                (f"baseline_{script}", f"baseline mkdocs build, {script}", partial(self.base, script))
            )
        plan.append(("site", "`build_tools site --no-pdf` (both + root page)", self.site))
        plan.append(("pdf", "PDF step, `build_tools pdf` (both scripts)", self.pdf_step))
        return plan

    def one_run(self, record: bool) -> None:
        """Every step once, then the pipeline on every synthetic size."""
        for key, label, measure in self.plan():
            step = self.steps.setdefault(key, Step(label))
            if key == "pdf" and not self.pdf:
                step.status, step.note = "skipped", "skipped (--no-pdf)"
            if step.status != "ok":
                continue
            try:
                sample = measure()
            except StepFailed as err:
                if key != "pdf":
                    raise
                # A failed PDF step (fonts missing, say) leaves the site figures standing.
                step.status, step.note = "unavailable", str(err)
                continue
            if record:
                step.samples.append(sample)
        for size in GROWTH_QUICK if self.quick else GROWTH:
            self.growth_once(size, record)

    # Growth -----------------------------------------------------------------------------------

    def synthetic_path(self, size: Size) -> Path:
        path = self.out / "synthetic" / f"report-{size.chapter_reps}x{size.section_reps}.raw.txt"
        if not path.is_file():
            path.parent.mkdir(parents=True, exist_ok=True)
            try:
                report = outline(self.project.source.read_text(encoding="utf-8"))
            except ValueError as err:
                raise StepFailed(f"{self.project.source}: {err}") from None
            path.write_text(
                synthetic(report, size.chapter_reps, size.section_reps), encoding="utf-8", newline=""
            )
        return path

    def growth_once(self, size: Size, record: bool) -> None:
        """The pipeline on one synthetic size: generate + write, with the real report's
        settings (glossary, corrections), built once and not timed."""
        if self._settings is None:
            self._settings = self.project.settings()
        settings, path = self._settings, self.synthetic_path(size)
        found: dict[str, Any] = {}

        def build() -> None:
            found["doc"], found["files"] = generate(path, settings)
            write_tree(found["files"], self.out / "growth" / "docs")

        sample = in_process(build)
        if record:
            self.growth.setdefault(size.label, Step(size.label)).samples.append(sample)
        doc = found["doc"]
        self.growth_info[size.label] = {
            "chapter_reps": size.chapter_reps,
            "section_reps": size.section_reps,
            "bytes": path.stat().st_size,
            "chapters": len(doc.hans.chapters),
            "sections": len(doc.hans.sections()),
            "files": len(found["files"]),
        }

    # Cold start -------------------------------------------------------------------------------

    def cold_build(self) -> dict[str, Any]:
        """``build_tools site --no-pdf`` with no cache of jieba's dictionary (the search step
        writes it into .cache/jieba): what the first build of a fresh checkout costs."""
        shutil.rmtree(self.repo / ".cache" / "jieba", ignore_errors=True)
        sample = self.site()
        log = self.jieba.pop()
        return {"wall_s": rounded(sample.wall), "cpu_s": rounded(sample.cpu), **log}

    # Where the time goes ----------------------------------------------------------------------

    def profiles(self) -> dict[str, Any]:
        return {
            "mkdocs build zh-Hans": profile(
                [
                    "-m",
                    "mkdocs",
                    "build",
                    "--strict",
                    "--quiet",
                    "-f",
                    CONFIGS["zh-Hans"],
                    "-d",
                    str(self.out / "profile-site"),
                ],
                self.repo,
                self.out / "mkdocs",
            ),
            "build_tools build": profile(["-m", "build_tools", "build"], self.repo, self.out / "pipeline"),
            # The mkdocs builds run as child processes: what is profiled is the search step.
            "build_tools site --no-pdf": profile(
                ["-m", "build_tools", "site", "--no-pdf", "--out", str(self.out / "profile-full")],
                self.repo,
                self.out / "site",
            ),
        }

    def jieba_cache_file(self) -> Path | None:
        """The cache of jieba's dictionary, as the search step logged it."""
        name = next(
            (j["cache_file"] for j in self.jieba if j["build"].startswith("ours") and j["cache_file"]), None
        )
        return Path(name) if name and Path(name).is_file() else None


def profile(cmd_after_python: Sequence[str], cwd: Path, out: Path, top: int = 8) -> dict[str, Any]:
    """cProfile a whole command (imports included) and sum its own time by package.

    A built-in (``marshal.load``, ``re`` …) counts for the package that called it.
    """
    import pstats

    prof = out.with_suffix(".prof")
    ran = run([PYTHON, "-m", "cProfile", "-o", str(prof), *cmd_after_python], cwd, TIMEOUT_BUILD)
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
    rows.sort(reverse=True)
    return {
        "command": " ".join(cmd_after_python),
        "profiled_s": rounded(sum(by_package.values())),
        "by_package_s": {k: rounded(v) for k, v in sorted(by_package.items(), key=lambda kv: -kv[1])[:top]},
        "top_functions": [
            {"function": name, "own_s": rounded(t), "cumulative_s": rounded(c)} for t, c, name in rows[:top]
        ],
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
    short = filename.split("site-packages/", 1)[-1] if "site-packages/" in filename else Path(filename).name
    return f"{short}:{line}({name})"


def jieba_cache_read(cache_file: Path, repeat: int = 3) -> dict[str, Any]:
    """How long reading jieba's prefix-dictionary cache takes the way jieba does it
    (``marshal.load`` on the open file) and from one read of the whole file, as the search
    step does (the same objects)."""

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
    return {
        "cache_file": str(cache_file),
        "bytes": cache_file.stat().st_size,
        "marshal_load_file_s": rounded(timed(from_file)),
        "marshal_loads_bytes_s": rounded(timed(from_bytes)),
        "same_objects": same,
    }
