"""Stage ``parse``: each script's body as a report: title, preface, parts, chapters, sections,
closing, sign-off and appendices.

Shapes handled: chapters ``一、``; unnumbered parts above them (``2013年工作回顾`` …) with the
chapter numbers starting anew in each, or holding their text or their ``（一）`` sections
directly; sections ``（一）`` or ``(一)``, run in (the heading ends at the first 。) or on a
line of their own; inline points ``一是…二是…``; a third level ``1.`` kept as paragraphs; the
end of the report read from its end (``ending``): appendices, a sign-off, and a closing after
the last heading. Title and preface may be missing. Both scripts must give one structure.
Where the structure looks surprising (most of the text outside the chapters, one chapter
holding most of it, numbered lines after the closing) a notice says so.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError
from ..paths import config_for
from .ending import sign_off, split_appendices
from .markers import (
    BYLINE,
    CHAPTER,
    CLOSING,
    CLOSING_CHAPTER,
    EXHORTATION,
    PART,
    PART_WORDS,
    POINT,
    PUNCTUATION,
    SALUTATION,
    SECTION,
    SENTENCE_END,
    SPEAKER,
)
from .model import (
    Block,
    Chapter,
    Document,
    Draft,
    Line,
    Meta,
    Notice,
    Para,
    Part,
    Points,
    Report,
    Script,
    Section,
)
from .numerals import from_int, to_int
from .script import Converter
from .verify import han_count

# A title line names a report (or a plan); it is short and has no sentence in it.
_TITLE_WORDS = re.compile(r"报告|報告|纲要|綱要|规划|規劃|总结|總結")
_LEAD_IN = re.compile(r"(如下|报告|報告)[：:]$")


def _points(text: str, line: int) -> Block:
    """A paragraph with inline points 一是、二是… in sequence becomes :class:`Points`."""
    starts: list[int] = []
    for m in POINT.finditer(text):
        if to_int(m.group("num")) == len(starts) + 1:
            starts.append(m.start())
    if len(starts) < 2:
        return Para(text, line)
    items = tuple(text[a:b] for a, b in zip(starts, [*starts[1:], len(text)], strict=False))
    return Points(text[: starts[0]], items, line)


def _blocks(lines: Sequence[Line]) -> tuple[Block, ...]:
    return tuple(_points(line.text.strip(), line.no) for line in lines)


def _is_title(text: str) -> bool:
    text = text.strip()
    return (
        len(text) <= 100
        and bool(_TITLE_WORDS.search(text))
        and not CHAPTER.match(text)
        and not SECTION.match(text)
        and not re.search(r"[。！？；：，,:;]$", text)
        and not SALUTATION.match(text)
        and not _LEAD_IN.search(text)
        and not BYLINE.search(text)
    )


@dataclass(frozen=True, slots=True)
class _Head:
    """A heading line of the body: ``kind`` is chapter, section or part."""

    index: int
    kind: str
    num: int = 0


def _heads(body: list[Line]) -> list[_Head]:
    heads = []
    for i, line in enumerate(body):
        text = line.text.strip()
        if m := CHAPTER.match(text):
            heads.append(_Head(i, "chapter", to_int(m.group("num"))))
        elif m := SECTION.match(text):
            heads.append(_Head(i, "section", to_int(m.group("num"))))
    return heads


def _part_candidate(text: str) -> bool:
    text = text.strip()
    return (
        bool(PART.match(text))
        and not PUNCTUATION.search(text)
        and not SALUTATION.match(text)
        and not SPEAKER.search(text)
        and not BYLINE.search(text)
        and not CHAPTER.match(text)
        and not SECTION.match(text)
    )


def _parts(body: list[Line], heads: list[_Head]) -> list[int]:
    """Indices of the headings of unnumbered parts.

    A short line without punctuation is a part's heading when the next heading after it
    starts the numbering anew (``一、``, or ``（一）`` in a report without chapters) with no
    other such line between; or, where there are such parts, when it reads like one
    (``2014年工作安排``)."""
    candidates = [i for i, line in enumerate(body) if _part_candidate(line.text)]
    if not candidates:
        return []
    has_chapters = any(h.kind == "chapter" for h in heads)
    strong, weak = [], []
    for c in candidates:
        nxt = next((h for h in heads if h.index > c), None)
        between = [d for d in candidates if nxt is not None and c < d < nxt.index]
        restart = (
            nxt is not None and nxt.num == 1 and not between and (nxt.kind == "chapter" or not has_chapters)
        )
        if restart:
            strong.append(c)
        elif PART_WORDS.match(body[c].text.strip()):
            weak.append(c)
    if not strong and len(weak) < 2:
        return []
    return sorted(strong + weak)


def _closing_start(body: list[Line], heads: list[_Head], parts: list[int]) -> int:
    """Where the closing begins: the first paragraph after the last heading that opens a look
    back, the next steps or the final exhortation; never a heading's only paragraph, and no
    closing at all after a last chapter that is itself about problems or next steps."""
    marks = sorted([h.index for h in heads] + parts)
    if not marks:
        return len(body)
    last = marks[-1]
    first = last + (1 if "。" in body[last].text else 2)  # a run-in heading holds its text
    last_chapter = next((h for h in reversed(heads) if h.kind == "chapter"), None)
    if last_chapter is not None:
        m = CHAPTER.match(body[last_chapter.index].text.strip())
        if (
            m
            and CLOSING_CHAPTER.search(m.group("title"))
            and last_chapter.index == max((h.index for h in heads if h.kind == "chapter"), default=-1)
        ):
            # Only "各位代表！…" ends a work report's 2026年工作安排 (never its own text).
            return next((i for i in range(first, len(body)) if EXHORTATION.match(body[i].text)), len(body))
    for i in range(first, len(body)):
        if CLOSING.match(body[i].text) or EXHORTATION.match(body[i].text):
            return i
    return len(body)


def _section(
    lines: list[Line], chapter: int, label: str, path: str
) -> tuple[tuple[Block, ...], tuple[Section, ...]]:
    """A chapter's lines (after its heading): the intro and the sections ``（一）…``."""
    intro: list[Block] = []
    sections: list[Section] = []
    for line in lines:
        text = line.text.strip()
        sm = SECTION.match(text)
        if sm is None:
            if sections:
                last = sections[-1]
                sections[-1] = dataclasses.replace(last, body=(*last.body, _points(text, line.no)))
            else:
                intro.append(_points(text, line.no))
            continue
        number = to_int(sm.group("num"))
        if number != len(sections) + 1:
            what = "is repeated" if number <= len(sections) else "comes too early"
            raise InputError(
                f"section （{sm.group('num')}） of chapter {label} {what}: section "
                f"（{from_int(len(sections) + 1)}） was expected here",
                path=path,
                line=line.no,
                hint="sections of a chapter must run （一）（二）（三）… in order; fix the "
                "numbering or restore the missing section",
            )
        marker = text[: text.index(sm.group("num")) + len(sm.group("num")) + 1]
        rest = sm.group("rest")
        heading, end_mark, first = rest, "", ""
        if "。" in rest:
            heading, _, first = rest.partition("。")
            end_mark = "。"
        sections.append(
            Section(
                chapter,
                number,
                marker,
                heading.strip(),
                end_mark,
                (_points(first, line.no),) if first else (),
                line.no,
            )
        )
    return tuple(intro), tuple(sections)


