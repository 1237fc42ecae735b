"""The editorial-notes page (build_tools/pages/notes.py)."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest

from build_tools.curated.config import parse
from build_tools.curated.settings import Settings
from build_tools.errors import DataError, FidelityError
from build_tools.pages import build, claims
from build_tools.paths import config_for
from build_tools.text.model import Document
from tests.support import ROOT, SOURCE, run, settings_for


@pytest.mark.parametrize("script", ["zh-Hans", "zh-Hant"])
def test_spam_is_listed_by_line_and_length_never_quoted(
    doc: Document, pages: dict[str, str], script: str
) -> None:
    """The scraped page's gambling advertising stays in the record (the fidelity check needs
    it) but the site and the PDF, which print this page, never republish it."""
    spam = [c for c in doc.changes if c.rule == "spam"]
    assert [c.line for c in spam] == [1, 100]
    notes = pages[f"{script}/editorial-notes.md"]
    for c in spam:
        for piece in re.split(r"[|_ ]+", c.before):
            assert len(piece) < 3 or piece not in notes, piece
    assert "彩" not in notes and "Wellcome" not in notes
    kind = "广告" if script == "zh-Hans" else "廣告"
    characters = "个字符" if script == "zh-Hans" else "個字元"
    for c in spam:
        row = f"| {c.line} | （{len(c.before.strip())}{characters}，"
        assert row in notes and notes.split(row, 1)[1].split("\n", 1)[0].endswith(f"| {kind} |")


# --- what the notes say about the source is true -------------------------------------------

GENRE = Path(__file__).resolve().parent / "fixtures" / "genre"
# A table row's code spans: `…` (the notes show the source's strings and the site's as code).
_CODE = re.compile(r"`+ ?(.*?) ?`+")


def _columns(page: str, section: str) -> list[dict[str, str]]:
    """The rows of the table under ``## section``, as {header: cell}."""
    part = page.split(f"{{#{section}}}\n", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in part.splitlines() if line.startswith("|")]
    head = [c.strip() for c in rows[0].strip("|").split(" | ")]
    return [
        dict(zip(head, (c.strip() for c in row.strip("|").split(" | ")), strict=True)) for row in rows[2:]
    ]


def _built(path: Path, config: str | None = None, tmp: Path | None = None) -> tuple[Document, dict[str, str]]:
    """A report built as ``generate`` builds it; with ``config``, from a copy beside that config."""
    if config is not None and tmp is not None:
        copy = tmp / path.name
        copy.write_bytes(path.read_bytes())
        config_for(copy).write_text(config, encoding="utf-8")
        path = copy
    s = settings_for(path)
    doc = run(path, s)
    return doc, build.pages(doc, s)


REPORTS = [SOURCE, GENRE / "yangshan-2021.txt", GENRE / "tianhe-2020.txt", GENRE / "twice-county-2020.txt"]


@pytest.mark.parametrize("path", REPORTS, ids=lambda p: p.stem)
def test_every_string_the_notes_show_as_the_sources_is_in_the_raw_file(path: Path) -> None:
    """The 底本 columns and the quoted lines hold the raw file's own text (not OpenCC's
    intermediate 發佈, 事事有迴音 …): read off the built page, checked against the file."""
    _doc, pages = _built(path)
    raw = path.read_text(encoding="utf-8")
    lines = raw.splitlines()
    for script in ("zh-Hans", "zh-Hant"):
        notes = pages[f"{script}/editorial-notes.md"]
        checked = 0
        for section in ("repair", "punctuation", "override", "script"):
            if f"{{#{section}}}" not in notes:
                continue
            for row in _columns(notes, section):
                for shown in _CODE.findall(row["底本"])[0].split(" "):
                    assert shown in raw, (script, section, shown)
                    checked += 1
        for section in ("furniture", "metadata"):
            if f"{{#{section}}}" not in notes:
                continue
            for row in _columns(notes, section):
                quoted = row["內容" if script == "zh-Hant" else "内容"].replace("⍽", "\u00a0")
                quoted = quoted.replace("&gt;", ">").replace("&lt;", "<").replace("&amp;", "&")
                if quoted.startswith("（") and quoted.endswith("）"):  # withheld advertising
                    continue
                assert quoted.strip("\u00a0") in lines[int(row["行"]) - 1], (script, row)
                checked += 1
        assert checked


def test_the_conversion_table_column_names_opencc_and_the_source_keeps_its_own_form(
    pages: dict[str, str],
) -> None:
    """The seed's 發布: OpenCC writes 發佈, the table puts 發布 back, and the source has 發布."""
    rows = {r["底本"]: r for r in _columns(pages["zh-Hans/editorial-notes.md"], "override")}
    assert rows["`發布`"]["OpenCC 转换"] == "`發佈`" and rows["`發布`"]["改为"] == "`發布`"
    assert rows["`事事有回音`"]["OpenCC 转换"] == "`事事有迴音`"
    assert "`發佈`" not in rows and "`陽光復議`" not in rows


@pytest.mark.parametrize("script", ["zh-Hans", "zh-Hant"])
def test_the_notes_name_the_conversion_table_the_build_read(
    pages: dict[str, str], settings: Settings, script: str
) -> None:
    notes = pages[f"{script}/editorial-notes.md"]
    table = settings.scripts.overrides[0].path
    named = re.search(r"（([\w/\\.-]+\.yml)）", notes.split("{#override}", 1)[1])
    assert named, "the notes name no conversion table"
    assert (ROOT / named.group(1).replace("\\", "")).resolve() == Path(table).resolve()
    assert "sources/overrides.yml" not in notes


