"""The Traditional site's own sentences are in Taiwan's words (build_tools/pages/wording.py);
the report's text keeps its own vocabulary."""

from __future__ import annotations

import re

import pytest

from build_tools.pages.wording import taiwan
from build_tools.publish.notfound import render_not_found

#: mainland wording the editor found on the Traditional site (issue 21), and Taiwan's
MAINLAND = {
    "全角": "全形",
    "半角": "半形",
    "字符": "字元",
    "網頁控件": "網頁元件",
    "導航路徑": "導覽路徑",
    "元數據": "詮釋資料",
    "頁面信息": "頁面資訊",
    "由程序按規則": "由程式按規則",
    "人工審定的數據": "人工審定的資料",
    "點擊": "點選",
    "這個地址": "這個網址",
}
#: the pages that are the site's own (the report's pages carry the report's words)
OWN = ("editorial-notes.md", "figures.md", "glossary.md", "documents.md")


def test_the_table_gives_taiwans_word_for_each_mainland_one() -> None:
    for mainland, local in MAINLAND.items():
        assert taiwan(f"甲{mainland}乙") == f"甲{local}乙"


@pytest.mark.parametrize("page", OWN)
def test_the_traditional_sites_own_pages_use_taiwan_words(pages: dict[str, str], page: str) -> None:
    text = pages[f"zh-Hant/{page}"]
    for mainland in MAINLAND:
        assert mainland not in text, (page, mainland)


def test_the_words_appear_in_taiwan_form_on_the_notes(pages: dict[str, str]) -> None:
    notes = pages["zh-Hant/editorial-notes.md"]
    for word in ("全形標點", "半形", "字元", "網頁元件", "導覽路徑", "詮釋資料", "由程式按規則"):
        assert word in notes, word
    figures = pages["zh-Hant/figures.md"]
    assert "點選原文後的章節號" in figures and "下載全部資料" in figures


def test_the_404_page_says_web_address_in_taiwan_words() -> None:
    page = render_not_found({"zh-Hans": "甲", "zh-Hant": "甲"}, ("zh-Hant",), depth=1)
    assert "這個網址沒有頁面" in page and "地址" not in page


def test_the_reports_own_vocabulary_stays(pages: dict[str, str]) -> None:
    """The report says 程序 (a procedure) and 信息 (政府信息公开): its pages keep them, and so
    do the figure labels and glossary entries that quote it."""
    chapters = "".join(text for name, text in pages.items() if re.match(r"zh-Hant/chapter-\d+\.md$", name))
    assert "決策程序規定" in chapters and "政府信息公開" in chapters
    # No 程式 (a computer's) in the report's pages, their glossary tooltips or the glossary.
    assert "程式" not in chapters and "程式" not in pages["zh-Hant/glossary.md"]
    assert "按程序轉報" in pages["zh-Hant/figures.md"]
