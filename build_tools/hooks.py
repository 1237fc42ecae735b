"""MkDocs hooks for both script sites (``hooks: [build_tools/hooks.py]`` in mkdocs.yml).

MkDocs calls these plain functions at its build events; they do the work that has to happen
inside the build:

* ``on_config``: give every page its place in the navigation (``PAGE_ORDER``); give the
  search plugin's jieba a dictionary that also knows Traditional words; resolve the jieba user
  dictionary against the config file's directory instead of the working one.
* ``on_page_markdown``: rank the reference pages (glossary, ...) below the report in search.
* ``on_post_build``: write what reading the site from ``file://`` needs, make the output
  byte-for-byte reproducible, and drop the 404 page that cannot work without site_url.
"""

from __future__ import annotations

import gzip
import hashlib
import marshal
import os
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import jieba
import opencc
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import event_priority
from mkdocs.structure.pages import Page

# The reading order of the report. Both scripts have the same ASCII file names. Chapters are
# ``chapter-1.md`` … ``chapter-N.md`` for any N (another report may have more or fewer).
FRONT_PAGES: tuple[str, ...] = ("index.md",)
BACK_PAGES: tuple[str, ...] = (
    "conclusion.md",
    "glossary.md",
    "figures.md",
    "documents.md",
    "editorial-notes.md",
)
_CHAPTER_PAGE = re.compile(r"^chapter-([1-9][0-9]*)\.md$")
# The 2018 report's order, for readers of this module and its tests.
PAGE_ORDER: tuple[str, ...] = (
    *FRONT_PAGES, *(f"chapter-{n}.md" for n in range(1, 9)), *BACK_PAGES
)

# Pages the generator always writes (and at least chapter-1.md).
REQUIRED_PAGES: frozenset[str] = frozenset(("index.md", "chapter-1.md", "editorial-notes.md"))

# Pages about the report rather than of it. Their headings are the report's own terms
# (12345政府服务热线, 放权强区), and Material weighs a heading match 1000 times a text match,
# so without this a search for a term lists the glossary before the section the term comes
# from. The boost multiplies every score on the page: these pages still appear, after the
# report's sections. (A page's own `search: boost:` front matter wins.)
REFERENCE_PAGE_SEARCH_BOOST: dict[str, float] = {
    "glossary.md": 1e-4,
    "figures.md": 1e-4,
    "documents.md": 1e-4,
    "editorial-notes.md": 1e-4,
}

class _WholeFileMarshal:
    """``marshal`` for jieba, reading a file in one piece.

    jieba loads its cached prefix dictionary with ``marshal.load(file)``, which pulls the 15 MB
    cache of the bilingual dictionary through many small reads: 0.7 s, over half of a build.
    ``marshal.loads(file.read())`` makes the same objects in a third of the time, so the site
    is byte-for-byte the same (scripts/bench.py measures both).
    """

    dump = staticmethod(marshal.dump)

    @staticmethod
    def load(file: BinaryIO) -> object:
        return marshal.loads(file.read())


# Bump when bilingual_jieba_dictionary() changes what it writes, so cached files are rebuilt.
_DICTIONARY_FORMAT = 1


def ordered_nav(docs_dir: Path) -> list[str]:
    """Return the pages in ``docs_dir`` in reading order, as an MkDocs ``nav`` list.

    Raises PluginError for a page that has no place in PAGE_ORDER (so a new kind of page cannot
    silently drop out of the navigation) and for a missing required page.
    """
    present = {path.relative_to(docs_dir).as_posix() for path in docs_dir.rglob("*.md")}
    chapters = sorted(
        (int(m.group(1)), name) for name in present if (m := _CHAPTER_PAGE.match(name))
    )
    unknown = sorted(present.difference(FRONT_PAGES, BACK_PAGES, (n for _, n in chapters)))
    if unknown:
        raise PluginError(
            f"{docs_dir}: {', '.join(unknown)} not in PAGE_ORDER; add each page to PAGE_ORDER"
            " in build_tools/hooks.py to give it a place in the navigation"
        )
    last = chapters[-1][0] if chapters else 1
    missing = sorted(
        REQUIRED_PAGES.union(f"chapter-{n}.md" for n in range(1, last + 1)).difference(present),
        key=lambda name: (len(name), name),
    )
    if missing:
        raise PluginError(
            f"{docs_dir}: missing {', '.join(missing)}; run `python -m build_tools build`"
            " to write the pages"
        )
    return [
        *(name for name in FRONT_PAGES if name in present),
        *(name for _, name in chapters),
        *(name for name in BACK_PAGES if name in present),
    ]


@dataclass
class _Serving:
    """``mkdocs serve`` state. MkDocs loads a hook module once per process, so it lasts across
    rebuilds."""

    active: bool = False
    #: newest modification time under sources/ when docs/ was last generated
    generated_from: float = 0.0


_SERVING = _Serving()


def on_startup(*, command: str, dirty: bool) -> None:
    _SERVING.active = command == "serve"


def on_serve(server: LiveReloadServer, *, config: MkDocsConfig,
             builder: Callable[..., None]) -> LiveReloadServer:
    """``mkdocs serve`` watches docs/ and mkdocs.yml; docs/ is generated from sources/, so a
    change there must rebuild too (and on_config regenerates docs/ first)."""
    server.watch(str(Path(os.path.abspath(config.config_file_path)).parent / "sources"))
    return server


