"""Stage ``script``: recover the Simplified original, then derive the Traditional text from it.

The scraped page is a naive Simplified→Traditional conversion that over-converted (全麵 for
全面, 製度 for 制度). OpenCC ``tw2s`` gives back the Simplified original (it also undoes 著力 →
着力, which ``t2s`` does not); a curated table fixes characters it leaves alone. The
Traditional text is then made from the Simplified with ``s2tw`` (configurable) and a curated,
tested table of phrase overrides, and for s2tw gets Taiwan's corner quotation marks 「」『』
(configurable). Every character where the published Traditional differs from the scraped page
is recorded.
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal, Protocol

from ..errors import FidelityError
from .model import Change, Draft, Line, Meta, Script

Variant = Literal["s2tw", "s2hk", "s2t"]
VARIANTS: tuple[Variant, ...] = ("s2tw", "s2hk", "s2t")
#: the Traditional text's quotation marks: ``corner`` 「」『』 (Taiwan's standard, the default
#: for s2tw) or ``curly`` “” ‘’ as in the Simplified text (the default otherwise)
Quotes = Literal["corner", "curly"]
QUOTES: tuple[Quotes, ...] = ("corner", "curly")
# Simplified (and mainland) marks → Taiwan's: outer “” → 「」, inner ‘’ → 『』. One character
# each, so the two scripts stay character-aligned.
_CORNER = str.maketrans("“”‘’", "「」『』")


def default_quotes(variant: Variant) -> Quotes:
    return "corner" if variant == "s2tw" else "curly"


class Converter(Protocol):
    def convert(self, text: str) -> str: ...


@dataclass(frozen=True, slots=True)
class CharFix:
    """A character OpenCC leaves in the Simplified text that Simplified Chinese writes otherwise."""

    before: str
    after: str
    reason: str
    line: int
    #: words in which ``before`` is right and stays (瞭望 for 瞭 → 了)
    keep: tuple[str, ...] = ()

    def kept(self, text: str, at: int) -> bool:
        """Whether the character at ``at`` is part of one of the words that keep it."""
        for word in self.keep:
            # Only an occurrence that starts at most len(word) - 1 before ``at`` can hold it:
            # searched there only, so a long line costs each character the same.
            start, end = max(0, at - len(word) + 1), at + len(word)
            k = text.find(word, start, end)
            while 0 <= k <= at:
                if k + len(word) > at:
                    return True
                k = text.find(word, k + 1, end)
        return False


@dataclass(frozen=True, slots=True)
class Override:
    """A phrase OpenCC converts wrongly to Traditional, and the form we publish."""

    simplified: str
    traditional: str
    opencc: str
    reason: str
    path: str
    line: int


@dataclass(frozen=True, slots=True)
class Scripts:
    """The converters and curated corrections, built once and passed to the stage."""

    to_hans: Converter
    to_hant: Converter
    variant: Variant
    fixes: tuple[CharFix, ...]
    overrides: tuple[Override, ...]
    quotes: Quotes = "curly"
    #: OpenCC ``t2s``, the standard conversion: where ``tw2s`` writes otherwise (著力 → 着力:
    #: Taiwan's 著 read as the mainland's 着), the change is recorded; None: not compared
    standard: Converter | None = None


def opencc_converters(variant: Variant) -> tuple[Converter, Converter]:
    """OpenCC's ``tw2s`` (back to the Simplified original) and ``variant`` (to Traditional)."""
    import opencc

    return opencc.OpenCC("tw2s"), opencc.OpenCC(variant)


def standard_converter() -> Converter:
    """OpenCC's standard Traditional→Simplified conversion (``t2s``), to compare with ``tw2s``."""
    import opencc

    return opencc.OpenCC("t2s")


