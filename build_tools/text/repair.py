"""Stage ``repair``: restore characters the scrape stripped, by general rules.

Each rule is one precompiled pattern and one function. Rules run in the order of ``RULES``,
each over every body line; every substitution is recorded as a :class:`Change` with the offset
where its result stands right after it was applied, so ``verify`` can undo them exactly.
A rule that sees an ambiguity changes nothing and records a :class:`Notice`.
"""

from __future__ import annotations

import calendar
import dataclasses
import datetime
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from typing import NamedTuple

from .model import Change, ChangeKind, Draft, Line, Notice

HAN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# CJK punctuation and full-width forms that may neighbour ASCII punctuation in the scrape.
CJK_PUNCT = r"\u3000-\u303f\uff00-\uffef\u2018-\u201d\u2014\u2026"
_YEAR = r"(?:19|20)\d{2}"
# Counters, units and marks after which a run of digits is a quantity, not a date.
_UNITS = "年月日号號时時分秒个個件项項份家名宗场場次条條类類批元万萬亿億多余餘%．.·余人户戶位套台臺起例所座"


class Edit(NamedTuple):
    """A rule's verdict on one match: the replacement, or ``None`` and why not."""

    after: str | None
    notice: str = ""


RuleFunc = Callable[[re.Match[str], str], Edit]


class Rule(NamedTuple):
    name: str
    kind: ChangeKind
    pattern: re.Pattern[str]
    func: RuleFunc
    description: str


def _valid(year: int, month: int, day: int) -> bool:
    return 1 <= month <= 12 and 1 <= day <= calendar.monthrange(year, month)[1]


# 20152020年 → 2015—2020年: two years run together before 年, the second after the first.
_YEAR_RANGE = re.compile(rf"(?<!\d)({_YEAR})({_YEAR})(?=年)")


def _year_range(m: re.Match[str], line: str) -> Edit:
    first, second = int(m.group(1)), int(m.group(2))
    if not first < second <= first + 30:
        return Edit(None, f"{m.group()} looks like two years run together but is not a range")
    return Edit(f"{m.group(1)}—{m.group(2)}")


# 〔20182號 → 〔2018〕2號: a document number lost the closing bracket after its year.
_DOC_NUMBER = re.compile(rf"〔({_YEAR})(\d{{1,4}})(?=[号號])")


def _doc_number(m: re.Match[str], line: str) -> Edit:
    return Edit(f"〔{m.group(1)}〕{m.group(2)}")


# 20183月 → 2018年3月: a year run into a month.
_YEAR_MONTH = re.compile(rf"(?<!\d)({_YEAR})(1[0-2]|0?[1-9])(?=月)")


def _year_month(m: re.Match[str], line: str) -> Edit:
    return Edit(f"{m.group(1)}年{int(m.group(2))}")


# 2018131 → 2018年1月31日: a year, month and day run together, followed by no unit.
_DATE = re.compile(rf"(?<![\d.．])({_YEAR})(\d{{2,4}})(?![\d{_UNITS}])")


def _make_date(published: datetime.date | None) -> RuleFunc:
    """The run-together date rule. Where two splits are real dates (2014115: 1月15日 or 11月5日)
    and the page says when it was published, a date after that cannot be a day the report
    reports on, so the other split is taken."""

    def date(m: re.Match[str], line: str) -> Edit:
        year, rest = int(m.group(1)), m.group(2)
        splits = [
            (int(rest[:i]), int(rest[i:]))
            for i in (1, 2)
            if i < len(rest) and not rest[i:].startswith("0") and not rest.startswith("0")
        ]
        valid = [(mo, d) for mo, d in splits if len(str(d)) <= 2 and _valid(year, mo, d)]
        if len(valid) > 1 and published is not None:
            valid = [(mo, d) for mo, d in valid if datetime.date(year, mo, d) <= published] or valid
        if len(valid) == 1:
            month, day = valid[0]
            return Edit(f"{year}年{month}月{day}日")
        if len(valid) > 1:
            options = " or ".join(f"{year}年{mo}月{d}日" for mo, d in valid)
            return Edit(None, f"{m.group()} may be {options}; left as it is")
        return Edit(None, f"{m.group()} looks like a date run together but no month/day fits")

    return date


def published_date(published: str) -> datetime.date | None:
    """The page's publication day (``2019-10-02 09:28:00`` or ``2019年10月2日``), if real."""
    m = re.match(r"(\d{4})[-年/.](\d{1,2})[-月/.](\d{1,2})", published)
    if not m:
        return None
    try:
        return datetime.date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        return None


