"""Stage ``parse``: split each script's body into title, preface, chapters, sections, closing.

Shapes handled: chapters ``一、``; sections ``（一）`` or ``(一)``, run in (the heading ends at
the first 。 and the body follows on the same line) or on a line of their own; a closing
after the last chapter (problems, next steps), unless the last chapter is itself about
problems or next steps; inline points ``一是…二是…`` in any paragraph, shown as a list; a
third level ``1.``/``1．`` kept as paragraphs; a sign-off (特此报告, the issuing body, the
date, a ``（此件公开发布）`` note). Title and preface may be missing; lines may be indented
with ideographic spaces. Both scripts must give one structure.
"""

from __future__ import annotations

import dataclasses
import itertools
import re
from collections.abc import Sequence

from ..errors import InputError
from ..paths import config_for
from .model import (
    Block,
    Chapter,
    Document,
    Draft,
    Line,
    Meta,
    Notice,
    Para,
    Points,
    Report,
    Script,
    Section,
)
from .numerals import from_int, to_int

# A marker's number: exactly the numerals 1–99 that numerals.to_int reads (一 … 九, 十, 十一 …
# 九十九). numerals.NUMERAL would also take 一一 or 十十, which to_int rejects: such a line is
# text, not a heading.
NUMERAL = "(?:[二三四五六七八九]?十[一二三四五六七八九]?|[一二三四五六七八九])"

# "一、加强组织领导，全面推进法治政府建设": a chapter heading is a short line of its own.
_CHAPTER = re.compile(rf"^[\s\u3000]*(?P<num>{NUMERAL})、[\s\u3000]*(?P<title>[^\n]{{1,80}}?)\s*$")
# "（一）落实法治政府建设主体责任。…": a section, its heading run in up to the first 。
_SECTION = re.compile(rf"^[\s\u3000]*[（(](?P<num>{NUMERAL})[）)][\s\u3000]*(?P<rest>.*?)\s*$")
# Where the closing begins after the last chapter: a look back at the year ("2018年，我市…
# 虽然取得了…成绩，但是…") or the next steps ("下一步，…").
_CLOSING = re.compile(
    r"^[\s\u3000]*(\d{4}年[，,]|下一步|今后|同时也要看到|同時也要看到|但[是也]|当前|當前"
    r"|[^。]{0,30}(存在|面临|面臨)[^。]{0,20}(问题|問題|不足|差距|困难|困難))"
)
# A last chapter about problems or next steps holds the closing itself: no closing after it.
_CLOSING_CHAPTER = re.compile(r"问题|問題|不足|差距|下一步|打算|计划|計劃|安排|思路|展望|今后|今後")
# The lines that close a report, one kind a line (see _sign_off): 特此报告。 (R), the date (D),
# a note on publication such as （此件公开发布） (N), and the issuing body (I): a short line
# without sentence punctuation, taken only between 特此报告 and the date or right above a date.
_SIGN_REPORT = re.compile(
    r"^[\s\u3000]*特此[报報]告(?:[，,][^，。]{1,8})?[。．.！!]?[\s\u3000]*$")  # …，请予审议。
_SIGN_DATE = re.compile(
    r"^[\s\u3000]*(\d{4}|[〇零一二三四五六七八九○Ｏ]{4})年.{1,3}月.{1,3}日[\s\u3000]*$")
_SIGN_NOTE = re.compile(r"^[\s\u3000]*[（(]此件[^（）()]{1,20}[）)][\s\u3000]*$")
_SIGN_ISSUER = re.compile(r"^[\s\u3000]*[^，。；：！？,;:!?、]{2,30}[\s\u3000]*$")
_SIGN_SHAPE = re.compile(r"R?I{0,2}D?N?")
# Inline points: "一是…。二是…" (each marker after a sentence or clause end, or at the start).
_POINT = re.compile(rf"(?:(?<=^)|(?<=[。；;：:]))(?P<num>{NUMERAL})是")
_SENTENCE_END = re.compile(r"[。！？!?…”」』）)]$")


def _points(text: str, line: int) -> Block:
    """A paragraph with inline points 一是、二是… in sequence becomes :class:`Points`."""
    starts: list[int] = []
    for m in _POINT.finditer(text):
        if to_int(m.group("num")) == len(starts) + 1:
            starts.append(m.start())
    if len(starts) < 2:
        return Para(text, line)
    items = tuple(text[a:b] for a, b in zip(starts, [*starts[1:], len(text)], strict=False))
    return Points(text[: starts[0]], items, line)