def detect_script(lines: Iterable[Line], to_hans: Converter, to_hant: Converter) -> Script:
    """Which script the text is written in: the side with more characters that only it has.

    A character is Traditional-only when the Traditional→Simplified converter changes it, and
    Simplified-only when the Simplified→Traditional one does. Most characters are shared; a
    few hundred lines give thousands of telling ones. A tie (no telling character at all)
    counts as Simplified, which needs no conversion to be correct.
    """
    counts = Counter(c for line in lines for c in line.text if ord(c) > 0x2E7F)
    traditional = sum(n for c, n in counts.items() if to_hans.convert(c) != c)
    simplified = sum(n for c, n in counts.items() if to_hant.convert(c) != c)
    return "zh-Hant" if traditional > simplified else "zh-Hans"


def convert_lines(converter: Converter, texts: Sequence[str]) -> list[str]:
    """``texts`` (lines, without line breaks) through ``converter`` in one call: OpenCC takes
    about a millisecond a call whatever the length, and a conversion never changes or
    crosses a line break. Line by line if the count of lines came out otherwise."""
    if len(texts) < 2:
        return [converter.convert(text) for text in texts]
    out = converter.convert("\n".join(texts)).split("\n")
    return out if len(out) == len(texts) else [converter.convert(text) for text in texts]


def to_simplified(
    line: Line, scripts: Scripts, converted: str | None = None, standard: str | None = None
) -> tuple[Line, list[Change]]:
    """The line back in Simplified (``converted``: its text through ``to_hans`` already;
    ``standard``: through ``scripts.standard``), with the curated character fixes and the
    mainland forms tw2s chose, each recorded."""
    text = scripts.to_hans.convert(line.text) if converted is None else converted
    if standard is None and scripts.standard is not None:
        standard = scripts.standard.convert(line.text)
    changes = mainland_forms(line, text, standard)
    for fix in scripts.fixes:
        if fix.before not in text:
            continue
        chars = list(text)
        for m in re.finditer(re.escape(fix.before), text):
            if fix.kept(text, m.start()):
                continue
            changes.append(
                Change(
                    "script",
                    "simplified-fix",
                    line.no,
                    fix.before,
                    fix.after,
                    col=m.start(),
                    context=text[max(0, m.start() - 6) : m.end() + 6],
                    note=fix.reason,
                )
            )
            chars[m.start() : m.end()] = fix.after
        text = "".join(chars)
    return Line(line.no, text), changes


def mainland_forms(line: Line, text: str, standard: str | None) -> list[Change]:
    """Where ``tw2s`` gave ``text`` a character the standard conversion (``standard``: the
    line through t2s) does not (著 → 着 in 着力, 着落): a choice of the mainland's form,
    recorded so the notes list it."""
    if standard is None or len(standard) != len(text) or len(text) != len(line.text):
        return []
    return [
        Change(
            "script",
            "mainland-variant",
            line.no,
            line.text[i],
            c,
            col=i,
            context=text[max(0, i - 6) : i + 7],
            note=f"OpenCC tw2s reads {line.text[i]} as Taiwan's form of {c}",
        )
        for i, c in enumerate(text)
        if c != standard[i]
    ]


def to_traditional(line: Line, scripts: Scripts, converted: str | None = None) -> tuple[Line, list[Change]]:
    """The Simplified line in Traditional (``converted``: its text through ``to_hant``
    already), with the curated phrase overrides, each recorded."""
    if converted is None:
        converted = scripts.to_hant.convert(line.text)
    if len(converted) != len(line.text):
        raise FidelityError(
            f"OpenCC {scripts.variant} changed the length of this line; overrides cannot be placed",
            line=line.no,
            hint="report this line; a phrase override may be needed",
        )
    chars = list(converted)
    changes: list[Change] = []
    taken = [False] * len(chars)
    for o in scripts.overrides:
        if o.simplified not in line.text:
            continue
        for m in re.finditer(re.escape(o.simplified), line.text):
            span = range(m.start(), m.end())
            if any(taken[i] for i in span):
                continue
            current = "".join(chars[m.start() : m.end()])
            if current == o.traditional:
                continue
            chars[m.start() : m.end()] = o.traditional
            for i in span:
                taken[i] = True
            changes.append(
                Change(
                    "override",
                    "override",
                    line.no,
                    current,
                    o.traditional,
                    col=m.start(),
                    context="".join(chars[max(0, m.start() - 6) : m.end() + 6]),
                    note=o.reason,
                )
            )
    return Line(line.no, "".join(chars)), changes


