"""The report's own pages, one set per script: the home page (title, metadata, preface,
contents), one page per chapter (sections ``#sec-N-M``) and the closing.

Labels of our own are written once, in Simplified, and converted like the report.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from ..text.model import Block, Document, Points, Report, Script
from .excerpt import Cutter, description
from .extras import Decorate, Where
from .markdown import DESCRIPTION_MAX, escape, front_matter, html_text
from .titles import HOME, NOTES, closing_page_title, closing_title, mark_html
from .walk import Translate, paragraph_id


def display_date(published: str) -> str:
    """``2019-10-02 09:28:00`` → ``2019年10月2日``, as the home page and the PDF show it."""
    m = re.match(r"(\d{4})-(\d{1,2})-(\d{1,2})", published)
    if not m:
        return published
    return f"{int(m.group(1))}年{int(m.group(2))}月{int(m.group(3))}日"


# 2018年 in escaped Markdown (not the digits of a character reference such as &#124;).
_YEAR = re.compile(r"(?<![&#\d])(\d{4}年)")


def _unbroken_years(markdown: str) -> str:
    """The title with each year kept whole (2018年): a balanced title (extra.css) may
    otherwise break between the number and 年."""
    return _YEAR.sub(r'<span class="report-nowrap">\1</span>', markdown)


def _first_text(blocks: Sequence[Block]) -> str:
    """The text of the first paragraph (a page's description), or ""."""
    for block in blocks:
        return block.intro + "".join(block.items) if isinstance(block, Points) else block.text
    return ""


def _described(
    doc: Document, script: Script, first: Callable[[Report], str], cutter: Cutter | None, default: str = ""
) -> str:
    """A page's description: ``first`` of the report in ``script`` (or ``default``), cut on
    the word boundaries of the same text in Simplified."""
    text, hans = first(doc.report(script)), first(doc.hans)
    if not text:
        return default
    return description(text, hans, DESCRIPTION_MAX, cutter or Cutter())


def home_description(doc: Document, script: Script, tr: Translate, cutter: Cutter | None = None) -> str:
    """What the home page is, for search engines and link previews: the report's title and
    who published it when, then its chapters (the salutation 各位代表： says nothing)."""

    def said(report: Report, tr: Translate) -> str:
        meta = doc.meta(report.script)
        title = report.title.text if report.title else meta.title
        out = tr("{}全文").format(title) if title else tr("报告全文")
        who = meta.issuer + display_date(meta.published)
        out += tr("，{}发布").format(who) if who else ""
        chapters = [c.title for c in report.chapters if c.title]
        if chapters:
            out += tr("。共{}章：").format(len(chapters)) + "；".join(chapters)
        return out + "。"

    text, hans = said(doc.report(script), tr), said(doc.hans, _same)
    return description(text, hans, DESCRIPTION_MAX, cutter or Cutter(), sentences=False)


def _same(text: str) -> str:
    return text


def _block(block: Block, where: Where, decorate: Decorate, anchor: str = "") -> str:
    where = Where(where.script, where.page, where.anchor, block.line)
    # A block attribute list must be on the paragraph's last line, by itself.
    tail = f"\n{{#{anchor}}}" if anchor else ""
    if isinstance(block, Points):
        head = f"{decorate(block.intro, where)}{tail}\n\n" if block.intro else ""
        # Without an introduction the anchor goes to the first point (attr_list on an item).
        marks = [tail if i == 0 and not block.intro else "" for i in range(len(block.items))]
        items = "".join(
            f"- {decorate(item, where)}{mark}\n" for item, mark in zip(block.items, marks, strict=True)
        )
        return head + items + "\n"
    return f"{decorate(block.text, where)}{tail}\n\n"


def title_of(doc: Document, script: Script) -> tuple[str, bool]:
    """The report's title and whether it is the report's own line (else the page's, the
    config's or the file name's)."""
    report, meta = doc.report(script), doc.meta(script)
    return (report.title.text, True) if report.title else (meta.title, False)


def _id(ids: bool, container: str, n: int) -> str:
    """The anchor of a block that has none of its own: ``sec-2-3-p1`` when ``ids``, else none."""
    return paragraph_id(container, n) if ids else ""


def render_index(
    doc: Document,
    script: Script,
    tr: Translate,
    decorate: Decorate,
    cutter: Cutter | None = None,
    *,
    ids: bool = False,
) -> str:
    report, meta = doc.report(script), doc.meta(script)
    title, own = title_of(doc, script)
    mark = "" if own else " " + mark_html(tr)
    # No contents sidebar: its only entry would be the page's own 目录 (the list below).
    out = [
        front_matter(tr(HOME), home_description(doc, script, tr, cutter), hide=("toc",)),
        f"# {_unbroken_years(escape(title))}{mark} {{#top}}\n\n",
    ]
    rows = [
        (tr("发布机关"), meta.issuer),
        (tr("发布时间"), display_date(meta.published)),
        (tr("来源"), meta.source_office),
    ]
    if any(value for _, value in rows):
        out.append('<dl class="report-meta">\n')
        out += [f"<dt>{html_text(key)}</dt><dd>{html_text(value)}</dd>\n" for key, value in rows if value]
        out.append("</dl>\n\n")
    where = Where(script, "index", "preface")
    for i, block in enumerate(report.preface, start=1):
        out.append(_block(block, where, decorate, "preface" if i == 1 else _id(ids, "preface", i)))
    out.append(f"## {escape(tr('目录'))} {{#contents}}\n\n")
    out += contents(doc, script, tr)
    return "".join(out)


def contents(doc: Document, script: Script, tr: Translate) -> list[str]:
    """The home page's list of contents: parts, chapters and sections, then the rest."""
    report = doc.report(script)
    parts = {p.number: p for p in report.parts}
    out = []
    for chapter in report.chapters:
        indent = "    " if chapter.part else ""
        part = parts.pop(chapter.part, None)
        if part is not None:
            out.append(f"- [{escape(part.title)}]({part.slug}.md)\n")
        out.append(f"{indent}- [{escape(chapter.marker + chapter.title)}]({chapter.slug}.md)\n")
        for s in chapter.sections:
            out.append(f"{indent}    - [{escape(s.marker + s.heading)}]({chapter.slug}.md#{s.anchor})\n")
    if report.closing:
        out.append(f"- [{escape(closing_page_title(report, tr))}](conclusion.md)\n")
    for a in report.appendices:
        out.append(f"- [{escape(a.label)}]({a.slug}.md)\n")
    out.append(f"- [{escape(tr(NOTES))}](editorial-notes.md)\n")
    return out


def render_part(
    doc: Document,
    script: Script,
    number: int,
    decorate: Decorate,
    cutter: Cutter | None = None,
    *,
    ids: bool = False,
) -> str:
    """A part's page: its heading, its text before the first chapter, its chapters."""
    report = doc.report(script)
    part = report.parts[number - 1]
    out = [
        front_matter(
            part.title,
            _described(doc, script, lambda r: _first_text(r.parts[number - 1].intro), cutter, part.title),
        ),
        f"# {escape(part.title)} {{#{part.slug}}}\n\n",
    ]
    where = Where(script, part.slug, part.slug)
    out += [_block(b, where, decorate, _id(ids, part.slug, n)) for n, b in enumerate(part.intro, start=1)]
    out += [f"- [{escape(c.marker + c.title)}]({c.slug}.md)\n" for c in report.chapters if c.part == number]
    return "".join(out) + "\n"


def render_appendix(
    doc: Document,
    script: Script,
    number: int,
    decorate: Decorate,
    cutter: Cutter | None = None,
    *,
    ids: bool = False,
) -> str:
    """An appendix's page: its heading (and title), its paragraphs and numbered items."""
    appendix = doc.report(script).appendices[number - 1]
    heading = appendix.label
    out = [
        front_matter(
            heading,
            _described(doc, script, lambda r: _first_text(r.appendices[number - 1].body), cutter, heading),
        ),
        f"# {escape(heading)} {{#{appendix.slug}}}\n\n",
    ]
    where = Where(script, appendix.slug, appendix.slug)
    out += [
        _block(b, where, decorate, _id(ids, appendix.slug, n)) for n, b in enumerate(appendix.body, start=1)
    ]
    return "".join(out)


def render_chapter(
    doc: Document,
    script: Script,
    number: int,
    decorate: Decorate,
    after: dict[tuple[Script, str], list[str]] | None = None,
    cutter: Cutter | None = None,
    *,
    ids: bool = False,
) -> str:
    report = doc.report(script)
    chapter = report.chapters[number - 1]
    heading = chapter.marker + chapter.title

    def first(r: Report) -> str:
        c = r.chapters[number - 1]
        return _first_text(c.intro) or next((_first_text(s.body) for s in c.sections if s.body), "")

    described = _described(doc, script, first, cutter)
    out = [front_matter(heading, described), f"# {escape(heading)} {{#{chapter.anchor}}}\n\n"]
    after = after or {}
    for n, block in enumerate(chapter.intro, start=1):
        out.append(
            _block(block, Where(script, chapter.slug, chapter.anchor), decorate, _id(ids, chapter.anchor, n))
        )
    out += [extra.rstrip("\n") + "\n\n" for extra in after.get((script, chapter.anchor), [])]
    for s in chapter.sections:
        out.append(f"## {escape(s.marker + s.heading)} {{#{s.anchor}}}\n\n")
        where = Where(script, chapter.slug, s.anchor)
        for n, block in enumerate(s.body, start=1):
            out.append(_block(block, where, decorate, _id(ids, s.anchor, n)))
        out += [extra.rstrip("\n") + "\n\n" for extra in after.get((script, s.anchor), [])]
    if number == len(report.chapters) and not report.closing:
        out.append(_sign_off(doc, script, ids))
    return "".join(out)


def _sign_off(doc: Document, script: Script, ids: bool) -> str:
    out = []
    for i, para in enumerate(doc.report(script).sign_off, start=1):
        anchor = "sign-off" if i == 1 else _id(ids, "sign-off", i)
        attrs = f"{{#{anchor} .sign-off}}" if anchor else "{.sign-off}"
        out.append(f"{escape(para.text)}\n{attrs}\n\n")
    return "".join(out)


def render_conclusion(
    doc: Document,
    script: Script,
    tr: Translate,
    decorate: Decorate,
    cutter: Cutter | None = None,
    *,
    ids: bool = False,
) -> str:
    """The closing, under a title the site supplies (marked so), and the sign-off."""
    report = doc.report(script)
    title = tr(closing_title(report))
    described = _described(doc, script, lambda r: _first_text(r.closing), cutter)
    out = [
        front_matter(closing_page_title(report, tr), described),
        f"# {escape(title)} {mark_html(tr)} {{#conclusion}}\n\n",
    ]
    for i, block in enumerate(report.closing, start=1):
        out.append(_block(block, Where(script, "conclusion", f"closing-{i}"), decorate, f"closing-{i}"))
    out.append(_sign_off(doc, script, ids))
    return "".join(out)
