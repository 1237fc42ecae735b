"""Words, so that a line break never splits one where a reader would notice: in the title
(cover and first page) and in table cells (``陽光復/議`` in a narrow column).

Running text breaks between any two Han characters, as Chinese is set; a title and a short
cell break only between words. Words are jieba's cuts (its own dictionary, no HMM, and the
report's user dictionary ``docs/jieba-user.txt`` on top: the glossary's terms), read for the
texts at hand only (:class:`Segmenter`). Traditional text is cut where its Simplified form is
cut (OpenCC converts it character by character, so the cuts line up).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

# Widths in em: Han characters and full-width punctuation 1, Latin letters and digits about
# half (Noto CJK's proportional Latin).
HALF = 0.55
# The count of every dictionary line of jieba ("word count [tag]"): their sum is jieba's total.
_COUNT = re.compile(r"^\S+ (\d+)", re.MULTILINE)
# Dictionary lines are read this many characters at a time (ending at a line's end), so that
# the matches of one piece are in memory at once, not those of all 350,000 lines.
_BLOCK = 1 << 18
# Pieces of the texts looked up in a set (longer words are searched for in the texts).
_SHORT = 6
# What is narrower than a Han character (below U+2E80, the CJK radicals): Latin, digits,
# their punctuation.
_NARROW = re.compile(r"[\x00-\u2e7f]")
_OPENING = "（《“‘〔【「『"
_CLOSING = "）》”’〕】」』，。、；：！？"


def _latin(c: str) -> bool:
    """A character of a Latin run (``2018-10-21``, ``a-3a``): printable
    ASCII other than the space."""
    return "!" <= c <= "~"


def width(text: str) -> float:
    """Rough advance width of ``text`` in em."""
    wide = len(_NARROW.sub("", text))
    return wide + HALF * (len(text) - wide)


def _blocks(source: str) -> Iterator[str]:
    """``source`` in pieces of about :data:`_BLOCK` characters, each ending at a line's end."""
    start = 0
    while start < len(source):
        end = source.find("\n", start + _BLOCK)
        end = len(source) if end < 0 else end + 1
        yield source[start:end]
        start = end


def _lines_made_of(chars: Iterable[str]) -> re.Pattern[str]:
    """Dictionary lines ("word count [tag]") whose word is made of ``chars`` alone (a word
    with any other character cannot occur in texts made of them): the regular expression
    engine passes over the others without making a match of them (40,000 matches of
    350,000 lines, where the words that merely start with one of ``chars`` are 130,000)."""
    return re.compile("^([" + "".join(re.escape(c) for c in sorted(chars)) + r"]+) (\d+)", re.MULTILINE)


class Segmenter:
    """jieba's cuts (``jieba.lcut(text, HMM=False)``) for the texts given, reading from its
    350,000-word dictionary only the words that occur in them (one pass over the file, which
    skips the words made of other characters than the texts': 0.12 s of CPU, where
    ``jieba.initialize`` takes 0.7 s); ``tests/test_pdf.py`` compares the cuts with jieba's
    own. ``to_simplified`` folds Traditional text before it is cut."""

    def __init__(
        self,
        texts: Iterable[str],
        user_dictionary: Path | None = None,
        to_simplified: Callable[[str], str] = lambda text: text,
    ) -> None:
        import jieba

        self.fold = to_simplified
        pieces = {self.fold(t) for t in texts}
        joined = "\n".join(pieces)
        # Every piece of the texts up to _SHORT characters; a longer word is looked for in
        # the texts only when its first _SHORT characters are there (few are).
        present = {p[i : i + n] for p in pieces for n in range(1, _SHORT + 1) for i in range(len(p) - n + 1)}

        def occurs(word: str) -> bool:
            return word in present if len(word) <= _SHORT else word[:_SHORT] in present and word in joined

        with jieba.get_dict_file() as file:
            sources = [file.read().decode("utf-8")]
        if user_dictionary is not None and user_dictionary.is_file():
            sources.append(user_dictionary.read_text(encoding="utf-8"))
        chars = {c for piece in pieces for c in piece if not c.isspace()}
        lines = _lines_made_of(chars) if chars else None
        total = 0
        freq: dict[str, int] = {}
        for source in sources:
            for block in _blocks(source):
                total += sum(map(int, _COUNT.findall(block)))
                for word, count in lines.findall(block) if lines else ():
                    if occurs(word):
                        freq[word] = int(count)
        for word in list(freq):
            for end in range(1, len(word)):
                freq.setdefault(word[:end], 0)
        self.tokenizer = jieba.Tokenizer()
        self.tokenizer.FREQ, self.tokenizer.total, self.tokenizer.initialized = freq, total, True
        # The lengths of the words of each (folded) text cut so far: half the tables' texts
        # recur (a unit, a kind, a link to the report's first page).
        self._lengths: dict[str, list[int]] = {}

    def cut(self, text: str) -> list[str]:
        """``text`` in words (Traditional text cut where its Simplified form is)."""
        simplified = self.fold(text)
        if len(simplified) != len(text):
            simplified = text
        lengths = self._lengths.get(simplified)
        if lengths is None:
            lengths = [len(word) for word in self.tokenizer.lcut(simplified, HMM=False)]
            self._lengths[simplified] = lengths
        out, pos = [], 0
        for length in lengths:
            out.append(text[pos : pos + length])
            pos += length
        return out

    def words(self, text: str) -> list[str]:
        """:meth:`cut`, with the pieces a line must not break between joined: a number and its
        unit (2018|年), a run of Latin letters, digits and their punctuation (2018-10-21), a word
        and the closing mark after it, an opening mark and the word after it."""
        out: list[str] = []
        for piece in self.cut(text):
            if out and (
                (out[-1][-1].isascii() and out[-1][-1].isalnum())
                or (_latin(out[-1][-1]) and _latin(piece[0]))
                or out[-1][-1] in _OPENING
                or piece[0] in _CLOSING
            ):
                out[-1] += piece
            else:
                out.append(piece)
        return out

    def spans(self, text: str) -> list[tuple[int, int]]:
        """The (start, end) of every word of :meth:`words` longer than one character."""
        out, pos = [], 0
        for word in self.words(text):
            if len(word) > 1:
                out.append((pos, pos + len(word)))
            pos += len(word)
        return out


def balanced_lines(pieces: list[str], measure: float) -> list[str]:
    """Join ``pieces`` into the fewest lines of at most ``measure`` em, as even as possible
    (a title broken 11 + 11, not 20 + 2)."""

    def w(text: str) -> int:  # hundredths of an em: equal widths compare equal
        return round(width(text) * 100)

    total = sum(w(p) for p in pieces)
    count = max(1, -(-total // round(measure * 100)))
    if count == 1 or len(pieces) < count:
        return ["".join(pieces)]
    # best[k][i]: the smallest widest line that sets pieces[:i] in k lines, and the cut.
    never = total + 1
    best = [[(never, 0)] * (len(pieces) + 1) for _ in range(count + 1)]
    best[0][0] = (0, 0)
    for k in range(1, count + 1):
        for i in range(1, len(pieces) + 1):
            for j in range(k - 1, i):
                widest = max(best[k - 1][j][0], w("".join(pieces[j:i])))
                if widest <= best[k][i][0]:  # on a tie, the longer first line
                    best[k][i] = (widest, j)
    lines, i = [], len(pieces)
    for k in range(count, 0, -1):
        j = best[k][i][1]
        lines.append("".join(pieces[j:i]))
        i = j
    return lines[::-1]
