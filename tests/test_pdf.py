"""The PDFs: both scripts built once from the real docs/, then read back as a reader's tools do.

The build itself already fails on missing fonts and lost paragraphs (build_tools/publish/pdf); these
tests look at the finished files with independent tools where there is one: pdfminer's outline
and text, poppler's pdffonts and pdfinfo.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import sys
import time
import warnings
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from pdfminer.high_level import extract_text
from pdfminer.pdfdocument import PDFDocument
from pdfminer.pdfparser import PDFParser

from build_tools.errors import BuildError
from build_tools.pages import build
from build_tools.paths import pdf_name
from build_tools.publish.pdf import (
    MARGINS_MM,
    Built,
    assemble,
    fonts,
    make_pdf,
    make_pdfs,
    readback,
    tagging,
    write_pdfs,
)
from build_tools.publish.project import Project, find
from build_tools.text.model import SCRIPTS, Document, Para, Script
from tests import support as pipeline

pytestmark = [pytest.mark.slow, pytest.mark.pdf]

ROOT = Path(__file__).resolve().parent.parent
TOP, _, BOTTOM, _ = MARGINS_MM
LATER_PAGES = ("glossary", "figures", "documents")


def _require_tools() -> None:
    for tool in ("pdffonts", "pdfinfo", "fc-match"):
        if shutil.which(tool) is None:
            pytest.skip(f"{tool} is not installed (poppler-utils, fontconfig)")
    if not (ROOT / "docs" / "zh-Hans" / "index.md").is_file():
        pytest.skip("docs/ does not exist yet: run `python -m build_tools build` first")


@pytest.fixture(scope="module")
def source_doc() -> tuple[Document, pipeline.Settings]:
    settings = pipeline.settings_for(pipeline.SOURCE)
    return pipeline.run(pipeline.SOURCE, settings), settings


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[Script, tuple[Path, Built]]:
    """Both PDFs, built once into a site folder of their own (no mkdocs needed), and what the
    build read from them."""
    _require_tools()
    site = tmp_path_factory.mktemp("site")
    for script in SCRIPTS:
        (site / script).mkdir()
    start = time.perf_counter()
    project = find(ROOT)
    doc, _files = project.generate()
    made = make_pdfs(project, doc)
    paths = write_pdfs(made, site)
    print(f"\nbuilt both PDFs in {time.perf_counter() - start:.1f}s")
    return {pdf.script: (path, pdf) for path, pdf in zip(paths, made, strict=True)}


@pytest.fixture(scope="module")
def pdfs(built: dict[Script, tuple[Path, Built]]) -> dict[Script, Path]:
    return {script: path for script, (path, _) in built.items()}


@pytest.fixture(scope="module")
def contents(pdfs: dict[Script, Path]) -> dict[Script, readback.PdfContents]:
    return {
        script: readback.read(path.read_bytes(), top_margin_mm=TOP, bottom_margin_mm=BOTTOM)
        for script, path in pdfs.items()
    }


def _squash(text: str) -> str:
    return re.sub(r"\s", "", text)


def _front_title(page: Path) -> str:
    m = re.match(r'---\ntitle: "(.*)"\n(?:[a-z]+:.*\n|  .*\n)*---\n', page.read_text(encoding="utf-8"))
    assert m, page
    return m.group(1)


# --- the files ------------------------------------------------------------------------------


def test_writes_one_pdf_per_script_into_its_site(pdfs: dict[Script, Path]) -> None:
    for script, path in pdfs.items():
        assert path.name == pdf_name(script) == f"report-{script}.pdf"
        assert path.parent.name == script
        assert path.read_bytes().startswith(b"%PDF-")


@pytest.mark.parametrize("script", SCRIPTS)
def test_page_count_is_sane(pdfs: dict[Script, Path], script: Script) -> None:
    info = subprocess.run(["pdfinfo", str(pdfs[script])], capture_output=True, text=True, check=True).stdout
    pages = int(re.search(r"^Pages:\s+(\d+)", info, re.MULTILINE)[1])  # type: ignore[index]
    assert 15 <= pages <= 80
    assert "A4" in info


@pytest.mark.parametrize("script", SCRIPTS)
def test_metadata(
    pdfs: dict[Script, Path],
    contents: dict[Script, readback.PdfContents],
    source_doc: tuple[Document, pipeline.Settings],
    script: Script,
) -> None:
    meta = source_doc[0].meta(script)
    info = contents[script].info
    assert info["Title"] == meta.title
    assert info["Author"] == meta.issuer
    assert meta.issuer in info["Subject"]
    assert contents[script].lang == script
    # Pinned: SOURCE_DATE_EPOCH (as `make` sets it), else the publication time (Beijing time).
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        when = time.strftime("%Y%m%d%H%M%S", time.gmtime(int(epoch)))
        assert info["CreationDate"] == info["ModDate"] == f"D:{when}Z"
    else:
        assert info["CreationDate"] == info["ModDate"] == "D:20191002092800+08'00"


# --- outline and links ----------------------------------------------------------------------


@pytest.mark.parametrize("script", SCRIPTS)
def test_outline_has_every_chapter_and_section_and_nothing_else(
    pdfs: dict[Script, Path], source_doc: tuple[Document, pipeline.Settings], script: Script
) -> None:
    document = PDFDocument(PDFParser(io.BytesIO(pdfs[script].read_bytes())))
    outline = [(level, readback._str(title)) for level, title, *_ in document.get_outlines()]
    doc, settings = source_doc
    report, tr = doc.report(script), build.translators(settings.scripts)[script]
    docs = ROOT / "docs" / script
    expected: list[tuple[int, str]] = [(1, tr("目录"))]
    if any("<figcaption" in page.read_text(encoding="utf-8") for page in docs.glob("*.md")):
        expected.append((1, tr("图表目录")))
    expected.append((1, doc.meta(script).title))
    for chapter in report.chapters:
        expected.append((1, chapter.marker + chapter.title))
        expected += [(2, s.marker + s.heading) for s in chapter.sections]
    level_1_pages = ["conclusion", *LATER_PAGES]
    expected += [(1, _front_title(docs / f"{p}.md")) for p in level_1_pages if (docs / f"{p}.md").is_file()]
    # The editorial notes: the page and its parts (level 2), as on the site.
    assert [entry for entry in outline if entry[0] == 1][-1] == (1, _front_title(docs / "editorial-notes.md"))
    notes = outline.index((1, _front_title(docs / "editorial-notes.md")))
    assert outline[:notes] == expected
    assert all(level == 2 for level, _ in outline[notes + 1 :])
    assert len(outline[notes + 1 :]) >= 3


@pytest.mark.parametrize("script", SCRIPTS)
def test_links_stay_inside_the_document(
    contents: dict[Script, readback.PdfContents],
    source_doc: tuple[Document, pipeline.Settings],
    script: Script,
) -> None:
    links = contents[script].links
    assert [link for link in links if link.kind not in ("Dest", "GoTo")] == []
    # At least the contents: one entry per chapter and section.
    report = source_doc[0].report(script)
    assert len(links) >= len(report.chapters) + len(report.sections())


@pytest.mark.parametrize("script", SCRIPTS)
def test_no_web_link_anywhere_in_the_file(pdfs: dict[Script, Path], script: Script) -> None:
    data = pdfs[script].read_bytes()
    assert b"/URI" not in data
    assert b"http://" not in data and b"https://" not in data


# --- text -----------------------------------------------------------------------------------


@pytest.mark.parametrize("script", SCRIPTS)
def test_text_has_every_heading_and_the_repaired_dates(
    pdfs: dict[Script, Path], source_doc: tuple[Document, pipeline.Settings], script: Script
) -> None:
    text = _squash(extract_text(str(pdfs[script])))
    report = source_doc[0].report(script)
    for chapter in report.chapters:
        assert _squash(chapter.marker + chapter.title) in text
        for section in chapter.sections:
            assert _squash(section.marker + section.heading) in text, section.anchor
    number = "〔2018〕2号" if script == "zh-Hans" else "〔2018〕2號"
    for repaired in ("2018年1月31日", "2018年10月21日", "2018年7月12日", number, "2015—2020年"):
        assert repaired in text, repaired


def test_traditional_text_has_no_over_conversions(contents: dict[Script, readback.PdfContents]) -> None:
    pages = contents["zh-Hant"].pages
    # Up to the editorial notes, which quote the broken web page on purpose.
    notes = next(i for i, page in enumerate(pages) if page.startswith("編校說明"))
    body = _squash("".join(pages[:notes]))
    assert len(body) > 20000
    for wrong in ("全麵", "製度", "體係"):
        assert wrong not in body, wrong
    assert "全面" in body and "制度" in body and "體系" in body


@pytest.mark.parametrize("script", SCRIPTS)
def test_body_text_has_every_paragraph_in_order(
    contents: dict[Script, readback.PdfContents],
    source_doc: tuple[Document, pipeline.Settings],
    script: Script,
) -> None:
    text = readback.squash(contents[script].text())
    pos = 0
    for paragraph, line in source_doc[0].report(script).paragraphs():
        found = text.find(readback.squash(paragraph), pos)
        assert found >= 0, line
        pos = found + len(readback.squash(paragraph))


@pytest.mark.parametrize("script", SCRIPTS)
def test_the_build_reads_what_pdfminer_reads(
    built: dict[Script, tuple[Path, Built]], contents: dict[Script, readback.PdfContents], script: Script
) -> None:
    """The build's own reader (``readback.collect``: the PDF objects before they are written,
    the text from the glyphs drawn and the ToUnicode maps) agrees with pdfminer reading the
    written file: the same information, outline, fonts, links and furniture, and on every
    page the same characters (in another order only where pdfminer reads a table row or a
    list across, visually)."""
    ours, theirs = built[script][1].contents, contents[script]
    assert (ours.info, ours.lang, ours.outline) == (theirs.info, theirs.lang, theirs.outline)
    assert (ours.fonts, ours.links) == (theirs.fonts, theirs.links)
    assert [_squash(f) for f in ours.furniture] == [_squash(f) for f in theirs.furniture]
    assert len(ours.pages) == len(theirs.pages)
    for number, (mine, other) in enumerate(zip(ours.pages, theirs.pages, strict=True), 1):
        assert sorted(_squash(mine)) == sorted(_squash(other)), number
    same_order = sum(_squash(a) == _squash(b) for a, b in zip(ours.pages, theirs.pages, strict=True))
    assert same_order >= len(ours.pages) // 2


def test_check_fails_when_a_paragraph_is_missing(
    contents: dict[Script, readback.PdfContents], source_doc: tuple[Document, pipeline.Settings]
) -> None:
    report = source_doc[0].hans
    lost = replace(report, closing=(*report.closing, Para("这一段不在PDF里。", 999)))
    with pytest.raises(BuildError, match="missing") as err:
        readback.check(contents["zh-Hans"], lost, fonts.FAMILIES["zh-Hans"], "test.pdf", source="report.txt")
    assert err.value.line == 999
    assert "fonts-noto-cjk" in str(err.value)


# --- fonts ----------------------------------------------------------------------------------


def _pdffonts(path: Path) -> list[tuple[str, str]]:
    """(name without subset tag, emb) for every font row of ``pdffonts``."""
    out = subprocess.run(
        ["pdffonts", str(path)], capture_output=True, text=True, check=True
    ).stdout.splitlines()[2:]
    rows = []
    for row in out:
        cells = row.split()
        # name type… encoding emb sub uni object ID: emb is the 5th cell from the end
        rows.append((re.sub(r"^[A-Z]{6}\+", "", cells[0]), cells[-5]))
    return rows


@pytest.mark.parametrize("script", SCRIPTS)
def test_fonts_are_embedded_noto_cjk_of_the_scripts_region(pdfs: dict[Script, Path], script: Script) -> None:
    rows = _pdffonts(pdfs[script])
    assert rows and all(emb == "yes" for _, emb in rows), rows
    names = [readback.font_key(name) for name, _ in rows]
    region = "sc" if script == "zh-Hans" else "tc"
    other = "tc" if region == "sc" else "sc"
    assert any(n.startswith(f"notoserifcjk{region}") for n in names), names
    assert any(n.startswith(f"notosanscjk{region}") for n in names), names
    assert not any(f"cjk{other}" in n or "cjkjp" in n or "cjkkr" in n for n in names), names
    # Any other font is a fallback fontconfig gives for a symbol Noto CJK lacks (⍽ in the
    # editorial notes: DejaVu Sans), never the text's.
    others = {n for n in names if "cjk" not in n}
    allowed = {readback.font_key(family) for family in _fallback_families(script)}
    assert others <= allowed, (others, allowed)


def _fallback_families(script: Script) -> set[str]:
    from build_tools.publish.pdf import document_html

    doc = pipeline.run(pipeline.SOURCE, pipeline.settings_for(pipeline.SOURCE))
    tr = build.translators(pipeline.settings_for(pipeline.SOURCE).scripts)[script]
    html = document_html(find(ROOT), doc, script, tr)
    return {name for names in fonts.fallbacks(script, assemble.text_of(html)).values() for name in names}


def test_fonts_missing_fail_the_build_with_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    _require_tools()
    missing = fonts.Families("Noto Serif CJK XX", "Noto Sans CJK SC", "Noto Sans Mono CJK SC", "zh-cn")
    monkeypatch.setitem(fonts.FAMILIES, "zh-Hans", missing)
    with pytest.raises(BuildError, match="Noto Serif CJK XX") as err:
        fonts.require_families("zh-Hans")
    assert "apt-get install fonts-noto-cjk" in str(err.value)


def test_a_character_no_font_has_fails_the_build() -> None:
    _require_tools()
    with pytest.raises(BuildError, match="U\\+0378"):
        fonts.fallbacks("zh-Hans", "正文\u0378")


# --- tagged, archival (PDF/A-3a, PDF/UA-1) ------------------------------------------------


def _pikepdf() -> Any:
    try:
        import pikepdf
    except ImportError:  # pragma: no cover - a set-up problem, not a skip
        pytest.fail("pikepdf is a test dependency (requirements.lock): run `make setup`")
    return pikepdf


def _struct_tree(path: Path) -> tuple[str, list[tuple[int, str, str | None, str]]]:
    """The catalog's /Lang and every structure element in reading order (/K order, depth
    first): (depth, type, /Alt, the text of the marked content it and its kids hold)."""
    pikepdf = _pikepdf()
    out: list[tuple[int, str, str | None, str]] = []
    with pikepdf.open(path) as pdf:
        text = _marked_text(pdf)

        def kids(node: Any) -> list[Any]:
            k = node.get("/K")
            return [] if k is None else list(k) if isinstance(k, pikepdf.Array) else [k]

        def visit(node: Any, depth: int, page: int) -> str:
            page = node.Pg.objgen[0] if "/Pg" in node else page
            index = len(out)
            out.append((depth, str(node.S)[1:], None if "/Alt" not in node else str(node.Alt), ""))
            held = ""
            for kid in kids(node):
                if isinstance(kid, int):
                    held += text.get((page, kid), "")
                elif isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/MCR":
                    held += text.get((kid.Pg.objgen[0] if "/Pg" in kid else page, int(kid.MCID)), "")
                elif isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") != "/OBJR":
                    held += visit(kid, depth + 1, page)
            out[index] = (*out[index][:3], held)
            return held

        for top in kids(pdf.Root.StructTreeRoot):
            visit(top, 0, 0)
        return str(pdf.Root.get("/Lang", "")), out


def _marked_text(pdf: Any) -> dict[tuple[int, int], str]:
    """(page object number, MCID) → the text drawn in that marked content, decoded with the
    fonts' ToUnicode maps (as WeasyPrint writes them: two-byte glyph ids, bfchar entries)."""
    pikepdf = _pikepdf()
    out: dict[tuple[int, int], str] = {}
    maps: dict[str, dict[int, str]] = {}
    for name, font in pdf.pages[0].Resources.Font.items():  # one resource dictionary
        data = font.ToUnicode.read_bytes()
        maps[str(name)] = {
            int(src, 16): bytes.fromhex(dst.decode()).decode("utf-16-be")
            for src, dst in re.findall(rb"<([0-9a-f]+)>\s*<([0-9a-f]*)>", data)
        }
    for page in pdf.pages:
        stack: list[int | None] = []
        font: dict[int, str] = {}
        for operands, operator in pikepdf.parse_content_stream(page):
            op = str(operator)
            if op == "BDC":
                props = operands[1]
                stack.append(
                    int(props.MCID) if isinstance(props, pikepdf.Dictionary) and "/MCID" in props else None
                )
            elif op == "BMC":
                stack.append(None)
            elif op == "EMC":
                stack.pop()
            elif op == "Tf":
                font = maps[str(operands[0])]
            elif op == "TJ" and stack and stack[-1] is not None:
                raw = b"".join(bytes(p) for p in operands[0] if isinstance(p, pikepdf.String))
                key = (page.objgen[0], stack[-1])
                out[key] = out.get(key, "") + "".join(
                    font.get(int.from_bytes(raw[i : i + 2], "big"), "?") for i in range(0, len(raw), 2)
                )
    return out


