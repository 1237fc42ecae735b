"""``gov-report library``: every report of a library built on its own, then the library around
them, swapped in whole for the output folder.

1. **Plan.** Each report's input hash (``reports.py``) is compared with the record of its last
   build in the cache (``cache.py``): the same hash, and the report is not built again.
2. **Build.** The others are handed to an executor as :class:`~.job.Job`\\ s: any
   ``concurrent.futures.Executor`` (a local process pool for ``-j N``, Dask's
   ``Client.get_executor()`` for a cluster), or run one after the other in this process. Each
   outcome is kept in the cache as it arrives.
3. **Publish.** The output is assembled in a temporary folder (``write.replace_dir``): each
   built report's folder, hard-linked from the cache to ``<issuer>/<year>/``; the library's
   pages, assets and ``library.json``; the root page. A refused report is listed on the home
   page with its reason; with ``strict`` any refusal fails the build and nothing is written.
"""

from __future__ import annotations

import concurrent.futures
import logging
import time
from collections.abc import Iterator, Mapping, Sequence
from concurrent.futures import Executor, Future
from dataclasses import dataclass, field
from pathlib import Path

from ...curated.indicators import Indicator, read_indicators
from ...curated.library import LibraryConfig
from ...errors import BuildError
from ...pages.library.address import addresses
from ...pages.library.record import Record
from ...paths import LIBRARY_CACHE
from ..write import copy_tree, replace_dir
from .cache import Cache
from .front import cached_front
from .inject import Context
from .job import Job, Outcome, run
from .progress import Progress
from .reports import ReportFolder, find_reports, input_hash

log = logging.getLogger("build_tools")


@dataclass
class Summary:
    """What a build did, for the command line and the benchmark."""

    out: Path
    built: list[str] = field(default_factory=list)
    reused: list[str] = field(default_factory=list)
    refused: list[Record] = field(default_factory=list)
    #: the reports' records and addresses, as published
    records: dict[str, Record] = field(default_factory=dict)
    addresses: dict[str, str] = field(default_factory=dict)
    #: CPU seconds of the jobs (child processes included), summed
    job_cpu: float = 0.0
    seconds: float = 0.0


def _refusal(report: ReportFolder, err: BuildError) -> Record:
    return Record(report.key, "", "refused", reason=err.message, where=err.where, hint=err.hint or "")


def plan(
    reports: Sequence[ReportFolder], context: Context, cache: Cache, cache_dir: Path
) -> tuple[dict[str, Record], list[Job]]:
    """The records that stand (unchanged, or refused before any build) and the jobs to run."""
    kept: dict[str, Record] = {}
    jobs: list[Job] = []
    for report in reports:
        if report.source is None:
            kept[report.key] = _refusal(report, report.problem or BuildError("no report"))
            continue
        try:
            inputs = report.inputs()
        except BuildError as err:
            kept[report.key] = _refusal(report, err)
            continue
        digest = input_hash(inputs, context.key())
        cached = cache.record(report.key)
        if cached is not None and cached.hash == digest:
            kept[report.key] = cached
            continue
        source = report.source.relative_to(report.folder / "sources").as_posix()
        jobs.append(Job(report.key, str(report.folder), source, inputs, digest, context, str(cache_dir)))
    return kept, jobs


def _outcomes(jobs: Sequence[Job], executor: Executor | None) -> Iterator[Outcome]:
    """Each job's outcome as it completes (in this process, in order, without an executor)."""
    if executor is None:
        for job in jobs:
            yield run(job)
        return
    futures: list[Future[Outcome]] = [executor.submit(run, job) for job in jobs]
    try:
        for future in concurrent.futures.as_completed(futures):
            yield future.result()
    finally:
        for future in futures:
            future.cancel()


def run_jobs(
    jobs: Sequence[Job], executor: Executor | None, cache: Cache, progress: Progress, summary: Summary
) -> dict[str, Record]:
    """Run the jobs, keep each outcome in the cache as it arrives; return the new records."""
    records: dict[str, Record] = {}
    progress.start(len(jobs))
    with progress:
        for outcome in _outcomes(jobs, executor):
            record = cache.store(outcome)
            records[record.key] = record
            summary.job_cpu += outcome.cpu
            summary.built.append(record.key)
            progress.advance(f"{record.key}: {record.status} ({outcome.cpu:.1f} s CPU)")
    return records


def publish(
    config: LibraryConfig,
    out: Path,
    records: Mapping[str, Record],
    indicators: Sequence[Indicator],
    cache: Cache,
) -> dict[str, str]:
    """Assemble the output (see the module's docstring); return the reports' addresses."""
    where = addresses(list(records.values()), config.issuers)
    front = cached_front(config, records, where, indicators, cache)

    def fill(tmp: Path) -> None:
        for key, address in sorted(where.items()):
            copy_tree(cache.site(key), tmp / address)
        copy_tree(front, tmp)

    replace_dir(out, fill)
    return where


def build_reports(
    config: LibraryConfig,
    out: Path,
    *,
    executor: Executor | None = None,
    pdf: bool = True,
    progress: Progress | None = None,
) -> Summary:
    """Steps 1 and 2: plan, and build what changed (the executor may be shut down after)."""
    started = time.perf_counter()
    reports = find_reports(config)
    if config.indicators:  # read now: a mistake in it stops the build before any report
        read_indicators(config.root / config.indicators)
    context = Context((config.title["zh-Hans"], config.title["zh-Hant"]), pdf)
    cache_dir = config.root / LIBRARY_CACHE
    cache = Cache(cache_dir / "reports")
    summary = Summary(out)
    kept, jobs = plan(reports, context, cache, cache_dir.parent)
    summary.reused = sorted(k for k, r in kept.items() if r.hash)
    log.info("library: %d reports, %d to build, %d unchanged", len(reports), len(jobs), len(summary.reused))
    records = {**kept, **run_jobs(jobs, executor, cache, progress or Progress(), summary)}
    summary.records = dict(sorted(records.items()))
    summary.refused = [r for r in summary.records.values() if r.status == "refused"]
    summary.seconds = time.perf_counter() - started
    return summary


def publish_library(config: LibraryConfig, summary: Summary, *, strict: bool = False) -> Summary:
    """Step 3: the output, from the records of ``build_reports``."""
    started = time.perf_counter()
    if strict and summary.refused:
        listed = "".join(
            f"\n    {r.key}: {r.where + ': ' if r.where else ''}{r.reason}" for r in summary.refused
        )
        raise BuildError(
            f"{len(summary.refused)} of {len(summary.records)} reports were refused; "
            f"with --strict nothing was written:{listed}",
            path=config.path,
            hint="fix what each refusal says (listed above), or build without --strict to publish the rest",
        )
    indicators = read_indicators(config.root / config.indicators) if config.indicators else ()
    cache = Cache(config.root / LIBRARY_CACHE / "reports")
    summary.addresses = publish(config, summary.out, summary.records, indicators, cache)
    summary.seconds += time.perf_counter() - started
    return summary


def build_library(
    config: LibraryConfig,
    out: Path,
    *,
    executor: Executor | None = None,
    pdf: bool = True,
    strict: bool = False,
    progress: Progress | None = None,
) -> Summary:
    """Build the library of ``config`` into ``out`` (see the module's docstring)."""
    summary = build_reports(config, out, executor=executor, pdf=pdf, progress=progress)
    return publish_library(config, summary, strict=strict)
