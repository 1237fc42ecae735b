"""``gov-report new REPORT FOLDER``: start a project for a report, the way ``mkdocs new`` starts
a site. Everything the project says about the report is read off the report itself:

    FOLDER/mkdocs.yml, mkdocs.zh-Hant.yml   the two sites, named after the report
    FOLDER/sources/NAME                     the raw report, byte for byte
    FOLDER/sources/STEM.yml                 its config: title, issuer, date, source office
    FOLDER/overrides/                       the theme customisation (partials, CSS, JS)
    FOLDER/.gitignore
    FOLDER/docs/                            the generated pages (as `gov-report build`)

The folder must be new or empty: ``new`` never writes over anything.
"""

from __future__ import annotations

import html
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from ..curated.config import real_date
from ..curated.settings import settings_for
from ..errors import BuildError
from ..pages.build import generate
from ..pages.markdown import yaml_str
from ..paths import CONFIGS, DOCS, SCRIPTS, SOURCES, THEME, Script, config_for
from ..text import pipeline
from ..text.model import Document
from .root import site_title
from .write import exclusive, write_tree

TEMPLATES = Path(__file__).with_name("templates")
THEME_FOLDER = "overrides"
GITIGNORE = """\
# Built by `gov-report site`; temporary folders and locks of its writer.
/site/
/.cache/
/.*.lock
/.*.new-*
/.*.old-*
"""
# A YAML scalar that needs no quotes: no indicator at its start, nothing YAML reads specially.
_PLAIN = re.compile(r"^[^\s\-?:,\[\]{}#&*!|>'\"%@`][^:#\n]*(?<!\s)$")
_SPECIAL = re.compile(r"^(true|false|yes|no|on|off|null|~|[-+.\d][\d._:eE+-]*)$", re.I)


def yaml_scalar(text: str) -> str:
    """``text`` as a YAML scalar: plain where YAML reads it back as the same text."""
    if _PLAIN.match(text) and not _SPECIAL.match(text) and text.isprintable():
        return text
    return yaml_str(text)


@dataclass(frozen=True, slots=True)
class Names:
    """What one script's site is called: taken from the report."""

    site_name: str
    description: str
    author: str
    copyright: str


def names(doc: Document, script: Script) -> Names:
    meta = doc.meta(script)
    note = "报告原文由{}发布" if script == "zh-Hans" else "報告原文由{}發布"
    return Names(
        site_title(doc, script), meta.title, meta.issuer, note.format(meta.issuer) if meta.issuer else ""
    )


def render_config(script: Script, n: Names, source: str, theme_dir: str) -> str:
    """A project's MkDocs config for ``script``. Themes print these names as HTML, so they are
    HTML-escaped, then written as YAML scalars."""
    text = (TEMPLATES / CONFIGS[script]).read_text(encoding="utf-8")
    values = {
        "@SITE_NAME@": n.site_name,
        "@SITE_DESCRIPTION@": n.description,
        "@SITE_AUTHOR@": n.author,
        "@COPYRIGHT@": n.copyright,
    }
    for key, value in values.items():
        text = text.replace(key, yaml_scalar(html.escape(value, quote=False)) if value else '""')
    return text.replace("@SOURCE@", yaml_scalar(source)).replace("@THEME_DIR@", theme_dir)


def report_config(doc: Document) -> str:
    """The report's config, with what the pipeline read off the page, in the report's script."""
    meta = doc.meta(doc.meta_hans.source_script)
    rows = [
        ("title", meta.title),
        ("short_title", meta.short_title or meta.title),
        ("issuer", meta.issuer),
        ("published", meta.published),
        ("source_office", meta.source_office),
    ]
    # A value the config would refuse (a page's date as 2022/3/28) stays out, as a comment:
    # `new` never writes a project that fails its first build.
    lines = "".join(
        f"{key}: {yaml_scalar(value)}\n"
        if key != "published" or real_date(value)
        else f"# published: {yaml_scalar(value)}   (the page's; write it as 2021-03-30 to use it)\n"
        for key, value in rows
        if value
    )
    return (
        "# What `gov-report new` read off the report; correct anything the page got wrong\n"
        "# (every key: build_tools/curated/config.py). short_title names the site.\n" + lines
    )


def new(report: Path, folder: Path) -> Path:
    """Write a project for ``report`` into ``folder`` (new or empty); return its mkdocs.yml."""
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise BuildError(
            "the folder is not empty", path=folder, hint="give a new or empty folder for the project"
        )
    settings = settings_for(report)
    doc = pipeline.run(report, settings.scripts, settings.report.given)
    sources = folder / SOURCES
    sources.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(report, sources / report.name)
    config = config_for(sources / report.name)
    config.write_text(report_config(doc), encoding="utf-8")
    source = f"{SOURCES}/{report.name}"
    for script in SCRIPTS:
        (folder / CONFIGS[script]).write_text(
            render_config(script, names(doc, script), source, THEME_FOLDER), encoding="utf-8"
        )
    shutil.copytree(THEME, folder / THEME_FOLDER)
    (folder / ".gitignore").write_text(GITIGNORE, encoding="utf-8")
    with exclusive([folder / DOCS], "new"):
        _doc, files = generate(sources / report.name, settings_for(sources / report.name))
        write_tree(files, folder / DOCS)
    return folder / CONFIGS["zh-Hans"]