@pytest.mark.parametrize("script", SCRIPTS)
def test_pdfinfo_says_tagged(pdfs: dict[Script, Path], script: Script) -> None:
    info = subprocess.run(["pdfinfo", str(pdfs[script])], capture_output=True, text=True, check=True).stdout
    assert re.search(r"^Tagged:\s+yes$", info, re.MULTILINE), info


@pytest.mark.parametrize("script", SCRIPTS)
def test_structure_tree_has_the_report_s_headings_lists_tables_and_chart_texts(
    pdfs: dict[Script, Path], source_doc: tuple[Document, pipeline.Settings], script: Script
) -> None:
    lang, tree = _struct_tree(pdfs[script])
    assert lang == script
    report = source_doc[0].report(script)
    headings = [(tag, _squash(text)) for _, tag, _, text in tree if tag in ("H1", "H2")]
    # Every chapter an H1, each followed by its sections as H2, in the reading order.
    chapters = [h for h in headings if h[0] == "H1"]
    for chapter in report.chapters:
        at = headings.index(("H1", _squash(chapter.marker + chapter.title)))
        assert headings[at + 1 : at + 1 + len(chapter.sections)] == [
            ("H2", _squash(s.marker + s.heading)) for s in chapter.sections
        ]
    assert ("H1", _squash(source_doc[0].meta(script).title)) in chapters
    # Every chart is a Figure whose alternative text is the chart's <desc>, as on the site.
    descs = {
        desc
        for page in (ROOT / "docs" / script).glob("*.md")
        for desc in tagging.chart_alts(page.read_text(encoding="utf-8")).values()
    }
    figures = [alt for _, tag, alt, _ in tree if tag == "Figure"]
    assert descs and sorted(figures) == sorted(descs)  # type: ignore[type-var]
    # Lists and tables as such (the contents, the glossary; the key figures, the notes).
    tags = [tag for _, tag, _, _ in tree]
    assert {"L", "LI", "LBody", "Table", "TR", "TH", "TD", "Link", "P"} <= set(tags)
    first_row = next(i for i, t in enumerate(tags) if t == "TR")
    assert tags[first_row + 1] == "TH"


