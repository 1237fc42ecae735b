"""The figures page (``figures.md``) and its downloads (``figures.csv``, ``figures.json``).

The table, the CSV and the JSON are written from the same :class:`Figure` (the downloads
through :func:`record`), so they cannot disagree. The page groups the figures by chapter,
one sortable table each (Material's data tables with the vendored tablesort;
``build_tools/publish/theme/assets/javascripts/figures.js`` adds a filter box), lists the
charts, and lists every number left out of the table with its reason.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence

from ..curated.settings import Settings
from ..text.model import SCRIPTS, Document, Script
from ..text.script import traditional_text
from .charts import Chart, build_charts, figure_html
from .extras import Extras, Supplied
from .markdown import attr, escape, front_matter
from .quantities import CATEGORIES, REASONS, Excluded, Figure, Figures, extract
from .titles import HOME, closing_page_title
from .walk import Passage, Translate

TITLE = "主要数据"
CATEGORY_NAMES = {
    "count": "数量",
    "duration": "时长",
    "money": "金额",
    "percentage": "比例",
    "rank": "名次",
    "date": "日期",
}
REASON_NAMES = {
    "document-number": "文号",
    "hotline": "热线号码",
    "year": "年份",
    "year-range": "起止年份",
    "list-number": "序号",
    "unclassified": "未归类",
}
# Keys of each JSON record, in order, and the CSV's columns.
FIELDS = (
    "id",
    "place",
    "heading",
    "url",
    "group",
    "label",
    "value",
    "unit",
    "qualifier",
    "category",
    "clause",
    "line",
)
# The CSV's header (Simplified; translated): readers open it in a spreadsheet, in Chinese.
# The JSON, read by programs, keeps the English keys. GUIDE.md, "The figures downloads".
CSV_HEADERS = {
    "id": "编号",
    "place": "位置",
    "heading": "所在节",
    "url": "网址",
    "group": "主题",
    "label": "所指",
    "value": "数值",
    "unit": "单位",
    "qualifier": "限定词",
    "category": "类别",
    "clause": "原文",
    "line": "底本行号",
}
# Columns of the page's tables (Simplified; translated). Five, to fit the reading column:
# the unit shows its qualifier (工作日（内）), the clause ends with the link to its section.
COLUMNS = ("所指", "数值", "单位", "类别", "原文")


# A value of a figure's record: text, or a number (the value, the source line).
Cell = str | int | float


def value(f: Figure) -> Cell:
    """The value as data: a number where it is one (``2158``, ``2.3``), else as printed."""
    number = f.numeric
    return f.value if number is None else int(number) if number.is_integer() else number


def record(f: Figure) -> dict[str, Cell]:
    """A figure as data for the CSV and the JSON, keyed by :data:`FIELDS`."""
    return {
        "id": f.id,
        "place": f.passage.place,
        "heading": f.passage.heading,
        "url": f.passage.url,
        "group": f.group,
        "label": f.label,
        "value": value(f),
        "unit": f.unit,
        "qualifier": f.qualifier,
        "category": f.category,
        "clause": f.clause,
        "line": f.passage.line,
    }


def shown_label(f: Figure) -> str:
    """The label as the page shows it: ``group：label`` for a figure in a group."""
    return f"{f.group}：{f.label}" if f.group else f.label


def to_csv(figs: Figures, tr: Translate) -> str:
    """UTF-8 CSV with a byte-order mark, so spreadsheet programs read the Chinese right; the
    header and the categories in the page's script (类别 数量, not count)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([tr(CSV_HEADERS[k]) for k in FIELDS])
    for f in figs.figures:
        rec = record(f)
        rec["category"] = tr(CATEGORY_NAMES[f.category])
        writer.writerow([_cell(rec[k]) for k in FIELDS])
    return "\ufeff" + out.getvalue()


def _cell(value: Cell) -> Cell:
    """A CSV cell that a spreadsheet shows as text: one that starts like a formula (= + - @,
    a tab or a carriage return) gets a leading apostrophe, as OWASP recommends."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def to_json(figs: Figures, title: str, tr: Translate) -> str:
    data = {
        "report": title,
        "script": figs.script,
        "categories": {c: tr(CATEGORY_NAMES[c]) for c in CATEGORIES},
        "fields": list(FIELDS),
        "figures": [record(f) for f in figs.figures],
    }
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


def _clause(f: Figure | Excluded) -> str:
    """The clause with the number's own words in bold."""
    a, b = f.span[0] - f.clause_span[0], f.span[1] - f.clause_span[0]
    return escape(f.clause[:a]) + "**" + escape(f.clause[a:b]) + "**" + escape(f.clause[b:])


def _where(passage: Passage) -> str:
    """A link to the passage, shown as its place, with its section's heading as the title."""
    title = f' "{attr(passage.heading)}"' if passage.heading else ""
    return f"[{escape(passage.place)}]({passage.link}{title})"


# A qualifier the text puts before the number, which reads wrongly after the unit: 名列前三名
# and 名列三甲 mean "among the top three", shown 3 名以内 (not 3 名（前）, "ranked 3").
_BEFORE_NUMBER = {("rank", "前"): "{unit}以内"}


def shown_unit(f: Figure, tr: Translate | None = None) -> str:
    """The unit as the page shows it, with the qualifier: ``工作日（内）``, ``名（余）``,
    ``名以内`` (前 of a rank; ``tr``: the page's script)."""
    shown = _BEFORE_NUMBER.get((f.category, f.qualifier))
    if shown:
        return (tr or str)(shown).format(unit=f.unit)
    return f.unit + (f"（{f.qualifier}）" if f.qualifier else "")