# 我市2018法治政府 → 2018年法治政府: a bare year before Han text. Fixed only when the same
# phrase with 年 occurs elsewhere in the page (the check needs the whole page: see repair()).
_BARE_YEAR = re.compile(rf"(?<![\d.．])({_YEAR})(?=[{HAN}])(?![{_UNITS}至到])")


# Two Han characters (what follows a bare year), and every "2018年法治" of a page (found at
# every offset, overlapping, as a substring search would).
_TWO_HAN = re.compile(rf"[{HAN}]{{2}}")
_YEAR_PHRASE = re.compile(rf"(?=({_YEAR}年[{HAN}]{{2}}))")


def _make_bare_year(page: str) -> RuleFunc:
    phrases: set[str] | None = None  # the page's phrases, read at the first bare year

    def bare_year(m: re.Match[str], line: str) -> Edit:
        nonlocal phrases
        following = _TWO_HAN.match(line, m.end())
        if following is None:
            return Edit(None)
        if phrases is None:
            phrases = {p.group(1) for p in _YEAR_PHRASE.finditer(page)}
        return Edit(f"{m.group(1)}年") if f"{m.group(1)}年{following.group()}" in phrases else Edit(None)

    return bare_year


# ASCII punctuation that the scrape put where the report had full-width marks: a comma,
# semicolon, colon, ! or ? after Chinese text, a digit, a percent sign or a Latin word, and
# before Chinese text, a Latin word or the end of the line (增长5.2%,比…; PCT,是…; 如下:).
# Never between two digits (09:28, 1,000) or inside Latin text (e.g., see).
_AFTER = rf"{HAN}{CJK_PUNCT}\d%％"
_PUNCT = re.compile(
    rf"(?<=[{_AFTER}])([,;:!?])(?=[{HAN}{CJK_PUNCT}“‘《（(]|$)"
    rf"|(?<=[{HAN}{CJK_PUNCT}])([,;:!?])(?=[\dA-Za-z])"
    rf"|(?<=[A-Za-z])([,;:])(?=[{HAN}“‘《（])"
)
_FULL_WIDTH = {",": "，", ";": "；", ":": "：", "!": "！", "?": "？", "(": "（", ")": "）"}


def _punct(m: re.Match[str], line: str) -> Edit:
    mark = m.group()
    before = line[m.start() - 1] if m.start() else ""
    after = line[m.end()] if m.end() < len(line) else ""
    if before.isdigit() and after.isdigit():
        return Edit(None)  # 09:28, 1,000
    return Edit(_FULL_WIDTH[mark])


# A Han character or CJK punctuation mark.
_CHINESE = re.compile(rf"[{HAN}{CJK_PUNCT}]")
# ASCII parentheses around or beside Chinese text: (一), 鎮(街), (20152020年), 细颗粒物(PM2.5).
_PARENS = re.compile(r"\(([^()\n]{0,80})\)")


# Two Latin letters: the end of a Latin word right before an opening parenthesis.
_LATIN_END = re.compile(r"[A-Za-z]{2}")


def _last_word(line: str, end: int) -> str:
    """The two characters before ``end`` once white space is skipped (what ``rstrip`` of
    the line up to ``end`` would end with), without copying the line."""
    while end and line[end - 1].isspace():
        end -= 1
    return line[max(0, end - 2) : end]


def _parens(m: re.Match[str], line: str) -> Edit:
    inner = m.group(1)
    before = line[m.start() - 1] if m.start() else ""
    after = line[m.end()] if m.end() < len(line) else ""
    beside = bool(_CHINESE.match(before or " ") or _CHINESE.match(after or " "))
    latin = _LATIN_END.fullmatch(_last_word(line, m.start()))
    # Chinese inside, or Latin words set into Chinese text (专利合作条约(PCT)); after a Latin
    # word the parentheses belong to Latin text and stay ASCII: OECD (2019), see (page 3).
    if _CHINESE.search(inner) or (beside and not latin):
        return Edit(f"（{inner}）")
    return Edit(None)