@pytest.mark.parametrize("script", SCRIPTS)
def test_pdf_a_3a_and_pdf_ua_1_as_far_as_pikepdf_can_tell(pdfs: dict[Script, Path], script: Script) -> None:
    """The identification and the rules that can be read from the file. Not checked here
    (veraPDF or a person): font programs and widths, the ICC profile's validity, low-level
    syntax, and whether the alternative texts and the reading order make sense."""
    pikepdf = _pikepdf()
    with pikepdf.open(pdfs[script]) as pdf:
        meta = pdf.open_metadata()
        assert (meta.get("pdfaid:part"), meta.get("pdfaid:conformance")) == ("3", "A")
        assert meta.get("pdfuaid:part") == "1"
        assert str(meta.get("dc:title")) == str(pdf.docinfo.Title)
        root = pdf.Root
        assert root.MarkInfo.Marked is True
        assert root.ViewerPreferences.DisplayDocTitle is True
        intents = list(root.OutputIntents)
        assert [str(i.S) for i in intents] == ["/GTS_PDFA1"] and intents[0].DestOutputProfile.N == 3
        assert "/ID" in pdf.trailer and not pdf.is_encrypted
        assert "/OpenAction" not in root and "/AA" not in root
        # Content is either in the structure tree or an artifact: no MCID maps to an element
        # that the tree does not reach.
        reached, todo = set(), [root.StructTreeRoot]
        while todo:
            node = todo.pop()
            k = node.get("/K")
            for kid in [] if k is None else list(k) if isinstance(k, pikepdf.Array) else [k]:
                if isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") not in ("/MCR", "/OBJR"):
                    reached.add(kid.objgen)
                    todo.append(kid)
        nums = root.StructTreeRoot.ParentTree.Nums
        orphans = [
            ref
            for i in range(1, len(nums), 2)
            if isinstance(nums[i], pikepdf.Array)
            for ref in nums[i]
            if isinstance(ref, pikepdf.Dictionary) and ref.objgen not in reached
        ]
        assert orphans == []
        # Links: printable (PDF/A), in the tree and described (PDF/UA).
        annots = [a for page in pdf.pages for a in page.get("/Annots", [])]
        assert annots and all(
            int(a.F) & 4 and "/StructParent" in a and str(a.Contents).strip() for a in annots
        )
        assert all(page.Tabs == "/S" for page in pdf.pages if "/Annots" in page)


