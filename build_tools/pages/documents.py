"""The index of cited documents (``documents.md``): every title the report cites in 《》.

A title may hold another in 〈〉 (《最高人民法院关于适用〈中华人民共和国行政诉讼法〉的解释》):
the outer title is one entry, and the inner one is an entry of its own, noted as cited within
the outer. Titles are deduplicated; each links to the sections that cite it. The kind of a
document (law, local regulation, plan …) is read off its title by rule (``KINDS``), as the
title's last word says what the document is.

Both scripts are character-aligned, so the Traditional titles are the same spans of the
Traditional text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..text.model import SCRIPTS, Document, Script
from .extras import Extras
from .markdown import attr, escape, front_matter
from .walk import Passage, Translate, passages

# 《…》: a cited title; it may contain 〈…〉 but never another 《.
_TITLE = re.compile(r"《(?P<title>[^《》]+)》")
# 〈…〉 inside a title: a title cited within a title.
_INNER = re.compile(r"〈(?P<title>[^〈〉]+)〉")
# A plan's period closes its title: 法治政府建设实施纲要（2015—2020年）.
_PERIOD = re.compile(r"（[^（）]*）$")

TITLE = "引用文件"

# (kind, name, rule on the Simplified title without its period), first match wins.
KINDS: tuple[tuple[str, str, re.Pattern[str]], ...] = (
    ("law", "法律", re.compile(r"^中华人民共和国.*法$")),
    ("interpretation", "司法解释", re.compile(r"^最高人民法院.*解释$")),
    ("regulation", "地方性法规", re.compile(r"条例$|人民代表大会常务委员会")),
    ("plan", "规划、计划和方案", re.compile(r"(纲要|规划|计划|方案|要点)$")),
    ("rules", "规章、规范性文件和工作制度", re.compile(r"(规定|办法|细则|规则|制度|指引|意见|通知|决定)$")),
    ("other", "其他（节目、宣传片等）", re.compile(r"")),
)


@dataclass(frozen=True, slots=True)
class Citation:
    """One place a title is cited: the passage, and the title's span in its text."""

    passage: Passage
    span: tuple[int, int]


@dataclass(frozen=True, slots=True)
class CitedDocument:
    title: str
    kind: str
    #: the title this one is cited within (〈…〉 inside 《…》), or ""
    within: str
    citations: tuple[Citation, ...]

    def sections(self) -> list[Passage]:
        """The passages' sections, each once, in reading order."""
        seen: dict[tuple[str, str], Passage] = {}
        for c in self.citations:
            seen.setdefault((c.passage.page, c.passage.anchor), c.passage)
        return list(seen.values())


def kind_of(title: str) -> str:
    bare = _PERIOD.sub("", title)
    return next(kind for kind, _, rule in KINDS if rule.search(bare))


def _found(text: str) -> list[tuple[tuple[int, int], tuple[int, int] | None]]:
    """(title span, outer title span or None) for every title and inner title in ``text``."""
    out: list[tuple[tuple[int, int], tuple[int, int] | None]] = []
    for m in _TITLE.finditer(text):
        outer = m.span("title")
        out.append((outer, None))
        for inner in _INNER.finditer(text, outer[0], outer[1]):
            out.append((inner.span("title"), outer))
    return out


def cited(doc: Document, tr: dict[Script, Translate]) -> dict[Script, list[CitedDocument]]:
    """Every cited title, once, in order of first citation; the same entries in both scripts."""
    texts = {s: passages(doc.report(s), tr[s]) for s in SCRIPTS}
    keys: list[str] = []
    found: dict[str, list[tuple[int, tuple[int, int], tuple[int, int] | None]]] = {}
    for i, p in enumerate(texts["zh-Hans"]):
        for span, outer in _found(p.text):
            key = p.text[span[0] : span[1]]
            if key not in found:
                keys.append(key)
            found.setdefault(key, []).append((i, span, outer))
    out: dict[Script, list[CitedDocument]] = {s: [] for s in SCRIPTS}
    for key in keys:
        places = found[key]
        for script in SCRIPTS:
            ps = texts[script]
            i, span, outer = places[0]
            title = ps[i].text[span[0] : span[1]]
            within = ps[i].text[outer[0] : outer[1]] if outer else ""
            out[script].append(
                CitedDocument(title, kind_of(key), within, tuple(Citation(ps[j], s) for j, s, _ in places))
            )
    return out


def _link(p: Passage) -> str:
    title = f' "{attr(p.heading)}"' if p.heading else ""
    return f"[{escape(p.place)}]({p.link}{title})"


def render_page(documents: Sequence[CitedDocument], tr: Translate) -> str:
    title = tr(TITLE)
    outer = [d for d in documents if not d.within]
    intro = tr(
        "报告以书名号《》引用的法律、法规、规章、规划等文件和节目共 {} 种，引用 {} 处；书名中以〈〉"
        "引用的另有 {} 种。以下按类别列出，每种后列出引用它的章节，点击可跳到原文。"
    ).format(len(outer), sum(len(d.citations) for d in outer), len(documents) - len(outer))
    out = [front_matter(title, intro), f"# {escape(title)} {{#documents}}\n\n"]
    out.append(escape(intro) + "\n\n")
    for kind, name, _ in KINDS:
        group = [d for d in documents if d.kind == kind]
        if not group:
            continue
        out.append(f"## {escape(tr(name))} {{#documents-{kind}}}\n\n")
        for d in group:
            line = f"- 《{escape(d.title)}》"
            if d.within:
                line += escape(tr("（见于《{}》）").format(d.within))
            line += "：" + "、".join(_link(p) for p in d.sections())
            if len(d.citations) > len(d.sections()):
                line += escape(tr("（共 {} 处）").format(len(d.citations)))
            out.append(line + "\n")
        out.append("\n")
    return "".join(out)


def extras(doc: Document, tr: dict[Script, Translate], settings: object) -> Extras:
    """The index of cited documents in both scripts."""
    pages = {
        f"{script}/documents.md": render_page(documents, tr[script])
        for script, documents in cited(doc, tr).items()
    }
    return Extras(pages=pages)
