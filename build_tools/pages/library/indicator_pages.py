"""The indicators' pages: a list of them, and one page per indicator with, for each issuer, a
chart (the site's own bar charts, ``pages/charts.py``: SVG with ``<title>`` and ``<desc>``,
text as text) and a table in which every value links to the paragraph that states it."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from ...curated.indicators import Indicator
from ..charts import Bar, Chart, svg
from .html import INDICATORS, Frame, page, text
from .indicators import Match, Series
from .record import Record, pick

#: how each kind of match is named in the table (Simplified; translated)
KIND_NAMES = {"label": "所指一致", "words": "仅字面相近，未经核对"}


def number(value: float) -> str:
    """A value as the tables show it: no exponent, no trailing zeros (27700, 19492.6)."""
    shown = f"{value:.4f}".rstrip("0").rstrip(".")
    return shown if shown not in ("-0", "") else "0"


def _printed(m: Match) -> str:
    f = m.figure
    return f"{f.value}{f.unit}{f.qualifier}"


def _chart(frame: Frame, s: Series, number_on_page: int, issuer: str) -> str:
    points = s.points()
    if len(points) < 2:  # one year is not a series: the table says it
        return ""
    tr, ind = frame.tr, s.indicator
    title = f"{issuer} {tr(ind.name)}（{tr(ind.unit)}）"
    bars = tuple(
        Bar(tr("{year}年报告").format(year=m.record.year), m.value, _printed(m), m.figure.anchor)
        for m in points
    )
    chart = Chart(
        number_on_page, title, tr("图{}").format(number_on_page) + " " + title, "", "", "bars", bars
    )
    note = tr("每份报告一个数：报告中所指一致的数值只有一个时才画出，其余见下表。")
    return (
        f'<figure class="lib-chart" id="chart-{s.issuer}">{svg(chart, frame.script, tr)}'
        f"<figcaption>{text(chart.caption)}。{text(note)}</figcaption></figure>\n"
    )


def _row(frame: Frame, at: str, m: Match, where: Mapping[str, str], several: bool) -> str:
    s, tr, f = frame.script, frame.tr, m.figure
    report = f"{frame.up(at)}{where[m.record.key]}/"
    shown = number(m.value) + ("" if _printed(m).startswith(number(m.value)) else f"（{_printed(m)}）")
    mark = (
        f' <span class="lib-mark">{text(tr(KIND_NAMES["words"]))}</span>'
        if m.kind == "words"
        else (f' <span class="lib-mark">{text(tr("多个数值"))}</span>' if several else "")
    )
    return (
        f'<tr class="{"lib-guess" if m.kind == "words" else "lib-value"}">'
        f'<td><a href="{report}{s}/">{m.record.year}</a></td>'
        f'<td class="num"><a href="{report}{f.url(s)}">{text(shown)}</a></td>'
        f"<td>{text(pick(f.clause, s))}{mark}</td></tr>\n"
    )


def _table(frame: Frame, at: str, s: Series, where: Mapping[str, str]) -> str:
    tr = frame.tr
    rows = []
    for record, matches in s.reports:
        several = s.point(record, matches) is None and any(m.kind == "label" for m in matches)
        rows += [_row(frame, at, m, where, several) for m in matches if m.kind == "label"]
        rows += [_row(frame, at, m, where, False) for m in matches if m.kind == "words"]
    head = "".join(f"<th>{text(tr(h))}</th>" for h in ("报告年份", f"数值（{s.indicator.unit}）", "原文"))
    cols = '<colgroup><col class="lib-col-year"><col class="lib-col-value"><col></colgroup>'
    return (
        f'<table class="lib-table lib-values">{cols}<thead><tr>{head}</tr></thead>'
        f"<tbody>\n{''.join(rows)}</tbody></table>\n"
    )


def render_indicator(
    frame: Frame,
    indicator: Indicator,
    found: Sequence[Series],
    where: Mapping[str, str],
    names: Mapping[str, str],
) -> str:
    """One indicator's page: per issuer, its chart and its table."""
    tr = frame.tr
    at = f"{INDICATORS}{indicator.id}/"
    intro = tr(
        "数值取自各报告原文，单位统一为{unit}；点击数值可到原文所在段落。“所指一致”：数字前的词与本指标的"
        "名称一致；“仅字面相近，未经核对”：数字前的词只是含有本指标的名称，未必是同一个量，不画入图中。"
    ).format(unit=tr(indicator.unit))
    body = [
        f'<p class="lib-note">{text(tr(indicator.note))}</p>\n' if indicator.note else "",
        f"<p>{text(intro)}</p>\n",
    ]
    for n, s in enumerate(found, start=1):
        name = names.get(s.issuer, s.issuer)
        body.append(f'<section id="issuer-{s.issuer}"><h2>{text(name)}</h2>\n')
        body.append(_chart(frame, s, n, name))
        body.append(_table(frame, at, s, where))
        body.append("</section>\n")
    return page(frame, at, tr(indicator.name), body)


def render_index(frame: Frame, indicators: Sequence[Indicator], found: Mapping[str, Sequence[Series]]) -> str:
    """The list of indicators, each with how many issuers and reports give it."""
    tr = frame.tr
    items = []
    for ind in indicators:
        series = found.get(ind.id, [])
        drawn = sum(1 for s in series if len(s.points()) >= 2)
        reports = sum(len(s.reports) for s in series)
        count = tr("{m} 个发布机关的 {n} 份报告提到；{k} 个发布机关有两年以上可比的数值").format(
            m=len(series), n=reports, k=drawn
        )
        items.append(
            f'<li><a href="{ind.id}/">{text(tr(ind.name))}</a>（{text(tr(ind.unit))}）'
            f'<br><span class="lib-note">{text(count)}</span></li>\n'
        )
    intro = tr("同一个量在同一发布机关历年报告中的数值。哪些说法算同一个指标，由文库的指标文件规定。")
    body = [f"<p>{text(intro)}</p>\n", f'<ul class="lib-indicators">\n{"".join(items)}</ul>\n']
    return page(frame, INDICATORS, tr("指标"), body)


def issuer_names(records: Mapping[str, Record], where: Mapping[str, str], script: str) -> dict[str, str]:
    """Each issuer's address → its name in ``script`` (as its first report names it)."""
    names: dict[str, str] = {}
    for key, address in sorted(where.items()):
        record = records[key]
        names.setdefault(address.split("/")[0], record.issuer[0 if script == "zh-Hans" else 1])
    return names
