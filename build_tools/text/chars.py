"""Characters that are never text: controls, format characters and Unicode non-characters.

A scraped page can carry them invisibly: a C1 control from a mis-decoded byte, a bidirectional
override that reorders what a reader sees (U+202E), a zero-width space, a byte-order mark in
the middle of a line, U+FFFE. Passed on, they break YAML front matter, reorder text in the
browser, or hide a difference between two strings. The report text drops them (``clean``
records each on the editorial-notes page); curated data refuses them at their line.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator

# Controls and format characters (bidi marks, overrides and isolates, zero-width spaces and
# joiners, soft hyphen, BOM, invisible operators, tags), and line/paragraph separators.
_CATEGORIES = frozenset(("Cc", "Cf", "Zl", "Zp"))
_KEPT = frozenset("\t\n")


def is_noncharacter(c: str) -> bool:
    """U+FDD0..U+FDEF and the last two code points of every plane (U+FFFE, U+FFFF …)."""
    cp = ord(c)
    return 0xFDD0 <= cp <= 0xFDEF or (cp & 0xFFFE) == 0xFFFE


def is_invisible(c: str) -> bool:
    return c not in _KEPT and (unicodedata.category(c) in _CATEGORIES or is_noncharacter(c))


def invisible(text: str) -> Iterator[tuple[int, str]]:
    """``(offset, character)`` of every invisible character in ``text``."""
    if text.isprintable():  # the fast path: a line of ordinary text
        return
    for i, c in enumerate(text):
        if is_invisible(c):
            yield i, c


def describe(c: str) -> str:
    """``U+202E RIGHT-TO-LEFT OVERRIDE``: how notes and errors name an invisible character."""
    name = unicodedata.name(c, "")
    if not name and unicodedata.category(c) == "Cc":
        name = "CONTROL CHARACTER"
    return f"U+{ord(c):04X} {name or 'NONCHARACTER' if is_noncharacter(c) else name}".strip()
