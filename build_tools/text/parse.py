"""Stage ``parse``: each script's body as a report: title, preface, parts, chapters, sections,
closing, sign-off and appendices.

The end of the report is read from its end (``ending``): appendices and a sign-off; then the
title line, if the first line is one; then the outline (``outline``). Title and preface may
be missing. Both scripts must give one structure. The metadata is completed (``metadata``)
and what looks surprising is said as notices (``notices``).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from ..errors import InputError
from .ending import sign_off, split_appendices
from .markers import is_title
from .metadata import complete
from .model import Document, Draft, Line, Para, Report, Script
from .notices import notices
from .outline import outline
from .script import Converter


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
    if len(body) > 1 and is_title(body[0].text):
        title = Para(body[0].text.strip(), body[0].no)
        body = body[1:]
    read = outline(body, path)
    return Report(
        script=script,
        title=title,
        preface=read.preface,
        chapters=read.chapters,
        closing=read.closing,
        sign_off=tuple(Para(line.text.strip(), line.no) for line in signed),
        parts=read.parts,
        appendices=tuple(appendices),
    )


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
    meta_hans, found = complete(draft.meta_hans, hans, draft.path)
    meta_hant, _ = complete(draft.meta_hant, hant, draft.path)
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
        raw=draft.raw,
    )
