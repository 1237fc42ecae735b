"""Key figures: the rules, the accounting of every number, the curated labels, the page and its
CSV and JSON downloads, in both scripts."""

from __future__ import annotations

import csv
import html
import io
import json
import re
from collections import Counter
from pathlib import Path

import pytest
import yaml

from build_tools.curated import figures as curated_figures
from build_tools.errors import DataError
from build_tools.pages import build, figures_page, quantities
from build_tools.pages.quantities import Figures, Hit, Skip
from build_tools.paths import THEME
from build_tools.text.model import SCRIPTS, Document, Script
from tests import support as pipeline
from tests.golden_files import assert_golden

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def figs(doc: Document, settings: pipeline.Settings) -> dict[Script, Figures]:
    return quantities.extract(doc, settings.figures.entries, build.translators(settings.scripts))


# --- the rules, case by case ------------------------------------------------------------------


def _hits(text: str) -> list[tuple[str, str, str, str]]:
    """(kind, value, unit, qualifiers) of every hit, for compact expectations."""

    def words(h: Hit | Skip) -> tuple[str, str, str, str]:
        if isinstance(h, Skip):
            return h.reason, text[h.span[0] : h.span[1]], "", ""
        unit = text[h.unit[0] : h.unit[1]] if h.unit else ""
        return h.category, h.value, unit, "+".join(text[a:b] for a, b in h.qualifiers)

    return [words(h) for h in quantities.scan(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("企业开办时间压减至4个工作日内", [("duration", "4", "工作日", "内")]),
        (
            "废止31件、调整10件、保留260件",
            [("count", "31", "件", ""), ("count", "10", "件", ""), ("count", "260", "件", "")],
        ),
        ("合同涉及金额2158亿元", [("money", "2158", "亿元", "")]),
        ("100余名法治干部", [("count", "100", "名", "余")]),
        ("2000多项事项", [("count", "2000", "项", "多")]),
        ("从原来的110日减至最短30日", [("duration", "110", "日", ""), ("duration", "30", "日", "最短")]),
        ("亲自领办1件以上", [("count", "1", "件", "以上")]),
        ("过去7年", [("duration", "7", "年", "")]),
        ("主动公开政府信息2.3万条", [("count", "2.3", "万条", "")]),
        ("比例达到90%以上", [("percentage", "90", "%", "以上")]),
        ("2018年10月21日，", [("date", "2018-10-21", "", "")]),
        ("自2018年7月起", [("date", "2018-07", "", "自+起")]),
        ("穗府规〔2018〕2号", [("document-number", "〔2018〕2号", "", "")]),
        ("市政府令第156号", [("document-number", "第156号", "", "")]),
        ("广州12345政府服务热线", [("hotline", "12345", "", "")]),
        ("纲要（2015—2020年）", [("year-range", "2015—2020年", "", "")]),
        ("2017年度", [("year", "2017", "", "")]),
        ("1．健全领导机制", [("list-number", "1．", "", "")]),
        # 三甲 is the top three: 甲 is not a unit (前 and 名 are implied; see test below).
        ("名列三甲", [("rank", "3", "", "")]),
        ("名列前三名", [("rank", "3", "名", "前")]),
        ("聚焦三项国家级改革试点", [("count", "3", "项", "")]),
        # Names and slogans are not counts.
        ("当好“四个走在全国前列”排头兵", []),
        ("总结行政执法三项制度试点经验", []),
        ("十九大和十九届二中、三中全会", []),
        ("落实“百分之百沟通、百分之百办理”", []),
        ("数字9999没有单位", [("unclassified", "9999", "", "")]),
    ],
)
def test_rules(text: str, expected: list[tuple[str, str, str, str]]) -> None:
    assert _hits(text) == expected


# --- on the real report -----------------------------------------------------------------------


def test_top_three_is_a_rank_among_the_first_three(figs: dict[Script, Figures]) -> None:
    for script in ("zh-Hans", "zh-Hant"):
        f = figs[script].find("preface", after="甲")
        assert (f.category, f.value, f.unit, f.qualifier) == ("rank", "3", "名", "前")