@dataclass
class _Outline:
    """The chapters and parts as they are built, numbered across the whole report."""

    path: str
    chapters: list[Chapter]
    parts: list[Part]

    def chapter(self, head: Line, marker: str, title: str, lines: list[Line], part: int) -> None:
        number = len(self.chapters) + 1
        label = marker or title
        intro, sections = _section(lines, number, label, self.path)
        if not intro and not sections:
            raise InputError(
                f"chapter {label} has no text",
                path=self.path,
                line=head.no,
                hint="the file may be truncated or a chapter's text lost; restore it",
            )
        self.chapters.append(Chapter(number, marker, title, head.no, intro, sections, part))

    def numbered(self, lines: list[Line], part: int) -> None:
        """Numbered chapters ``一、二、…`` (starting anew in each part)."""
        rows = [i for i, line in enumerate(lines) if CHAPTER.match(line.text.strip())]
        if not rows:
            return
        for k, (start, end) in enumerate(zip(rows, [*rows[1:], len(lines)], strict=True), start=1):
            m = CHAPTER.match(lines[start].text.strip())
            assert m is not None
            if to_int(m.group("num")) != k:
                raise _chapter_error(m.group("num"), k, [lines[r] for r in rows], lines[start], self.path)
            self.chapter(
                lines[start], f"{m.group('num')}、", m.group("title").strip(), lines[start + 1 : end], part
            )


