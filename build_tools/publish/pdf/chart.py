"""A chart of the site (inline SVG in a ``<figure>``) drawn again in Typst.

``build_tools/pages/charts.py`` draws each chart as SVG made of ``<rect>`` bars and
``<text>`` labels, with the data in words as its ``<desc>``. Typst's own SVG import turns
text into outlines, which a reader can neither copy nor search nor hear. So the chart is
drawn again here from the same SVG: each rectangle a Typst rectangle and each text Typst
text (set in the script's sans family), at the same place, at 0.75 pt per SVG unit (an SVG
pixel). The figure's alternative text is the SVG's ``<desc>``, as on the site; its caption is
the ``<figcaption>``. An element or a colour this drawing does not know stops the build with
the page and line, rather than being left out of the chart.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ...errors import BuildError
from . import markup
from .parse import Element

#: points per SVG user unit (CSS pixels: 96 a inch, 72 points a inch)
UNIT = 0.75
# A colour as pages/charts.py writes them: ``#4a86c8`` or ``#999``.
_COLOUR = re.compile(r"#[0-9a-fA-F]{3}(?:[0-9a-fA-F]{3})?")
_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")
# What the drawing reads; anything else in the SVG is an error (see module docstring).
_CONTAINERS = {"g"}
_SHAPES = {"rect", "text"}
_LABELS = {"title", "desc"}


@dataclass(frozen=True, slots=True)
class Where:
    """The page and line the chart comes from, for errors."""

    path: str
    line: int | None


def _number(value: str, what: str, where: Where) -> float:
    if not _NUMBER.fullmatch(value.strip()):
        raise BuildError(
            f"the chart's {what} is not a number: {value!r}",
            path=where.path,
            line=where.line,
            hint="the chart comes from build_tools/pages/charts.py; draw it with plain numbers",
        )
    return float(value)


def _colour(value: str, where: Where) -> str:
    if value == "currentColor":
        return "ink"
    if not _COLOUR.fullmatch(value):
        raise BuildError(
            f"the chart uses a colour the PDF does not draw: {value!r}",
            path=where.path,
            line=where.line,
            hint="use #rrggbb colours in build_tools/pages/charts.py",
        )
    return f"rgb({markup.string(value)})"


def _pt(value: float) -> str:
    return markup.dimension(value * UNIT)


def _rect(e: Element, where: Where) -> str:
    n = {k: _number(e.attrs.get(k, "0"), k, where) for k in ("x", "y", "width", "height", "rx")}
    fill = _colour(e.attrs.get("fill", "currentColor"), where)
    return (
        f"#place(dx: {_pt(n['x'])}, dy: {_pt(n['y'])}, rect(width: {_pt(n['width'])}, "
        f"height: {_pt(n['height'])}, radius: {_pt(n['rx'])}, fill: {fill}, stroke: none))\n"
    )


def _text(e: Element, size: float, where: Where) -> str:
    if e.elements():
        raise BuildError(
            f"a chart's <text> holds <{e.elements()[0].tag}>, which the PDF does not draw",
            path=where.path,
            line=where.line,
            hint="keep chart labels plain text (build_tools/pages/charts.py)",
        )
    x = _number(e.attrs.get("x", "0"), "x", where)
    y = _number(e.attrs.get("y", "0"), "y", where)
    size = _number(e.attrs["font-size"], "font-size", where) if "font-size" in e.attrs else size
    return f"#place(dx: {_pt(x)}, dy: {_pt(y)}, chart-text({_pt(size)})[{markup.text(e.text())}])\n"


def _draw(element: Element, size: float, where: Where) -> list[str]:
    out: list[str] = []
    for child in element.elements():
        if child.tag in _CONTAINERS:
            out += _draw(child, size, where)
        elif child.tag == "rect":
            out.append(_rect(child, where))
        elif child.tag == "text":
            out.append(_text(child, size, where))
        elif child.tag not in _LABELS:
            raise BuildError(
                f"the chart has a <{child.tag}>, which the PDF does not draw",
                path=where.path,
                line=where.line,
                hint="teach build_tools/publish/pdf/chart.py to draw it, or draw the chart "
                f"with {', '.join(sorted(_SHAPES))} only",
            )
    return out


@dataclass(frozen=True, slots=True)
class Chart:
    """A chart read from its ``<figure>``: its size in points, alternative text, caption and
    the Typst that draws it."""

    width: float
    height: float
    alt: str
    caption: str
    drawing: str


def read(figure: Element, where: Where) -> Chart:
    """The chart in ``figure`` (a ``<figure>`` holding an ``<svg>`` and a ``<figcaption>``)."""
    svg = figure.find("svg")
    if svg is None:
        raise BuildError("a <figure> without an <svg> chart", path=where.path, line=where.line)
    box = [_number(v, "viewBox", where) for v in svg.attrs.get("viewbox", "").split()]
    if len(box) != 4:
        raise BuildError(
            "the chart's <svg> has no viewBox", path=where.path, line=where.line, hint="give it one"
        )
    size = _number(svg.attrs.get("font-size", "14"), "font-size", where)
    desc, caption = svg.find("desc"), figure.find("figcaption")
    return Chart(
        width=box[2] * UNIT,
        height=box[3] * UNIT,
        alt=desc.text().strip() if desc else "",
        caption=caption.text().strip() if caption else "",
        drawing="".join(_draw(svg, size, where)),
    )


def typst(chart: Chart, label: str) -> str:
    """The chart as a call of the template's ``chart`` function, labelled ``label``."""
    return (
        f"#chart(width: {markup.dimension(chart.width)}, height: {markup.dimension(chart.height)}, "
        f"alt: {markup.string(chart.alt)}, caption: [{markup.text(chart.caption)}])[\n"
        f"{chart.drawing}]" + (f" {markup.label(label)}" if label else "") + "\n"
    )
