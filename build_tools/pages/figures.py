"""Key figures: every quantitative statement of the report, found by rule over the model.

The rules run on the Simplified text, in ``RULES`` order; each claims a span of a paragraph and
either makes a :class:`Figure` (a count, a duration, money, a percentage, a rank, a date) or
leaves the number out with a reason (a year, a year range, a document number, the hotline).
A later rule never takes a digit an earlier one took, so every run of Arabic digits of the
report is accounted for exactly once; a run no rule explains is listed as "unclassified" (the
tests require the real report to have none).

Both scripts are character-aligned, so the Traditional figures are the same spans of the
Traditional text: the numbers are never converted, only sliced.

``sources/figures.yml`` improves labels and groups. An entry names a section anchor and a
context (text of that section around the number, as in the Simplified report), never a value;
an entry that matches nothing is an error that names its ``file:line``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from typing import Literal

from ..curated.figures import Curation
from ..curated.reader import excerpt
from ..errors import DataError, FidelityError
from ..text.model import SCRIPTS, Document, Script
from ..text.numerals import to_int
from .walk import Passage, Translate, passages

Category = Literal["count", "duration", "money", "percentage", "rank", "date"]
CATEGORIES: tuple[Category, ...] = ("count", "duration", "money", "percentage", "rank", "date")
# A date is a figure (category "date") that accounts for all its digits (年, 月, 日), so no
# digit is left out as "part of a date".
# "unclassified" is a number no rule explains: listed, never silently dropped (the test on the
# real report requires there be none; another report may need a new rule).
Reason = Literal["document-number", "hotline", "year", "year-range", "list-number", "unclassified"]
REASONS: tuple[Reason, ...] = (
    "document-number",
    "hotline",
    "year",
    "year-range",
    "list-number",
    "unclassified",
)

Span = tuple[int, int]


# --- the rules --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Hit:
    """What a rule found in a passage, as offsets (valid in both scripts)."""

    rule: str
    #: a figure's category, or the reason a number is left out
    kind: Category | Reason
    excluded: bool
    span: Span
    #: the value as the table shows it: digits as printed, a Chinese numeral's value, an ISO date
    value: str
    #: where the number is (for a date: the whole date)
    number: Span
    unit: Span | None = None
    #: qualifiers as printed: 余, 多, 以上, 内, 最短, 起 …
    qualifiers: tuple[Span, ...] = ()
    #: unit and qualifier the words mean but do not print (名列三甲: 前 3 名); the same
    #: characters in both scripts
    implied: tuple[str, str] = ("", "")


Rule = Callable[[re.Match[str]], Hit]

# Counters and units after a number. Longest first where one is the start of another.
_UNITS = (
    r"个工作日|工作日|个百分点|个月|元|个|件|项|份|家|名|宗|场|次|条|类|批|位|人次|人|所|户|支"
    r"|座|台|套|辆|平方公里|平方米|公里|吨|亩|倍|小时|日|天|年|%"
)
_DURATION_UNITS = frozenset(("工作日", "个月", "小时", "日", "天", "年"))
_PERCENT_UNITS = frozenset(("%", "个百分点"))
# Words that qualify a number: before it (最短30日), between it and its unit (100余名), after
# the unit (4个工作日内, 1件以上).
_PRE = r"(?P<pre>最短|最长|最多|最少|约|近|超过|逾|不少于|不到)?"
_MID = r"(?P<mid>余|多)?"
_POST = r"(?P<post>以上|以下|以内|左右|内)?"

# 〔2018〕2号 (a document number: issuer's year and serial), 第156号 (an order's number).
_DOCUMENT_NUMBER = re.compile(r"〔\d{4}〕\d+号|第\d+号")
# 12345, Guangzhou's government service hotline: a name, not a quantity.
_HOTLINE = re.compile(r"(?<!\d)12345(?!\d)(?=[^，。；]{0,8}热线)")
# 2015—2020年, 2014—2018年: the span of a plan or a review, not a quantity.
_YEAR_RANGE = re.compile(r"(?<!\d)(?:19|20)\d\d\s*[—–－-]+\s*(?:19|20)\d\d年")
# 2018年10月21日, 2018年7月 (自2018年7月起): a date the report gives.
_DATE = re.compile(
    r"(?P<pre>自)?(?<!\d)(?P<y>(?:19|20)\d\d)年(?P<m>\d{1,2})月(?:(?P<d>\d{1,2})日)?"
    r"(?P<post>起|以来)?"
)
# 2018年, 2017年度: the year something belongs to.
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?=年)")
# 301件, 4个工作日内, 100余名, 2158亿元 (亿 multiplies the unit), 2.3万条, 最短30日, 90%以上.
_QUANTITY = re.compile(
    rf"{_PRE}(?<![\d.])(?P<n>\d+(?:\.\d+)?){_MID}"
    rf"(?P<unit>(?:万|亿|千)?(?:{_UNITS})){_POST}"
)
# 1．健全领导机制, 2.强化考核: the number of an item in a list (at the start of a paragraph or
# after a full stop), not a quantity.
_LIST_NUMBER = re.compile(r"(?:^|(?<=[。；：]))[\s\u3000]*\d{1,2}[．.、](?!\d)")
# 三项国家级改革试点, 两项银奖: small counts in words. Not after 第 (an ordinal) or another
# numeral (十九大, 二中全会 are names), and only with a counter (三甲 is a rank: see _RANK).
# N项制度 is the name of a reform package (行政执法三项制度), not a count.
_WORD_COUNT = re.compile(
    r"(?<![第一二两三四五六七八九十百])(?P<n>[两二三四五六七八九十])"
    r"(?P<unit>项|个|类|件|批|名|位)(?!制度)"
)
# 百分之百, 45%: percentages in words (in digits, _QUANTITY takes them).
_PERCENT_WORDS = re.compile(r"百分之(?P<n>百|[一二三四五六七八九十]{1,3})")
# 名列三甲 / 名列前三: a rank among others. 三甲 is the top three (as the first three in the
# imperial examinations); 甲 is not a unit.
_RANK = re.compile(r"名列(?P<pre>前)?(?P<n>[一二三四五六七八九十]|\d+)(?:(?P<top>甲)|(?P<unit>名|位))?")
# “四个走在全国前列”: numerals inside quotation marks belong to a slogan or a name.
_QUOTED = re.compile(r"“[^“”]*”")


def _span(m: re.Match[str], group: str) -> Span | None:
    return m.span(group) if m.group(group) else None


def _quals(m: re.Match[str], *groups: str) -> tuple[Span, ...]:
    return tuple(m.span(g) for g in groups if m.groupdict().get(g))


def _excluded(reason: Reason) -> Rule:
    def rule(m: re.Match[str]) -> Hit:
        return Hit(reason, reason, True, m.span(), m.group(), m.span())

    return rule


def _date(m: re.Match[str]) -> Hit:
    value = f"{m.group('y')}-{int(m.group('m')):02d}"
    if m.group("d"):
        value += f"-{int(m.group('d')):02d}"
    number = (m.start("y"), m.end("d") if m.group("d") else m.end("m") + 1)
    return Hit("date", "date", False, m.span(), value, number, None, _quals(m, "pre", "post"))


def _quantity(m: re.Match[str]) -> Hit:
    unit = m.group("unit")
    kind: Category = (
        "money"
        if unit.endswith("元")
        else "percentage"
        if unit in _PERCENT_UNITS
        else "duration"
        if unit.removeprefix("个") in _DURATION_UNITS
        else "count"
    )
    unit_span = m.span("unit")
    if kind == "duration" and unit.startswith("个") and unit != "个月":  # 4个工作日: 工作日
        unit_span = (unit_span[0] + 1, unit_span[1])
    return Hit(
        "quantity",
        kind,
        False,
        m.span(),
        m.group("n"),
        m.span("n"),
        unit_span,
        _quals(m, "pre", "mid", "post"),
    )


def _word_value(numeral: str) -> int:
    return 2 if numeral == "两" else 100 if numeral == "百" else to_int(numeral)


def _word_count(m: re.Match[str]) -> Hit:
    return Hit(
        "word-count", "count", False, m.span(), str(_word_value(m.group("n"))), m.span("n"), m.span("unit")
    )


def _percent_words(m: re.Match[str]) -> Hit:
    return Hit("percent-words", "percentage", False, m.span(), str(_word_value(m.group("n"))), m.span())


def _rank(m: re.Match[str]) -> Hit:
    """名列前三名: value 3, unit 名, qualifier 前. 名列三甲 says the same (among the top
    three) without printing 前 or 名: they are implied."""
    n = m.group("n")
    value = n if n.isdigit() else str(_word_value(n))
    implied = ("名", "前") if m.group("top") else ("", "")
    return Hit(
        "rank", "rank", False, m.span(), value, m.span("n"), _span(m, "unit"), _quals(m, "pre"), implied
    )


@dataclass(frozen=True, slots=True)
class RuleSpec:
    name: str
    pattern: re.Pattern[str]
    make: Rule
    #: skip matches inside “…” (slogans and names)
    outside_quotes: bool = False


# Order matters: the first rule to claim a digit keeps it.
RULES: tuple[RuleSpec, ...] = (
    RuleSpec("list-number", _LIST_NUMBER, _excluded("list-number")),
    RuleSpec("document-number", _DOCUMENT_NUMBER, _excluded("document-number")),
    RuleSpec("hotline", _HOTLINE, _excluded("hotline")),
    RuleSpec("year-range", _YEAR_RANGE, _excluded("year-range")),
    RuleSpec("date", _DATE, _date),
    RuleSpec("year", _YEAR, _excluded("year")),
    RuleSpec("quantity", _QUANTITY, _quantity),
    RuleSpec("rank", _RANK, _rank),
    RuleSpec("word-count", _WORD_COUNT, _word_count, outside_quotes=True),
    RuleSpec("percent-words", _PERCENT_WORDS, _percent_words, outside_quotes=True),
)

_DIGITS = re.compile(r"\d+")


def digit_runs(text: str) -> list[Span]:
    """Every run of Arabic digits in ``text``: what the accounting must explain."""
    return [m.span() for m in _DIGITS.finditer(text)]


def scan(text: str) -> list[Hit]:
    """All hits in one passage of Simplified text, in text order; no two overlap, and every
    run of digits is in one (as "unclassified" if no rule took it)."""
    taken = [False] * len(text)
    quoted = [False] * len(text)
    for q in _QUOTED.finditer(text):
        quoted[q.start() : q.end()] = [True] * (q.end() - q.start())
    hits: list[Hit] = []
    for spec in RULES:
        for m in spec.pattern.finditer(text):
            a, b = m.span()
            if any(taken[a:b]) or (spec.outside_quotes and quoted[a]):
                continue
            taken[a:b] = [True] * (b - a)
            hits.append(spec.make(m))
    # A run of digits no rule took is listed, never dropped.
    hits += [
        Hit("unclassified", "unclassified", True, (a, b), text[a:b], (a, b))
        for a, b in digit_runs(text)
        if not any(taken[a:b])
    ]
    return sorted(hits, key=lambda h: h.span)


# --- labels and clauses -----------------------------------------------------------------------

# A clause ends at these marks; 、 also ends a part of an enumeration (outside brackets).
_CLAUSE_END = "，。；：！？"
_OPEN, _CLOSE = "（《“〈〔", "）》”〉〕"
# Words that open a clause but say nothing about what is counted (共281项, 并将, 目前).
_LEAD = re.compile(r"^(?:[，、]|\d{1,2}[．.]|共|累计|并|将|其中|目前|和|及|与|同时|另有|其他)+")
_TRAIL = re.compile(r"(?:[、“]|共|达到|达|为|已由|由|的|从原来的|原来的|从|和|及)+$")
_LABEL_MAX = 24
# How far a clause reaches on either side of its number. A report's clauses are short (the
# longest of the 2018 report has 85 characters); a line without clause marks (a pasted table,
# a run of markup) would otherwise be the clause of every number in it, and the figures page,
# which shows each number's clause, would grow with the square of the line's length.
_CLAUSE_REACH = 120


def clause_of(text: str, span: Span) -> Span:
    """The clause around ``span``: from the last clause mark before it to the next after it,
    at most :data:`_CLAUSE_REACH` characters either side."""
    a = max((text.rfind(c, 0, span[0]) for c in _CLAUSE_END), default=-1) + 1
    ends = [i for i in (text.find(c, span[1]) for c in _CLAUSE_END) if i >= 0]
    return max(a, span[0] - _CLAUSE_REACH), min([*ends, span[1] + _CLAUSE_REACH, len(text)])


def _part_of(text: str, clause: Span, span: Span) -> Span:
    """The part of an enumeration (parts split by 、 outside brackets) that holds ``span``."""
    depth, start = 0, clause[0]
    for i in range(clause[0], clause[1]):
        c = text[i]
        if c in _OPEN:
            depth += 1
        elif c in _CLOSE:
            depth = max(0, depth - 1)
        elif c == "、" and depth == 0:
            if i >= span[1]:
                return start, i
            start = i + 1
    return start, clause[1]


def _trim(text: str, a: int, b: int) -> Span:
    """Move ``a``/``b`` inward past lead-in and trailing function words."""
    lead = _LEAD.match(text[a:b])
    a += lead.end() if lead else 0
    trail = _TRAIL.search(text[a:b])
    b -= (trail.end() - trail.start()) if trail else 0
    return a, max(a, b)


def clause_around(text: str, span: Span) -> Span:
    """The clause that states a figure; a clause that is only the figure (``2018年5月，``)
    runs on to the end of the next one, which says what happened then."""
    a, b = clause_of(text, span)
    rest = text[a : span[0]].strip("自") + text[span[1] : b].strip("起")
    if len(rest) <= 1 and b < len(text):  # 2018年， (the 年 of a year is outside its span)
        b = clause_of(text, (b + 1, b + 1))[1]
    return a, b


@dataclass(frozen=True, slots=True)
class Label:
    """Where a figure's label is in its passage; ``cut`` if it was shortened (shown with …)."""

    span: Span
    cut: Literal["", "head", "tail"] = ""

    def text(self, passage: str) -> str:
        words = passage[self.span[0] : self.span[1]]
        return "…" + words if self.cut == "head" else words + "…" if self.cut == "tail" else words


