"""The report's own pages, one set per script: the home page (title, metadata, preface,
contents), one page per chapter (sections ``#sec-N-M``) and the closing.

Labels of our own are written once, in Simplified, and converted like the report.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..text.model import Block, Document, Points, Script
from .extras import Decorate, Where
from .markdown import escape, front_matter, html_text
from .walk import Translate


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


def _block(block: Block, where: Where, decorate: Decorate, anchor: str = "") -> str:
    where = Where(where.script, where.page, where.anchor, block.line)
    # A block attribute list must be on the paragraph's last line, by itself.
    tail = f"\n{{#{anchor}}}" if anchor else ""
    if isinstance(block, Points):
        head = f"{decorate(block.intro, where)}{tail}\n\n" if block.intro else ""
        items = "".join(f"- {decorate(item, where)}\n" for item in block.items)
        return head + items + "\n"
    return f"{decorate(block.text, where)}{tail}\n\n"


def render_index(doc: Document, script: Script, tr: Translate, decorate: Decorate) -> str:
    report, meta = doc.report(script), doc.meta(script)
    title = report.title.text if report.title else meta.title
    # No contents sidebar: its only entry would be the page's own 目录 (the list below).
    out = [front_matter(tr("首页"), _first_text(report.preface) or title, hide=("toc",)),
           f"# {_unbroken_years(escape(title))} {{#top}}\n\n"]
    rows = [(tr("发布机关"), meta.issuer), (tr("发布时间"), display_date(meta.published)),
            (tr("来源"), meta.source_office)]
    out.append('<dl class="report-meta">\n')
    for key, value in rows:
        if value:
            out.append(f"<dt>{html_text(key)}</dt><dd>{html_text(value)}</dd>\n")
    out.append("</dl>\n\n")
    where = Where(script, "index", "preface")
    for i, block in enumerate(report.preface):
        out.append(_block(block, where, decorate, "preface" if i == 0 else ""))
    out.append(f"## {escape(tr('目录'))} {{#contents}}\n\n")
    for chapter in report.chapters:
        out.append(f"- [{escape(chapter.marker + chapter.title)}]({chapter.slug}.md)\n")
        for s in chapter.sections:
            out.append(f"    - [{escape(s.marker + s.heading)}]({chapter.slug}.md#{s.anchor})\n")
    if report.closing:
        out.append(f"- [{escape(tr(CONCLUSION_TITLE))}](conclusion.md)\n")
    out.append(f"- [{escape(tr('编校说明'))}](editorial-notes.md)\n")
    return "".join(out)


CONCLUSION_TITLE = "存在的问题和下一步工作"


def render_chapter(
    doc: Document, script: Script, number: int, decorate: Decorate,
    after: dict[tuple[Script, str], list[str]] | None = None,
) -> str:
    chapter = doc.report(script).chapters[number - 1]
    heading = chapter.marker + chapter.title
    first = _first_text(chapter.intro) or next(
        (_first_text(s.body) for s in chapter.sections if s.body), "")
    out = [front_matter(heading, first), f"# {escape(heading)} {{#{chapter.anchor}}}\n\n"]
    after = after or {}
    for block in chapter.intro:
        out.append(_block(block, Where(script, chapter.slug, chapter.anchor), decorate))
    out += [extra.rstrip("\n") + "\n\n" for extra in after.get((script, chapter.anchor), [])]
    for s in chapter.sections:
        out.append(f"## {escape(s.marker + s.heading)} {{#{s.anchor}}}\n\n")
        where = Where(script, chapter.slug, s.anchor)
        for block in s.body:
            out.append(_block(block, where, decorate))
        out += [extra.rstrip("\n") + "\n\n" for extra in after.get((script, s.anchor), [])]
    return "".join(out)


def render_conclusion(doc: Document, script: Script, tr: Translate, decorate: Decorate) -> str:
    report = doc.report(script)
    out = [front_matter(tr(CONCLUSION_TITLE), _first_text(report.closing)),
           f"# {escape(tr(CONCLUSION_TITLE))} {{#conclusion}}\n\n"]
    for i, block in enumerate(report.closing, start=1):
        out.append(_block(block, Where(script, "conclusion", f"closing-{i}"), decorate,
                          f"closing-{i}"))
    for i, para in enumerate(report.sign_off):
        attrs = "{#sign-off .sign-off}" if i == 0 else "{.sign-off}"
        out.append(f"{escape(para.text)}\n{attrs}\n\n")
    return "".join(out)


