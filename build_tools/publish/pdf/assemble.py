"""The generated Markdown pages → one HTML document for WeasyPrint.

The document is a cover, the contents, a list of figures (when pages have captioned figures)
and then every page of ``docs/<script>/`` in reading order (``hooks.PAGE_ORDER``), rendered
with Python-Markdown and the extensions of the script's MkDocs config. Each page becomes a
``<section id="page-NAME">``. Links between pages (``chapter-3.md#sec-3-4``) become links
inside the document (``#sec-3-4``, ``#page-chapter-3``); an id that two pages share is made
unique with the page name in front. Links that leave the report keep their text and lose the
link: the PDF is read offline. Parts that only make sense on the site (the index page's
metadata list and its contents list) are left out: the cover and the contents replace them.
"""

from __future__ import annotations

import functools
import html
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import markdown
import yaml

from ...curated import site_config
from ...errors import BuildError
from ...pages.report import display_date
from ...text.model import Meta, Script

Translate = Callable[[str], str]

# Our own labels, written once in Simplified; the Traditional PDF converts them.
LABELS = {
    "contents": "目录",
    "figures": "图表目录",
    "issuer": "发布机关",
    "published": "发布时间",
    "source": "来源",
    "note": "根据{issuer}网站发布的网页整理；对底本文字的全部改动见文末“{notes}”。",
    "subject": "{issuer}{date}发布的报告全文，附编校说明",
    "page": "第 {page} 页，共 {pages} 页",
}

# Pages whose ``h2`` headings go into the contents and the PDF outline (level 2); of the
# other pages only the ``h1`` does, so that the glossary's categories and the figures page's
# per-chapter tables do not crowd them.
SECTIONED = re.compile(r"chapter-\d+|editorial-notes")
# The report's own text (class ``report``); the other pages are ours (class ``appendix``).
REPORT = re.compile(r"index|part-\d+|chapter-\d+|conclusion|appendix-\d+")

# The mark of a heading the site supplies, inside the heading on the site: in the PDF it goes
# under the heading, so that the contents and the outline carry the title alone.
_EDITORIAL = re.compile(
    r'(<h1[^>]*>.*?)\s*<span class="editorial-mark"[^>]*>(.*?)</span>(.*?</h1>)', re.DOTALL
)


def _editorial_below(m: re.Match[str]) -> str:
    return f'{m.group(1)}{m.group(3)}\n<p class="editorial-mark">{m.group(2)}</p>'


