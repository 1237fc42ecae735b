"""The rules: each claims a span of a paragraph and either makes a :class:`Hit` for a figure (a
count, a duration, money, a percentage, a rank, a date) or a :class:`Skip`, leaving the
number out with a reason (a year, a year range, a document number, the hotline).

They run on the Simplified text, in ``RULES`` order. A later rule never takes a digit an
earlier one took, so every run of Arabic digits of the report is accounted for exactly once;
a run no rule explains is listed as "unclassified".
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from ...text.numerals import to_int
from .model import Category, Hit, Reason, Skip, Span

Rule = Callable[[re.Match[str]], Hit | Skip]

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
    def rule(m: re.Match[str]) -> Skip:
        return Skip(reason, m.span())

    return rule


def _date(m: re.Match[str]) -> Hit:
    value = f"{m.group('y')}-{int(m.group('m')):02d}"
    if m.group("d"):
        value += f"-{int(m.group('d')):02d}"
    number = (m.start("y"), m.end("d") if m.group("d") else m.end("m") + 1)
    return Hit("date", "date", m.span(), value, number, None, _quals(m, "pre", "post"))


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
        m.span(),
        m.group("n"),
        m.span("n"),
        unit_span,
        _quals(m, "pre", "mid", "post"),
    )


def _word_value(numeral: str) -> int:
    return 2 if numeral == "两" else 100 if numeral == "百" else to_int(numeral)


def _word_count(m: re.Match[str]) -> Hit:
    return Hit("word-count", "count", m.span(), str(_word_value(m.group("n"))), m.span("n"), m.span("unit"))


def _percent_words(m: re.Match[str]) -> Hit:
    return Hit("percent-words", "percentage", m.span(), str(_word_value(m.group("n"))), m.span())


def _rank(m: re.Match[str]) -> Hit:
    """名列前三名: value 3, unit 名, qualifier 前. 名列三甲 says the same (among the top
    three) without printing 前 or 名: they are implied."""
    n = m.group("n")
    value = n if n.isdigit() else str(_word_value(n))
    implied = ("名", "前") if m.group("top") else ("", "")
    return Hit("rank", "rank", m.span(), value, m.span("n"), _span(m, "unit"), _quals(m, "pre"), implied)


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


def scan(text: str) -> list[Hit | Skip]:
    """All hits in one passage of Simplified text, in text order; no two overlap, and every
    run of digits is in one (as "unclassified" if no rule took it)."""
    taken = [False] * len(text)
    quoted = [False] * len(text)
    for q in _QUOTED.finditer(text):
        quoted[q.start() : q.end()] = [True] * (q.end() - q.start())
    hits: list[Hit | Skip] = []
    for spec in RULES:
        for m in spec.pattern.finditer(text):
            a, b = m.span()
            if any(taken[a:b]) or (spec.outside_quotes and quoted[a]):
                continue
            taken[a:b] = [True] * (b - a)
            hits.append(spec.make(m))
    # A run of digits no rule took is listed, never dropped.
    hits += [Skip("unclassified", (a, b)) for a, b in digit_runs(text) if not any(taken[a:b])]
    return sorted(hits, key=lambda h: h.span)