def _is_title(line: Line) -> bool:
    text = line.text.strip()
    return (
        len(text) <= 100
        and not _CHAPTER.match(text)
        and not _SECTION.match(text)
        and not re.search(r"[。！？；：，,]$", text)
    )


def _sign_kind(text: str) -> str:
    if _SIGN_REPORT.match(text):
        return "R"
    if _SIGN_DATE.match(text):
        return "D"
    if _SIGN_NOTE.match(text):
        return "N"
    if _SIGN_ISSUER.match(text) and not _CHAPTER.match(text) and not _SECTION.match(text):
        return "I"
    return "X"


def _sign_off(lines: list[Line]) -> tuple[list[Line], list[Line]]:
    """Split the trailing sign-off from the body: the longest run of the last five lines that
    reads 特此报告 / issuing body (one or two lines) / date / note, in that order, and has
    特此报告 or a date (so a short last line of the text is never taken for an issuer)."""
    kinds = "".join(_sign_kind(line.text) for line in lines[-5:])
    for start in range(len(kinds)):
        tail = kinds[start:]
        if _SIGN_SHAPE.fullmatch(tail) and ("R" in tail or "D" in tail):
            cut = len(lines) - len(tail)
            return lines[:cut], lines[cut:]
    return lines, []


def parse_report(lines: Sequence[Line], script: Script, path: str) -> Report:  # long: #14
    body = [line for line in lines if line.text.strip()]
    if not body:
        raise InputError("the report has no text after the page furniture was removed", path=path,
                         line=1, hint="check that this is the report page's text")
    body, sign_off = _sign_off(body)
    if not body:
        raise InputError("the report has only a sign-off (特此报告, the issuer, the date)",
                         path=path, line=sign_off[0].no,
                         hint="check that this is the whole report's text")
    title: Para | None = None
    if body and _is_title(body[0]) and len(body) > 1:
        title = Para(body[0].text.strip(), body[0].no)
        body = body[1:]

    chapter_rows = [i for i, line in enumerate(body) if _CHAPTER.match(line.text)]
    if not chapter_rows:
        raise InputError(
            "no chapters found: no line starts with a chapter number like 一、",
            path=path,
            line=body[0].no,
            hint="check that the chapters of the report begin on lines of their own with 一、二、…",
        )
    # The closing starts at the first paragraph after the last chapter's heading that opens
    # a look back or the next steps, and never at a section heading.
    # A closing never takes the last chapter's first line (the chapter would be empty), and a
    # last chapter titled like a closing (存在的问题和下一步工作) holds it.
    closing_at = len(body)
    last_head = _CHAPTER.match(body[chapter_rows[-1]].text)
    if last_head is not None and not _CLOSING_CHAPTER.search(last_head.group("title")):
        for i in range(chapter_rows[-1] + 2, len(body)):
            if _CLOSING.match(body[i].text) and not _SECTION.match(body[i].text):
                closing_at = i
                break
    preface = tuple(_points(line.text.strip(), line.no) for line in body[: chapter_rows[0]])
    closing = tuple(_points(line.text.strip(), line.no) for line in body[closing_at:])

    chapters: list[Chapter] = []
    bounds = [*chapter_rows, closing_at]
    for ci, (start, end) in enumerate(itertools.pairwise(bounds), start=1):
        head = body[start]
        m = _CHAPTER.match(head.text)
        assert m is not None
        number = to_int(m.group("num"))
        if number != ci:
            raise _chapter_error(m.group("num"), ci, [body[r] for r in chapter_rows],
                                 head, path)
        intro: list[Block] = []
        sections: list[Section] = []
        current: dict[str, object] | None = None
        for line in body[start + 1: end]:
            sm = _SECTION.match(line.text)
            if sm:
                if current is not None:
                    sections.append(_section(current))
                snum = to_int(sm.group("num"))
                if snum != len(sections) + 1:
                    expected = from_int(len(sections) + 1)
                    what = "is repeated" if snum <= len(sections) else "comes too early"
                    raise InputError(
                        f"section （{sm.group('num')}） of chapter {m.group('num')}、 {what}: "
                        f"section （{expected}） was expected here",
                        path=path,
                        line=line.no,
                        hint="sections of a chapter must run （一）（二）（三）… in order; fix the "
                        "numbering or restore the missing section",
                    )
                rest = sm.group("rest")
                marker = line.text.strip()[: line.text.strip().index(sm.group("num")) +
                                           len(sm.group("num")) + 1]
                heading, end_mark, first = rest, "", ""
                if "。" in rest:
                    heading, _, first = rest.partition("。")
                    end_mark = "。"
                current = {
                    "chapter": number, "number": snum, "marker": marker, "heading": heading,
                    "heading_end": end_mark, "line": line.no,
                    "body": [_points(first, line.no)] if first else [],
                }
            elif current is not None:
                body_list = current["body"]
                assert isinstance(body_list, list)
                body_list.append(_points(line.text.strip(), line.no))
            else:
                intro.append(_points(line.text.strip(), line.no))
        if current is not None:
            sections.append(_section(current))
        if not sections and not intro:
            raise InputError(
                f"chapter {m.group('num')}、 has no text",
                path=path,
                line=head.no,
                hint="the file may be truncated or a chapter's text lost; restore it",
            )
        chapters.append(Chapter(number, f"{m.group('num')}、", m.group("title").strip(), head.no,
                                tuple(intro), tuple(sections)))
    last = (body[-1] if body else None)
    if last is not None and not _SENTENCE_END.search(last.text.strip()):
        raise InputError(
            "the report ends in the middle of a sentence; the file looks truncated",
            path=path,
            line=last.no,
            hint="scrape or save the whole page again so the report ends with its last sentence",
        )
    return Report(
        script=script,
        title=title,
        preface=preface,
        chapters=tuple(chapters),
        closing=closing,
        sign_off=tuple(Para(line.text.strip(), line.no) for line in sign_off),
    )


