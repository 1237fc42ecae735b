"""Where each report lives in the library: ``<issuer>/<year>/``, ASCII and stable.

The issuer's part is the pinyin of its name without the government's own suffix, one word
per administrative unit (深圳市罗湖区人民政府 → ``shenzhenshi-luohuqu``, 国务院 → ``guowuyuan``,
大鹏新区管理委员会 → ``dapengxinqu``), by the pinned pypinyin; ``issuers:`` in library.yml
gives another. The year is the report's. Two reports of one issuer and year: the one whose
folder sorts first keeps ``<year>``; each other gets ``<year>-<its folder's name>``, so adding
a report whose folder sorts later moves no address.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from .record import Record

# What ends an issuer's name that is not its place: the body itself (人民政府, 管委会 …).
_BODY = re.compile(r"(人民政府|人民政府办公厅|管理委员会|管委会|办公室|办公厅)$")
# Where one administrative unit of a place name ends (深圳市|罗湖区, 大鹏新区). Not 州 alone:
# it ends 广州 and 杭州 too (a prefecture is 自治州); townships do not publish such reports.
_UNIT = re.compile(r".+?(?:新区|自治区|自治州|特别行政区|[省市区县旗盟])")
# What an address keeps: ASCII letters and digits; every other run becomes one hyphen.
_NOT_ASCII_WORD = re.compile(r"[^a-z0-9]+")


def ascii_words(text: str) -> str:
    """``text`` in pinyin without tones, lower-case, its words joined (a word per run of Han
    characters), other characters kept only when they are ASCII letters or digits."""
    from pypinyin import Style, lazy_pinyin

    syllables = lazy_pinyin(text, style=Style.NORMAL, errors=lambda chars: chars)
    return _NOT_ASCII_WORD.sub("-", "".join(syllables).lower()).strip("-")


def issuer_slug(issuer: str, given: Mapping[str, str] | None = None) -> str:
    """The issuer's part of an address (see the module's docstring)."""
    if given and issuer in given:
        return given[issuer]
    place = _BODY.sub("", issuer) or issuer
    units = _UNIT.findall(place)
    rest = place[sum(len(u) for u in units) :]
    words = [ascii_words(u) for u in [*units, rest] if u]
    return "-".join(w for w in words if w) or "issuer"


def folder_slug(key: str) -> str:
    """A report folder's last name as ASCII (``reports/luohu-2018`` → ``luohu-2018``)."""
    return ascii_words(key.rstrip("/").split("/")[-1]) or "report"


def addresses(records: Sequence[Record], given: Mapping[str, str] | None = None) -> dict[str, str]:
    """``{key: "issuer/year"}`` for every built report (see the module's docstring)."""
    taken: dict[str, str] = {}
    out: dict[str, str] = {}
    for record in sorted((r for r in records if r.status == "built"), key=lambda r: r.key):
        base = f"{issuer_slug(record.issuer[0], given)}/{record.year}"
        address = base if base not in taken else f"{base}-{folder_slug(record.key)}"
        n = 2
        while address in taken:  # two folders whose names read the same in ASCII
            address, n = f"{base}-{folder_slug(record.key)}-{n}", n + 1
        taken[address] = record.key
        out[record.key] = address
    return out


def issuer_order(address: str) -> tuple[str, ...]:
    """How issuers are listed: by their address's words, so that a city comes right before its
    districts (``shenzhenshi``, ``shenzhenshi-baoanqu`` …) whatever the punctuation sorts."""
    return tuple(address.split("/")[0].split("-"))
