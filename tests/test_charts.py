"""Charts: drawn from the extracted figures, valid SVG, placed after their section, listed on the
figures page, in both scripts; a chart whose figures cannot be found stops the build."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

from build_tools.curated import figures as curated_figures
from build_tools.curated.figures import ChartSpec, Pick
from build_tools.errors import BuildError
from build_tools.pages import build, charts, quantities
from build_tools.pages.charts import Chart
from build_tools.pages.quantities import Figures
from build_tools.pages.walk import Translate
from build_tools.text.model import SCRIPTS, Document, Script
from tests import support as pipeline

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def tr(settings: pipeline.Settings) -> dict[Script, Translate]:
    return build.translators(settings.scripts)


@pytest.fixture(scope="module")
def figs(doc: Document, tr: dict[Script, Translate], settings: pipeline.Settings) -> dict[Script, Figures]:
    return quantities.extract(doc, settings.figures.entries, tr)


@pytest.fixture(scope="module")
def drawn(
    doc: Document, figs: dict[Script, Figures], tr: dict[Script, Translate], settings: pipeline.Settings
) -> dict[Script, list[Chart]]:
    return charts.build_charts(doc, figs, tr, settings.figures.charts)


def _svgs(page: str) -> dict[str, ET.Element]:
    """Every chart of a page by its figure id, parsed as XML."""
    out = {}
    for fig_id, svg in re.findall(
        r'<figure class="report-chart" id="(fig-\d+)">\n(<svg.*?</svg>)', page, re.DOTALL
    ):
        out[fig_id] = ET.fromstring(svg)
    return out


def test_charts_compare_the_reports_figures(drawn: dict[Script, list[Chart]]) -> None:
    by_title = {c.title: c for c in drawn["zh-Hans"]}
    assert len(by_title) >= 4
    data = {
        title: ([b.value for b in c.bars], c.whole.value if c.whole else None, c.anchor)
        for title, c in by_title.items()
    }
    assert data["政策措施清理结果"] == ([31, 10, 260], 301, "sec-2-2")
    assert data["行政复议案件办理情况"] == ([2945, 2735, 1286, 1252], None, "sec-7-4")
    assert data["市政府网站集约化"] == ([675, 68], None, "sec-8-3")
    assert data["调整由区实施的市级事项"] == ([143, 121], None, "sec-3-1")
    # Numbered 图1, 图2 … in reading order, the same in both scripts.
    for script in SCRIPTS:
        assert [c.number for c in drawn[script]] == list(range(1, len(drawn[script]) + 1))
        anchors = [c.anchor for c in drawn[script]]
        assert anchors == sorted(anchors, key=lambda a: tuple(int(n) for n in a[4:].split("-")))
    assert drawn["zh-Hans"][0].caption.startswith("图1 ")
    assert drawn["zh-Hant"][0].caption.startswith("圖1 ")


def test_charts_are_valid_svg_drawn_from_the_figures(
    pages: dict[str, str], figs: dict[Script, Figures], drawn: dict[Script, list[Chart]]
) -> None:
    for script in SCRIPTS:
        by_id = {f.id: f for f in figs[script].figures}
        for chart in drawn[script]:
            svg = _svgs(pages[f"{script}/{chart.page}.md"])[chart.id]
            assert svg.tag == f"{SVG}svg" and svg.get("viewBox")
            assert svg.get("fill") == "currentColor"  # text follows the light or dark scheme
            first = "Noto Sans CJK SC" if script == "zh-Hans" else "Noto Sans CJK TC"
            assert (svg.get("font-family") or "").startswith(f"'{first}'")
            assert svg.findtext(f"{SVG}title") == chart.marked  # the caption and its mark
            bars = svg.findall(f"{SVG}g[@class='bar']")
            expected = [*([chart.whole] if chart.whole else []), *chart.bars]
            assert [g.get("data-figure") for g in bars] == [b.figure for b in expected]
            for g in bars:
                f = by_id[g.get("data-figure") or ""]
                texts = {t.get("class"): t.text for t in g.findall(f"{SVG}text")}
                assert texts["label"] == f.label
                assert texts["value"] == f.passage.text[f.span[0] : f.span[1]]
                assert re.sub(r"\D", "", texts["value"] or "") == f.value.replace(".", "")
                widths = [float(r.get("width") or 0) for r in g.findall(f"{SVG}rect")]
                assert widths and widths[0] > 0


def test_bar_lengths_follow_the_values(pages: dict[str, str], drawn: dict[Script, list[Chart]]) -> None:
    chart = next(c for c in drawn["zh-Hans"] if c.anchor == "sec-7-4")
    svg = _svgs(pages["zh-Hans/chapter-7.md"])[chart.id]
    widths = [float(r.get("width") or 0) for r in svg.findall(f"{SVG}g/{SVG}rect")]
    values = [b.value for b in chart.bars]
    assert [round(w / widths[0], 3) for w in widths] == [round(v / values[0], 3) for v in values]


def test_each_chart_follows_its_sections_body(
    pages: dict[str, str], doc: Document, drawn: dict[Script, list[Chart]]
) -> None:
    for script in SCRIPTS:
        for chart in drawn[script]:
            page = pages[f"{script}/{chart.page}.md"]
            section = page.split(f"{{#{chart.anchor}}}\n")[1].split("\n## ")[0]
            body = section.split('<figure class="report-chart"')[0]
            assert body.strip(), chart.id  # the section's text comes first
            assert f'id="{chart.id}"' in section
            assert "<figcaption" in section and chart.caption in section


def test_figures_page_lists_the_charts(pages: dict[str, str], drawn: dict[Script, list[Chart]]) -> None:
    for script in SCRIPTS:
        listing = pages[f"{script}/figures.md"].split("{#charts}")[1].split("\n## ")[0]
        assert re.findall(r"\]\(([a-z0-9-]+\.md#fig-\d+)\)", listing) == [
            f"{c.page}.md#{c.id}" for c in drawn[script]
        ]


def test_a_chart_whose_figure_is_missing_stops_the_build(
    doc: Document, figs: dict[Script, Figures], tr: dict[Script, Translate]
) -> None:
    spec = ChartSpec("测试", "sec-2-2", "bars", (Pick(before="撤销"),))
    with pytest.raises(BuildError) as err:
        charts.build_charts(doc, figs, tr, [spec])
    assert "chart “测试”: 0 figures in sec-2-2 match '撤销…'" in str(err.value)
    assert err.value.path == doc.path and err.value.line == 30
    spec = ChartSpec("测试", "sec-9-9", "bars", (Pick(before="废止"),))
    with pytest.raises(BuildError, match="no section sec-9-9"):
        charts.build_charts(doc, figs, tr, [spec])


def test_parts_must_add_up(doc: Document, figs: dict[Script, Figures], tr: dict[Script, Translate]) -> None:
    spec = ChartSpec(
        "测试", "sec-2-2", "parts", (Pick(before="废止"), Pick(before="保留")), whole=Pick(after="件政策措施")
    )
    with pytest.raises(BuildError, match="add up to 291, not 301"):
        charts.build_charts(doc, figs, tr, [spec])


def test_charts_come_from_the_figures_file_the_config_names() -> None:
    """The 2018 report's config names figures.yml, with six charts; a report whose config
    names no figures file gets none (the charts are data, not code)."""
    assert len(pipeline.settings_for(pipeline.SOURCE).figures.charts) == 6
    other = pipeline.ROOT / "tests" / "fixtures" / "genre" / "tianhe-2020.txt"
    assert pipeline.settings_for(other).figures.charts == ()


def test_a_chart_pick_that_matches_nothing_names_its_line_in_the_figures_file(
    doc: Document, figs: dict[Script, Figures], tr: dict[Script, Translate]
) -> None:
    text = (
        "charts:\n  - title: 测试\n    section: sec-2-2\n    kind: bars\n    picks:\n      - before: 撤销\n"
    )
    specs = curated_figures.parse_curated(text, "f.yml").charts
    with pytest.raises(BuildError) as err:
        charts.build_charts(doc, figs, tr, specs)
    assert err.value.where == "f.yml:2"


def test_charts_are_marked_and_listed_as_the_sites_own(
    pages: dict[str, str], drawn: dict[Script, list[Chart]]
) -> None:
    """The charts and their captions are the site's: marked （编者所加） under the chart, in the
    figures page's list (which the PDF's list of figures follows) and in the notes' 本站所加标题."""
    for script in SCRIPTS:
        mark = "（编者所加）" if script == "zh-Hans" else "（編者所加）"
        supplied = pages[f"{script}/editorial-notes.md"].split("{#supplied}", 1)[1]
        listing = pages[f"{script}/figures.md"].split("{#charts}", 1)[1].split("\n## ")[0]
        for chart in drawn[script]:
            page = pages[f"{script}/{chart.page}.md"]
            figure = page.split(f'id="{chart.id}"', 1)[1].split("</figure>", 1)[0]
            caption = re.search(
                r"<figcaption>(.*?) <span class=\"editorial-mark\"[^>]*>(.*?)</span></figcaption>", figure
            )
            assert caption and caption.groups() == (chart.caption, mark)
            assert f"- [{chart.caption}{mark}]({chart.page}.md#{chart.id})：" in supplied
            assert f"- [{chart.caption}{mark}]({chart.page}.md#{chart.id})\n" in listing


def test_the_first_chart_names_results_not_targets(drawn: dict[Script, list[Chart]]) -> None:
    """The text says 压减至/压缩至/控制在: what was achieved, not a target."""
    assert drawn["zh-Hans"][0].caption == "图1 压缩后的企业开办和项目审批时间"
    assert all("目标" not in c.caption for c in drawn["zh-Hans"])