def _tiny_pdf(html: str, tamper: Any = None) -> readback.PdfContents:
    """A small document rendered as the build renders (tagged PDF/A-3a), and what
    ``readback.collect`` reads from its objects after ``tamper`` changed them."""
    import weasyprint

    from build_tools.publish.pdf import PDF_VARIANT

    document = weasyprint.HTML(string=html).render(pdf_variant=PDF_VARIANT)
    got: list[readback.PdfContents] = []

    def finish(_document: Any, pdf: Any) -> None:
        tagging.finisher({})(_document, pdf)
        if tamper:
            tamper(pdf)
        got.append(readback.collect(pdf))

    with warnings.catch_warnings():  # WeasyPrint leaves its sRGB profile open (see render)
        warnings.simplefilter("ignore", ResourceWarning)
        document.write_pdf(pdf_variant=PDF_VARIANT, finisher=finish)
    return got[0]


_TINY = (
    '<html lang="zh-Hans"><style>@page { @top-center { content: "页眉" } } '
    'p { font-family: "Noto Serif CJK SC" }</style><p>中文正文</p></html>'
)


def test_the_check_reads_the_text_a_reader_copies_out() -> None:
    """The build's text is the glyphs drawn, mapped back by the ToUnicode CMaps: a wrong
    map entry changes it (and the check then misses the paragraph); the running header is an
    artifact, not body text."""
    _require_tools()
    contents = _tiny_pdf(_TINY)
    assert contents.pages == ["中文正文"] and contents.furniture == ["页眉"]
    assert contents.lang == "zh-Hans" and "中" in (contents.copyable or ())

    def wrong_map(pdf: Any) -> None:
        for obj in pdf.objects:
            if isinstance(obj, dict) and "ToUnicode" in obj:
                cmap = pdf.objects[int(obj["ToUnicode"].split()[0])]
                cmap.stream = [
                    part.replace(b"<4e2d>", b"<7533>") if isinstance(part, bytes) else part
                    for part in cmap.stream
                ]  # 中 → 申

    assert _tiny_pdf(_TINY, wrong_map).pages == ["申文正文"]


