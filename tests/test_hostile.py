"""Hostile text stays text: one synthetic report full of markup, built into a real site and PDF.

The report is the Tianhe 2020 fixture with hostile strings (HTML and JavaScript, Markdown and
its extensions, Jinja, YAML, invisible characters, very long runs) in every place text enters:
the page title and metadata lines, the title line, chapter and section headings, paragraphs
(at a line start and mid-line), the closing and the sign-off, the report's config (title,
issuer, source office), a glossary whose definitions and one term are hostile, and the figure
labels of ``figures.yml``. It is built once, through the command line, in a scratch copy of
the project: ``python -m build_tools build`` and ``python -m build_tools site`` (both scripts'
``mkdocs build --strict``, the root page and the PDFs). Then:

* every HTML page is parsed: no element or attribute the strings could create, and their text
  is on the page literally;
* Chromium opens the pages (and hovers the glossary tooltips, and searches): no dialog, no
  script error;
* the PDFs' text holds the strings literally; the figures' CSV and JSON hold them as data.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from build_tools.pages import build
from build_tools.text.chars import describe, is_invisible
from build_tools.text.model import Document, Script
from build_tools.text.script import traditional_text
from scripts.bench.reader import serve_dir
from tests import support as pipeline
from tests.faults import copy_project, run_cli

pytestmark = pytest.mark.slow

SCRIPTS: tuple[Script, Script] = ("zh-Hans", "zh-Hant")
FIXTURE = Path(__file__).resolve().parent / "fixtures" / "genre" / "tianhe-2020.txt"
SOURCE = "sources/hostile-2020.raw.txt"
CONFIG_FILE = "sources/hostile-2020.yml"

# name → hostile string. Each goes into a paragraph twice: alone on its line (block syntax at
# a line start) and mid-line. Numbers in alert(…) tell the cases apart in a failure.
HOSTILE: dict[str, str] = {
    # HTML and JavaScript
    "script": "<script>alert(101)</script>",
    "img onerror": "<img src=x onerror=alert(102)>",
    "svg onload": "<svg onload=alert(103)>",
    "javascript href": '<a href="javascript:alert(104)">x</a>',
    "iframe": '<iframe src="javascript:alert(105)"></iframe>',
    "double-quote breakout": '" onmouseover="alert(106)" x="',
    "single-quote breakout": "'><script>alert(107)</script>",
    "entities": "&lt;script&gt;alert(108)&lt;/script&gt; &#60;b&#62; &amp; &nbsp;",
    "body onload": "<body onload=alert(109)>",
    "details ontoggle": "<details open ontoggle=alert(110)>",
    "title breakout": "</title><script>alert(111)</script>",
    "style": "<style>*{display:none}</style>",
    "entity in href": "<a href=javascript&colon;alert(113)>y</a>",
    "math xlink": '<math><mi xlink:href="javascript:alert(114)">m</mi></math>',
    "comment": "<!-- 注 --><script>alert(115)</script>",
    "inline tags": "<b>粗</b> <i>斜</i> <u>下</u>",
    "raw block html": "<div>块</div>",
    "md in html": "<div markdown>**粗**</div>",
    # Markdown and its extensions (admonition, details, tabs, attr_list, footnotes, abbr …)
    "admonition": '!!! danger "警告"',
    "details": '??? note "展开"',
    "tabs": '=== "标签"',
    "colon fence": "::: warning",
    "blockquote": "> 引用",
    "dash list": "- 列表",
    "plus list": "+ 列表",
    "star list": "* 列表",
    "numbered list": "1. 列表",
    "paren list": "1) 列表",
    "heading": "# 标题 #",
    "table": "| 甲 | 乙 |",
    "rule": "---",
    "star rule": "***",
    "backtick fence": "```js",
    "tilde fence": "~~~",
    "indented code": "    缩进四格",
    "emphasis": "**粗**_斜_ __粗__ ~~删~~ `代码` a|b",
    "markdown link": "[链接](http://e.com)",
    "javascript link": "[链接](javascript:alert(131))",
    "image": '![图](x "onerror=alert(132)")',
    "autolink": "<http://example.com/autolink>",
    "footnote": "脚注[^1]",
    "footnote definition": "[^1]: 脚注内容",
    "abbreviation": "*[HTML]: Hyper Text",
    "reference link": "[x]: javascript:alert(136)",
    "attribute list": "{#evil .danger onclick=alert(137)}",
    "block attribute list": "{: onclick=alert(138)}",
    "math": "$$ x^2 $$",
    "backslash": "\\*不斜\\* a\\",
    # Jinja and YAML
    "jinja expression": "{{ config.site_name }}",
    "jinja statement": "{% raw %}{{ 7*7 }}{% endraw %}",
    "jinja comment": "{# 注 #}",
    "yaml key": "title: injected",
    "yaml document": "--- !!python/object:os.system",
    # invisible characters: removed and listed on the editorial notes page
    "bidi override": "abc\u202edef",
    "c1 control": "甲\u0085乙",
    "noncharacter": "丙\ufffe丁",
    "zero width": "a\u200bb\u2066c\ufeffd",
    # all at once (the case tests/test_safe_output.py had)
    "mixed": (
        '<script>alert("x")</script>**粗**_斜_ # [链接](http://e.com) <b>粗</b> '
        "a|b `代码` &amp; {#id} <img src=x onerror=alert(1)> <!-- 注 -->"
    ),
    # very long
    "long": "<script>alert(document.cookie)</script>" * 200,
}
# Where else the strings go: short ones, so that headings stay headings (a chapter title has at
# most 80 characters, the title line 100, an issuer line 30).
PLACES: dict[str, str] = {
    "page title": "<script>alert(201)</script>",
    "page source": "<img src=x onerror=alert(202)>{{ config }}",
    "title line": "&amp;</title><script>alert(203)</script>",
    "chapter 1": "<script>alert(204)</script>\u0085\ufffe",
    "chapter 2": "<img src=x onerror=alert(205)>{#x .y onclick=z}",
    "section 1-1": '" onmouseover="alert(206)\'><svg onload=alert(207)>',
    "section 1-2": "{{ config.site_name }}{% raw %} !!! danger",
    "section 2-1": "</title><script>alert(208)</script>\u202e",
    "closing": "<iframe src=javascript:alert(209)>",
    "sign-off": "<svg onload=alert(210)>",
}
CONFIG: dict[str, str] = {
    "title": "天河区报告</title><script>alert(301)</script>",
    "issuer": '广州市天河区人民政府" onmouseover="alert(302)',
    "published": "2021-01-25",
    "source_office": "区司法局<img src=x onerror=alert(303)>{{ config }}",
    "glossary": "hostile-glossary.yml",
    "figures": "figures.yml",
}
# The glossary: definitions are hostile; one term is a hostile string of the report.
GLOSSARY: list[dict[str, str]] = [
    {
        "id": "legal-adviser",
        "term": "法律顾问",
        "category": "institution",
        "definition": '" onmouseover="alert(401)" <img src=x onerror=alert(402)>',
    },
    {
        "id": "business",
        "term": "营商环境",
        "category": "slogan",
        "definition": "</abbr><script>alert(403)</script> {{ config }} [x](javascript:alert(404))",
    },
    {
        "id": "js-term",
        "term": "javascript:alert(131)",
        "category": "platform",
        "definition": "!!! danger {#x onclick=alert(405)} &amp; ' onfocus='alert(406)",
    },
]
# A figure label and group for the key figures table, its CSV and its JSON (no digits: labels
# never hold numbers). A CSV cell must never start a spreadsheet formula.
FIGURE_LABEL = '=HYPERLINK("http://evil.example/","点击")<script>alert(document.domain)</script>'
FIGURE_GROUP = "@SUM(A:A)+cmd|' /C calc'!A"


def visible(text: str) -> str:
    """What the pages must show of ``text``: invisible characters dropped."""
    return "".join(c for c in text if not is_invisible(c))


def mid_line(text: str) -> str:
    return f"　　区政府研究 {text} 之后。"


def hostile_report() -> str:
    """The fixture with the hostile strings in every place text enters."""
    lines = FIXTURE.read_text(encoding="utf-8").split("\n")

    def at(prefix: str) -> int:
        return next(i for i, line in enumerate(lines) if line.strip().startswith(prefix))

    lines[at("广州市天河区人民政府关于")] += PLACES["title line"]
    lines[at("一、")] += PLACES["chapter 1"]
    lines[at("（一）加强")] += PLACES["section 1-1"]
    lines[at("（二）推进")] += PLACES["section 1-2"]
    # Every hostile string in section 1-1: alone on a line, then mid-line.
    body: list[str] = []
    for text in HOSTILE.values():
        body += ["", text, "", mid_line(text)]
    first = at("区政府常务会议")
    lines[first + 1 : first + 1] = body
    # The last chapter becomes an ordinary one with a section, followed by a closing.
    last = at("二、")
    closing = [
        "二、其他工作" + PLACES["chapter 2"],
        "",
        "（一）依法化解矛盾纠纷" + PLACES["section 2-1"],
        "",
        "　　全年办理行政复议案件86件，" + HOSTILE["table"] + " 持续优化法治化营商环境。",
        "",
        "　　2021年，我区将重点做好以下工作：一是深入学习贯彻习近平法治思想"
        + PLACES["closing"]
        + "；二是加强行政执法监督"
        + HOSTILE["admonition"]
        + "。",
        "",
        "　　下一步，" + HOSTILE["script"] + "继续推进法治政府建设。",
        "",
        "　　特此报告。",
        "",
        "天河区政府" + PLACES["sign-off"],
        "",
        "　　　　2021年1月20日",
        "",
    ]
    lines[last:] = closing
    head = [
        "天河区法治政府报告" + PLACES["page title"],
        "发布时间：2021-01-25 10:00:00",
        "来源：" + PLACES["page source"],
        "",
    ]
    return "\n".join(head + lines)


def figures_yml() -> str:
    return yaml.safe_dump(
        {
            "report": Path(SOURCE).name,
            "labels": [
                {
                    "section": "sec-1-1",
                    "context": "明确32项重点任务",
                    "label": FIGURE_LABEL,
                    "group": FIGURE_GROUP,
                }
            ],
        },
        allow_unicode=True,
        sort_keys=False,
    )


@dataclass
class Built:
    """The scratch project after `build` and `site`, and the pipeline's reading of its report."""

    project: Path
    doc: Document
    settings: pipeline.Settings

    @property
    def site(self) -> Path:
        return self.project / "site"

    def hant(self, text: str) -> str:
        """Report text as the Traditional report has it (not the site's own wording)."""
        return traditional_text(text, self.settings.scripts)

    def shown(self, text: str, script: Script) -> str:
        """``text`` as the pages of ``script`` must show it."""
        text = visible(text)
        return self.hant(text) if script == "zh-Hant" else text

    def page(self, script: Script, name: str) -> Parsed:
        path = self.site / script / ("index.html" if name == "index" else f"{name}/index.html")
        return Parsed.of(path)

    def pages(self, script: Script) -> list[Path]:
        return sorted((self.site / script).rglob("*.html"))


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """The hostile report, its config, glossary and figure labels, built once by the CLI."""
    project = copy_project(tmp_path_factory.mktemp("hostile") / "project")
    (project / SOURCE).write_text(hostile_report(), encoding="utf-8")
    (project / CONFIG_FILE).write_text(
        yaml.safe_dump(CONFIG, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    (project / "sources" / CONFIG["glossary"]).write_text(
        yaml.safe_dump(GLOSSARY, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    (project / "sources" / "figures.yml").write_text(figures_yml(), encoding="utf-8")
    shutil.rmtree(project / "site", ignore_errors=True)
    # The project publishes the hostile report: mkdocs.yml names it (as `new` would).
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    (project / "mkdocs.yml").write_text(
        config.replace("source: sources/guangzhou-2018-report.raw.txt", f"source: {SOURCE}"), encoding="utf-8"
    )
    # The PDF of this report is made in test_pdf_text_holds_the_strings.
    for args in (["build"], ["site", "--no-pdf"]):
        done = run_cli(project, *args)
        assert done.returncode == 0, f"{args}: {done.stderr}"
        assert "Traceback" not in done.stderr
    settings = pipeline.settings_for(project / SOURCE)
    return Built(project, pipeline.run(project / SOURCE, settings), settings)


# --- reading the HTML ---------------------------------------------------------------------------

VOID = frozenset(
    (
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "source",
        "track",
        "wbr",
        "path",
        "circle",
        "rect",
        "line",
        "polyline",
    )
)


@dataclass
class Element:
    tag: str
    attrs: dict[str, str]
    in_article: bool

    @property
    def classes(self) -> set[str]:
        return set(self.attrs.get("class", "").split())


class Parsed(HTMLParser):
    """A page's elements and text: the title, the article's paragraphs and headings."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[Element] = []
        self.stack: list[tuple[str, set[str]]] = []
        self.title = ""
        self.text: list[str] = []  # every text node of the page, scripts excluded
        self.scripts: list[str] = []
        self.blocks: list[tuple[str, str]] = []  # (tag, text) of each p/h1/h2/h3/li/dd in article
        self._block: list[str] | None = None

    @classmethod
    def of(cls, path: Path) -> Parsed:
        page = cls()
        page.feed(path.read_text(encoding="utf-8"))
        page.close()
        return page

    def inside(self, tag: str, cls: str = "") -> bool:
        return any(t == tag and (not cls or cls in c) for t, c in self.stack)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        self.elements.append(Element(tag, values, self.inside("article")))
        if tag in ("p", "h1", "h2", "h3", "li", "dd", "td") and self.inside("article"):
            if self._block is not None:
                self.blocks.append(("?", "".join(self._block)))
            self._block = []
            self.blocks.append((tag, ""))  # placeholder, filled at the end tag
        if tag not in VOID:
            self.stack.append((tag, set(values.get("class", "").split())))

    def handle_endtag(self, tag: str) -> None:
        if tag in ("p", "h1", "h2", "h3", "li", "dd", "td") and self._block is not None:
            last = next(i for i in range(len(self.blocks) - 1, -1, -1) if self.blocks[i][1] == "")
            self.blocks[last] = (self.blocks[last][0], "".join(self._block))
            self._block = None
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                break

    def handle_data(self, data: str) -> None:
        if self.inside("script"):
            self.scripts.append(data)
            return
        self.text.append(data)
        if self.inside("title"):
            self.title += data
        if self._block is not None and not self.inside("a", "headerlink"):
            self._block.append(data)

    def texts(self, tag: str) -> list[str]:
        return [text for t, text in self.blocks if t == tag]

    @property
    def all_text(self) -> str:
        return "".join(self.text)


def squashed(text: str) -> str:
    return re.sub(r"\s+", "", text)


# --- the HTML holds no markup from the text -----------------------------------------------------

# Elements the strings could create; none is in a page (the theme uses none of them either).
FORBIDDEN = frozenset(
    (
        "iframe",
        "object",
        "embed",
        "frame",
        "frameset",
        "applet",
        "base",
        "math",
        "mi",
        "img",
        "details",
        "summary",
        "marquee",
        "blockquote",
        "pre",
        "hr",
        "em",
        "del",
        "sup",
        "b",
        "i",
        "u",
        "textarea",
    )
)
# Inside a report page's article: what the generator writes, and nothing else.
REPORT_PAGE_TAGS = frozenset(("h1", "h2", "p", "a", "abbr", "ul", "li", "dl", "dt", "dd", "span"))
# Attributes whose value is a URL.
URL_ATTRS = ("href", "src", "action", "formaction", "xlink:href", "data", "poster", "srcdoc")
# Classes only Markdown extensions would give (admonition, details, tabs, footnotes).
EXTENSION_CLASS = re.compile(r"admonition|tabbed|footnote|details|arithmatex|danger|warning|evil")


def url_scheme(value: str) -> str:
    """The scheme a browser sees: control characters and spaces ignored, case folded."""
    cleaned = "".join(c for c in value if c > " " and c != "\x7f").lower()
    m = re.match(r"^([a-z][a-z0-9+.-]*):", cleaned)
    return m.group(1) if m else ""


@pytest.mark.parametrize("script", SCRIPTS)
def test_no_element_or_attribute_from_the_text_on_any_page(built: Built, script: Script) -> None:
    pages = built.pages(script)
    assert len(pages) == 9  # index, 2 chapters, conclusion, glossary, figures, documents, notes, 404
    for path in pages:
        page = Parsed.of(path)
        where = path.relative_to(built.site).as_posix()
        for e in page.elements:
            events = [name for name in e.attrs if name.startswith("on")]
            assert not events, f"{where}: <{e.tag} {events}>"
            for name in URL_ATTRS:
                scheme = url_scheme(e.attrs.get(name, ""))
                assert scheme in ("", "http", "https", "mailto"), f"{where}: {name}={e.attrs[name]!r}"
            assert e.tag not in FORBIDDEN, f"{where}: <{e.tag}>"
            assert not EXTENSION_CLASS.search(e.attrs.get("class", "")), f"{where}: {e.attrs}"
            assert not (e.tag == "svg" and e.in_article), f"{where}: an <svg> in the text"
            assert "evil" not in e.attrs.get("id", ""), where
        assert not any("alert(" in s for s in page.scripts), f"{where}: a script runs alert()"
        assert sum(e.tag == "title" for e in page.elements) == 1, where
        assert sum(e.tag == "body" for e in page.elements) == 1, where


REPORT_PAGES = ("index", "chapter-1", "chapter-2", "conclusion")


@pytest.mark.parametrize("script", SCRIPTS)
@pytest.mark.parametrize("name", REPORT_PAGES)
def test_report_pages_hold_only_what_the_generator_writes(built: Built, script: Script, name: str) -> None:
    page = built.page(script, name)
    # The theme's own lines for print (the report's name above, the source below) aside.
    article = [
        e
        for e in page.elements
        if e.in_article and e.tag != "article" and "report-print-only" not in e.classes
    ]
    assert {e.tag for e in article} <= REPORT_PAGE_TAGS, {e.tag for e in article}
    report = built.doc.report(script)
    tags = [e.tag for e in article]
    assert tags.count("h1") == 1
    if name.startswith("chapter-"):
        chapter = report.chapters[int(name.removeprefix("chapter-")) - 1]
        assert tags.count("h2") == len(chapter.sections)
        assert "ul" not in tags  # no list: the hostile "- 列表" lines stay paragraphs
    if name == "conclusion":
        assert tags.count("ul") == 1  # the closing's 一是…二是…, and nothing else
        assert len(page.texts("li")) == 2
    for e in article:
        if e.tag == "a":
            internal = not url_scheme(e.attrs.get("href", "")) and e.attrs.get("href")
            assert internal and e.classes <= {"headerlink", "gloss"}, e.attrs
        if e.tag == "abbr":
            assert e.classes == {"gloss"}, e.attrs


@pytest.mark.parametrize("name", HOSTILE)
def test_every_hostile_string_is_text_at_a_line_start_and_mid_line(built: Built, name: str) -> None:
    for script in SCRIPTS:
        shown = built.shown(HOSTILE[name], script)
        paragraphs = built.page(script, "chapter-1").texts("p")
        alone = [p for p in paragraphs if p.strip() == shown.strip()]
        mid = [p for p in paragraphs if p == built.shown(mid_line(HOSTILE[name]), script).strip()]
        assert alone, f"{script}: no paragraph reads {shown[:80]!r}"
        assert mid, f"{script}: no paragraph holds {shown[:80]!r} mid-line"


def test_there_are_at_least_forty_hostile_strings() -> None:
    assert len(HOSTILE) >= 40


@pytest.mark.parametrize("script", SCRIPTS)
def test_headings_reach_title_navigation_header_and_footer_as_text(built: Built, script: Script) -> None:
    chapters = built.doc.report(script).chapters
    heads = [c.marker + c.title for c in chapters]
    assert heads[0].endswith(built.shown(PLACES["chapter 1"], script))
    assert heads[1].endswith(built.shown(PLACES["chapter 2"], script))
    for number, head in enumerate(heads, start=1):
        page = built.page(script, f"chapter-{number}")
        assert page.texts("h1") == [head]
        assert page.title.strip().startswith(head + " - ")
        # the header's topic, the navigation, the footer of the other chapter
        assert page.all_text.count(head) >= 3, page.all_text.count(head)
        other = built.page(script, f"chapter-{3 - number}")
        labels = [e.attrs["aria-label"] for e in other.elements if "md-footer__link" in e.classes]
        assert any(label.endswith(": " + head) for label in labels), labels
    sections = [s for c in built.doc.report(script).chapters for s in c.sections]
    for s, place in zip(sections[:2], ("section 1-1", "section 1-2"), strict=True):
        assert s.heading.endswith(built.shown(PLACES[place], script))
        assert s.marker + s.heading in built.page(script, "chapter-1").texts("h2")


@pytest.mark.parametrize("script", SCRIPTS)
def test_metadata_config_closing_and_sign_off_are_text(built: Built, script: Script) -> None:
    index = built.page(script, "index")
    title = built.doc.report(script).title
    assert title is not None and title.text.endswith(built.shown(PLACES["title line"], script))
    assert index.texts("h1") == [title.text]
    dd = index.texts("dd")
    assert built.shown(CONFIG["issuer"], script) in dd
    assert built.shown(CONFIG["source_office"], script) in dd
    conclusion = built.page(script, "conclusion")
    items = conclusion.texts("li")
    assert built.shown(PLACES["closing"], script) in items[0]
    assert built.shown(HOSTILE["admonition"], script) in items[1]
    assert any(built.shown(HOSTILE["script"], script) in p for p in conclusion.texts("p"))
    assert built.shown("天河区政府" + PLACES["sign-off"], script) in conclusion.texts("p")
    notes = built.page(script, "editorial-notes").texts("td")
    # The page title and the page's source line are quoted, as in the raw page, where the
    # notes list the metadata moved out of the text.
    assert visible("天河区法治政府报告" + PLACES["page title"]) in notes
    assert visible("来源：" + PLACES["page source"]) in notes


def test_invisible_characters_are_removed_and_listed_on_the_notes_page(built: Built) -> None:
    used = {c for text in (*HOSTILE.values(), *PLACES.values()) for c in text if is_invisible(c)}
    assert {"\u202e", "\u0085", "\ufffe", "\u200b", "\u2066", "\ufeff"} <= used
    for folder in ("docs", "site"):
        for path in (built.project / folder).rglob("*"):
            if path.suffix in (".md", ".html", ".json", ".csv", ".js"):
                text = path.read_text(encoding="utf-8").removeprefix("\ufeff")  # the CSV's BOM
                found = sorted({f"U+{ord(c):04X}" for c in text if c in used})
                assert not found, f"{path.relative_to(built.project)}: {found}"
    for script in SCRIPTS:
        notes = built.page(script, "editorial-notes").all_text
        for c in used:
            assert describe(c) in notes, describe(c)


@pytest.mark.parametrize("script", SCRIPTS)
def test_glossary_definitions_and_terms_are_text(built: Built, script: Script) -> None:
    page = built.page(script, "glossary")
    paragraphs = page.texts("p")
    tips: set[str] = set()
    for chapter in ("chapter-1", "chapter-2"):
        tips |= {
            e.attrs["title"]
            for e in built.page(script, chapter).elements
            if "gloss" in e.classes and "title" in e.attrs
        }
    for entry in GLOSSARY:
        definition = built.shown(squashed(entry["definition"]), script)
        assert definition in paragraphs, definition
        assert any(tip.endswith("：" + definition) for tip in tips), (definition, tips)
    assert "javascript:alert(131)" in page.texts("h3")


@pytest.mark.parametrize("script", SCRIPTS)
def test_figure_labels_are_text_on_the_page_and_data_in_csv_and_json(built: Built, script: Script) -> None:
    label, group = built.shown(FIGURE_LABEL, script), built.shown(FIGURE_GROUP, script)
    page = built.page(script, "figures")
    assert any(f"{group}：{label}" == cell for cell in page.texts("td"))
    rows = list(
        csv.DictReader(io.StringIO((built.site / script / "figures.csv").read_text(encoding="utf-8-sig")))
    )
    # The header is in the page's script (主题, 所指; 主題 in Traditional).
    group_key, label_key = built.shown("主题", script), built.shown("所指", script)
    assert [(r[group_key], r[label_key]) for r in rows if r[label_key].endswith(label[1:])] == [
        ("'" + group, "'" + label)
    ]
    for row in rows:  # no cell a spreadsheet would take for a formula
        assert not any(v[:1] in ("=", "+", "-", "@", "\t", "\r") for v in row.values()), row
    data = json.loads((built.site / script / "figures.json").read_text(encoding="utf-8"))
    assert [(f["group"], f["label"]) for f in data["figures"] if f["label"] == label] == [(group, label)]
    # Numbers inside hostile strings are listed with their clause among those left out.
    assert any(built.shown(HOSTILE["script"], script) in cell for cell in page.texts("td"))


# --- in a browser -------------------------------------------------------------------------------

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# After the page ran: every element with an event attribute or a javascript: link.
FIND_ACTIVE = """() => [...document.querySelectorAll('*')].flatMap(e => [...e.attributes]
  .filter(a => /^on/i.test(a.name) || (/^(href|src|action|formaction|xlink:href|data)$/i.test(a.name)
    && /^\\s*javascript:/i.test(a.value)))
  .map(a => e.tagName + ' ' + a.name + '=' + a.value.slice(0, 60)))"""


@pytest.fixture(scope="module")
def server(built: Built) -> Iterator[str]:
    """The built site served on a free port of 127.0.0.1 (the benchmark's server)."""
    with serve_dir(built.site) as base:
        yield base


@pytest.mark.browser
def test_no_dialog_or_script_error_in_chromium(built: Built, server: str) -> None:
    """Every page of both scripts, its glossary tooltips hovered and focused, and a search
    whose results show hostile text: no dialog opens, no script fails, nothing is fetched
    from another host, and no element gains an event attribute or a javascript: link."""
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is not installed")
    from playwright.sync_api import ConsoleMessage, Dialog, Error, Route, sync_playwright

    dialogs: list[str] = []
    errors: list[str] = []
    outside: list[str] = []

    def on_dialog(dialog: Dialog) -> None:
        dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            errors.append(message.text)

    def on_error(error: Error) -> None:
        errors.append(str(error))

    def guard(route: Route) -> None:
        if route.request.url.startswith(server + "/"):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            context.route("**/*", guard)
            page = context.new_page()
            page.on("dialog", on_dialog)
            page.on("console", on_console)
            page.on("pageerror", on_error)
            for script in SCRIPTS:
                for path in built.pages(script):
                    rel = path.relative_to(built.site).as_posix().removesuffix("index.html")
                    page.goto(f"{server}/{rel}", wait_until="load")
                    for gloss in page.locator(".gloss").all():  # the tooltips render
                        page.keyboard.press("Escape")  # the last one's tooltip (hoverable,
                        page.mouse.move(0, 0)  # so it may cover the next term) away
                        gloss.hover()
                        gloss.focus()
                    page.wait_for_timeout(50)
                    active = page.evaluate(FIND_ACTIVE)
                    assert not active, f"{rel}: {active}"
                # Search results quote the text around the hits: hostile text, as text.
                page.goto(f"{server}/{script}/chapter-1/")
                page.locator(".rs-open").click()
                page.locator(".rs-input").fill("onerror")
                page.locator("#rs-results li").first.wait_for()
                shown = "".join(page.locator("#rs-results li").all_inner_texts())
                assert "<img src=x onerror=alert(102)>" in shown.replace("\u200b", "")
                assert not page.evaluate(FIND_ACTIVE)
        finally:
            browser.close()
    assert not dialogs, dialogs
    assert not errors, errors
    assert not outside, outside


# --- in the PDF ---------------------------------------------------------------------------------


@pytest.mark.pdf
@pytest.mark.parametrize("script", ["zh-Hans"])
def test_pdf_text_holds_the_strings(built: Built, script: Script) -> None:
    """The PDF of the generated pages (``pdf.make_pdf``, what ``site`` runs per script)."""
    from build_tools.publish.pdf import make_pdf
    from build_tools.publish.project import find

    tr = build.translators(built.settings.scripts)[script]
    made = make_pdf(find(built.project), built.doc, script, tr)  # checks every paragraph
    text = squashed(made.contents.text())
    for name, hostile in HOSTILE.items():
        assert squashed(built.shown(hostile, script)) in text, name
    for place, hostile in PLACES.items():
        assert squashed(built.shown(hostile, script)) in text, place
    for key in ("issuer", "source_office"):
        assert squashed(built.shown(CONFIG[key], script)) in text, key
    for entry in GLOSSARY:
        assert squashed(built.shown(entry["definition"], script)) in text
    assert not any(c in made.contents.text() for c in "\u202e\u0085\ufffe\u200b")
    assert made.contents.info.get("Title", "") == built.shown(CONFIG["title"], script)


# --- a project that `gov-report new` starts from a report with placeholders in its title ------

PLACEHOLDER_TITLE = "广州市天河区人民政府关于2020年@SOURCE@法治政府@THEME_DIR@建设工作情况的报告"


@pytest.fixture(scope="module")
def started(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``gov-report new`` for the Tianhe report whose title line holds the placeholders of
    new's templates, then ``gov-report site --no-pdf`` in the project it made."""
    folder = tmp_path_factory.mktemp("placeholders")
    lines = FIXTURE.read_text(encoding="utf-8").split("\n")
    (folder / "report.txt").write_text("\n".join([PLACEHOLDER_TITLE, *lines[1:]]), encoding="utf-8")
    done = run_cli(folder, "new", "report.txt", "project")
    assert done.returncode == 0, done.stderr
    done = run_cli(folder / "project", "site", "--no-pdf")
    assert done.returncode == 0, done.stderr
    return folder / "project"


@pytest.mark.slow
def test_report_text_is_never_read_as_a_placeholder_of_the_config(started: Path) -> None:
    """A title holding ``@SOURCE@`` and ``@THEME_DIR@`` used to have them replaced in the
    config new writes: site_name gained the report's path and the theme folder, and so did
    every page's <title>."""
    for config, title in (("mkdocs.yml", PLACEHOLDER_TITLE), ("mkdocs.zh-Hant.yml", None)):
        data = yaml.safe_load((started / config).read_text(encoding="utf-8").replace("INHERIT:", "# "))
        if title:
            assert data["site_name"] == title
            assert data["theme"]["custom_dir"] == "overrides"
            assert data["plugins"][0]["gov-report"]["source"] == "sources/report.txt"
        assert "@SOURCE@" in data["site_name"] and "@THEME_DIR@" in data["site_name"]
        assert "sources/" not in data["site_name"] and "overrides" not in data["site_name"]
    pages = sorted((started / "site").rglob("index.html"))
    assert len(pages) > 10
    for page in pages:
        title = re.search(r"<title>(.*?)</title>", page.read_text(encoding="utf-8"), re.S)
        assert title, page
        assert "@SOURCE@" in title.group(1) and "sources/" not in title.group(1), page


@pytest.mark.slow
@pytest.mark.browser
def test_the_404_page_never_sends_its_links_to_a_host_named_in_the_address(started: Path) -> None:
    """A server that answers every missing path with the root 404.html: at
    ``http://host//evil.example/zh-Hans/x`` the page's script used to point 返回首页 and the
    script switch at ``http://evil.example/…``. The links stay on the site's own host."""
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is not installed")
    from playwright.sync_api import Route, sync_playwright

    site = started / "site"
    with serve_dir(site) as server, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_context().new_page()

            def not_found(route: Route) -> None:
                route.fulfill(status=404, path=site / "404.html", content_type="text/html; charset=utf-8")

            page.context.route(lambda url: "evil.example" in url, not_found)
            for path in ("//evil.example/zh-Hans/x", "//evil.example/zh-Hant/", "/\\evil.example/zh-Hans/"):
                page.goto(f"{server}{path}")
                links = page.eval_on_selector_all("a[data-path]", "links => links.map(a => a.href)")
                assert len(links) == 4, path  # 返回首页 of each script, and the script switch
                assert all(link.startswith(f"{server}/") for link in links), (path, links)
        finally:
            browser.close()
