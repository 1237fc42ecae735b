"""What the search knows of readers' words: the glossary's aliases and English names, the
reader-words file (phrasings and ignored words), their checks against the report with
file:line errors, docs/search-terms.json, and the pinyin the index carries.

The search's use of them in a browser is test_search_browser.py."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from build_tools.curated import glossary
from build_tools.curated.phrasings import ReaderWords, parse_reader_words
from build_tools.curated.reader import parse_entries
from build_tools.curated.settings import Settings
from build_tools.errors import DataError
from build_tools.pages.search_terms import english_words, search_terms, stem
from build_tools.paths import DOCS, SEARCH_TERMS
from build_tools.publish.search.fold import opencc_converters, single_char_table
from build_tools.publish.search.pinyin import (
    char_readings,
    common_characters,
    encode_chars,
    encode_words,
    word_reading,
    word_table,
)
from build_tools.publish.search.terms import QueryWords, fold_terms, read_terms
from build_tools.text.model import Document
from tests.sitebuild import REPO

ENTRY = "- id: a\n  term: 放权强区\n  category: program\n  definition: 定义文字\n"
DUPLICATE = "  - reader: [开公司]\n    report: [x]\n"


# --- The glossary's aliases and English names ---------------------------------------------------


def test_the_glossary_gives_aliases_and_english_names(settings: Settings) -> None:
    terms = {t.id: t for t in glossary.parse_glossary(settings.glossary)}
    assert "投诉电话" in terms["hotline-12345"].aliases
    assert terms["hotline-12345"].english == "12345 government service hotline"
    assert all(t.english for t in terms.values())


@pytest.mark.parametrize(
    ("extra", "line", "message"),
    [
        ("  aliases: 投诉电话\n", 5, "'aliases' must be a list"),
        ("  aliases: [投诉电话, 投诉电话]\n", 5, "given twice"),
        ("  aliases: [包案]\n", 5, "is the term of the entry at line 7"),
        ("  english: 热线\n", 5, "plain English"),
        ("  english: ''\n", 5, "'english' must be a non-empty text"),
    ],
)
def test_bad_aliases_and_english_names_name_their_line(extra: str, line: int, message: str) -> None:
    text = ENTRY + extra + "- id: b\n  term: 包案\n  category: mechanism\n  definition: 定义文字\n"
    with pytest.raises(DataError) as err:
        glossary.parse_glossary(parse_entries(text, "g.yml"))
    assert err.value.where == f"g.yml:{line}", str(err.value)
    assert message in str(err.value)


def test_an_alias_leads_to_one_entry() -> None:
    text = (
        ENTRY
        + "  aliases: [投诉电话]\n"
        + "- id: b\n  term: 包案\n  category: mechanism\n  definition: 定义文字\n  aliases: [投诉电话]\n"
    )
    with pytest.raises(DataError) as err:
        glossary.parse_glossary(parse_entries(text, "g.yml"))
    assert err.value.where == "g.yml:10" and "already an alias at line 5" in str(err.value)


# --- The reader-words file ----------------------------------------------------------------------


def test_the_reader_words_file_reads_phrasings_and_ignored_words() -> None:
    words = parse_reader_words(
        "ignore: [吗, What]\nphrasings:\n  - reader: [开公司, Legal  Aid]\n    report: [企业开办]\n", "r.yml"
    )
    assert words.ignore == ("吗", "what") and words.ignore_lines == (1, 1)
    (p,) = words.phrasings
    assert p.reader == ("开公司", "legal aid") and p.report == ("企业开办",) and p.line == 3


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("ignore: [吗]\nphrase: []\n", 2, "unknown key 'phrase'"),
        ("ignore: 吗\n", 1, "'ignore' must be a list"),
        ("ignore:\n  - 吗\n  - on\n", 3, "must be a non-empty text, got True"),
        ("ignore: [吗, 吗]\n", 1, "ignored twice"),
        ("phrasings:\n  - reader: [开公司]\n", 2, "no 'report' words"),
        ("phrasings:\n  - reader: [开公司]\n    report: [企业开办]\n    why: x\n", 4, "unknown key 'why'"),
        (
            "phrasings:\n  - reader: [开公司]\n    report: [企业开办]\n" + DUPLICATE,
            4,
            "already at line 2",
        ),
        ("ignore: [吗]\nphrasings:\n  - reader: [吗]\n    report: [x]\n", 3, "also in 'ignore'"),
        ("phrasings:\n  - reader: [热线]\n    report: [热线]\n", 3, "both a reader word and a report word"),
        ("phrasings: [1]\n", 1, "must be a mapping"),
    ],
)
def test_bad_reader_words_name_their_line(text: str, line: int, message: str) -> None:
    with pytest.raises(DataError) as err:
        parse_reader_words(text, "r.yml")
    assert err.value.where == f"r.yml:{line}", str(err.value)
    assert message in str(err.value)


@pytest.mark.parametrize(
    ("phrasing", "message"),
    [
        ("  - reader: [开公司]\n    report: [开公司啦]\n", "the report never says '开公司啦'"),
        ("  - reader: [热线]\n    report: [投诉]\n", "the report itself says '热线'"),
    ],
)
def test_phrasings_are_checked_against_the_report(
    settings: Settings, doc: Document, phrasing: str, message: str
) -> None:
    text = "ignore: [吗]\nphrasings:\n" + phrasing
    bad = Settings(settings.scripts, settings.glossary, reader_words=parse_reader_words(text, "r.yml"))
    with pytest.raises(DataError) as err:
        search_terms(doc, bad)
    assert err.value.where == "r.yml:3" and message in str(err.value)


def test_an_alias_the_report_uses_is_refused(settings: Settings, doc: Document) -> None:
    entries = parse_entries(ENTRY + "  aliases: [强区]\n", "g.yml")
    with pytest.raises(DataError) as err:
        search_terms(doc, Settings(settings.scripts, tuple(entries), reader_words=ReaderWords()))
    assert err.value.where == "g.yml:5" and "the report itself says '强区'" in str(err.value)


# --- docs/search-terms.json ---------------------------------------------------------------------


def test_the_generated_file_is_current_and_readable(settings: Settings, doc: Document) -> None:
    text = search_terms(doc, settings)
    assert (REPO / DOCS / SEARCH_TERMS).read_text(encoding="utf-8") == text  # make docs
    data = json.loads(text)
    expand = {row[0]: row for row in data["expand"]}
    assert expand["开公司"][1] == ["企业开办"] and expand["开公司"][2].startswith("reader-words.yml:")
    assert expand["投诉电话"][1] == ["12345政府服务热线"] and expand["投诉电话"][2].startswith(
        "glossary.yml:"
    )
    english = dict(data["english"])
    assert english["hotline"] == ["12345政府服务热线"]
    assert "government" in english and "the" not in english and "吗" in data["ignore"]


def test_english_words_are_compared_without_a_plural_s() -> None:
    assert [stem(w) for w in ("hotlines", "process", "aid", "units")] == ["hotline", "process", "aid", "unit"]
    assert english_words("Standardised legal-aid platforms", {"the"}) == [
        "standardised",
        "legal",
        "aid",
        "platform",
    ]


def test_reader_words_fold_to_one_key_in_either_script(tmp_path: Path) -> None:
    path = tmp_path / SEARCH_TERMS
    path.write_text(
        json.dumps(
            {
                "ignore": ["嗎", "What"],
                "expand": [["開公司", ["企业开办"], "r.yml:3"], ["开公司", ["开办"], "r.yml:4"]],
                "english": [["Hotlines", ["热线"]]],
            }
        ),
        encoding="utf-8",
    )
    folded = fold_terms(read_terms(path), single_char_table(opencc_converters()))
    assert folded.expand == {"hotline": ("热线",), "开公司": ("开办", "企业开办")}
    assert folded.ignore == ("吗", "what")
    assert read_terms(tmp_path / "missing.json") == QueryWords()


def test_a_damaged_file_says_to_build_again(tmp_path: Path) -> None:
    path = tmp_path / SEARCH_TERMS
    path.write_text('{"ignore": []}', encoding="utf-8")
    with pytest.raises(Exception, match="make docs"):
        read_terms(path)


# --- Pinyin ---------------------------------------------------------------------------------------


def test_words_are_read_whole_and_homophones_listed_most_frequent_first() -> None:
    assert word_reading("行政复议") == "xingzhengfuyi"
    assert word_reading("银行") == "yinhang" and word_reading("法律") == "falv"
    table = word_table({"复议": 30, "附议": 2, "热线": 5})
    assert table == {"fuyi": ["复议", "附议"], "rexian": ["热线"]}
    assert encode_words(table) == "fuyi:复议,附议;rexian:热线"


def test_the_character_table_covers_everyday_characters() -> None:
    common = common_characters()
    assert len(common) == len(set(common)) == 3755 and common[0] == "啊" and common[-1] == "座"
    readings = char_readings(["仪", "议", "组", "a"])
    assert readings == {"仪": "yi", "议": "yi", "组": "zu"}
    assert encode_chars(readings) == "yi:仪议;zu:组"
