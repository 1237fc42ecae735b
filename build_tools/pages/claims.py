"""The editorial notes' claims, checked at every build: a notes page that says something
untrue about its source stops the build.

* Every string the page shows as the source's (its 底本 column, the lines it quotes, the
  words it gives as examples) is in the raw file, on the line it is said to come from.
* "把(source script)版按下列各表改回，即得到底本原文": the edition in the source's script,
  with every recorded change undone (the Traditional characters, the repairs, the lines and
  characters left out, the joined lines), gives back every line of the raw file.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ..errors import FidelityError
from ..text.model import Change, Document, Line
from ..text.repair import undo

#: changes that take whole lines out of the body, each recording the line as it was
_LINE_KINDS = ("furniture", "metadata", "layout")


@dataclass(frozen=True, slots=True)
class Quoted:
    """A string the notes page shows as the source's, and the raw lines it is said to be on."""

    text: str
    lines: tuple[int, ...]
    #: what the page calls it, for the error message
    where: str


def _fail(doc: Document, message: str, line: int | None) -> FidelityError:
    return FidelityError(
        f"the editorial notes would claim what is not so: {message}",
        path=doc.path,
        line=line,
        hint="this is a bug in build_tools/pages (the notes or the record they are made from)",
    )


def check_quoted(doc: Document, quoted: Iterable[Quoted]) -> None:
    """Every string shown as the source's is on the raw line(s) it is said to come from."""
    raw = {line.no: line.text for line in doc.raw}
    for q in quoted:
        for no in q.lines:
            if q.text not in raw.get(no, ""):
                raise _fail(doc, f"{q.where} shows “{q.text}”, which line {no} of the source lacks", no)


def _edition(doc: Document) -> dict[int, str]:
    """The edition in the source's script with its script changes undone (latest first)."""
    script = doc.meta_hans.source_script
    lines = {line.no: list(line.text) for line in doc.script_lines(script)}
    if script == "zh-Hant":
        undone = [c for c in doc.changes if c.rule in ("corner-quotes", "traditional-regenerated")]
        # the quotes were set after the comparison with the page: undo them first
        undone.sort(key=lambda c: c.rule != "corner-quotes")
        for c in undone:
            chars = lines[c.line]
            if chars[c.col] != c.after:
                raise _fail(doc, f"the change {c.before}→{c.after} is not in the text", c.line)
            chars[c.col] = c.before
    return {no: "".join(chars) for no, chars in lines.items()}


def _visible(doc: Document, body: dict[int, str]) -> tuple[dict[int, str], set[int]]:
    """The raw lines as the record gives them back, before invisible characters were taken
    out: the body's lines (split where two were joined: those lost their edge spaces, so
    they are returned too) and the lines left out."""
    out = dict(body)
    split: set[int] = set()
    for c in doc.changes:
        if c.kind not in _LINE_KINDS:
            continue
        if c.kind == "layout":  # line c.line was joined to the body line before it
            joined = max(no for no in body if no < c.line)
            head = out[joined].removesuffix(c.before.strip())
            if head == out[joined]:
                raise _fail(doc, "a joined line is not at the end of the line it joined", c.line)
            out[joined] = head
            split.add(joined)
        out[c.line] = c.before
    return out, split


def _with_invisible(doc: Document, text: dict[int, str]) -> dict[int, str]:
    taken: dict[int, list[Change]] = defaultdict(list)
    for c in doc.changes:
        if c.kind == "invisible":
            taken[c.line].append(c)
    for no, changes in taken.items():
        line = text.get(no, "")
        for k, c in enumerate(changes):  # each col counts the characters removed before it
            line = line[: c.col + k] + c.before + line[c.col + k :]
        text[no] = line
    return text


def check_undo(doc: Document) -> None:
    """The source-script edition, every recorded change undone, is the raw file."""
    edition = [Line(no, text) for no, text in _edition(doc).items()]
    repairs = [c for c in doc.changes if c.kind in ("repair", "punctuation")]
    try:
        body = {line.no: line.text for line in undo(edition, repairs)}
    except ValueError as err:
        raise _fail(doc, f"a recorded repair does not match the text ({err})", None) from None
    visible, split = _visible(doc, body)
    restored = _with_invisible(doc, visible)
    for line in doc.raw:
        got = restored.get(line.no)
        if got == line.text or (line.no in split and got is not None and got.strip() == line.text.strip()):
            continue
        if got is None and not line.text:
            continue  # an empty line: a paragraph break, nothing to record
        raise _fail(doc, "undoing the listed changes does not give back this line of the source", line.no)


def check_notes(doc: Document, quoted: Sequence[Quoted]) -> None:
    check_quoted(doc, quoted)
    check_undo(doc)
