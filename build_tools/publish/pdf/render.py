"""A markdown-it-py renderer that writes Typst: a generated page → the Typst of its part of the PDF.

``TypstRenderer`` is a renderer class as markdown-it-py means them (``renderer_cls``,
``__output__``, ``render(tokens, options, env)``): the page's tokens, with the attribute lists
of ``parse``, are walked as a syntax tree, and each kind of node has a rule here. The page's
context (its name, its links, the word cutter) comes in ``env["page"]``.

What each node becomes: headings ``heading`` (labelled with their ``{#id}``; a page's h1 and a
chapter's h2 in the contents and the bookmarks), paragraphs (their ``{#id}`` an anchor;
``.sign-off`` and ``.gloss-backlinks`` styled, ``.web-only`` left out), lists, tables
(``tables``), links (to a label of the document, or their text alone when they leave the
report: the PDF is read offline), code spans, charts (``chart``) and the few HTML tags the
generator writes. Every text goes through ``markup.text``, the one escaping boundary. A node
or tag no rule knows stops the build with the page and line: the PDF never drops text
silently.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar

from markdown_it.token import Token
from markdown_it.tree import SyntaxTreeNode

from ...errors import BuildError
from . import chart, markup, tables
from .links import Links
from .parse import Element, html_tree, inline_tag
from .words import Segmenter

# Classes of a paragraph or an HTML block that only make sense on the site (download links,
# a filter box): left out of the PDF.
WEB_ONLY = frozenset({"web-only", "report-figures-filter"})
# HTML blocks that only wrap Markdown (md_in_html's ``<div … markdown>`` and its end).
WRAPPERS = frozenset({"div", "section"})
# Where a table goes in a page's Typst until the page's tables are known: NUL cannot occur in
# the Typst written from text (markup.string escapes it).
_TABLE = "\x00table {}\x00"
HINT = "teach build_tools/publish/pdf/render.py to render it, or write the page without it"


@dataclass(slots=True)
class Listed:
    """What the contents and the list of figures will list, gathered as the pages are rendered:
    (level, title markup) of each heading that goes into the contents, and each chart's caption
    markup, in order (the template sets them in Typst's first layout pass: template.typ,
    ``contents``)."""

    headings: list[tuple[int, str]] = field(default_factory=list)
    charts: list[str] = field(default_factory=list)


@dataclass(slots=True)
class PageContext:
    """What rendering one page needs to know."""

    #: the page's name (``chapter-3``) and the file it comes from, for errors
    name: str
    path: str
    links: Links
    segmenter: Segmenter
    #: whether the page's h2 go into the contents and the bookmarks (chapters, notes)
    sectioned: bool = False
    #: breaks the report's title (the index page's h1) into even lines between words
    balance: Callable[[str], list[str]] | None = None
    #: the contents' entries, gathered across the pages
    listed: Listed = field(default_factory=Listed)


def where(page: str, line: int | None) -> str:
    """The comment before a block's Typst: its page and Markdown line (``// index 12``), which
    a Typst error is traced back to. Page names are file names (``[\\w-]+``)."""
    return f"// {page} {line or 0}\n"


def _line(node: SyntaxTreeNode) -> int | None:
    """The 1-based source line of ``node`` (or of its nearest block ancestor)."""
    while node is not None:
        if not node.is_root and node.map is not None:
            return node.map[0] + 1
        node = node.parent  # type: ignore[assignment]
    return None


class _Page:
    """Renders one page's syntax tree."""

    def __init__(self, ctx: PageContext) -> None:
        self.ctx = ctx
        self.in_table = False
        self.in_header = False
        self.pieces: list[str] = []  # a table cell's unbreakable pieces, while it is rendered
        self.tables: list[tuple[list[tables.Cell], list[list[tables.Cell]]]] = []
        self.blocks_rules: dict[str, Callable[[SyntaxTreeNode], str]] = {
            "heading": self.heading,
            "paragraph": self.paragraph,
            "bullet_list": self.bullet_list,
            "ordered_list": self.ordered_list,
            "table": self.table,
            "html_block": self.html_block,
            "hr": lambda node: "#line(length: 100%, stroke: 0.5pt + rule)\n\n",
            "blockquote": lambda node: f"#quote(block: true)[\n{self.blocks(node.children)}]\n\n",
            "code_block": self.code_block,
            "fence": self.code_block,
        }
        self.inline_rules: dict[str, Callable[[SyntaxTreeNode], str]] = {
            "text": self.text,
            "softbreak": lambda node: markup.text(" "),
            "hardbreak": lambda node: "#linebreak()",
            "strong": lambda node: f"#strong[{self.inline(node.children)}]",
            "em": lambda node: f"#emph[{self.inline(node.children)}]",
            "code_inline": self.code_inline,
            "link": self.link,
        }

    def fail(self, message: str, node: SyntaxTreeNode, hint: str = HINT) -> BuildError:
        return BuildError(message, path=self.ctx.path, line=_line(node), hint=hint)

    # --- blocks ---------------------------------------------------------------------------

    def blocks(self, nodes: Sequence[SyntaxTreeNode]) -> str:
        out: list[str] = []
        skipping = 0  # while > 0: inside a web-only section, up to a heading of that level
        for node in nodes:
            if node.type == "heading":
                level = int(node.tag[1])
                if skipping and level <= skipping:
                    skipping = 0
                if self.ctx.name == "index" and node.attrs.get("id") == "contents":
                    skipping = level  # the site's list of contents: the PDF has its own
            if skipping:
                continue
            rule = self.blocks_rules.get(node.type)
            if rule is None:
                raise self.fail(f"the PDF does not render Markdown's {node.type}", node)
            if node.parent is not None and node.parent.is_root:
                out.append(where(self.ctx.name, _line(node)))
            out.append(rule(node))
        return "".join(out)

    def heading(self, node: SyntaxTreeNode) -> str:
        level = int(node.tag[1])
        inline = node.children[0].children if node.children else []
        rest, marked = _editorial_mark(inline)
        body = self.inline(rest, strip=True)
        mark = self.inline(marked, strip=True)
        label = self._label(node)
        outlined = level == 1 or (level == 2 and self.ctx.sectioned)
        if level == 1 and self.ctx.name == "index" and self.ctx.balance is not None:
            title = "".join(_plain(n) for n in rest).strip()
            body = "#linebreak()".join(markup.text(line) for line in self.ctx.balance(title))
        if mark and outlined:  # the contents and the bookmarks name it with its mark, as the site's do
            body, mark = f"{body}#editorial-mark-inline[{mark}]", ""
        flag = "true" if outlined else "false"
        if outlined:
            self.ctx.listed.headings.append((level, body))
        out = f"#heading(level: {level}, outlined: {flag}, bookmarked: {flag})[{body}]{label}"
        if level == 1 and self.ctx.name == "index":
            out = f"#report-title[{out}]"
        return out + "\n" + (f"#editorial-mark[{mark}]\n" if mark else "") + "\n"

    def _label(self, node: SyntaxTreeNode) -> str:
        ident = node.attrs.get("id")
        return f" {markup.label(self.ctx.links.label(self.ctx.name, str(ident)))}" if ident else ""

    def _anchor(self, node: SyntaxTreeNode) -> str:
        """An anchor for a paragraph's ``{#id}``: links to it land at its start."""
        ident = node.attrs.get("id")
        if not ident:
            return ""
        name = self.ctx.links.label(self.ctx.name, str(ident))
        return f"#metadata({markup.string(name)}){markup.label(name)}"

    def paragraph(self, node: SyntaxTreeNode) -> str:
        classes = set(str(node.attrs.get("class", "")).split())
        if classes & WEB_ONLY:
            return ""
        body = self._anchor(node) + self.inline(node.children[0].children, strip=True)
        if node.hidden:  # a tight list's item: no paragraph of its own
            return body + "\n"
        if "sign-off" in classes:
            first = "true" if node.attrs.get("id") == "sign-off" else "false"
            return f"#sign-off(first: {first})[{body}]\n\n"
        if "gloss-backlinks" in classes:
            return f"#backlinks[{body}]\n\n"
        return body + "\n\n"

    def _items(self, node: SyntaxTreeNode) -> str:
        items = [f"[{self.blocks(item.children).strip()}]" for item in node.children]
        return ", ".join(items)

    def bullet_list(self, node: SyntaxTreeNode) -> str:
        return f"#list({self._items(node)})\n\n"

    def ordered_list(self, node: SyntaxTreeNode) -> str:
        start = int(node.attrs.get("start", 1))
        return f"#enum(start: {start}, {self._items(node)})\n\n"

    def code_block(self, node: SyntaxTreeNode) -> str:
        return f"#raw(block: true, {markup.string(node.content.rstrip(chr(10)))})\n\n"

    def table(self, node: SyntaxTreeNode) -> str:
        header: list[tables.Cell] = []
        body: list[list[tables.Cell]] = []
        self.in_table = True
        try:
            for section in node.children:
                for row in section.children:
                    cells = [self._cell(cell) for cell in row.children]
                    if section.type == "thead":
                        header = cells
                    else:
                        body.append(cells)
        finally:
            self.in_table = self.in_header = False
        # Written at the end of the page (``finish``): tables with the same header row share
        # their column widths.
        self.tables.append((header, body))
        return _TABLE.format(len(self.tables) - 1)

    def finish(self, rendered: str) -> str:
        """The page's Typst, its tables written in (see :meth:`table`)."""
        groups: dict[tuple[str, ...], list[list[tables.Cell]]] = {}
        for header, body in self.tables:
            groups.setdefault(tuple(c.text for c in header), []).extend([header, *body])
        widths_of = {key: tables.column_widths(rows) for key, rows in groups.items()}
        for number, (header, body) in enumerate(self.tables):
            widths = widths_of[tuple(c.text for c in header)]
            rendered = rendered.replace(_TABLE.format(number), tables.typst(header, body, widths) + "\n", 1)
        return rendered

    def _cell(self, cell: SyntaxTreeNode) -> tables.Cell:
        self.in_header = cell.type == "th"
        inline = cell.children[0].children if cell.children else []
        self.pieces = []
        content = self.inline(inline, strip=True)
        style = str(cell.attrs.get("style", ""))
        align = next((a for a in ("right", "center") if f"text-align:{a}" in style), "left")
        text = "".join(_plain(n) for n in inline).strip()
        return tables.Cell(self.in_header, text, tuple(self.pieces), align, content)

    def html_block(self, node: SyntaxTreeNode) -> str:
        tree = html_tree(node.content)
        out: list[str] = []
        for element in tree.elements():
            out.append(self.html_element(element, node))
        if any(isinstance(c, str) and c.strip() for c in tree.children):
            raise self.fail("an HTML block holds text outside any element", node)
        return "".join(out)

    def html_element(self, element: Element, node: SyntaxTreeNode) -> str:
        classes = element.classes()
        if "hidden" in element.attrs or classes & WEB_ONLY or "report-meta" in classes:
            return ""  # the site's alone (report-meta: the cover shows it)
        if element.tag in WRAPPERS and not element.text().strip():
            return ""
        if element.tag == "figure" and element.find("svg") is not None:
            where = chart.Where(self.ctx.path, _line(node))
            ident = element.attrs.get("id", "")
            label = self.ctx.links.label(self.ctx.name, ident) if ident else ""
            drawn = chart.read(element, where)
            self.ctx.listed.charts.append(markup.text(drawn.caption))
            return chart.typst(drawn, label) + "\n"
        raise self.fail(f"the PDF does not render the HTML block <{element.tag}>", node)

    # --- inline ---------------------------------------------------------------------------

    def inline(self, nodes: Sequence[SyntaxTreeNode], strip: bool = False) -> str:
        """Inline nodes → markup. Inline HTML tags open and close around their siblings:
        ``<span class="report-nowrap">`` keeps its text on one line, ``<abbr>`` is its text."""
        nodes = list(nodes)
        if strip:
            nodes = _strip(nodes)
        out: list[str] = []
        stack: list[tuple[str, list[str]]] = []  # open tags and what was written before them
        for node in nodes:
            if node.type == "html_inline":
                out = self.html_inline(node, stack, out)
                continue
            rule = self.inline_rules.get(node.type)
            if rule is None:
                raise self.fail(f"the PDF does not render Markdown's {node.type}", node)
            out.append(rule(node))
        if stack:
            raise self.fail(f"<{stack[-1][0]}> is not closed in its paragraph", nodes[-1])
        return "".join(out)

    def html_inline(
        self, node: SyntaxTreeNode, stack: list[tuple[str, list[str]]], out: list[str]
    ) -> list[str]:
        tag, closing, attrs = inline_tag(node.content)
        classes = set(attrs.get("class", "").split())
        if tag == "br" and not closing:
            return [*out, "#linebreak()"]
        if tag not in ("span", "abbr"):
            raise self.fail(f"the PDF does not render the tag <{tag or node.content[:20]}>", node)
        if not closing:
            kind = "nowrap" if "report-nowrap" in classes else tag
            stack.append((kind, out))
            return []
        if not stack:
            raise self.fail(f"</{tag}> closes no tag", node)
        kind, before = stack.pop()
        inner = "".join(out)
        if kind == "nowrap":
            return [*before, f"#box[{inner}]"]
        return [*before, inner]

    def text(self, node: SyntaxTreeNode) -> str:
        value = node.content
        if not self.in_table:
            return markup.text(value)
        if self.in_header:
            self.pieces.append(value)
            return markup.text(value, keep=[(0, len(value))])
        spans = self.ctx.segmenter.spans(value)
        self.pieces += [value[a:b] for a, b in spans] or list(value[:1])
        return markup.text(value, keep=spans)

    def code_inline(self, node: SyntaxTreeNode) -> str:
        if self.in_table:
            self.pieces.append(node.content)
            return f"#code({markup.string(node.content)}, plain: true)"
        return f"#code({markup.string(node.content)})"

    def link(self, node: SyntaxTreeNode) -> str:
        body = self.inline(node.children)
        target = self.ctx.links.target(self.ctx.name, str(node.attrs.get("href", "")), _line(node))
        if target is None:  # leaves the report: its text alone
            return body
        function = "gloss" if "gloss" in str(node.attrs.get("class", "")).split() else "link"
        return f"#{function}(label({markup.string(target)}))[{body}]"


