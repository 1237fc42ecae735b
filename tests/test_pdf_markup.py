"""The PDF's Typst: text enters it at one boundary and stays text; the pages' Markdown is read
as the site reads it; links, words, widths and dates.

Most tests here run in milliseconds. The ones marked ``pdf`` typeset a small document with
the real template and compiler and read it back as the build does.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

import jieba
import pytest

from build_tools.errors import BuildError
from build_tools.pages.markdown import code, escape
from build_tools.publish.pdf import MARGINS_MM, TEMPLATE, compile, document, fonts, markup, readback, tables
from build_tools.publish.pdf.links import Links
from build_tools.publish.pdf.parse import attr_items, markdown
from build_tools.publish.pdf.words import Segmenter, balanced_lines
from build_tools.text.chars import is_invisible
from build_tools.text.model import Meta
from tests.test_hostile import HOSTILE, PLACES

ROOT = Path(__file__).resolve().parent.parent
# Typst's own syntax, each character and pair that means something in markup or code.
TYPST = {
    "hash": "#set page(fill: red) #let x = 1 #x",
    "math": "$x^2$ and $ y $",
    "strong and emph": "*粗* _斜_",
    "reference and label": "@fig-1 <sec-3-4> <a>",
    "brackets": "[ ] ]] [[",
    "backslash": "\\ \\\\ \\u{1F600} \\n",
    "raw": "`code` ```block```",
    "tilde and shorthands": "~ -- --- -? ... 'single' \"double\"",
    "line comment": "前文 // 这里不是注释",
    "block comment": "前文 /* 也不是 */ 后文",
    "slash": "a/b 1/2",
    "line start markup": "= 标题",
    "list marker": "- 列表",
    "enum marker": "+ 编号",
    "term marker": "/ 术语: 释义",
    "url": "https://example.org/path?q=1",
    "escape-like": '#"text"; #box("x"); #label("y")',
}


def _visible(text: str) -> str:
    return "".join(c for c in text if not is_invisible(c))


# --- the escaping boundary ----------------------------------------------------------------


@pytest.mark.parametrize("value", [*TYPST.values(), *HOSTILE.values(), *PLACES.values(), "", "\u0085"])
def test_a_string_literal_holds_exactly_its_text(value: str) -> None:
    """Typst itself reads :func:`markup.string` back to the same string."""
    import typst

    assert json.loads(typst.Compiler().eval(markup.string(value), format="json")) == value


def test_text_is_only_ever_string_literals_and_boxes() -> None:
    out = markup.text("认真落实《纲要（2015—2020年）》#*_", keep=[(0, 4)])
    assert out == '#box("认真落实");#"《纲要（201";#box("5—");#"2020年）》#*_";'
    assert markup.text("") == ""
    assert markup.label('a"b') == '#label("a\\"b")'
    assert markup.dimension(-0.001) == "0pt" and markup.dimension(12.5, "mm") == "12.5mm"


# --- reading the pages' Markdown ------------------------------------------------------------


def test_attribute_lists_go_to_their_element_as_on_the_site() -> None:
    tokens = markdown().parse(
        "## 标题 \\{#x} {#real}\n\n"
        "正文 \\{#escaped} 和 {#mid} 在中间\n{#para .sign-off}\n\n"
        '[术语](glossary.md#t "提示"){.gloss data-gloss=t} 之后\n'
    )
    heading, paragraph, link_paragraph = (t for t in tokens if t.type in ("heading_open", "paragraph_open"))
    assert heading.attrs == {"id": "real"}
    assert paragraph.attrs == {"id": "para", "class": "sign-off"}
    assert link_paragraph.attrs == {}
    inline = [t for t in tokens if t.type == "inline"]
    assert inline[0].children[0].content == "标题 {#x} "  # escaped: text
    assert (
        "".join(c.content for c in inline[1].children if c.type == "text")
        == "正文 {#escaped} 和 {#mid} 在中间"
    )
    link = inline[2].children[0]
    assert link.type == "link_open" and link.attrs["class"] == "gloss" and link.attrs["data-gloss"] == "t"


def test_attr_items() -> None:
    assert attr_items('#a .b .c k="v w" n=1') == {"id": "a", "class": "b c", "k": "v w", "n": "1"}


def test_links_between_pages_become_labels_of_the_document() -> None:
    links = Links(
        {"chapter-3": ["chapter-3", "sec-3-4", "_1"], "glossary": ["glossary", "hotline", "_1"]},
        {"chapter-3": "docs/chapter-3.md", "glossary": "docs/glossary.md"},
    )
    assert links.label("glossary", "_1") == "glossary--_1"  # an id both pages use
    assert links.label("glossary", "hotline") == "hotline"
    assert links.target("chapter-3", "glossary.md#hotline", 3) == "hotline"
    assert links.target("glossary", "chapter-3.md", 3) == "page-chapter-3"
    assert links.target("glossary", "#_1", 3) == "glossary--_1"
    assert links.target("glossary", "https://example.org/", 3) is None
    assert links.target("glossary", "figures.csv", 3) is None
    with pytest.raises(BuildError, match=r"figures\.md#x, a page that is not in docs/") as err:
        links.target("glossary", "figures.md#x", 7)
    assert (err.value.path, err.value.line) == ("docs/glossary.md", 7)
    with pytest.raises(BuildError, match="an anchor that no page has"):
        links.target("glossary", "chapter-3.md#sec-9-9", 7)


# --- words, widths, titles, dates -------------------------------------------------------------


@pytest.mark.slow  # jieba reads its whole dictionary (a few seconds)
@pytest.mark.parametrize(
    "text",
    [
        "广州市人民政府关于我市2018年法治政府建设情况的报告",
        "天河区人民政府关于2020年法治政府建设年度报告",
        "深化“放管服”改革，优化营商环境",
        "年份区间缺破折号",
    ],
)
def test_the_segmenter_cuts_as_jieba_does(text: str) -> None:
    """It reads only the words of its texts from jieba's dictionary; its cuts are jieba's own
    (without the HMM)."""
    jieba.setLogLevel(logging.WARNING)
    assert Segmenter([text]).cut(text) == jieba.lcut(text, HMM=False)


def test_words_keep_numbers_units_and_latin_runs_together() -> None:
    segmenter = Segmenter(["自2018-10-21起共143项（含）"])
    words = segmenter.words("自2018-10-21起共143项（含）")
    assert "2018-10-21起" in words and "143项" in words
    assert all(not w.startswith("）") for w in words)


def test_the_title_breaks_between_words_into_even_lines() -> None:
    title = "广州市人民政府关于我市2018年法治政府建设情况的报告"
    hant = "廣州市人民政府關於我市2018年法治政府建設情況的報告"
    segmenter = Segmenter([title], to_simplified=lambda t: title if t == hant else t)
    lines = balanced_lines(segmenter.words(title), document.COVER_TITLE_EM)
    assert lines == ["广州市人民政府关于我市2018年", "法治政府建设情况的报告"]
    assert balanced_lines(segmenter.words(hant), 15) == [
        "廣州市人民政府關於我市2018年",
        "法治政府建設情況的報告",
    ]
    assert balanced_lines(["短标题"], 15) == ["短标题"]


def test_a_column_is_never_narrower_than_its_widest_word() -> None:
    def cell(text: str, pieces: tuple[str, ...], header: bool = False) -> tables.Cell:
        return tables.Cell(header, text, pieces, "left", "")

    rows = [
        [cell("规则", ("规则",), True), cell("上下文", ("上下文",), True)],
        [cell("年份区间缺破折号", ("年份", "区间", "破折号")), cell("很长的上下文" * 20, ("上下文",))],
    ]
    narrow, wide = tables.column_widths(rows)
    assert narrow >= 3 + tables.CELL_EM  # 破折号 fits
    assert abs(narrow + wide - tables.MEASURE_EM) < 1e-6


def test_document_date() -> None:
    beijing = compile.timestamp("2019-10-02 09:28:00", None)
    assert beijing is not None and beijing.isoformat() == "2019-10-02T09:28:00+08:00"
    epoch = compile.timestamp("2019-10-02 09:28:00", "1700000000")
    assert epoch is not None and epoch.isoformat() == "2023-11-14T22:13:20+00:00"
    assert compile.timestamp("", None) is None


# --- through Typst and back ---------------------------------------------------------------


def _page(body: str) -> str:
    return '---\ntitle: "测试"\n---\n\n# 测试 {#test}\n\n' + body


def _typeset(tmp_path: Path, body: str) -> readback.PdfContents:
    """A page of Markdown through the build's renderer, template and compiler, read back."""
    (tmp_path / "chapter-1.md").write_text(_page(body), encoding="utf-8")
    pages = document.read_pages(tmp_path, ["chapter-1"])
    texts = document.words_to_cut(pages, "测试")
    source = document.source(
        pages,
        Meta(title="测试报告", issuer="测试机关", published="2019-10-02"),
        lambda text: text,
        fonts.FAMILIES["zh-Hans"],
        Segmenter(texts),
        TEMPLATE.read_text(encoding="utf-8"),
        margins_mm=MARGINS_MM,
    )
    data = compile.compile_pdf(
        compile.compiler(), source, "test.pdf", when=compile.timestamp("2019-10-02", None)
    )
    top, bottom = MARGINS_MM
    return readback.read(data, top_margin_mm=top, bottom_margin_mm=bottom)


