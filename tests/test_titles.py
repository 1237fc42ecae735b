"""The names the site gives where the report has none read as the pages they name: 首页, and
the closing's supplied title with its mark （编者所加）, in every label, list and heading."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from build_tools.pages import build
from build_tools.paths import SCRIPTS
from build_tools.text.filename import title_from_name
from build_tools.text.model import Line, Report
from build_tools.text.parse import parse_report
from tests.support import run, settings_for

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


# --- a title made from a file's name (build_tools/text/filename.py) --------------------------

# The dev corpus's file names (/work/shared/corpus/dev), and what the site is to call each
# report: the name's own words, never its trailing publication year (_2022 on a report of
# 2021); a year the text gives where the name states none.
NAMED = [
    ("2015年南山区政府工作报告_2015.txt", "2015年南山区政府工作报告"),
    (
        "2017年政府工作报告（在深圳市罗湖区第七届人民代表大会第二次会议上）_2017.txt",
        "2017年政府工作报告（在深圳市罗湖区第七届人民代表大会第二次会议上）",
    ),
    ("光明新区2017年工作报告_2017.txt", "光明新区2017年工作报告"),
    ("大鹏新区管委会2016年工作报告_2016.txt", "大鹏新区管委会2016年工作报告"),
    ("福田区政府工作报告（2017）_2017.txt", "福田区政府工作报告（2017）"),
    (
        "深圳市光明区人民政府关于2021年度法治政府建设情况的报告_2022.txt",
        "深圳市光明区人民政府关于2021年度法治政府建设情况的报告",
    ),
    (
        "深圳市宝安区人民政府区长郭子平在深圳市宝安区第六届人民代表大会第五次会议上作政府工作报告_2020.txt",
        "深圳市宝安区人民政府区长郭子平在深圳市宝安区第六届人民代表大会第五次会议上作政府工作报告",
    ),
]


def _report(*lines: str) -> Report:
    return parse_report(tuple(Line(n, t) for n, t in enumerate(lines, start=1)), "zh-Hans", "x.txt")


@pytest.mark.parametrize(("name", "title"), NAMED)
def test_a_name_that_states_its_year_is_the_title_without_the_publication_year(name: str, title: str) -> None:
    made, how = title_from_name(name, _report("各位代表：", "一、2014年工作回顾", "过去一年。"))
    assert made == title
    assert "when the file was published, left out" in how
    assert len(re.findall(r"\d{4}", made)) <= 1


@pytest.mark.parametrize(
    ("lines", "title", "where"),
    [
        (
            ("各位代表：", "一、2014年工作回顾", "正文。", "二、2015年工作总体部署", "正文。"),
            "2015年",
            "plan",
        ),
        (
            ("各位代表：", "一、2017年工作回顾", "正文。", "二、对2018年政府工作的建议", "正文。"),
            "2018年",
            "plan",
        ),
        (("各位代表：", "一、2019年工作回顾", "正文。", "二、着力稳增长", "正文。"), "2020年", "review"),
        (
            (
                "——2016年3月5日在第十二届全国人民代表大会第四次会议上",
                "各位代表：",
                "一、过去五年工作回顾",
                "正文。",
            ),
            "2016年",
            "byline",
        ),
        (("各位代表：", "一、过去五年工作回顾", "正文。"), "", "no year"),
    ],
)
def test_a_name_without_a_year_takes_the_one_the_text_gives(
    lines: tuple[str, ...], title: str, where: str
) -> None:
    made, how = title_from_name("国务院政府工作报告_2016年.txt", _report(*lines))
    assert made == f"{title}国务院政府工作报告"
    assert where in how and "“_2016年” is when the file was published" in how


def test_the_notice_and_the_notes_say_how_the_title_was_made(tmp_path: Path) -> None:
    """The decision is listed: on the command line (the notice) and on the notes page."""
    source = tmp_path / "国务院政府工作报告_2016年.txt"
    source.write_text(
        "各位代表：\n一、2014年工作回顾\n过去一年，经济平稳。\n二、2015年工作总体部署\n今年要稳增长。\n",
        encoding="utf-8",
    )
    doc = run(source, settings_for(source))
    assert doc.meta_hans.title == "2015年国务院政府工作报告"
    [notice] = [n for n in doc.notices if n.rule == "no-title"]
    assert "the year of its plan (line 4: 2015年工作总体部署)" in notice.message
    assert "its trailing “_2016年” is when the file was published, left out" in notice.message
    notes = build.pages(doc, settings_for(source))["zh-Hans/editorial-notes.md"]
    assert "首页标题“2015年国务院政府工作报告”是本站根据文件名（必要时参照正文所说的年份）拟定的" in notes
    assert "首页标题是本站根据文件名拟定的（见“存疑之处”）" in notes
