"""The text pipeline on the real report: structure, metadata, scripts, record, fidelity."""

from __future__ import annotations

import dataclasses
import re

import pytest

from build_tools.errors import FidelityError
from build_tools.text import verify
from build_tools.text.model import Document, Line, Para, Points, Report
from build_tools.text.pipeline import STAGE_NAMES
from tests import support as pipeline
from tests.golden_files import assert_golden

OVER_CONVERSIONS = ("全麵", "製度", "體製", "機製", "體係", "方麵", "係統", "製定", "製約")


def test_stages_are_named_in_order() -> None:
    assert STAGE_NAMES == ("load", "clean", "repair", "script", "parse", "verify")


def test_eight_chapters_and_31_sections_in_both_scripts(doc: Document) -> None:
    for report in (doc.hans, doc.hant):
        assert [c.number for c in report.chapters] == list(range(1, 9))
        assert [len(c.sections) for c in report.chapters] == [4, 4, 4, 4, 4, 4, 4, 3]
        assert len(report.sections()) == 31
    assert doc.hans.chapters[2].sections[3].heading == "夯实责任机制，打造最强服务热线"
    assert doc.hant.chapters[2].sections[3].heading == "夯實責任機制，打造最強服務熱線"


def test_title_preface_and_closing(doc: Document) -> None:
    r = doc.hans
    assert r.title == Para("广州市人民政府关于我市2018年法治政府建设情况的报告", 10)
    assert len(r.preface) == 1 and r.preface[0].line == 14
    assert r.preface[0].text.startswith("2018年，我市以习近平新时代中国特色社会主义思想为指导")
    problems, steps = r.closing
    assert isinstance(problems, Para) and problems.line == 94
    assert isinstance(steps, Points) and steps.line == 96
    assert steps.intro.startswith("下一步，")
    assert [item[:2] for item in steps.items] == ["一是", "二是", "三是", "四是", "五是"]
    assert r.sign_off == ()


def test_every_paragraph_keeps_its_source_line(doc: Document) -> None:
    raw = {line.no: line.text for line in doc.cleaned}
    for _text, line in doc.hans.paragraphs():
        assert line in raw
    sections = doc.hans.sections()
    assert [s.line for s in sections[:4]] == [18, 20, 22, 24]
    assert sections[-1].line == 92


def test_metadata_is_taken_out_of_the_body(doc: Document) -> None:
    meta = doc.meta("zh-Hans")
    assert meta.published == "2019-10-02 09:28:00"
    assert meta.source_office == "市司法局"
    assert meta.issuer == "广州市人民政府"
    assert meta.page_title == "广州市人民政府关于我市2018年法治政府建设情况的报告"
    assert doc.meta("zh-Hant").issuer == "廣州市人民政府"
    body = "\n".join(line.text for line in doc.cleaned)
    assert "發布時間" not in body and "來源網站" not in body


def test_page_furniture_removed_and_recorded(doc: Document) -> None:
    removed = {(c.rule, c.line) for c in doc.changes if c.kind in ("furniture", "metadata")}
    assert removed == {
        ("spam", 1),
        ("breadcrumb", 3),
        ("page-title", 4),
        ("widget", 5),
        ("page-metadata", 6),
        ("page-metadata", 7),
        ("page-metadata", 8),
        ("blank", 12),
        ("blank", 98),
        ("spam", 100),
    }
    body_lines = [line.no for line in doc.cleaned]
    assert body_lines == [10, 14, *list(range(16, 97, 2))]


def test_simplified_is_restored(doc: Document) -> None:
    text = "\n".join(line.text for line in doc.hans_lines)
    for word in ("全面", "制度", "体系", "着力", "着落", "咨询"):
        assert word in text, word
    for bad in ("麵", "製", "係", "著力", "谘"):
        assert bad not in text, bad


def test_no_over_conversions_in_either_script(doc: Document) -> None:
    for lines in (doc.hans_lines, doc.hant_lines):
        text = "\n".join(line.text for line in lines)
        for bad in OVER_CONVERSIONS:
            assert bad not in text, bad


def test_traditional_uses_s2tw_forms_and_overrides(doc: Document) -> None:
    text = "\n".join(line.text for line in doc.hant_lines)
    for word in (
        "群眾",
        "溫國輝",
        "稅收",
        "陽光複議",
        "提供制度保障",
        "事事有回音",
        "全面",
        "體系",
        "發布",
        "公布",
    ):
        assert word in text, word
    for bad in ("陽光復議", "事事有迴音", "提供製度保障", "發佈"):
        assert bad not in text, bad
    # s2tw, not s2twp: no Taiwanese vocabulary swapped in.
    assert "文件" in text and "檔案" not in text and "程序" in text and "程式" not in text
    # Taiwan's quotation marks, each recorded: the report has 32 pairs, none nested.
    hans = "\n".join(line.text for line in doc.hans_lines)
    assert "“" not in text and "”" not in text and text.count("「") == hans.count("“") == 32
    quotes = [c for c in doc.changes if c.rule == "corner-quotes"]
    assert {(c.before, c.after) for c in quotes} == {("“", "「"), ("”", "」")}
    assert len(quotes) == 64


