"""The editorial-notes page: every change the build made to the report text, grouped by kind,
each with the passage it touched and a link to it."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence

from ..text.model import Change, ChangeKind, Document, Notice, Points, Script
from .claims import Quoted, check_notes
from .extras import Supplied
from .markdown import code, escape, front_matter
from .report import title_of
from .source import About, attribution, claim, over_converted
from .titles import MARK, NOTES, closing_page_title, closing_title, marked
from .walk import Translate, locations

#: the kinds of change, in the order the notes page lists them
NOTE_KINDS: tuple[ChangeKind, ...] = (
    "repair",
    "punctuation",
    "override",
    "script",
    "invisible",
    "layout",
    "furniture",
    "metadata",
)
KIND_TITLES = {
    "repair": "恢复的缺字",
    "punctuation": "恢复的全角标点",
    "script": "简繁转换",
    "override": "转换表修正",
    "furniture": "没有收入的网页内容",
    "invisible": "删除的不可见字符",
    "metadata": "移出正文的网页标题和发布时间等",
    "layout": "接回的断行",
}
KIND_INTROS = {
    "repair": "底本中缺失的字符，按通用规则恢复。每处列出底本、恢复后的文字和上下文。",
    "punctuation": "底本在中文之间用了半角标点，本站改为全角。按标点统计。",
    "furniture": "网页上报告正文以外的内容（{}），不属于报告，本站没有收入。下表逐行列出。",
    "invisible": "底本中夹有不可见的字符（控制字符或格式字符），不属于报告文字，本站没有收入。"
    "下表逐个列出其码位。",
    "metadata": "网页上的标题、发布时间、来源等项目不属于报告正文，已从正文移出。",
}
#: the 简繁转换 section, by the source's script
SCRIPT_INTROS = {
    "zh-Hant": "简体版由 OpenCC 从底本转换而成；繁体版再由简体版转换生成。下表列出繁体版与底本"
    "不同的字；简体版中 OpenCC 按大陆用法改写的字（如台湾写“著力”，大陆写“着力”）；以及 OpenCC "
    "没有转换、另按审定的字表修正的字。按字统计。",
    "zh-Hans": "繁体版由 OpenCC 从简体版转换生成。下表列出转换以外另做的改动，按字统计。",
}
OVERRIDE_INTRO = (
    "OpenCC 对以下词语的转换不妥（“OpenCC 转换”一栏），本站按人工审定的转换表（{}）改正。"
    "“底本”一栏是底本在同一位置的原文。"
)
#: what each kind of notice says to a reader (the message itself is for the maintainer, in
#: English, on the command line); a rule not listed here shows its message
NOTICE_TEXTS = {
    "no-title": "报告原文没有标题行，网页也没有标题；首页标题“{title}”是本站根据文件名（必要时参照正文"
    "所说的年份）拟定的，请核对。",
    "structure": "报告的章节划分可能有误（例如某一部分篇幅过大，或结束语之后还有编号段落），请核对此处。",
    "truncated": "报告在句子中间结束，文件可能不完整。",
    "duplicate": "网页中报告全文出现了两遍，本站只收入一遍。",
    "year-range": "此处数字像是两个连写的年份，但不是起止年份，未作改动。",
    "run-together-date": "此处数字像是缺字的日期，但不能确定是哪一天，未作改动。",
}
#: 接回的断行: what was joined, by rule
JOINED = {"joined-marker": "节序号（如“（”与“三）……”）", "joined-byline": "题注（“——……在……会议上”）"}
RULE_TITLES = {
    "year-range": "年份区间缺破折号",
    "document-number": "文号缺右括号",
    "year-month": "年月缺“年”字",
    "run-together-date": "日期缺“年”“月”“日”",
    "bare-year": "年份后缺“年”字",
    "full-width-parentheses": "半角括号 ( ) → 全角（）",
    "full-width-punctuation": "半角标点 → 全角",
    "traditional-regenerated": "繁体版与底本不同的字",
    "simplified-fix": "简体版用字修正",
    "mainland-variant": "简体版按大陆用法改写的字",
    "corner-quotes": "繁体版引号按台湾用法改为「」『』",
    "override": "转换表修正",
    "spam": "广告",
    "breadcrumb": "导航路径",
    "widget": "网页控件",
    "blank": "空白行",
    "caption": "图片说明",
    "date": "网页日期",
    "file-link": "附件链接",
    "diagram-link": "图解链接",
    "link": "网址",
    "year-links": "年份链接",
    "symbols": "分隔符号",
    "duplicate": "重复的报告全文",
    "page-header": "网页页头",
    "joined-marker": "断开的节序号",
    "joined-byline": "断开的题注",
    "invisible-character": "不可见字符",
    "page-title": "网页标题",
    "page-metadata": "网页元数据",
}

#: furniture recorded by its kind, line and length, never by its text: the advertising the
#: scraped page carried (gambling sites) must not be republished by the site or the PDF.
UNQUOTED_RULES = frozenset({"spam"})


def kind_anchor(kind: ChangeKind) -> str:
    """The anchor of a kind's section: its name, except ``layout``, which the 版式 section
    (on every notes page, and linked from outside) has had since before lines were joined."""
    return "joined-lines" if kind == "layout" else kind


class _Notes:
    """The notes page of one script; one method per part of the page. ``quoted`` collects
    every string the page shows as the source's, for :func:`claims.check_quoted`."""

    def __init__(
        self, doc: Document, script: Script, tr: Translate, about: About, supplied: Sequence[Supplied]
    ) -> None:
        self.doc, self.script, self.tr, self.about = doc, script, tr, about
        self.supplied_elsewhere = supplied
        self.report = doc.report(script)
        self.where = locations(self.report, tr)
        self.lines = {line.no: line.text for line in doc.script_lines(script)}
        self.hans = {line.no: line.text for line in doc.hans_lines}
        self.body = {line.no: line.text for line in doc.body}
        self.quoted: list[Quoted] = []

    def quote(self, text: str, lines: Iterable[int], where: str) -> str:
        """``text`` as the source's string on ``lines``: recorded for the check, shown as code."""
        self.quoted.append(Quoted(text, tuple(sorted(set(lines))), where))
        return self.cell(text)

    def link(self, line: int) -> str:
        loc = self.where.get(line)
        if loc is None:
            return escape(self.tr("第{}行").format(line))
        return f"[{escape(loc.label)}]({loc.link()})"

    def context(self, c: Change, width: int = 12) -> str:
        """The passage around a change in this page's script, the changed part in bold, cut
        on word boundaries (found in the Simplified line, which is aligned with this one)."""
        text, hans = self.lines.get(c.line, ""), self.hans.get(c.line, "")
        start, end = c.col, c.col + len(c.after)
        if c.col < 0 or end > len(text):
            return escape(text)
        # Where the scripts are not aligned, this script's line is cut itself (never the whole
        # line for each change: a line of megabytes with thousands of changes)
        a, b = self.about.cutter.around(hans if len(hans) == len(text) else text, start, end, width)
        return (
            ("…" if a > 0 else "")
            + escape(text[a:start])
            + "**"
            + escape(text[start:end])
            + "**"
            + escape(text[end:b])
            + ("…" if b < len(text) else "")
        )

    def source_at(self, c: Change) -> str:
        """The source's own text where a script change was made (the texts are aligned)."""
        text = self.body.get(c.line, "")
        return text[c.col : c.col + len(c.before)] if c.col >= 0 else c.before

    def head(self, *columns: str) -> str:
        cells = " | ".join(self.tr(c) for c in columns)
        rule = "|".join("---:" if c in ("处数", "行") else "---" for c in columns)
        return f"| {cells} |\n|{rule}|\n"

    def rule(self, name: str) -> str:
        return escape(self.tr(RULE_TITLES.get(name, name)))

    def intro_text(self) -> str:
        return attribution(self.doc, self.about, self.tr)

    def intro(self) -> str:
        for word, line in over_converted(self.doc, self.about.cutter):
            self.quoted.append(Quoted(word, (line,), "the notes' examples"))
        return escape(self.intro_text()) + "\n\n" + escape(self.tr(claim(self.doc))) + "\n\n"

    def summary(self) -> str:
        counts = Counter(c.kind for c in self.doc.changes)
        out = [f"## {escape(self.tr('概览'))} {{#summary}}\n\n", self.head("类别", "处数")]
        out += [
            f"| [{escape(self.tr(KIND_TITLES[kind]))}](#{kind_anchor(kind)}) | {counts[kind]} |\n"
            for kind in NOTE_KINDS
            if counts[kind]
        ]
        return "".join(out) + "\n"

    def repairs(self, changes: list[Change]) -> str:
        rows = [
            f"| {self.rule(c.rule)} | {self.quote(c.before, [c.line], '底本')} | {code(c.after)} "
            f"| {self.context(c)} | {self.link(c.line)} |\n"
            for c in changes
        ]
        return self.head("规则", "底本", "改为", "上下文", "位置") + "".join(rows) + "\n"

    def places(self, at: list[int]) -> str:
        places = sorted(set(at))
        shown = "、".join(self.link(n) for n in places[:6])
        if len(places) > 6:
            shown += " " + escape(self.tr("等{}段").format(len(places)))
        return shown

    def punctuation(self, changes: list[Change]) -> str:
        """One row per mark: ( ) → （ ）, , → ，."""
        groups: dict[tuple[str, str, str], list[int]] = defaultdict(list)
        for c in changes:
            before = " ".join(dict.fromkeys(c.before[0] + c.before[-1]))
            after = " ".join(dict.fromkeys(c.after[0] + c.after[-1]))
            groups[(c.rule, before, after)].append(c.line)
        rows = []
        for (rule, before, after), at in sorted(
            groups.items(), key=lambda kv: (kv[0][0], -len(kv[1]), kv[0][1])
        ):
            for mark in before.split(" "):
                self.quoted.append(Quoted(mark, tuple(sorted(set(at))), "底本"))
            cells = [self.rule(rule), self.cell(before), self.cell(after), str(len(at)), self.places(at)]
            rows.append("| " + " | ".join(cells) + " |\n")
        return self.head("规则", "底本", "改为", "处数", "位置") + "".join(rows) + "\n"

    def converted(self, kind: ChangeKind, changes: list[Change]) -> str:
        """One row per rule and change, with its count and places: the source's string, (for
        the conversion table, what OpenCC made of it,) and what the site prints."""
        groups: dict[tuple[str, str, str, str], list[int]] = defaultdict(list)
        for c in changes:
            groups[(c.rule, self.source_at(c), c.before, c.after)].append(c.line)
        table = kind == "override"
        rows = []
        for (rule, source, before, after), at in sorted(
            groups.items(), key=lambda kv: (kv[0][0], -len(kv[1]), kv[0][1])
        ):
            cells = [self.rule(rule), self.quote(source, at, "底本")]
            cells += [self.cell(before)] if table else []
            cells += [self.cell(after), str(len(at)), self.places(at)]
            rows.append("| " + " | ".join(cells) + " |\n")
        columns = (
            ("规则", "底本", "OpenCC 转换", "改为", "处数", "位置")
            if table
            else ("规则", "底本", "改为", "处数", "位置")
        )
        return self.head(*columns) + "".join(rows) + "\n"

    def removed(self, kind: ChangeKind, changes: list[Change]) -> str:
        """Whole lines taken out of the body (furniture, metadata) and invisible characters."""
        rows = []
        for c in changes:
            if kind == "invisible":  # never the character itself: it is invisible
                shown = escape(c.note)
            elif c.rule in UNQUOTED_RULES:
                shown = self.withheld(c)
            else:
                self.quoted.append(Quoted(c.before, (c.line,), "内容"))
                shown = escape(c.before.replace("\u00a0", "⍽").strip() or "⍽")
            rows.append(f"| {c.line} | {shown} | {self.rule(c.rule)} |\n")
        return self.head("行", "内容", "类别") + "".join(rows) + "\n"

    def withheld(self, c: Change) -> str:
        """What stands for a line the site must not republish: its length (the row gives its
        line and kind)."""
        return escape(self.tr("（{}个字符，不转载）").format(len(c.before.strip())))

    def cell(self, text: str) -> str:
        return code(text) if text.strip() else escape(self.tr("（空）"))

    def kind_intro(self, kind: ChangeKind, changes: list[Change]) -> str:
        if kind == "script":
            return SCRIPT_INTROS[self.doc.meta_hans.source_script]
        if kind == "override":
            return OVERRIDE_INTRO.format(self.about.overrides)
        if kind == "furniture":
            present = dict.fromkeys(RULE_TITLES.get(c.rule, c.rule) for c in changes)
            withheld = (
                "广告只列出行号和字符数，不转载其文字。"
                if any(c.rule in UNQUOTED_RULES for c in changes)
                else ""
            )
            return KIND_INTROS[kind].format("、".join(present)) + withheld
        if kind == "layout":
            joined = "和".join(JOINED[r] for r in dict.fromkeys(c.rule for c in changes) if r in JOINED)
            return f"底本中断在两行的{joined}接回一行，文字不变。"
        return KIND_INTROS[kind]

    def kinds(self) -> str:
        by_kind: dict[ChangeKind, list[Change]] = defaultdict(list)
        for c in self.doc.changes:
            by_kind[c.kind].append(c)
        out = []
        for kind in NOTE_KINDS:
            changes = by_kind.get(kind, [])
            if not changes:
                continue
            out.append(f"## {escape(self.tr(KIND_TITLES[kind]))} {{#{kind_anchor(kind)}}}\n\n")
            out.append(escape(self.tr(self.kind_intro(kind, changes))) + "\n\n")
            if kind == "repair":
                out.append(self.repairs(changes))
            elif kind == "punctuation":
                out.append(self.punctuation(changes))
            elif kind in ("script", "override"):
                out.append(self.converted(kind, changes))
            else:
                out.append(self.removed(kind, changes))
        return "".join(out)

    def layout(self) -> str:
        tr = self.tr
        out = [f"## {escape(tr('版式'))} {{#layout}}\n\n"]
        run_in = sum(1 for s in self.report.sections() if s.heading_end)
        if run_in:
            out.append(
                escape(
                    tr(
                        "报告中各节标题与正文连排，标题以句号结束。本站把 {} 个节标题排成标题，"
                        "标题末尾的句号不再显示；正文仍为一段，与报告相同。"
                    ).format(run_in)
                )
                + "\n\n"
            )
        if any(isinstance(b, Points) for b in self.report.closing):
            closing = closing_title(self.report)
            out.append(escape(tr(f"“{closing}”一页中“一是……二是……”各点排成列表，文字不变。")) + "\n\n")
        return "".join(out) if len(out) > 1 else ""  # nothing laid out otherwise: no section

    def supplied(self) -> str:
        """The headings the site supplies where the report has none, marked on their pages."""
        tr, rows = self.tr, []
        title, own = title_of(self.doc, self.script)
        if not own:
            if self.about.given.title:
                source = "取自本报告的配置文件"
            elif any(n.rule == "no-title" for n in self.doc.notices):
                source = "是本站根据文件名拟定的（见“存疑之处”）"
            else:
                source = "取自网页标题"
            rows.append(
                f"- [{escape(marked(title, tr))}](index.md)："
                + escape(tr(f"报告原文没有标题行，首页标题{source}。"))
                + "\n"
            )
        if self.report.closing:
            rows.append(
                f"- [{escape(closing_page_title(self.report, tr))}](conclusion.md)："
                + escape(tr("报告最后一章之后的结束语没有标题，本站按其内容加了这个标题。"))
                + "\n"
            )
        rows += [f"- [{escape(s.title)}]({s.link})：{escape(s.note)}\n" for s in self.supplied_elsewhere]
        if not rows:
            return ""
        return (
            f"## {escape(tr('本站所加标题'))} {{#supplied}}\n\n"
            + escape(tr(f"以下标题不是报告原文，是本站所加，在页面上标有“{MARK}”。"))
            + "\n\n"
            + "".join(rows)
            + "\n"
        )

    def notices(self) -> str:
        if not self.doc.notices:
            return ""
        out = [
            f"## {escape(self.tr('存疑之处'))} {{#notices}}\n\n",
            escape(self.tr("以下各处程序未作改动，留待核对。")) + "\n\n",
        ]
        out += [f"- {self.link(n.line)}：{self.notice(n)}\n" for n in self.doc.notices]
        return "".join(out) + "\n"

    def notice(self, n: Notice) -> str:
        text = NOTICE_TEXTS.get(n.rule)
        if text is None:
            return escape(n.message)
        title = self.doc.meta(self.script).title  # already in this page's script
        return escape(title.join(self.tr(part) for part in text.split("{title}")))


def render_notes(
    doc: Document,
    script: Script,
    tr: Translate,
    about: About | None = None,
    supplied: Sequence[Supplied] = (),
) -> str:
    """The notes page of ``script``; its claims about the source are checked before it is
    returned (:mod:`claims`)."""
    notes = _Notes(doc, script, tr, about or About(), supplied)
    title = tr(NOTES)
    page = "".join(
        (
            front_matter(title, notes.intro_text()),
            f"# {escape(title)} {{#notes}}\n\n",
            notes.intro(),
            notes.summary(),
            notes.kinds(),
            notes.layout(),
            notes.supplied(),
            notes.notices(),
        )
    )
    check_notes(doc, notes.quoted)
    return page
