"""The names the site gives where the report has none read as the pages they name: 首页, and
the closing's supplied title with its mark （编者所加）, in every label, list and heading."""

from __future__ import annotations

import re

import pytest

from build_tools.paths import SCRIPTS

#: a Markdown link to the home page's preface or to a closing paragraph: [label](target)
_LINK = re.compile(r"\[([^\]]+)\]\((index\.md#preface|conclusion\.md(?:#closing-\d+)?)[ )\"]")


def _title(page: str) -> str:
    m = re.search(r'^title: "(.*)"$', page, re.MULTILINE)
    assert m
    return m.group(1)


@pytest.mark.parametrize("script", SCRIPTS)
def test_labels_of_the_home_page_and_the_closing_are_their_titles(pages: dict[str, str], script: str) -> None:
    home = _title(pages[f"{script}/index.md"])
    closing = _title(pages[f"{script}/conclusion.md"])
    assert home == ("首页" if script == "zh-Hans" else "首頁")
    assert closing.endswith("（编者所加）" if script == "zh-Hans" else "（編者所加）")
    labels = 0
    for name in ("glossary.md", "figures.md", "documents.md", "editorial-notes.md"):
        for label, target in _LINK.findall(pages[f"{script}/{name}"]):
            expected = home if target.startswith("index") else closing
            assert label == expected or re.fullmatch(re.escape(expected) + r"第\d+段", label), (name, label)
            labels += 1
    assert labels > 10
    for page, text in pages.items():
        if page.startswith(script) and page.endswith(".md"):
            assert not re.search(r"\[(引言|結語|结语)( \d+)?[]：:]", text), page
    csv = pages[f"{script}/figures.csv"]
    assert "引言" not in csv and ",结语" not in csv and ",結語" not in csv


@pytest.mark.parametrize("script", SCRIPTS)
def test_the_editors_mark_is_in_the_contents_lists(pages: dict[str, str], script: str) -> None:
    """The navigation takes each page's front-matter title, the home page lists the pages: both
    carry the supplied title with its mark, as the page's heading does."""
    mark = "（编者所加）" if script == "zh-Hans" else "（編者所加）"
    conclusion = pages[f"{script}/conclusion.md"]
    title = _title(conclusion)
    assert title.endswith(mark)
    heading = re.search(r"^# (.*) \{#conclusion\}$", conclusion, re.MULTILINE)
    assert heading and heading.group(1).startswith(title.removesuffix(mark) + ' <span class="editorial-mark"')
    assert f"- [{title}](conclusion.md)\n" in pages[f"{script}/index.md"]