def test_without_provenance_the_notes_say_only_what_the_file_shows(tmp_path: Path) -> None:
    """The seed without its config: no claim about who published it or where it was copied."""
    _doc, pages = _built(SOURCE, "", tmp_path)
    intro = pages["zh-Hans/editorial-notes.md"].split("{#notes}\n\n", 1)[1].split("\n\n")[0]
    assert "广州市人民政府网站" not in intro and "网站发布" not in intro
    assert intro.startswith("本站文字的底本是一份从网上抓取的网页文本（guangzhou-2018-report.raw.txt）。")
    assert "本站未核实报告原文的发布者。" in intro
    # What the file shows, each read off the record: its advertising lines, the page's own
    # source and date, the marks of a machine conversion (words the raw file holds).
    assert "底本第1、100行是与报告无关的广告" in intro
    assert "网页上注明的来源为市司法局，发布时间为2019年10月2日。" in intro
    examples = re.search(r"常见的错字（如(.*?)）", intro)
    assert examples and examples.group(1) == "“製度”“全麵”"
    raw = SOURCE.read_text(encoding="utf-8")
    assert "製度" in raw and "全麵" in raw


def test_the_config_states_the_provenance_and_the_notes_repeat_it(tmp_path: Path) -> None:
    config = (
        "original_publisher: 广州市人民政府\n"
        "original_url: https://www.gz.gov.cn/\n"
        "copied_from: 第三方网站\n"
        "copy_url: https://example.org/a.html\n"
    )
    _doc, pages = _built(SOURCE, config, tmp_path)
    intro = pages["zh-Hans/editorial-notes.md"].split("{#notes}\n\n", 1)[1].split("\n\n")[0]
    assert intro.startswith(
        "本站文字的底本是从第三方网站抓取的网页文本（guangzhou-2018-report.raw.txt，抓取自 "
        "https://example.org/a.html）。报告原文的发布者是广州市人民政府（https://www.gz.gov.cn/）。"
    )
    hant = pages["zh-Hant/editorial-notes.md"]
    assert "從第三方網站抓取的網頁文本" in hant and "報告原文的發布者是廣州市人民政府" in hant


@pytest.mark.parametrize("address", ["javascript:alert(1)", "www.gz.gov.cn", "https://a b"])
def test_a_provenance_address_must_be_a_web_address(address: str) -> None:
    with pytest.raises(DataError, match="'copy_url' is not a web address") as err:
        parse(f"copied_from: 第三方网站\ncopy_url: {address}\n", "report.yml")
    assert err.value.line == 2


def test_the_editions_claim_follows_the_source_script() -> None:
    """A Simplified source: the Simplified edition gives it back; no word of a Traditional
    page or of its machine conversion."""
    _doc, pages = _built(GENRE / "tianhe-2020.txt")
    notes = pages["zh-Hans/editorial-notes.md"]
    assert "把简体版按下列各表改回，即得到底本原文" in notes
    assert "繁体版由 OpenCC 从简体版转换而成" in notes
    assert "底本是繁体" not in notes and "机械转换" not in notes
    _doc, pages = _built(SOURCE)
    assert "把繁体版按下列各表改回，即得到底本原文" in pages["zh-Hans/editorial-notes.md"]


def test_the_build_stops_when_the_notes_would_claim_what_is_not_so(doc: Document) -> None:
    """The check can fail: a record missing one changed character, or quoting a string the
    source lacks, stops the build with the file and the line."""
    dropped = next(c for c in doc.changes if c.rule == "traditional-regenerated")
    broken = dataclasses.replace(doc, changes=tuple(c for c in doc.changes if c is not dropped))
    with pytest.raises(FidelityError, match="undoing the listed changes") as err:
        claims.check_undo(broken)
    assert err.value.line == dropped.line and err.value.path == doc.path
    with pytest.raises(FidelityError, match="shows “發佈”, which line 54 of the source lacks"):
        claims.check_quoted(doc, [claims.Quoted("發佈", (54,), "底本")])
    claims.check_undo(doc)  # the real record passes


def test_the_simplified_texts_mainland_forms_are_listed(doc: Document, pages: dict[str, str]) -> None:
    """OpenCC's tw2s reads the source's 著 as Taiwan's form of 着 (着力, 着落): a change the
    standard conversion does not make, listed with the source's own character."""
    changes = [c for c in doc.changes if c.rule == "mainland-variant"]
    assert [(c.before, c.after) for c in changes] == [("著", "着"), ("著", "着")]
    hans = {line.no: line.text for line in doc.hans_lines}
    assert sorted(hans[c.line][c.col : c.col + 2] for c in changes) == ["着力", "着落"]
    rows = _columns(pages["zh-Hans/editorial-notes.md"], "script")
    row = next(r for r in rows if r["规则"] == "简体版按大陆用法改写的字")
    assert (row["底本"], row["改为"], row["处数"]) == ("`著`", "`着`", "2")


@pytest.mark.parametrize("path", REPORTS, ids=lambda p: p.stem)
def test_the_notes_say_nothing_of_what_a_report_lacks(path: Path) -> None:
    """No sentence about advertising where the page had none, no 版式 heading over nothing."""
    doc, pages = _built(path)
    notes = pages["zh-Hans/editorial-notes.md"]
    has_spam = any(c.rule == "spam" for c in doc.changes)
    assert ("广告只列出行号和字符数" in notes) == has_spam
    if "{#layout}" in notes:
        assert notes.split("{#layout}\n\n", 1)[1].strip()[:2] != "##"