def _editorial_mark(nodes: Sequence[SyntaxTreeNode]) -> tuple[list[SyntaxTreeNode], list[SyntaxTreeNode]]:
    """A heading's inline nodes apart from its ``<span class="editorial-mark">…</span>`` (the
    mark of a heading the site supplies), and the mark's own nodes: set small after the title
    of a heading the contents list (so the contents and the bookmarks carry it, as the site's
    navigation does), under the heading otherwise."""
    rest: list[SyntaxTreeNode] = []
    marked: list[SyntaxTreeNode] = []
    depth = 0  # inside the mark: the depth of <span> tags
    for node in nodes:
        if node.type == "html_inline":
            tag, closing, attrs = inline_tag(node.content)
            if (
                tag == "span"
                and not closing
                and (depth or "editorial-mark" in attrs.get("class", "").split())
            ):
                depth += 1
                if depth == 1:
                    continue
            elif tag == "span" and closing and depth:
                depth -= 1
                if depth == 0:
                    continue
        (marked if depth else rest).append(node)
    return rest, marked


def _plain(node: SyntaxTreeNode) -> str:
    """The text of an inline node, markup and tags left out."""
    if node.type in ("text", "code_inline"):
        return node.content
    if node.type in ("softbreak", "hardbreak"):
        return " "
    return "".join(_plain(child) for child in node.children)


def _strip(nodes: list[SyntaxTreeNode]) -> list[SyntaxTreeNode]:
    """Without the white space at either end (before an attribute list, after a heading's
    text): trailing breaks dropped, and the edge text nodes trimmed."""
    while nodes and nodes[-1].type in ("softbreak", "hardbreak"):
        nodes.pop()
    for index, edge in ((0, str.lstrip), (-1, str.rstrip)):
        if nodes and nodes[index].type == "text":
            token = nodes[index].token
            assert token is not None
            trimmed = edge(token.content)
            if trimmed != token.content:
                copy = SyntaxTreeNode([Token("text", "", 0, content=trimmed)], create_root=False)
                copy.parent = nodes[index].parent
                nodes[index] = copy
    return nodes


class TypstRenderer:
    """markdown-it-py renderer: a page's tokens → Typst markup (``env["page"]``: its
    :class:`PageContext`)."""

    __output__: ClassVar[str] = "typst"

    def __init__(self, parser: Any = None) -> None:
        self.parser = parser

    def render(self, tokens: Sequence[Token], options: Any, env: dict[str, Any]) -> str:
        page = _Page(env["page"])
        return page.finish(page.blocks(SyntaxTreeNode(tokens).children))