def _row(f: Figure, tr: Translate) -> str:
    cells = [
        escape(shown_label(f)),
        str(value(f)),
        escape(shown_unit(f, tr)),
        escape(tr(CATEGORY_NAMES[f.category])),
        _clause(f) + "\u3000" + _where(f.passage),
    ]
    return "| " + " | ".join(cells) + " |\n"


def _table(figures: Sequence[Figure], tr: Translate) -> str:
    head = "| " + " | ".join(tr(c) for c in COLUMNS) + " |\n"
    rule = "|---|--:|---|---|---|\n"
    rows = "".join(_row(f, tr) for f in figures)
    number = COLUMNS.index("数值") + 1
    return (
        f'<div class="report-figures" data-number-column="{number}" markdown>\n\n'
        f"{head}{rule}{rows}\n</div>\n\n"
    )


def _excluded_row(e: Excluded, tr: Translate) -> str:
    where = _where(e.passage)
    return f"| {escape(e.text)} | {escape(tr(REASON_NAMES[e.reason]))} | {_clause(e)}\u3000{where} |\n"


def render_page(doc: Document, figs: Figures, charts: Sequence[Chart], tr: Translate) -> str:
    report = doc.report(figs.script)
    title = tr(TITLE)
    intro = tr(
        "下表列出报告正文中的全部数据：数量、时长、金额、名次和日期，共 {} 项，由程序按规则从正文中"
        "提取，数值与原文一致。每项注明所指和原文，点击原文后的章节号可跳到报告原文。正文中另有 {} 处数字"
        "不是统计数据（年份、文号、热线号码等），列在本页末尾。"
    ).format(len(figs.figures), len(figs.excluded))
    out = [front_matter(title, intro), f"# {escape(title)} {{#figures}}\n\n"]
    out.append(escape(intro) + "\n\n")
    out.append(
        escape(tr("点击表头可按该列排序。下载全部数据："))
        + f'[CSV](figures.csv){{download="figures-{figs.script}.csv"}} · '
        f'[JSON](figures.json){{download="figures-{figs.script}.json"}}\n'
        "{.web-only}\n\n"
    )
    out.append(
        f'<p class="report-figures-filter" hidden><label>{attr(tr("筛选"))} '
        f'<input type="search" placeholder="{attr(tr("输入文字或数字"))}" '
        f'data-none="{attr(tr("没有符合的数据"))}" '
        f'data-count="{attr(tr("符合 {} 项"))}"></label></p>\n\n'
    )
    if charts:
        out.append(f"## {escape(tr('图表'))} {{#charts}}\n\n")
        for chart in charts:
            out.append(f"- [{escape(chart.marked)}]({chart.page}.md#{chart.id})\n")
        out.append("\n")
    groups: dict[int, list[Figure]] = {}
    for f in figs.figures:
        groups.setdefault(f.passage.chapter, []).append(f)
    for number, figures in sorted(groups.items()):
        if number == 0:
            heading, anchor = tr(HOME), "figures-preface"
        elif number > len(report.chapters):
            heading, anchor = closing_page_title(report, tr), "figures-closing"
        else:
            chapter = report.chapters[number - 1]
            heading, anchor = chapter.marker + chapter.title, f"figures-chapter-{number}"
        out.append(f"## {escape(heading)} {{#{anchor}}}\n\n")
        out.append(_table(figures, tr))
    if figs.excluded:
        out.append(f"## {escape(tr('未列入表格的数字'))} {{#excluded}}\n\n")
        counts = [
            f"{tr(REASON_NAMES[r])} {sum(e.reason == r for e in figs.excluded)}"
            for r in REASONS
            if any(e.reason == r for e in figs.excluded)
        ]
        out.append(
            escape(tr("以下数字不是统计数据，不列入上表（{}）。日期列在上表中。").format("、".join(counts)))
            + "\n\n"
        )
        out.append(f"| {tr('数字')} | {tr('原因')} | {tr('原文')} |\n|---|---|---|\n")
        out += [_excluded_row(e, tr) for e in figs.excluded]
        out.append("\n")
    return "".join(out)


def extras(doc: Document, tr: dict[Script, Translate], settings: Settings) -> Extras:
    """The figures page with its CSV and JSON, and each chart after the body of its section,
    in both scripts (the figures are extracted once for all of them)."""
    # Labels and chart titles name the report's figures in its words: converted as the report
    # is, without the site's own Taiwan wording (pages/wording.py; 程序, 数据 stay).
    quoting: dict[Script, Translate] = {
        "zh-Hans": tr["zh-Hans"],
        "zh-Hant": lambda text: traditional_text(text, settings.scripts),
    }
    figs = extract(doc, settings.figures.entries, quoting)
    charts = build_charts(doc, figs, quoting, settings.figures.charts)
    pages: dict[str, str] = {}
    after: dict[tuple[Script, str], list[str]] = {}
    supplied: dict[Script, list[Supplied]] = {}
    for script in SCRIPTS:
        report = doc.report(script)
        title = report.title.text if report.title else doc.meta(script).title
        pages[f"{script}/figures.md"] = render_page(doc, figs[script], charts[script], tr[script])
        pages[f"{script}/figures.csv"] = to_csv(figs[script], tr[script])
        pages[f"{script}/figures.json"] = to_json(figs[script], title, tr[script])
        for chart in charts[script]:
            after.setdefault((script, chart.anchor), []).append(figure_html(chart, script, tr[script]))
        note = tr[script]("本站用报告中的数据绘制的图表，图和标题都不是报告原文。")
        supplied[script] = [Supplied(c.marked, f"{c.page}.md#{c.id}", note) for c in charts[script]]
    return Extras(pages=pages, after=after, supplied=supplied)
