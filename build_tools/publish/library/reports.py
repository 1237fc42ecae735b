"""The reports of a library, and what each one's build depends on.

A report folder is what ``gov-report new`` makes, or its ``sources/`` alone: the raw report
``sources/NAME.raw.txt`` (or the one a ``mkdocs.yml`` beside ``sources/`` names), its config
``sources/NAME.yml`` and the curated files the config names. Every regular file under
``sources/`` is an input of the report's build; with the tool's own files (:func:`tool_hash`)
and what the library adds to every report (:class:`~.job.Context`) they make the report's
input hash: a report is built again only when that hash changed.
"""

from __future__ import annotations

import ast
import hashlib
import json
import logging
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import metadata
from pathlib import Path

from ...curated.library import LibraryConfig
from ...errors import BuildError, DataError
from ...paths import CONFIGS, PACKAGE, SOURCES
from ..project import find

log = logging.getLogger("build_tools")

#: the distribution whose dependencies' versions are part of every report's input hash
DISTRIBUTION = "gov-report-site"
#: what one report's sources may weigh (the raw report alone is capped at 16 MB)
MAX_SOURCES = 64 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class ReportFolder:
    """One report of the library: its folder, and its raw report (None with ``problem``: the
    folder holds no report the library can build, and why)."""

    #: the folder relative to the library's folder (POSIX): the report's name in messages
    key: str
    folder: Path
    source: Path | None
    problem: BuildError | None = None

    def inputs(self) -> tuple[tuple[str, bytes], ...]:
        """Every file under ``sources/``, as ``(path relative to sources/, bytes)``, sorted."""
        base = self.folder / SOURCES
        found: list[tuple[str, bytes]] = []
        total = 0
        for path in sorted(base.rglob("*")):
            rel = path.relative_to(base)
            if any(part.startswith(".") for part in rel.parts) or not path.is_file():
                continue
            data = path.read_bytes()
            total += len(data)
            if total > MAX_SOURCES:
                raise DataError(
                    f"the report's sources weigh more than {MAX_SOURCES // 2**20} MB",
                    path=base,
                    hint="keep only the raw report, its config and its curated files in sources/",
                )
            found.append((rel.as_posix(), data))
        return tuple(found)


def _raw_report(folder: Path) -> Path:
    """The raw report of a report folder: the one its mkdocs.yml names, else the only
    ``sources/*.raw.txt``."""
    if (folder / CONFIGS["zh-Hans"]).is_file():
        return find(folder).source
    found = sorted((folder / SOURCES).glob("*.raw.txt"))
    if len(found) != 1:
        what = "no raw report" if not found else f"{len(found)} raw reports"
        raise DataError(
            f"the folder's {SOURCES}/ holds {what} (NAME.raw.txt)",
            path=folder / SOURCES,
            hint="a report folder holds one report: sources/NAME.raw.txt and its config sources/NAME.yml",
        )
    return found[0]


def _folder(root: Path, folder: Path) -> ReportFolder:
    key = Path(os.path.relpath(folder, root)).as_posix()
    try:
        return ReportFolder(key, folder, _raw_report(folder))
    except BuildError as err:
        return ReportFolder(key, folder, None, err)


def find_reports(config: LibraryConfig) -> list[ReportFolder]:
    """Every report the config's ``reports:`` names, in the order of their keys. A folder of
    folders gives each sub-folder that has ``sources/``; a named folder that does not exist is
    an error of the config, at its line."""
    found: dict[Path, ReportFolder] = {}
    for named, line in zip(config.reports, config.report_lines or [1] * len(config.reports), strict=True):
        folder = Path(os.path.normpath(config.root / named))
        if not folder.is_dir():
            raise DataError(
                f"'reports' names {named.as_posix()}, which is not a folder",
                path=config.path,
                line=line,
                hint="name folders relative to library.yml that hold report folders",
            )
        subs = [folder] if (folder / SOURCES).is_dir() else _report_folders(folder)
        for sub in subs:
            found.setdefault(sub.resolve(), _folder(config.root, sub))
    reports = sorted(found.values(), key=lambda r: r.key)
    if not reports:
        raise DataError(
            "the library holds no report",
            path=config.path,
            hint="put report folders (each with sources/NAME.raw.txt) in the folders 'reports' names",
        )
    return reports


