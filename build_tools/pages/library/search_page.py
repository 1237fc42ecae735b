"""The library's search page: a box, the filters (issuer, year) and the results, which
``assets/library/library-search.js`` finds in the library's search files
(``publish/library/search.py``). Without JavaScript the page says so and points home."""

from __future__ import annotations

from collections.abc import Mapping

from .home import issuer_groups
from .html import SEARCH, Frame, attr, page, text
from .record import Record, pick

NO_SCRIPT = "搜索需要浏览器启用 JavaScript；也可以从首页按发布机关和年份浏览各报告。"


def render_search(frame: Frame, records: Mapping[str, Record], where: Mapping[str, str]) -> str:
    tr, s = frame.tr, frame.script
    groups = issuer_groups(records, where)
    years = sorted({r.year for _, g in groups for r in g if r.year})
    issuers = "".join(f'<option value="{slug}">{text(pick(g[0].issuer, s))}</option>' for slug, g in groups)
    all_ = text(tr("全部"))
    placeholder = attr(tr("如：营商环境、地区生产总值、12345热线"))
    year_options = "".join(f'<option value="{y}">{y}</option>' for y in years)
    body = [
        '<form class="lib-search lib-filters" role="search" hidden>\n',
        (
            f'<label class="lib-search__box">{text(tr("搜索"))} '
            f'<input type="search" name="q" autocomplete="off" placeholder="{placeholder}"></label>\n'
        ),
        (
            f'<label>{text(tr("发布机关"))} <select name="issuer">'
            f'<option value="">{all_}</option>{issuers}</select></label>\n'
        ),
        (
            f'<label>{text(tr("年份"))} <select name="year">'
            f'<option value="">{all_}</option>{year_options}</select></label>\n'
        ),
        "</form>\n",
        f"<noscript><p>{text(tr(NO_SCRIPT))}</p></noscript>\n",
        '<p class="lib-search-status" aria-live="polite"></p>\n<ol class="lib-results"></ol>\n',
    ]
    up = frame.up(SEARCH)
    script = f'\n<script src="{up}assets/library/library-search.js" defer></script>'
    return page(frame, SEARCH, tr("搜索文库"), body, scripts=script)