def label_of(text: str, hit: Hit, neighbours: Sequence[Hit]) -> Label:
    """What a number measures, by rule, from the words around it in its clause (or in its part
    of an enumeration ``A、B、C``):

    * the words before it, from the previous number on (行政复议申请2945件);
    * but the words after it when a number comes earlier in the same part, since the words
      between two numbers belong to the first (11个区和14个市直部门的2000多项事项…), or when
      fewer than three words come before (11个区全部建立…);
    * lead-in and linking words trimmed (共, 将, 由, 的 …), at most ``_LABEL_MAX`` characters.
    """
    clause = clause_around(text, hit.span)
    part = _part_of(text, clause, hit.span)
    earlier = [h.span[1] for h in neighbours if part[0] <= h.span[1] <= hit.span[0]]
    end = min([part[1]] + [h.span[0] for h in neighbours if hit.span[1] <= h.span[0] <= part[1]])
    before = _trim(text, max([part[0], *earlier]), hit.span[0])
    after = _trim(text, hit.span[1], end)
    if not text[part[0] : hit.span[0]].strip("自") and after[0] == after[1] and clause[1] > part[1]:
        after = _trim(text, hit.span[1] + 1, clause[1])  # 2018年5月，<what happened>
    use_after = after[1] > after[0] and (earlier or before[1] - before[0] < 3)
    a, b = after if use_after else before
    if b - a <= _LABEL_MAX:
        return Label((a, b))
    return Label((a, a + _LABEL_MAX), "tail") if use_after else Label((b - _LABEL_MAX, b), "head")


