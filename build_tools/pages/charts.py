"""Charts of the report's figures: small SVG drawn at build time from the extracted figures.

A chart is chosen by reading the report (``CHARTS``: comparisons that mean something) and
names its figures by the words around them (``Pick(before="废止")`` is the figure right after
废止 in its section), never by value: the numbers drawn are the figures the rules extracted.
If the report changes so that a pick finds no figure, or two, the build stops and says which.

The SVG goes inline in the chapter page, after the section's body, in a ``<figure>`` with a
numbered caption (图1, 图2 …). Inline rather than ``<img src=…svg>`` because:

* text and axes are ``currentColor``, so they take Material's text colour in the light and
  the dark scheme (an SVG loaded as an image sees neither the page's colour nor its CSS);
* the PDF (build_tools/publish/pdf/chart.py) draws the same chart again from this SVG, its
  labels as text, and there is no file path to resolve under directory URLs or ``file://``;
* the labels are text a reader can select and search, and ``<title>``/``<desc>`` are read out.

Every ``<text>`` names its fonts: Noto Sans CJK SC (or TC) first, then common CJK fallbacks;
no web fonts.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..curated.figures import ChartSpec, Kind, Pick
from ..errors import BuildError
from ..text.model import SCRIPTS, Document, Script
from .markdown import attr
from .quantities import Figure, Figures
from .titles import MARK, mark_html
from .walk import Translate


@dataclass(frozen=True, slots=True)
class Bar:
    """One figure as drawn: its label, its value and the statement as printed (``2945件``)."""

    label: str
    value: float
    text: str
    figure: str


@dataclass(frozen=True, slots=True)
class Chart:
    number: int
    title: str
    #: 图1 压缩后的企业开办和项目审批时间 (in the chart's script)
    caption: str
    page: str
    anchor: str
    kind: Kind
    bars: tuple[Bar, ...]
    whole: Bar | None = None
    #: the mark of a title the site supplies, in the chart's script: the chart and its
    #: caption are the site's, drawn from the report's figures
    mark: str = ""

    @property
    def id(self) -> str:
        return f"fig-{self.number}"

    @property
    def marked(self) -> str:
        """The caption as text, with its mark: ``图1 压缩后的企业开办和项目审批时间（编者所加）``."""
        return self.caption + self.mark


def _bar(f: Figure) -> Bar:
    value = f.numeric
    if value is None:
        raise ValueError(f"{f.id} is not a number")
    return Bar(f.label, value, f.passage.text[f.span[0] : f.span[1]], f.id)


def _pick(figs: Figures, spec: ChartSpec, pick: Pick, path: str) -> int:
    """Index of the figure ``pick`` names (in the Simplified figures)."""
    try:
        return figs.figures.index(figs.find(spec.anchor, before=pick.before, after=pick.after))
    except LookupError as err:
        lines = [p.line for p in figs.passages if p.anchor == spec.anchor]
        raise BuildError(
            f"chart “{spec.title}”: {err}"
            if lines
            else f"chart “{spec.title}”: the report has no section {spec.anchor}",
            path=spec.path or path,
            line=spec.line if spec.path else (lines[-1] if lines else None),
            hint="the report text changed: update the chart's picks in the figures file",
        ) from None


def build_charts(
    doc: Document,
    figs: dict[Script, Figures],
    tr: dict[Script, Translate],
    specs: Sequence[ChartSpec] | None = None,
) -> dict[Script, list[Chart]]:
    """The charts of ``doc`` in both scripts, numbered in reading order."""
    specs = () if specs is None else specs
    hans = figs["zh-Hans"]
    order = {p.anchor: i for i, p in reversed(list(enumerate(hans.passages)))}
    planned: list[tuple[int, ChartSpec, list[int], int | None]] = []
    for spec in specs:
        picks = [_pick(hans, spec, p, doc.path) for p in spec.picks]
        whole = _pick(hans, spec, spec.whole, doc.path) if spec.whole else None
        if len(set(picks)) != len(picks):
            raise BuildError(
                f"chart “{spec.title}”: two picks name the same figure",
                path=doc.path,
                hint="make the picks' words longer",
            )
        planned.append((order[spec.anchor], spec, picks, whole))
    planned.sort(key=lambda p: p[0])
    out: dict[Script, list[Chart]] = {s: [] for s in SCRIPTS}
    for number, (_, spec, picks, whole) in enumerate(planned, start=1):
        for script in SCRIPTS:
            own = figs[script].figures
            title = tr[script](spec.title)
            caption = tr[script]("图{}").format(number) + " " + title
            chart = Chart(
                number,
                title,
                caption,
                own[picks[0]].passage.page,
                spec.anchor,
                spec.kind,
                tuple(_bar(own[i]) for i in picks),
                _bar(own[whole]) if whole is not None else None,
                tr[script](MARK),
            )
            if chart.whole and sum(b.value for b in chart.bars) != chart.whole.value:
                raise BuildError(
                    f"chart “{spec.title}”: the parts add up to "
                    f"{sum(b.value for b in chart.bars):g}, not {chart.whole.value:g}",
                    path=doc.path,
                    line=own[whole].passage.line if whole is not None else None,
                    hint="check the picks: a part is missing or is the wrong figure",
                )
            out[script].append(chart)
    return out


# --- drawing ----------------------------------------------------------------------------------

# One layout for every screen: each bar's label sits above it, so the chart is narrow (WIDTH
# user units) and its text stays legible when a phone scales it down.
WIDTH = 420
FONT = 14
BAR = 18
ROW = FONT + 6 + BAR + 12  # label, gap, bar, gap
PAD = 4
BLUE, GREY = "#4a86c8", "#97a1ab"
PARTS = ("#d9534f", "#e8962e", "#4a86c8", "#5cb85c", "#8e6cc0")
FONTS: dict[Script, tuple[str, ...]] = {
    "zh-Hans": (
        "Noto Sans CJK SC",
        "Noto Sans CJK TC",
        "Source Han Sans SC",
        "PingFang SC",
        "Hiragino Sans GB",
        "Microsoft YaHei",
        "WenQuanYi Micro Hei",
        "sans-serif",
    ),
    "zh-Hant": (
        "Noto Sans CJK TC",
        "Noto Sans CJK SC",
        "Source Han Sans TC",
        "PingFang TC",
        "Microsoft JhengHei",
        "WenQuanYi Zen Hei",
        "sans-serif",
    ),
}


def text_width(text: str, size: float = FONT) -> float:
    """Rough advance width: a Han character or full-width mark is 1em, anything else 0.6em."""
    return sum(size if ord(c) >= 0x2E80 else size * 0.6 for c in text)


def _font(script: Script) -> str:
    return ", ".join(f if f == "sans-serif" else f"'{f}'" for f in FONTS[script])


def _text(x: float, y: float, text: str, cls: str) -> str:
    """Text whose middle is at height ``y`` (its baseline 0.35em lower: not every renderer
    has dominant-baseline)."""
    return f'<text class="{cls}" x="{x:.1f}" y="{y + FONT * 0.35:.1f}">{attr(text)}</text>'


def _svg(chart: Chart, script: Script, body: list[str], height: float, desc: str) -> str:
    return (
        # A width but no height: the viewBox gives the shape, so the chart keeps it when a
        # small screen makes it narrower than WIDTH.
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height:.0f}" '
        f'width="{WIDTH}" role="img" aria-labelledby="{chart.id}-title {chart.id}-desc" '
        f'font-family="{_font(script)}" font-size="{FONT}" fill="currentColor" '
        f'style="width:{WIDTH}px;max-width:100%">'
        f'<title id="{chart.id}-title">{attr(chart.marked)}</title>'
        f'<desc id="{chart.id}-desc">{attr(desc)}</desc>' + "".join(body) + "</svg>"
    )


def _row(y: float, bar: Bar, width: float, colour: str) -> str:
    """A labelled bar: the label above, the bar, the value (as printed) after the bar."""
    return (
        f'<g class="bar" data-figure="{bar.figure}">'
        + _text(PAD, y + FONT / 2, bar.label, "label")
        + f'<rect x="{PAD}" y="{y + FONT + 6:.1f}" width="{width:.1f}" height="{BAR}" '
        f'rx="2" fill="{colour}"/>'
        + _text(PAD + width + 6, y + FONT + 6 + BAR / 2, bar.text, "value")
        + "</g>"
    )


def _plot_width(texts: Sequence[str]) -> float:
    return WIDTH - 2 * PAD - 6 - max(text_width(t) for t in texts)


def _bars(chart: Chart, script: Script, sep: str) -> str:
    bars = chart.bars
    plot = _plot_width([b.text for b in bars])
    top = max(b.value for b in bars)
    body = [
        _row(
            PAD + i * ROW,
            b,
            max(1.0, b.value / top * plot),
            GREY if chart.kind == "change" and i < len(bars) - 1 else BLUE,
        )
        for i, b in enumerate(bars)
    ]
    height = PAD + len(bars) * ROW - 12 + PAD
    return _svg(chart, script, body, height, sep.join(f"{b.label}{b.text}" for b in bars))


def _parts(chart: Chart, script: Script, sep: str, of_which: str) -> str:
    whole = chart.whole
    assert whole is not None
    plot = _plot_width([whole.text])
    scale = plot / whole.value
    body = [_row(PAD, whole, plot, GREY), _text(PAD, PAD + ROW + FONT / 2, of_which, "note")]
    x, y = float(PAD), PAD + ROW + FONT + 6
    legend_x, legend_y = float(PAD), y + BAR + 12 + FONT / 2
    for i, b in enumerate(chart.bars):
        w, colour = b.value * scale, PARTS[i % len(PARTS)]
        item = 18 + text_width(b.label) + 4 + text_width(b.text)
        if legend_x > PAD and legend_x + item > WIDTH:
            legend_x, legend_y = float(PAD), legend_y + FONT + 10
        body.append(
            f'<g class="bar" data-figure="{b.figure}">'
            f'<rect x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" height="{BAR}" fill="{colour}"/>'
            f'<rect x="{legend_x:.1f}" y="{legend_y - 6:.1f}" width="12" height="12" rx="2" '
            f'fill="{colour}"/>'
            + _text(legend_x + 18, legend_y, b.label, "label")
            + _text(legend_x + 18 + text_width(b.label) + 4, legend_y, b.text, "value")
            + "</g>"
        )
        x += w
        legend_x += item + 20
    height = legend_y + FONT / 2 + PAD + 2
    desc = f"{whole.label}{whole.text}：" + sep.join(f"{b.label}{b.text}" for b in chart.bars)
    return _svg(chart, script, body, height, desc)


def svg(chart: Chart, script: Script, tr: Translate) -> str:
    """The chart as one line of SVG (no blank lines: it sits in a Markdown HTML block)."""
    if chart.kind == "parts":
        return _parts(chart, script, "；", tr("其中"))
    return _bars(chart, script, "；")


def figure_html(chart: Chart, script: Script, tr: Translate) -> str:
    """The chart in a ``<figure>`` with its caption, for the chapter page."""
    return (
        f'<figure class="report-chart" id="{chart.id}">\n{svg(chart, script, tr)}\n'
        f"<figcaption>{attr(chart.caption)} {mark_html(tr)}</figcaption>\n"
        "</figure>\n"
    )
