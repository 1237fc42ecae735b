"""What the site says about its source (底本): the raw file, where it came from, and what it
shows about itself.

Only two things are stated: what the report's maintainer wrote in its config (``Provenance``:
who published the report, where the copy was taken from, their addresses) and what the raw
file itself shows (its advertising lines, the page's own source and date, the marks of a
machine conversion to Traditional), each read off the record. Without a config the site
claims no more than the file shows. The notes page opens with these sentences; the PDF's
cover takes :func:`cover_note`.
"""

from __future__ import annotations

import bisect
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from ..curated.config import Provenance
from ..paths import DEFAULT_OVERRIDES
from ..text.model import Document, Given
from .excerpt import Cutter
from .report import display_date
from .titles import NOTES
from .walk import Translate


@dataclass(frozen=True, slots=True)
class About:
    """What the notes page says besides what the Document holds."""

    provenance: Provenance = field(default_factory=Provenance)
    #: what the config gave (its values are the maintainer's, not the page's)
    given: Given = field(default_factory=Given)
    #: the conversion table the Traditional text was corrected with, as the notes name it
    overrides: str = ""
    cutter: Cutter = field(default_factory=Cutter)


def table_name(path: str | Path, config: str = "") -> str:
    """The conversion table as a reader can find it: the tool's own (its path in the tool's
    sources) or the one the report's config names (its path beside the config)."""
    path = Path(path)
    if path.resolve() == DEFAULT_OVERRIDES.resolve():
        return DEFAULT_OVERRIDES.relative_to(DEFAULT_OVERRIDES.parents[3]).as_posix()
    if config:
        folder = Path(config).resolve().parent
        if path.resolve().is_relative_to(folder):
            return path.resolve().relative_to(folder).as_posix()
    return path.name


def source_name(doc: Document) -> str:
    return Path(doc.path).name


def _copy(doc: Document, p: Provenance) -> str:
    what = f"从{p.copied_from}抓取的网页文本" if p.copied_from else "一份从网上抓取的网页文本"
    where = f"，抓取自 {p.copy_url}" if p.copy_url else ""
    return f"本站文字的底本是{what}（{source_name(doc)}{where}）。"


def _original(p: Provenance) -> str:
    if not p.original_publisher:
        return "本站未核实报告原文的发布者。"
    where = f"（{p.original_url}）" if p.original_url else ""
    return f"报告原文的发布者是{p.original_publisher}{where}。"


def _page_says(doc: Document, given: Given) -> str:
    """The page's own source and date, where the page gives them (not the config)."""
    meta = doc.meta_hans
    said = []
    if meta.source_office and not given.source_office:
        said.append(f"来源为{meta.source_office}")
    if meta.published and not given.published:
        said.append(f"发布时间为{display_date(meta.published)}")
    return f"网页上注明的{'，'.join(said)}。" if said else ""


def spam_lines(doc: Document) -> list[int]:
    return sorted({c.line for c in doc.changes if c.rule == "spam"})


def over_converted(doc: Document, cutter: Cutter, count: int = 2) -> list[tuple[str, int]]:
    """Words of the source that show its machine conversion to Traditional (製度, 全麵), with
    their lines: the source's form of the word holding each of the most frequent characters
    converted where Traditional writes the Simplified character itself (制度, 全面; not 台 for
    臺, which is the page keeping a Simplified form)."""
    hans = {line.no: line.text for line in doc.hans_lines}
    regenerated = [
        c
        for c in doc.changes
        if c.rule == "traditional-regenerated"
        and c.col >= 0
        and hans.get(c.line, "")[c.col : c.col + 1] == c.after
    ]
    common = Counter((c.before, c.after) for c in regenerated).most_common(count)
    body = {line.no: line.text for line in doc.body}
    words = []
    for pair, _ in common:
        c = next(c for c in regenerated if (c.before, c.after) == pair)
        text = hans.get(c.line, "")
        off, near = cutter.near(text, c.col, c.col + 1)
        cuts = [k + off for k in near]
        i = bisect.bisect_right(cuts, c.col)
        a = cuts[i - 1] if i else 0
        b = cuts[i] if i < len(cuts) else len(text)
        words.append((body.get(c.line, "")[a:b], c.line))
    return [(w, line) for w, line in words if w]


def _shows(doc: Document, about: About, tr: Translate) -> str:
    """What the raw file shows about itself: advertising, a machine conversion (its words
    quoted as the source writes them, in either script's page)."""
    out = ""
    spam = spam_lines(doc)
    if spam:
        lines = "、".join(str(n) for n in spam)
        out += tr(f"底本第{lines}行是与报告无关的广告，本站没有转载。")
    if doc.meta_hans.source_script == "zh-Hant":
        words = [w for w, _ in over_converted(doc, about.cutter)]
        if words:
            quote = tr("“{}”")
            examples = "".join(quote.format(w) for w in words)
            out += tr("底本是繁体，有简体机械转换成繁体时常见的错字（如{}）。").format(examples)
        else:
            out += tr("底本是繁体。")
    return out


def attribution(doc: Document, about: About, tr: Translate) -> str:
    """The notes' first paragraph: what the source is, as far as it is known."""
    p = about.provenance
    return tr(_copy(doc, p) + _original(p) + _page_says(doc, about.given)) + _shows(doc, about, tr)


def editions(doc: Document) -> str:
    """How each edition relates to the source: the one in the source's script gives it back
    when the listed changes are undone; the other is converted from it."""
    if doc.meta_hans.source_script == "zh-Hant":
        return (
            "把繁体版按下列各表改回，即得到底本原文，一字不差；简体版由 OpenCC 从底本转换而成，"
            "其中按大陆用法改写的字和另行修正的字列在“简繁转换”表中。"
        )
    return (
        "把简体版按下列各表改回，即得到底本原文，一字不差；繁体版由 OpenCC 从简体版转换而成，"
        "另有“转换表修正”和“简繁转换”两表所列的改动。"
    )


def claim(doc: Document) -> str:
    """The notes' second paragraph (Simplified): what the lists below are, and that they are checked."""
    return (
        "下面列出本站对底本文字所做的全部改动，都由程序按规则或按人工审定的转换表完成。"
        + editions(doc)
        + "每次构建都由程序核对这些说法。"
    )


def cover_note(doc: Document, about: About, tr: Translate) -> str:
    """One line for the PDF's cover: the source as the notes state it, and where the changes are."""
    p = about.provenance
    source = f"从{p.copied_from}抓取的网页文本" if p.copied_from else "从网上抓取的网页文本"
    original = f"，报告原文的发布者是{p.original_publisher}" if p.original_publisher else ""
    return tr(f"底本：{source}{original}；对底本文字的全部改动见文末“{NOTES}”。")