# --- figures ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Figure:
    """One quantitative statement of the report, in one script."""

    #: stable within a build: the anchor of its passage and its place there (``sec-2-2.3``)
    id: str
    category: Category
    value: str
    unit: str
    qualifier: str
    #: what the number measures
    label: str
    #: a topic shared by several figures (from sources/figures.yml), or ""
    group: str
    #: the clause that states it, as in the report, and where it is in ``passage.text``
    clause: str
    clause_span: Span
    passage: Passage
    #: offsets of the statement and of its number in ``passage.text``
    span: Span
    number: Span
    #: the runs of Arabic digits this figure accounts for
    runs: tuple[Span, ...]

    @property
    def numeric(self) -> float | None:
        """The value as a number (None for a date)."""
        try:
            return float(self.value)
        except ValueError:
            return None


@dataclass(frozen=True, slots=True)
class Excluded:
    """A number that is not a figure, and why."""

    reason: Reason
    text: str
    clause: str
    clause_span: Span
    passage: Passage
    span: Span
    runs: tuple[Span, ...]


@dataclass(frozen=True, slots=True)
class Figures:
    """The figures of one script, and every other number of the body with its reason."""

    script: Script
    figures: tuple[Figure, ...]
    excluded: tuple[Excluded, ...]
    passages: tuple[Passage, ...]

    def find(self, anchor: str, *, before: str = "", after: str = "") -> Figure:
        """The one figure of section ``anchor`` right after ``before`` / before ``after``.

        Cues are words of the Simplified report (``before="废止"`` finds 废止31件); use them on
        the Simplified figures and take the same index in the Traditional ones.
        """
        found = [
            f
            for f in self.figures
            if f.passage.anchor == anchor
            and f.passage.text[: f.number[0]].endswith(before)
            and f.passage.text[f.number[1] :].startswith(after)
        ]
        if len(found) != 1:
            cue = f"{before}…{after}"
            raise LookupError(
                f"{len(found)} figures in {anchor} match {cue!r}"
                + (f": {', '.join(f.clause for f in found)}" if found else "")
            )
        return found[0]