def test_check_fails_on_type_3_fonts_and_text_that_cannot_be_copied(
    contents: dict[Script, readback.PdfContents], source_doc: tuple[Document, pipeline.Settings]
) -> None:
    built = contents["zh-Hans"]
    report, families = source_doc[0].hans, fonts.FAMILIES["zh-Hans"]
    bitmap = replace(built, fonts=[*built.fonts, readback.Font("Noto-Serif-CJK-SC", True, "Type3")])
    with pytest.raises(BuildError, match="Type 3"):
        readback.check(bitmap, report, families, "test.pdf", source="report.txt")
    text = readback.squash(built.text())
    lost = replace(built, copyable=frozenset(text) - {"法"})
    with pytest.raises(BuildError, match="法 cannot be copied out") as err:
        readback.check(lost, report, families, "test.pdf", source="report.txt")
    assert err.value.line is not None


def test_clock_counts_a_part_inside_another_for_itself_only(monkeypatch: pytest.MonkeyPatch) -> None:
    from build_tools.publish import pdf

    ticks = iter([0.0, 1.0, 3.0, 4.0])  # write starts, check starts, check ends, write ends
    monkeypatch.setattr(pdf.time, "process_time", lambda: next(ticks))
    clock = pdf.Clock()
    with clock("write"), clock("check"):
        pass
    assert clock.parts == {"check": 2.0, "write": 2.0}
    assert clock.summary() == "write 2.00, check 2.00"  # in the order of pdf.PARTS


