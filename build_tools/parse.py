"""Stage ``parse``: split each script's body into title, preface, chapters, sections, closing.

Shapes handled: chapters ``一、``; sections ``（一）`` or ``(一)``, run in (the heading ends at
the first 。 and the body follows on the same line) or on a line of their own; a closing
after the last chapter (problems, next steps with inline points ``一是…二是…``, shown as a
list); a sign-off (特此报告, the issuing body, the date). Both scripts must give one structure.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence

from .errors import InputError
from .model import Meta, Block, Chapter, Document, Draft, Line, Para, Points, Report, Script, Section
from .numerals import NUMERAL, from_int, to_int

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
# 特此报告。 / the issuing body / the date that close a report.
_SIGN_OFF = re.compile(r"^[\s\u3000]*(特此[报報]告[。．]?|\d{4}年\d{1,2}月\d{1,2}日|[^，。；：]{2,30})[\s\u3000]*$")
_SIGN_DATE = re.compile(r"^[\s\u3000]*(\d{4}|[〇零一二三四五六七八九]{4})年.{1,3}月.{1,3}日[\s\u3000]*$")
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
    items = tuple(text[a:b] for a, b in zip(starts, starts[1:] + [len(text)]))
    return Points(text[: starts[0]], items, line)


def _is_title(line: Line) -> bool:
    text = line.text.strip()
    return (
        len(text) <= 100
        and not _CHAPTER.match(text)
        and not _SECTION.match(text)
        and not re.search(r"[。！？；：，,]$", text)
    )


def _sign_off(lines: list[Line]) -> tuple[list[Line], list[Line]]:
    """Split trailing sign-off lines (特此报告 / issuing body / date) from the body."""
    cut = len(lines)
    has_date = bool(lines) and bool(_SIGN_DATE.match(lines[-1].text))
    while cut > 0:
        text = lines[cut - 1].text
        if re.match(r"^[\s\u3000]*特此[报報]告", text) or _SIGN_DATE.match(text):
            cut -= 1
        elif has_date and _SIGN_OFF.match(text) and cut > len(lines) - 3:
            cut -= 1
        else:
            break
    return lines[:cut], lines[cut:]


def parse_report(lines: Sequence[Line], script: Script, path: str) -> Report:
    body = [line for line in lines if line.text.strip()]
    if not body:
        raise InputError("the report has no text after the page furniture was removed", path=path,
                         line=1, hint="check that this is the report page's text")
    body, sign_off = _sign_off(body)
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
    closing_at = len(body)
    for i in range(chapter_rows[-1] + 1, len(body)):
        if _CLOSING.match(body[i].text) and not _SECTION.match(body[i].text):
            closing_at = i
            break
    preface = tuple(_points(line.text.strip(), line.no) for line in body[: chapter_rows[0]])
    closing = tuple(_points(line.text.strip(), line.no) for line in body[closing_at:])

    chapters: list[Chapter] = []
    bounds = chapter_rows + [closing_at]
    for ci, (start, end) in enumerate(zip(bounds, bounds[1:]), start=1):
        head = body[start]
        m = _CHAPTER.match(head.text)
        assert m is not None
        number = to_int(m.group("num"))
        if number != ci:
            expected = from_int(ci)
            what = "is repeated" if any(c.number == number for c in chapters) else (
                "comes too early" if number > ci else "is out of order")
            raise InputError(
                f"chapter {m.group('num')}、 {what}: chapter {expected}、 was expected here",
                path=path,
                line=head.no,
                hint=f"chapters must run 一、二、三… in order; check that chapter {expected}、 is "
                "in the file and that no chapter is missing or duplicated",
            )
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
                    "body": [Para(first, line.no)] if first else [],
                }
            elif current is not None:
                body_list = current["body"]
                assert isinstance(body_list, list)
                body_list.append(Para(line.text.strip(), line.no))
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
    return Document(
        path=draft.path,
        encoding=draft.encoding,
        meta_hans=_complete(draft.meta_hans, hans),
        meta_hant=_complete(draft.meta_hant, hant),
        hans=hans,
        hant=hant,
        cleaned=draft.cleaned,
        body=draft.body,
        hans_lines=draft.hans,
        hant_lines=draft.hant,
        changes=draft.changes,
        notices=draft.notices,
    )