# (section, words right before the number, value, unit, category)
EXAMPLES = [
    ("sec-2-1", "企业开办时间压减至", "4", "工作日", "duration"),
    ("sec-2-2", "名义印发的", "301", "件", "count"),
    ("sec-2-2", "废止", "31", "件", "count"),
    ("sec-2-2", "调整", "10", "件", "count"),
    ("sec-2-2", "保留", "260", "件", "count"),
    ("sec-7-4", "行政复议申请", "2945", "件", "count"),
    ("sec-5-2", "合同涉及金额", "2158", "亿元", "money"),
    ("sec-8-3", "集约前的", "675", "个", "count"),
    ("sec-8-3", "精简至", "68", "个", "count"),
    ("sec-3-1", "市级", "143", "项", "count"),
]


@pytest.mark.parametrize(("anchor", "before", "value", "unit", "category"), EXAMPLES)
def test_examples_are_found(
    figs: dict[Script, Figures], anchor: str, before: str, value: str, unit: str, category: str
) -> None:
    f = figs["zh-Hans"].find(anchor, before=before)
    assert (f.value, f.unit, f.category) == (value, unit, category)
    chapter = anchor.split("-")[1]
    assert f.passage.link == f"chapter-{chapter}.md#{anchor}"
    t = figs["zh-Hant"].figures[figs["zh-Hans"].figures.index(f)]
    assert (t.id, t.value, t.category) == (f.id, f.value, f.category)


def test_dates_are_figures(figs: dict[Script, Figures]) -> None:
    dates = {(f.passage.anchor, f.value) for f in figs["zh-Hans"].figures if f.category == "date"}
    assert {
        ("sec-2-1", "2018-10-21"),
        ("sec-2-2", "2018-01-31"),
        ("sec-2-2", "2018-07-12"),
        ("sec-8-1", "2018-07"),
    } <= dates


def test_every_digit_run_is_accounted_for_exactly_once(doc: Document, figs: dict[Script, Figures]) -> None:
    for script in SCRIPTS:
        own = figs[script]
        # The passages are the report's paragraphs and headings, all of them, in order.
        assert [p.text for p in own.passages] == [t for t, _ in doc.report(script).paragraphs()]
        accounted = Counter((id(p), run) for p, run, _ in quantities.iter_accounting(own))
        for p in own.passages:
            for m in re.finditer(r"\d+", p.text):
                n = accounted.pop((id(p), m.span()), 0)
                assert n == 1, f"{script} line {p.line}: {m.group()} accounted {n} times"
        assert not accounted, f"{script}: accounted for runs that are not digits: {accounted}"
        assert not [e for e in own.excluded if e.reason == "unclassified"], script


def test_numbers_left_out_and_why(figs: dict[Script, Figures]) -> None:
    reasons = {(e.text, e.reason) for e in figs["zh-Hans"].excluded}
    assert {
        ("〔2018〕2号", "document-number"),
        ("第156号", "document-number"),
        ("12345", "hotline"),
        ("2015—2020年", "year-range"),
        ("2016—2020年", "year-range"),
        ("2014—2018年", "year-range"),
        ("2017", "year"),
        ("2018", "year"),
    } == reasons


def test_figures_golden(figs: dict[Script, Figures]) -> None:
    lines = [
        f"{f.id}\t{f.category}\t{f.value}\t{f.unit}\t{f.qualifier}\t{figures_page.shown_label(f)}\n"
        for f in figs["zh-Hans"].figures
    ]
    assert_golden("figures-zh-Hans.tsv", "".join(lines))


def test_traditional_figures_are_the_simplified_ones(figs: dict[Script, Figures]) -> None:
    hans, hant = figs["zh-Hans"], figs["zh-Hant"]
    assert len(hans.figures) == len(hant.figures) and len(hans.excluded) == len(hant.excluded)
    for a, b in zip(hans.figures, hant.figures, strict=False):
        assert (a.id, a.value, a.category, a.span, a.passage.anchor) == (
            b.id,
            b.value,
            b.category,
            b.span,
            b.passage.anchor,
        )
        assert re.findall(r"\d+", a.clause) == re.findall(r"\d+", b.clause)
        assert len(a.unit) == len(b.unit)
    assert hant.find("sec-8-3", before="集約前的").unit == "個"


# --- curation -----------------------------------------------------------------------------------


