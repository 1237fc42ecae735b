"""Where the site may cut the report's text: the passages the notes show around a change, the
descriptions of the pages.

A cut falls where a reader's eye can stop: on a word boundary as jieba segments the text
(without its HMM, as the search does, with the report's search words), never inside a
person's name, a cited 《title》 or a number (2015—2020, 2018年7月12日), and at the end of a
clause when one is near enough. A name the dictionary lacks is a word jieba's HMM finds
(区长郭子平在: 郭子平), or the two or three characters between an office and what its holder
does (区长王立德在, which the HMM splits 王/立德); jieba's part-of-speech tagger would find them
too, at twice the time and memory of the segmenter. Only Simplified text is segmented: the
Traditional text is aligned with it character for character, so the same offsets cut it at
the same places.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from functools import cached_property
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import jieba

#: what ends a clause: a cut right after one of these is the best cut
CLAUSE_END = frozenset("，、；：。！？")
# What a cut may not fall inside: a cited title 《…》 (〈…〉 may nest in it); a number with its
# decimals, ratios and range (2.77, 4.2∶41.1, 2015—2020) and the unit of a date or a
# percentage written with it (2018年7月12日, 2014—2018年, 7.1%).
_TITLE = re.compile(r"《[^《》]*》")
_NUMBER = re.compile(
    r"\d+(?:[.．∶:]\d+)*(?:[—–～~]\d+(?:[.．]\d+)*)*"
    r"(?:[%％]|年(?:\d{1,2}月(?:\d{1,2}日)?)?|月(?:\d{1,2}日)?|日)?"
)
# A name between an office and what its holder does there: 区长王立德在…, 市长许勤代表….
_AFTER_OFFICE = re.compile(
    r"(?:总理|省长|市长|区长|县长|镇长|主任|主席|书记|委员)([\u4e00-\u9fff]{2,3}?)(?=在|作|代表|同志|主持|指出|强调|说)"
)
#: a user word's frequency: high, so jieba keeps the report's terms whole (as the search does)
USER_FREQUENCY = 100000


class Cutter:
    """Word boundaries of Simplified text, and the cuts the site makes on them."""

    def __init__(self, words: Iterable[str] = ()) -> None:
        self.words = tuple(dict.fromkeys(w for w in words if w.strip()))
        self._cache: dict[str, frozenset[int]] = {}

    @cached_property
    def _tokenizer(self) -> jieba.Tokenizer:
        import jieba

        jieba.setLogLevel(logging.WARNING)
        tk = jieba.Tokenizer()
        for word in self.words:
            tk.add_word(word, USER_FREQUENCY)
        return tk

    def words_of(self, text: str) -> list[str]:
        """The words of ``text`` as the search cuts it (no HMM)."""
        return list(self._tokenizer.cut(text, HMM=False))

    def names(self, text: str) -> list[tuple[int, int]]:
        """Spans of persons' names the dictionary lacks: words jieba's HMM finds (郭子平), and
        the characters between an office and what its holder does (区长王立德在)."""
        spans: list[tuple[int, int]] = []
        at = 0
        known = self._tokenizer.FREQ
        for word in self._tokenizer.cut(text, HMM=True):
            if len(word) > 1 and not known.get(word):
                spans.append((at, at + len(word)))
            at += len(word)
        return spans + [m.span(1) for m in _AFTER_OFFICE.finditer(text)]

    def boundaries(self, text: str) -> frozenset[int]:
        """Every offset of ``text`` where a cut may fall (0 and ``len(text)`` included)."""
        found = self._cache.get(text)
        if found is not None:
            return found
        cuts = {0, len(text)}
        at = 0
        for word in self.words_of(text):
            at += len(word)
            cuts.add(at)
        inside: set[int] = set()
        spans = [m.span() for rx in (_TITLE, _NUMBER) for m in rx.finditer(text)] + self.names(text)
        for a, b in spans:
            inside.update(range(a + 1, b))
        found = frozenset(cuts - inside)
        self._cache[text] = found
        return found

    def head(self, text: str, limit: int) -> int:
        """How much of ``text`` to keep for at most ``limit`` characters: up to the last clause
        end if it keeps at least half, else the last boundary; a first word longer than
        ``limit`` (a long title) is kept whole."""
        if len(text) <= limit:
            return len(text)
        cuts = sorted(self.boundaries(text))
        fits = [c for c in cuts if 0 < c <= limit]
        clauses = [c for c in fits if text[c - 1] in CLAUSE_END]
        if clauses and clauses[-1] >= limit // 2:
            return clauses[-1]
        if fits:
            return fits[-1]
        return next(c for c in cuts if c > 0)

    def around(self, text: str, start: int, end: int, width: int) -> tuple[int, int]:
        """The passage ``[a, b)`` around ``text[start:end]``, at most ``width`` characters on
        either side where boundaries allow: beginning at the start of a clause when one is in
        reach, ending at the end of a clause when one is at least half of ``width`` away (else
        at the farthest boundary in reach); never inside a word, name, title or number, so a
        side may be longer than ``width`` when the word at its edge is."""
        cuts = sorted(self.boundaries(text))
        before = [c for c in cuts if start - width <= c <= start]
        clause_starts = [c for c in before if c == 0 or text[c - 1] in CLAUSE_END]
        if clause_starts:
            a = clause_starts[0]
        elif before:
            a = before[0]
        else:
            a = max(c for c in cuts if c <= start)
        after = [c for c in cuts if end <= c <= end + width]
        clause_ends = [c for c in after if c == len(text) or text[c - 1] in CLAUSE_END]
        if clause_ends and clause_ends[-1] - end >= width // 2:
            b = clause_ends[-1]
        elif after:
            b = after[-1]
        else:
            b = min(c for c in cuts if c >= end)
        return a, b


def trimmed(text: str) -> str:
    """A cut-off passage's end without its clause mark, to take an ellipsis."""
    return text.rstrip("".join(CLAUSE_END))


#: what ends a sentence: a description ends on one when it can
_SENTENCE_END = frozenset("。！？")


def description(text: str, hans: str, limit: int, cutter: Cutter, sentences: bool = True) -> str:
    """``text`` as a page's description of at most ``limit`` characters: whole sentences
    when they fill a third of it (and ``sentences``), else cut by :meth:`Cutter.head` with an
    ellipsis.
    ``hans`` is ``text`` in Simplified (the same text where it is Simplified); where the two
    are not aligned character for character, ``text`` is segmented itself."""
    if len(text) <= limit:
        return text
    source = hans if len(hans) == len(text) else text
    ends = [i + 1 for i, c in enumerate(source[:limit]) if c in _SENTENCE_END]
    if sentences and ends and ends[-1] >= limit // 3:
        return text[: ends[-1]]
    n = cutter.head(source, limit - 1)
    return trimmed(text[:n]) + "…"
