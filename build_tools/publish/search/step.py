"""The post-build step: read both built sites, write their search files, add the tags.

It reads the built HTML and nothing of the engine that wrote it (no MkDocs, no Material
index), so the search survives a change of static-site generator. ``gov-report site`` runs it
on the temporary site folder after both ``mkdocs build`` runs and before ``replace_dir``
swaps that folder in (``publish/site.py``).

``search_files`` is pure: given every page of both scripts, the OpenCC base table and a jieba
tokenizer, it returns every file to write. The output is byte-for-byte the same on every run
(``make repro``): pages, folding entries and words are all written in sorted order.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Mapping, Sequence
from pathlib import Path

import jieba

from ...paths import SCRIPTS
from ..write import write_into
from .assets import build_assets, folded_texts, inject, section_pairs
from .extract import Section, sections_from_pages
from .fold import aligned_pairs, fold_text, folding_table, opencc_converters, single_char_table
from .vocab import tokenizer, vocabulary

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


def char_pairs(by_script: Mapping[str, Sequence[Section]]) -> list[tuple[str, str]]:
    """Character pairs where the Traditional site's text differs from the Simplified one's."""
    if not {"zh-Hant", "zh-Hans"} <= by_script.keys():
        return []
    pairs: set[tuple[str, str]] = set()
    for hant, hans in section_pairs(by_script["zh-Hant"], by_script["zh-Hans"]):
        pairs.update(aligned_pairs(hant, hans))
    return sorted(pairs)


def unaligned(by_script: Mapping[str, Sequence[Section]], tables: Mapping[str, Mapping[str, str]]) -> int:
    """How many titles and texts still fold differently on the two sites (0 expected): each
    one is a section that a query typed in the other script may miss."""
    if not {"zh-Hant", "zh-Hans"} <= by_script.keys():
        return 0
    return sum(
        fold_text(hant, tables["zh-Hant"]) != fold_text(hans, tables["zh-Hans"])
        for hant, hans in section_pairs(by_script["zh-Hant"], by_script["zh-Hans"])
    )


def search_files(pages: Pages, base: Mapping[str, str], tk: jieba.Tokenizer) -> dict[str, str]:
    """``{path under the site folder: text}``: each script's search assets, and each of its
    pages with the tags added. ``base`` is the OpenCC single-character table
    (``single_char_table``); the aligned texts of the two scripts extend it."""
    sections = {script: sections_from_pages(p) for script, p in pages.items()}
    pairs = char_pairs(sections)
    tables = {
        script: folding_table([f"{s.title}\n{s.text}" for s in found], base, pairs)
        for script, found in sections.items()
    }
    files: dict[str, str] = {}
    for script, found in sections.items():
        vocab = vocabulary(folded_texts(found, tables[script]), tk)
        for rel, text in build_assets(found, script, tables[script], vocab).items():
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


def add_search(site: Path, *, user_dict: Path | None, cache_dir: Path | None) -> None:
    """Write the search into ``site`` (a folder holding one built site per script), in place.

    ``user_dict`` is jieba's user dictionary (``docs/jieba-user.txt``, generated from the
    report's search words and glossary); ``cache_dir`` keeps jieba's prefix dictionary.
    """
    started = time.perf_counter()
    pages: dict[str, dict[str, str]] = {
        script: read_pages(site / script) for script in SCRIPTS if (site / script).is_dir()
    }
    user = user_dict if user_dict is not None and user_dict.is_file() else None
    files = search_files(pages, single_char_table(opencc_converters()), tokenizer(user, cache_dir))
    write_into(site, files)
    log.info("site: search (%.1f s)", time.perf_counter() - started)
