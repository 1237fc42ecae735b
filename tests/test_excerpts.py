"""Every excerpt the site cuts ends where a reader's eye can stop (build_tools/pages/excerpt.py):
on a word boundary as jieba cuts the text for the search (no HMM), never inside a person's
name, a cited 《title》 or a number, and at a clause end when one is in reach.

The properties are checked on real text (the seed report's paragraphs and
tests/fixtures/excerpts.txt, sentences of the dev corpus with names, titles and numbers)
against an oracle of their own: jieba's words, the names those texts hold, the 《》 pairs,
adjacent digits. Then on the built pages: no excerpt of the notes or a page description
breaks a word.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

import jieba
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from build_tools.pages import build
from build_tools.pages.excerpt import CLAUSE_END, USER_FREQUENCY, Cutter, description
from build_tools.text.model import Document
from tests.support import SOURCE, run, settings_for

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "excerpts.txt"
#: the persons named in those texts (a cut may fall before or after a name, never inside)
NAMES = ("习近平", "李克强", "郭子平", "王立德")
#: 300 cases each in the full suite; make check's hypothesis profile (tests/conftest.py) runs 30
PROPERTY = settings(max_examples=30 if settings().max_examples < 100 else 300, deadline=None)


@functools.cache
def texts() -> tuple[str, ...]:
    own = [
        line for line in FIXTURE.read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")
    ]
    doc = run(SOURCE, settings_for(SOURCE))
    return tuple(own + [text for text, _ in doc.hans.paragraphs() if len(text) > 8])


@functools.cache
def words() -> tuple[str, ...]:
    return tuple(build.dictionary_words(settings_for(SOURCE)))


@functools.cache
def cutter() -> Cutter:
    return Cutter(words())


@functools.cache
def oracle() -> jieba.Tokenizer:
    """jieba as the search uses it: its dictionary and the report's words, no HMM."""
    tk = jieba.Tokenizer()
    for w in words():
        tk.add_word(w, USER_FREQUENCY)
    return tk


def word_ends(text: str) -> set[int]:
    ends, at = {0}, 0
    for w in oracle().cut(text, HMM=False):
        at += len(w)
        ends.add(at)
    return ends


def assert_clean_cut(text: str, at: int) -> None:
    """A cut at ``at`` falls between words, outside every name, title and number."""
    assert at in word_ends(text), f"inside a word: {text[:at]}|{text[at:]}"
    for name in NAMES:
        for m in re.finditer(name, text):
            assert not m.start() < at < m.end(), f"inside {name}: {text[:at]}|{text[at:]}"
    assert text[:at].count("《") == text[:at].count("》"), f"inside a title: {text[:at]}|{text[at:]}"
    if 0 < at < len(text):
        a, b = text[at - 1], text[at]
        number = (a.isdigit() and (b.isdigit() or b in ".．%—∶:年月日")) or (b.isdigit() and a in ".．—∶:")
        assert not number, f"inside a number: {text[:at]}|{text[at:]}"


def is_clean(text: str, at: int) -> bool:
    try:
        assert_clean_cut(text, at)
    except AssertionError:
        return False
    return True


def clause_ends(text: str, low: int, high: int) -> list[int]:
    """Clause ends in [low, high] where a clean cut may fall."""
    return [k for k in range(max(1, low), high + 1) if text[k - 1] in CLAUSE_END and is_clean(text, k)]


@PROPERTY
@given(st.data())
def test_a_head_ends_on_a_clean_cut_and_at_a_clause_end_when_one_is_in_reach(data: st.DataObject) -> None:
    text = data.draw(st.sampled_from(texts()))
    limit = data.draw(st.integers(4, max(5, len(text) + 5)))
    at = cutter().head(text, limit)
    assert_clean_cut(text, at)
    if len(text) <= limit:
        assert at == len(text)
        return
    reachable = clause_ends(text, limit // 2, limit)
    if reachable:
        assert at == reachable[-1], f"not the clause end: {text[:at]}|{text[at:]}"
    elif at > limit:  # longer than asked only when no boundary is in reach
        assert not [k for k in range(1, limit + 1) if is_clean(text, k)]


@PROPERTY
@given(st.data())
def test_a_passage_around_a_change_starts_and_ends_on_clean_cuts(data: st.DataObject) -> None:
    text = data.draw(st.sampled_from(texts()))
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start, min(len(text), start + 12)))
    width = data.draw(st.integers(2, 30))
    a, b = cutter().around(text, start, end, width)
    assert a <= start and end <= b
    assert_clean_cut(text, a)
    assert_clean_cut(text, b)