def test_compressing_streams_once_gives_the_same_bytes() -> None:
    import pydyf

    from build_tools.publish.pdf import compress_once

    def pdf_bytes(once: bool) -> bytes:
        pdf = pydyf.PDF()
        stream = pydyf.Stream([b"BT", b"/F1 12 Tf", b"[<0012>] TJ", b"ET"], compress=True)
        plain = pydyf.Stream([b"q", b"Q"], {"Type": "/XObject"})
        pdf.add_object(stream)
        pdf.add_object(plain)
        pdf.add_page(pydyf.Dictionary({"Type": "/Page", "Contents": stream.reference}))
        if once:
            compress_once(pdf)
        out = io.BytesIO()
        pdf.write(out, identifier=True, compress=True)
        return out.getvalue()

    assert pdf_bytes(once=True) == pdf_bytes(once=False)
    assert b"/FlateDecode" in pdf_bytes(once=True)


def test_the_collector_is_off_while_a_pdf_is_made_and_on_again_after() -> None:
    import gc

    from build_tools.publish.pdf import cycles_not_collected

    assert gc.isenabled()
    with cycles_not_collected():
        assert not gc.isenabled()
    assert gc.isenabled()
    with pytest.raises(BuildError), cycles_not_collected():
        raise BuildError("a failed build")
    assert gc.isenabled()


# --- page furniture -------------------------------------------------------------------------


@pytest.mark.parametrize("script", SCRIPTS)
def test_running_header_and_page_numbers(
    contents: dict[Script, readback.PdfContents], script: Script
) -> None:
    pdf = contents[script]
    total = len(pdf.pages)
    page_word = "页" if script == "zh-Hans" else "頁"
    assert pdf.furniture[0] == ""  # the cover has neither header nor footer
    titles = {title for level, title in pdf.outline if level == 1}
    headers = []
    for number, furniture in enumerate(pdf.furniture[1:], start=2):
        lines = furniture.splitlines()
        assert _squash(lines[-1]) == f"第{number}{page_word}，共{total}{page_word}", number
        headers += lines[:-1]
    # The chapter's title on the pages that continue a chapter; never anything else.
    assert headers and set(headers) <= titles, set(headers) - titles
    report_chapters = [t for t in titles if re.match(r"^[一二三四五六七八]、", t)]
    assert len(set(headers) & set(report_chapters)) >= 4


