"""The report's metadata completed: its title and issuing body, and the site's short name.

The config's values win; else the report's title line, else the page's title, else the file's
name (``filename``, with a notice saying how). A work report's byline and first sentence give
the issuer, and the site's name when the title is only "政府工作报告".
"""

from __future__ import annotations

import dataclasses
import re

from ..paths import config_for
from .filename import title_from_name
from .model import Meta, Notice, Report


def complete(meta: Meta, report: Report, path: str) -> tuple[Meta, list[Notice]]:
    """Fill the title and issuing body: the config's, else the report's title line, else
    the page's title, else the file's name (with a notice saying so). A work report's
    byline and first sentence give the issuer, and the site's name when the title is only
    "政府工作报告"."""
    notices: list[Notice] = []
    own, page = (report.title.text if report.title else ""), meta.page_title
    # A bare "政府工作报告" line under a page titled "2026年宁夏回族自治区政府工作报告": the
    # page's title says more (the home page still shows the report's own line).
    fuller = page if own and own in page and len(page) > len(own) else own
    title = meta.title or fuller or page
    if not title:
        title, how = title_from_name(path, report)
        config = config_for(path).name
        message = (
            f"the report has no title line; the title “{title}” was {how}: add 'title: …' to {config}"
            if title
            else f"the report has no title line and the page gives none; add 'title: …' to {config}"
        )
        notices.append(Notice("no-title", 1, message))
    issuer = meta.issuer
    if not issuer:
        m = re.match(r"^(.{2,30}?)(关于|關於)", title)
        issuer = m.group(1) if m else ""
    place, year, behalf = _delivered(report)
    if not issuer and behalf:
        issuer = _issuer(place, behalf)
    short_title = meta.short_title
    generic = _GENERIC_TITLE.match(title)
    if not short_title and generic and (place or behalf.endswith(("国务院", "國務院"))):
        # The site's name for a report titled only "政府工作报告": which year, whose (the
        # pages' own form, "2026年北京市政府工作报告"); the home page keeps the title line.
        short_title = (generic.group(1) or year) + (place or behalf) + title[-6:]
    return dataclasses.replace(meta, title=title, short_title=short_title, issuer=issuer), notices


# A work report titled only "(2026年)政府工作报告", which names neither its government nor
# (always) its year; the byline and the opening sentence say both.
_GENERIC_TITLE = re.compile(r"^(\d{4}年)?政府工作(报告|報告)$")
# "——2026年1月26日在广东省第十四届" + "人民代表大会第五次会议上" (often split over lines);
# "——2016年3月5日在第十二届全国人民代表大会第四次会议上" names no place.
_DELIVERED_ON = re.compile(r"(\d{4}年)\d{1,2}月\d{1,2}日[\s\u3000]*在")
_CONGRESS_OF = re.compile(r"在([\u4e00-\u9fff]{2,14}?)第[一二三四五六七八九十]{1,3}[届屆]")
# "现在，我代表省人民政府，向大会报告工作" / "我代表国务院".
_ON_BEHALF = re.compile(r"我代表([\u4e00-\u9fff]{0,14}?(人民政府|国务院|國務院))")


# What "我代表…人民政府" says when it names only the level: 省, 自治区, 市…
_LEVELS = frozenset(
    (
        "省",
        "市",
        "区",
        "區",
        "县",
        "縣",
        "州",
        "自治区",
        "自治區",
        "自治州",
        "镇",
        "鎮",
        "乡",
        "鄉",
        "旗",
        "盟",
    )
)


def _issuer(place: str, behalf: str) -> str:
    """``我代表省人民政府`` in 广东省's congress: 广东省人民政府; ``我代表海南省人民政府``,
    ``我代表国务院``: as said; a bare level with no place named: "" (not a name)."""
    level = behalf.removesuffix("人民政府")
    if level not in _LEVELS:
        return behalf
    return place + "人民政府" if place.endswith(level) else ""


def _delivered(report: Report) -> tuple[str, str, str]:
    """(place, year, on whose behalf) as a work report's opening lines give them: the
    byline's congress (``广东省``, ``2026年``) and its first sentence (``省人民政府``);
    "" for what they do not say."""
    head = "".join(b.text for b in report.preface[:8])
    date, place, behalf = (rx.search(head) for rx in (_DELIVERED_ON, _CONGRESS_OF, _ON_BEHALF))
    return (place.group(1) if place else "", date.group(1) if date else "", behalf.group(1) if behalf else "")