def _chapter_error(num: str, expected: int, heads: list[Line], head: Line, path: str
                   ) -> InputError:
    """Chapter ``num`` stands where chapter ``expected`` should: say which of missing,
    out of order or repeated it is, and where the other chapter is."""
    want = from_int(expected)
    numbers = [to_int(_chapter_num(h.text)) for h in heads]
    later = [h.no for h, n in zip(heads[expected:], numbers[expected:], strict=False) if n == expected]
    if to_int(num) < expected:
        first = next(h.no for h, n in zip(heads, numbers, strict=False) if n == to_int(num))
        message = f"chapter {num}、 is repeated (first at line {first}); chapter {want}、 was expected"
    elif later:
        message = (f"the chapters are out of order: chapter {num}、 comes before chapter {want}、 "
                   f"(at line {later[0]})")
    else:
        after = f"follows chapter {from_int(expected - 1)}、" if expected > 1 else "comes first"
        message = f"chapter {want}、 is missing: chapter {num}、 {after}"
    return InputError(
        message,
        path=path,
        line=head.no,
        hint=f"chapters must run 一、二、三… in order; restore chapter {want}、 if it was lost, "
        "or fix the numbering",
    )


def _chapter_num(text: str) -> str:
    m = _CHAPTER.match(text)
    assert m is not None
    return m.group("num")


def _section(fields: dict[str, object]) -> Section:
    body = fields["body"]
    assert isinstance(body, list)
    return Section(
        chapter=int(str(fields["chapter"])),
        number=int(str(fields["number"])),
        marker=str(fields["marker"]),
        heading=str(fields["heading"]).strip(),
        heading_end=str(fields["heading_end"]),
        body=tuple(body),
        line=int(str(fields["line"])),
    )


def _complete(meta: Meta, report: Report) -> Meta:
    """Fill the title and issuing body from the report's own title where no config gave them."""
    title = meta.title or (report.title.text if report.title else meta.page_title)
    issuer = meta.issuer
    if not issuer:
        m = re.match(r"^(.{2,30}?)(关于|關於)", title)
        issuer = m.group(1) if m else ""
    return dataclasses.replace(meta, title=title, issuer=issuer)


def shape(report: Report) -> list[tuple[int, ...]]:
    """The structure of a report without its text: what both scripts must share."""
    out: list[tuple[int, ...]] = [(len(report.preface), len(report.closing), len(report.sign_off))]
    for c in report.chapters:
        out.append((c.number, c.line, len(c.intro)))
        out += [(s.chapter, s.number, s.line, len(s.body)) for s in c.sections]
    return out


def parse(draft: Draft) -> Document:
    hans = parse_report(draft.hans, "zh-Hans", draft.path)
    hant = parse_report(draft.hant, "zh-Hant", draft.path)
    if shape(hans) != shape(hant):
        raise InputError(
            "the Simplified and Traditional texts parse into different structures",
            path=draft.path,
            hint="a conversion override probably changed a marker; check sources/overrides.yml",
        )
    meta_hans, meta_hant = _complete(draft.meta_hans, hans), _complete(draft.meta_hant, hant)
    notices = draft.notices
    if not meta_hans.title:
        notices += (Notice("no-title", 1, "the report has no title line and the page gives "
                           f"none; add 'title: …' to {config_for(draft.path).name}"),)
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
        notices=notices,
    )
