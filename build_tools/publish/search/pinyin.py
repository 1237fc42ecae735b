"""Toneless pinyin for the search: a reader who types ``fuyi`` or ``xingzheng fuyi`` finds 复议,
and one whose input method gave 复仪 for 复议 is offered the word the report uses.

Two tables go into the index, both computed with pypinyin at build time:

* words: toneless pinyin → the report's words that read so (``fuyi`` → 复议), for the words a
  reader may spell: every dictionary word of two or more Han characters that occurs at least
  twice in the text or in a heading, and every curated term. pypinyin reads each word whole,
  so a character with several readings is read as the word needs (行政 xingzheng, 银行 yinhang).
  Homophones are listed most frequent first.
* characters: each character's most common reading, for the 3,755 characters of GB 2312's
  first level (the characters of everyday text) and every character of the report. search.js
  reads a query word the report does not contain (复仪) with it, and offers the report's words
  that read the same (复议).

``ü`` is written ``v``, as on every pinyin keyboard (律 lv).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping

# One Han character (CJK Unified Ideographs and Extension A).
HAN = frozenset(chr(c) for c in range(0x3400, 0x9FFF + 1))
#: homophones kept per reading
MAX_HOMOPHONES = 6


def common_characters() -> list[str]:
    """GB 2312's first level, 3,755 characters in the order of their reading (rows 16-55)."""
    chars: list[str] = []
    for row in range(0xB0, 0xD8):
        for cell in range(0xA1, 0xFF):
            if row == 0xD7 and cell > 0xF9:  # the last row has 89 characters
                break
            chars.append(bytes((row, cell)).decode("gb2312"))
    return chars


def is_han(word: str) -> bool:
    return bool(word) and all(c in HAN for c in word)


def word_reading(word: str) -> str:
    """Toneless pinyin of a word of Han characters, syllables run together (复议 → fuyi)."""
    from pypinyin import lazy_pinyin

    return "".join(lazy_pinyin(word, v_to_u=False))


def char_readings(chars: Iterable[str]) -> dict[str, str]:
    """Each Han character's most common reading."""
    from pypinyin import lazy_pinyin

    han = sorted({c for c in chars if c in HAN})
    return dict(zip(han, (lazy_pinyin(c, v_to_u=False)[0] for c in han), strict=True))


def spellable_words(
    texts: Iterable[str], titles: Iterable[str], vocab: Iterable[str], terms: Iterable[str]
) -> Counter[str]:
    """The words readers may spell, with how often the text holds each (for ordering)."""
    corpus = "\n".join(texts)
    heading = "\n".join(titles)
    counts: Counter[str] = Counter()
    for word in vocab:
        if len(word) >= 2 and is_han(word):
            n = corpus.count(word)
            if n >= 2 or word in heading:
                counts[word] = n
    for term in terms:
        if len(term) >= 2 and is_han(term):
            counts[term] = max(counts[term], corpus.count(term), 1)
    return counts


def word_table(counts: Mapping[str, int]) -> dict[str, list[str]]:
    """Reading → words, most frequent first (then in code-point order: deterministic)."""
    table: dict[str, list[str]] = {}
    for word in sorted(counts, key=lambda w: (-counts[w], w)):
        table.setdefault(word_reading(word), []).append(word)
    return {key: words[:MAX_HOMOPHONES] for key, words in sorted(table.items())}


def encode_words(table: Mapping[str, list[str]]) -> str:
    """``fuyi:复议,覆议;rexian:热线``"""
    return ";".join(f"{key}:{','.join(words)}" for key, words in table.items())


def encode_chars(readings: Mapping[str, str]) -> str:
    """``fu:复服福;yi:议一以``: characters grouped by reading, both sorted."""
    groups: dict[str, list[str]] = {}
    for char, reading in readings.items():
        groups.setdefault(reading, []).append(char)
    return ";".join(f"{r}:{''.join(sorted(cs))}" for r, cs in sorted(groups.items()))
