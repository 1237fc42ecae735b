"""How a report ends, read from its end: appendices, the sign-off, the closing.

A report ends with its closing (problems, next steps, the exhortation of a work report), a
sign-off (特此报告, the issuing body, the date) and sometimes appendices (``附件1`` with its own
numbered list, ``名词解释``, ``注释``). Each is found from the end of the text, never from a
paragraph in the middle: an appendix's ``一、…十、`` is not taken for chapters, and a
``2014年，…`` paragraph inside a chapter is not taken for the closing.
"""

from __future__ import annotations

from .markers import (
    APPENDIX,
    CHAPTER,
    PUNCTUATION,
    SECTION,
    SIGN_DATE,
    SIGN_ISSUER,
    SIGN_NOTE,
    SIGN_REPORT,
    SIGN_SHAPE,
)
from .model import Appendix, Line, Para

# A bare appendix heading ("附件1") takes the next line as its title when that line is short
# and has no sentence in it ("2026年省十件民生实事").
_TITLE_MAX = 40


def _appendix_start(body: list[Line]) -> int:
    """Index of the first appendix heading that comes after a chapter heading (or len)."""
    seen_chapter = False
    for i, line in enumerate(body):
        text = line.text.strip()
        if CHAPTER.match(text) or SECTION.match(text):
            seen_chapter = True
        elif seen_chapter and i > 0 and APPENDIX.match(text):
            return i
    return len(body)


def _numbered(head: str) -> bool:
    """``附件1``, ``附表``: a heading that names an attachment, whose title may follow."""
    return head.startswith(("附件", "附表"))


def split_appendices(body: list[Line]) -> tuple[list[Line], list[Appendix]]:
    """The report's lines, and its appendices as :class:`Appendix` (headings in order)."""
    start = _appendix_start(body)
    appendices: list[Appendix] = []
    i = start
    while i < len(body):
        m = APPENDIX.match(body[i].text.strip())
        assert m is not None
        heading = body[i].text.strip()
        title, title_line, j = "", 0, i + 1
        if not m.group("rest") and j < len(body) and _numbered(m.group("head")):
            nxt = body[j].text.strip()
            inner = APPENDIX.match(nxt)
            if (
                len(nxt) <= _TITLE_MAX
                and not PUNCTUATION.search(nxt)
                and (inner is None or not _numbered(inner.group("head")))
            ):
                title, title_line, j = nxt, body[j].no, j + 1  # "附件2" / "名词解释"
        end = next((k for k in range(j, len(body)) if APPENDIX.match(body[k].text.strip())), len(body))
        blocks = tuple(Para(line.text.strip(), line.no) for line in body[j:end])
        appendices.append(Appendix(len(appendices) + 1, heading, body[i].no, title, title_line, blocks))
        i = end
    return body[:start], appendices


def _sign_kind(text: str) -> str:
    if SIGN_REPORT.match(text):
        return "R"
    if SIGN_DATE.match(text):
        return "D"
    if SIGN_NOTE.match(text):
        return "N"
    if SIGN_ISSUER.match(text) and not CHAPTER.match(text) and not SECTION.match(text):
        return "I"
    return "X"


def sign_off(lines: list[Line]) -> tuple[list[Line], list[Line]]:
    """Split the trailing sign-off from the body: the longest run of the last five lines that
    reads 特此报告 (专此报告) / issuing body (one or two lines) / date / note, in that order,
    and has 特此报告 or a date (so a short last line of the text is never an issuer)."""
    kinds = "".join(_sign_kind(line.text) for line in lines[-5:])
    for start in range(len(kinds)):
        tail = kinds[start:]
        if SIGN_SHAPE.fullmatch(tail) and ("R" in tail or "D" in tail):
            cut = len(lines) - len(tail)
            return lines[:cut], lines[cut:]
    return lines, []
