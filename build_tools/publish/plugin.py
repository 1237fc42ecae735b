"""The MkDocs plugin (``gov-report``), registered as an entry point in pyproject.toml.

Everything that depends on MkDocs or Material lives here, so moving to another engine means
replacing this module (see README, "Moving off MkDocs"). The plugin calls the library,
never the command line:

* options: ``source`` (the raw report, relative to mkdocs.yml; the command line reads it
  too) and ``script`` (else the theme's language);
* under ``mkdocs serve``: watch ``sources/`` and regenerate ``docs/`` when it changes;
* Material's search: give its jieba a dictionary that also knows Traditional words, resolve
  the user dictionary against mkdocs.yml's folder, rank the reference pages (glossary, …)
  below the report, and write ``search_index.js`` for readers on ``file://``;
* the published address: with ``GOV_REPORT_SITE_URL`` (the site's root, set by CI) the
  site gets its ``site_url``, so canonical links, Open Graph and hreflang addresses and the
  sitemap are absolute; without it nothing changes and every link stays relative;
* after the build: make the output byte-for-byte reproducible (the sitemap's gzip stamp)
  and replace MkDocs' 404 page, which cannot work under a sub-path, with our own.

The reading order is not here: it is ``docs/nav.yml``, which mkdocs.yml inherits.
"""

from __future__ import annotations

import gzip
import hashlib
import marshal
import os
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

import jieba
import opencc
from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.pages import Page

from ..errors import BuildError
from ..paths import NAV, SCRIPTS, SOURCES, Script
from .notfound import published_root, render_not_found
from .project import find
from .write import exclusive, write_tree

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
    is byte-for-byte the same (the benchmark, scripts/bench, measures both).
    """

    dump = staticmethod(marshal.dump)

    @staticmethod
    def load(file: BinaryIO) -> object:
        return marshal.loads(file.read())


# Bump when bilingual_jieba_dictionary() changes what it writes, so cached files are rebuilt.
_DICTIONARY_FORMAT = 1


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


def _regenerate(root: Path) -> None:
    """``docs/`` from the project's report, as ``gov-report build`` writes it."""
    project = find(root)
    _doc, files = project.generate()
    with exclusive([project.docs], "mkdocs serve"):
        write_tree(files, project.docs)


class _Options(Config):  # type: ignore[no-untyped-call]
    #: the raw report, relative to mkdocs.yml
    source = c.Type(str)
    #: the script of this site; else the theme's language
    script = c.Optional(c.Choice(SCRIPTS))


class ReportPlugin(BasePlugin[_Options]):  # type: ignore[no-untyped-call]
    """``plugins: [gov-report: {source: sources/NAME.raw.txt}]``"""

    def __init__(self) -> None:
        self.serving = False
        #: newest modification time under sources/ when docs/ was last generated
        self.generated_from = 0.0
        self.script: Script = "zh-Hans"
        #: the published root (GOV_REPORT_SITE_URL), "" for a relative build
        self.root_url = ""

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.serving = command == "serve"

    def on_serve(self, server: LiveReloadServer, *, config: MkDocsConfig,
                 builder: Callable[..., None]) -> LiveReloadServer:
        """``mkdocs serve`` watches docs/ and mkdocs.yml; docs/ is generated from sources/, so
        a change there must rebuild too (and on_config regenerates docs/ first)."""
        server.watch(str(_root(config) / SOURCES))
        return server

    # Before Material's search plugin reads its options (priority 0).
    @event_priority(100)
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        script = self.config.script or config.theme.get("language")
        if script not in SCRIPTS:
            raise PluginError(f"gov-report: the site's script is {script!r}; set the plugin's "
                              f"'script' option to one of {', '.join(SCRIPTS)}")
        self.script = script
        try:
            self.root_url = published_root()
        except BuildError as err:
            raise PluginError(f"gov-report: {err}") from None
        if self.root_url and not config.site_url:
            config.site_url = f"{self.root_url}{script}/"
            config.extra["site_root_url"] = self.root_url
        if self.serving:
            self._refresh(config)
        search = config.plugins.get("material/search")
        if search is not None:
            _material_search(config, search.config)
        return config

    def _refresh(self, config: MkDocsConfig) -> None:
        """Under ``mkdocs serve``: regenerate docs/ if a file in sources/ changed since docs/
        was last generated, and take the navigation from the new docs/nav.yml. Changes to
        build_tools itself need a restart of ``mkdocs serve`` (its modules stay imported)."""
        root = _root(config)
        newest = max(p.stat().st_mtime for p in (root / SOURCES).rglob("*") if p.is_file())
        if newest <= self.generated_from:
            return
        try:
            _regenerate(root)
        except BuildError as err:
            raise PluginError(f"regenerating docs/ from sources/ failed: {err}") from None
        self.generated_from = newest
        import yaml

        nav = yaml.safe_load((Path(config.docs_dir).parent / NAV).read_text(encoding="utf-8"))
        config.nav = nav.get("nav", config.nav)

    def on_page_markdown(self, markdown: str, page: Page, **kwargs: object) -> str:
        boost = REFERENCE_PAGE_SEARCH_BOOST.get(page.file.src_uri)
        if boost is not None:
            page.meta.setdefault("search", {}).setdefault("boost", boost)
        return markdown

    # After the search plugin has written search/search_index.json (priority 0).
    @event_priority(-100)
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        site_dir = Path(config.site_dir)
        if config.plugins.get("material/search") is not None:
            write_search_index_script(site_dir)
        pin_sitemap_gzip(site_dir)
        # MkDocs' 404.html links root-absolute (/assets/...) without site_url, which is wrong
        # for a site that lives in /zh-Hans/; ours works at any depth (publish/notfound.py).
        page = render_not_found({self.script: config.site_name}, (self.script,), depth=1,
                                root_url=self.root_url)
        (site_dir / "404.html").write_text(page, encoding="utf-8")


def _root(config: MkDocsConfig) -> Path:
    return Path(os.path.abspath(config.config_file_path)).parent


def _material_search(config: MkDocsConfig, options: dict[str, object]) -> None:
    """Before the search plugin's on_config, which loads jieba's dictionary."""
    jieba.marshal = _WholeFileMarshal
    root = _root(config)
    if not options.get("jieba_dict"):
        options["jieba_dict"] = str(bilingual_jieba_dictionary(root / ".cache" / "jieba"))
    # Material opens jieba_dict_user relative to the working directory; resolve it against
    # the directory of mkdocs.yml so that `mkdocs build -f /path/to/mkdocs.yml` works anywhere.
    user_dict = options.get("jieba_dict_user")
    if isinstance(user_dict, str) and user_dict and not os.path.isabs(user_dict):
        options["jieba_dict_user"] = str(root / user_dict)
