"""Every path, file name and default of the tool, defined once.

Two kinds: the tool's own files, shipped inside the package (the curated defaults, the site's
theme); and the names of a project's files, relative to its folder (a project is what
``gov-report new`` writes: ``mkdocs.yml``, ``sources/``, ``docs/``, ``site/``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

#: the two scripts of every report, as BCP 47 tags (also the folder names of docs/ and site/)
Script = Literal["zh-Hans", "zh-Hant"]
SCRIPTS: tuple[Script, Script] = ("zh-Hans", "zh-Hant")

PACKAGE = Path(__file__).resolve().parent
#: curated data every report uses unless its config names its own (package data)
DEFAULT_OVERRIDES = PACKAGE / "curated" / "defaults" / "overrides.yml"
#: the theme customisation (Material partials, CSS, JavaScript), copied into new projects
THEME = PACKAGE / "publish" / "theme"

#: a project's files, relative to its folder
CONFIGS: dict[Script, str] = {"zh-Hans": "mkdocs.yml", "zh-Hant": "mkdocs.zh-Hant.yml"}
SOURCES = "sources"
DOCS = "docs"
SITE = "site"
#: the navigation, generated into docs/ and inherited by mkdocs.yml (INHERIT), so that any
#: engine that reads mkdocs.yml gets the reading order without a plugin
NAV = "nav.yml"
#: the search's jieba user dictionary, generated into docs/ (publish/search reads it)
JIEBA_USER = "jieba-user.txt"
#: what the search knows of readers' words (curated), generated into docs/ beside JIEBA_USER
SEARCH_TERMS = "search-terms.json"
#: the MkDocs plugin's name in mkdocs.yml, and its entry point
PLUGIN = "gov-report"


def config_for(source: str | Path) -> Path:
    """The config of a raw report: ``sources/foo.raw.txt`` → ``sources/foo.yml``."""
    p = Path(source)
    stem = p.stem.removesuffix(".raw") or p.stem
    return p.with_name(f"{stem}.yml")


def pdf_name(script: Script) -> str:
    return f"report-{script}.pdf"


#: a library of reports (``gov-report library``): its config, in the library's folder
LIBRARY_CONFIG = "library.yml"
#: the built library, relative to the library's folder, and the cache of built reports
LIBRARY_SITE = "site"
LIBRARY_CACHE = ".cache/library"
