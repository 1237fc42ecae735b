"""Sections of a built page: its article split at headings that carry an id.

The search reads the HTML the site generator wrote, never the generator's own index, so it
does not depend on MkDocs or Material. Theme-independent: the article is the first
``<article>``, else the first ``role=main`` element, else ``<body>``. Headings h1-h3 with an
``id`` start a section (h3: the glossary's entries); text before the first one belongs to a
section with the page's own address. Left out: scripts, styles,
SVG (charts repeat the numbers of the text), ``<code>`` (the editorial notes quote the raw,
broken source there), navigation landmarks, permalink anchors, lists whose every item is only
a link (tables of contents: the home page's 目录 would otherwise outrank the chapters it
lists), and what a reader never sees on screen: elements marked ``hidden`` or
``data-search-ignore`` (the theme's print-only title and source lines).

A heading with no text of its own (a chapter's title right above its first section, a
glossary category) is no section: a result must land on text. Its title becomes the
``context`` of the next section of the page, so a query for a chapter's title still finds
where the chapter begins.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from html.parser import HTMLParser

VOID = frozenset(
    (
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "param",
        "source",
        "track",
        "wbr",
    )
)
SKIP_TAGS = frozenset(
    ("script", "style", "svg", "template", "noscript", "code", "nav", "header", "footer", "aside")
)
BLOCK_TAGS = frozenset(
    (
        "address",
        "article",
        "blockquote",
        "dd",
        "div",
        "dl",
        "dt",
        "figcaption",
        "figure",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "li",
        "ol",
        "p",
        "pre",
        "section",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "tr",
        "ul",
        "br",
        "hr",
    )
)
SECTION_HEADINGS = frozenset({"h1", "h2", "h3"})
#: the attribute a theme puts on what the search must not read (print-only lines)
IGNORE_ATTR = "data-search-ignore"
BLOCK_BREAK = "\n"
_SPACES = re.compile(r"[ \t\r\f\v]+")
_BREAKS = re.compile(r"\s*\n\s*")


@dataclass
class Node:
    """An element of a parsed page; text children are plain strings."""

    tag: str
    attrs: dict[str, str]
    children: list[Node | str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Section:
    """One searchable unit: a heading and the text up to the next heading."""

    url: str  # page address relative to the site root, e.g. "chapter-3/"
    anchor: str  # heading id, "" for text before the first heading
    page_title: str
    title: str
    text: str
    level: int  # 1-3, 0 for text before the first heading
    #: titles of the headings with no text of their own right above this one ("\n" between)
    context: str = ""


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#root", {})
        self.stack: list[Node] = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, {k: v or "" for k, v in attrs})
        self.stack[-1].children.append(node)
        if tag not in VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.stack[-1].children.append(Node(tag, {k: v or "" for k, v in attrs}))

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def parse_html(html: str) -> Node:
    """Parse a page into a ``Node`` tree (lenient: stray end tags are ignored)."""
    builder = _TreeBuilder()
    builder.feed(html)
    builder.close()
    return builder.root


def find_first(node: Node, match: str) -> Node | None:
    """First element, depth first, whose tag is ``match`` or whose role is ``match``."""
    for child in node.children:
        if isinstance(child, Node):
            if child.tag == match or child.attrs.get("role") == match:
                return child
            found = find_first(child, match)
            if found is not None:
                return found
    return None


def text_of(node: Node | str) -> str:
    """All text below a node, skipped elements included (used for titles and tests)."""
    if isinstance(node, str):
        return node
    return "".join(text_of(child) for child in node.children)


def is_link_list(node: Node) -> bool:
    """A ``ul``/``ol`` whose items hold nothing but links: a contents list."""
    if node.tag not in ("ul", "ol"):
        return False
    items = [c for c in node.children if isinstance(c, Node) and c.tag == "li"]
    return bool(items) and all(_only_links(item) for item in items)


def _only_links(node: Node) -> bool:
    for child in node.children:
        if isinstance(child, str):
            if child.strip():
                return False
        elif child.tag == "a" or is_link_list(child):
            continue
        elif not _only_links(child):
            return False
    return True


def is_skipped(node: Node) -> bool:
    """Elements whose text is not part of the report."""
    classes = node.attrs.get("class", "").split()
    return (
        node.tag in SKIP_TAGS
        or node.attrs.get("role") == "navigation"
        or "headerlink" in classes
        or ("aria-hidden" in node.attrs and node.attrs["aria-hidden"] == "true")
        or "hidden" in node.attrs
        or IGNORE_ATTR in node.attrs
        or is_link_list(node)
    )


def heading_title(node: Node) -> str:
    """A heading's text without its permalink anchor."""
    parts: list[str] = []
    for child in node.children:
        if isinstance(child, str):
            parts.append(child)
        elif not is_skipped(child):
            parts.append(heading_title(child))
    return clean_text("".join(parts))


def clean_text(text: str) -> str:
    """Collapse runs of spaces; keep one line break between blocks."""
    return _BREAKS.sub(BLOCK_BREAK, _SPACES.sub(" ", text)).strip()


@dataclass
class _Collector:
    url: str
    page_title: str
    sections: list[Section] = field(default_factory=list)
    anchor: str = ""
    title: str = ""
    level: int = 0
    parts: list[str] = field(default_factory=list)
    #: titles of headings without text, waiting for the next section
    pending: list[str] = field(default_factory=list)

    def flush(self) -> None:
        text = clean_text("".join(self.parts))
        title = self.title or self.page_title
        if text:
            context = "\n".join(self.pending)
            section = Section(self.url, self.anchor, self.page_title, title, text, self.level, context)
            self.sections.append(section)
            self.pending = []
        elif self.anchor and title:
            self.pending.append(title)
        self.parts = []

    def walk(self, node: Node) -> None:
        for child in node.children:
            if isinstance(child, str):
                self.parts.append(child)
            elif child.tag in SECTION_HEADINGS and child.attrs.get("id"):
                self.flush()
                self.anchor, self.title = child.attrs["id"], heading_title(child)
                self.level = int(child.tag[1])
            elif not is_skipped(child):
                if child.tag in BLOCK_TAGS:
                    self.parts.append(BLOCK_BREAK)
                self.walk(child)
                if child.tag in BLOCK_TAGS:
                    self.parts.append(BLOCK_BREAK)


def page_title_of(root: Node, article: Node) -> str:
    """The article's first h1, else the document ``<title>``."""
    h1 = find_first(article, "h1")
    if h1 is not None:
        return heading_title(h1)
    title = find_first(root, "title")
    return clean_text(text_of(title)) if title is not None else ""


def extract_sections(url: str, html: str) -> list[Section]:
    """Split one page into sections; ``url`` is its address relative to the site root."""
    root = parse_html(html)
    article = find_first(root, "article") or find_first(root, "main") or find_first(root, "body") or root
    collector = _Collector(url, page_title_of(root, article))
    collector.walk(article)
    collector.flush()
    return collector.sections


def sections_from_pages(pages: Mapping[str, str]) -> list[Section]:
    """The sections of every page, pages in sorted order of their address (deterministic)."""
    return [s for url in sorted(pages) for s in extract_sections(url, pages[url])]