def curate(figures: Sequence[Figure], curation: Sequence[Curation]) -> dict[int, tuple[str, str]]:
    """Which figures (by index) an entry labels or groups: ``{index: (label, group)}``.

    An entry matches the figures of its section whose statement starts inside an occurrence
    of its context and whose number ends inside it. Every entry must match; an entry with a
    label must match exactly one figure; two entries must not label the same figure.
    """
    anchors = {f.passage.anchor for f in figures}
    out: dict[int, tuple[str, str]] = {}
    labelled_by: dict[int, Curation] = {}
    for c in curation:
        matched = [
            i
            for i, f in enumerate(figures)
            if f.passage.anchor == c.section and _inside(f.passage.text, c.context, f)
        ]
        if not matched:
            hint = (
                "check the context against the report text (Simplified, as printed)"
                if c.section in anchors
                else "no figure is in this section (use sec-N-M)"
            )
            raise DataError(
                f"{excerpt(c.context)} in {excerpt(c.section)} matches no figure",
                path=c.path,
                line=c.line,
                hint=hint,
            )
        if c.label and len(matched) > 1:
            raise DataError(
                f"{excerpt(c.context)} in {c.section} matches {len(matched)} figures, but a label names one",
                path=c.path,
                line=c.line,
                hint="make the context longer, or give only 'group'",
            )
        for i in matched:
            if c.label and i in labelled_by:
                first = labelled_by[i]
                raise DataError(
                    f"figure {figures[i].id} is labelled twice (first at line {first.line})",
                    path=c.path,
                    line=c.line,
                    hint="keep one label per figure",
                )
            if c.label:
                labelled_by[i] = c
            label, group = out.get(i, ("", ""))
            out[i] = (c.label or label, c.group or group)
    return out