def test_every_change_is_recorded_with_line_before_after_rule(doc: Document) -> None:
    kinds = {c.kind for c in doc.changes}
    assert kinds >= {"furniture", "metadata", "repair", "punctuation", "script", "override"}
    for c in doc.changes:
        assert c.line > 0 and c.rule and (c.before or c.after)
    pairs = {(c.before, c.after) for c in doc.changes if c.kind == "script"}
    assert {("麵", "面"), ("製", "制"), ("係", "系"), ("谘", "咨")} <= pairs
    overrides = {(c.before, c.after) for c in doc.changes if c.kind == "override"}
    assert {
        ("陽光復議", "陽光複議"),
        ("事事有迴音", "事事有回音"),
        ("提供製度保障", "提供制度保障"),
    } <= overrides


def test_fidelity_check_passes_and_han_counts_agree(doc: Document) -> None:
    verify.verify(doc)
    for raw, hans, hant in zip(doc.cleaned, doc.hans_lines, doc.hant_lines, strict=True):
        added = sum(
            verify.han_count(c.after) - verify.han_count(c.before)
            for c in doc.changes
            if c.line == raw.no and c.kind == "repair"
        )
        assert verify.han_count(hans.text) == verify.han_count(raw.text) + added
        assert verify.han_count(hant.text) == verify.han_count(hans.text)


def test_fidelity_check_fails_on_a_lost_character(doc: Document) -> None:
    lines = list(doc.hant_lines)
    lines[5] = Line(lines[5].no, lines[5].text.replace("法治", "法", 1))
    with pytest.raises(FidelityError) as err:
        verify.check_han(dataclasses.replace(doc, hant_lines=tuple(lines)))
    assert f":{lines[5].no}:" in str(err.value)


def test_fidelity_check_fails_on_an_unrecorded_repair(doc: Document) -> None:
    body = list(doc.body)
    body[3] = Line(body[3].no, body[3].text + "。")
    with pytest.raises(FidelityError):
        verify.check_undo(dataclasses.replace(doc, body=tuple(body)))


def test_fidelity_check_fails_when_parsing_drops_text(doc: Document) -> None:
    chapter = doc.hans.chapters[0]
    section = dataclasses.replace(chapter.sections[0], body=())
    hans = dataclasses.replace(
        doc.hans,
        chapters=(
            dataclasses.replace(chapter, sections=(section, *chapter.sections[1:])),
            *doc.hans.chapters[1:],
        ),
    )
    with pytest.raises(FidelityError):
        verify.check_parse(dataclasses.replace(doc, hans=hans))


def dump(report: Report) -> str:
    """A readable dump of the model, for the golden files."""
    out = [f"# {report.script}"]
    if report.title:
        out.append(f"L{report.title.line} title: {report.title.text}")
    for b in report.preface:
        out.append(f"L{b.line} preface: {b.text}")
    for c in report.chapters:
        out.append(f"L{c.line} chapter {c.number} {c.marker}{c.title}")
        for s in c.sections:
            out.append(f"L{s.line}   {s.anchor} {s.marker}{s.heading}{s.heading_end}")
            for b in s.body:
                out.append(f"L{b.line}     {b.text}")
    for b in report.closing:
        if isinstance(b, Points):
            out.append(f"L{b.line} closing: {b.intro}")
            out += [f"L{b.line}   - {item}" for item in b.items]
        else:
            out.append(f"L{b.line} closing: {b.text}")
    return "\n".join(out) + "\n"


@pytest.mark.parametrize("script", ["zh-Hans", "zh-Hant"])
def test_golden_model(doc: Document, script: str) -> None:
    assert_golden(f"model-{script}.txt", dump(doc.report(script)))  # type: ignore[arg-type]


def test_pipeline_reads_the_source_once_and_runs_every_stage(tmp_path, settings) -> None:
    raw = pipeline.SOURCE.read_bytes()
    copy = tmp_path / "copy.txt"
    copy.write_bytes(raw)
    from_file = pipeline.run(copy, settings)
    from_bytes = pipeline.run(copy, settings, data=raw)
    assert from_file.hans == from_bytes.hans
    assert re.search(r"copy\.txt$", from_file.path)
