"""The glossary: curated data, validation, mentions in the pages, the glossary page."""

from __future__ import annotations

import re

import pytest

from build_tools.curated import glossary
from build_tools.curated.reader import parse_entries
from build_tools.errors import DataError
from build_tools.pages import glossary as pages_glossary
from build_tools.text.model import Document
from tests import support as pipeline

REQUIRED = [
    "12345政府服务热线",
    "放权强区",
    "一窗受理、集成服务",
    "阳光复议",
    "行刑衔接",
    "行政执法三项制度",
    "双轨并行制",
    "一村（社区）一法律顾问",
    "珠三角法治政府示范区",
    "公平竞争审查制度",
    "网上中介服务超市",
    "即办服务专区",
    "联审决策",
    "包案",
    "四个走在全国前列",
    "广州市行政执法监督系统",
    "经济发达镇行政管理体制改革",
]


@pytest.fixture(scope="module")
def terms(settings: pipeline.Settings) -> list[glossary.Term]:
    return glossary.parse_glossary(settings.glossary)


def test_at_least_30_entries_covering_the_named_programs(terms: list[glossary.Term]) -> None:
    assert len(terms) >= 30
    forms = {f for t in terms for f in t.forms}
    for term in REQUIRED:
        assert term in forms, term
    assert {t.category for t in terms} == set(glossary.CATEGORIES)


def test_definitions_are_short_and_use_only_the_reports_figures(
    terms: list[glossary.Term], doc: Document
) -> None:
    text = "\n".join(line.text for line in doc.hans_lines)
    numbers_in_report = set(re.findall(r"\d+", text))
    for t in terms:
        assert 10 <= len(t.definition) <= 200, t.id
        for number in re.findall(r"\d+", t.definition):
            assert number in numbers_in_report, (t.id, number)


def _plain_counts(doc: Document, terms: list[glossary.Term]) -> dict[str, int]:
    """Mentions counted plainly: each entry's spellings, longest first, outside cited titles,
    plus cited titles that are exactly a document entry's term."""
    counts: dict[str, int] = {}
    paragraphs = [b.text for b in doc.hans.preface + doc.hans.closing]
    paragraphs += [b.text for s in doc.hans.sections() for b in s.body]
    titles = [m.group()[1:-1] for p in paragraphs for m in re.finditer(r"《[^《》]*》", p)]
    text = "\n".join(re.sub(r"《[^《》]*》", "《》", p) for p in paragraphs)
    for t in terms:
        pattern = "|".join(re.escape(f) for f in sorted(t.forms, key=len, reverse=True))
        counts[t.id] = len(re.findall(pattern, text)) + sum(title in t.forms for title in titles)
    return counts


def test_mention_counts_in_pages_equal_plain_counts(
    doc: Document, terms: list[glossary.Term], pages: dict[str, str]
) -> None:
    plain = _plain_counts(doc, terms)
    for script in ("zh-Hans", "zh-Hant"):
        body = "".join(
            text
            for name, text in pages.items()
            if name.startswith(script) and re.search(r"/(index|chapter-\d+|conclusion)\.md$", name)
        )
        marked = re.findall(r'data-gloss="?([a-z0-9-]+)', body)
        in_pages = {t.id: marked.count(t.id) for t in terms}
        assert in_pages == plain, script
    assert sum(plain.values()) > 60
    assert [t for t, n in plain.items() if n == 0] == ["public-legal-service-city"]  # heading only


def test_first_mention_in_each_section_links_others_are_tooltips(pages: dict[str, str]) -> None:
    page = pages["zh-Hans/chapter-4.md"]
    section = page.split("{#sec-4-3}")[1].split("\n## ")[0]
    assert section.count("glossary.md#legislative-hearing") == 1
    first = section.index("glossary.md#legislative-hearing")
    later = section.index('data-gloss="legislative-hearing"')
    assert first < later
    assert 'tabindex="0"' in section  # tooltips reachable by keyboard
    # Never in headings.
    for line in page.splitlines():
        if line.startswith("#"):
            assert "gloss" not in line


def test_traditional_terms_are_converted_not_typed(pages: dict[str, str]) -> None:
    assert "[放權強區](glossary.md#empower-districts" in pages["zh-Hant/chapter-3.md"]
    assert "### 陽光複議 {#sunshine-review}" in pages["zh-Hant/glossary.md"]


def test_glossary_page_lists_every_entry_with_backlinks(
    terms: list[glossary.Term], pages: dict[str, str]
) -> None:
    for script in ("zh-Hans", "zh-Hant"):
        page = pages[f"{script}/glossary.md"]
        for t in terms:
            assert f"{{#{t.id}}}" in page, t.id
            entry = page.split(f"{{#{t.id}}}")[1].split("\n### ")[0]
            assert re.search(r"\]\((chapter-\d+|index|conclusion)\.md(#[a-z0-9-]+)?\)", entry), t.id
        assert "(chapter-3.md#sec-3-4)" in page


def test_entries_sorted_by_pinyin_within_category(pages: dict[str, str]) -> None:
    from pypinyin import lazy_pinyin

    page = pages["zh-Hans/glossary.md"]
    for block in page.split("\n## ")[1:]:
        names = re.findall(r"^### (.+?) \{#", block, re.MULTILINE)
        keys = [lazy_pinyin(n) for n in names]
        assert keys == sorted(keys), names


@pytest.mark.parametrize(
    ("yaml_text", "line", "message"),
    [
        (
            (
                "- id: a\n  term: 放权强区\n  category: program\n  definition: 定义文字\n"
                "- id: a\n  term: 包案\n  category: mechanism\n  definition: 定义文字\n"
            ),
            5,
            "duplicate id 'a' (first at line 1)",
        ),
        (
            (
                "- id: a\n  term: 放权强区\n  category: program\n  definition: 定义文字\n"
                "- id: b\n  term: 放权强区\n  category: mechanism\n  definition: 定义文字\n"
            ),
            6,
            "duplicate term",
        ),
        ("- id: a\n  term: 放权强区\n  category: thing\n  definition: 定义文字\n", 3, "unknown category"),
        (
            "- id: a\n  term: 放权强区\n  category: program\n  definition: 定义文字\n  related: [zzz]\n",
            5,
            "related id 'zzz' does not exist",
        ),
        ("- id: Bad_ID\n  term: 放权强区\n  category: program\n  definition: x\n", 1, "lowercase ASCII"),
        ("- id: a\n  category: program\n  definition: x\n", 1, "no 'term'"),
    ],
)
def test_invalid_glossary_entries(yaml_text: str, line: int, message: str) -> None:
    with pytest.raises(DataError) as err:
        glossary.parse_glossary(parse_entries(yaml_text, "g.yml"))
    assert err.value.where == f"g.yml:{line}", str(err.value)
    assert message in str(err.value)


def test_term_missing_from_report_is_an_error(doc: Document) -> None:
    entries = parse_entries(
        "- id: a\n  term: 放权强区\n  category: program\n  definition: x\n"
        "- id: b\n  term: 不存在的项目\n  category: program\n  definition: x\n",
        "g.yml",
    )
    terms = glossary.parse_glossary(entries)
    with pytest.raises(DataError) as err:
        pages_glossary.check_terms(terms, doc, "g.yml", entries)
    assert err.value.where == "g.yml:6" and "never occurs" in str(err.value)