# --- reproducible, and the pages other engineers add ----------------------------------------


def test_two_builds_give_the_same_bytes(tmp_path: Path) -> None:
    """Two processes with different hash seeds; from a copy of the inputs, so that a docs/
    rewritten meanwhile (make docs in another shell) cannot make the builds differ."""
    _require_tools()
    root = tmp_path / "root"
    for folder in ("sources", "docs"):
        shutil.copytree(ROOT / folder, root / folder)
    for config in ("mkdocs.yml", "mkdocs.zh-Hant.yml"):
        shutil.copy(ROOT / config, root / config)
    code = (
        "import sys; from pathlib import Path; from build_tools.publish.project import find; "
        "from build_tools.publish.pdf import make_pdfs, write_pdfs; p = find(Path(sys.argv[1])); "
        "d, _ = p.generate(); write_pdfs(make_pdfs(p, d), Path(sys.argv[2]))"
    )
    builds = []
    for seed in ("1", "2"):
        site = tmp_path / f"site-{seed}"
        for script in SCRIPTS:
            (site / script).mkdir(parents=True)
        subprocess.run(
            [sys.executable, "-c", code, str(root), str(site)],
            check=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
            cwd=ROOT,
        )
        builds.append({s: (site / s / pdf_name(s)).read_bytes() for s in SCRIPTS})
    assert builds[0] == builds[1]


FIGURES_MD = """---
title: "数据与图表"
---

# 数据与图表 {#figures}

| 指标 | 数值 | 位置 |
|---|---:|---|
| 调整由区实施的行政职权事项 | 143项 | [三、（一）](chapter-3.md#sec-3-1) |

<figure class="chart">
<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 100" width="400" height="200">
<defs><clipPath id="clip"><rect width="200" height="100"/></clipPath></defs>
<g clip-path="url(#clip)"><rect x="10" y="20" width="120" height="30" fill="#9b1c1c"/>
<text x="12" y="80" font-size="12">行政职权 143</text></g>
</svg>
<figcaption>图1 调整由区实施的事项</figcaption>
</figure>
"""

DOCUMENTS_MD = """---
title: "引用文件"
---

# 引用文件 {#documents}

## 规范性文件 {#clip}

- 《广州市人民政府关于将一批市级公共服务事项调整由区实施的通知》：[三、（一）](chapter-3.md#sec-3-1)
- 原文见 [广州市人民政府网站](https://www.gz.gov.cn/)
"""


def test_later_pages_take_their_place_and_figures_are_listed(
    tmp_path: Path, source_doc: tuple[Document, pipeline.Settings]
) -> None:
    _require_tools()
    shutil.copytree(ROOT / "docs", tmp_path / "docs")
    for config in ("mkdocs.yml", "mkdocs.zh-Hant.yml"):
        shutil.copy(ROOT / config, tmp_path / config)
    docs = tmp_path / "docs" / "zh-Hans"
    (docs / "figures.md").write_text(FIGURES_MD, encoding="utf-8")
    (docs / "documents.md").write_text(DOCUMENTS_MD, encoding="utf-8")
    doc, settings = source_doc
    tr = build.translators(settings.scripts)["zh-Hans"]
    built = make_pdf(Project(tmp_path, pipeline.SOURCE), doc, "zh-Hans", tr)

    level_1 = [title for level, title in built.contents.outline if level == 1]
    order = [
        t for t in level_1 if t in ("存在的问题和下一步工作", "术语表", "数据与图表", "引用文件", "编校说明")
    ]
    expected = ["存在的问题和下一步工作", "术语表", "数据与图表", "引用文件", "编校说明"]
    assert order == [t for t in expected if t != "术语表" or (docs / "glossary.md").is_file()]
    assert "图表目录" in level_1  # the list of figures …
    text = _squash(built.contents.text())
    assert "图1调整由区实施的事项" in text  # … and the caption, under the chart
    assert "行政职权143" in text  # the SVG's own text is drawn
    assert "广州市人民政府网站" in text  # a web link keeps its text …
    assert all(link.kind in ("Dest", "GoTo") for link in built.contents.links)  # … not its link


# --- assembling the HTML --------------------------------------------------------------------


