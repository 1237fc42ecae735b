"""Property-based checks of the repair rules, the parser and the whole text pipeline.

Text is drawn from the pieces these reports are made of: Han characters (with 年月日号 and
the numerals of markers), years 1990–2030 run together with months and days, ASCII
punctuation the scrape leaves, full-width punctuation, the markers 一、（一）(一) 一是, and
ideographic spaces.
"""

from __future__ import annotations

import re
from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from build_tools.errors import BuildError
from build_tools.text.model import Line
from build_tools.text.numerals import from_int
from build_tools.text.parse import parse_report
from build_tools.text.repair import HAN, repair_lines, undo
from build_tools.text.verify import han_count
from tests import support as pipeline

# Hundreds of drawn examples each: `make test` runs them, `make check` does not.
pytestmark = pytest.mark.slow

SETTINGS = settings(max_examples=200, deadline=None)
_HAN = re.compile(f"[{HAN}]")

HANS = "我市推进依法行政建设法治政府加强制度改革工作情况报告年月日号号号是一二三四五六七八九十"
PUNCT = ",;:!?().-%/ 。，、；：“”《》（）〔〕—…\u3000"

years = st.integers(1990, 2030).map(str)
months = st.integers(1, 12).map(lambda m: st.sampled_from([str(m), f"{m:02d}"])).flatmap(lambda s: s)
days = st.integers(1, 31).map(str)
# 2018131, 20183月, 20152020年, 〔20182号 … and plain numbers.
numbers = st.one_of(
    st.tuples(years, months, days).map("".join),
    st.tuples(years, months).map(lambda t: t[0] + t[1] + "月"),
    st.tuples(years, years).map(lambda t: t[0] + t[1] + "年"),
    st.tuples(years, st.integers(1, 999)).map(lambda t: f"〔{t[0]}{t[1]}号"),
    years,
    st.integers(0, 99999).map(str),
)
markers = st.sampled_from(["一、", "二、", "（一）", "(一)", "(二)", "一是", "二是", "特此报告。"])
# A bare year is repaired only where the page also has the phrase with 年.
phrases = st.sampled_from(["2018年法治政府", "2018法治政府", "2019年工作要点", "2019工作要点"])
pieces = st.one_of(
    st.text(alphabet=HANS, min_size=1, max_size=6),
    numbers,
    phrases,
    st.text(alphabet=PUNCT, min_size=1, max_size=2),
    markers,
)

line_text = st.lists(pieces, max_size=12).map("".join)
lines = st.lists(line_text, min_size=1, max_size=12).map(
    lambda texts: [Line(no, text) for no, text in enumerate(texts, start=1)]
)


def han(texts: list[str]) -> Counter[str]:
    return Counter(c for text in texts for c in _HAN.findall(text))


# --- repair ----------------------------------------------------------------------------------


@SETTINGS
@given(lines)
def test_repair_only_adds_year_month_day(body: list[Line]) -> None:
    page = "\n".join(line.text for line in body)
    repaired, changes, _ = repair_lines(body, page)
    before, after = han([line.text for line in body]), han([line.text for line in repaired])
    assert not before - after, "a Han character was lost"
    assert set(after - before) <= set("年月日")
    for c in changes:
        assert set(han([c.after]) - han([c.before])) <= set("年月日")


@SETTINGS
@given(lines)
def test_repair_is_idempotent(body: list[Line]) -> None:
    page = "\n".join(line.text for line in body)
    once, _, _ = repair_lines(body, page)
    twice, changes, _ = repair_lines(once, page)
    assert twice == once
    assert changes == []


@SETTINGS
@given(lines)
def test_undo_gives_back_the_text_before_repair(body: list[Line]) -> None:
    page = "\n".join(line.text for line in body)
    repaired, changes, _ = repair_lines(body, page)
    assert undo(repaired, changes) == tuple(body)


# --- parse -----------------------------------------------------------------------------------


@st.composite
def reports(draw: st.DrawFn) -> list[Line]:
    """Text in the shape of a report (title, preface, chapters with sections, closing,
    sign-off), each part drawn from ``line_text``, so that many draws parse."""

    def sentence() -> str:
        return draw(line_text) + "。"

    out: list[str] = []
    if draw(st.booleans()):
        out.append(draw(st.text(alphabet=HANS, min_size=1, max_size=20)))
    out += [sentence() for _ in range(draw(st.integers(0, 2)))]
    for c in range(1, draw(st.integers(1, 4)) + 1):
        out.append(
            f"{draw(st.sampled_from(['', '　　']))}{from_int(c)}、"
            + draw(st.text(alphabet=HANS, min_size=1, max_size=12))
        )
        intro = [sentence() for _ in range(draw(st.integers(0, 1)))]
        out += intro
        for s in range(1, draw(st.integers(0 if intro else 1, 3)) + 1):
            paren = draw(st.sampled_from(["（{}）", "({})"])).format(from_int(s))
            out.append(paren + draw(line_text) + draw(st.sampled_from(["。", ""])) + sentence())
            out += [sentence() for _ in range(draw(st.integers(0, 2)))]
    out += [sentence() for _ in range(draw(st.integers(0, 2)))]
    out += draw(st.sampled_from([[], ["特此报告。"], ["某区人民政府", "2021年1月20日"]]))
    if draw(st.booleans()):  # noise: a random line anywhere
        out.insert(draw(st.integers(0, len(out))), draw(line_text))
    return [Line(no, text) for no, text in enumerate(out, start=1)]


def _check_parse(body: list[Line]) -> None:
    try:
        report = parse_report(body, "zh-Hans", "r.txt")
    except BuildError as err:
        assert err.path == "r.txt" and err.line is not None
        return
    kept = han([text for text, _ in report.paragraphs()])
    assert kept == han([line.text for line in body])


@SETTINGS
@given(lines)
def test_parse_never_crashes_and_keeps_every_han_character(body: list[Line]) -> None:
    _check_parse(body)


@SETTINGS
@given(reports())
def test_parse_of_report_shapes_keeps_every_han_character(body: list[Line]) -> None:
    _check_parse(body)


# --- the whole text pipeline -----------------------------------------------------------------

SETTINGS_ONCE = pipeline.settings()


@settings(max_examples=100, deadline=None)
@given(reports(), st.sampled_from(["utf-8", "gb18030", "utf-16"]), st.booleans())
def test_pipeline_ends_in_a_document_or_a_build_error(
    body: list[Line], codec: str, traditional: bool
) -> None:
    text = "\n".join(line.text for line in body)
    if traditional:
        text = SETTINGS_ONCE.scripts.to_hant.convert(text)
    try:
        doc = pipeline.run("r.txt", SETTINGS_ONCE, data=text.encode(codec))
    except BuildError as err:
        assert err.path == "r.txt"
        return
    assert han_count("".join(t for t, _ in doc.hans.paragraphs())) == han_count(
        "".join(line.text for line in doc.hans_lines)
    )
    assert [c.number for c in doc.hant.chapters] == [c.number for c in doc.hans.chapters]
