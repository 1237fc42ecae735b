"""The PDFs: both scripts built once from the real docs/ (Typst), then read back as a reader's
tools do.

The build itself already fails on missing fonts, lost paragraphs and forbidden line breaks
(build_tools/publish/pdf/readback.py, which reads with PDFium); these tests look at the
finished files with independent tools too: poppler's pdftotext, pdffonts and pdfinfo, and
pikepdf for the structure tree, the outline, the links and the XMP metadata.
"""

from __future__ import annotations

import itertools
import os
import re
import shutil
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from build_tools.errors import BuildError
from build_tools.pages import build
from build_tools.paths import pdf_name
from build_tools.publish.pdf import (
    MARGINS_MM,
    Built,
    Shared,
    compile,
    fonts,
    make_pdf,
    make_pdfs,
    readback,
    write_pdfs,
)
from build_tools.publish.pdf.markup import NO_LINE_END, NO_LINE_START
from build_tools.publish.project import Project, find
from build_tools.text.model import SCRIPTS, Document, Para, Script
from tests import support as pipeline

pytestmark = [pytest.mark.slow, pytest.mark.pdf]

ROOT = Path(__file__).resolve().parent.parent
TOP, BOTTOM = MARGINS_MM
LATER_PAGES = ("glossary", "figures", "documents")
LANG = {"zh-Hans": "zh-CN", "zh-Hant": "zh-TW"}

pytestmark = [pytest.mark.slow, pytest.mark.pdf]


def _require_tools() -> None:
    for tool in ("pdffonts", "pdfinfo", "pdftotext"):
        if shutil.which(tool) is None:
            pytest.skip(f"{tool} is not installed (poppler-utils)")
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
def contents(built: dict[Script, tuple[Path, Built]]) -> dict[Script, readback.PdfContents]:
    """What the build read back from each PDF (PDFium)."""
    return {script: pdf.contents for script, (_, pdf) in built.items()}


