"""Stage ``clean``: separate page furniture and metadata from the report body.

Only whole lines are removed, and only lines that are page furniture: advertising, the
breadcrumb, the font-size widget and lines of nothing but (no-break) spaces. Metadata lines
(title, publication time, source office) move into :class:`~build_tools.model.Meta`. Every
removed line is recorded; nothing inside a body line is touched here.

What the maintainer gave (:class:`~build_tools.text.model.Given`, from the report's config)
then has the last word on the metadata; the script of the source text is taken from it or
detected from the body.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field

from .chars import describe, invisible
from .model import Change, Draft, Given, Line, Meta
from .script import Converter, detect_script

# Lottery and gambling advertising injected into scraped government pages. A line is spam only
# if it also has no sentence end (。), so a report paragraph that mentions 彩票 is never dropped.
_SPAM = re.compile(
    r"快3|快三|pk10|[時时][時时]彩|彩票|彩神|六合彩|[開开][獎奖]|[娛娱][樂乐]城|棋牌|Wellcome!!|_Welcome",
    re.IGNORECASE,
)
# "您當前的位置: 首頁 > …" — the site's breadcrumb.
_BREADCRUMB = re.compile(r"^\s*(您[當当]前的?位置|[當当]前位置)\s*[:：]")
# "• 【字體: 大 中 小" — the font-size widget (its labels are often lost in the scrape).
_WIDGET = re.compile(r"^\s*[•·]?\s*【\s*字[體体]")
# "• 發布時間:2019-10-02 09:28:00" and its siblings: page metadata, one field a line.
_META = re.compile(
    r"^\s*[•·]?\s*(?P<key>[發发]布[時时][間间]|[轉转][載载][時时][間间]|[來来]源[網网]站|[來来]源"
    r"|作者|[瀏浏][覽览]次[數数]|[點点]擊[數数]|点击数)\s*[:：]\s*(?P<value>.*?)\s*$"
)
_META_FIELDS = {
    "published": re.compile(r"[發发]布[時时][間间]"),
    "source_office": re.compile(r"[來来]源([網网]站)?"),
}
# A line holding only spaces, no-break spaces, ideographic spaces or zero-width marks.
_BLANK = re.compile(r"^[\s\u00a0\u3000\u200b\ufeff]*$")


def _classify(text: str) -> str:
    if _BLANK.match(text):
        return "blank"
    if _BREADCRUMB.match(text):
        return "breadcrumb"
    if _WIDGET.match(text):
        return "widget"
    if _META.match(text):
        return "meta"
    if _SPAM.search(text) and "。" not in text:
        return "spam"
    return "body"


_RULE_NOTES = {
    "blank": "a line of only spaces or no-break spaces",
    "breadcrumb": "the site's breadcrumb",
    "widget": "the font-size widget",
    "spam": "advertising injected into the page",
}


def visible(lines: tuple[Line, ...]) -> tuple[tuple[Line, ...], list[Change]]:
    """Drop the characters that are never text (``build_tools.chars``), recording each."""
    out: list[Line] = []
    changes: list[Change] = []
    for line in lines:
        found = list(invisible(line.text))
        if not found:
            out.append(line)
            continue
        for removed, (at, c) in enumerate(found):
            changes.append(Change("invisible", "invisible-character", line.no, c, "",
                                  col=at - removed, note=describe(c)))
        dropped = {at for at, _ in found}
        out.append(Line(line.no, "".join(c for i, c in enumerate(line.text) if i not in dropped)))
    return tuple(out), changes


def with_given(meta: Meta, given: Given) -> Meta:
    """The page's metadata with the maintainer's values on top."""
    values = {key: getattr(given, key) for key in
              ("title", "short_title", "issuer", "published", "source_office", "source_script")
              if getattr(given, key)}
    return dataclasses.replace(meta, **values)


@dataclass
class _Sorted:
    """The lines of a page sorted into the body, the page's metadata and the record."""

    body: list[Line] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    fields: dict[str, str] = field(default_factory=dict)
    title: list[str] = field(default_factory=list)


def _sort(raw: tuple[Line, ...]) -> _Sorted:
    kinds = [_classify(line.text) for line in raw]
    meta_rows = [i for i, k in enumerate(kinds) if k == "meta"]
    # Lines above the last metadata field that are not other furniture form the page title.
    header_end = meta_rows[-1] if meta_rows else -1
    out = _Sorted()
    for i, (line, kind) in enumerate(zip(raw, kinds, strict=True)):
        if kind == "body" and i < header_end:
            out.title.append(line.text.strip())
            out.changes.append(
                Change("metadata", "page-title", line.no, line.text, "", note="the page title"))
        elif kind == "meta":
            m = _META.match(line.text)
            assert m is not None
            key, value = m.group("key"), m.group("value")
            for name, pattern in _META_FIELDS.items():
                if pattern.fullmatch(key) and value and name not in out.fields:
                    out.fields[name] = value
            out.changes.append(Change("metadata", "page-metadata", line.no, line.text, "",
                                      note=key))
        elif kind == "body":
            out.body.append(line)
        elif kind != "blank" or line.text:  # an empty line is only a paragraph break
            out.changes.append(Change("furniture", kind, line.no, line.text, "",
                                      note=_RULE_NOTES[kind]))
    return out


def clean(
    draft: Draft,
    given: Given | None = None,
    converters: tuple[Converter, Converter] | None = None,
) -> Draft:
    """Split furniture and metadata from the body.

    ``given``: what the report's config says, which wins over the page's metadata.
    ``converters``: (to Simplified, to Traditional), to detect the source script when the
    config does not give it; without them the draft's ``source_script`` is kept.
    """
    raw, removed = visible(draft.raw)
    lines = _sort(raw)
    meta = dataclasses.replace(
        draft.meta,
        page_title="".join(lines.title),
        published=lines.fields.get("published", draft.meta.published),
        source_office=lines.fields.get("source_office", draft.meta.source_office),
    )
    if given is not None:
        meta = with_given(meta, given)
    if converters is not None and not (given and given.source_script):
        meta = dataclasses.replace(meta, source_script=detect_script(lines.body, *converters))
    body = tuple(lines.body)
    return dataclasses.replace(draft, meta=meta, body=body, cleaned=body,
                               changes=draft.changes + tuple(removed) + tuple(lines.changes))
