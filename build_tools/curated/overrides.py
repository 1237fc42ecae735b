"""The conversion corrections (``overrides.yml``): characters OpenCC leaves in the Simplified
text, and phrases it converts wrongly to Traditional. Read, validated, and checked against
OpenCC itself, so that an override OpenCC no longer needs is noticed at its line."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ..errors import DataError
from ..text.script import (
    CharFix,
    Override,
    Quotes,
    Scripts,
    Variant,
    default_quotes,
    opencc_converters,
    standard_converter,
)
from .reader import Entry, check_keys, excerpt, optional_list, read_entries, read_text, require_str, top_keys


def make_scripts(
    variant: Variant,
    fix_entries: Sequence[Entry],
    override_entries: Sequence[Entry],
    quotes: Quotes | None = None,
) -> Scripts:
    """The converters for ``variant`` with the validated corrections; ``quotes``: the
    Traditional text's quotation marks (else the variant's default)."""
    to_hans, to_hant = opencc_converters(variant)
    fixes = []
    for e in fix_entries:
        check_keys(e, ("from", "to", "reason", "keep"))
        before, after = require_str(e, "from"), require_str(e, "to")
        if len(before) != len(after):
            raise e.error("'from' and 'to' must have the same length", "to")
        keep = tuple(optional_list(e, "keep"))
        if any(before not in word for word in keep):
            raise e.error(f"each word of 'keep' must contain {before}", "keep")
        fixes.append(CharFix(before, after, require_str(e, "reason"), e.line, keep))
    overrides: list[Override] = []
    seen: dict[str, int] = {}
    for e in override_entries:
        check_keys(e, ("simplified", "traditional", "opencc", "reason"))
        simp, trad = require_str(e, "simplified"), require_str(e, "traditional")
        opencc_form = require_str(e, "opencc")
        if simp in seen:
            raise e.error(
                f"{excerpt(simp)} is overridden twice (first at line {seen[simp]})",
                "simplified",
                hint="keep one entry per phrase",
            )
        seen[simp] = e.line
        if len(simp) != len(trad):
            raise e.error("'traditional' must have as many characters as 'simplified'", "traditional")
        overrides.append(Override(simp, trad, opencc_form, require_str(e, "reason"), e.path, e.line))
    # Longest phrase first, so a longer override wins where two overlap.
    overrides.sort(key=lambda o: -len(o.simplified))
    return Scripts(
        to_hans,
        to_hant,
        variant,
        tuple(fixes),
        tuple(overrides),
        quotes or default_quotes(variant),
        standard=standard_converter(),
    )


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


def read_scripts(variant: Variant, path: Path, quotes: Quotes | None = None) -> Scripts:
    """The converters and the corrections of the table at ``path``, checked against OpenCC."""
    top_keys(read_text(path), str(path), ("simplified", "traditional"))
    scripts = make_scripts(
        variant, read_entries(path, "simplified"), read_entries(path, "traditional"), quotes
    )
    check_overrides(scripts)
    return scripts
