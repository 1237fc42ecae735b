"""The search across the library: the reports' own search indexes (``publish/search``), merged
and cut into shards, so that a query loads only what it needs.

Each report's site already holds its index (``<script>/assets/search/index.js``: the folding
table, jieba's words of its text, readers' words, pinyin, every section). Per script the
library writes, under ``assets/library/search/<script>/``:

* ``head.js``: what every query needs: the folding table, readers' words, each character's
  pinyin, the reports (address, issuer, year, name) and where each chunk of sections starts;
* ``v/<n>.js``: jieba's words of all the reports' texts, by the hash of their first character
  (a query loads those of its own characters, to cut itself as jieba would);
* ``y/<n>.js``: the pinyin of the reports' words, by the hash of its first two letters (for a
  query typed in pinyin, or a word typed with a wrong character that reads the same);
* ``p/<n>.js``: which sections hold each character and each pair of adjacent characters
  (folded, as the search compares them), by the hash of that key: a query word's candidate
  sections are those that hold all its pairs;
* ``t/<n>.js``: the sections themselves, in chunks of a report's page, in the report index's
  own shape: only the best candidates' chunks are loaded, and the reports' engine
  (``engine.js``, copied as it is) ranks and marks them.

The hash is FNV-1a over UTF-16 code units, the same in ``library-search.js``. Every file is a
script that hands its data to a global function: ``fetch()`` is refused under ``file://``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..search.assets import ASSET_DIR, INDEX_VARIABLE, static_asset
from ..search.fold import fold_width

#: where the library's search lives, under the library's root
SEARCH_DIR = "assets/library/search"
#: bump when a file's shape changes (library-search.js reads it)
VERSION = 1
#: the global function every file calls with its data
CALLBACK = "__librarySearch"
#: a chunk of sections holds at most this many characters of text (one report page at most)
CHUNK = 3000
#: about this many bytes per shard (before compression) of postings, of words and of pinyin:
#: a query loads a shard per pair of its characters, per character and per pinyin syllable
SHARD_BYTES = {"p": 12_000, "v": 4_000, "y": 4_000}


@dataclass(frozen=True, slots=True)
class Shelf:
    """One report in the library's search: where it is and what it is called."""

    address: str
    issuer: str
    year: int
    #: the report's name in this script
    name: str
    #: its built site in the cache
    site: Path


def fnv1a(key: str) -> int:
    """FNV-1a (32 bits) over the UTF-16 code units of ``key``: JavaScript's charCodeAt."""
    h = 0x811C9DC5
    data = key.encode("utf-16-le")
    for i in range(0, len(data), 2):
        h ^= data[i] | data[i + 1] << 8
        h = (h * 0x01000193) & 0xFFFFFFFF
    return h


# What search.js's squeeze drops: all but letters, digits (its \p{L}\p{N}: Python's \w without
# the underscore), % . and line breaks.
_DROPPED = re.compile(r"[^\w%.\n]|_")


def squeezed(folded: str) -> str:
    return _DROPPED.sub("", folded)


def keys(folded: str) -> set[str]:
    """Every character and pair of adjacent characters of a squeezed text, line by line."""
    out: set[str] = set()
    for line in squeezed(folded).split("\n"):
        out.update(line)
        out.update(map(str.__add__, line, line[1:]))
    return out


def read_index(path: Path) -> dict[str, Any]:
    """A report's search index (``window.X={…};``) as data."""
    text = path.read_text(encoding="utf-8")
    prefix = f"window.{INDEX_VARIABLE}="
    if not text.startswith(prefix):
        raise ValueError(f"{path}: not a search index")
    data: dict[str, Any] = json.loads(text[len(prefix) :].rstrip().removesuffix(";"))
    return data


def _script(kind: str, number: int | None, data: object) -> str:
    body = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    where = "" if number is None else f",{number}"
    return f'window.{CALLBACK}("{kind}"{where},{body});\n'


def _entries(encoded: str, sep: str = ";") -> list[str]:
    return [e for e in encoded.split(sep) if e]


class _Merged:
    """The reports' indexes of one script, merged."""

    def __init__(self) -> None:
        self.fold: dict[str, str] = {}
        self.vocab: dict[str, str] = {}
        self.expand: dict[str, list[str]] = {}
        self.ignore: set[str] = set()
        self.spoken: dict[str, set[str]] = {}
        self.chars: dict[str, set[str]] = {}
        self.log_total = 0.0

    def add(self, data: Mapping[str, Any]) -> None:
        fold = data["fold"]
        for i in range(0, len(fold) - 1, 2):
            self.fold.setdefault(fold[i], fold[i + 1])
        for entry in _entries(data["vocab"]):
            word, _, freq = entry.rpartition(",")
            if int(freq, 36) > int(self.vocab.get(word, "0"), 36):
                self.vocab[word] = freq
        for key, words in data.get("x", []):
            self.expand.setdefault(key, [])
            self.expand[key] += [w for w in words if w not in self.expand[key]]
        self.ignore.update(data.get("ig", []))
        for entry in _entries(data.get("py", "")):
            reading, _, words = entry.partition(":")
            self.spoken.setdefault(reading, set()).update(words.split(","))
        for entry in _entries(data.get("pc", "")):
            reading, _, chars = entry.partition(":")
            self.chars.setdefault(reading, set()).update(chars)
        self.log_total = max(self.log_total, float(data["lt"]))


def _count(total_bytes: int, size: int) -> int:
    """How many shards: a power of two, so that each holds about ``size`` bytes."""
    n = 1
    while total_bytes / n > size and n < 65536:
        n *= 2
    return n


