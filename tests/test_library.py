"""A library of reports, the fast part: library.yml and the indicators file read with file:line
errors, addresses, indicator matching, paragraph anchors, records and input hashes. The builds
are in test_library_build.py."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest

from build_tools.curated.indicators import read_indicators
from build_tools.curated.library import parse, read_library
from build_tools.curated.settings import settings_for
from build_tools.errors import DataError
from build_tools.pages.build import generate
from build_tools.pages.library.address import addresses, issuer_slug
from build_tools.pages.library.indicators import convert, match, normal
from build_tools.pages.library.record import FigureRow, Record, from_json
from build_tools.pages.walk import paragraph_anchors
from build_tools.publish.library.reports import find_reports, input_hash

ROOT = Path(__file__).resolve().parent.parent
LIBRARY = ROOT / "tests" / "fixtures" / "library"
REPORT = ROOT / "sources" / "guangzhou-2018-report.raw.txt"


# --- library.yml ---------------------------------------------------------------------------


def test_the_fixture_library_reads() -> None:
    config = read_library(LIBRARY)
    assert config.title == {"zh-Hans": "测试文库", "zh-Hant": "測試文庫"}
    assert [r.key for r in find_reports(config)] == [
        "reports/longgangqu-2017",
        "reports/longgangqu-2020",
        "reports/luohuqu-2020",
        "reports/luohuqu-2021",
        "reports/shenzhenshi-2017",
        "reports/shenzhenshi-2021",
    ]


@pytest.mark.parametrize(
    ("text", "line", "says"),
    [
        ("title: {zh-Hans: 甲}\nreports: [r]\n", 1, "the title has no zh-Hant"),
        ("title: {zh-Hans: 甲, zh-Hant: 甲}\nreport: [r]\n", 2, "unknown key 'report'"),
        ("title: {zh-Hans: 甲, zh-Hant: 甲}\n", 1, "has no 'reports'"),
        ("title: {zh-Hans: 甲, zh-Hant: 甲, en: a}\nreports: [r]\n", 1, "unknown script 'en'"),
        (
            "title: {zh-Hans: 甲, zh-Hant: 甲}\nreports: [r]\nissuers:\n  国务院: Guo Wu\n",
            4,
            "not lower-case",
        ),
        ("title: {zh-Hans: 甲, zh-Hant: 甲}\nreports: []\n", 2, "names no folder"),
    ],
)
def test_library_config_errors_name_their_line(text: str, line: int, says: str, tmp_path: Path) -> None:
    with pytest.raises(DataError) as caught:
        parse(text, tmp_path / "library.yml")
    assert caught.value.line == line
    assert says in caught.value.message


def test_a_missing_report_folder_is_an_error_at_its_line(tmp_path: Path) -> None:
    text = "title: {zh-Hans: 甲, zh-Hant: 甲}\nreports:\n  - here\n  - nowhere\n"
    (tmp_path / "here").mkdir()
    with pytest.raises(DataError) as caught:
        find_reports(parse(text, tmp_path / "library.yml"))
    assert (caught.value.line, "nowhere" in caught.value.message) == (4, True)


def test_a_folder_without_one_raw_report_is_refused_not_fatal(tmp_path: Path) -> None:
    (tmp_path / "reports" / "empty" / "sources").mkdir(parents=True)
    config = parse("title: {zh-Hans: 甲, zh-Hant: 甲}\nreports: [reports]\n", tmp_path / "library.yml")
    [report] = find_reports(config)
    assert report.source is None and report.problem is not None
    assert "no raw report" in report.problem.message


# --- the indicators file -----------------------------------------------------------------------


def test_the_fixture_indicators_read() -> None:
    found = read_indicators(LIBRARY / "indicators.yml")
    assert [i.id for i in found] == [
        "gdp",
        "budget-revenue",
        "fixed-investment",
        "retail-sales",
        "gdp-growth",
    ]
    assert found[0].labels == ("地区生产总值", "本市生产总值", "本区生产总值")


@pytest.mark.parametrize(
    ("entry", "line", "says"),
    [
        ("  - {id: GDP, name: a, category: money, unit: 亿元, labels: [a]}\n", 2, "not lower-case"),
        ("  - {id: a, name: a, category: date, unit: 亿元, labels: [a]}\n", 2, "'category' must be one of"),
        ("  - {id: a, name: a, category: money, unit: 亿元}\n", 2, "has no labels"),
        (
            "  - {id: a, name: a, category: money, unit: 亿元, labels: [a], value: 3}\n",
            2,
            "unknown key 'value'",
        ),
    ],
)
def test_indicator_errors_name_their_line(entry: str, line: int, says: str, tmp_path: Path) -> None:
    path = tmp_path / "indicators.yml"
    path.write_text("indicators:\n" + entry, encoding="utf-8")
    with pytest.raises(DataError) as caught:
        read_indicators(path)
    assert (caught.value.line, caught.value.path) == (line, str(path))
    assert says in caught.value.message


def test_two_indicators_with_one_id_are_an_error_at_the_second(tmp_path: Path) -> None:
    path = tmp_path / "indicators.yml"
    one = "  - {id: a, name: a, category: money, unit: 亿元, labels: [a]}\n"
    path.write_text("indicators:\n" + one + one, encoding="utf-8")
    with pytest.raises(DataError, match="given twice") as caught:
        read_indicators(path)
    assert caught.value.line == 3


# --- addresses ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("issuer", "slug"),
    [
        ("深圳市罗湖区人民政府", "shenzhenshi-luohuqu"),
        ("国务院", "guowuyuan"),
        ("大鹏新区管理委员会", "dapengxinqu"),
        ("广东省人民政府", "guangdongsheng"),
        ("广州市人民政府", "guangzhoushi"),  # 州 of 广州 is not a unit
        ("重庆市长寿区人民政府", "chongqingshi-changshouqu"),
    ],
)
def test_issuer_addresses_are_pinyin_a_word_per_unit(issuer: str, slug: str) -> None:
    assert issuer_slug(issuer) == slug
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", slug)


def _record(key: str, issuer: str, year: int) -> Record:
    return Record(key, "h", "built", year=year, issuer=(issuer, issuer))


def test_two_reports_of_one_issuer_and_year_keep_stable_addresses() -> None:
    first = [_record("reports/a-2018", "国务院", 2018), _record("reports/b-2018", "国务院", 2019)]
    assert addresses(first) == {"reports/a-2018": "guowuyuan/2018", "reports/b-2018": "guowuyuan/2019"}
    # A second report of 2018 whose folder sorts later takes a suffix; the first keeps its address.
    more = [*first, _record("reports/z-2018", "国务院", 2018)]
    assert addresses(more)["reports/a-2018"] == "guowuyuan/2018"
    assert addresses(more)["reports/z-2018"] == "guowuyuan/2018-z-2018"
    assert addresses(more, {"国务院": "state-council"})["reports/a-2018"] == "state-council/2018"


# --- indicators --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("label", "normalised"),
    [
        ("2016年本市生产总值", "本市生产总值"),
        ("预计全年实现地区生产总值", "地区生产总值"),
        ("初步预计地区生产总值突破", "地区生产总值"),
        ("全市地区生产总值达", "地区生产总值"),
        ("占地区生产总值比重", "占地区生产总值比重"),
    ],
)
def test_labels_are_compared_without_years_and_lead_in_words(label: str, normalised: str) -> None:
    assert normal(label) == normalised


def test_units_convert_only_between_powers_of_the_same_thing() -> None:
    assert convert(2.77, "万亿元", "亿元") == pytest.approx(27700)
    assert convert(3500, "万元", "亿元") == pytest.approx(0.35)
    assert convert(5, "个百分点", "%") is None
    assert convert(5, "件", "亿元") is None


def _figure(label: str, value: str = "100", unit: str = "亿元", category: str = "money") -> FigureRow:
    return FigureRow(category, value, unit, "", (label, label), (label, label), "chapter-1", "sec-1-1-p1", 3)


def test_a_figure_is_an_indicator_by_its_label_or_marked_as_words_only() -> None:
    [gdp] = [i for i in read_indicators(LIBRARY / "indicators.yml") if i.id == "gdp"]
    record = dataclasses.replace(
        _record("r", "国务院", 2018),
        figures=(
            _figure("2016年本市生产总值", "19492.6"),
            _figure("地区生产总值由2015年", "1708.4"),
            _figure("占地区生产总值比重", "37.1", "%", "percentage"),
            _figure("固定资产投资", "4078.2"),
        ),
    )
    found = match(gdp, record)
    assert [(m.figure.value, m.kind) for m in found] == [("19492.6", "label"), ("1708.4", "words")]


# --- paragraph anchors, records, hashes -------------------------------------------------------


@pytest.mark.slow
def test_every_paragraph_anchor_is_on_the_pages_and_a_single_report_has_none() -> None:
    settings = settings_for(REPORT)
    doc, files = generate(REPORT, settings, paragraph_ids=True)
    _plain, single = generate(REPORT, settings)
    for script in ("zh-Hans", "zh-Hant"):
        anchors = [a for a in paragraph_anchors(doc.report(script)) if a]
        shown = set(
            re.findall(r"\{#([\w-]+)[ }]", "".join(t for n, t in files.items() if n.startswith(script)))
        )
        assert anchors and set(anchors) <= shown
        assert len(set(anchors)) == len(anchors)
        assert not re.search(r"\{#[\w-]+-p\d+", "".join(single.values()))
    assert paragraph_anchors(doc.hans) == paragraph_anchors(doc.hant)
    assert "sec-1-2-p1" in paragraph_anchors(doc.hans)


def test_a_record_survives_its_json() -> None:
    record = dataclasses.replace(_record("reports/a", "国务院", 2018), figures=(_figure("地区生产总值"),))
    assert from_json(record.to_json()) == record
    assert from_json({**record.to_json(), "format": 0}) is None
    assert from_json({"format": 1}) is None


def test_the_input_hash_moves_with_every_input() -> None:
    inputs = (("a.raw.txt", b"text"), ("a.yml", b"year: 2018\n"))
    base = input_hash(inputs, ["context", 1])
    assert input_hash(inputs, ["context", 1]) == base
    assert input_hash((inputs[0], ("a.yml", b"year: 2019\n")), ["context", 1]) != base
    assert input_hash(inputs, ["context", 2]) != base
    assert input_hash(inputs[:1], ["context", 1]) != base


def test_the_tool_hash_covers_what_builds_a_report_and_not_the_library_pages() -> None:
    from build_tools.paths import PACKAGE
    from build_tools.publish.library.reports import job_code

    code = {p.relative_to(PACKAGE).as_posix() for p in job_code()}
    assert {"publish/site.py", "publish/plugin.py", "publish/library/inject.py", "pages/report.py"} <= code
    assert {"publish/pdf/compile.py", "publish/search/step.py", "text/parse.py", "curated/config.py"} <= code
    assert not code & {
        "pages/library/home.py",
        "pages/library/indicator_pages.py",
        "publish/library/build.py",
    }


# --- gov-report library new --------------------------------------------------------------------


def test_library_new_writes_a_report_folder_per_text_with_issuer_and_year(tmp_path: Path) -> None:
    from build_tools.cli import main

    raw = tmp_path / "raw"
    raw.mkdir()
    # The cut-down reports under the names their pages were scraped under (README.md there).
    names = {
        "shenzhenshi-2017": "深圳市政府工作报告_2017年.txt",
        "luohuqu-2020": "2020年政府工作报告（在深圳市罗湖区第七届人民代表大会第七次会议上）_2020.txt",
    }
    for name, scraped in names.items():
        (raw / scraped).write_bytes((LIBRARY / "reports" / name / "sources" / f"{name}.raw.txt").read_bytes())
    (raw / "broken.txt").write_text("各位代表：\n一、第一章\n正文。\n三、第三章\n正文。\n", encoding="utf-8")
    assert main(["-q", "library", "new", str(raw), str(tmp_path / "lib")]) == 0
    lib = tmp_path / "lib"
    assert read_library(lib).title == {"zh-Hans": "政府报告文库", "zh-Hant": "政府報告文庫"}
    assert read_indicators(lib / "indicators.yml")
    folders = sorted(p.name for p in (lib / "reports").iterdir())
    assert folders == ["report-2", "shenzhenshi-2017", "shenzhenshi-luohuqu-2020"]
    config = next((lib / "reports" / "shenzhenshi-luohuqu-2020" / "sources").glob("*.yml")).read_text()
    # The text says 罗湖区人民政府; the byline's congress names the whole place.
    assert "issuer: 深圳市罗湖区人民政府   # from the report's text and its byline's congress" in config
    assert "year: 2020" in config
    assert (
        settings_for(next((lib / "reports" / "shenzhenshi-2017" / "sources").glob("*.raw.txt"))).report.year
        == 2017
    )
    broken = (lib / "reports" / "report-2" / "sources" / "broken.yml").read_text()
    assert broken.startswith("# `gov-report library new` could not read this report:")
    assert "chapter 二、 is missing" in broken
    # The folder must be new or empty.
    assert main(["-q", "library", "new", str(raw), str(lib)]) == 2


def test_the_progress_bar_is_drawn_only_for_a_person(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    from build_tools.publish.library.progress import wanted

    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    monkeypatch.delenv("CI", raising=False)
    assert wanted(quiet=False)
    assert not wanted(quiet=True)
    monkeypatch.setenv("CI", "true")
    assert not wanted(quiet=False)
    monkeypatch.delenv("CI")
    monkeypatch.setattr(sys.stderr, "isatty", lambda: False)
    assert not wanted(quiet=False)