def _inside(text: str, context: str, f: Figure) -> bool:
    start = 0
    while (k := text.find(context, start)) >= 0:
        if k <= f.span[0] < k + len(context) and f.number[1] <= k + len(context):
            return True
        start = k + 1
    return False


# --- extraction -------------------------------------------------------------------------------


def _runs_in(text: str, span: Span) -> tuple[Span, ...]:
    return tuple((span[0] + a, span[0] + b) for a, b in digit_runs(text[span[0] : span[1]]))


def _joined(text: str, spans: Sequence[Span]) -> str:
    """Slices of ``text``; … between two that are not adjacent (自…起)."""
    out = ""
    for i, (a, b) in enumerate(spans):
        if i and spans[i - 1][1] != a:
            out += "…"
        out += text[a:b]
    return out


@dataclass(frozen=True, slots=True)
class _Found:
    hit: Hit
    passage: int
    label: Label | None
    clause: Span


def _find(hans: Sequence[Passage]) -> list[_Found]:
    """Scan every passage; a digit run no rule accounts for is left out as "unclassified"."""
    found: list[_Found] = []
    for i, p in enumerate(hans):
        hits = scan(p.text)
        for h in hits:
            # Numbers left out (a hotline's name, a year) are words of a label, not its bounds.
            others = [o for o in hits if o is not h and not o.excluded]
            label = None if h.excluded else label_of(p.text, h, others)
            found.append(_Found(h, i, label, clause_around(p.text, h.span)))
    return found


