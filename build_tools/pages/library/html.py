"""The frame of the library's own pages (home, indicators, search): plain HTML in each script.

They are written here, not by MkDocs: they are small, made of lists, tables and charts the
library computes, and they must come out in milliseconds so that a build in which nothing
changed stays fast. They share the plain style of the root and 404 pages and the reports'
red; ``assets/library/library.css`` styles them and ``library.js`` adds the filters (every
page works without it). Text from a report or a curated file enters only through
:func:`text` and :func:`attr` (escaped).
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ...paths import SCRIPTS, Script

Translate = Callable[[str], str]

#: the library's pages, relative to a script's folder
HOME = ""
INDICATORS = "indicators/"
SEARCH = "search/"
#: the library's labels in Simplified (converted like the reports for zh-Hant)
NAV = (("报告", HOME), ("指标", INDICATORS), ("搜索", SEARCH))
FOOTER = "各报告原文由其发布机关发布；本站据网页文本整理，每份报告的编校说明列出所作的每一处改动。"
OTHER = {"zh-Hans": ("zh-Hant", "繁體中文"), "zh-Hant": ("zh-Hans", "简体中文")}


def text(value: str) -> str:
    return html.escape(value, quote=False)


def attr(value: str) -> str:
    return html.escape(value, quote=True)


@dataclass(frozen=True, slots=True)
class Frame:
    """What every page of one script shares."""

    script: Script
    #: the library's name in this script
    title: str
    tr: Translate

    def up(self, page: str) -> str:
        """From ``page`` (``indicators/gdp/``) back to the library's root (``../../../``)."""
        return "../" * (page.count("/") + 1)

    def link(self, page: str, target: str) -> str:
        """A link from ``page`` to the library page ``target`` of this script."""
        return self.up(page) + f"{self.script}/{target}"


def page(frame: Frame, at: str, heading: str, body: Sequence[str], *, scripts: str = "") -> str:
    """A whole page of the library at ``at`` (relative to the script's folder)."""
    up, tr = frame.up(at), frame.tr
    other, other_name = OTHER[frame.script]
    name = frame.title if at == HOME else f"{heading} - {frame.title}"
    nav = "".join(
        f'<a href="{frame.link(at, target)}"'
        + (' aria-current="page"' if target == at else "")
        + f">{text(tr(label))}</a>"
        for label, target in NAV
    )
    alternates = "".join(
        f'<link rel="alternate" hreflang="{s}" href="{up}{s}/{at}">\n' for s in SCRIPTS if s != frame.script
    )
    return f"""<!doctype html>
<html lang="{frame.script}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<title>{text(name)}</title>
{alternates}<link rel="stylesheet" href="{up}assets/library/library.css">
<script src="{up}assets/library/library.js" defer></script>{scripts}
</head>
<body>
<header class="lib-header">
<a class="lib-title" href="{frame.link(at, HOME)}">{text(frame.title)}</a>
<nav class="lib-nav" aria-label="{attr(tr("文库"))}">{nav}</nav>
<a class="lib-script" href="{up}{other}/{at}" hreflang="{other}" lang="{other}">{other_name}</a>
</header>
<main class="lib-main">
<h1>{text(heading)}</h1>
{"".join(body)}
</main>
<footer class="lib-footer"><p>{text(tr(FOOTER))}</p></footer>
</body>
</html>
"""