def cut_point(text: str, shown: str) -> int:
    """Where ``shown`` (an excerpt ending in …, its clause mark dropped) was cut from ``text``."""
    kept = shown.removesuffix("…")
    at = len(kept)
    while at < len(text) and text[at] in CLAUSE_END:  # the dropped clause mark
        at += 1
    assert text.startswith(kept)
    return at


@PROPERTY
@given(st.data())
def test_a_description_is_whole_sentences_or_cut_clean(data: st.DataObject) -> None:
    text = data.draw(st.sampled_from(texts()))
    limit = data.draw(st.integers(20, 130))
    shown = description(text, text, limit, cutter())
    assert len(shown) <= limit or shown == text
    if shown == text:
        return
    if shown.endswith("…"):
        assert_clean_cut(text, cut_point(text, shown))
    else:
        assert text.startswith(shown) and shown[-1] in "。！？"


def test_the_leaders_name_is_never_cut() -> None:
    """The issue's own case: 下一步，我市将以习近平新时代… is never shown as 以习近……."""
    text = next(t for t in texts() if t.startswith("下一步，我市将以习近平"))
    for limit in range(2, 20):
        shown = text[: cutter().head(text, limit)]
        assert not shown.endswith(("习", "习近")), shown
    assert text[: cutter().head(text, 10)] == "下一步，我市将以"
    assert text[: cutter().head(text, 11)] == "下一步，我市将以习近平"


# --- on the built pages ----------------------------------------------------------------------

# A context cell of the notes: …before**changed**after…
_CONTEXT = re.compile(r"\| (…?)([^|*]*)\*\*([^|*]+)\*\*([^|*]*?)(…?) \| \[")


def test_the_notes_contexts_are_cut_clean(doc: Document, pages: dict[str, str]) -> None:
    lines = {line.no: line.text for line in doc.hans_lines}
    found = 0
    for m in _CONTEXT.finditer(pages["zh-Hans/editorial-notes.md"]):
        lead, before, changed, after, trail = m.groups()
        shown = (before + changed + after).replace("\\", "")
        line = next(t for t in lines.values() if shown in t)
        at = line.index(shown)
        assert (at > 0) == bool(lead) and (at + len(shown) < len(line)) == bool(trail), shown
        assert_clean_cut(line, at)
        assert_clean_cut(line, at + len(shown))
        found += 1
    assert found == 15  # every repair


@pytest.mark.parametrize("script", ["zh-Hans", "zh-Hant"])
def test_no_page_cuts_a_name(pages: dict[str, str], script: str) -> None:
    """Anywhere on either site: no 习近…… (the name the issue found cut, in four places)."""
    for name, page in pages.items():
        if name.startswith(script):
            assert not re.search(r"[习習]近(?!平)", page), name


def test_page_descriptions_end_on_clean_cuts(doc: Document, pages: dict[str, str]) -> None:
    """Every description cut from a paragraph (chapters, closing) ends on a clean cut."""
    paragraphs = [text for text, _ in doc.hans.paragraphs()]
    cut = 0
    for name, page in pages.items():
        m = re.search(r'^description: "(.*)"$', page, re.MULTILINE)
        if not name.startswith("zh-Hans/") or not m or not m.group(1).endswith("…"):
            continue
        shown = m.group(1)
        source = next((t for t in paragraphs if t.startswith(shown.removesuffix("…")[:30])), None)
        if source is not None:
            assert_clean_cut(source, cut_point(source, shown))
            cut += 1
    assert cut
