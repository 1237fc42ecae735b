"""Every page of the library's own, in both scripts: ``{path under the output: html}``."""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence

from ...curated.indicators import Indicator
from ...curated.overrides import read_scripts
from ...paths import DEFAULT_OVERRIDES, SCRIPTS, Script
from ...text.script import traditional_text
from ..wording import taiwan
from .home import render_home
from .html import INDICATORS, SEARCH, Frame, Translate
from .indicator_pages import issuer_names, render_index, render_indicator
from .indicators import series
from .record import Record
from .search_page import render_search

#: the library's own words that Taiwan says otherwise, beyond the site's (``wording.TAIWAN``):
#: the reports' search says 搜尋 too
TAIWAN = (("搜索", "搜尋"),)


def library_translators() -> dict[Script, Translate]:
    """The library's labels are written in Simplified; Traditional ones as the site's own
    sentences are (OpenCC s2tw with the tool's corrections, then Taiwan's words:
    ``wording.taiwan`` and :data:`TAIWAN`)."""
    scripts = read_scripts("s2tw", DEFAULT_OVERRIDES)

    @functools.lru_cache(maxsize=4096)
    def hant(value: str) -> str:
        out = taiwan(traditional_text(value, scripts))
        for mainland, local in TAIWAN:
            out = out.replace(mainland, local)
        return out

    return {"zh-Hans": lambda value: value, "zh-Hant": hant}


def library_pages(
    title: Mapping[Script, str],
    records: Mapping[str, Record],
    where: Mapping[str, str],
    indicators: Sequence[Indicator],
) -> dict[str, str]:
    """The home page, the indicators' pages (when the library has indicators) of each script."""
    tr = library_translators()
    found = series(indicators, records, where)
    pages: dict[str, str] = {}
    for script in SCRIPTS:
        frame = Frame(script, title[script], tr[script])
        pages[f"{script}/index.html"] = render_home(frame, records, where)
        pages[f"{script}/{SEARCH}index.html"] = render_search(frame, records, where)
        names = issuer_names(records, where, script)
        pages[f"{script}/{INDICATORS}index.html"] = render_index(frame, indicators, found)
        for indicator in indicators:
            pages[f"{script}/{INDICATORS}{indicator.id}/index.html"] = render_indicator(
                frame, indicator, found[indicator.id], where, names
            )
    return pages
