"""Command line: the only place that prints and picks exit codes.

    gov-report new REPORT [FOLDER]          start a project for a report
    gov-report build [-C DIR] [--check]     generate the project's docs/ (or check it)
    gov-report site [-C DIR] [--no-pdf]     build site/: both scripts, root page, PDFs
    gov-report pdf [-C DIR]                 rebuild the PDFs of a built site
    gov-report summary REPORT [--json]      what the pipeline finds in any report
    gov-report generate REPORT --out DIR    docs for any report, without a project
    gov-report clean [-C DIR] [FOLDER…]     remove site/ (or FOLDER): only what the tool wrote
    gov-report library [-C DIR] [-j N]      build a library of reports (library.yml)
    gov-report library new TXT_DIR DIR     start a library from a folder of raw reports

``python -m build_tools`` is the same command. Exit codes: 0 done, 1 ``--check`` found stale
output, 2 bad input or a failed build (the message says where and what to do), 3 a bug,
130 interrupted. Progress goes to stderr (``-q`` silences it).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import logging
import os
import signal
import sys
import traceback
from collections.abc import Iterator, Sequence
from concurrent.futures import Executor, ProcessPoolExecutor
from importlib import metadata
from pathlib import Path
from types import FrameType

from .curated.settings import settings_for
from .errors import BuildError
from .pages.build import generate
from .publish import project as projects
from .publish.write import OutputError, clean, exclusive, stale, write_tree
from .text import pipeline
from .text.summary import summary

DISTRIBUTION = "gov-report-site"
log = logging.getLogger("build_tools")


def version() -> str:
    try:
        return metadata.version(DISTRIBUTION)
    except metadata.PackageNotFoundError:
        return "unknown (not installed)"


def cmd_summary(args: argparse.Namespace) -> int:
    settings = settings_for(args.source, args.variant)
    info = summary(pipeline.run(args.source, settings.scripts, settings.report.given))
    if args.json:
        print(json.dumps(info, ensure_ascii=False, indent=2))
        return 0
    print(f"{info['source']}: {info['title']}")
    print(f"  {info['chapters']} chapters, {info['sections']} sections")
    print(
        f"  {info['repairs']} repairs: "
        + ", ".join(f"{rule} {n}" for rule, n in info["repairs_by_rule"].items())
    )
    print("  changes: " + ", ".join(f"{k} {n}" for k, n in info["changes_by_kind"].items()))
    for warning in info["warnings"]:
        print(f"  warning: {warning}")
    return 0


def cmd_generate(args: argparse.Namespace) -> int:
    doc, files = generate(args.source, settings_for(args.source, args.variant))
    out = Path(args.out)
    with exclusive([out], "generate"):
        write_tree(files, out)
    info = summary(doc)
    _warn(info["warnings"])
    if args.json:
        print(json.dumps(info, ensure_ascii=False))
    else:
        print(
            f"wrote {len(files)} files to {out}: {info['chapters']} chapters, "
            f"{info['sections']} sections, {info['repairs']} repairs"
        )
    return 0


def _warn(warnings: list[str]) -> None:
    """What the pipeline noticed but did not change: to stderr, so that a person checks it."""
    for warning in warnings:
        print(f"warning: {warning}", file=sys.stderr)


def cmd_new(args: argparse.Namespace) -> int:
    from .publish.scaffold import new

    report = Path(args.report)
    folder = Path(args.folder) if args.folder else Path(report.stem.removesuffix(".raw"))
    config = new(report, folder)
    print(f"started a project in {folder}: {config.name} names the site after the report")
    print(f"  next: cd {folder} && gov-report site   (then open site/index.html)")
    return 0


def cmd_build(args: argparse.Namespace) -> int:
    project = projects.find(args.directory)
    doc, files = project.generate()
    out = Path(args.out) if args.out else project.docs
    if args.check:
        problems = stale(files, out)
        if problems:
            print(f"{out} is stale against {project.source}:", file=sys.stderr)
            for p in problems[:20]:
                print(f"  {p}", file=sys.stderr)
            print("  what to do: run `gov-report build` (make docs) and commit docs/", file=sys.stderr)
            return 1
        print(f"{out} is up to date ({len(files)} files)")
        return 0
    with exclusive([out], "build"):
        write_tree(files, out)
    _warn(summary(doc)["warnings"])
    print(f"wrote {len(files)} files to {out}")
    return 0


def _apart_from_docs(out: Path, docs: Path) -> None:
    """Refuse docs/ or a folder inside it as the site's output: the site is built from
    docs/, which carries the marker and so could be replaced, losing the pages the site is
    being built from. (A folder that holds docs/ is refused by the ownership check.)"""
    out, docs = Path(os.path.abspath(out)), Path(os.path.abspath(docs))
    if out == docs or docs in out.parents:
        raise OutputError(
            f"the site cannot be written here: the site is built from {docs}",
            path=out,
            hint="give a folder outside docs/ as the output, such as site/ (the default)",
        )


def cmd_site(args: argparse.Namespace) -> int:
    from .publish.site import build_site

    project = projects.find(args.directory)
    out = Path(args.out) if args.out else project.site
    _apart_from_docs(out, project.docs)
    # docs/ is locked too: a `build` meanwhile would give a site of two different texts.
    with exclusive([out, project.docs], "site"):
        build_site(project, out, pdf=not args.no_pdf)
    print(f"built {out}")
    return 0


def cmd_pdf(args: argparse.Namespace) -> int:
    from .publish.pdf import add_pdfs

    project = projects.find(args.directory)
    site = Path(args.site) if args.site else project.site
    _apart_from_docs(site, project.docs)
    with exclusive([site, project.docs], "pdf"):
        if not (site / "zh-Hans" / "index.html").is_file():
            raise BuildError(
                "the site is not built", path=site, hint="run `gov-report site` (make site) first"
            )
        for path in add_pdfs(project, site):
            print(f"wrote {path}")
    return 0


def cmd_clean(args: argparse.Namespace) -> int:
    """Remove outputs by their markers: what build_tools wrote goes, anything else stays and
    is named (a CNAME added by hand to site/ survives ``make clean``)."""
    outs = [Path(f) for f in args.folders] or [projects.find(args.directory).site]
    failed = False
    with exclusive(outs, "clean"):
        for out in outs:
            done = clean(out)
            if done.removed:
                print(f"removed {done.removed} files that build_tools wrote from {out}")
            for rel in done.kept:
                print(f"kept {out / rel} (not written by build_tools)")
            for rel, reason in done.failed.items():
                print(f"error: {out / rel}: cannot be removed: {reason}", file=sys.stderr)
            failed = failed or bool(done.failed)
    if failed:
        print(
            "  what to do: check the permissions of those files (chattr -i if immutable), then run again",
            file=sys.stderr,
        )
    return 2 if failed else 0


@contextlib.contextmanager
def _executor(args: argparse.Namespace) -> Iterator[Executor | None]:
    """Where the library's reports are built: a Dask cluster (``--dask ADDRESS``), a local
    process pool (``-j N``, N > 1), or this process (``-j 1``)."""
    if args.dask:
        try:
            from distributed import Client
        except ImportError:
            raise BuildError(
                "--dask needs Dask's distributed package",
                hint="install the extra: pip install 'gov-report-site[dask]'",
            ) from None
        # distributed's Client is not typed.
        with Client(args.dask) as client:  # type: ignore[no-untyped-call]
            yield client.get_executor()
        return
    if args.jobs > 1:
        with ProcessPoolExecutor(args.jobs) as pool:
            yield pool
        return
    yield None


def cmd_library(args: argparse.Namespace) -> int:
    from .curated.library import read_library
    from .paths import LIBRARY_CACHE, LIBRARY_SITE
    from .publish.library.build import build_reports, publish_library
    from .publish.library.progress import Progress, wanted

    if args.action == "new":
        return cmd_library_new(args)
    config = read_library(args.directory)
    out = Path(args.out) if args.out else config.root / LIBRARY_SITE
    with exclusive([out, config.root / LIBRARY_CACHE], "library"):
        with _executor(args) as executor:
            built = build_reports(
                config, out, executor=executor, pdf=not args.no_pdf, progress=Progress(wanted(args.quiet))
            )
        # The workers are gone (their memory with them) before the library's own files.
        summary = publish_library(config, built, strict=args.strict)
    for r in summary.refused:
        print(f"warning: {r.key} not built: {r.where + ': ' if r.where else ''}{r.reason}", file=sys.stderr)
        if r.hint:
            print(f"  what to do: {r.hint}", file=sys.stderr)
    published = len(summary.addresses)
    print(
        f"built {out}: {published} reports published ({len(summary.built)} built now, "
        f"{len(summary.reused)} unchanged), {len(summary.refused)} refused"
    )
    return 0


def cmd_library_new(args: argparse.Namespace) -> int:
    from .publish.library.new import new_library

    made = new_library(Path(args.reports), Path(args.folder))
    print(f"started a library in {args.folder}: {len(made)} reports; check each sources/*.yml")
    print(f"  next: gov-report library -C {args.folder}   (then open {args.folder}/site/index.html)")
    return 0


def _library_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    sp = sub.add_parser("library", help="build a library of reports (library.yml) into one site")
    sp.add_argument(
        "-C",
        "--directory",
        default=".",
        metavar="DIR",
        help="the library folder, which holds library.yml (default: the current folder)",
    )
    sp.add_argument("--out", default=None, help="output folder (default: the library's site/)")
    sp.add_argument(
        "-j",
        "--jobs",
        type=int,
        default=os.cpu_count() or 1,
        metavar="N",
        help="reports built at once, in worker processes (default: the number of cores; 1: none)",
    )
    sp.add_argument(
        "--dask", default=None, metavar="ADDRESS", help="build on a Dask cluster (tcp://host:8786)"
    )
    sp.add_argument("--strict", action="store_true", help="fail (exit 2) if any report is refused")
    sp.add_argument("--no-pdf", action="store_true", help="skip the reports' PDFs")
    sp.set_defaults(func=cmd_library, action=None)
    actions = sp.add_subparsers(dest="action", metavar="ACTION")
    new = actions.add_parser("new", help="start a library from a folder of raw reports (*.txt)")
    new.add_argument("reports", help="a folder of raw reports")
    new.add_argument("folder", help="a new or empty folder for the library")


def _report_options(sp: argparse.ArgumentParser) -> None:
    sp.add_argument(
        "--variant",
        choices=["s2tw", "s2hk", "s2t"],
        default=None,
        help="OpenCC conversion for the Traditional text (default: the report's config, else s2tw)",
    )


def _project_options(sp: argparse.ArgumentParser) -> None:
    sp.add_argument(
        "-C",
        "--directory",
        default=".",
        metavar="DIR",
        help="the project folder (default: the current folder)",
    )


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="gov-report",
        description="Publish a scraped Chinese government report as a site and PDF in "
        "Simplified and Traditional Chinese.",
    )
    p.add_argument("--version", action="version", version=f"%(prog)s {version()}")
    p.add_argument("-q", "--quiet", action="store_true", help="print no progress to stderr")
    p.add_argument("-v", "--verbose", action="store_true", help="also print each step of the text pipeline")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

    sp = sub.add_parser("new", help="start a project (mkdocs.yml, sources/, docs/) for a report")
    sp.add_argument("report", help="the raw report (UTF-8, GB18030, Big5 or UTF-16 text)")
    sp.add_argument("folder", nargs="?", help="a new or empty folder (default: the report's name)")
    sp.set_defaults(func=cmd_new)

    sp = sub.add_parser("build", help="generate the project's docs/ (or check it is up to date)")
    _project_options(sp)
    sp.add_argument("--out", default=None, help="output folder (default: the project's docs/)")
    sp.add_argument(
        "--check", action="store_true", help="write nothing; exit 1 if the output folder is stale"
    )
    sp.set_defaults(func=cmd_build)

    sp = sub.add_parser("site", help="build both scripts' sites and the PDFs into site/")
    _project_options(sp)
    sp.add_argument("--out", default=None, help="output folder (default: the project's site/)")
    sp.add_argument("--no-pdf", action="store_true", help="skip the PDFs")
    sp.set_defaults(func=cmd_site)

    sp = sub.add_parser("pdf", help="(re)build the PDFs into an already built site/")
    _project_options(sp)
    sp.add_argument("--site", default=None, help="the built site (default: the project's site/)")
    sp.set_defaults(func=cmd_pdf)
    _clean_parser(sub)

    sp = sub.add_parser("summary", help="run the text pipeline on a raw file and summarise it")
    sp.add_argument("source", help="the raw report (UTF-8, GB18030, Big5 or UTF-16 text)")
    sp.add_argument("--json", action="store_true", help="print the summary as JSON")
    _report_options(sp)
    sp.set_defaults(func=cmd_summary)

    sp = sub.add_parser("generate", help="turn any raw report into DIR/zh-Hans and DIR/zh-Hant")
    sp.add_argument("source", help="the raw report")
    sp.add_argument("--out", required=True, help="output folder")
    sp.add_argument("--json", action="store_true", help="print a JSON summary to stdout")
    _report_options(sp)
    sp.set_defaults(func=cmd_generate)
    _library_parser(sub)
    return p


def _clean_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    sp = sub.add_parser("clean", help="remove site/ (or FOLDER): only the files build_tools wrote")
    _project_options(sp)
    sp.add_argument(
        "folders", nargs="*", metavar="FOLDER", help="outputs to remove (default: the project's site/)"
    )
    sp.set_defaults(func=cmd_clean)


def _terminate(signum: int, frame: FrameType | None) -> None:
    """SIGTERM unwinds like Ctrl-C, so that temporary folders are removed on the way out."""
    raise KeyboardInterrupt


def _progress(quiet: bool, verbose: bool) -> None:
    """Progress lines of the long steps to stderr (site, script, PDF pages), unless ``-q``;
    ``-v`` adds the text pipeline's."""
    log.handlers.clear()
    log.propagate = False
    if quiet:
        log.setLevel(logging.WARNING)
        return
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("gov-report: %(message)s"))
    log.addHandler(handler)
    log.setLevel(logging.DEBUG if verbose else logging.INFO)


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    _progress(args.quiet, args.verbose)
    previous = signal.signal(signal.SIGTERM, _terminate)
    try:
        return int(args.func(args))
    except BuildError as err:
        if err.path is None and err.line is not None and getattr(args, "source", None):
            err.path = args.source  # a line number without a file is a line of the source
        print(f"error: {err}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # `gov-report summary … | head`: the reader has gone
        sys.stderr.close()
        return 0
    except OSError as err:
        # The disk said no outside the writer (which reports its own errors): name the path.
        where = err.filename or "(unknown path)"
        print(
            f"error: {where}: {err.strerror or err}\n  what to do: check that this path "
            "exists and can be read and written (permissions, free space), then run the "
            "command again",
            file=sys.stderr,
        )
        return 2
    except KeyboardInterrupt:
        print("interrupted; the earlier output was kept", file=sys.stderr)
        return 130
    except Exception as err:  # a bug: one line to stderr, the details only when asked for
        print(
            f"error: internal error in build_tools: {type(err).__name__}: "
            f"{str(err)[:300]}\n  what to do: this is a bug; run the command again with "
            "BUILD_TOOLS_TRACEBACK=1 and report what it prints",
            file=sys.stderr,
        )
        if os.environ.get("BUILD_TOOLS_TRACEBACK") == "1":
            traceback.print_exc()
        return 3
    finally:
        signal.signal(signal.SIGTERM, previous)
