"""Run the pipeline on a folder of raw reports and print what it made of each, as a table:

    python scripts/corpus.py FOLDER [FOLDER …]

For every ``*.txt``: built or refused (with the reason), chapters, parts, sections and
appendices found, the share of the report's Han characters outside the chapters (preface,
closing, appendices) and the warnings. Nothing is written. For trying the tool on reports of
the genre that are not in the tests (see GUIDE.md, "Publishing another report").
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from build_tools.curated.settings import settings_for  # noqa: E402  (after sys.path)
from build_tools.errors import BuildError  # noqa: E402
from build_tools.text import pipeline  # noqa: E402
from build_tools.text.model import Document, Report  # noqa: E402
from build_tools.text.verify import han_count  # noqa: E402


def shares(report: Report) -> tuple[float, float, float]:
    """(preface, closing, appendices) as shares of the report's Han characters."""
    total = sum(han_count(text) for text, _ in report.paragraphs()) or 1
    preface = sum(han_count(b.text) for b in report.preface)
    closing = sum(han_count(b.text) for b in [*report.closing, *report.sign_off])
    appendices = sum(han_count(b.text) for a in report.appendices for b in a.body)
    return preface / total, closing / total, appendices / total


def row(path: Path) -> str:
    try:
        s = settings_for(path)
        doc: Document = pipeline.run(path, s.scripts, s.report.given)
    except BuildError as err:
        reason = str(err).splitlines()[0].split(": ", 1)[-1]
        return f"| {path.name} | refused | | | | | | {reason[:90]} |"
    r = doc.hans
    pre, close, app = shares(r)
    warnings = "; ".join(n.message[:60] for n in doc.notices) or ""
    return (
        f"| {path.name} | built | {len(r.chapters)} | {len(r.parts)} | "
        f"{len(r.sections())} | {len(r.appendices)} | "
        f"{pre:.0%} / {close:.0%} / {app:.0%} | {warnings} |"
    )


def main(folders: list[str]) -> int:
    print(
        "| report | result | chapters | parts | sections | appendices | "
        "outside the chapters: preface / closing / appendices | warnings or reason |"
    )
    print("|---|---|---:|---:|---:|---:|---|---|")
    for folder in folders:
        for path in sorted(Path(folder).glob("*.txt")):
            print(row(path))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