def _outline(
    body: list[Line], heads: list[_Head], parts: list[int], path: str
) -> tuple[list[Chapter], list[Part]]:
    """Chapters (numbered across the report) and parts, from the body between the preface
    and the closing."""
    out = _Outline(path, [], [])
    has_chapters = any(h.kind == "chapter" for h in heads)
    first_part = parts[0] if parts else len(body)
    if has_chapters:
        out.numbered(body[:first_part], 0)
    elif first_part:
        _sections_as_chapters(out, body[:first_part])
    for start, end in zip(parts, [*parts[1:], len(body)][: len(parts)], strict=True):
        lines = body[start + 1 : end]
        rows = [i for i, line in enumerate(lines) if CHAPTER.match(line.text.strip())]
        title = body[start].text.strip()
        if rows:  # a part above numbered chapters
            out.parts.append(Part(len(out.parts) + 1, title, body[start].no, _blocks(lines[: rows[0]])))
            out.numbered(lines[rows[0] :], len(out.parts))
        else:  # a part that holds its text (or its sections) itself: a chapter of its own
            out.chapter(body[start], "", title, lines, 0)
    return out.chapters, out.parts


def _sections_as_chapters(out: _Outline, lines: list[Line]) -> None:
    """A report numbered only ``（一）（二）…`` at its top level: each section is a chapter."""
    rows = [i for i, line in enumerate(lines) if SECTION.match(line.text.strip())]
    if not rows:
        return
    for k, (start, end) in enumerate(zip(rows, [*rows[1:], len(lines)], strict=True), start=1):
        m = SECTION.match(lines[start].text.strip())
        assert m is not None
        if to_int(m.group("num")) != k:
            raise InputError(
                f"（{m.group('num')}） stands where （{from_int(k)}） was expected",
                path=out.path,
                line=lines[start].no,
                hint="the top-level numbers must run （一）（二）… in order",
            )
        text = lines[start].text.strip()
        marker = text[: text.index(m.group("num")) + len(m.group("num")) + 1]
        rest = m.group("rest")
        heading, _, first = rest.partition("。") if "。" in rest else (rest, "", "")
        head = Line(lines[start].no, marker + heading)
        body = ([Line(lines[start].no, first)] if first else []) + lines[start + 1 : end]
        out.chapter(head, marker, heading.strip(), body, 0)


def _chapter_error(num: str, expected: int, heads: list[Line], head: Line, path: str) -> InputError:
    """Chapter ``num`` stands where chapter ``expected`` should: say which of missing,
    out of order or repeated it is, and where the other chapter is."""
    want = from_int(expected)
    numbers = [to_int(_chapter_num(h.text)) for h in heads]
    later = [h.no for h, n in zip(heads[expected:], numbers[expected:], strict=False) if n == expected]
    if to_int(num) < expected:
        first = next(h.no for h, n in zip(heads, numbers, strict=False) if n == to_int(num))
        message = f"chapter {num}、 is repeated (first at line {first}); chapter {want}、 was expected"
    elif later:
        message = (
            f"the chapters are out of order: chapter {num}、 comes before chapter {want}、 "
            f"(at line {later[0]})"
        )
    else:
        after = f"follows chapter {from_int(expected - 1)}、" if expected > 1 else "comes first"
        message = f"chapter {want}、 is missing: chapter {num}、 {after}"
    return InputError(
        message,
        path=path,
        line=head.no,
        hint=f"chapters must run 一、二、三… in order; restore chapter {want}、 if it was lost, "
        "or fix the numbering; a report whose parts (such as 2013年工作回顾, 2014年工作安排) "
        "number their chapters anew needs each part's heading on a line of its own",
    )


def _chapter_num(text: str) -> str:
    m = CHAPTER.match(text.strip())
    assert m is not None
    return m.group("num")


def parse_report(lines: Sequence[Line], script: Script, path: str) -> Report:
    body = [line for line in lines if line.text.strip()]
    if not body:
        raise InputError(
            "the report has no text after the page furniture was removed",
            path=path,
            line=1,
            hint="check that this is the report page's text",
        )
    body, appendices = split_appendices(body)
    body, signed = sign_off(body)
    if not body:
        raise InputError(
            "the report has only a sign-off (特此报告, the issuer, the date)",
            path=path,
            line=signed[0].no,
            hint="check that this is the whole report's text",
        )
    title: Para | None = None
    if len(body) > 1 and _is_title(body[0].text):
        title = Para(body[0].text.strip(), body[0].no)
        body = body[1:]
    heads = _heads(body)
    parts = _parts(body, heads)
    if not heads and not parts:
        raise InputError(
            "no chapters found: no line starts with a chapter number like 一、",
            path=path,
            line=body[0].no,
            hint="check that the chapters of the report begin on lines of their own with 一、二、…",
        )
    closing_at = _closing_start(body, heads, parts)
    # Where the outline starts: the first part or chapter (sections before a report's first
    # chapter are paragraphs of its preface), else the first section.
    top = [h.index for h in heads if h.kind == "chapter"] or [h.index for h in heads]
    start = min(top + parts)
    chapters, part_list = _outline(
        body[start:closing_at],
        _heads(body[start:closing_at]),
        [p - start for p in parts if p < closing_at],
        path,
    )
    return Report(
        script=script,
        title=title,
        preface=_blocks(body[:start]),
        chapters=tuple(chapters),
        closing=_blocks(body[closing_at:]),
        sign_off=tuple(Para(line.text.strip(), line.no) for line in signed),
        parts=tuple(part_list),
        appendices=tuple(appendices),
    )


