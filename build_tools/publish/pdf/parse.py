"""The pages' Markdown as markdown-it-py tokens, with what the site's extensions add.

The site renders ``docs/<script>/*.md`` with Python-Markdown and the extensions of
``mkdocs.yml``; the generator (``build_tools/pages``) writes only CommonMark, GFM tables, raw
HTML blocks and inline tags, and ``attr_list`` attribute lists (``{#id}``, ``{.class}``,
``{key=value}``). markdown-it-py reads all of that but the attribute lists: an inline rule
here reads them (an escaped ``\\{`` never reaches it), and a core rule hands each to the
element it belongs to, as ``attr_list`` does: the end of a heading or of a paragraph's last
line to the heading or paragraph, right after a link to the link. One left anywhere else is
text, as Python-Markdown leaves it.

Raw HTML (the charts' ``<figure>``, the index page's ``<dl>``, ``<span>`` and ``<abbr>``)
is read into small :class:`Element` trees with the standard library's HTML parser.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token

# An attribute list as attr_list reads it: ``{`` (``{:``), then ``#id``, ``.class`` and
# ``key=value`` items (the value bare, "double" or 'single' quoted), then ``}``.
_ITEM = r"""(?:[#.][^\s{}"'=]+|[\w:-]+=(?:"[^"]*"|'[^']*'|[^\s{}"']+))"""
_ATTR_LIST = re.compile(rf"\{{:?[ \t]*({_ITEM}(?:[ \t]+{_ITEM})*)[ \t]*\}}")
_ITEMS = re.compile(_ITEM)


def attr_items(source: str) -> dict[str, str]:
    """``#a .b .c k="v"`` → ``{"id": "a", "class": "b c", "k": "v"}``."""
    out: dict[str, str] = {}
    for item in _ITEMS.findall(source):
        if item.startswith("#"):
            out["id"] = item[1:]
        elif item.startswith("."):
            out["class"] = f"{out.get('class', '')} {item[1:]}".strip()
        else:
            key, _, value = item.partition("=")
            out[key] = value[1:-1] if value[:1] in "\"'" and len(value) > 1 else value
    return out


def _attr_list_inline(state: StateInline, silent: bool) -> bool:
    """An unescaped ``{…}`` that reads as an attribute list becomes an ``attr_list`` token."""
    if state.src[state.pos] != "{":
        return False
    m = _ATTR_LIST.match(state.src, state.pos)
    if m is None:
        return False
    if not silent:
        token = state.push("attr_list", "", 0)
        token.content = m.group(0)
        token.meta = {"attrs": attr_items(m.group(1))}
    state.pos = m.end()
    return True


def _is_blank(token: Token) -> bool:
    return token.type == "softbreak" or (token.type == "text" and not token.content.strip())


def _assign(children: list[Token], owner: Token | None) -> list[Token]:
    """Give each ``attr_list`` token's attributes to its element; leave it as text if none."""
    out: list[Token] = []
    for i, child in enumerate(children):
        if child.type != "attr_list":
            out.append(child)
            continue
        at_end = all(_is_blank(t) for t in children[i + 1 :])
        before = out[-1] if out else None
        if before is not None and before.type == "link_close":
            opener = next(t for t in reversed(out) if t.type == "link_open" and t.level == before.level)
            opener.attrs.update(child.meta["attrs"])
        elif at_end and owner is not None:
            owner.attrs.update(child.meta["attrs"])
            while out and _is_blank(out[-1]):
                out.pop()
        else:
            out.append(Token("text", "", 0, content=child.content))
    return out


def _attr_list_core(state: StateCore) -> None:
    """After inline parsing: move attribute lists onto headings, paragraphs and links."""
    tokens = state.tokens
    for i, token in enumerate(tokens):
        if token.type != "inline" or not token.children:
            continue
        opener = tokens[i - 1] if i and tokens[i - 1].type in ("heading_open", "paragraph_open") else None
        token.children = _assign(token.children, opener)


def markdown() -> MarkdownIt:
    """markdown-it-py for the generated pages: CommonMark with raw HTML, GFM tables and
    attribute lists."""
    md = MarkdownIt("commonmark").enable("table")
    md.inline.ruler.after("escape", "attr_list", _attr_list_inline)
    md.core.ruler.after("inline", "attr_list", _attr_list_core)
    return md


@dataclass(slots=True)
class Element:
    """An HTML element of a raw HTML block or inline tag: its tag, attributes and children
    (elements and text, entities decoded)."""

    tag: str
    attrs: dict[str, str] = field(default_factory=dict)
    children: list[Element | str] = field(default_factory=list)

    def classes(self) -> set[str]:
        return set(self.attrs.get("class", "").split())

    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)

    def find(self, tag: str) -> Element | None:
        for child in self.children:
            if isinstance(child, Element):
                if child.tag == tag:
                    return child
                found = child.find(tag)
                if found is not None:
                    return found
        return None

    def elements(self) -> list[Element]:
        return [c for c in self.children if isinstance(c, Element)]


# Elements that never have content (HTML's void elements).
_VOID = frozenset({"br", "hr", "img", "input", "meta", "link", "wbr", "col", "source"})


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("")
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, {k: v or "" for k, v in attrs})
        self.stack[-1].children.append(element)
        if tag not in _VOID:
            self.stack.append(element)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.stack[-1].children.append(Element(tag, {k: v or "" for k, v in attrs}))

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def html_tree(fragment: str) -> Element:
    """A fragment of HTML as an element tree under a nameless root (unclosed tags are closed
    at the end; a stray closing tag is ignored)."""
    builder = _TreeBuilder()
    builder.feed(fragment)
    builder.close()
    return builder.root


# One tag of an inline HTML token: ``<span class="x">`` or ``</span>``.
_TAG = re.compile(r"<(/?)([A-Za-z][\w:-]*)")


def inline_tag(token_content: str) -> tuple[str, bool, dict[str, str]]:
    """An ``html_inline`` token → (tag, is a closing tag, attributes)."""
    m = _TAG.match(token_content)
    if m is None:  # a comment, a processing instruction, CDATA
        return "", False, {}
    if m.group(1):
        return m.group(2).lower(), True, {}
    tree = html_tree(token_content)
    element = tree.elements()[0] if tree.elements() else Element(m.group(2).lower())
    return element.tag, False, element.attrs