def _view(script: Script, found: Sequence[_Found], texts: Sequence[Passage]) -> Figures:
    """The figures and exclusions of one script: the same spans of that script's text."""
    figures: list[Figure] = []
    excluded: list[Excluded] = []
    per_anchor: dict[str, int] = {}
    for f in found:
        p, h = texts[f.passage], f.hit
        clause = p.text[f.clause[0] : f.clause[1]]
        runs = _runs_in(p.text, h.span)
        if f.label is None:
            reason: Reason = h.kind  # type: ignore[assignment]
            excluded.append(
                Excluded(reason, p.text[h.span[0] : h.span[1]], clause, f.clause, p, h.span, runs)
            )
            continue
        per_anchor[p.anchor] = per_anchor.get(p.anchor, 0) + 1
        category: Category = h.kind  # type: ignore[assignment]
        figures.append(
            Figure(
                id=f"{p.anchor}.{per_anchor[p.anchor]}",
                category=category,
                value=h.value,
                unit=p.text[h.unit[0] : h.unit[1]] if h.unit else h.implied[0],
                qualifier=_joined(p.text, h.qualifiers) or h.implied[1],
                label=f.label.text(p.text),
                group="",
                clause=clause,
                clause_span=f.clause,
                passage=p,
                span=h.span,
                number=h.number,
                runs=runs,
            )
        )
    return Figures(script, tuple(figures), tuple(excluded), tuple(texts))


def extract(
    doc: Document, curation: Sequence[Curation] = (), tr: dict[Script, Translate] | None = None
) -> dict[Script, Figures]:
    """The figures of both scripts: the same figures, in the same order, in each.

    Curated labels and groups are Simplified; ``tr`` converts them for the Traditional view.
    """
    hant_tr = (tr or {}).get("zh-Hant", _same)
    hans, hant = passages(doc.hans), passages(doc.hant, hant_tr("引言"), hant_tr("结语"))
    if [(p.line, len(p.text)) for p in hans] != [(p.line, len(p.text)) for p in hant]:
        raise FidelityError(
            "the two scripts' paragraphs are not character-aligned",
            path=doc.path,
            hint="a bug in the script or parse stage",
        )
    found = _find(hans)
    views: dict[Script, Figures] = {
        "zh-Hans": _view("zh-Hans", found, hans),
        "zh-Hant": _view("zh-Hant", found, hant),
    }
    for a, b in zip(views["zh-Hans"].figures, views["zh-Hant"].figures, strict=False):
        if [a.passage.text[x:y] for x, y in a.runs] != [b.passage.text[x:y] for x, y in b.runs]:
            raise FidelityError(
                f"figure {a.id} reads differently in the two scripts", path=doc.path, line=a.passage.line
            )
    curated = curate(views["zh-Hans"].figures, curation)
    for script in SCRIPTS:
        convert = (tr or {}).get(script, _same)
        own = views[script]
        views[script] = replace(
            own,
            figures=tuple(
                replace(
                    f,
                    label=convert(curated[i][0]) if curated.get(i, ("", ""))[0] else f.label,
                    group=convert(curated[i][1]) if curated.get(i, ("", ""))[1] else "",
                )
                for i, f in enumerate(own.figures)
            ),
        )
    return views


def _same(text: str) -> str:
    return text


def iter_accounting(figs: Figures) -> Iterator[tuple[Passage, Span, Figure | Excluded]]:
    """Every digit run that a figure or an exclusion accounts for, with what accounts for it."""
    for f in figs.figures:
        for run in f.runs:
            yield f.passage, run, f
    for e in figs.excluded:
        for run in e.runs:
            yield e.passage, run, e