def rules(page: str, published: datetime.date | None = None) -> list[Rule]:
    """The repair rules in the order they run. ``page`` is the whole raw page text;
    ``published`` the page's publication day, where it gives one."""
    return [
        Rule(
            "year-range",
            "repair",
            _YEAR_RANGE,
            _year_range,
            "two years run together before 年 are a range: 20152020年 → 2015—2020年",
        ),
        Rule(
            "document-number",
            "repair",
            _DOC_NUMBER,
            _doc_number,
            "a document number lost its closing bracket: 〔20182号 → 〔2018〕2号",
        ),
        Rule(
            "year-month", "repair", _YEAR_MONTH, _year_month, "a year run into a month: 20183月 → 2018年3月"
        ),
        Rule(
            "run-together-date",
            "repair",
            _DATE,
            _make_date(published),
            "a year, month and day run together, fixed when exactly one split is a real date: "
            "2018131 → 2018年1月31日",
        ),
        Rule(
            "bare-year",
            "repair",
            _BARE_YEAR,
            _make_bare_year(page),
            "a bare year before a phrase the page elsewhere writes with 年: 2018法治政府 → 2018年法治政府",
        ),
        Rule(
            "full-width-parentheses",
            "punctuation",
            _PARENS,
            _parens,
            "ASCII parentheses in Chinese text become full-width （）",
        ),
        Rule(
            "full-width-punctuation",
            "punctuation",
            _PUNCT,
            _punct,
            "ASCII , ; : ! ? in Chinese text become full-width ，；：！？",
        ),
    ]


def _context(text: str, start: int, end: int, width: int = 8) -> str:
    return text[max(0, start - width) : end + width]


def apply_rule(rule: Rule, line: Line) -> tuple[Line, list[Change], list[Notice]]:
    """Run one rule over one line, left to right."""
    changes: list[Change] = []
    notices: list[Notice] = []
    pieces: list[str] = []
    pos = 0
    out_len = 0
    for m in rule.pattern.finditer(line.text):
        edit = rule.func(m, line.text)
        if edit.notice:
            notices.append(Notice(rule.name, line.no, edit.notice))
        if edit.after is None or edit.after == m.group():
            continue
        pieces.append(line.text[pos : m.start()])
        out_len += m.start() - pos
        changes.append(Change(rule.kind, rule.name, line.no, m.group(), edit.after, col=out_len))
        pieces.append(edit.after)
        out_len += len(edit.after)
        pos = m.end()
    if not changes:
        return line, [], notices
    pieces.append(line.text[pos:])
    text = "".join(pieces)
    changes = [dataclasses.replace(c, context=_context(text, c.col, c.col + len(c.after))) for c in changes]
    return Line(line.no, text), changes, notices


def repair_lines(
    lines: Iterable[Line], page: str, published: datetime.date | None = None
) -> tuple[tuple[Line, ...], list[Change], list[Notice]]:
    current = list(lines)
    changes: list[Change] = []
    notices: list[Notice] = []
    for rule in rules(page, published):
        for i, line in enumerate(current):
            current[i], found, noticed = apply_rule(rule, line)
            changes.extend(found)
            notices.extend(noticed)
    return tuple(current), changes, notices


def undo(lines: Iterable[Line], changes: Iterable[Change]) -> tuple[Line, ...]:
    """Undo recorded repairs, latest first; gives back the text before ``repair``.

    Lines are independent, and on a line a run of changes each left of the one undone before
    it is undone in one pass (their places do not move), so many changes on a long line cost
    the line's length once, not once each."""
    by_line = {line.no: line.text for line in lines}
    per_line: dict[int, list[Change]] = defaultdict(list)
    for change in changes:
        if change.col >= 0:
            per_line[change.line].append(change)
    for no, found in per_line.items():
        text = by_line[no]
        run: list[Change] = []  # to undo together, right to left
        for change in reversed(found):
            end = change.col + len(change.after)
            if run and end > run[-1].col:
                text, run = _undone(text, run), []
            if text[change.col : end] != change.after:
                raise ValueError(f"line {change.line}: recorded change {change} does not match")
            run.append(change)
        by_line[no] = _undone(text, run)
    return tuple(Line(no, text) for no, text in by_line.items())


def _undone(text: str, run: Sequence[Change]) -> str:
    """``text`` with the changes of ``run`` (right to left, apart) undone in one pass."""
    pieces, pos = [], len(text)
    for change in run:
        pieces += [text[change.col + len(change.after) : pos], change.before]
        pos = change.col
    pieces.append(text[:pos])
    return "".join(reversed(pieces))


def repair(draft: Draft) -> Draft:
    page = "\n".join(line.text for line in draft.raw)
    body, changes, notices = repair_lines(draft.body, page, published_date(draft.meta.published))
    return dataclasses.replace(
        draft,
        body=body,
        changes=draft.changes + tuple(changes),
        notices=draft.notices + tuple(notices),
    )
