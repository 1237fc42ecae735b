"""Stage ``script``: recover the Simplified original, then derive the Traditional text from it.

The scraped page is a naive Simplified→Traditional conversion that over-converted (全麵 for
全面, 製度 for 制度). OpenCC ``tw2s`` gives back the Simplified original (it also undoes 著力 →
着力, which ``t2s`` does not); a curated table fixes characters it leaves alone. The
Traditional text is then made from the Simplified with ``s2tw`` (configurable) and a curated,
tested table of phrase overrides. Every character where the published Traditional differs from
the scraped page is recorded.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal, Protocol

from .curated import Entry, check_keys, require_str
from .errors import DataError, FidelityError
from .model import Change, Draft, Line

Variant = Literal["s2tw", "s2hk", "s2t"]
VARIANTS: tuple[Variant, ...] = ("s2tw", "s2hk", "s2t")


class Converter(Protocol):
    def convert(self, text: str) -> str: ...


@dataclass(frozen=True, slots=True)
class CharFix:
    """A character OpenCC leaves in the Simplified text that Simplified Chinese writes otherwise."""

    before: str
    after: str
    reason: str
    line: int


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


def make_scripts(
    variant: Variant, fix_entries: Sequence[Entry], override_entries: Sequence[Entry]
) -> Scripts:
    import opencc

    to_hans = opencc.OpenCC("tw2s")
    to_hant = opencc.OpenCC(variant)
    fixes = []
    for e in fix_entries:
        check_keys(e, ("from", "to", "reason"))
        before, after = require_str(e, "from"), require_str(e, "to")
        if len(before) != len(after):
            raise e.error("'from' and 'to' must have the same length", "to")
        fixes.append(CharFix(before, after, require_str(e, "reason"), e.line))
    overrides: list[Override] = []
    seen: dict[str, int] = {}
    for e in override_entries:
        check_keys(e, ("simplified", "traditional", "opencc", "reason"))
        simp, trad = require_str(e, "simplified"), require_str(e, "traditional")
        opencc_form = require_str(e, "opencc")
        if simp in seen:
            raise e.error(f"'{simp}' is overridden twice (first at line {seen[simp]})", "simplified",
                          hint="keep one entry per phrase")
        seen[simp] = e.line
        if len(simp) != len(trad):
            raise e.error("'traditional' must have as many characters as 'simplified'",
                          "traditional")
        overrides.append(Override(simp, trad, opencc_form, require_str(e, "reason"), e.path, e.line))
    # Longest phrase first, so a longer override wins where two overlap.
    overrides.sort(key=lambda o: -len(o.simplified))
    return Scripts(to_hans, to_hant, variant, tuple(fixes), tuple(overrides))


def check_overrides(scripts: Scripts) -> None:
    """Every override must still correct what OpenCC gives; a stale one is an error."""
    for o in scripts.overrides:
        got = scripts.to_hant.convert(o.simplified)
        if got != o.opencc:
            raise DataError(
                f"OpenCC {scripts.variant} now converts {o.simplified} to {got}, not {o.opencc}",
                path=o.path,
                line=o.line,
                hint="update 'opencc:' in the entry, or remove it if OpenCC is now right",
            )


def to_simplified(line: Line, scripts: Scripts) -> tuple[Line, list[Change]]:
    text = scripts.to_hans.convert(line.text)
    changes: list[Change] = []
    for fix in scripts.fixes:
        for m in re.finditer(re.escape(fix.before), text):
            changes.append(Change("script", "simplified-fix", line.no, fix.before, fix.after,
                                  col=m.start(), context=text[max(0, m.start() - 6): m.end() + 6],
                                  note=fix.reason))
        text = text.replace(fix.before, fix.after)
    return Line(line.no, text), changes


def to_traditional(line: Line, scripts: Scripts) -> tuple[Line, list[Change]]:
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
        for m in re.finditer(re.escape(o.simplified), line.text):
            span = range(m.start(), m.end())
            if any(taken[i] for i in span):
                continue
            current = "".join(chars[m.start(): m.end()])
            if current == o.traditional:
                continue
            chars[m.start(): m.end()] = o.traditional
            for i in span:
                taken[i] = True
            changes.append(Change("override", "override", line.no, current, o.traditional,
                                  col=m.start(), context="".join(chars[max(0, m.start() - 6):
                                                                      m.end() + 6]),
                                  note=o.reason))
    return Line(line.no, "".join(chars)), changes


def differences(page: Line, published: Line) -> list[Change]:
    """Where the published Traditional text differs from the scraped page, character by character."""
    if len(page.text) != len(published.text):
        return []
    out = []
    for i, (a, b) in enumerate(zip(page.text, published.text, strict=False)):
        if a != b:
            out.append(Change("script", "traditional-regenerated", page.no, a, b, col=i,
                              context=published.text[max(0, i - 6): i + 7]))
    return out


def script(draft: Draft, scripts: Scripts) -> Draft:
    hans: list[Line] = []
    hant: list[Line] = []
    changes: list[Change] = []
    for line in draft.body:
        fixed: list[Change]
        if draft.meta.source_script == "zh-Hans":
            simp, fixed = Line(line.no, line.text), []
        else:
            simp, fixed = to_simplified(line, scripts)
        trad, overridden = to_traditional(simp, scripts)
        changes += fixed + overridden
        if draft.meta.source_script == "zh-Hant":
            changes += differences(line, trad)
        hans.append(simp)
        hant.append(trad)
    meta = draft.meta
    if meta.source_script == "zh-Hans":
        meta_hans = meta
    else:
        meta_hans = dataclasses.replace(
            meta,
            page_title=scripts.to_hans.convert(meta.page_title),
            title=scripts.to_hans.convert(meta.title),
            issuer=scripts.to_hans.convert(meta.issuer),
            source_office=scripts.to_hans.convert(meta.source_office),
        )
    meta_hant = dataclasses.replace(
        meta_hans,
        page_title=scripts.to_hant.convert(meta_hans.page_title),
        title=scripts.to_hant.convert(meta_hans.title),
        issuer=scripts.to_hant.convert(meta_hans.issuer),
        source_office=scripts.to_hant.convert(meta_hans.source_office),
    )
    return dataclasses.replace(
        draft,
        hans=tuple(hans),
        hant=tuple(hant),
        meta_hans=meta_hans,
        meta_hant=meta_hant,
        changes=draft.changes + tuple(changes),
    )
