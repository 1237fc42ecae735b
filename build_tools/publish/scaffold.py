"""``gov-report new REPORT FOLDER``: start a project for a report, the way ``mkdocs new`` starts
a site. Everything the project says about the report is read off the report itself:

    FOLDER/mkdocs.yml, mkdocs.zh-Hant.yml   the two sites, named after the report
    FOLDER/sources/NAME                     the raw report, byte for byte
    FOLDER/sources/STEM.yml                 its config: title, issuer, date, source office
    FOLDER/overrides/                       the theme customisation (partials, CSS, JS)
    FOLDER/.gitignore
    FOLDER/docs/                            the generated pages (as `gov-report build`)

The folder must be new or empty: ``new`` never writes over anything, and a failed ``new``
leaves nothing behind (the project is made beside the folder and renamed into place).
"""

from __future__ import annotations

import contextlib
import errno
import html
import os
import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from ..curated.config import real_date
from ..curated.settings import settings_for
from ..errors import BuildError
from ..pages.build import generate
from ..pages.markdown import yaml_str
from ..paths import CONFIGS, DOCS, SCRIPTS, SOURCES, THEME, Script, config_for
from ..text import load, pipeline
from ..text.model import Document
from .files import put
from .root import site_title
from .write import write_tree

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


#: a placeholder of the templates: ``@NAME@``
_PLACEHOLDER = re.compile(r"@([A-Z_]+)@")


def fill(template: str, values: dict[str, str]) -> str:
    """``template`` with each ``@NAME@`` replaced by ``values[NAME]``, in one pass over the
    template: a value is never read again, so report text that holds ``@SOURCE@`` stays
    text. A placeholder without a value is a bug (KeyError)."""
    return _PLACEHOLDER.sub(lambda m: values[m.group(1)], template)


def render_config(script: Script, n: Names, source: str, theme_dir: str) -> str:
    """A project's MkDocs config for ``script``. Themes print these names as HTML, so they are
    HTML-escaped, then written as YAML scalars."""
    shown = {
        "SITE_NAME": n.site_name,
        "SITE_DESCRIPTION": n.description,
        "SITE_AUTHOR": n.author,
        "COPYRIGHT": n.copyright,
    }
    values = {
        key: yaml_scalar(html.escape(value, quote=False)) if value else '""' for key, value in shown.items()
    }
    values |= {"SOURCE": yaml_scalar(source), "THEME_DIR": yaml_scalar(theme_dir)}
    return fill((TEMPLATES / CONFIGS[script]).read_text(encoding="utf-8"), values)


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
    """Write a project for ``report`` into ``folder`` (new or empty); return its mkdocs.yml.

    The project is made in a temporary folder beside ``folder`` and renamed into place when
    it is complete, so a failure (a bad report, a full disk, Ctrl-C) leaves nothing behind and
    the same command can simply be run again. The report is read once: it may be a pipe
    (``gov-report new /dev/stdin FOLDER``)."""
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise BuildError(
            "the folder is not empty", path=folder, hint="give a new or empty folder for the project"
        )
    data = load.read_report(report)
    settings = settings_for(report)
    doc = pipeline.run(report, settings.scripts, settings.report.given, data=data)
    # A pipe's name (/dev/stdin, /dev/fd/63) says nothing: the copy gets a name of its own.
    name = report.name if report.is_file() else "report.raw.txt"
    target = Path(os.path.realpath(folder))  # an empty folder given by a link: the folder
    made = _missing_parents(target)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.new-", dir=target.parent))
    except OSError as err:
        _remove_folders(made)
        raise _cannot_write(err, folder) from None
    try:
        _fill_project(tmp, name, data, doc)
        os.chmod(tmp, 0o755)
        os.rename(tmp, target)  # onto a missing or empty folder: all at once
    except BuildError as err:
        _discard_project(tmp, made)
        if err.path:
            err.path = err.path.replace(str(tmp), str(folder))
        raise
    except OSError as err:
        _discard_project(tmp, made)
        if err.errno in (errno.ENOTEMPTY, errno.EEXIST, errno.ENOTDIR):
            raise BuildError(
                "the folder is not empty (something was written into it meanwhile)",
                path=folder,
                hint="give a new or empty folder for the project",
            ) from None
        raise _cannot_write(err, folder) from None
    except BaseException:
        _discard_project(tmp, made)
        raise
    return folder / CONFIGS["zh-Hans"]


def _fill_project(tmp: Path, name: str, data: bytes, doc: Document) -> None:
    """Everything a project holds, written into ``tmp``."""
    put(tmp, f"{SOURCES}/{name}", data)
    put(tmp, f"{SOURCES}/{config_for(name)}", report_config(doc).encode("utf-8"))
    for script in SCRIPTS:
        config = render_config(script, names(doc, script), f"{SOURCES}/{name}", THEME_FOLDER)
        put(tmp, CONFIGS[script], config.encode("utf-8"))
    for file in sorted(THEME.rglob("*")):
        if file.is_file():
            put(tmp, f"{THEME_FOLDER}/{file.relative_to(THEME).as_posix()}", file.read_bytes())
    put(tmp, ".gitignore", GITIGNORE.encode("utf-8"))
    source = tmp / SOURCES / name
    _doc, files = generate(source, settings_for(source))
    write_tree(files, tmp / DOCS)


def _missing_parents(folder: Path) -> list[Path]:
    """The folders above ``folder`` that do not exist yet, deepest first."""
    return [p for p in folder.parents if not p.exists()]


def _remove_folders(folders: list[Path]) -> None:
    """Remove the folders that ``new`` made above the project, if still empty, deepest first."""
    for p in folders:
        with contextlib.suppress(OSError):
            p.rmdir()


def _discard_project(tmp: Path, made: list[Path]) -> None:
    """Remove a project that was being made (all of it written by ``new``, in a folder of its
    own that ``mkdtemp`` made), and the folders made above it."""
    shutil.rmtree(tmp, ignore_errors=True)
    _remove_folders(made)


def _cannot_write(err: OSError, folder: Path) -> BuildError:
    return BuildError(
        f"cannot write the project: {err.strerror or err}; nothing was written",
        path=folder,
        hint="check that the folder can be written (permissions, free space), then run the command again",
    )