def _sharded(
    kind: str, entries: Mapping[str, str], key_of: Any, sep: str = ":"
) -> tuple[int, dict[str, str]]:
    """``entries`` (key → encoded value) as ``key{sep}value;…`` in shards by the hash of
    ``key_of(key)``."""
    n = _count(sum(len(k) + len(v) + 2 for k, v in entries.items()), SHARD_BYTES[kind])
    shards: list[list[str]] = [[] for _ in range(n)]
    for key in sorted(entries):
        shards[fnv1a(key_of(key)) % n].append(f"{key}{sep}{entries[key]}")
    return n, {f"{kind}/{i}.js": _script(kind, i, ";".join(s)) for i, s in enumerate(shards)}


def _base36(n: int) -> str:
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    out = ""
    while True:
        n, r = divmod(n, 36)
        out = digits[r] + out
        if not n:
            return out


#: most gaps between two section ids are small: their base-36 forms, made once
_SMALL = [_base36(n) for n in range(36 * 36)]


def _postings(ids: Sequence[int]) -> str:
    """Sorted section ids as base-36 gaps: ``3,1,a`` is 3, 4, 14."""
    gaps = [b - a for a, b in zip([0, *ids], ids, strict=False)]
    return ",".join(_SMALL[g] if g < len(_SMALL) else _base36(g) for g in gaps)


def _folder(table: Mapping[str, str]) -> dict[int, str]:
    """``fold_text`` as a ``str.translate`` table: the folding table, then full-width ASCII,
    the ideographic space and ASCII capitals (``fold.fold_width``)."""
    out = {c: fold_width(chr(c)) for c in (*range(0xFF01, 0xFF5F), 0x3000, *range(ord("A"), ord("Z") + 1))}
    out.update({ord(k): v for k, v in table.items()})
    return out


@dataclass
class _Chunk:
    report: int
    start: int
    page: list[Any]
    sections: list[list[Any]]
    size: int = 0


def _chunks(shelves: Sequence[Shelf], indexes: Sequence[Mapping[str, Any]], script: str) -> list[_Chunk]:
    """Every section of every report, in chunks of one page and at most CHUNK characters,
    section ids counting through the library in this order."""
    chunks: list[_Chunk] = []
    sid = 0
    for r, (shelf, data) in enumerate(zip(shelves, indexes, strict=True)):
        pages = data["pages"]
        current: _Chunk | None = None
        for page, anchor, title, text, level, context in data["sections"]:
            url, page_title, weight = pages[page]
            whole = [f"{shelf.address}/{script}/{url}", page_title, weight]
            if current is None or current.page != whole or current.size + len(text) > CHUNK:
                current = _Chunk(r, sid, whole, [])
                chunks.append(current)
            current.sections.append([0, anchor, title, text, level, context])
            current.size += len(text)
            sid += 1
    return chunks


def search_files(shelves: Sequence[Shelf], script: str) -> dict[str, str]:
    """``{path under the library's root: text}``: the library's search of one script."""
    indexes = [read_index(shelf.site / script / ASSET_DIR / "index.js") for shelf in shelves]
    merged = _Merged()
    for data in indexes:
        merged.add(data)
    chunks = _chunks(shelves, indexes, script)
    postings: dict[str, list[int]] = {}
    folder = _folder(merged.fold)
    for chunk in chunks:
        for offset, (_, _, title, text, _, context) in enumerate(chunk.sections):
            for key in keys(f"{title}\n{context}\n{text}".translate(folder)):
                postings.setdefault(key, []).append(chunk.start + offset)
    files: dict[str, str] = {}
    n_p, shards = _sharded("p", {k: _postings(ids) for k, ids in postings.items()}, lambda k: k)
    files.update(shards)
    n_v, shards = _sharded("v", merged.vocab, lambda w: w[0], sep=",")
    files.update(shards)
    spoken = {reading: ",".join(sorted(words)) for reading, words in merged.spoken.items()}
    n_y, shards = _sharded("y", spoken, lambda reading: reading[:2])
    files.update(shards)
    files.update(
        {
            f"t/{i}.js": _script("t", i, {"pages": [c.page], "sections": c.sections})
            for i, c in enumerate(chunks)
        }
    )
    files["head.js"] = _script(
        "head",
        None,
        {
            "v": VERSION,
            "script": script,
            "fold": "".join(k + v for k, v in sorted(merged.fold.items())),
            "lt": round(merged.log_total, 6),
            "x": sorted([k, v] for k, v in merged.expand.items()),
            "ig": sorted(merged.ignore),
            "pc": ";".join(f"{r}:{''.join(sorted(c))}" for r, c in sorted(merged.chars.items())),
            "shards": {"p": n_p, "v": n_v, "y": n_y},
            "reports": [[s.address, s.issuer, s.year, s.name] for s in shelves],
            "chunks": [[c.start, c.report] for c in chunks],
            "n": sum(len(c.sections) for c in chunks),
        },
    )
    return {f"{SEARCH_DIR}/{script}/{rel}": text for rel, text in files.items()}


def _script_files(item: tuple[str, Sequence[Shelf]]) -> dict[str, str]:
    return search_files(item[1], item[0])


def library_search(shelves: Mapping[str, Sequence[Shelf]]) -> dict[str, str]:
    """Both scripts' search files, and the reports' engine (``engine.js``) they share. The
    scripts are made side by side, a process each (each holds its postings: a few hundred MB
    at a thousand reports)."""
    files = {f"{SEARCH_DIR}/engine.js": static_asset("engine.js")}
    with ProcessPoolExecutor(len(shelves)) as pool:
        for found in pool.map(_script_files, sorted(shelves.items())):
            files.update(found)
    return files
