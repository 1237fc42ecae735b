"""Markdown helpers: text from a report or a YAML file enters a page only through these.

Report text can hold characters that mean something in Markdown, HTML, YAML or a template
(``* _ # [ ] < > | { }``, backticks, ``&``, ``!!!`` at a line start …). Each writer here makes
them literal for the place it writes to:

* :func:`escape` — paragraph and heading text (Python-Markdown with our extensions);
* :func:`html_text` / :func:`attr` — text and attribute values inside raw HTML;
* :func:`front_matter` — a page's YAML front matter, whose title the theme prints as HTML;
* :func:`code` — a code span (a character shown as itself in the notes' tables).

``plain_text`` reads a page back (markdown-it-py) for the check that every paragraph of the
model reached the page.
"""

from __future__ import annotations

import html
import re
import unicodedata

from markdown_it import MarkdownIt

# Inline markup characters of Python-Markdown (and attr_list's braces) get a backslash; HTML's
# characters and the table's pipe a character reference. One table, one pass (str.translate).
_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", "|": "&#124;"}
_INLINE = str.maketrans({**{c: "\\" + c for c in "\\`*_{}[]"}, **_ENTITIES})
_IN_ATTR = str.maketrans({**_ENTITIES, '"': "&quot;", "\n": " "})
# What may open a block at the start of a line: any ASCII punctuation (#, -, +, >, |, !!!,
# ???, ===, :::, ~~~, $$, ---, {#…}, …) becomes a character reference there, and the mark
# after a number (1. 1)) is escaped, so no extension (admonition, details, tabs, tables,
# fences, lists, headings) can take the line.
_BLOCK_PUNCT = re.compile(r"^[!-/:-@\[-`{-~]")
_LIST_NUMBER = re.compile(r"^(\d+)([.)])")
# A run of white space: one holding a line break becomes one space (a paragraph is one line).
# Matched whole and decided after, never by a pattern that backtracks through the run.
_WHITE_RUN = re.compile(r"\s+")


def _one_line(text: str) -> str:
    """``text`` with every run of white space that holds a line break made one space."""
    if "\n" not in text:
        return text
    return _WHITE_RUN.sub(lambda m: " " if "\n" in m.group() else m.group(), text)


def _edge_spaces(text: str) -> str:
    """Spaces and tabs at either end of ``text`` as character references."""
    body = text.strip(" \t")
    if len(body) == len(text):
        return text
    if not body:
        return "".join(f"&#{ord(c)};" for c in text)
    lead = text[: len(text) - len(text.lstrip(" \t"))]
    trail = text[len(text.rstrip(" \t")) :]
    return "".join(f"&#{ord(c)};" for c in lead) + body + "".join(f"&#{ord(c)};" for c in trail)


def escape(text: str) -> str:
    """Report text as Markdown that renders exactly as the text (one paragraph, no markup).

    The result may stand anywhere in a line, also at its start: spaces at either end become
    character references (four leading spaces would make a code block, two trailing ones a
    line break), and so does block syntax at the start.
    """
    text = _one_line(text)
    out = text.translate(_INLINE)
    first = _BLOCK_PUNCT.match(text)
    if first and not out.startswith(("\\", "&")):
        out = f"&#{ord(first.group())};" + out[1:]
    out = _LIST_NUMBER.sub(lambda m: m.group(1) + "\\" + m.group(2), out, count=1)
    return _edge_spaces(out)


def html_text(text: str) -> str:
    """Text inside raw HTML (which Markdown leaves alone): only HTML's characters escaped."""
    return html.escape(_one_line(text), quote=False)


def attr(text: str) -> str:
    """Text for an HTML attribute value in double quotes."""
    return text.translate(_IN_ATTR)


def code(text: str) -> str:
    """``text`` as an inline code span that shows it literally, also inside a table cell."""
    shown = text.replace("|", "\uff5c") if "|" in text else text  # a pipe would end the cell
    fence = "`" * (max((len(m) for m in re.findall(r"`+", shown)), default=0) + 1)
    pad = " " if shown.startswith("`") or shown.endswith("`") else ""
    return f"{fence}{pad}{shown}{pad}{fence}"


def _yaml_char(c: str) -> str:
    if c in '"\\':
        return "\\" + c
    if (c.isprintable() or unicodedata.category(c) == "Zs") and unicodedata.category(c) not in (
        "Cs",
        "Co",
        "Cn",
        "Cf",
    ):
        return c
    code_point = ord(c)
    return f"\\u{code_point:04x}" if code_point <= 0xFFFF else f"\\U{code_point:08x}"


def yaml_str(text: str) -> str:
    """A YAML double-quoted scalar holding exactly ``text`` (non-printing characters escaped,
    so that no character can break the document the way U+FFFE or a C1 control would)."""
    return '"' + "".join(_yaml_char(c) for c in text) + '"'


def front_matter(title: str, description: str = "", hide: tuple[str, ...] = ()) -> str:
    """A page's front matter. MkDocs themes print the title as HTML (in ``<title>``, the
    navigation, the header and the footer), the way MkDocs' own titles taken from a heading
    are: so it is HTML-escaped here, as text; so is the description, which the theme prints
    into attributes (``<meta name="description">``, Open Graph). ``hide``: parts of the page
    the theme leaves out (``toc``)."""
    out = f"---\ntitle: {yaml_str(html.escape(title))}\n"
    if description:
        out += f"description: {yaml_str(html.escape(describe(description)))}\n"
    if hide:
        out += "hide:\n" + "".join(f"  - {part}\n" for part in hide)
    return out + "---\n\n"


#: the length of a page's description: what search results and link previews show of it
DESCRIPTION_MAX = 110
_SENTENCE = re.compile(r"[。；！？]")


def describe(text: str, limit: int = DESCRIPTION_MAX) -> str:
    """The start of ``text`` as a page description: whole sentences up to ``limit``
    characters, else the first ``limit`` characters and an ellipsis."""
    text = re.sub(r"\s+", " ", text).strip()
    if len(text) <= limit:
        return text
    ends = [m.end() for m in _SENTENCE.finditer(text, 0, limit)]
    if ends and ends[-1] >= limit // 3:
        return text[: ends[-1]]
    return text[: limit - 1] + "…"


# An attribute list ``{#sec-1-1}`` closing a line (not an escaped ``\{``), with the spaces
# before it. A match starts only where a run of spaces starts: tried at every space of a long
# run, the pattern would scan the rest of the run each time.
_ATTR_LIST = re.compile(r"(?<![ \t])[ \t]*(?<!\\)\{\s*[#.:][^{}\n]*\}[ \t]*$", re.MULTILINE)
# An inline attribute list right after a link: ``[text](url){.gloss}``.
_INLINE_ATTRS = re.compile(r"(?<=\))\{\s*[#.][^{}\n]*\}")
_FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.DOTALL)


def plain_text(markdown: str) -> str:
    """The reader-visible text of a page: markup, tags, attribute lists and front matter removed."""
    markdown = _INLINE_ATTRS.sub("", _ATTR_LIST.sub("", _FRONT_MATTER.sub("", markdown)))
    md = MarkdownIt("commonmark").enable("table")
    pieces: list[str] = []
    for token in md.parse(markdown):
        if token.type != "inline" or not token.children:
            continue
        inline: list[str] = []
        for child in token.children:
            if child.type in ("text", "code_inline"):
                inline.append(child.content)
            elif child.type in ("softbreak", "hardbreak"):
                inline.append("\n")
        pieces.append("".join(inline))
    return "\n".join(pieces)
