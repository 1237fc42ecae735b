"""Markdown helpers: escape report text so it always renders literally, and read text back.

Report text can hold characters that mean something in Markdown or HTML (``* _ # [ ] < > |``,
backticks, ``&``). ``escape`` makes each of them literal, so text from the source never
becomes markup and never executes. ``plain_text`` reads a page back (markdown-it-py) for the
check that every paragraph of the model reached the page.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt

# Inline markup characters of Python-Markdown (and attr_list's braces); each gets a backslash.
_BACKSLASH = re.compile(r"([\\`*_{}\[\]])")
# What would start a block at the beginning of a paragraph: a heading, a list, a quote.
_BLOCK_START = re.compile(r"^(\s*)([#+\-]|\d+(?=[.)]))")
_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", "|": "&#124;"}


def escape(text: str) -> str:
    """Report text as Markdown that renders exactly as the text (one paragraph, no markup)."""
    out = _BACKSLASH.sub(r"\\\1", text)
    out = _BLOCK_START.sub(lambda m: m.group(1) + "\\" + m.group(2) if not m.group(2)[0].isdigit()
                           else m.group(1) + m.group(2) + "\\", out, count=1)
    out = "".join(_ENTITIES.get(c, c) for c in out)
    return re.sub(r"\s*\n\s*", " ", out)


def attr(text: str) -> str:
    """Text for an HTML attribute value in double quotes."""
    return "".join(_ENTITIES.get(c, c) for c in text).replace('"', "&quot;").replace("\n", " ")


# An attribute list ``{#sec-1-1}`` closing a line (not an escaped ``\{``).
_ATTR_LIST = re.compile(r"[ \t]*(?<!\\)\{\s*[#.:][^{}\n]*\}[ \t]*$", re.MULTILINE)
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