def _title_from_name(path: str) -> str:
    """``国务院政府工作报告_2014年.txt`` → ``2014年国务院政府工作报告``: the Chinese words of
    a file's name, its year first; "" when the name has none."""
    stem = Path(path).name.split(".")[0]
    pieces = [p for p in re.split(r"[_\-\s]+", stem) if re.search(r"[\u4e00-\u9fff\d]", p)]
    years = [p for p in pieces if re.fullmatch(r"(19|20)\d\d年?度?", p)]
    words = [p for p in pieces if p not in years]
    if not any(re.search(r"[\u4e00-\u9fff]", p) for p in words):
        return ""
    year = (years[0] if years[0].endswith(("年", "度")) else years[0] + "年") if years else ""
    return year + "".join(words)


def _complete(meta: Meta, report: Report, path: str) -> tuple[Meta, list[Notice]]:
    """Fill the title and issuing body: the config's, else the report's title line, else
    the page's title, else the file's name (with a notice saying so). A work report's
    byline and first sentence give the issuer, and the site's name when the title is only
    "政府工作报告"."""
    notices: list[Notice] = []
    own, page = (report.title.text if report.title else ""), meta.page_title
    # A bare "政府工作报告" line under a page titled "2026年宁夏回族自治区政府工作报告": the
    # page's title says more (the home page still shows the report's own line).
    fuller = page if own and own in page and len(page) > len(own) else own
    title = meta.title or fuller or page
    if not title:
        title = _title_from_name(path)
        config = config_for(path).name
        message = (
            f"the report has no title line; the title “{title}” was made from the "
            f"file's name: add 'title: …' to {config}"
            if title
            else f"the report has no title line and the page gives none; add 'title: …' to {config}"
        )
        notices.append(Notice("no-title", 1, message))
    issuer = meta.issuer
    if not issuer:
        m = re.match(r"^(.{2,30}?)(关于|關於)", title)
        issuer = m.group(1) if m else ""
    place, year, behalf = _delivered(report)
    if not issuer and behalf:
        issuer = _issuer(place, behalf)
    short_title = meta.short_title
    generic = _GENERIC_TITLE.match(title)
    if not short_title and generic and (place or behalf.endswith(("国务院", "國務院"))):
        # The site's name for a report titled only "政府工作报告": which year, whose (the
        # pages' own form, "2026年北京市政府工作报告"); the home page keeps the title line.
        short_title = (generic.group(1) or year) + (place or behalf) + title[-6:]
    return dataclasses.replace(meta, title=title, short_title=short_title, issuer=issuer), notices


# A work report titled only "(2026年)政府工作报告", which names neither its government nor
# (always) its year; the byline and the opening sentence say both.
_GENERIC_TITLE = re.compile(r"^(\d{4}年)?政府工作(报告|報告)$")
# "——2026年1月26日在广东省第十四届" + "人民代表大会第五次会议上" (often split over lines);
# "——2016年3月5日在第十二届全国人民代表大会第四次会议上" names no place.
_DELIVERED_ON = re.compile(r"(\d{4}年)\d{1,2}月\d{1,2}日[\s\u3000]*在")
_CONGRESS_OF = re.compile(r"在([\u4e00-\u9fff]{2,14}?)第[一二三四五六七八九十]{1,3}[届屆]")
# "现在，我代表省人民政府，向大会报告工作" / "我代表国务院".
_ON_BEHALF = re.compile(r"我代表([\u4e00-\u9fff]{0,14}?(人民政府|国务院|國務院))")


# What "我代表…人民政府" says when it names only the level: 省, 自治区, 市…
_LEVELS = frozenset(
    (
        "省",
        "市",
        "区",
        "區",
        "县",
        "縣",
        "州",
        "自治区",
        "自治區",
        "自治州",
        "镇",
        "鎮",
        "乡",
        "鄉",
        "旗",
        "盟",
    )
)


