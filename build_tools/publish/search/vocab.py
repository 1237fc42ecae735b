"""The slice of jieba's dictionary that search.js needs to cut a query the way jieba cuts the
text, and the jieba tokenizer the build uses as the reference.

search.js runs jieba's own algorithm (prefix DAG, maximum-probability route, no HMM) on the
folded query. For any query that is a piece of the folded text it cuts exactly as jieba does,
because the index ships every dictionary word that occurs in that text (every edge of jieba's
DAG over it) with its frequency, plus the dictionary's total. Words the text does not contain
cannot match anything, so leaving them out only changes how a query's unknown parts split.

HMM stays off on both sides: its guesses are the one part of jieba that cannot be reproduced
exactly in the browser, and a guessed word could not match the text anyway. The text is
folded to Simplified before it is cut, so jieba's own (Simplified) dictionary serves both
scripts, with the report's user dictionary (``docs/jieba-user.txt``) on top.
"""

from __future__ import annotations

import hashlib
import logging
import marshal
import math
import re
import time
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

import jieba

from ..write import replace_file

log = logging.getLogger("build_tools")

# jieba.cut's blocks: the runs it segments with the DAG; everything else passes through whole.
HAN_BLOCK = re.compile(r"[\u4E00-\u9FD5a-zA-Z0-9+#&\._%\-]+")
# A token that is a word (a letter or digit), not punctuation or space: what search.js keeps.
WORDISH = re.compile(r"[^\W_]")
#: bump when _prefix_dict changes what its cache holds
_CACHE_FORMAT = 1


@dataclass(frozen=True, slots=True)
class Vocabulary:
    #: word -> its frequency in jieba's dictionary (user words included)
    words: dict[str, int]
    #: log of the dictionary's total frequency: the route's denominator
    log_total: float


def _prefix_dict(tk: jieba.Tokenizer, cache_dir: Path | None) -> tuple[dict[str, int], int]:
    """jieba's prefix dictionary, from a cache file read in one piece.

    jieba's own ``initialize`` reads its cache with ``marshal.load(file)``, which pulls the
    9 MB cache through many small reads (1.4 s on the 2-core build machine);
    ``marshal.loads(bytes)`` makes the same objects in a third of the time. The cache is named
    after a hash of jieba's dictionary, so an upgrade of jieba never reads a stale one.
    """
    started = time.perf_counter()
    source = Path(jieba.__file__).parent / jieba.DEFAULT_DICT_NAME
    data = source.read_bytes()
    key = hashlib.sha256(data + f"{jieba.__version__} {_CACHE_FORMAT}".encode()).hexdigest()
    cache = cache_dir / f"prefix-dict-{key[:16]}.marshal" if cache_dir else None
    if cache is not None and cache.is_file():
        try:
            freq, total = marshal.loads(cache.read_bytes())
            # The benchmark reads this line (scripts/bench/measure.py, jieba_log).
            log.info(
                "search: jieba's dictionary read from %s in %.2f s", cache, time.perf_counter() - started
            )
            return freq, total
        except (EOFError, ValueError, TypeError):
            pass  # a damaged cache: build it again
    freq, total = tk.gen_pfdict(tk.get_dict_file())
    if cache is not None:
        cache.parent.mkdir(parents=True, exist_ok=True)
        replace_file(cache, marshal.dumps((freq, total)))
        log.info(
            "search: jieba's dictionary built and written to %s in %.2f s",
            cache,
            time.perf_counter() - started,
        )
    return freq, total


def tokenizer(user_dict: Path | None = None, cache_dir: Path | None = None) -> jieba.Tokenizer:
    """A jieba tokenizer of its own (jieba's global one is left alone), with ``user_dict``."""
    tk = jieba.Tokenizer()
    tk.FREQ, tk.total = _prefix_dict(tk, cache_dir)
    tk.initialized = True
    if user_dict is not None:
        with open(user_dict, "rb") as f:  # given a path, jieba never closes the file
            tk.load_userdict(f)
    return tk


def dag_words(block: str, freq: Mapping[str, int]) -> Iterator[str]:
    """Every dictionary word jieba's DAG considers in ``block`` (the same loop as get_DAG)."""
    n = len(block)
    for k in range(n):
        i = k
        frag = block[k]
        while i < n and frag in freq:
            if freq[frag]:
                yield frag
            i += 1
            frag = block[k : i + 1]


def vocabulary(texts: Iterable[str], tk: jieba.Tokenizer) -> Vocabulary:
    """Every dictionary word occurring in the (folded) texts, with its frequency."""
    freq: dict[str, int] = tk.FREQ
    words: dict[str, int] = {}
    for text in texts:
        for block in HAN_BLOCK.findall(text):
            for word in dag_words(block, freq):
                words[word] = freq[word]
    return Vocabulary(words, math.log(tk.total))


def jieba_cut(text: str, tk: jieba.Tokenizer) -> list[str]:
    """jieba's cut without HMM, only the word tokens: what search.js must yield too."""
    return [w for w in tk.cut(text, HMM=False) if WORDISH.search(w)]


def encode(vocab: Vocabulary) -> str:
    """The vocabulary for the index: ``word,freq`` joined by ``;``, frequencies in base 36,
    words sorted (deterministic output)."""
    return ";".join(f"{w},{_base36(f)}" for w, f in sorted(vocab.words.items()))


def _base36(number: int) -> str:
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    out = ""
    while True:
        number, rest = divmod(number, 36)
        out = digits[rest] + out
        if number == 0:
            return out
