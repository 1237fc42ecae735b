"""A project: a folder that publishes one report (what ``gov-report new`` writes).

    mkdocs.yml            the Simplified site; names the report in its ``gov-report`` plugin
    mkdocs.zh-Hant.yml    the Traditional site (INHERIT: mkdocs.yml)
    sources/              the raw report, its config and curated data
    docs/                 generated: zh-Hans/, zh-Hant/, nav.yml (committed, never edited)
    site/                 built: both sites, the root page, the PDFs

The report is named once, in ``mkdocs.yml``::

    plugins:
      - gov-report:
          source: sources/tianhe-2020.raw.txt

The command line reads that option from the file (through ``curated.site_config``, the one
reader of the MkDocs configs); an engine that ignores the plugin still builds the same pages
from ``docs/``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..curated import site_config
from ..curated.settings import Settings, settings_for
from ..errors import DataError
from ..pages.build import generate
from ..paths import CONFIGS, DOCS, PLUGIN, SITE, Script
from ..text.model import Document


@dataclass(frozen=True, slots=True)
class Project:
    root: Path
    #: the raw report
    source: Path
    #: give every paragraph an anchor of its own (a library's reports: cite a paragraph)
    paragraph_ids: bool = False
    #: where builds keep what they may reuse (jieba's dictionary); else the project's .cache/
    cache: Path | None = None

    @property
    def cache_dir(self) -> Path:
        return self.cache or self.root / ".cache"

    @property
    def docs(self) -> Path:
        return self.root / DOCS

    @property
    def site(self) -> Path:
        return self.root / SITE

    def config(self, script: Script) -> Path:
        return self.root / CONFIGS[script]

    def settings(self) -> Settings:
        return settings_for(self.source)

    def generate(self, settings: Settings | None = None) -> tuple[Document, dict[str, str]]:
        """The report through the text pipeline, and every file of ``docs/``."""
        return generate(self.source, settings or self.settings(), paragraph_ids=self.paragraph_ids)


def find(root: str | Path = ".") -> Project:
    """The project in ``root``, from its ``mkdocs.yml``."""
    folder = Path(root)
    config = folder / CONFIGS["zh-Hans"]
    if not config.is_file():
        raise DataError(
            f"no {CONFIGS['zh-Hans']} here: this is not a project folder",
            path=folder,
            hint="run the command in a project folder (or pass -C FOLDER); start "
            "one from a report with `gov-report new REPORT FOLDER`",
        )
    options = site_config.plugin_options(config)
    source = (options or {}).get("source")
    if not isinstance(source, str) or not source.strip():
        raise DataError(
            f"the config does not name the report (plugin {PLUGIN}, option source)",
            path=config,
            hint=f"add under plugins:  - {PLUGIN}: {{source: sources/NAME.raw.txt}}",
        )
    path = folder / source.strip()
    if not path.is_file():
        raise DataError(
            f"the report {source.strip()} named by plugin {PLUGIN} does not exist",
            path=config,
            hint="fix the path (relative to this file)",
        )
    return Project(folder, path)