def _issuer(place: str, behalf: str) -> str:
    """``我代表省人民政府`` in 广东省's congress: 广东省人民政府; ``我代表海南省人民政府``,
    ``我代表国务院``: as said; a bare level with no place named: "" (not a name)."""
    level = behalf.removesuffix("人民政府")
    if level not in _LEVELS:
        return behalf
    return place + "人民政府" if place.endswith(level) else ""


def _delivered(report: Report) -> tuple[str, str, str]:
    """(place, year, on whose behalf) as a work report's opening lines give them: the
    byline's congress (``广东省``, ``2026年``) and its first sentence (``省人民政府``);
    "" for what they do not say."""
    head = "".join(b.text for b in report.preface[:8])
    date, place, behalf = (rx.search(head) for rx in (_DELIVERED_ON, _CONGRESS_OF, _ON_BEHALF))
    return (place.group(1) if place else "", date.group(1) if date else "", behalf.group(1) if behalf else "")


def shape(report: Report) -> list[tuple[int, ...]]:
    """The structure of a report without its text: what both scripts must share."""
    out: list[tuple[int, ...]] = [
        (
            len(report.preface),
            len(report.closing),
            len(report.sign_off),
            len(report.parts),
            len(report.appendices),
        )
    ]
    for c in report.chapters:
        out.append((c.number, c.line, len(c.intro), c.part))
        out += [(s.chapter, s.number, s.line, len(s.body)) for s in c.sections]
    out += [(a.line, a.title_line, len(a.body)) for a in report.appendices]
    return out


def _share(report: Report, blocks: Sequence[Block | Para]) -> float:
    total = sum(han_count(text) for text, _ in report.paragraphs())
    return sum(han_count(b.text) for b in blocks) / total if total else 0.0


def notices(report: Report) -> list[Notice]:
    """What looks surprising in a parsed report, to be checked by a person."""
    out: list[Notice] = []
    for name, blocks in (("preface", report.preface), ("closing", report.closing)):
        share = _share(report, blocks)
        if share > 0.25 and blocks:
            out.append(
                Notice(
                    "structure",
                    blocks[0].line,
                    f"the {name} holds {share:.0%} of the "
                    "text: check that the chapters were found (unnumbered parts, "
                    "headings that lost their numbers)",
                )
            )
    sizes = [_share(report, [*c.intro, *(b for s in c.sections for b in s.body)]) for c in report.chapters]
    if len(sizes) >= 3 and max(sizes) > 0.6:
        big = report.chapters[sizes.index(max(sizes))]
        out.append(
            Notice(
                "structure",
                big.line,
                f"chapter {big.marker or big.title} holds {max(sizes):.0%} of the text: check its headings",
            )
        )
    for block in report.closing:
        if CHAPTER.match(block.text) or SECTION.match(block.text) or re.match(r"^\d+[.．、]", block.text):
            out.append(
                Notice(
                    "structure",
                    block.line,
                    "numbered lines follow the closing: "
                    "an appendix without a heading, or chapters after the closing?",
                )
            )
            break
    last = [*report.paragraphs()][-1] if report.paragraphs() else None
    if last and not SENTENCE_END.search(last[0].strip()) and not report.sign_off and not report.appendices:
        out.append(
            Notice(
                "truncated",
                last[1],
                "the report ends in the middle of a sentence: "
                "the file may be truncated (or its last line is page furniture)",
            )
        )
    return out


def parse(draft: Draft, to_hant: Converter | None = None) -> Document:
    """Both scripts' reports and their metadata completed; ``to_hant`` converts what is not
    read from the text (a title made from the file's name) for the Traditional site."""
    hans = parse_report(draft.hans, "zh-Hans", draft.path)
    hant = parse_report(draft.hant, "zh-Hant", draft.path)
    if shape(hans) != shape(hant):
        raise InputError(
            "the Simplified and Traditional texts parse into different structures",
            path=draft.path,
            hint="a conversion override probably changed a marker; check the overrides table",
        )
    meta_hans, found = _complete(draft.meta_hans, hans, draft.path)
    meta_hant, _ = _complete(draft.meta_hant, hant, draft.path)
    if not draft.meta_hans.title and not hans.title and meta_hans.title:
        title = to_hant.convert(meta_hans.title) if to_hant else meta_hans.title
        meta_hant = dataclasses.replace(meta_hant, title=title)
    return Document(
        path=draft.path,
        encoding=draft.encoding,
        meta_hans=meta_hans,
        meta_hant=meta_hant,
        hans=hans,
        hant=hant,
        cleaned=draft.cleaned,
        body=draft.body,
        hans_lines=draft.hans,
        hant_lines=draft.hant,
        changes=draft.changes,
        notices=(*draft.notices, *found, *notices(hans)),
    )