def with_quotes(line: Line, scripts: Scripts) -> tuple[Line, list[Change]]:
    """The Traditional line with corner quotation marks (``quotes: corner``), each recorded."""
    if scripts.quotes != "corner":
        return line, []
    text = line.text.translate(_CORNER)
    changes = [
        Change("script", "corner-quotes", line.no, a, b, col=i, context=text[max(0, i - 6) : i + 7])
        for i, (a, b) in enumerate(zip(line.text, text, strict=True))
        if a != b
    ]
    return Line(line.no, text), changes


def traditional_text(text: str, scripts: Scripts) -> str:
    """Any text (a label, a glossary definition) as the Traditional report text is made."""
    return with_quotes(to_traditional(Line(0, text), scripts)[0], scripts)[0].text


def differences(page: Line, published: Line) -> list[Change]:
    """Where the published Traditional text differs from the scraped page, character by character."""
    if len(page.text) != len(published.text):
        return []
    out = []
    for i, (a, b) in enumerate(zip(page.text, published.text, strict=False)):
        if a != b:
            out.append(
                Change(
                    "script",
                    "traditional-regenerated",
                    page.no,
                    a,
                    b,
                    col=i,
                    context=published.text[max(0, i - 6) : i + 7],
                )
            )
    return out


def script(draft: Draft, scripts: Scripts) -> Draft:
    hans: list[Line] = []
    hant: list[Line] = []
    changes: list[Change] = []
    from_hant = draft.meta.source_script != "zh-Hans"
    texts = [line.text for line in draft.body]
    simplified = convert_lines(scripts.to_hans, texts) if from_hant else texts
    standard: list[str | None] = [None] * len(texts)
    if from_hant and scripts.standard is not None:
        standard = list(convert_lines(scripts.standard, texts))
    fixes: list[list[Change]] = []
    for line, text, plain in zip(draft.body, simplified, standard, strict=True):
        simp, fixed = to_simplified(line, scripts, text, plain) if from_hant else (line, [])
        hans.append(simp)
        fixes.append(fixed)
    traditional = convert_lines(scripts.to_hant, [line.text for line in hans])
    for line, simp, fixed, text in zip(draft.body, hans, fixes, traditional, strict=True):
        trad, overridden = to_traditional(simp, scripts, text)
        changes += fixed + overridden
        if draft.meta.source_script == "zh-Hant":  # before the quotes, recorded on their own
            changes += differences(line, trad)
        trad, quoted = with_quotes(trad, scripts)
        changes += quoted
        hant.append(trad)
    meta = draft.meta
    meta_hans = meta if meta.source_script == "zh-Hans" else _converted(meta, scripts.to_hans)
    meta_hant = _converted(meta_hans, scripts.to_hant)
    return dataclasses.replace(
        draft,
        hans=tuple(hans),
        hant=tuple(hant),
        meta_hans=meta_hans,
        meta_hant=meta_hant,
        changes=draft.changes + tuple(changes),
    )


def _converted(meta: Meta, converter: Converter) -> Meta:
    """The metadata's texts through ``converter`` (the date and the script stay)."""
    return dataclasses.replace(
        meta,
        page_title=converter.convert(meta.page_title),
        title=converter.convert(meta.title),
        short_title=converter.convert(meta.short_title),
        issuer=converter.convert(meta.issuer),
        source_office=converter.convert(meta.source_office),
    )
