"""The names the site gives where the report gives none, written once: the home page (首页),
the closing's title, the mark （编者所加） on every title the site supplies, and the names of
the places those pages hold (the labels of links to a passage: ``首页``,
``存在的问题和下一步工作（编者所加）第2段``), so that a label always reads as the title of the page
it links to.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from ..text.model import Report
from .markdown import html_text

Translate = Callable[[str], str]

HOME = "首页"
NOTES = "编校说明"
#: the mark after a title the site supplies (in Simplified; translated like every label)
MARK = "（编者所加）"
MARK_NOTE = "此标题为本站所加，报告原文没有标题"

#: the closing's title when the report gives it none: chosen by what the closing says (in
#: either script), and marked on the page as the site's
CLOSING_TITLES = (
    ("存在的问题和下一步工作", re.compile(r"问题|問題|不足|差距|下一步|今后|今後")),
    ("结语", re.compile("")),
)


def closing_title(report: Report) -> str:
    """The title of the closing page (in Simplified, unmarked): the site supplies it, by content."""
    text = "".join(b.text for b in report.closing)
    return next(title for title, cue in CLOSING_TITLES if cue.search(text))


def marked(title: str, tr: Translate) -> str:
    """A supplied title as text, with its mark: ``存在的问题和下一步工作（编者所加）``."""
    return title + tr(MARK)


def mark_html(tr: Translate) -> str:
    """The mark after a supplied heading, as HTML (styled and explained on hover)."""
    return f'<span class="editorial-mark" title="{html_text(tr(MARK_NOTE))}">{html_text(tr(MARK))}</span>'


def closing_page_title(report: Report, tr: Translate) -> str:
    """The closing page's title as the navigation and the contents show it, marked."""
    return marked(tr(closing_title(report)), tr)


def closing_place(report: Report, index: int, tr: Translate) -> str:
    """The label of the ``index``-th paragraph of the closing (1-based): its page's title,
    and the paragraph's number when the closing has several."""
    title = closing_page_title(report, tr)
    return title + tr("第{}段").format(index) if len(report.closing) > 1 else title