def regenerate_docs(root: Path) -> None:
    """Under ``mkdocs serve``: ``python -m build_tools build``, in-process, if a file in
    sources/ changed since docs/ was last generated. Changes to build_tools/ itself need a
    restart of ``mkdocs serve`` (its modules stay imported)."""
    newest = max(p.stat().st_mtime for p in (root / "sources").rglob("*") if p.is_file())
    if newest <= _SERVING.generated_from:
        return
    if str(root) not in sys.path:
        sys.path.insert(0, str(root))
    from build_tools import cli

    if cli.main(["build"]) != 0:
        raise PluginError("regenerating docs/ from sources/ failed: see the error above")
    _SERVING.generated_from = newest


# Before Material's search plugin reads its options (priority 0).
@event_priority(100)
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    if _SERVING.active:
        regenerate_docs(Path(os.path.abspath(config.config_file_path)).parent)
    if config.nav is None:
        config.nav = ordered_nav(Path(config.docs_dir))

    search = config.plugins.get("material/search")
    if search is None:
        return config
    # Before the search plugin's on_config, which loads the dictionary (via load_userdict).
    jieba.marshal = _WholeFileMarshal
    config_dir = Path(os.path.abspath(config.config_file_path)).parent
    if not search.config.get("jieba_dict"):
        cache_dir = config_dir / ".cache" / "jieba"
        search.config["jieba_dict"] = str(bilingual_jieba_dictionary(cache_dir))
    # Material opens jieba_dict_user relative to the working directory; resolve it against
    # the directory of mkdocs.yml so that `mkdocs build -f /path/to/mkdocs.yml` works anywhere.
    user_dict = search.config.get("jieba_dict_user")
    if user_dict and not os.path.isabs(user_dict):
        search.config["jieba_dict_user"] = str(config_dir / user_dict)
    return config


def bilingual_jieba_dictionary(cache_dir: Path) -> Path:
    """Return jieba's dictionary plus its OpenCC s2t conversion, written once into cache_dir.

    jieba's dictionary is Simplified only: it cuts Traditional text into fragments (廣/州市,
    服務事/項調/整由區), so the Traditional search index misses ordinary words. With every entry
    in both scripts, both sites segment alike. Both builds use the same dictionary, so the
    index of either script does not depend on which site a process built first (jieba's
    dictionary is global state). The file name carries a hash of its inputs; an existing file
    is reused, which also keeps jieba's own cache of the parsed dictionary valid.
    """
    source = Path(jieba.__file__).parent / jieba.DEFAULT_DICT_NAME
    data = source.read_bytes()
    inputs = data + f"{opencc.__version__} s2t {_DICTIONARY_FORMAT}".encode()
    key = hashlib.sha256(inputs).hexdigest()[:16]
    target = cache_dir / f"dict-zh-Hans-zh-Hant-{key}.txt"
    if target.is_file():
        return target

    simplified = data.decode("utf-8").splitlines()
    traditional = opencc.OpenCC("s2t").convert("\n".join(simplified)).splitlines()
    if len(traditional) != len(simplified):
        raise PluginError(f"{source}: OpenCC s2t changed the number of lines; cannot pair them")
    # One line per word, "word freq [tag]"; where two entries meet, keep the higher frequency.
    entries: dict[str, tuple[int, str]] = {}
    for line in simplified + traditional:
        word, freq, *tag = line.split(" ")
        if word not in entries or int(freq) > entries[word][0]:
            entries[word] = (int(freq), " ".join(tag))
    text = "".join(f"{word} {freq} {tag}".rstrip() + "\n" for word, (freq, tag) in entries.items())

    cache_dir.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(".tmp")
    partial.write_text(text, encoding="utf-8")
    partial.replace(target)
    return target


def on_page_markdown(markdown: str, page: Page, **kwargs: object) -> str:
    boost = REFERENCE_PAGE_SEARCH_BOOST.get(page.file.src_uri)
    if boost is not None:
        page.meta.setdefault("search", {}).setdefault("boost", boost)
    return markdown


# After the search plugin has written search/search_index.json (priority 0).
@event_priority(-100)
def on_post_build(*, config: MkDocsConfig) -> None:
    site_dir = Path(config.site_dir)
    write_search_index_script(site_dir)
    pin_sitemap_gzip(site_dir)
    # Without site_url MkDocs writes 404.html with root-absolute links (/assets/...), which
    # are wrong for a site that lives in /zh-Hans/; no server would show it there anyway.
    (site_dir / "404.html").unlink(missing_ok=True)


def write_search_index_script(site_dir: Path) -> None:
    """Write search/search_index.js, the index as a script, for readers on ``file://``.

    Material's bundle loads this file instead of fetching search_index.json when
    ``location.protocol`` is ``file:`` (browsers refuse fetch() there). Its offline plugin
    would write it too, but that plugin also turns off directory URLs and adds an unpkg URL.
    """
    index = site_dir / "search" / "search_index.json"
    if not index.is_file():
        raise PluginError(f"{index}: not written; is the search plugin enabled in mkdocs.yml?")
    script = "var __index = " + index.read_text(encoding="utf-8")
    (site_dir / "search" / "search_index.js").write_text(script, encoding="utf-8")


def pin_sitemap_gzip(site_dir: Path) -> None:
    """Rewrite sitemap.xml.gz with a fixed gzip timestamp.

    MkDocs stamps the gzip header with the pages' build date, so the file changes every day
    even when nothing else does. (Without site_url the sitemap lists no pages; with one, set
    SOURCE_DATE_EPOCH to pin the <lastmod> dates as well.)
    """
    sitemap = site_dir / "sitemap.xml"
    if sitemap.is_file():
        data = gzip.compress(sitemap.read_bytes(), compresslevel=9, mtime=0)
        (site_dir / "sitemap.xml.gz").write_bytes(data)
