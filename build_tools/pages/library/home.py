"""The library's home page: every report by issuer and year, with filters, and the reports
that could not be built, each with its reason and what to do.

Without JavaScript it is a plain list (an issuer's heading, then its reports by year);
``library.js`` shows the filter form (issuer, year) and hides what does not match, keeping the
choice in the address (``?issuer=…&year=…``) so that a filtered list can be linked.
"""

from __future__ import annotations

from collections.abc import Mapping
from itertools import groupby

from ...paths import pdf_name
from .address import issuer_order
from .html import HOME, Frame, attr, page, text
from .record import Record, pick


def issuer_groups(records: Mapping[str, Record], where: Mapping[str, str]) -> list[tuple[str, list[Record]]]:
    """Built reports grouped by issuer (in address order), each group by year."""
    built = sorted((r for r in records.values() if r.key in where), key=lambda r: issuer_order(where[r.key]))
    groups = groupby(built, key=lambda r: where[r.key].split("/")[0])
    return [(slug, sorted(group, key=lambda r: (r.year or 0, where[r.key]))) for slug, group in groups]


def _report(frame: Frame, record: Record, address: str, slug: str) -> str:
    s = frame.script
    href = f"{frame.up(HOME)}{address}/{s}/"
    pdf = (
        f' <a class="lib-pdf" href="{href}{pdf_name(s)}" type="application/pdf">PDF</a>' if record.pdf else ""
    )
    return (
        f'<li class="lib-report" data-issuer="{slug}" data-year="{record.year}">'
        f'<span class="lib-year">{record.year}</span> '
        f'<a href="{href}">{text(record.name(s))}</a>{pdf}</li>\n'
    )


def _filters(frame: Frame, issuers: list[tuple[str, list[Record]]]) -> str:
    tr, s = frame.tr, frame.script
    years = sorted({r.year for _, group in issuers for r in group if r.year})
    issuer_options = "".join(
        f'<option value="{slug}">{text(pick(group[0].issuer, s))}</option>' for slug, group in issuers
    )
    year_options = "".join(f'<option value="{y}">{y}</option>' for y in years)
    return (
        '<form class="lib-filters" hidden>'
        f'<label>{text(tr("发布机关"))} <select name="issuer"><option value="">{text(tr("全部"))}</option>'
        f"{issuer_options}</select></label> "
        f'<label>{text(tr("年份"))} <select name="year"><option value="">{text(tr("全部"))}</option>'
        f"{year_options}</select></label> "
        f'<output class="lib-count" aria-live="polite" data-template="{attr(tr("显示 {n} 份报告"))}">'
        "</output></form>\n"
    )


def _refused(frame: Frame, refused: list[Record]) -> str:
    if not refused:
        return ""
    tr = frame.tr
    items = "".join(
        f'<li><code>{text(r.key)}</code>：<span lang="en">{text(r.reason)}</span>'
        + (f' <span class="lib-where">(<code>{text(r.where)}</code>)</span>' if r.where else "")
        + (f'<br>{text(tr("处理办法"))}：<span lang="en">{text(r.hint)}</span>' if r.hint else "")
        + "</li>\n"
        for r in refused
    )
    return (
        f'<section class="lib-refused" id="refused"><h2>{text(tr("未能收入的报告"))}</h2>\n'
        f"<p>{text(tr('以下报告未能生成，原因和处理办法是生成工具的原文（英文）。'))}</p>\n"
        f"<ul>\n{items}</ul></section>\n"
    )


def render_home(frame: Frame, records: Mapping[str, Record], where: Mapping[str, str]) -> str:
    """The home page of one script."""
    tr, s = frame.tr, frame.script
    issuers = issuer_groups(records, where)
    refused = [r for r in records.values() if r.status == "refused"]
    years = sorted({r.year for _, g in issuers for r in g if r.year})
    count = sum(len(g) for _, g in issuers)
    span = f"{years[0]}—{years[-1]}" if years else ""
    summary = tr("共 {n} 份报告，{m} 个发布机关，{span} 年").format(n=count, m=len(issuers), span=span)
    if refused:
        summary += tr("；另有 {k} 份未能生成（见文末）").format(k=len(refused))
    body = [
        f'<p class="lib-summary">{text(summary)}。</p>\n',
        _filters(frame, issuers),
        '<div class="lib-issuers">\n',
    ]
    for slug, group in issuers:
        name = pick(group[0].issuer, s)
        body.append(
            f'<section class="lib-issuer" id="issuer-{slug}" data-issuer="{slug}">'
            f'<h2>{text(name)}</h2>\n<ul class="lib-reports">\n'
            + "".join(_report(frame, r, where[r.key], slug) for r in group)
            + "</ul></section>\n"
        )
    body.append("</div>\n")
    body.append(_refused(frame, refused))
    return page(frame, HOME, frame.title, body)
