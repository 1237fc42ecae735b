"""The post-build step: read both built sites, write their search files, add the tags.

It reads the built HTML and nothing of the engine that wrote it (no MkDocs, no Material
index), so the search survives a change of static-site generator. ``gov-report site`` runs it
on the temporary site folder after both ``mkdocs build`` runs and before ``replace_dir``
swaps that folder in (``publish/site.py``).

``search_files`` is pure: given every page of both scripts, the OpenCC base table, a jieba
tokenizer and the readers' words (``terms.py``), it returns every file to write. The output
is byte-for-byte the same on every run (``make repro``): pages, folding entries and words
are all written in sorted order.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Mapping, Sequence
from pathlib import Path

import jieba

from ...pages.nav import BACK_PAGES
from ...paths import SCRIPTS, SEARCH_TERMS
from ..write import write_into
from .assets import Spoken, build_assets, folded_texts, inject, searched_text, section_pairs
from .extract import Section, sections_from_pages
from .fold import aligned_pairs, fold_text, folding_table, opencc_converters, single_char_table
from .pinyin import char_readings, common_characters, encode_chars, encode_words, spellable_words, word_table
from .terms import QueryWords, fold_terms, read_terms
from .vocab import Vocabulary, tokenizer, vocabulary

log = logging.getLogger("build_tools")

#: ``{script: {page url relative to that script's root: html}}``
Pages = Mapping[str, Mapping[str, str]]


def read_pages(site: Path) -> dict[str, str]:
    """``{url relative to the site root: html}`` for every ``**/index.html`` of one script."""
    pages: dict[str, str] = {}
    for path in sorted(site.rglob("index.html")):
        rel = path.parent.relative_to(site).as_posix()
        pages["" if rel == "." else f"{rel}/"] = path.read_text(encoding="utf-8")
    return pages


#: the site's own pages (glossary, figures, cited documents, editorial notes): their sentences
#: are written for each script in its own words (全角/全形, 点击/點選: pages/wording.py), so
#: they are not the same text in two scripts; what they quote of the report the report's own
#: pages hold too
OWN_PAGES = frozenset(name.removesuffix(".md") + "/" for name in BACK_PAGES)


def _report_pairs(by_script: Mapping[str, Sequence[Section]]) -> list[tuple[str, str]]:
    """The (Traditional, Simplified) title and text pairs of the report's own pages."""
    hant, hans = ([s for s in by_script[k] if s.url not in OWN_PAGES] for k in ("zh-Hant", "zh-Hans"))
    return section_pairs(hant, hans)


def char_pairs(by_script: Mapping[str, Sequence[Section]]) -> list[tuple[str, str]]:
    """Character pairs where the Traditional report's text differs from the Simplified one's."""
    if not {"zh-Hant", "zh-Hans"} <= by_script.keys():
        return []
    pairs: set[tuple[str, str]] = set()
    for hant, hans in _report_pairs(by_script):
        pairs.update(aligned_pairs(hant, hans))
    return sorted(pairs)


def unaligned(by_script: Mapping[str, Sequence[Section]], tables: Mapping[str, Mapping[str, str]]) -> int:
    """How many titles and texts of the report still fold differently on the two sites (0
    expected): each one is a section that a query typed in the other script may miss."""
    if not {"zh-Hant", "zh-Hans"} <= by_script.keys():
        return 0
    return sum(
        fold_text(hant, tables["zh-Hant"]) != fold_text(hans, tables["zh-Hans"])
        for hant, hans in _report_pairs(by_script)
    )


def spoken_data(
    sections: Sequence[Section], table: Mapping[str, str], vocab: Vocabulary, words: QueryWords
) -> Spoken:
    """Readers' words folded with the site's table, and the pinyin of the words readers may
    spell and of the characters they may type."""
    folded = fold_terms(words, table)
    texts = folded_texts(sections, table)
    titles = [fold_text(f"{s.title}\n{s.context}", table) for s in sections]
    terms = [w for targets in folded.expand.values() for w in targets]
    spellable = spellable_words(texts, titles, vocab.words, terms)
    chars = set(common_characters()).union(*map(set, texts), folded.characters())
    return Spoken(folded, encode_words(word_table(spellable)), encode_chars(char_readings(chars)))


def search_files(
    pages: Pages, base: Mapping[str, str], tk: jieba.Tokenizer, words: QueryWords | None = None
) -> dict[str, str]:
    """``{path under the site folder: text}``: each script's search assets, and each of its
    pages with the tags added. ``base`` is the OpenCC single-character table
    (``single_char_table``); the aligned texts of the two scripts extend it. The table also
    folds the characters of the readers' words and the common characters a query may hold."""
    words = words or QueryWords()
    sections = {script: sections_from_pages(p) for script, p in pages.items()}
    pairs = char_pairs(sections)
    typed = "".join(sorted(words.characters())) + "".join(common_characters())
    tables = {
        script: folding_table([searched_text(s) for s in found] + [typed], base, pairs)
        for script, found in sections.items()
    }
    files: dict[str, str] = {}
    for script, found in sections.items():
        vocab = vocabulary(folded_texts(found, tables[script]), tk)
        spoken = spoken_data(found, tables[script], vocab, words)
        for rel, text in build_assets(found, script, tables[script], vocab, spoken).items():
            files[f"{script}/{rel}"] = text
        for url, html in pages[script].items():
            files[f"{script}/{url}index.html"] = inject(html, url)
        log.info(
            "site %s: search index, %d sections, %d words, %d folded characters",
            script,
            len(found),
            len(vocab.words),
            len(tables[script]),
        )
    missed = unaligned(sections, tables)
    if missed:
        log.warning(
            "search: %d section texts fold differently in the two scripts; a query "
            "typed in the other script may miss them",
            missed,
        )
    return files


def add_search(
    site: Path, *, user_dict: Path | None, cache_dir: Path | None, terms: Path | None = None
) -> None:
    """Write the search into ``site`` (a folder holding one built site per script), in place.

    ``user_dict`` is jieba's user dictionary (``docs/jieba-user.txt``, generated from the
    report's search words and glossary); ``cache_dir`` keeps jieba's prefix dictionary;
    ``terms`` is the readers' words (``docs/search-terms.json``; by default the file of that
    name beside ``user_dict``, where ``gov-report build`` writes both).
    """
    started = time.perf_counter()
    pages: dict[str, dict[str, str]] = {
        script: read_pages(site / script) for script in SCRIPTS if (site / script).is_dir()
    }
    user = user_dict if user_dict is not None and user_dict.is_file() else None
    if terms is None and user_dict is not None:
        terms = user_dict.with_name(SEARCH_TERMS)
    files = search_files(
        pages, single_char_table(opencc_converters()), tokenizer(user, cache_dir), read_terms(terms)
    )
    write_into(site, files)
    log.info("site: search (%.1f s)", time.perf_counter() - started)
