"""The fonts of the PDF: each script's Noto CJK families (Debian's fonts-noto-cjk).

Typst finds installed fonts itself (it reads the font folders; no fontconfig). A family that
is not installed is a Typst warning, and a character that no installed font has is an error
under PDF/A: both stop the build (``compile``) with :data:`INSTALL_HINT`, so the PDF never
shows the wrong glyph forms or empty boxes.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from ...text.model import Script

INSTALL_HINT = "install Debian's fonts-noto-cjk (apt-get install fonts-noto-cjk) and run again"


@dataclass(frozen=True, slots=True)
class Families:
    """The font families of one script, Song/Ming body text, Hei headings, monospace code, and
    its language: Typst chooses punctuation forms and line-breaking rules by it, and the PDF
    declares it (``/Lang``: ``zh-CN``, ``zh-TW``, ``zh-HK``)."""

    serif: str
    sans: str
    mono: str
    lang: str = "zh"
    region: str = "CN"

    def all(self) -> tuple[str, str, str]:
        return (self.serif, self.sans, self.mono)

    @property
    def tag(self) -> str:
        """The PDF's /Lang."""
        return f"{self.lang}-{self.region}"


# Each script asks for its own regional glyph forms (SC or TC), as the site's extra.css does.
FAMILIES: dict[Script, Families] = {
    "zh-Hans": Families("Noto Serif CJK SC", "Noto Sans CJK SC", "Noto Sans Mono CJK SC", "zh", "CN"),
    "zh-Hant": Families("Noto Serif CJK TC", "Noto Sans CJK TC", "Noto Sans Mono CJK TC", "zh", "TW"),
}


def families(script: Script, variant: str = "s2tw") -> Families:
    """The families of ``script``; the Traditional text converted for Hong Kong (``s2hk``)
    declares Hong Kong's Chinese."""
    found = FAMILIES[script]
    if script == "zh-Hant" and variant == "s2hk":
        return dataclasses.replace(found, region="HK")
    return found
