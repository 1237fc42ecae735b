"""Other reports of the same kind: synthetic reports in tests/fixtures/genre/, one per shape.

None of these tests reads the 2018 report. Each fixture is a short report written for the
tests (a district's 2020 report, another city's 2019 report, a county's report in Traditional
characters without a title, a government work report); some have a config beside them.

    tianhe-2020.txt        Simplified, no repair needed; full-width indentation; sections on
                           lines of their own; a third level 1． and 1.; a last chapter about
                           problems and plans (no separate closing), with 一是…二是…;
                           特此报告 / issuer / date
    foshan-2019.txt        Simplified page scrape: breadcrumb and metadata lines, ASCII
                           punctuation, run-in sections (一) with ASCII parentheses, 一是 in a
                           section, a closing after the last chapter; issuer / date
    yangshan-2021.txt/.yml Traditional, detected; no title and no preface (the config gives
                           the title); variant s2hk; 特此報告 / issuer / 二〇二二年 date / note
    yuexiu-2020-work.txt/.yml  a government work report: title, subtitle, speaker, 各位代表：,
                           run-in and stand-alone section headings, 1. in and between
                           paragraphs; the config gives the issuer and the date
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from build_tools import cli
from build_tools.curated import config
from build_tools.errors import DataError
from build_tools.paths import config_for
from build_tools.text.model import Document, Line, Para, Points
from build_tools.text.notices import notices
from build_tools.text.parse import parse_report
from build_tools.text.script import detect_script
from tests import support as pipeline
from tests.faults import read_tree
from tests.sitebuild import project_site

GENRE = Path(__file__).resolve().parent / "fixtures" / "genre"


def run_doc(name: str) -> Document:
    source = GENRE / name
    return pipeline.run(source, pipeline.settings_for(source))


def outline(doc: Document, script: str = "zh-Hans") -> list[tuple[str, list[str]]]:
    report = doc.report(script)  # type: ignore[arg-type]
    return [(c.marker + c.title, [s.marker + s.heading for s in c.sections]) for c in report.chapters]


def sign_off(doc: Document, script: str = "zh-Hans") -> list[str]:
    return [p.text for p in doc.report(script).sign_off]  # type: ignore[arg-type]


def summary(capsys: pytest.CaptureFixture[str], source: Path, out: Path, *extra: str) -> dict[str, object]:
    assert cli.main(["generate", str(source), "--out", str(out), "--json", *extra]) == 0
    info: dict[str, object] = json.loads(capsys.readouterr().out)
    return info


# --- each fixture parses into the structure it has --------------------------------------------


def test_district_report_in_simplified_needs_no_repair() -> None:
    doc = run_doc("tianhe-2020.txt")
    assert doc.meta_hans.source_script == "zh-Hans"
    # Nothing to restore; the only conversion recorded is Taiwan's quotation marks (s2tw).
    assert [
        c for c in doc.changes if c.kind in ("repair", "punctuation", "script") and c.rule != "corner-quotes"
    ] == []
    assert {c.after for c in doc.changes if c.rule == "corner-quotes"} == {"「", "」"}
    r = doc.hans
    assert r.title == Para("广州市天河区人民政府关于2020年法治政府建设工作情况的报告", 1)
    assert doc.meta_hans.issuer == "广州市天河区人民政府"
    assert len(r.preface) == 1 and r.preface[0].text.startswith("2020年，在区委的坚强领导下")
    assert outline(doc) == [
        ("一、主要工作和成效", ["（一）加强党对法治政府建设的领导", "（二）推进依法科学民主决策"]),
        ("二、存在的问题和2021年工作打算", []),
    ]
    first = r.chapters[0].sections[0]
    assert first.heading_end == "" and first.line == 7
    # The third level stays as paragraphs, marker and all; indentation is gone.
    assert [b.text[:7] for b in first.body] == ["区政府常务会议", "1．健全领导机", "2．强化考核督"]
    # A last chapter about problems and plans keeps its paragraphs: there is no closing.
    assert r.closing == ()
    problems, plans = r.chapters[1].intro
    assert isinstance(problems, Points) and [i[:2] for i in problems.items] == ["一是", "二是"]
    assert isinstance(plans, Points) and [i[:2] for i in plans.items] == ["一是", "二是", "三是"]
    assert plans.intro == "2021年，我区将重点做好以下工作："
    assert sign_off(doc) == ["特此报告。", "广州市天河区人民政府", "2021年1月20日"]
    assert sign_off(doc, "zh-Hant") == ["特此報告。", "廣州市天河區人民政府", "2021年1月20日"]


def test_city_report_scraped_with_ascii_punctuation() -> None:
    doc = run_doc("foshan-2019.txt")
    assert doc.meta_hans.source_script == "zh-Hans"
    assert doc.meta_hans.published == "2020-03-25 10:00:00"
    assert doc.meta_hans.source_office == "市司法局"
    assert {c.rule for c in doc.changes if c.kind == "furniture"} == {"breadcrumb"}
    assert not [c for c in doc.changes if c.kind == "repair"]
    assert {c.after for c in doc.changes if c.kind == "punctuation"} == {
        "，",
        "；",
        "：",
        "（一）",
        "（二）",
        "（三）",
    }
    assert doc.hans.title is not None and doc.hans.title.line == 6
    assert [len(s) for _, s in outline(doc)] == [2, 3, 2]
    assert outline(doc)[0][1] == ["（一）推进行政审批制度改革", "（二）加强事中事后监管"]
    assert all(s.heading_end == "。" for s in doc.hans.sections())
    points = doc.hans.chapters[0].sections[1].body[0]
    assert isinstance(points, Points)
    assert points.intro == "全面推行“双随机、一公开”监管："
    assert len(points.items) == 3
    problems, steps = doc.hans.closing
    assert problems.text.startswith("同时也要看到")
    assert isinstance(steps, Points) and len(steps.items) == 3
    assert sign_off(doc) == ["佛山市人民政府", "2020年3月20日"]


def test_county_report_in_traditional_without_title_or_preface() -> None:
    doc = run_doc("yangshan-2021.txt")
    assert doc.meta_hant.source_script == "zh-Hant"  # the config says so; detection agrees
    assert doc.hans.title is None and doc.hans.preface == ()
    assert doc.meta_hans.title == "阳山县人民政府关于2021年法治政府建设情况的报告"
    assert doc.meta_hant.title == "陽山縣人民政府關於2021年法治政府建設情況的報告"
    assert doc.meta_hans.issuer == "阳山县人民政府"
    assert doc.meta_hans.published == "2022-03-15"
    assert outline(doc)[2] == ("三、下一步工作计划", [])
    assert [len(s) for _, s in outline(doc)] == [2, 2, 0]
    assert doc.hans.closing == ()
    assert sign_off(doc) == ["特此报告。", "阳山县人民政府", "二〇二二年三月十日", "（此件公开发布）"]
    assert sign_off(doc, "zh-Hant") == [
        "特此報告。",
        "陽山縣人民政府",
        "二〇二二年三月十日",
        "（此件公開發布）",
    ]
    # variant: s2hk from the config: Hong Kong forms where they differ from Taiwan's.
    assert "羣眾" in doc.hant.chapters[1].sections[1].body[0].text
    # s2hk keeps the Simplified text's quotation marks unless the config says otherwise.
    assert not any(c.rule == "corner-quotes" for c in doc.changes)
    assert not doc.notices


def test_government_work_report() -> None:
    doc = run_doc("yuexiu-2020-work.txt")
    r = doc.hans
    assert r.title == Para("2020年越秀区人民政府工作报告", 1)
    assert [b.text for b in r.preface][:3] == [
        "——2020年1月8日在越秀区第十六届人民代表大会第五次会议上",
        "区长\u3000李明",
        "各位代表：",
    ]
    assert doc.meta_hans.issuer == "广州市越秀区人民政府"
    assert outline(doc) == [
        (
            "一、2019年工作回顾",
            ["（一）经济发展稳中有进", "（二）城市更新扎实推进", "（三）民生福祉持续改善"],
        ),
        ("二、2020年工作安排", ["（一）着力推动高质量发展", "（二）着力保障和改善民生"]),
    ]
    assert [b.text for b in r.chapters[1].sections[0].body] == [
        "1.加快建设现代产业体系。",
        "2.持续优化营商环境。",
    ]
    # The address to the deputies after the last section closes the report, although the last
    # chapter is the year's plan (which otherwise holds its own closing): it is not the text of
    # section （二）.
    assert r.chapters[1].sections[1].body[-1].text == "2.推进基本公共服务均等化。"
    assert [b.text[:9] for b in r.closing] == ["各位代表，新的一年"] and r.sign_off == ()


# --- the same pages whatever the encoding ------------------------------------------------------


# Big5 proper lacks 〇 (the date's zero); Hong Kong's Big5-HKSCS has it.
@pytest.mark.parametrize(
    "name, codec", [("tianhe-2020", "gb18030"), ("yangshan-2021", "big5hkscs"), ("foshan-2019", "utf-8-sig")]
)
def test_fixture_encodings_build_the_same_pages(
    name: str, codec: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = (GENRE / f"{name}.txt").read_text(encoding="utf-8")
    for folder, data in (("utf8", text.encode("utf-8")), ("other", text.encode(codec))):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / f"{name}.txt").write_bytes(data)
        if (GENRE / f"{name}.yml").exists():
            shutil.copy(GENRE / f"{name}.yml", tmp_path / folder)
        summary(capsys, tmp_path / folder / f"{name}.txt", tmp_path / folder / "out")
    assert read_tree(tmp_path / "other" / "out") == read_tree(tmp_path / "utf8" / "out")


# --- generate --json ---------------------------------------------------------------------------


def test_generate_writes_both_scripts_and_prints_a_json_summary(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    info = summary(capsys, GENRE / "foshan-2019.txt", tmp_path / "out")
    assert {"chapters": 3, "sections": 7, "repairs": 0, "warnings": []}.items() <= info.items()
    for script in ("zh-Hans", "zh-Hant"):
        names = {p.name for p in (tmp_path / "out" / script).glob("*.md")}
        assert {
            "index.md",
            "chapter-1.md",
            "chapter-2.md",
            "chapter-3.md",
            "conclusion.md",
            "editorial-notes.md",
        } <= names
        assert "chapter-4.md" not in names
    hant = (tmp_path / "out" / "zh-Hant" / "chapter-1.md").read_text(encoding="utf-8")
    assert "## （二）加強事中事後監管 {#sec-1-2}" in hant
    assert "- 一是制定抽查事項清單；\n" in hant


def test_a_report_without_any_title_warns_and_says_where_to_give_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = (GENRE / "yangshan-2021.txt").read_text(encoding="utf-8")
    (tmp_path / "report.txt").write_text(text, encoding="utf-8")
    info = summary(capsys, tmp_path / "report.txt", tmp_path / "out")
    warning = (
        f"{tmp_path / 'report.txt'}:1: the report has no title line and the page "
        "gives none; add 'title: …' to report.yml"
    )
    assert info["warnings"] == [warning]
    assert info["chapters"] == 3


def test_the_command_line_variant_wins_over_the_config(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    summary(capsys, GENRE / "yangshan-2021.txt", tmp_path / "out", "--variant", "s2tw")
    page = (tmp_path / "out" / "zh-Hant" / "chapter-2.md").read_text(encoding="utf-8")
    assert "群眾" in page and "羣眾" not in page


def test_third_level_and_points_render_as_plain_paragraphs_and_lists(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    summary(capsys, GENRE / "tianhe-2020.txt", tmp_path / "out")
    chapter = (tmp_path / "out" / "zh-Hans" / "chapter-1.md").read_text(encoding="utf-8")
    assert "\n1．健全领导机制。" in chapter  # full-width: never a Markdown list
    assert "\n1\\.完善决策程序。" in chapter  # ASCII: escaped so it stays a paragraph
    closing = (tmp_path / "out" / "zh-Hans" / "chapter-2.md").read_text(encoding="utf-8")
    assert "但仍存在一些不足：\n\n- 一是部分单位对法治政府建设重视不够；\n- 二是" in closing
    # The last chapter holds the closing, so the sign-off ends its page (no page of its own).
    assert not (tmp_path / "out" / "zh-Hant" / "conclusion.md").exists()
    last = (tmp_path / "out" / "zh-Hant" / "chapter-2.md").read_text(encoding="utf-8")
    assert "特此報告。\n{#sign-off .sign-off}" in last and "廣州市天河區人民政府" in last


@pytest.mark.slow
@pytest.mark.parametrize(
    "name, scripts", [("tianhe-2020", ("zh-Hans", "zh-Hant")), ("yangshan-2021", ("zh-Hant",))]
)
def test_generated_pages_build_with_mkdocs_strict(
    name: str, scripts: tuple[str, ...], tmp_path: Path
) -> None:
    """Another report published as a user would (new, its config, build, site): every
    script's site builds with ``mkdocs build --strict`` and has the report's sections."""
    site = project_site(GENRE / f"{name}.txt", tmp_path / "project")
    for script in scripts:
        html = (site / script / "chapter-1" / "index.html").read_text(encoding="utf-8")
        assert 'id="sec-1-2"' in html


# --- sign-off, closing and shapes, line by line ------------------------------------------------

BODY = ["一、主要工作", "（一）健全机制。全年召开会议4次。"]


def parse(lines: list[str]) -> tuple[list[str], list[str]]:
    """(the last body paragraph's text, the sign-off) of a tiny report."""
    report = parse_report([Line(i, t) for i, t in enumerate(lines, start=1)], "zh-Hans", "r.txt")
    last = report.closing or report.chapters[-1].sections[-1].body
    return [b.text for b in last][-1:], [p.text for p in report.sign_off]


@pytest.mark.parametrize(
    "tail, expected",
    [
        (["特此报告。"], ["特此报告。"]),
        (["特此报告"], ["特此报告"]),
        (["特此报告，请予审议。"], ["特此报告，请予审议。"]),
        (["某区人民政府", "2021年1月20日"], ["某区人民政府", "2021年1月20日"]),
        (["特此报告。", "某区人民政府"], ["特此报告。", "某区人民政府"]),
        (
            ["特此报告。", "中共某区委", "某区人民政府", "2021年1月20日"],
            ["特此报告。", "中共某区委", "某区人民政府", "2021年1月20日"],
        ),
        (
            ["\u3000\u3000某区人民政府", "\u3000\u3000二〇二一年一月二十日", "（此件公开发布）"],
            ["某区人民政府", "二〇二一年一月二十日", "（此件公开发布）"],
        ),
        (["2021年1月20日"], ["2021年1月20日"]),
    ],
)
def test_sign_off_shapes(tail: list[str], expected: list[str]) -> None:
    last, sign = parse(BODY + tail)
    assert sign == expected
    assert last == ["全年召开会议4次。"]


def test_a_short_last_line_without_a_date_is_not_a_sign_off() -> None:
    """Without 特此报告 or a date nothing marks a short last line as the issuer: the text
    ends mid-sentence, and a notice says the file may be truncated."""
    lines = [*BODY, "某区人民政府"]
    report = parse_report([Line(i, t) for i, t in enumerate(lines, start=1)], "zh-Hans", "r.txt")
    assert not report.sign_off
    assert [n.message[:43] for n in notices(report)] == ["the report ends in the middle of a sentence"]


def test_a_closing_never_empties_the_last_chapter() -> None:
    lines = [
        *BODY,
        "二、下一步工作",
        "2022年，我区将继续推进依法行政。",
        "下一步，我们将一是加强学习；二是抓好落实。",
    ]
    report = parse_report([Line(i, t) for i, t in enumerate(lines, 1)], "zh-Hans", "r.txt")
    assert report.closing == ()
    lines[2] = "二、深化执法改革"
    report = parse_report([Line(i, t) for i, t in enumerate(lines, 1)], "zh-Hans", "r.txt")
    assert [b.text[:4] for b in report.chapters[1].intro] == ["2022"]
    assert [b.text[:3] for b in report.closing] == ["下一步"]


def test_points_in_a_section_body_become_a_list() -> None:
    lines = [*BODY[:1], "（一）健全机制。主要做法：一是建立制度；二是加强考核；三是强化问责。"]
    report = parse_report([Line(i, t) for i, t in enumerate(lines, 1)], "zh-Hans", "r.txt")
    body = report.chapters[0].sections[0].body[0]
    assert body == Points("主要做法：", ("一是建立制度；", "二是加强考核；", "三是强化问责。"), 2)


def test_points_out_of_sequence_stay_a_paragraph() -> None:
    lines = [*BODY[:1], "（一）健全机制。一是建立制度；三是强化问责。"]
    report = parse_report([Line(i, t) for i, t in enumerate(lines, 1)], "zh-Hans", "r.txt")
    assert isinstance(report.chapters[0].sections[0].body[0], Para)


# --- config: <source stem>.yml ------------------------------------------------------------------


def test_config_path_is_the_source_stem_with_yml() -> None:
    assert config_for("sources/guangzhou-2018-report.raw.txt") == Path("sources/guangzhou-2018-report.yml")
    assert config_for("a/tianhe-2020.txt") == Path("a/tianhe-2020.yml")
    assert config_for("report") == Path("report.yml")


def test_config_values_are_read_and_checked() -> None:
    cfg = config.parse(
        "title: 某报告\npublished: 2021-03-30\nsource_script: zh-Hans\nvariant: s2hk\n", "r.yml"
    )
    assert (cfg.given.title, cfg.given.published, cfg.given.source_script, cfg.variant) == (
        "某报告",
        "2021-03-30",
        "zh-Hans",
        "s2hk",
    )
    assert config.parse("quotes: curly\n", "r.yml").quotes == "curly"
    assert config.parse("", "r.yml") == config.ReportConfig(path="r.yml")
    assert config.parse("published: 2021-03-30 09:28:00\n", "r.yml").given.published == "2021-03-30 09:28:00"


@pytest.mark.parametrize(
    "text, line, message",
    [
        ("title: 某报告\nauthor: 某人\n", 2, "unknown key 'author'"),
        ("title: 某报告\ntitle: 另一个\n", 2, "given twice (first at line 1)"),
        ("variant: s2twp\n", 1, "'variant' must be one of s2tw, s2hk, s2t, got 's2twp'"),
        ("source_script: zh-CN\n", 1, "'source_script' must be one of zh-Hans, zh-Hant"),
        ("quotes: 「」\n", 1, "'quotes' must be one of corner, curly"),
        ("published: 去年\n", 1, "'published' is not a date"),
        ("\n\ntitle: [某报告\n", 4, "not valid YAML"),
        ("title:\n", 1, "'title' must be a non-empty text"),
        ("issuer: 42\n", 1, "'issuer' must be a non-empty text"),
        ("- title: 某报告\n", 1, "expected a mapping"),
        ("glossary: missing.yml\n", 1, "which does not exist"),
    ],
)
def test_a_bad_config_names_its_line(text: str, line: int, message: str, tmp_path: Path) -> None:
    path = str(tmp_path / "r.yml")
    with pytest.raises(DataError) as caught:
        config.parse(text, path)
    assert str(caught.value).startswith(f"{path}:{line}: ")
    assert message in str(caught.value)
    assert "what to do:" in str(caught.value)


def test_a_bad_config_stops_the_build_through_the_cli(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copy(GENRE / "tianhe-2020.txt", tmp_path / "report.txt")
    (tmp_path / "report.yml").write_text("title: 某报告\nvarient: s2hk\n", encoding="utf-8")
    code = cli.main(["generate", str(tmp_path / "report.txt"), "--out", str(tmp_path / "out")])
    err = capsys.readouterr().err
    assert code == 2
    assert err.startswith(
        f"error: {tmp_path / 'report.yml'}:2: unknown key 'varient'\n"
        "  what to do: the keys are title, short_title, issuer,"
    )
    assert not (tmp_path / "out").exists()


def test_config_values_win_over_the_page(tmp_path: Path) -> None:
    shutil.copy(GENRE / "foshan-2019.txt", tmp_path / "report.txt")
    (tmp_path / "report.yml").write_text(
        "title: 佛山市2019年度法治政府建设年度报告\npublished: 2020-03-31\n", encoding="utf-8"
    )
    doc = pipeline.run(tmp_path / "report.txt", pipeline.settings_for(tmp_path / "report.txt"))
    assert doc.meta_hans.title == "佛山市2019年度法治政府建设年度报告"
    assert doc.meta_hant.title == "佛山市2019年度法治政府建設年度報告"
    assert doc.meta_hans.published == "2020-03-31"
    assert doc.meta_hans.source_office == "市司法局"  # not in the config: from the page


@pytest.mark.parametrize(
    "name, expected",
    [
        ("tianhe-2020.txt", "zh-Hans"),
        ("foshan-2019.txt", "zh-Hans"),
        ("yangshan-2021.txt", "zh-Hant"),
        ("yuexiu-2020-work.txt", "zh-Hans"),
    ],
)
def test_the_source_script_is_detected(name: str, expected: str) -> None:
    s = pipeline.settings()
    text = (GENRE / name).read_text(encoding="utf-8")
    lines = [Line(i, t) for i, t in enumerate(text.split("\n"), 1)]
    assert detect_script(lines, s.scripts.to_hans, s.scripts.to_hant) == expected


def test_a_simplified_report_is_not_converted_before_parsing(tmp_path: Path) -> None:
    """zh-Hans source: no Traditional→Simplified step, so the Simplified text is the source
    text exactly (OpenCC tw2s would turn the Simplified 显著 into 显着)."""
    text = (GENRE / "tianhe-2020.txt").read_text(encoding="utf-8")
    text = text.replace("取得新成效。", "取得显著成效。", 1)
    (tmp_path / "report.txt").write_text(text, encoding="utf-8")
    doc = pipeline.run(tmp_path / "report.txt", pipeline.settings_for(tmp_path / "report.txt"))
    assert "取得显著成效" in doc.hans.preface[0].text
    assert "取得顯著成效" in doc.hant.preface[0].text