# A start tag and its attributes (Python-Markdown quotes every attribute value).
_TAG = re.compile(r"<[A-Za-z][\w:-]*\s[^<>]*>")
# ``id`` / ``href`` / ``xlink:href`` inside a start tag; group 2 or 3 is the value.
_ATTR = re.compile(r"""(?<=\s)(id|href|xlink:href)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
# ``url(#id)`` in SVG attributes and styles.
_URL_REF = re.compile(r"url\(\s*#([^)\s]+)\s*\)")
# A link and its text (links do not nest).
_LINK = re.compile(r"<a(\s[^<>]*)>(.*?)</a>", re.DOTALL)
_HEADING = re.compile(r"<h([1-6])(\s[^<>]*)?>(.*?)</h\1>", re.DOTALL)
_FIGURE = re.compile(r"<figure(\s[^<>]*)?>(.*?)</figure>", re.DOTALL)
_FIGCAPTION = re.compile(r"<figcaption(?:\s[^<>]*)?>(.*?)</figcaption>", re.DOTALL)
_ID = re.compile(r"""\sid\s*=\s*["']([^"']*)["']""")
_TAGS = re.compile(r"<[^<>]*>")
_FRONT_MATTER = re.compile(r"\A---\n(.*?)\n---\n", re.DOTALL)
# Site-only parts of the index page: the metadata list (the cover shows it) and the
# contents list, from its heading to the end of the page or the next h1/h2.
_WEB_ONLY = (
    re.compile(r'<dl class="report-meta">.*?</dl>\s*', re.DOTALL),
    re.compile(r'<h2 id="contents">.*?(?=<h[12][\s>]|\Z)', re.DOTALL),
)


@dataclass(frozen=True, slots=True)
class Page:
    """One Markdown page rendered to HTML."""

    name: str
    title: str
    html: str

    @property
    def anchor(self) -> str:
        return f"page-{self.name}"


@dataclass(frozen=True, slots=True)
class Entry:
    """A line of the contents or of the list of figures."""

    level: int
    text: str
    target: str


def markdown_extensions(config: Path) -> tuple[list[str], dict[str, dict[str, Any]]]:
    """The ``markdown_extensions`` of an MkDocs config (following ``INHERIT``), for the PDF:
    without the site's permalink anchors (¶ after every heading)."""

    data = site_config.read(config)
    if "markdown_extensions" not in data and data.get("INHERIT"):
        return markdown_extensions(config.parent / data["INHERIT"])
    names: list[str] = []
    configs: dict[str, dict[str, Any]] = {}
    for item in data.get("markdown_extensions") or []:
        name, options = next(iter(item.items())) if isinstance(item, dict) else (item, None)
        names.append(name)
        options = {k: v for k, v in (options or {}).items() if not k.startswith("permalink")}
        if options:
            configs[name] = options
    return names, configs


def render_pages(docs_dir: Path, names: list[str], config: Path) -> list[Page]:
    """Render ``docs_dir/NAME.md`` for every name, in the given order."""
    extensions, configs = markdown_extensions(config)
    md = markdown.Markdown(extensions=extensions, extension_configs=configs)
    pages = []
    for name in names:
        source = (docs_dir / f"{name}.md").read_text(encoding="utf-8")
        title = name
        front = _FRONT_MATTER.match(source)
        if front:
            meta = yaml.safe_load(front.group(1)) or {}
            title = html.unescape(str(meta.get("title", name)))  # written HTML-escaped
            source = source[front.end() :]
        body = _EDITORIAL.sub(_editorial_below, md.reset().convert(source))
        for pattern in _WEB_ONLY if name == "index" else ():
            body = pattern.sub("", body)
        pages.append(Page(name, title, body))
    return pages


def text_of(fragment: str) -> str:
    """The text of an HTML fragment: tags removed, entities decoded, spaces collapsed."""
    return re.sub(r"\s+", " ", html.unescape(_TAGS.sub("", fragment))).strip()


def link_pages(pages: list[Page]) -> list[Page]:
    """Make ids unique across pages and turn links between pages into links in the document."""
    ids = {p.name: set(_ID.findall(p.html)) for p in pages}
    shared = Counter(i for page_ids in ids.values() for i in page_ids)
    for page in pages:
        if page.anchor in shared:
            raise BuildError(
                f"{page.name}.md uses the id {page.anchor}, which the PDF needs",
                hint="rename that anchor in build_tools/render.py",
            )
    renamed = {p.name: {i: f"{p.name}--{i}" for i in ids[p.name] if shared[i] > 1} for p in pages}

    def target(page: str, value: str) -> str | None:
        """The document anchor for ``value`` linked from ``page``, or None if it leaves."""
        path, _, fragment = value.partition("#")
        fragment = unquote(fragment)
        if not path:
            return renamed[page].get(fragment, fragment)
        name = path.removeprefix("./").removesuffix(".md")
        if "://" in path or path.startswith("mailto:") or not path.endswith(".md"):
            return None
        if name not in renamed:
            raise BuildError(
                f"{page}.md links to {value}, a page that is not in docs/",
                hint="fix the link in the generator; `mkdocs build --strict` reports it too",
            )
        if not fragment:
            return f"page-{name}"
        return renamed[name].get(fragment, fragment)

    out = []
    for page in pages:

        def tag(m: re.Match[str], page: str = page.name) -> str:
            is_link = m.group(0).startswith("<a ")

            def attribute(a: re.Match[str]) -> str:
                name, value = a.group(1), html.unescape(a.group(2) or a.group(3) or "")
                if name == "id":
                    return f'id="{html.escape(renamed[page].get(value, value))}"'
                if value.startswith("data:"):
                    return a.group(0)
                anchor = target(page, value)
                if anchor is not None:
                    return f'{name}="#{html.escape(anchor)}"'
                return f'data-external="{html.escape(value)}"' if is_link else a.group(0)

            return _ATTR.sub(attribute, m.group(0))

        def url_ref(m: re.Match[str], page: str = page.name) -> str:
            return f"url(#{renamed[page].get(m.group(1), m.group(1))})"

        body = _URL_REF.sub(url_ref, _TAG.sub(tag, page.html))
        body = _LINK.sub(
            lambda m: (
                f'<span class="external">{m.group(2)}</span>'
                if "data-external=" in m.group(1)
                else m.group(0)
            ),
            body,
        )
        out.append(Page(page.name, page.title, body))
    return out


def headings(page: Page) -> list[Entry]:
    """The page's entries in the contents: its h1, and its h2 if the page is sectioned."""
    depth = 2 if SECTIONED.fullmatch(page.name) else 1
    out = []
    for m in _HEADING.finditer(page.html):
        level = int(m.group(1))
        ident = _ID.search(m.group(2) or "")
        if level <= depth and ident:
            out.append(Entry(level, text_of(m.group(3)), ident.group(1)))
    return out


def figures(page: Page) -> tuple[Page, list[Entry]]:
    """Give every captioned figure an id (``fig-PAGE-N``) and list it."""
    entries: list[Entry] = []

    def figure(m: re.Match[str]) -> str:
        caption = _FIGCAPTION.search(m.group(2))
        if not caption:
            return m.group(0)
        attrs = m.group(1) or ""
        ident = _ID.search(attrs)
        if ident is None:
            new = f"fig-{page.name}-{len(entries) + 1}"
            attrs = f' id="{new}"{attrs}'
        entries.append(Entry(1, text_of(caption.group(1)), ident.group(1) if ident else new))
        return f"<figure{attrs}>{m.group(2)}</figure>"

    body = _FIGURE.sub(figure, page.html)
    return Page(page.name, page.title, body), entries


# Widths in em for breaking titles: Han characters and full-width punctuation are 1em, Latin
# letters and digits about half. Measures (em of the title's own size) of the cover title
# and of the page headings, from style.css (40em body at 11pt: 25pt cover title with 8mm side
# margins; 18pt heading with 2em side margins); a little under, so a line always fits.
COVER_TITLE_EM = 15.0
PAGE_TITLE_EM = 20.0


_OPENING = "（《“‘〔【「『"
_CLOSING = "）》”’〕】」』，。、；：！？"


def _width(text: str) -> int:
    """Width in hundredths of an em (whole numbers, so that equal widths compare equal)."""
    return sum(100 if ord(c) >= 0x2E80 else 55 for c in text)


def words(text: str, simplified: str) -> list[str]:
    """``text`` cut into words, so that a line break never splits one (``法治|政府``).

    jieba segments the Simplified form; the Traditional title takes the same cuts when it is
    the same length (OpenCC converts the title character by character)."""
    cut = segment(simplified if len(simplified) == len(text) else text)
    out: list[str] = []
    pos = 0
    for word in cut:
        piece = text[pos : pos + len(word)]
        pos += len(word)
        # No break between a number and its unit (2018|年), before closing punctuation or
        # after opening punctuation.
        if out and (
            (out[-1][-1].isascii() and out[-1][-1].isalnum())
            or out[-1][-1] in _OPENING
            or piece[0] in _CLOSING
        ):
            out[-1] += piece
        else:
            out.append(piece)
    return out


@functools.lru_cache(maxsize=8)
def segment(text: str) -> tuple[str, ...]:
    """``jieba.lcut(text, HMM=False)`` with jieba's own dictionary, without loading all of it.

    ``jieba.initialize()`` builds a prefix dictionary of all 350,000 words (0.7 s of CPU, in
    each process). Segmenting without the HMM only looks up substrings of ``text``, so the
    words of the dictionary that occur in ``text`` (with their prefixes, as jieba adds them)
    and the dictionary's total frequency give the same cuts, for one pass over the file
    (0.25 s). Cached: ``make_pdfs`` segments the titles once, before the scripts fork. It sets
    jieba's ``Tokenizer`` fields (jieba 0.42.1); ``tests/test_pdf.py`` compares it with
    ``jieba.lcut``."""
    import jieba

    freq: dict[str, int] = {}
    total = 0
    with jieba.get_dict_file() as lines:  # "word count [tag]" a line, as jieba reads it
        for line in lines:
            word, count = line.strip().decode("utf-8").split(" ")[:2]
            total += int(count)
            if word in text:
                freq[word] = int(count)  # a word listed twice: the last count, as jieba
    for word in list(freq):
        for end in range(1, len(word)):
            freq.setdefault(word[:end], 0)
    tokenizer = jieba.Tokenizer()
    tokenizer.FREQ, tokenizer.total, tokenizer.initialized = freq, total, True
    return tuple(tokenizer.lcut(text, HMM=False))


def balanced_lines(pieces: list[str], measure: float) -> list[str]:
    """Join ``pieces`` into the fewest lines of at most ``measure`` em, as even as possible
    (a title broken 11 + 11, not 20 + 2)."""
    total = sum(_width(p) for p in pieces)
    count = max(1, -(-total // int(measure * 100)))
    if count == 1 or len(pieces) < count:
        return ["".join(pieces)]
    # best[k][i]: the smallest widest line that sets pieces[:i] in k lines, and the cut.
    never = total + 1
    best = [[(never, 0)] * (len(pieces) + 1) for _ in range(count + 1)]
    best[0][0] = (0, 0)
    for k in range(1, count + 1):
        for i in range(1, len(pieces) + 1):
            for j in range(k - 1, i):
                widest = max(best[k - 1][j][0], _width("".join(pieces[j:i])))
                if widest <= best[k][i][0]:  # on a tie, the longer first line
                    best[k][i] = (widest, j)
    lines, i = [], len(pieces)
    for k in range(count, 0, -1):
        j = best[k][i][1]
        lines.append("".join(pieces[j:i]))
        i = j
    return lines[::-1]


def title_html(title: str, simplified: str, measure: float) -> str:
    """The title escaped, with ``<br>`` where :func:`balanced_lines` breaks it."""
    lines = balanced_lines(words(title, simplified), measure)
    return "<br>".join(html.escape(line) for line in lines)


_SVG = re.compile(r"<svg(\s[^<>]*)?>")
_SVG_DROP = re.compile(r"""\s(?:style|font-family)\s*=\s*(?:"[^"]*"|'[^']*')""")


def charts(page: Page, font: str) -> Page:
    """Inline SVG charts for WeasyPrint: the root ``<svg>`` loses its ``style`` (WeasyPrint
    70 draws ``max-width:100%;height:auto`` there as a square box; style.css sizes charts) and
    takes the script's sans family (the page's list may start with the other script's)."""

    def svg(m: re.Match[str]) -> str:
        attrs = _SVG_DROP.sub("", m.group(1) or "")
        return f'<svg{attrs} font-family="{html.escape(font)}">'

    return Page(page.name, page.title, _SVG.sub(svg, page.html))


# A table of Python-Markdown's output (tables do not nest), a row, a cell and its text.
_TABLE = re.compile(r"<table>(.*?)</table>", re.DOTALL)
_ROW = re.compile(r"<tr>(.*?)</tr>", re.DOTALL)
_CELL = re.compile(r"<(t[hd])(?:\s[^<>]*)?>(.*?)</t[hd]>", re.DOTALL)
# What cannot break inside a cell: a run of Latin letters, digits and their punctuation.
_UNBREAKABLE = re.compile(r"[\x21-\x7e]+")
# Table measure in em of the table's text: the 40em body at 11pt, tables at 8.5pt (style.css).
TABLE_EM = 40 * 11 / 8.5
# A cell's padding and border in em (2 × 4pt + 0.5pt at 8.5pt), and a little more: glyph
# widths here are estimates, and a two-character cell (时长) must not wrap.
CELL_EM = 8.5 / 8.5 + 0.3


def _column_widths(rows: list[list[tuple[str, str]]], measure: float) -> list[float]:
    """Column widths (em) for a table, as the CSS automatic table layout gives them: each
    column's widest content (max-content) and its widest unbreakable piece (min-content);
    columns at max-content when that fits, else from min-content towards max-content in
    proportion. Header cells do not wrap (``th { white-space: nowrap }``)."""
    count = max(len(row) for row in rows)
    widest = [0.0] * count
    narrowest = [0.0] * count
    for row in rows:
        for i, (kind, text) in enumerate(row):
            full = _width(text) / 100 + CELL_EM
            piece = max((_width(p) / 100 for p in _UNBREAKABLE.findall(text)), default=1.0)
            widest[i] = max(widest[i], full)
            narrowest[i] = max(narrowest[i], full if kind == "th" else max(1.0, piece) + CELL_EM)
    if sum(widest) <= measure:
        return [w * measure / sum(widest) for w in widest]
    if sum(narrowest) >= measure:
        return [w * measure / sum(narrowest) for w in narrowest]
    spare = (measure - sum(narrowest)) / (sum(widest) - sum(narrowest))
    return [n + (w - n) * spare for n, w in zip(narrowest, widest, strict=True)]


def fixed_tables(page: Page) -> Page:
    """Give every table its column widths (``<colgroup>``), for ``table-layout: fixed``.

    WeasyPrint's automatic table layout measures every cell twice (min- and max-content) by
    laying out its text at every break opportunity, which for Chinese is every character: it
    was 40 % of the layout time. Widths from the text here are near what it chose; tables
    with the same header row (the key figures' per-chapter tables) share their widths, so
    their columns line up from one table to the next."""
    body = page.html
    tables = [
        (
            m,
            [
                [(c.group(1), text_of(c.group(2))) for c in _CELL.finditer(r.group(1))]
                for r in _ROW.finditer(m.group(1))
            ],
        )
        for m in _TABLE.finditer(body)
    ]
    groups: dict[tuple[tuple[str, str], ...], list[list[tuple[str, str]]]] = {}
    for _, rows in tables:
        if rows and rows[0]:
            groups.setdefault(tuple(rows[0]), []).extend(rows)
    out, pos = [], 0
    for m, rows in tables:
        if not rows or not rows[0]:
            continue
        widths = _column_widths(groups[tuple(rows[0])], TABLE_EM)
        cols = "".join(f'<col style="width: {100 * w / TABLE_EM:.2f}%">' for w in widths)
        out += [body[pos : m.start()], f"<table><colgroup>{cols}</colgroup>", m.group(1), "</table>"]
        pos = m.end()
    out.append(body[pos:])
    return Page(page.name, page.title, "".join(out))


def created(meta: Meta, source_date_epoch: str | None) -> str:
    """The document date (W3C format): SOURCE_DATE_EPOCH if set, else the publication time;
    ``""`` when the report gives none (the PDF then carries no date, and stays reproducible)."""
    if source_date_epoch:
        from datetime import UTC, datetime

        when = datetime.fromtimestamp(int(source_date_epoch), tz=UTC)
        return when.strftime("%Y-%m-%dT%H:%M:%SZ")
    m = re.match(
        r"(\d{4})[-年](\d{1,2})[-月](\d{1,2})日?(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?", meta.published
    )
    if not m:
        return ""
    day = f"{m[1]}-{int(m[2]):02d}-{int(m[3]):02d}"
    # Times on the government's site are Beijing time.
    return f"{day}T{m[4]}:{m[5]}:{m[6] or '00'}+08:00" if m[4] else day


def _entries(entries: list[Entry], css_class: str) -> str:
    return "".join(
        f'<li class="{css_class}-{e.level}"><a href="#{html.escape(e.target)}">'
        f"{html.escape(e.text)}</a></li>\n"
        for e in entries
    )


def _cover(meta: Meta, labels: dict[str, str], notes: str, simplified_title: str) -> str:
    """The cover: the title, the issuer, the date and the source, and a note on the text."""
    e = html.escape
    date = display_date(meta.published)
    rows = [
        (labels["issuer"], meta.issuer),
        (labels["published"], date),
        (labels["source"], meta.source_office),
    ]
    return (
        '<section class="cover" id="cover">\n'
        f'<p class="cover-title">{title_html(meta.title, simplified_title, COVER_TITLE_EM)}'
        "</p>\n"
        '<dl class="cover-meta">\n'
        + "".join(f"<dt>{e(k)}</dt><dd>{e(v)}</dd>\n" for k, v in rows if v)
        + "</dl>\n"
        + (
            f'<p class="cover-note">{e(labels["note"].format(issuer=meta.issuer, notes=notes))}</p>\n'
            if notes
            else ""
        )
        + "</section>\n"
    )


def document(
    pages: list[Page],
    script: Script,
    meta: Meta,
    tr: Translate,
    css: str,
    *,
    chart_font: str,
    simplified_title: str = "",
    source_date_epoch: str | None = None,
) -> str:
    """The whole PDF as one HTML document (pages already linked by :func:`link_pages`).

    ``simplified_title`` is the title in Simplified, to find where the title may break."""
    labels = {key: tr(text) for key, text in LABELS.items()}
    e = html.escape
    contents: list[Entry] = []
    figure_list: list[Entry] = []
    sections = []
    simplified_title = simplified_title or meta.title
    for original in pages:
        page = original
        if page.name == "index":  # the title that opens the text, broken like the cover's
            page = Page(
                page.name,
                page.title,
                page.html.replace(
                    f">{e(meta.title)}</h1>",
                    f">{title_html(meta.title, simplified_title, PAGE_TITLE_EM)}</h1>",
                    1,
                ),
            )
        page, found = figures(fixed_tables(charts(page, chart_font)))
        figure_list += found
        contents += headings(page)
        kind = ("report" if REPORT.fullmatch(page.name) else "appendix") + (
            " sectioned" if SECTIONED.fullmatch(page.name) else ""
        )
        sections.append(
            f'<section class="page page-{page.name} {kind}" id="{page.anchor}">\n{page.html}\n</section>\n'
        )
    notes = next((p.title for p in pages if p.name == "editorial-notes"), "")
    cover = _cover(meta, labels, notes, simplified_title)
    toc = (
        f'<nav class="toc" id="toc">\n<h1>{e(labels["contents"])}</h1>\n'
        f"<ul>\n{_entries(contents, 'toc')}</ul>\n</nav>\n"
    )
    lof = (
        (
            f'<nav class="lof" id="lof">\n<h1>{e(labels["figures"])}</h1>\n'
            f"<ul>\n{_entries(figure_list, 'lof')}</ul>\n</nav>\n"
        )
        if figure_list
        else ""
    )
    date_w3c = created(meta, source_date_epoch)
    dates = "".join(
        f'<meta name="dcterms.{name}" content="{date_w3c}">\n' for name in ("created", "modified") if date_w3c
    )
    subject = labels["subject"].format(issuer=meta.issuer, date=display_date(meta.published))
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{script}">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{e(meta.title)}</title>\n"
        f'<meta name="author" content="{e(meta.issuer)}">\n'
        f'<meta name="description" content="{e(subject)}">\n'
        + dates
        + f"<style>\n{css}</style>\n</head>\n<body>\n"
        + cover
        + toc
        + lof
        + "".join(sections)
        + "</body>\n</html>\n"
    )


def page_css(tr: Translate) -> str:
    """The page-number footer in the script: ``第 N 页，共 M 页``."""
    label = tr(LABELS["page"])
    parts = re.split(r"\{(page|pages)\}", label)
    content = " ".join(
        f"counter({part})" if i % 2 else '"' + part.replace('"', '\\"') + '"'
        for i, part in enumerate(parts)
        if part or i % 2
    )
    return f"@page {{ @bottom-center {{ content: {content}; }} }}\n"


def check_links(document_html: str) -> None:
    """Every link inside the document points at an element of it."""
    ids = set(_ID.findall(document_html))
    refs = {
        html.unescape(a.group(2) or a.group(3) or "")[1:]
        for m in _TAG.finditer(document_html)
        for a in _ATTR.finditer(m.group(0))
        if a.group(1) != "id" and (a.group(2) or a.group(3) or "").startswith("#")
    }
    broken = sorted(refs - ids)
    if broken:
        raise BuildError(
            f"links to anchors that no page has: #{', #'.join(broken[:10])}",
            hint="a page links to a heading or page that does not exist; "
            "`mkdocs build --strict` names the page",
        )


def labels_text(tr: Translate) -> str:
    """Every label, for the check that the fonts have their characters."""
    return "".join(tr(text) for text in LABELS.values())