def _pdftotext(path: Path, *args: str) -> str:
    return subprocess.run(
        ["pdftotext", "-enc", "UTF-8", *args, str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def _poppler_pages(path: Path) -> list[str]:
    """Each page's body as poppler reads it (the top and bottom margins cropped off)."""
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    count = int(re.search(r"^Pages:\s+(\d+)", info, re.MULTILINE)[1])  # type: ignore[index]
    mm = 72 / 25.4
    top, height = round(TOP * mm), round((297 - TOP - BOTTOM) * mm)
    crop = ["-x", "0", "-y", str(top), "-W", "596", "-H", str(height)]
    return [_pdftotext(path, "-f", str(n), "-l", str(n), *crop) for n in range(1, count + 1)]


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
def test_page_count_is_sane_and_tagged(pdfs: dict[Script, Path], script: Script) -> None:
    info = subprocess.run(["pdfinfo", str(pdfs[script])], capture_output=True, text=True, check=True).stdout
    pages = int(re.search(r"^Pages:\s+(\d+)", info, re.MULTILINE)[1])  # type: ignore[index]
    assert 15 <= pages <= 80
    assert "A4" in info
    assert re.search(r"^Tagged:\s+yes$", info, re.MULTILINE), info


@pytest.mark.parametrize("script", SCRIPTS)
def test_metadata(
    contents: dict[Script, readback.PdfContents],
    source_doc: tuple[Document, pipeline.Settings],
    script: Script,
) -> None:
    meta = source_doc[0].meta(script)
    info = contents[script].info
    assert info["Title"] == meta.title
    assert info["Author"] == meta.issuer
    assert contents[script].lang == LANG[script]
    # The subject says what the whole document holds: the report and every page after it.
    # It claims no date: the page's date is the page's, on the cover under the page's label.
    subject = info["Subject"]
    assert subject.startswith(meta.issuer + "的")
    assert not re.search(r"\d{4}年", subject), subject
    docs = ROOT / "docs" / script
    for page in (*LATER_PAGES, "editorial-notes"):
        if (docs / f"{page}.md").is_file():
            assert _front_title(docs / f"{page}.md") in subject, page
    # Pinned: SOURCE_DATE_EPOCH (as `make` sets it), else the publication time (Beijing time,
    # written in UTC).
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    when = time.strftime("%Y%m%d%H%M%S", time.gmtime(int(epoch))) if epoch else "20191002012800"
    assert info["CreationDate"] == info["ModDate"] == f"D:{when}Z"


# --- outline and links ----------------------------------------------------------------------


def _outline(path: Path) -> list[tuple[int, str]]:
    pikepdf = _pikepdf()
    out: list[tuple[int, str]] = []
    with pikepdf.open(path) as pdf, pdf.open_outline() as outline:

        def walk(items: Any, level: int) -> None:
            for item in items:
                out.append((level, str(item.title)))
                walk(item.children, level + 1)

        walk(outline.root, 1)
    return out


@pytest.mark.parametrize("script", SCRIPTS)
def test_outline_has_every_chapter_and_section_and_nothing_else(
    pdfs: dict[Script, Path],
    contents: dict[Script, readback.PdfContents],
    source_doc: tuple[Document, pipeline.Settings],
    script: Script,
) -> None:
    outline = _outline(pdfs[script])
    assert outline == contents[script].outline  # pikepdf and PDFium read the same
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
    # A supplied title carries its mark （编者所加） here too, as in the site's navigation.
    expected += [(1, _front_title(docs / f"{p}.md")) for p in level_1_pages if (docs / f"{p}.md").is_file()]
    # The editorial notes: the page and its parts (level 2), as on the site.
    assert [entry for entry in outline if entry[0] == 1][-1] == (1, _front_title(docs / "editorial-notes.md"))
    notes = outline.index((1, _front_title(docs / "editorial-notes.md")))
    assert outline[:notes] == expected
    assert all(level == 2 for level, _ in outline[notes + 1 :])
    assert len(outline[notes + 1 :]) >= 3


@pytest.mark.parametrize("script", SCRIPTS)
def test_links_stay_inside_the_document(
    pdfs: dict[Script, Path], source_doc: tuple[Document, pipeline.Settings], script: Script
) -> None:
    pikepdf = _pikepdf()
    with pikepdf.open(pdfs[script]) as pdf:
        annots = [a for page in pdf.pages for a in page.get("/Annots", [])]
        links = [a for a in annots if a.get("/Subtype") == "/Link"]
        assert links and all("/Dest" in a or str(a.get("/A", {}).get("/S")) == "/GoTo" for a in links)
        assert not any("/URI" in a.get("/A", {}) for a in links)
    # At least the contents: one entry per chapter and section.
    report = source_doc[0].report(script)
    assert len(links) >= len(report.chapters) + len(report.sections())
    assert "http" not in _pdftotext(pdfs[script])


# --- text -----------------------------------------------------------------------------------


@pytest.mark.parametrize("script", SCRIPTS)
def test_text_has_every_heading_and_the_repaired_dates(
    pdfs: dict[Script, Path], source_doc: tuple[Document, pipeline.Settings], script: Script
) -> None:
    text = _squash(_pdftotext(pdfs[script]))
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
def test_every_paragraph_in_order_as_poppler_reads_it(
    pdfs: dict[Script, Path], source_doc: tuple[Document, pipeline.Settings], script: Script
) -> None:
    """The same guarantee the build checks with PDFium, read by another engine."""
    text = readback.squash("\n".join(_poppler_pages(pdfs[script])))
    pos = 0
    for paragraph, line in source_doc[0].report(script).paragraphs():
        found = text.find(readback.squash(paragraph), pos)
        assert found >= 0, line
        pos = found + len(readback.squash(paragraph))


@pytest.mark.parametrize("script", SCRIPTS)
def test_the_build_reads_what_poppler_reads(
    pdfs: dict[Script, Path], contents: dict[Script, readback.PdfContents], script: Script
) -> None:
    """The build's reader (PDFium) and poppler give every page's body the same characters,
    and the same lines (they may differ in the order of a table row's cells)."""
    theirs = _poppler_pages(pdfs[script])
    ours = contents[script].pages
    assert len(ours) == len(theirs)
    for number, (mine, other) in enumerate(zip(ours, theirs, strict=True), 1):
        assert sorted(_squash(mine)) == sorted(_squash(other)), number


def _visual_rows(path: Path) -> list[str]:
    """The body's characters grouped into the rows they sit on (by baseline), each row left to
    right: lines as a reader sees them, whatever order the text is stored in."""
    import pypdfium2 as pdfium

    mm = 72 / 25.4
    rows: list[str] = []
    document = pdfium.PdfDocument(path)
    try:
        for page in document:
            height = page.get_height()
            text = page.get_textpage()
            chars: list[tuple[float, float, str]] = []
            for i in range(text.count_chars()):
                char = text.get_text_range(i, 1)
                left, bottom, _right, top = text.get_charbox(i, loose=True)
                if char.strip() and BOTTOM * mm < (bottom + top) / 2 < height - TOP * mm:
                    chars.append((bottom, left, char))
            row: list[tuple[float, str]] = []
            last = None
            for bottom, left, char in sorted(chars):
                if last is not None and bottom - last > 2:  # a new row (2 pt apart or more)
                    rows.append("".join(c for _, c in sorted(row)))
                    row = []
                row.append((left, char))
                last = bottom
            if row:
                rows.append("".join(c for _, c in sorted(row)))
    finally:
        document.close()
    return rows


@pytest.mark.parametrize("script", SCRIPTS)
def test_no_line_starts_or_ends_with_a_forbidden_mark(
    pdfs: dict[Script, Path], contents: dict[Script, readback.PdfContents], script: Script
) -> None:
    """No line of the body starts with —）」』》〕、，。；：！？ or ends with （「『《〔: in the text a
    reader copies out (PDFium's lines, as the build checks them) and in the rows the glyphs
    sit on, read from their positions."""
    assert readback.bad_line_breaks(contents[script]) == []
    rows = _visual_rows(pdfs[script])
    assert len(rows) > 500
    for row in rows:
        assert row[0] not in NO_LINE_START, row
        assert row[-1] not in NO_LINE_END, row
    # The rule has something to hold: the report breaks lines next to such marks.
    text = contents[script].text()
    assert "—" in text and "（" in text and "》" in text


def test_bad_line_breaks_are_found() -> None:
    pdf = readback.PdfContents(pages=["正文\n—2020年）》…\n好", "（\n其后\n中文（"])
    assert readback.bad_line_breaks(pdf) == ['page 1: "—2020年）》……"', 'page 2: "（…"', 'page 2: "中文（…"']


def _table_cells(page: Path) -> list[str]:
    """The cells of the tables of a Markdown page, as written."""
    out = []
    for line in page.read_text(encoding="utf-8").splitlines():
        if line.startswith("|") and not set(line) <= set("|-: "):
            out += [cell.strip() for cell in line.strip("|").split("|")]
    return out


@pytest.mark.parametrize("script", SCRIPTS)
def test_the_notes_tables_do_not_split_words(
    contents: dict[Script, readback.PdfContents],
    source_doc: tuple[Document, pipeline.Settings],
    script: Script,
) -> None:
    """In the editorial notes' tables a line breaks between words, never inside one: every
    code span (the source's strings and what they became: 陽光復議) stands whole on a line,
    and no word of a cell (jieba's cut, as the build cuts it) runs from one line on to the
    next (年份区间缺|破折号, never 年份区间缺破|折号)."""
    from build_tools.publish.pdf.words import Segmenter

    cells = _table_cells(ROOT / "docs" / script / "editorial-notes.md")
    codes = [c.strip("` ") for cell in cells for c in re.findall(r"`+ ?[^`]+? ?`+", cell)]
    assert any(len(c) >= 4 for c in codes)
    lines = [ln.strip() for page in contents[script].pages for ln in page.splitlines()]
    for code in (c for c in codes if " " not in c):
        assert any(code in line for line in lines), code
    plain = [re.sub(r"\[([^]]*)\]\([^)]*\)|`[^`]*`|\*\*", r"\1", cell) for cell in cells]
    segmenter = Segmenter(plain, ROOT / "docs" / "jieba-user.txt", source_doc[1].scripts.to_hans.convert)
    words = {w for cell in plain for w in segmenter.words(cell) if len(w) > 1 and not w.isascii()}
    assert len(words) > 50
    # Lines of the same cell: both pieces of one cell's text.
    in_cells = [(a, b) for a, b in itertools.pairwise(lines) if any(a + b in c for c in plain)]
    assert len(in_cells) > 20
    for before, after in in_cells:
        for word in words:
            for cut in range(1, len(word)):
                if before.endswith(word[:cut]) and after.startswith(word[cut:]):
                    pytest.fail(f"{word} split across lines: {before[-10:]}|{after[:10]}")


@pytest.mark.parametrize("script", SCRIPTS)
def test_no_space_between_han_and_digits_is_added(
    pdfs: dict[Script, Path], contents: dict[Script, readback.PdfContents], script: Script
) -> None:
    """cjk-latin-spacing is off: the text keeps 2018年 and 143项 without spaces, and poppler
    (which turns wide gaps into spaces) sees none either."""
    assert "2018年" in contents[script].text()
    poppler = _pdftotext(pdfs[script])
    assert "2018年" in poppler and "2018 年" not in poppler


def test_check_fails_when_a_paragraph_is_missing(
    contents: dict[Script, readback.PdfContents], source_doc: tuple[Document, pipeline.Settings]
) -> None:
    report = source_doc[0].hans
    lost = replace(report, closing=(*report.closing, Para("这一段不在PDF里。", 999)))
    with pytest.raises(BuildError, match="missing") as err:
        readback.check(contents["zh-Hans"], lost, fonts.FAMILIES["zh-Hans"], "test.pdf", source="report.txt")
    assert err.value.line == 999
    assert "fonts-noto-cjk" in str(err.value)


def test_check_fails_on_type_3_fonts_and_bad_line_breaks(
    contents: dict[Script, readback.PdfContents], source_doc: tuple[Document, pipeline.Settings]
) -> None:
    built = contents["zh-Hans"]
    report, families = source_doc[0].hans, fonts.FAMILIES["zh-Hans"]
    bitmap = replace(built, fonts=[*built.fonts, readback.Font("NotoSerifCJKsc-Regular", True, True)])
    with pytest.raises(BuildError, match="Type 3"):
        readback.check(bitmap, report, families, "test.pdf", source="report.txt")
    broken = replace(built, pages=[*built.pages[:-1], built.pages[-1] + "\n、下一行"])
    with pytest.raises(BuildError, match="start or end with a mark"):
        readback.check(broken, report, families, "test.pdf", source="report.txt")


# --- fonts ----------------------------------------------------------------------------------


def _pdffonts(path: Path) -> list[tuple[str, str, str]]:
    """(name without subset tag, type, emb) for every font row of ``pdffonts``."""
    out = subprocess.run(
        ["pdffonts", str(path)], capture_output=True, text=True, check=True
    ).stdout.splitlines()[2:]
    rows = []
    for row in out:
        cells = row.split()
        # name type… encoding emb sub uni object ID: emb is the 5th cell from the end
        rows.append((re.sub(r"^[A-Z]{6}\+", "", cells[0]), " ".join(cells[1:-6]), cells[-5]))
    return rows


def _font_of_each_character(path: Path) -> dict[str, set[str]]:
    """Each font (PDFium's name) → the characters drawn with it."""
    import ctypes

    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    out: dict[str, set[str]] = {}
    document = pdfium.PdfDocument(path)
    try:
        for page in document:
            text = page.get_textpage()
            for i in range(text.count_chars()):
                name = ctypes.create_string_buffer(200)
                pdfium_c.FPDFText_GetFontInfo(text.raw, i, name, 200, None)
                out.setdefault(re.sub(r"^[A-Z]{6}\+", "", name.value.decode()), set()).add(
                    chr(pdfium_c.FPDFText_GetUnicode(text.raw, i))
                )
    finally:
        document.close()
    return out


@pytest.mark.parametrize("script", SCRIPTS)
def test_fonts_are_embedded_noto_cjk_of_the_scripts_region(pdfs: dict[Script, Path], script: Script) -> None:
    rows = _pdffonts(pdfs[script])
    assert rows and all(emb == "yes" for _, _, emb in rows), rows
    assert not any("Type 3" in kind for _, kind, _ in rows), rows
    names = [readback.font_key(name) for name, _, _ in rows]
    region = "sc" if script == "zh-Hans" else "tc"
    other = "tc" if region == "sc" else "sc"
    assert any(n.startswith(f"notoserifcjk{region}") for n in names), names
    assert any(n.startswith(f"notosanscjk{region}") for n in names), names
    assert not any(f"cjk{other}" in n or "cjkjp" in n or "cjkkr" in n for n in names), names
    # Any other font draws only symbols Noto CJK lacks (⍽ in the editorial notes), never a
    # Han character, a mark of Chinese punctuation, a letter or a digit of the text.
    for font, chars in _font_of_each_character(pdfs[script]).items():
        if "cjk" not in readback.font_key(font):
            assert not any(c.isalnum() or 0x2E80 <= ord(c) <= 0xFFEF for c in chars), (font, chars)


def _tiny(families: fonts.Families, body: str) -> bytes:
    """A small document through the template and the compiler the build uses."""
    from build_tools.publish.pdf import TEMPLATE
    from build_tools.publish.pdf.document import Source
    from build_tools.publish.pdf.document import fonts as fonts_line

    preamble = '#show: report.with(title: "t")\n'
    source = Source(fonts_line(families) + TEMPLATE.read_text(encoding="utf-8") + preamble + body, {})
    return compile.compile_pdf(
        compile.compiler(), source, "tiny.pdf", when=compile.timestamp("2019-10-02", None)
    )


def test_a_font_that_is_not_installed_fails_the_build_with_what_to_install() -> None:
    missing = fonts.Families("Noto Serif CJK XX", "Noto Sans CJK SC", "Noto Sans Mono CJK SC")
    with pytest.raises(BuildError, match="noto serif cjk xx") as err:
        _tiny(missing, "正文\n")
    assert "apt-get install fonts-noto-cjk" in str(err.value)


def test_a_character_no_font_has_fails_the_build() -> None:
    with pytest.raises(BuildError, match="378") as err:
        _tiny(fonts.FAMILIES["zh-Hans"], '#"正文\u0378";\n')
    assert "fonts-noto-cjk" in str(err.value)


def _text_runs(pdf: bytes, page: int) -> list[tuple[float, float, str]]:
    """(left, top in points, text) of each run of text PDFium finds on ``page`` (0-based),
    digits left out (the page numbers), in reading order."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(pdf)
    try:
        text = document[page].get_textpage()
        out = []
        for i in range(text.count_rects()):
            left, bottom, right, top = text.get_rect(i)
            found = re.sub(r"[\d\s.]", "", text.get_text_bounded(left, bottom, right, top))
            if found:
                out.append((round(left, 1), round(top, 1), found))
        return out
    finally:
        document.close()


def test_the_contents_first_pass_stand_in_takes_the_contents_room() -> None:
    """Before Typst knows any heading, ``contents`` sets the entries it is given in place of
    ``outline`` (so that the pages after it start where they stay, and Typst lays them out
    once, not twice): each of its lines sits where the outline's does, a title that wraps
    included."""
    long = "二、优化营商环境，构建经济高质量发展体制机制，推进完善制度建设，不断强化权力制约监督"
    titles = [(1, "一、加强组织领导"), (2, "（一）落实主体责任"), (1, long), (2, "（二）部署工作")]
    entries = ", ".join(f'({level}, [#"{title}";])' for level, title in titles)
    contents = (
        f"#contents(title: [目录], figures: [图表目录], entries: ({entries},), "
        '  charts: ([#"图1 审批时限";],))\n'
    )

    def document(outlined: str) -> bytes:
        headings = "".join(
            f'#heading(level: {level}, outlined: {outlined}, bookmarked: false)[#"{title}";]\n'
            for level, title in titles
        )
        chart = '#chart(width: 20pt, height: 10pt, alt: "x", caption: [#"图1 审批时限";])[]\n'
        if outlined == "false":  # no chart either: the list of figures stays a stand-in too
            chart = ""
        return _tiny(fonts.FAMILIES["zh-Hans"], contents + "#pagebreak()\n" + headings + chart)

    real, stand_in = _text_runs(document("true"), 0), _text_runs(document("false"), 0)
    assert [t for _, _, t in real] == [t for _, _, t in stand_in]
    assert len(real) >= len(titles) + 4  # both headings, a wrapped title, the figure
    assert real == stand_in


# --- tagged, archival (PDF/A-3a, PDF/UA-1) ------------------------------------------------


def _pikepdf() -> Any:
    try:
        import pikepdf
    except ImportError:  # pragma: no cover - a set-up problem, not a skip
        pytest.fail("pikepdf is a test dependency (requirements.lock): run `make setup`")
    return pikepdf


def _to_unicode(font: Any) -> dict[int, str]:
    """A font's ToUnicode CMap: glyph id → text (``bfchar`` and ``bfrange`` entries)."""
    data = font.ToUnicode.read_bytes()
    out: dict[int, str] = {}

    def text(hex_text: bytes) -> str:
        return bytes.fromhex(hex_text.decode()).decode("utf-16-be")

    for block in re.findall(rb"beginbfchar(.*?)endbfchar", data, re.DOTALL):
        for src, dst in re.findall(rb"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]*)>", block):
            out[int(src, 16)] = text(dst)
    for block in re.findall(rb"beginbfrange(.*?)endbfrange", data, re.DOTALL):
        for lo, hi, dst in re.findall(rb"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>", block):
            first = text(dst)
            for k in range(int(lo, 16), int(hi, 16) + 1):
                out[k] = first[:-1] + chr(ord(first[-1]) + k - int(lo, 16))
    return out


def _marked_text(pdf: Any) -> dict[tuple[int, int], str]:
    """(page object number, MCID) → the text drawn in that marked content, decoded with the
    fonts' ToUnicode maps (two-byte glyph ids)."""
    pikepdf = _pikepdf()
    out: dict[tuple[int, int], str] = {}
    for page in pdf.pages:
        maps = {str(name): _to_unicode(font) for name, font in page.Resources.get("/Font", {}).items()}
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
            elif op == "EMC" and stack:
                stack.pop()
            elif op == "Tf":
                font = maps.get(str(operands[0]), {})
            elif op in ("TJ", "Tj") and stack and stack[-1] is not None:
                parts = operands[0] if op == "TJ" else [operands[0]]
                raw = b"".join(bytes(p) for p in parts if isinstance(p, pikepdf.String))
                key = (page.objgen[0], stack[-1])
                out[key] = out.get(key, "") + "".join(
                    font.get(int.from_bytes(raw[i : i + 2], "big"), "?") for i in range(0, len(raw), 2)
                )
    return out


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


def _chart_descs(script: Script) -> set[str]:
    return {
        desc
        for page in (ROOT / "docs" / script).glob("*.md")
        for desc in re.findall(r"<desc[^>]*>(.*?)</desc>", page.read_text(encoding="utf-8"))
    }


@pytest.mark.parametrize("script", SCRIPTS)
def test_structure_tree_has_the_report_s_headings_lists_tables_and_chart_texts(
    pdfs: dict[Script, Path], source_doc: tuple[Document, pipeline.Settings], script: Script
) -> None:
    import html

    lang, tree = _struct_tree(pdfs[script])
    assert lang == LANG[script]
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
    # The glossary's terms are H3 under their category's H2.
    assert any(tag == "H3" for _, tag, _, _ in tree)
    # Every chart is a Figure whose alternative text is the chart's <desc>, as on the site.
    descs = {html.unescape(d) for d in _chart_descs(script)}
    figures = [alt for _, tag, alt, _ in tree if tag == "Figure"]
    assert descs and sorted(figures) == sorted(descs)  # type: ignore[type-var]
    # Lists and tables as such (the glossary, the documents; the key figures, the notes).
    tags = [tag for _, tag, _, _ in tree]
    assert {"L", "LI", "LBody", "Table", "TR", "TH", "TD", "Link", "P"} <= set(tags)
    first_row = next(i for i, t in enumerate(tags) if t == "TR")
    assert tags[first_row + 1] == "TH"


@pytest.mark.parametrize("script", SCRIPTS)
def test_pdf_a_3a_and_pdf_ua_1_as_far_as_pikepdf_can_tell(pdfs: dict[Script, Path], script: Script) -> None:
    """The identification and the rules that can be read from the file (Typst itself refuses
    to write a file that breaks them). Not checked here (veraPDF or a person): font programs
    and widths, the ICC profile's validity, low-level syntax, and whether the alternative
    texts and the reading order make sense."""
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
        # Links: printable (PDF/A), in the tree and described (PDF/UA).
        annots = [a for page in pdf.pages for a in page.get("/Annots", [])]
        assert annots and all(
            int(a.F) & 4 and "/StructParent" in a and str(a.Contents).strip() for a in annots
        )
        assert all(page.Tabs == "/S" for page in pdf.pages if "/Annots" in page)


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
    assert len(set(headers) & set(report_chapters)) >= 3


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

<figure class="report-chart" id="fig-9">
<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 100" width="200" font-size="14">\
<title id="fig-9-title">图9 调整由区实施的事项</title><desc id="fig-9-desc">行政职权事项143项</desc>\
<g class="bar"><rect x="10" y="20" width="120" height="30" fill="#9b1c1c"/>\
<text x="12" y="80">行政职权 143</text></g></svg>
<figcaption>图9 调整由区实施的事项</figcaption>
</figure>
"""

DOCUMENTS_MD = """---
title: "引用文件"
---

# 引用文件 {#documents}

## 规范性文件 {#kinds}

- 《广州市人民政府关于将一批市级公共服务事项调整由区实施的通知》：[三、（一）](chapter-3.md#sec-3-1)
- 原文见 [广州市人民政府网站](https://www.gz.gov.cn/)
"""


def _project_with(tmp_path: Path, pages: dict[str, str]) -> Project:
    shutil.copytree(ROOT / "docs", tmp_path / "docs")
    for config in ("mkdocs.yml", "mkdocs.zh-Hant.yml"):
        shutil.copy(ROOT / config, tmp_path / config)
    for name, text in pages.items():
        (tmp_path / "docs" / "zh-Hans" / name).write_text(text, encoding="utf-8")
    return Project(tmp_path, pipeline.SOURCE)


def test_later_pages_take_their_place_and_figures_are_listed(
    tmp_path: Path, source_doc: tuple[Document, pipeline.Settings]
) -> None:
    _require_tools()
    project = _project_with(tmp_path, {"figures.md": FIGURES_MD, "documents.md": DOCUMENTS_MD})
    doc, settings = source_doc
    tr = build.translators(settings.scripts)["zh-Hans"]
    built = make_pdf(project, doc, "zh-Hans", tr)
    level_1 = [title for level, title in built.contents.outline if level == 1]
    closing = "存在的问题和下一步工作（编者所加）"  # a supplied title, with its mark
    order = [t for t in level_1 if t in (closing, "术语表", "数据与图表", "引用文件", "编校说明")]
    expected = [closing, "术语表", "数据与图表", "引用文件", "编校说明"]
    assert order == [t for t in expected if t != "术语表" or (project.docs / "zh-Hans/glossary.md").is_file()]
    assert "图表目录" in level_1  # the list of figures …
    text = _squash(built.contents.text())
    assert "图9调整由区实施的事项" in text  # … and the caption, under the chart
    assert "行政职权143" in text  # the chart's own text is drawn as text
    assert "广州市人民政府网站" in text  # a web link keeps its text …
    assert b"/URI" not in built.data and b"gz.gov.cn" not in built.data  # … not its link


@pytest.mark.parametrize(
    ("page", "message"),
    [
        ("# 图 {#figures}\n\n<details><summary>x</summary></details>\n", r"HTML block <details>"),
        ("# 图 {#figures}\n\n![图](x.png)\n", r"Markdown's image"),
        ("# 图 {#figures}\n\n正文<kbd>x</kbd>。\n", r"tag <kbd>"),
        ("# 图 {#figures}\n\n[去](nowhere.md#x)\n", r"nowhere\.md#x, a page that is not in docs/"),
        ("# 图 {#figures}\n\n[去](chapter-3.md#sec-9-9)\n", r"an anchor that no page has"),
        (
            '# 图 {#figures}\n\n<figure id="f"><svg viewBox="0 0 9 9"><circle r="2"/></svg></figure>\n',
            r"<circle>, which the PDF does not draw",
        ),
    ],
)
def test_what_the_pdf_cannot_render_stops_the_build_with_page_and_line(
    tmp_path: Path, source_doc: tuple[Document, pipeline.Settings], page: str, message: str
) -> None:
    project = _project_with(tmp_path, {"figures.md": '---\ntitle: "图"\n---\n\n' + page})
    doc, settings = source_doc
    tr = build.translators(settings.scripts)["zh-Hans"]
    with pytest.raises(BuildError, match=message) as err:
        make_pdf(project, doc, "zh-Hans", tr)
    assert err.value.path is not None and err.value.path.endswith("figures.md")
    assert err.value.line == 7


def test_shared_work_is_done_once_for_both_scripts(
    source_doc: tuple[Document, pipeline.Settings],
) -> None:
    project = find(ROOT)
    shared = Shared.make(project, source_doc[0], source_doc[1])
    assert set(shared.pages) == set(SCRIPTS)
    assert {"read", "words"} <= set(shared.cpu)
    # The Traditional title is cut where the Simplified one is.
    hans, hant = (source_doc[0].meta(s).title for s in SCRIPTS)
    assert [len(w) for w in shared.segmenter.words(hans)] == [len(w) for w in shared.segmenter.words(hant)]


@pytest.mark.parametrize("script", SCRIPTS)
def test_the_cover_says_what_the_notes_say_of_the_source(
    contents: dict[Script, readback.PdfContents], script: Script
) -> None:
    """The cover's line on the source is the notes' (issue 21): a copy from a third-party site of
    the page the Guangzhou government's site published, never 根据…网站发布的网页整理."""
    cover = _squash(contents[script].pages[0])
    if script == "zh-Hans":
        expected = (
            "底本：从第三方网站抓取的网页文本，报告原文的发布者是广州市人民政府网站；"
            "对底本文字的全部改动见文末“编校说明”。"
        )
    else:
        expected = (
            "底本：從第三方網站抓取的網頁文本，報告原文的發布者是廣州市人民政府網站；"
            "對底本文字的全部改動見文末「編校說明」。"
        )
    assert _squash(expected) in cover
    assert "根据" not in cover and "根據" not in cover


_COMPILE_THEN_FORK = """
from build_tools.publish.pdf import child, fonts
from tests.test_pdf import _tiny

_tiny(fonts.FAMILIES["zh-Hans"], "正文\\n")  # starts Typst's thread pool in this process
assert child.threads() > 1, child.threads()
pdf = child.in_child(lambda: _tiny(fonts.FAMILIES["zh-Hans"], "再一次\\n"))
assert pdf.startswith(b"%PDF"), pdf[:8]
print("made")
"""


def test_a_pdf_after_typst_ran_in_this_process_is_made_not_waited_for() -> None:
    # A forked child of a process whose Typst thread pool is running waited forever for the
    # pool's threads (CI hung 80 minutes in this file): such a job now runs in this process.
    done = subprocess.run(
        [sys.executable, "-c", _COMPILE_THEN_FORK],
        cwd=Path(__file__).parent.parent,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0 and done.stdout.strip() == "made", done.stderr[-2000:]


@pytest.mark.parametrize("characters", [290_000, 310_000])
def test_a_report_too_long_to_typeset_is_refused_before_any_work(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], characters: int
) -> None:
    """Typst's memory grows with the text (650,000 characters took 3.3 GB): past
    MAX_CHARACTERS (300,000) the PDFs are refused with the line of the longest paragraph and
    what to do, and `site` stops before building anything."""
    from build_tools import cli
    from build_tools.publish.pdf import MAX_CHARACTERS, check_size

    assert MAX_CHARACTERS == 300_000
    real = (ROOT / "sources" / "guangzhou-2018-report.raw.txt").read_text(encoding="utf-8")
    sentence = "".join(line.strip() for line in real.splitlines() if len(line.strip()) > 60)
    long = (sentence * (characters // len(sentence) + 1))[: characters - 600]
    text = (
        "某市人民政府关于2018年法治政府建设情况的报告\n\n一、总体情况\n\n推进依法行政。\n\n"
        f"二、主要工作\n\n{long}\n\n三、下一步工作\n\n继续推进。\n"
    )
    raw = tmp_path / "long.txt"
    raw.write_text(text, encoding="utf-8")
    doc = pipeline.run(raw)
    total = sum(len(t) for t, _ in doc.hans.paragraphs())
    assert (total > MAX_CHARACTERS) == (characters > MAX_CHARACTERS), total
    if total <= MAX_CHARACTERS:
        check_size(doc)  # no error
        return
    with pytest.raises(BuildError) as err:
        check_size(doc)
    assert (err.value.path, err.value.line) == (str(raw), 9)  # the long paragraph's line
    assert f"{total:,} characters" in err.value.message and "--no-pdf" in (err.value.hint or "")
    assert cli.main(["new", str(raw), str(tmp_path / "p")]) == 0
    assert cli.main(["site", "-C", str(tmp_path / "p")]) == 2
    assert "the PDFs are made of at most 300,000" in capsys.readouterr().err
    assert not (tmp_path / "p" / "site").exists()  # nothing built, nothing left
