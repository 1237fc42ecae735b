"""The editorial-notes page: every change the build made to the report text, grouped by kind,
each with the passage it touched and a link to it."""

from __future__ import annotations

from collections import Counter, defaultdict

from ..text.model import Change, ChangeKind, Document, Points, Script
from .markdown import code, escape, front_matter
from .report import closing_title, title_of
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
    "furniture": "删除的网页附属内容",
    "invisible": "删除的不可见字符",
    "metadata": "移入页面信息的网页元数据",
    "layout": "接回的断行",
}
KIND_INTROS = {
    "repair": "抓取网页时丢失的字符，按通用规则恢复。每处列出原文、恢复后的文字和所在段落。",
    "punctuation": "抓取时全角标点被换成了半角标点，在中文之间恢复为全角。按类别统计。",
    "script": "网页是由简体机械转换成的繁体，有过度转换（如“全麵”“製度”“體係”）。简体版由 "
    "OpenCC 从网页恢复；繁体版再由简体版转换生成。下表列出繁体版与网页文字不同之处，按字统计。",
    "override": "OpenCC 转换有误的词语，由人工审定的转换表修正。",
    "furniture": "网页上报告正文以外的内容（广告、导航、网页控件、页脚、空白行等），不属于报告，已删除。"
    "广告只列出行号和字符数，不转载其文字。",
    "layout": "抓取时断在两行的节序号（如“（”与“三）……”）和题注（“——……在……会议上”）接回一行，文字不变。",
    "invisible": "底本中夹有不可见的控制字符或格式字符（如改变文字方向的字符、零宽空格），不属于报告文字，"
    "已删除。下表按码位列出。",
    "metadata": "网页的标题、发布时间、来源等信息，显示在首页，不放入正文。",
}
RULE_TITLES = {
    "year-range": "年份区间缺破折号",
    "document-number": "文号缺右括号",
    "year-month": "年月缺“年”字",
    "run-together-date": "日期缺“年”“月”“日”",
    "bare-year": "年份后缺“年”字",
    "full-width-parentheses": "半角括号 ( ) → 全角（）",
    "full-width-punctuation": "半角标点 → 全角",
    "traditional-regenerated": "繁体版与网页不同的字",
    "simplified-fix": "简体版用字修正",
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
    """The notes page of one script; one method per part of the page."""

    def __init__(self, doc: Document, script: Script, tr: Translate) -> None:
        self.doc, self.script, self.tr = doc, script, tr
        self.report = doc.report(script)
        self.where = locations(self.report, tr)
        self.lines = {line.no: line.text for line in doc.script_lines(script)}

    def link(self, line: int) -> str:
        loc = self.where.get(line)
        if loc is None:
            return escape(self.tr("第{}行").format(line))
        return f"[{escape(loc.label)}]({loc.link()})"

    def context(self, c: Change, width: int = 10) -> str:
        """The passage around a change in this page's script, the changed part in bold."""
        text = self.lines.get(c.line, "")
        if c.col < 0 or c.col + len(c.after) > len(text):
            return escape(self.tr(c.context))
        start, end = c.col, c.col + len(c.after)
        return (
            "…"
            + escape(text[max(0, start - width) : start])
            + "**"
            + escape(text[start:end])
            + "**"
            + escape(text[end : end + width])
            + "…"
        )

    def head(self, *columns: str) -> str:
        cells = " | ".join(self.tr(c) for c in columns)
        rule = "|".join("---:" if c in ("处数", "行") else "---" for c in columns)
        return f"| {cells} |\n|{rule}|\n"

    def rule(self, name: str) -> str:
        return escape(self.tr(RULE_TITLES.get(name, name)))

    def intro_text(self) -> str:
        issuer = self.doc.meta_hans.issuer
        source = f"{issuer}网站发布的网页" if issuer else "网上发布的网页"
        return self.tr(
            f"本站文字以{source}为底本。网页在抓取中有损坏；以下列出本站对底本文字所做的"
            "全部改动，每一处都由程序按规则或人工审定的数据完成，并在每次构建时核对：撤销这些改动即得到底本原文，"
            "没有任何字被删除。"
        )

    def intro(self) -> str:
        return escape(self.intro_text()) + "\n\n"

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
            f"| {self.rule(c.rule)} | {code(c.before)} | {code(c.after)} "
            f"| {self.context(c)} | {self.link(c.line)} |\n"
            for c in changes
        ]
        return self.head("规则", "底本", "改为", "上下文", "位置") + "".join(rows) + "\n"

    def grouped(self, kind: ChangeKind, changes: list[Change]) -> str:
        """One row per rule and change (``製`` → ``制``), with its count and places."""
        groups: dict[tuple[str, str, str], list[int]] = defaultdict(list)
        for c in changes:
            if kind == "punctuation":  # one row per mark: ( ) → （ ）, , → ，
                key = (
                    c.rule,
                    " ".join(dict.fromkeys(c.before[0] + c.before[-1])),
                    " ".join(dict.fromkeys(c.after[0] + c.after[-1])),
                )
            else:
                key = (c.rule, c.before, c.after)
            groups[key].append(c.line)
        rows = []
        for (rule, before, after), at in sorted(
            groups.items(), key=lambda kv: (kv[0][0], -len(kv[1]), kv[0][1])
        ):
            places = sorted(set(at))
            shown = "、".join(self.link(n) for n in places[:6])
            if len(places) > 6:
                shown += " " + escape(self.tr("等{}段").format(len(places)))
            rows.append(
                f"| {self.rule(rule)} | {self.cell(before)} | {self.cell(after)} | {len(at)} | {shown} |\n"
            )
        return self.head("规则", "底本", "改为", "处数", "位置") + "".join(rows) + "\n"

    def removed(self, kind: ChangeKind, changes: list[Change]) -> str:
        """Whole lines taken out of the body (furniture, metadata) and invisible characters."""
        rows = []
        for c in changes:
            shown = escape(c.before.replace("\u00a0", "⍽").strip() or "⍽")
            if kind == "invisible":  # never the character itself: it is invisible
                shown = escape(c.note)
            elif c.rule in UNQUOTED_RULES:
                shown = self.withheld(c)
            rows.append(f"| {c.line} | {shown} | {self.rule(c.rule)} |\n")
        return self.head("行", "内容", "类别") + "".join(rows) + "\n"

    def withheld(self, c: Change) -> str:
        """What stands for a line the site must not republish: its length (the row gives its
        line and kind)."""
        return escape(self.tr("（{}个字符，不转载）").format(len(c.before.strip())))

    def cell(self, text: str) -> str:
        return code(text) if text.strip() else escape(self.tr("（空）"))

    def kinds(self) -> str:
        by_kind: dict[str, list[Change]] = defaultdict(list)
        for c in self.doc.changes:
            by_kind[c.kind].append(c)
        out = []
        for kind in NOTE_KINDS:
            changes = by_kind.get(kind, [])
            if not changes:
                continue
            out.append(f"## {escape(self.tr(KIND_TITLES[kind]))} {{#{kind_anchor(kind)}}}\n\n")
            out.append(escape(self.tr(KIND_INTROS[kind])) + "\n\n")
            if kind == "repair":
                out.append(self.repairs(changes))
            elif kind in ("punctuation", "script", "override"):
                out.append(self.grouped(kind, changes))
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
            out.append(escape(tr("结语中“一是……二是……”各点排成列表，文字不变。")) + "\n\n")
        return "".join(out)

    def supplied(self) -> str:
        """The headings the site supplies where the report has none, marked on their pages."""
        tr, rows = self.tr, []
        title, own = title_of(self.doc, self.script)
        if not own:
            rows.append(
                f"- [{escape(title)}](index.md)："
                + escape(tr("报告原文没有标题行，首页标题取自网页标题、配置文件或文件名。"))
                + "\n"
            )
        if self.report.closing:
            rows.append(
                f"- [{escape(tr(closing_title(self.doc)))}](conclusion.md)："
                + escape(tr("报告最后一章之后的结束语没有标题，本站按其内容加了这个标题。"))
                + "\n"
            )
        if not rows:
            return ""
        return (
            f"## {escape(tr('本站所加标题'))} {{#supplied}}\n\n"
            + escape(tr("以下标题不是报告原文，在页面上标有“（编者所加）”。"))
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
        out += [f"- {self.link(n.line)}：{escape(n.message)}\n" for n in self.doc.notices]
        return "".join(out) + "\n"


def render_notes(doc: Document, script: Script, tr: Translate) -> str:
    notes = _Notes(doc, script, tr)
    title = tr("编校说明")
    return "".join(
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