def _squash(text: str) -> str:
    return "".join(text.split())


@pytest.mark.slow
@pytest.mark.pdf
def test_hostile_text_goes_through_the_pdf_unchanged(tmp_path: Path) -> None:
    """Every hostile string (Typst's syntax, and the safety tests' HTML, Markdown, Jinja and
    YAML) as the generator writes it into a page, in a paragraph, a heading, a table cell
    and a code span, comes out of the PDF as the same text, and makes nothing: no link, no
    heading, no page of its own."""
    strings = {**TYPST, **HOSTILE, **PLACES}
    strings = {name: _visible(value) for name, value in strings.items() if name != "long"}
    body = "".join(
        f"## {escape(value[:80])} {{#h-{i}}}\n\n{escape(value)}\n\n| 原文 | 代码 |\n|---|---|\n"
        f"| {escape(value)} | {code(value)} |\n\n"
        for i, value in enumerate(strings.values())
    )
    contents = _typeset(tmp_path, body)
    text = _squash(contents.text())
    for name, value in strings.items():
        assert text.count(_squash(value)) >= 2, name  # the paragraph and the table cell
        assert _squash(value[:80]) in text, name
    # The headings are in the bookmarks (a chapter's h2) as their text, and only they are.
    headings = [title for level, title in contents.outline if level == 2]
    assert [_squash(h) for h in headings] == [_squash(v[:80]) for v in strings.values()]
    assert len(contents.pages) >= 3
    assert "example.org" not in "".join(contents.info.values())


@pytest.mark.slow
@pytest.mark.pdf
def test_a_chart_is_drawn_as_text_with_its_description_as_alt(tmp_path: Path) -> None:
    chart = (
        '<figure class="report-chart" id="fig-1">\n'
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 420 60" width="420" font-size="14">'
        "<title>图1 #标题</title><desc>行政职权事项143项；*公共服务* 121项</desc>"
        '<g class="bar"><text class="label" x="4" y="16">行政职权事项 // 注</text>'
        '<rect x="4" y="24" width="300" height="18" rx="2" fill="#4a86c8"/>'
        '<text class="value" x="310" y="38">143项</text></g></svg>\n'
        "<figcaption>图1 调整由区实施的 #事项</figcaption>\n</figure>\n"
    )
    contents = _typeset(tmp_path, f"正文。\n\n{chart}")
    text = _squash(contents.text())
    assert "行政职权事项//注" in text and "143项" in text
    assert "图1调整由区实施的#事项" in text
    assert ("图1调整由区实施的#事项" in [_squash(t) for _, t in contents.outline]) is False
