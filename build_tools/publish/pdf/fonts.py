"""The fonts of the PDF, and fontconfig checks that run before anything is rendered.

WeasyPrint asks fontconfig for each family in the stylesheet and silently draws empty boxes
when no installed font has a character. So the build asks fontconfig first: are the script's
Noto CJK families installed under their own names, and does some installed font have every
character of the document? If not, it stops with what to install.
"""

from __future__ import annotations

import bisect
import shutil
import subprocess
import unicodedata
from dataclasses import dataclass

from ...errors import BuildError
from ...text.model import Script

INSTALL_HINT = "install Debian's fonts-noto-cjk (apt-get install fonts-noto-cjk) and run again"


@dataclass(frozen=True, slots=True)
class Families:
    """The font families of one script: Song/Ming body text, sans headings, monospace code."""

    serif: str
    sans: str
    mono: str
    #: fontconfig's language tag for this script's Han forms
    fc_lang: str

    def all(self) -> tuple[str, str, str]:
        return (self.serif, self.sans, self.mono)

    def css(self) -> str:
        """The stylesheet part that depends on the script: which families to use."""
        return (
            f':root {{ font-family: "{self.serif}"; }}\n'
            f'h1, h2, h3, h4, h5, h6, th, .cover, .toc, .lof {{ font-family: "{self.sans}"; }}\n'
            f'code, kbd, pre, samp {{ font-family: "{self.mono}"; }}\n'
        )


# Each script asks for its own regional glyph forms (SC or TC), as the site's extra.css does.
FAMILIES: dict[Script, Families] = {
    "zh-Hans": Families("Noto Serif CJK SC", "Noto Sans CJK SC", "Noto Sans Mono CJK SC", "zh-cn"),
    "zh-Hant": Families("Noto Serif CJK TC", "Noto Sans CJK TC", "Noto Sans Mono CJK TC", "zh-tw"),
}


def _fc(*args: str) -> str:
    tool = shutil.which(args[0])
    if tool is None:
        raise BuildError(
            f"{args[0]} not found: the PDF build asks fontconfig which fonts are installed",
            hint="install fontconfig and fonts-noto-cjk (apt-get install fontconfig fonts-noto-cjk)",
        )
    done = subprocess.run([tool, *args[1:]], capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise BuildError(f"{' '.join(args)} failed: {done.stderr.strip()}", hint=INSTALL_HINT)
    return done.stdout


def require_families(script: Script) -> None:
    """Every family of ``script`` is installed under its own name (no silent substitute)."""
    families = FAMILIES[script]
    if not _fc("fc-list", f":lang={families.fc_lang}", "family").strip():
        raise BuildError(f"no font for {families.fc_lang} is installed ({script} PDF)", hint=INSTALL_HINT)
    for family in families.all():
        found = _fc("fc-match", "-f", "%{family}", family)
        if family not in found.split(","):
            raise BuildError(
                f'font "{family}" is not installed (fontconfig would use "{found}" instead, '
                f"and the {script} PDF would show the wrong glyphs or empty boxes)",
                hint=INSTALL_HINT,
            )


@dataclass(frozen=True, slots=True)
class Charset:
    """The characters of a font, as fontconfig's ranges ``20-7e a0-103 …``."""

    starts: tuple[int, ...]
    ends: tuple[int, ...]

    @classmethod
    def parse(cls, text: str) -> Charset:
        ranges = []
        for part in text.split():
            lo, _, hi = part.partition("-")
            ranges.append((int(lo, 16), int(hi or lo, 16)))
        ranges.sort()
        return cls(tuple(r[0] for r in ranges), tuple(r[1] for r in ranges))

    def __contains__(self, char: object) -> bool:
        if not isinstance(char, str):
            return False
        code = ord(char)
        i = bisect.bisect_right(self.starts, code) - 1
        return i >= 0 and code <= self.ends[i]


def _fallback_order(family: str, fc_lang: str) -> list[tuple[str, Charset]]:
    """The fonts fontconfig tries after ``family`` (as Pango asks it), with their charsets."""
    out = _fc("fc-match", "-s", "-f", "%{family[0]}\t%{charset}\n", f"{family}:lang={fc_lang}")
    fonts = []
    for row in out.splitlines():
        name, _, charset = row.partition("\t")
        fonts.append((name, Charset.parse(charset)))
    return fonts


def fallbacks(script: Script, text: str) -> dict[str, tuple[str, ...]]:
    """Characters of ``text`` that the script's families lack → the installed fonts that
    fontconfig gives for them instead (for the text, heading and code families). Raises
    BuildError for a character that no installed font has: WeasyPrint would draw a box."""
    families = FAMILIES[script]
    charsets = [Charset.parse(_fc("fc-match", "-f", "%{charset}", f)) for f in families.all()]
    lacking = sorted(
        c
        for c in set(text)
        if not c.isspace()
        and unicodedata.category(c) not in ("Cc", "Cf")
        and not any(c in charset for charset in charsets)
    )
    if not lacking:
        return {}
    orders = [_fallback_order(f, families.fc_lang) for f in families.all()]
    out: dict[str, tuple[str, ...]] = {}
    missing: list[str] = []
    for char in lacking:
        found = sorted({next((name for name, cs in order if char in cs), "") for order in orders})
        if found == [""]:
            missing.append(f"U+{ord(char):04X} {char} ({unicodedata.name(char, '?')})")
        else:
            out[char] = tuple(name for name in found if name)
    if missing:
        raise BuildError(
            f"no installed font has these characters of the {script} PDF: {'; '.join(missing)}",
            hint="install a font that has them (fonts-noto-cjk, fonts-dejavu-core, "
            "fonts-noto-core), or report the text if the character is a mistake",
        )
    return out
