"""Folding: one character in, one character out, so that both scripts and both widths match.

Search compares folded text with a folded query. Folding never changes a string's length,
so a match in folded text is a match at the same offsets in the text as displayed (the
browser highlights in the site's own script). The folding table maps Traditional and variant
characters to Simplified (OpenCC's single-character conversions, plus any pair where the two
sites' aligned texts still differ); full-width ASCII and case are folded in code, the same
way in search.js.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping

# CJK Unified Ideographs, Extension A, and Compatibility Ideographs.
CJK_RANGES: tuple[tuple[int, int], ...] = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF))
OPENCC_TO_SIMPLIFIED: tuple[str, ...] = ("t2s", "tw2s", "hk2s")

Convert = Callable[[str], str]


def fold_width(char: str) -> str:
    """Full-width ASCII to ASCII, ideographic space to space, ASCII letters to lower case."""
    code = ord(char)
    if 0xFF01 <= code <= 0xFF5E:
        char = chr(code - 0xFEE0)
    elif code == 0x3000:
        char = " "
    return char.lower() if "A" <= char <= "Z" else char  # ASCII only, as in search.js


def fold_text(text: str, table: Mapping[str, str]) -> str:
    """Fold every character; the result has the same length as ``text``."""
    return "".join(table.get(c, fold_width(c)) for c in text)


def opencc_converters(configs: Iterable[str] = OPENCC_TO_SIMPLIFIED) -> list[Convert]:
    """OpenCC converters to Simplified, built once per build and passed in."""
    import opencc

    return [opencc.OpenCC(config).convert for config in configs]


def convert_each(convert: Convert, chars: list[str]) -> list[str]:
    """``convert`` applied to each character on its own.

    One call over all of them, a line each, is eight times quicker than a call per character
    and gives the same (a phrase never spans a line break); should a conversion ever change
    the number of lines, it falls back to one call per character.
    """
    out = convert("\n".join(chars)).split("\n")
    return out if len(out) == len(chars) else [convert(c) for c in chars]


def single_char_table(converters: Iterable[Convert]) -> dict[str, str]:
    """Every ideograph that some converter turns into one other character, and that character
    (the first converter that does wins)."""
    chars = [chr(code) for low, high in CJK_RANGES for code in range(low, high + 1)]
    table: dict[str, str] = {}
    for convert in converters:
        for char, out in zip(chars, convert_each(convert, chars), strict=True):
            if len(out) == 1 and out != char:
                table.setdefault(char, out)
    return table


def align_pairs(table: dict[str, str], pairs: Iterable[tuple[str, str]]) -> dict[str, str]:
    """Extend ``table`` until each aligned (Traditional, Simplified) pair folds alike."""
    result = dict(table)
    for _ in range(3):
        changed = False
        for trad, simp in pairs:
            target = result.get(simp, simp)
            if result.get(trad, trad) != target:
                result[trad] = target
                changed = True
        if not changed:
            break
    return result


def settle(table: Mapping[str, str]) -> dict[str, str]:
    """Each character folded all the way, so that folding twice changes nothing: OpenCC turns
    麼 into 么 and, taking 么 for the Traditional form of 幺, 么 into 幺; folded once, 怎么
    and 怎麼 would differ. A loop (none is known) stops where it closes."""
    out: dict[str, str] = {}
    for char in table:
        seen = {char}
        target = table[char]
        while target in table and target not in seen:
            seen.add(target)
            target = table[target]
        if target != char:
            out[char] = target
    return out


def restrict(table: Mapping[str, str], needed: set[str]) -> dict[str, str]:
    """Only entries for characters of the text, or that fold to a character of the text."""
    return {k: v for k, v in table.items() if k in needed or v in needed}


def aligned_pairs(hant: str, hans: str) -> list[tuple[str, str]]:
    """Character pairs of two texts of equal length that differ; none if lengths differ."""
    if len(hant) != len(hans):
        return []
    return sorted({(a, b) for a, b in zip(hant, hans, strict=True) if a != b})


def folding_table(
    texts: Iterable[str], base: Mapping[str, str], pairs: Iterable[tuple[str, str]] = ()
) -> dict[str, str]:
    """The table a site ships: ``base`` plus aligned pairs, restricted to what the texts need."""
    table = settle(align_pairs(dict(base), list(pairs)))
    needed: set[str] = set()
    for text in texts:
        needed.update(text)
    needed.update(table.get(c, c) for c in list(needed))
    return restrict(table, needed)
