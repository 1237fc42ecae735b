"""The MkDocs plugin (``gov-report``), registered as an entry point in pyproject.toml.

Everything that depends on MkDocs or Material lives here, so moving to another engine means
replacing this module (see README, "Moving off MkDocs"). The plugin calls the library,
never the command line:

* options: ``source`` (the raw report, relative to mkdocs.yml; the command line reads it
  too) and ``script`` (else the theme's language);
* under ``mkdocs serve``: watch ``sources/`` and regenerate ``docs/`` when it changes;
* the published address: with ``GOV_REPORT_SITE_URL`` (the site's root, set by CI) the
  site gets its ``site_url``, so canonical links, Open Graph and hreflang addresses and the
  sitemap are absolute; without it nothing changes and every link stays relative;
* the theme's files: Material's search worker and lunr's language files are left out when
  Material's search is off (the site's own search is ``publish/search/``);
* after the build: make the output byte-for-byte reproducible (the sitemap's gzip stamp)
  and replace MkDocs' 404 page, which cannot work under a sub-path, with our own.

The reading order is not here: it is ``docs/nav.yml``, which mkdocs.yml inherits. Nor is the
search: ``gov-report site`` writes it into the built HTML (``publish/search/``), whatever
engine built it, so ``mkdocs serve`` shows no search box.
"""

from __future__ import annotations

import contextlib
import gzip
import os
from collections.abc import Callable
from pathlib import Path

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import Files

from ..curated import site_config
from ..curated.config import FILE_KEYS, load_for
from ..errors import BuildError
from ..paths import NAV, SCRIPTS, SOURCES, Script, config_for
from .notfound import published_root, render_not_found
from .project import find
from .write import exclusive, write_tree

# Material's search, as the theme ships it: a web worker and the lunr language files it loads.
# Nothing else loads them: without Material's search plugin no page has a search box.
MATERIAL_SEARCH = ("assets/javascripts/workers/", "assets/javascripts/lunr/")


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

    def on_serve(
        self, server: LiveReloadServer, *, config: MkDocsConfig, builder: Callable[..., None]
    ) -> LiveReloadServer:
        """``mkdocs serve`` watches docs/ and mkdocs.yml; docs/ is generated from sources/, so
        a change there must rebuild too (and on_config regenerates docs/ first)."""
        for path in _inputs(_root(config)):
            server.watch(str(path))
        return server

    # Before other plugins read the config (priority 0): docs/ must be current first.
    @event_priority(100)
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        script = self.config.script or config.theme.get("language")
        if script not in SCRIPTS:
            raise PluginError(
                f"gov-report: the site's script is {script!r}; set the plugin's "
                f"'script' option to one of {', '.join(SCRIPTS)}"
            )
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
        return config

    def _refresh(self, config: MkDocsConfig) -> None:
        """Under ``mkdocs serve``: regenerate docs/ if a file in sources/ changed since docs/
        was last generated, and take the navigation from the new docs/nav.yml. Changes to
        build_tools itself need a restart of ``mkdocs serve`` (its modules stay imported)."""
        root = _root(config)
        newest = max((p.stat().st_mtime for p in _files(_inputs(root))), default=0.0)
        if newest <= self.generated_from:
            return
        try:
            _regenerate(root)
        except BuildError as err:
            raise PluginError(f"regenerating docs/ from sources/ failed: {err}") from None
        self.generated_from = newest
        nav = site_config.nav(Path(config.docs_dir).parent / NAV)
        config.nav = config.nav if nav is None else nav

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        """Leave Material's search worker out of a site that does not use it."""
        if not any(name.split("/")[-1] == "search" for name in config.plugins):
            for file in [f for f in files if f.src_uri.startswith(MATERIAL_SEARCH)]:
                files.remove(file)
        return files

    # After every other plugin has written its files (priority 0).
    @event_priority(-100)
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        site_dir = Path(config.site_dir)
        pin_sitemap_gzip(site_dir)
        # MkDocs' 404.html links root-absolute (/assets/...) without site_url, which is wrong
        # for a site that lives in /zh-Hans/; ours works at any depth (publish/notfound.py).
        page = render_not_found(
            {self.script: config.site_name}, (self.script,), depth=1, root_url=self.root_url
        )
        (site_dir / "404.html").write_text(page, encoding="utf-8")


def _inputs(root: Path) -> list[Path]:
    """What docs/ is generated from: the project's sources/ folder, and the report, its
    config and the files the config names, wherever the plugin's ``source`` puts them.
    (A broken config is the build's to report: then sources/ and the report are watched.)"""
    try:
        source = find(root).source
    except BuildError:
        return [root / SOURCES]
    named: list[Path | None] = []
    with contextlib.suppress(BuildError):
        report = load_for(source)
        named = [getattr(report, key) for key in FILE_KEYS]
    candidates = [root / SOURCES, source, config_for(source), *(p for p in named if p)]
    return [p for p in candidates if p.exists()] or [source]


def _files(paths: list[Path]) -> list[Path]:
    """The files among ``paths`` and in the folders among them."""
    found: list[Path] = []
    for p in paths:
        if p.is_dir():
            found += [f for f in p.rglob("*") if f.is_file()]
        elif p.is_file():
            found.append(p)
    return found


def _root(config: MkDocsConfig) -> Path:
    return Path(os.path.abspath(config.config_file_path)).parent
