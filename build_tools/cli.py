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
import sys
from collections.abc import Sequence
from pathlib import Path

from . import build, pipeline
from .errors import BuildError
from .write import stale, write_file, write_tree

DOCS = pipeline.ROOT / "docs"


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
    doc, files = build.generate(args.source, settings)
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
    write_tree(files, out)
    words = build.SEARCH_WORDS.read_text(encoding="utf-8")
    write_file(build.JIEBA_USER, build.search_dictionary(doc, settings, words))
    print(f"wrote {len(files)} files to {out}")
    return 0


def cmd_generate(args: argparse.Namespace) -> int:
    settings = _settings(args)
    doc, files = build.generate(args.source, settings)
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

    build_site(pipeline.ROOT, Path(args.out), pdf=not args.no_pdf)
    print(f"built {args.out}")
    return 0


def cmd_pdf(args: argparse.Namespace) -> int:
    from . import pdf

    site = Path(args.site)
    if not (site / "zh-Hans" / "index.html").is_file():
        raise BuildError("the site is not built", path=site, hint="run `make site` first")
    for path in pdf.build_pdfs(pipeline.ROOT, site):
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
    sp.add_argument("--out", default=str(pipeline.ROOT / "site"), help="output folder")
    sp.add_argument("--no-pdf", action="store_true", help="skip the PDFs")
    sp.set_defaults(func=cmd_site)

    sp = sub.add_parser("pdf", help="(re)build the PDFs into an already built site/")
    sp.add_argument("--site", default=str(pipeline.ROOT / "site"), help="the built site")
    sp.set_defaults(func=cmd_pdf)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return int(args.func(args))
    except BuildError as err:
        if err.path is None and err.line is not None and getattr(args, "source", None):
            err.path = args.source  # a line number without a file is a line of the source
        print(f"error: {err}", file=sys.stderr)
        return 2
    except OSError as err:
        # The disk said no (full, read-only, no permission); write.replace_dir has kept the
        # earlier output. Say which path failed rather than show a traceback.
        where = err.filename or getattr(args, "out", "")
        print(f"error: {where}: {err.strerror or err}\n  what to do: check that this path can "
              "be read and written (permissions, free space) and build again; the earlier "
              "output was left as it was", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
