"""Stage ``clean``: separate the page's furniture and metadata from the report body.

A scraped page has the report in the middle: before it the site's breadcrumb, the page title,
the publication time, widgets, a photo caption; after it a footer, share buttons, related
links; and advertising anywhere. ``clean`` finds where the report begins (its salutation, its
first heading or its first sentence: the *anchor*) and where it ends (the last line that is
not furniture), and removes only lines that are furniture by shape (``furniture.kind``):

* before the anchor: everything but the report's title line (the last title-like line) and
  its byline and speaker; the page's earlier copies of the title and the metadata fields go
  into :class:`~build_tools.text.model.Meta`;
* after the end: the footer, line by line from the bottom, while lines are furniture;
* anywhere: advertising, blank lines, and a second copy of the whole report.

Whole lines only, and every one recorded. Inside lines, only characters that are never text
(``chars``) are removed, and a section marker split over two lines (``（`` / ``三）…``) is
joined; both recorded. What the maintainer gave (:class:`Given`) has the last word on the
metadata; the source script is taken from it or detected from the body.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field

from . import furniture
from .chars import describe, invisible
from .markers import (
    BYLINE_END,
    BYLINE_START,
    DATED_BYLINE,
    HEADING_START,
    MARKER_OPEN,
    MARKER_REST,
    SALUTATION_LINE,
    is_title,
)
from .model import Change, ChangeKind, Draft, Given, Line, Meta, Notice
from .script import Converter, detect_script

# A line holding only spaces, no-break spaces, ideographic spaces or zero-width marks.
_BLANK = re.compile(r"^[\s\u00a0\u3000\u200b\ufeff]*$")
# Clause punctuation: a line with it is text (the report's first sentence), never the value
# of a metadata key left alone on the line above ("浏览次数：").
_CLAUSE = re.compile(r"[，。；：！？、]")
# A photo caption: "…作政府工作报告。 宁夏日报记者 王鼎 摄", "省长赵刚作政府工作报告".
_CAPTION = re.compile(
    r"(记者|記者|通讯员|通訊員).{0,12}摄[\s\u3000]*$|摄[\s\u3000]*$|"
    r"^[^，。]{2,20}作(政府)?工作报告[。\s\u3000]*$|^[^，。]{2,20}作(政府)?工作報告[。\s\u3000]*$"
)


def visible(lines: tuple[Line, ...]) -> tuple[tuple[Line, ...], list[Change]]:
    """Drop the characters that are never text (``build_tools.text.chars``), recording each."""
    out: list[Line] = []
    changes: list[Change] = []
    for line in lines:
        found = list(invisible(line.text))
        if not found:
            out.append(line)
            continue
        for removed, (at, c) in enumerate(found):
            changes.append(
                Change("invisible", "invisible-character", line.no, c, "", col=at - removed, note=describe(c))
            )
        dropped = {at for at, _ in found}
        out.append(Line(line.no, "".join(c for i, c in enumerate(line.text) if i not in dropped)))
    return tuple(out), changes


def joined(lines: tuple[Line, ...]) -> tuple[tuple[Line, ...], list[Change]]:
    """Join what the scrape split over two lines: a section marker (``（`` / ``三）…``) and a
    work report's byline (``——2026年1月26日在广东省第十四届`` / ``人民代表大会第五次会议上``)."""
    out: list[Line] = []
    changes: list[Change] = []
    skip = False
    for i, line in enumerate(lines):
        if skip:
            skip = False
            continue
        nxt = lines[i + 1] if i + 1 < len(lines) else None
        rule = _split_rule(line.text, nxt.text) if nxt is not None else ""
        if nxt is not None and rule:
            out.append(Line(line.no, line.text.strip() + nxt.text.strip()))
            changes.append(Change("layout", rule, nxt.no, nxt.text, "", note=f"joined to line {line.no}"))
            skip = True
            continue
        out.append(line)
    return tuple(out), changes


def _split_rule(text: str, nxt: str) -> str:
    """The rule that joins line ``nxt`` to the line before it, ``text``; "" for none."""
    if MARKER_OPEN.match(text) and MARKER_REST.match(nxt):
        return "joined-marker"
    if (
        BYLINE_START.match(text)
        and not BYLINE_END.search(text)
        and BYLINE_END.search(nxt)
        and len(nxt.strip()) <= 30
        and not re.search(r"[，。；！？,;]", nxt)
    ):
        return "joined-byline"
    return ""


def with_given(meta: Meta, given: Given) -> Meta:
    """The page's metadata with the maintainer's values on top."""
    values = {
        key: getattr(given, key)
        for key in ("title", "short_title", "issuer", "published", "source_office", "source_script")
        if getattr(given, key)
    }
    return dataclasses.replace(meta, **values)


@dataclass
class _Sorted:
    """The lines of a page sorted into the body, the page's metadata and the record."""

    body: list[Line] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    fields: dict[str, str] = field(default_factory=dict)
    title: list[str] = field(default_factory=list)
    notices: list[Notice] = field(default_factory=list)

    def drop(self, line: Line, kind: str, category: ChangeKind = "furniture", note: str = "") -> None:
        if category == "furniture" and kind == "blank" and not line.text:
            return  # an empty line is only a paragraph break
        self.changes.append(
            Change(category, kind, line.no, line.text, "", note=note or furniture.NOTES.get(kind, kind))
        )

    def metadata(self, key: str, value: str) -> None:
        for name, pattern in furniture.META_FIELDS.items():
            if pattern.fullmatch(key) and value and name not in self.fields:
                self.fields[name] = value


