"""What looks surprising in a parsed report, said as notices for a person to check: most of
the text outside the chapters, one chapter holding most of it, numbered lines after the
closing, a report that ends in the middle of a sentence."""

from __future__ import annotations

import re
from collections.abc import Sequence

from .markers import CHAPTER, SECTION, SENTENCE_END
from .model import Block, Notice, Para, Report
from .verify import han_count


def _share(total: int, blocks: Sequence[Block | Para]) -> float:
    """The share of the report's ``total`` Han characters that ``blocks`` hold."""
    return sum(han_count(b.text) for b in blocks) / total if total else 0.0


def notices(report: Report) -> list[Notice]:
    """What looks surprising in a parsed report, to be checked by a person."""
    out: list[Notice] = []
    total = sum(han_count(text) for text, _ in report.paragraphs())  # once, not once a chapter
    for name, blocks in (("preface", report.preface), ("closing", report.closing)):
        share = _share(total, blocks)
        if share > 0.25 and blocks:
            out.append(
                Notice(
                    "structure",
                    blocks[0].line,
                    f"the {name} holds {share:.0%} of the "
                    "text: check that the chapters were found (unnumbered parts, "
                    "headings that lost their numbers)",
                )
            )
    sizes = [_share(total, [*c.intro, *(b for s in c.sections for b in s.body)]) for c in report.chapters]
    if len(sizes) >= 3 and max(sizes) > 0.6:
        big = report.chapters[sizes.index(max(sizes))]
        out.append(
            Notice(
                "structure",
                big.line,
                f"chapter {big.marker or big.title} holds {max(sizes):.0%} of the text: check its headings",
            )
        )
    for block in report.closing:
        if CHAPTER.match(block.text) or SECTION.match(block.text) or re.match(r"^\d+[.．、]", block.text):
            out.append(
                Notice(
                    "structure",
                    block.line,
                    "numbered lines follow the closing: "
                    "an appendix without a heading, or chapters after the closing?",
                )
            )
            break
    last = [*report.paragraphs()][-1] if report.paragraphs() else None
    if last and not SENTENCE_END.search(last[0].strip()) and not report.sign_off and not report.appendices:
        out.append(
            Notice(
                "truncated",
                last[1],
                "the report ends in the middle of a sentence: "
                "the file may be truncated (or its last line is page furniture)",
            )
        )
    return out