def _curated(text: str) -> list[curated_figures.Curation]:
    return list(curated_figures.parse_curated(text, "f.yml", "r.txt").entries)


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("report: other.txt\nlabels: []\n", 1, "this file is for 'other.txt', not r.txt"),
        (
            "report: r.txt\nlabels:\n  - section: sec-2-2\n    context: 废止31件\n    lable: 废止\n",
            5,
            "unknown key 'lable'",
        ),
        (
            "report: r.txt\nlabels:\n  - section: sec-2-2\n    context: 废止31件\n",
            3,
            "neither 'label' nor 'group'",
        ),
        (
            "report: r.txt\nlabels:\n  - section: sec-2-2\n    context: 废止31件\n    label: 废止31件\n",
            5,
            "must not contain digits",
        ),
        ("report: r.txt\nfigures: []\n", 2, "unknown key 'figures'"),
        (
            "charts:\n  - title: t\n    section: sec-2-2\n    kind: pie\n    picks: [{before: 废止}]\n",
            4,
            "'kind' must be one of bars, change, parts",
        ),
        (
            "charts:\n  - title: t\n    section: sec-2-2\n    kind: bars\n    picks: [废止]\n",
            5,
            "'picks' must be a mapping like",
        ),
    ],
)
def test_invalid_curation_names_its_line(text: str, line: int, message: str) -> None:
    with pytest.raises(DataError) as err:
        _curated(text)
    assert err.value.where == f"f.yml:{line}", str(err.value)
    assert message in str(err.value)


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ("  - section: sec-2-2\n    context: 废止32件\n    label: 废止\n", "matches no figure"),
        ("  - section: sec-9-9\n    context: 废止31件\n    label: 废止\n", "matches no figure"),
        ("  - section: sec-2-2\n    context: 废止31件、调整10件\n    label: 废止\n", "matches 2 figures"),
    ],
)
def test_curation_that_matches_badly_is_an_error(doc: Document, entry: str, message: str) -> None:
    entries = _curated(
        "report: r.txt\nlabels:\n  - section: sec-1-2\n    context: 10类任务\n    label: 任务类别\n" + entry
    )
    with pytest.raises(DataError) as err:
        quantities.extract(doc, entries)
    assert err.value.where == "f.yml:6", str(err.value)
    assert message in str(err.value)


def test_a_group_may_name_several_figures(doc: Document) -> None:
    entries = _curated(
        "report: r.txt\nlabels:\n  - section: sec-2-2\n"
        "    context: 废止31件、调整10件、保留260件\n    group: 清理结果\n"
    )
    hans = quantities.extract(doc, entries)["zh-Hans"]
    assert [f.value for f in hans.figures if f.group == "清理结果"] == ["31", "10", "260"]


def test_curated_file_applies_to_its_report_only(doc: Document, settings: pipeline.Settings) -> None:
    path = pipeline.ROOT / "sources" / "figures.yml"
    with pytest.raises(DataError, match=r"is for 'guangzhou-2018-report\.raw\.txt', not other"):
        curated_figures.read_curation(path, "other-report.txt")
    curated = settings.figures
    # Every label of the real file is used (extract checks that each entry matches).
    labels = {c.label for c in curated.entries if c.label}
    used = {f.label for f in quantities.extract(doc, curated.entries)["zh-Hans"].figures}
    assert labels <= used


# --- the page, the CSV and the JSON -----------------------------------------------------------