def _page(name: str, body: str) -> assemble.Page:
    return assemble.Page(name, name, body)


def test_links_between_pages_become_links_inside_the_document() -> None:
    pages = assemble.link_pages(
        [
            _page(
                "chapter-3",
                '<h1 id="chapter-3">三</h1><h2 id="sec-3-4">四</h2>'
                '<p id="_1">x<a href="glossary.md#hotline">热线</a></p>',
            ),
            _page(
                "glossary",
                '<h1 id="glossary">术语表</h1><h3 id="hotline">热线</h3><p id="_1">'
                '<a href="chapter-3.md#sec-3-4">三</a> <a href="chapter-3.md">章</a> '
                '<a href="#_1">本页</a> <a href="https://example.org/">网站</a></p>'
                '<svg><use href="#_1"/><rect fill="url(#_1)"/></svg>',
            ),
        ]
    )
    chapter, glossary = (p.html for p in pages)
    assert 'href="#hotline"' in chapter
    assert 'id="chapter-3--_1"' in chapter  # an id both pages use gets its page's name
    assert 'href="#sec-3-4"' in glossary and 'href="#page-chapter-3"' in glossary
    assert 'href="#glossary--_1"' in glossary and "url(#glossary--_1)" in glossary
    assert '<span class="external">网站</span>' in glossary and "example.org" not in glossary


def test_a_link_to_a_page_that_is_not_there_fails() -> None:
    with pytest.raises(BuildError, match=r"figures\.md"):
        assemble.link_pages([_page("index", '<a href="figures.md#x">图</a>')])


def test_check_links_names_a_missing_anchor() -> None:
    with pytest.raises(BuildError, match="#sec-9-9"):
        assemble.check_links('<h1 id="a">x</h1><a href="#a">a</a><a href="#sec-9-9">b</a>')


def test_the_title_breaks_between_words_into_even_lines() -> None:
    title = "广州市人民政府关于我市2018年法治政府建设情况的报告"
    lines = assemble.balanced_lines(assemble.words(title, title), assemble.COVER_TITLE_EM)
    assert lines == ["广州市人民政府关于我市2018年", "法治政府建设情况的报告"]
    hant = assemble.title_html("廣州市人民政府關於我市2018年法治政府建設情況的報告", title, 15)
    assert hant == "廣州市人民政府關於我市2018年<br>法治政府建設情況的報告"
    assert assemble.balanced_lines(["短标题"], 15) == ["短标题"]


@pytest.mark.parametrize(
    "text",
    [
        "广州市人民政府关于我市2018年法治政府建设情况的报告",
        "天河区人民政府关于2020年法治政府建设年度报告",
        "深化“放管服”改革，优化营商环境",
        "全面推进依法行政工作情况",
    ],
)
def test_segment_cuts_as_jieba_does(text: str) -> None:
    """``assemble.segment`` reads only the words of the text from jieba's dictionary; its cuts
    are jieba's own (without the HMM)."""
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    assert list(assemble.segment(text)) == jieba.lcut(text, HMM=False)


def test_page_label_in_each_script(source_doc: tuple[Document, pipeline.Settings]) -> None:
    tr = build.translators(source_doc[1].scripts)
    assert assemble.page_css(tr["zh-Hans"]) == (
        '@page { @bottom-center { content: "第 " counter(page) " 页，共 " counter(pages) " 页"; } }\n'
    )
    assert '" 頁，共 "' in assemble.page_css(tr["zh-Hant"])


def test_document_date_is_pinned(source_doc: tuple[Document, pipeline.Settings]) -> None:
    meta = source_doc[0].meta_hans
    assert assemble.created(meta, None) == "2019-10-02T09:28:00+08:00"
    assert assemble.created(meta, "1700000000") == "2023-11-14T22:13:20Z"


def test_an_error_in_one_script_stops_the_build_with_its_message() -> None:
    from build_tools.publish.procs import in_parallel

    def broken() -> Any:
        raise BuildError("no glyphs", path="docs/zh-Hant/index.md", line=3, hint="install fonts-noto-cjk")

    assert in_parallel([lambda: 1, lambda: 2]) == [1, 2]
    import gc

    if (os.cpu_count() or 1) >= 2:  # forked workers exit without the cyclic collector
        assert in_parallel([gc.isenabled, gc.isenabled]) == [False, False]
    assert gc.isenabled()
    with pytest.raises(BuildError) as err:
        in_parallel([lambda: 1, broken])
    assert str(err.value) == "docs/zh-Hant/index.md:3: no glyphs\n  what to do: install fonts-noto-cjk"
