"""The repair rules, case by case (tests/fixtures/repair.txt), and on the real report."""

from __future__ import annotations

from pathlib import Path

import pytest

from build_tools.text.model import Change, Document, Line
from build_tools.text.repair import repair_lines, undo

FIXTURES = Path(__file__).parent / "fixtures" / "repair.txt"


def read_cases() -> list[tuple[str, int, str, str, list[str]]]:
    lines = [line for line in FIXTURES.read_text(encoding="utf-8").split("\n")]
    cases = []
    i = 0
    while i < len(lines):
        if not lines[i].strip() or lines[i].startswith("#"):
            i += 1
            continue
        title, start = lines[i], i + 1
        assert lines[i + 1] == ".", f"repair.txt:{i + 2}: expected '.'"
        source = lines[i + 2]
        assert lines[i + 3] == "."
        expected = lines[i + 4]
        notices = []
        j = i + 5
        while lines[j].startswith("notice: "):
            notices.append(lines[j][len("notice: ") :])
            j += 1
        assert lines[j] == ".", f"repair.txt:{j + 1}: expected '.'"
        cases.append((title, start, source, expected, notices))
        i = j + 1
    return cases


CASES = read_cases()


@pytest.mark.parametrize(
    ("title", "line", "source", "expected", "notices"),
    CASES,
    ids=[f"repair.txt:{c[1]} {c[0]}" for c in CASES],
)
def test_case(title: str, line: int, source: str, expected: str, notices: list[str]) -> None:
    repaired, changes, noticed = repair_lines([Line(1, source)], page=source)
    assert repaired[0].text == expected
    for want in notices:
        assert any(want in n.message for n in noticed), (want, noticed)
    if not notices:
        assert not noticed
    # Every change is recorded so that undoing them gives the input back exactly.
    assert undo(repaired, changes)[0].text == source
    # Repair is idempotent: a second pass changes nothing.
    again, more, _ = repair_lines(repaired, page=source)
    assert again == repaired and more == []


def test_cases_were_read() -> None:
    assert len(CASES) >= 20


def test_bare_year_needs_the_phrase_with_year_elsewhere() -> None:
    line = Line(10, "廣州市人民政府關於我市2018法治政府建設情況的報告")
    title = "廣州市人民政府關於我市2018年法治政府建設情況的報告"
    fixed, changes, _ = repair_lines([line], page=title + "\n" + line.text)
    assert fixed[0].text == title
    assert [(c.rule, c.before, c.after) for c in changes] == [("bare-year", "2018", "2018年")]
    unchanged, none, _ = repair_lines([line], page=line.text)
    assert unchanged[0] == line and none == []


# The stripped spots of the real report, read off the raw file by eye (line, before, after).
EXPECTED_REPAIRS = [
    ("year-range", 14, "20152020", "2015—2020"),
    ("year-range", 14, "20162020", "2016—2020"),
    ("year-range", 14, "20152020", "2015—2020"),
    ("year-range", 58, "20142018", "2014—2018"),
    ("document-number", 38, "〔20182", "〔2018〕2"),
    ("year-month", 44, "20187", "2018年7"),
    ("year-month", 52, "20188", "2018年8"),
    ("year-month", 70, "20183", "2018年3"),
    ("year-month", 72, "20189", "2018年9"),
    ("year-month", 80, "20185", "2018年5"),
    ("year-month", 88, "20187", "2018年7"),
    ("run-together-date", 28, "20181021", "2018年10月21日"),
    ("run-together-date", 30, "2018131", "2018年1月31日"),
    ("run-together-date", 30, "2018712", "2018年7月12日"),
    ("bare-year", 10, "2018", "2018年"),
]


def test_real_report_repairs_exactly_the_stripped_spots(doc: Document) -> None:
    got = [(c.rule, c.line, c.before, c.after) for c in doc.changes if c.kind == "repair"]
    assert got == EXPECTED_REPAIRS
    assert not doc.notices


def test_real_report_untouched_numbers(doc: Document) -> None:
    text = "\n".join(line.text for line in doc.hans_lines)
    for kept in (
        "12345政府服务热线",
        "2000多项",
        "2158亿元",
        "301件政策措施",
        "2945件",
        "675个精简至68个",
        "4个工作日内",
    ):
        assert kept in text, kept
    for fixed in (
        "2018年1月31日",
        "2018年10月21日",
        "2018年7月12日",
        "〔2018〕2号",
        "2015—2020年",
        "2016—2020年",
        "2014—2018年",
        "2018年3月",
        "我市2018年法治政府",
    ):
        assert fixed in text, fixed


def test_real_report_punctuation_is_full_width(doc: Document) -> None:
    for line in doc.hans_lines:
        for mark in ",;()":
            assert mark not in line.text, (line.no, mark)
    counts: dict[str, int] = {}
    for c in doc.changes:
        if c.kind == "punctuation":
            counts[c.after[0]] = counts.get(c.after[0], 0) + 1
    assert counts == {"，": 288, "；": 16, "：": 1, "（": 48}


def test_undo_detects_an_unrecorded_change() -> None:
    lines = (Line(1, "2018年1月31日發布"),)
    bogus = [Change("repair", "run-together-date", 1, "2018131", "2018年1月31日", col=3)]
    with pytest.raises(ValueError):
        undo(lines, bogus)