def _report_folders(folder: Path) -> list[Path]:
    subs = [p for p in sorted(folder.iterdir()) if p.is_dir() and not p.name.startswith(".")]
    for p in subs:
        if not (p / SOURCES).is_dir():
            log.warning("warning: %s: not a report folder (it has no %s/); left out", p, SOURCES)
    return [p for p in subs if (p / SOURCES).is_dir()]


#: what builds one report: ``job.run``, and the MkDocs plugin that ``mkdocs build`` loads in a
#: process of its own. The tool's part of a report's hash is the code they reach, so a change
#: to the library's own pages rebuilds no report.
ROOTS = ("build_tools.publish.library.job", "build_tools.publish.plugin")
#: the library's own assets: the reports only link them
LIBRARY_STATIC = Path("publish", "library", "static")


def _module_file(name: str) -> Path | None:
    path = PACKAGE.parent.joinpath(*name.split("."))
    for candidate in (path.with_suffix(".py"), path / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def _imports(path: Path) -> set[str]:
    """The build_tools modules ``path`` imports, anywhere in it (relative imports resolved)."""
    # The package a relative import starts from: a module's folder (an __init__'s too).
    package = path.relative_to(PACKAGE.parent).parent.parts
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            base = ".".join([*package[: len(package) - node.level + 1]] if node.level else [])
            target = ".".join(p for p in (base, node.module or "") if p)
            if target.startswith("build_tools"):
                found.add(target)
                found |= {f"{target}.{a.name}" for a in node.names if _module_file(f"{target}.{a.name}")}
        elif isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("build_tools")}
    return found


def job_code() -> list[Path]:
    """Every module a report's build may run: :data:`ROOTS` and what they import, transitively
    (with each package's ``__init__``)."""
    seen: dict[str, Path] = {}
    todo = list(ROOTS)
    while todo:
        name = todo.pop()
        parts = name.split(".")
        for i in range(1, len(parts) + 1):
            module = ".".join(parts[:i])
            path = _module_file(module)
            if path is not None and module not in seen:
                seen[module] = path
                todo += sorted(_imports(path))
    return sorted(set(seen.values()))


@lru_cache(maxsize=1)
def tool_hash() -> str:
    """What the tool is to a report's build: the code that builds it (:func:`job_code`), every
    other file of the package that is not Python (theme, templates, curated defaults, the
    search's and the PDF's assets; not the library's own assets) and the versions of the
    packages it runs on."""
    files = job_code() + [
        p
        for p in PACKAGE.rglob("*")
        if p.is_file()
        and p.suffix not in (".py", ".pyc")
        and "__pycache__" not in p.parts
        and not p.relative_to(PACKAGE).is_relative_to(LIBRARY_STATIC)
    ]
    h = hashlib.sha256()
    for path in sorted(files):
        h.update(f"{path.relative_to(PACKAGE).as_posix()}\0".encode())
        h.update(hashlib.sha256(path.read_bytes()).digest())
    h.update(json.dumps(_versions(), sort_keys=True).encode())
    return h.hexdigest()


def _versions() -> dict[str, str]:
    try:
        requires = metadata.requires(DISTRIBUTION) or []
    except metadata.PackageNotFoundError:
        return {}
    # The run-time dependencies: those of an extra (the tests' tools, Dask) shape no output.
    names = {
        r.split(";")[0].split("==")[0].split(">")[0].split("<")[0].strip()
        for r in requires
        if "extra" not in r.partition(";")[2]
    }
    out: dict[str, str] = {}
    for name in sorted(names):
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            continue
    return out


def input_hash(inputs: Iterable[tuple[str, bytes]], context: Sequence[object]) -> str:
    """The hash of one report's build: its sources, the library's context and the tool."""
    h = hashlib.sha256(f"{tool_hash()}\0{json.dumps(list(context), ensure_ascii=False)}\0".encode())
    for rel, data in inputs:
        h.update(f"{rel}\0{len(data)}\0".encode())
        h.update(data)
    return h.hexdigest()
