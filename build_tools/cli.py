"""Command line: the only place that prints and picks exit codes.

    python -m build_tools summary SOURCE [--json]
    python -m build_tools build [--check]
    python -m build_tools generate SOURCE --out DIR [--json]
    python -m build_tools site [--no-pdf]
    python -m build_tools pdf
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path
from types import FrameType

from . import build, pipeline
from .errors import BuildError
from .write import exclusive, stale, write_tree

DOCS = pipeline.ROOT / "docs"
SITE = pipeline.ROOT / "site"


def _settings(args: argparse.Namespace) -> pipeline.Settings:
    """The settings for ``args.source``: its config (``<stem>.yml``) and ``--variant``."""
    return pipeline.settings_for(args.source, variant=args.variant)


def cmd_summary(args: argparse.Namespace) -> int:
    doc = pipeline.run(args.source, _settings(args))
    info = build.summary(doc)
    if args.json:
        print(json.dumps(info, ensure_ascii=False, indent=2))
        return 0
    print(f"{info['source']}: {info['title']}")
    print(f"  {info['chapters']} chapters, {info['sections']} sections")
    print(f"  {info['repairs']} repairs: " + ", ".join(
        f"{rule} {n}" for rule, n in info["repairs_by_rule"].items()))
    print("  changes: " + ", ".join(f"{k} {n}" for k, n in info["changes_by_kind"].items()))
    for warning in info["warnings"]:
        print(f"  warning: {warning}")
    return 0


def cmd_build(args: argparse.Namespace) -> int:
    settings = _settings(args)
    _doc, files = build.docs_tree(args.source, settings)
    out = Path(args.out)
    if args.check:
        problems = stale(files, out)
        if problems:
            print(f"{out} is stale against {args.source}:", file=sys.stderr)
            for p in problems[:20]:
                print(f"  {p}", file=sys.stderr)
            print("  what to do: run `make docs` and commit docs/", file=sys.stderr)
            return 1
        print(f"{out} is up to date ({len(files)} files)")
        return 0
    with exclusive([out], "build"):
        write_tree(files, out)
    print(f"wrote {len(files)} files to {out}")
    return 0


def cmd_generate(args: argparse.Namespace) -> int:
    settings = _settings(args)
    doc, files = build.generate(args.source, settings)
    with exclusive([Path(args.out)], "generate"):
        write_tree(files, Path(args.out))
    info = build.summary(doc)
    if args.json:
        print(json.dumps(info, ensure_ascii=False))
    else:
        print(f"wrote {len(files)} files to {args.out}: {info['chapters']} chapters, "
              f"{info['sections']} sections, {info['repairs']} repairs")
    return 0


def cmd_site(args: argparse.Namespace) -> int:
    from .site import build_site

    # docs/ is locked too: a `build` meanwhile would give a site of two different texts.
    with exclusive([Path(args.out), DOCS], "site"):
        build_site(pipeline.ROOT, Path(args.out), pdf=not args.no_pdf)
    print(f"built {args.out}")
    return 0


def cmd_pdf(args: argparse.Namespace) -> int:
    from . import pdf

    site = Path(args.site)
    with exclusive([site, DOCS], "pdf"):
        if not (site / "zh-Hans" / "index.html").is_file():
            raise BuildError("the site is not built", path=site, hint="run `make site` first")
        for path in pdf.add_pdfs(pipeline.ROOT, site):
            print(f"wrote {path}")
    return 0


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m build_tools",
        description="Publish a scraped Chinese government report as a site in both scripts.",
    )
    sub = p.add_subparsers(dest="command", required=True)

    def common(sp: argparse.ArgumentParser) -> None:
        sp.add_argument("--variant", choices=["s2tw", "s2hk", "s2t"], default=None,
                        help="OpenCC conversion for the Traditional text (default: the "
                        "report's config, else s2tw)")

    sp = sub.add_parser("summary", help="run the text pipeline on a raw file and summarise it")
    sp.add_argument("source", help="the raw report (UTF-8, GB18030 or Big5 text)")
    sp.add_argument("--json", action="store_true", help="print the summary as JSON")
    common(sp)
    sp.set_defaults(func=cmd_summary)

    sp = sub.add_parser("build", help="generate docs/ from sources/ (or check it is up to date)")
    sp.add_argument("--source", default=str(pipeline.SOURCE), help="the raw report")
    sp.add_argument("--out", default=str(DOCS), help="output folder (default: docs/)")
    sp.add_argument("--check", action="store_true",
                    help="write nothing; exit 1 if the output folder is stale")
    common(sp)
    sp.set_defaults(func=cmd_build)

    sp = sub.add_parser("generate", help="turn any raw report into DIR/zh-Hans and DIR/zh-Hant")
    sp.add_argument("source", help="the raw report")
    sp.add_argument("--out", required=True, help="output folder")
    sp.add_argument("--json", action="store_true", help="print a JSON summary to stdout")
    common(sp)
    sp.set_defaults(func=cmd_generate)

    sp = sub.add_parser("site", help="build both scripts' sites and the PDFs into site/")
    sp.add_argument("--out", default=str(SITE), help="output folder")
    sp.add_argument("--no-pdf", action="store_true", help="skip the PDFs")
    sp.set_defaults(func=cmd_site)

    sp = sub.add_parser("pdf", help="(re)build the PDFs into an already built site/")
    sp.add_argument("--site", default=str(SITE), help="the built site")
    sp.set_defaults(func=cmd_pdf)
    return p


def _terminate(signum: int, frame: FrameType | None) -> None:
    """SIGTERM unwinds like Ctrl-C, so that temporary folders are removed on the way out."""
    raise KeyboardInterrupt


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    previous = signal.signal(signal.SIGTERM, _terminate)
    try:
        return int(args.func(args))
    except BuildError as err:
        if err.path is None and err.line is not None and getattr(args, "source", None):
            err.path = args.source  # a line number without a file is a line of the source
        print(f"error: {err}", file=sys.stderr)
        return 2
    except OSError as err:
        # The disk said no outside the writer (which reports its own errors): name the path.
        where = err.filename or "(unknown path)"
        print(f"error: {where}: {err.strerror or err}\n  what to do: check that this path "
              "exists and can be read and written (permissions, free space), then run the "
              "command again", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted; the earlier output was kept", file=sys.stderr)
        return 130
    except Exception as err:  # a bug: one line to stderr, the details only when asked for
        print(f"error: internal error in build_tools: {type(err).__name__}: "
              f"{str(err)[:300]}\n  what to do: this is a bug; run the command again with "
              "BUILD_TOOLS_TRACEBACK=1 and report what it prints", file=sys.stderr)
        if os.environ.get("BUILD_TOOLS_TRACEBACK") == "1":
            traceback.print_exc()
        return 3
    finally:
        signal.signal(signal.SIGTERM, previous)