def _cell(markdown: str) -> str:
    """A table cell as the reader sees it: links to their text, no emphasis or escapes."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", markdown)
    text = re.sub(r"\\(.)", r"\1", text.replace("**", ""))
    return html.unescape(text).strip()


def _page_rows(page: str) -> list[list[str]]:
    rows: list[list[str]] = []
    for block in re.findall(r'<div class="report-figures"[^>]*>\n\n(.*?)\n</div>', page, re.DOTALL):
        lines = block.strip().splitlines()
        assert lines[1].startswith("|---"), lines[:2]
        rows += [[_cell(c) for c in line.strip("|").split(" | ")] for line in lines[2:]]
    return rows


def test_page_csv_and_json_hold_the_same_figures(
    pages: dict[str, str], figs: dict[Script, Figures], settings: pipeline.Settings
) -> None:
    tr = build.translators(settings.scripts)
    for script in SCRIPTS:
        rows = _page_rows(pages[f"{script}/figures.md"])
        csv_text = pages[f"{script}/figures.csv"]
        assert csv_text.startswith("\ufeff")
        header, *cells = csv.reader(io.StringIO(csv_text.removeprefix("\ufeff")))
        # Chinese headers and categories for spreadsheets; the JSON keeps the English keys.
        assert header == [tr[script](figures_page.CSV_HEADERS[k]) for k in figures_page.FIELDS]
        assert header[figures_page.FIELDS.index("value")] == "數值" if script == "zh-Hant" else "数值"
        data = json.loads(pages[f"{script}/figures.json"])
        assert data["script"] == script and data["fields"] == list(figures_page.FIELDS)
        assert len(rows) == len(cells) == len(data["figures"]) == len(figs[script].figures)
        for row, line, item, f in zip(rows, cells, data["figures"], figs[script].figures, strict=True):
            rec = {k: str(v) for k, v in item.items()}
            names = tr[script](figures_page.CATEGORY_NAMES[rec["category"]])
            assert dict(zip(figures_page.FIELDS, line, strict=True)) == {**rec, "category": names}
            assert (rec["id"], rec["label"], rec["group"], rec["unit"]) == (f.id, f.label, f.group, f.unit)
            assert row == [
                figures_page.shown_label(f),
                rec["value"],
                figures_page.shown_unit(f, tr[script]),
                names,
                f"{rec['clause']}\u3000{rec['place']}",
            ], rec["id"]


def test_page_links_every_row_to_its_section(pages: dict[str, str], figs: dict[Script, Figures]) -> None:
    for script in SCRIPTS:
        page = pages[f"{script}/figures.md"]
        tables = "".join(re.findall(r'<div class="report-figures".*?</div>', page, re.DOTALL))
        links = re.findall(r"\]\(((?:chapter-\d+|index|conclusion)\.md#[a-z0-9-]+)[ )]", tables)
        assert links == [f.passage.link for f in figs[script].figures]
        for f in figs[script].figures:
            section = [p.text for p in figs[script].passages if p.anchor == f.passage.anchor]
            assert any(f.clause in text for text in section), f.id
        assert "[CSV](figures.csv)" in page and "[JSON](figures.json)" in page


def test_every_number_left_out_is_listed_on_the_page(
    pages: dict[str, str], figs: dict[Script, Figures]
) -> None:
    for script in SCRIPTS:
        listed = pages[f"{script}/figures.md"].split("{#excluded}")[1]
        rows = [line for line in listed.splitlines() if line.startswith("| ")][1:]
        assert [_cell(r.strip("|").split(" | ")[0]) for r in rows] == [e.text for e in figs[script].excluded]


def test_traditional_page_has_the_simplified_numbers(pages: dict[str, str]) -> None:
    hans = _page_rows(pages["zh-Hans/figures.md"])
    hant = _page_rows(pages["zh-Hant/figures.md"])
    assert [r[1] for r in hans] == [r[1] for r in hant]
    assert [re.findall(r"\d+", r[4]) for r in hans] == [re.findall(r"\d+", r[4]) for r in hant]
    assert "數值" in pages["zh-Hant/figures.md"] and "数值" not in pages["zh-Hant/figures.md"]


def test_figures_scripts_are_vendored_and_registered() -> None:
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    block = re.search(r"^extra_javascript:\n((?:  .*\n)+)", text, re.MULTILINE)
    assert block
    scripts = yaml.safe_load(block.group(1).replace("\n  ", "\n").strip())
    vendor = "assets/javascripts/vendor/tablesort/"
    assert (
        scripts.index(vendor + "tablesort.min.js")
        < scripts.index(vendor + "tablesort.number.min.js")
        < scripts.index("assets/javascripts/figures.js")
    )
    for path in scripts:
        assert (THEME / path).is_file(), path
    licence = (THEME / vendor / "LICENSE").read_text(encoding="utf-8")
    assert "Permission is hereby granted" in licence


def test_top_three_reads_as_the_top_three_in_the_table(pages: dict[str, str]) -> None:
    """名列三甲 is "among the top three": the table shows 3 名以内, never 名（前） (read "ranked 3")."""
    for script, unit in (("zh-Hans", "名以内"), ("zh-Hant", "名以內")):
        page = pages[f"{script}/figures.md"]
        row = next(line for line in page.splitlines() if "名列三甲" in line)
        cells = [c.strip() for c in row.strip("|").split(" | ")]
        assert cells[1:3] == ["3", unit], row
        assert "（前）" not in page
