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

import bisect
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
# Where jieba's segmentation of a text starts afresh (it cuts each run of Han characters,
# letters and digits on its own): the text around a cut is segmented from the stop before to
# the stop after, never the whole of a line of megabytes. REACH bounds the search for one.
_STOP = re.compile(r"[。！？；\n]")
_REACH = 400
#: a user word's frequency: high, so jieba keeps the report's terms whole (as the search does)
USER_FREQUENCY = 100000


class Cutter:
    """Word boundaries of Simplified text, and the cuts the site makes on them."""

    def __init__(self, words: Iterable[str] = ()) -> None:
        self.words = tuple(dict.fromkeys(w for w in words if w.strip()))
        self._cache: dict[str, frozenset[int]] = {}
        self._sorted: dict[str, list[int]] = {}

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
        if found is None:
            found = self._cache[text] = self._boundaries(text)
        return found

    def _boundaries(self, text: str) -> frozenset[int]:
        cuts = {0, len(text)}
        at = 0
        for word in self.words_of(text):
            at += len(word)
            cuts.add(at)
        inside: set[int] = set()
        spans = [m.span() for rx in (_TITLE, _NUMBER) for m in rx.finditer(text)] + self.names(text)
        for a, b in spans:
            inside.update(range(a + 1, b))
        return frozenset(cuts - inside)

    def cuts(self, text: str) -> list[int]:
        """:meth:`boundaries` in order, sorted once per text: a passage is then found by
        bisection, so a line of megabytes with thousands of changes costs one sort, not one
        per change."""
        found = self._sorted.get(text)
        if found is None:
            found = self._sorted[text] = sorted(self._boundaries(text))
        return found

    def near(self, text: str, a: int, b: int) -> tuple[int, list[int]]:
        """The cuts of the sentences around ``text[a:b]`` (from the stop before ``a`` to the
        one after ``b``, or :data:`_REACH` characters on, whichever is nearer), as offsets into
        the part segmented and that part's offset: the cuts of the whole text there, as jieba
        segments each sentence alone. A stretch with no stop is cut on a grid of
        :data:`_REACH` characters: a word across a grid line may then be cut there."""
        a, b = max(a, 0), min(b, len(text))
        # the search for a stop starts and ends on a grid, so that the changes of one stretch
        # without a stop share one segmented part (and :meth:`cuts`' cache) instead of each
        # segmenting its own
        lo = max(0, (a // _REACH - 1) * _REACH)
        hi = min(len(text), (b // _REACH + 2) * _REACH)
        left = lo
        for m in _STOP.finditer(text, lo, a):
            left = m.end()
        stop = _STOP.search(text, b, hi)
        right = stop.end() if stop else hi
        if left == 0 and right == len(text):
            return 0, self.cuts(text)
        return left, self.cuts(text[left:right])

    def head(self, text: str, limit: int) -> int:
        """How much of ``text`` to keep for at most ``limit`` characters: up to the last clause
        end if it keeps at least half, else the last boundary; a first word longer than
        ``limit`` (a long title) is kept whole."""
        if len(text) <= limit:
            return len(text)
        _, cuts = self.near(text, 0, limit + 1)
        fits = cuts[bisect.bisect_right(cuts, 0) : bisect.bisect_right(cuts, limit)]
        clause = next((c for c in reversed(fits) if text[c - 1] in CLAUSE_END), None)
        if clause is not None and clause >= limit // 2:
            return clause
        if fits:
            return fits[-1]
        return cuts[bisect.bisect_right(cuts, 0)]

    def around(self, text: str, start: int, end: int, width: int) -> tuple[int, int]:
        """The passage ``[a, b)`` around ``text[start:end]``, at most ``width`` characters on
        either side where boundaries allow: beginning at the start of a clause when one is in
        reach, ending at the end of a clause when one is at least half of ``width`` away (else
        at the farthest boundary in reach); never inside a word, name, title or number, so a
        side may be longer than ``width`` when the word at its edge is."""
        off, local = self.near(text, start - width, end + width)
        cuts = [c + off for c in local]  # a few sentences: offsets into text
        before = cuts[bisect.bisect_left(cuts, start - width) : bisect.bisect_right(cuts, start)]
        clause_starts = [c for c in before if c == 0 or text[c - 1] in CLAUSE_END]
        if clause_starts:
            a = clause_starts[0]
        elif before:
            a = before[0]
        else:
            a = cuts[bisect.bisect_right(cuts, start) - 1]
        after = cuts[bisect.bisect_left(cuts, end) : bisect.bisect_right(cuts, end + width)]
        clause_ends = [c for c in after if c == len(text) or text[c - 1] in CLAUSE_END]
        if clause_ends and clause_ends[-1] - end >= width // 2:
            b = clause_ends[-1]
        elif after:
            b = after[-1]
        else:
            b = cuts[bisect.bisect_left(cuts, end)]
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