def _anchor(lines: list[Line]) -> int:
    """Where the report begins: its salutation, first heading or first sentence (not a
    caption); the end of the page when none is found."""
    for i, line in enumerate(lines):
        text = line.text.strip()
        if SALUTATION_LINE.match(text) or HEADING_START.match(text):
            return i
        if (
            furniture.is_sentence(text)
            and len(text) >= 16
            and not _CAPTION.search(text)
            and furniture.kind(text) is None
            and not DATED_BYLINE.search(text)
        ):
            return i
    return len(lines)


def _front(lines: list[Line], out: _Sorted) -> None:
    """The lines before the anchor: the report's title line (the last title-like one) and
    what follows it stay; the page's furniture, metadata, caption and what came before the
    title go (the first title-like line of the page is its title, kept as metadata)."""
    titles = [i for i, line in enumerate(lines) if is_title(line.text)]
    keep_from = titles[-1] if titles else 0
    pending_key = ""
    for i, line in enumerate(lines):
        text = line.text.strip()
        shape = furniture.kind(text)
        if (
            pending_key
            and shape in (None, "date")
            and not is_title(text)
            and len(text) <= 40
            and not _CLAUSE.search(text)
        ):
            out.metadata(pending_key, text)  # the value of "来源：" on the line after it
            out.drop(line, "page-metadata", "metadata", note=pending_key)
            pending_key = ""
            continue
        pending_key = ""
        if shape == "meta":
            fields = furniture.meta_fields(text)
            for key, value in fields:
                out.metadata(key, value)
            last_key, last_value = fields[-1]
            pending_key = last_key if not last_value else ""
            out.drop(line, "page-metadata", "metadata", note="、".join(k for k, _ in fields))
        elif shape is not None:
            out.drop(line, shape)
        elif _CAPTION.search(text) and i != keep_from:
            out.drop(line, "caption")
        elif i < keep_from and is_title(text) and not out.title:
            out.title.append(text)
            out.drop(line, "page-title", "metadata", note="the page title")
        elif i < keep_from:
            out.drop(line, "page-header")
        else:
            out.body.append(line)


def _tail(lines: list[Line]) -> int:
    """How many lines at the end of the page are its footer."""
    n = 0
    for line in reversed(lines):
        text = line.text.strip()
        if text and furniture.kind(text) is None:
            break
        n += 1
    return n


# White space of any kind: a copy of the report may break its lines differently.
_SPACES = re.compile(r"[\s\u3000]")


def _duplicate(body: list[Line]) -> int:
    """Where a second copy of the report starts in the body (0: there is none).

    A later line that repeats the body's first line starts a copy when the text from there
    on is the text before it (or its beginning, at least half of it), compared as one stream
    of characters, so that a copy whose lines were broken differently is found too."""
    text = [_SPACES.sub("", line.text) for line in body]
    if not text or not text[0]:
        return 0
    whole = "".join(text)
    off = 0  # where line k starts in ``whole``
    for k in range(1, len(text)):
        off += len(text[k - 1])
        if text[k] != text[0]:
            continue
        rest = len(whole) - off
        # One is the other's beginning: they agree over the shorter one's length.
        if rest >= off // 2 and _agree(whole, off, min(off, rest)):
            return k
    return 0


def _agree(text: str, off: int, length: int) -> bool:
    """``text[:length] == text[off : off + length]``, compared in pieces that double in
    size, so that a difference costs about its distance from the start, not ``length``."""
    done, step = 0, 256
    while done < length:
        end = min(length, done + step)
        if text[done:end] != text[off + done : off + end]:
            return False
        done, step = end, step * 2
    return True


def _sort(raw: tuple[Line, ...]) -> _Sorted:
    out = _Sorted()
    lines = []
    for line in raw:
        if _BLANK.match(line.text):
            out.drop(line, "blank")
        else:
            lines.append(line)
    start = _anchor(lines)
    _front(lines[:start], out)
    footer = _tail(lines[start:])
    middle = lines[start : len(lines) - footer]
    for line in middle:
        if furniture.SPAM.search(line.text) and not furniture.is_sentence(line.text):
            out.drop(line, "spam")
        else:
            out.body.append(line)
    for line in lines[len(lines) - footer :]:
        shape = furniture.kind(line.text) or "blank"
        if shape == "meta":  # 责任编辑：… under the report
            keys = "、".join(k for k, _ in furniture.meta_fields(line.text))
            out.drop(line, "page-metadata", "metadata", note=keys)
        else:
            out.drop(line, shape)
    copy = _duplicate(out.body)
    if copy:
        for line in out.body[copy:]:
            out.drop(line, "duplicate")
        out.notices.append(
            Notice(
                "duplicate",
                out.body[copy].no,
                f"the page holds the report twice; the copy from line "
                f"{out.body[copy].no} was left out (see the notes)",
            )
        )
        out.body = out.body[:copy]
    out.changes.sort(key=lambda c: c.line)
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
    raw, layout = joined(raw)
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
    return dataclasses.replace(
        draft,
        meta=meta,
        body=body,
        cleaned=body,
        changes=draft.changes + tuple(removed) + tuple(layout) + tuple(lines.changes),
        notices=draft.notices + tuple(lines.notices),
    )
