"""Stage ``render``: the Document becomes Markdown pages, one set per script.

Pages and anchors are ASCII and the same in both scripts: ``index``, ``chapter-N`` (sections
``#sec-N-M``), ``conclusion`` and ``editorial-notes``. Report text always goes through a
``Decorate`` function that escapes it (and, with the glossary, marks terms). Labels of our own
are written once, in Simplified, and converted like the report.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from .errors import FidelityError
from .markdown import code, escape, front_matter, html_text, plain_text
from .model import SCRIPTS, Block, Change, ChangeKind, Document, Points, Report, Script

Translate = Callable[[str], str]


@dataclass(frozen=True, slots=True)
class Location:
    """Where a source line is shown: page (no ``.md``), anchor and a short label."""

    page: str
    anchor: str
    label: str

    def link(self, from_page: str = "") -> str:
        return f"{self.page}.md#{self.anchor}" if self.anchor else f"{self.page}.md"


@dataclass(frozen=True, slots=True)
class Where:
    """What a decorator knows about the paragraph it marks up."""

    script: Script
    page: str
    anchor: str
    #: source line of the paragraph (0 where unknown)
    line: int = 0


Decorate = Callable[[str, Where], str]


@dataclass(frozen=True, slots=True)
class Extras:
    """What indexes built from the Document (glossary, figures …) add to the pages.

    ``pages``: more pages, ``{"zh-Hans/glossary.md": markdown}``.
    ``after``: Markdown placed after the body of a section (or a chapter's intro), keyed by
    ``(script, anchor)``, e.g. a chart after ``("zh-Hans", "sec-8-3")``.
    ``decorators``: per script, the function that turns paragraph text into Markdown.
    """

    pages: dict[str, str] = field(default_factory=dict)
    after: dict[tuple[Script, str], list[str]] = field(default_factory=dict)
    decorators: dict[Script, Decorate] = field(default_factory=dict)


def plain(text: str, where: Where) -> str:
    return escape(text)


def locations(report: Report, tr: Translate) -> dict[int, Location]:
    """Every source line of the report → where a reader finds it."""
    out: dict[int, Location] = {}
    if report.title:
        out[report.title.line] = Location("index", "", tr("标题"))
    for block in report.preface:
        out[block.line] = Location("index", "preface", tr("引言"))
    for chapter in report.chapters:
        out[chapter.line] = Location(chapter.slug, chapter.anchor, chapter.marker + chapter.title)
        for block in chapter.intro:
            out[block.line] = Location(chapter.slug, chapter.anchor, chapter.marker + chapter.title)
        for s in chapter.sections:
            label = f"{chapter.marker}{s.marker}{s.heading}"
            out[s.line] = Location(chapter.slug, s.anchor, label)
            for block in s.body:
                out.setdefault(block.line, Location(chapter.slug, s.anchor, label))
    for i, block in enumerate(report.closing, start=1):
        out[block.line] = Location("conclusion", f"closing-{i}",
                                   tr("结语") + "：" + block.text[:10] + "……")
    for para in report.sign_off:
        out[para.line] = Location("conclusion", "sign-off", tr("落款"))
    return out


def _date(published: str, tr: Translate) -> str:
    m = re.match(r"(\d{4})-(\d{1,2})-(\d{1,2})", published)
    if not m:
        return published
    return f"{int(m.group(1))}年{int(m.group(2))}月{int(m.group(3))}日"


def _block(block: Block, where: Where, decorate: Decorate, anchor: str = "") -> str:
    where = Where(where.script, where.page, where.anchor, block.line)
    # A block attribute list must be on the paragraph's last line, by itself.
    tail = f"\n{{#{anchor}}}" if anchor else ""
    if isinstance(block, Points):
        head = f"{decorate(block.intro, where)}{tail}\n\n" if block.intro else ""
        items = "".join(f"- {decorate(item, where)}\n" for item in block.items)
        return head + items + "\n"
    return f"{decorate(block.text, where)}{tail}\n\n"


def render_index(doc: Document, script: Script, tr: Translate, decorate: Decorate) -> str:
    report, meta = doc.report(script), doc.meta(script)
    title = report.title.text if report.title else meta.title
    out = [front_matter(tr("首页")), f"# {escape(title)} {{#top}}\n\n"]
    rows = [(tr("发布机关"), meta.issuer), (tr("发布时间"), _date(meta.published, tr)),
            (tr("来源"), meta.source_office)]
    out.append('<dl class="report-meta">\n')
    for key, value in rows:
        if value:
            out.append(f"<dt>{html_text(key)}</dt><dd>{html_text(value)}</dd>\n")
    out.append("</dl>\n\n")
    where = Where(script, "index", "preface")
    for i, block in enumerate(report.preface):
        out.append(_block(block, where, decorate, "preface" if i == 0 else ""))
    out.append(f"## {escape(tr('目录'))} {{#contents}}\n\n")
    for chapter in report.chapters:
        out.append(f"- [{escape(chapter.marker + chapter.title)}]({chapter.slug}.md)\n")
        for s in chapter.sections:
            out.append(f"    - [{escape(s.marker + s.heading)}]({chapter.slug}.md#{s.anchor})\n")
    if report.closing:
        out.append(f"- [{escape(tr(CONCLUSION_TITLE))}](conclusion.md)\n")
    out.append(f"- [{escape(tr('编校说明'))}](editorial-notes.md)\n")
    return "".join(out)


CONCLUSION_TITLE = "存在的问题和下一步工作"


def render_chapter(
    doc: Document, script: Script, number: int, decorate: Decorate,
    after: dict[tuple[Script, str], list[str]] | None = None,
) -> str:
    chapter = doc.report(script).chapters[number - 1]
    heading = chapter.marker + chapter.title
    out = [front_matter(heading), f"# {escape(heading)} {{#{chapter.anchor}}}\n\n"]
    after = after or {}
    for block in chapter.intro:
        out.append(_block(block, Where(script, chapter.slug, chapter.anchor), decorate))
    out += [extra.rstrip("\n") + "\n\n" for extra in after.get((script, chapter.anchor), [])]
    for s in chapter.sections:
        out.append(f"## {escape(s.marker + s.heading)} {{#{s.anchor}}}\n\n")
        where = Where(script, chapter.slug, s.anchor)
        for block in s.body:
            out.append(_block(block, where, decorate))
        out += [extra.rstrip("\n") + "\n\n" for extra in after.get((script, s.anchor), [])]
    return "".join(out)


def render_conclusion(doc: Document, script: Script, tr: Translate, decorate: Decorate) -> str:
    report = doc.report(script)
    out = [front_matter(tr(CONCLUSION_TITLE)), f"# {escape(tr(CONCLUSION_TITLE))} {{#conclusion}}\n\n"]
    for i, block in enumerate(report.closing, start=1):
        out.append(_block(block, Where(script, "conclusion", f"closing-{i}"), decorate,
                          f"closing-{i}"))
    for i, para in enumerate(report.sign_off):
        attrs = "{#sign-off .sign-off}" if i == 0 else "{.sign-off}"
        out.append(f"{escape(para.text)}\n{attrs}\n\n")
    return "".join(out)


#: the kinds of change, in the order the notes page lists them
NOTE_KINDS: tuple[ChangeKind, ...] = ("repair", "punctuation", "override", "script", "invisible",
                                      "furniture", "metadata")
KIND_TITLES = {
    "repair": "恢复的缺字",
    "punctuation": "恢复的全角标点",
    "script": "简繁转换",
    "override": "转换表修正",
    "furniture": "删除的网页附属内容",
    "invisible": "删除的不可见字符",
    "metadata": "移入页面信息的网页元数据",
}
KIND_INTROS = {
    "repair": "抓取网页时丢失的字符，按通用规则恢复。每处列出原文、恢复后的文字和所在段落。",
    "punctuation": "抓取时全角标点被换成了半角标点，在中文之间恢复为全角。按类别统计。",
    "script": "网页是由简体机械转换成的繁体，有过度转换（如“全麵”“製度”“體係”）。简体版由 "
    "OpenCC 从网页恢复；繁体版再由简体版转换生成。下表列出繁体版与网页文字不同之处，按字统计。",
    "override": "OpenCC 转换有误的词语，由人工审定的转换表（sources/overrides.yml）修正。",
    "furniture": "网页上报告正文以外的内容（广告、导航、字号控件、空白行），不属于报告，已删除。",
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
    "override": "转换表修正",
    "spam": "广告",
    "breadcrumb": "导航路径",
    "widget": "字号控件",
    "blank": "空白行",
    "invisible-character": "不可见字符",
    "page-title": "网页标题",
    "page-metadata": "网页元数据",
}


def render_notes(doc: Document, script: Script, tr: Translate) -> str:
    report = doc.report(script)
    where = locations(report, tr)
    title = tr("编校说明")
    out = [front_matter(title), f"# {escape(title)} {{#notes}}\n\n"]
    issuer = doc.meta_hans.issuer
    source = f"{issuer}网站发布的网页" if issuer else "网上发布的网页"
    out.append(escape(tr(
        f"本站文字以{source}为底本。网页在抓取中有损坏；以下列出本站对底本文字所做的"
        "全部改动，每一处都由程序按规则或人工审定的数据完成，并在每次构建时核对：撤销这些改动即得到底本原文，"
        "没有任何字被删除。"
    )) + "\n\n")
    by_kind: dict[str, list[Change]] = defaultdict(list)
    for c in doc.changes:
        by_kind[c.kind].append(c)

    def link(line: int) -> str:
        loc = where.get(line)
        if loc is None:
            return escape(tr("第{}行").format(line))
        return f"[{escape(loc.label)}]({loc.link()})"

    lines = {line.no: line.text for line in doc.script_lines(script)}

    def context(c: Change, width: int = 10) -> str:
        """The passage around a change in this page's script, the changed part in bold."""
        text = lines.get(c.line, "")
        if c.col < 0 or c.col + len(c.after) > len(text):
            return escape(tr(c.context))
        start, end = c.col, c.col + len(c.after)
        return (
            "…" + escape(text[max(0, start - width): start]) + "**" + escape(text[start:end])
            + "**" + escape(text[end: end + width]) + "…"
        )

    summary = Counter(c.kind for c in doc.changes)
    out.append(f"## {escape(tr('概览'))} {{#summary}}\n\n")
    out.append(f"| {tr('类别')} | {tr('处数')} |\n|---|---:|\n")
    for kind in NOTE_KINDS:
        if summary[kind]:
            out.append(f"| [{escape(tr(KIND_TITLES[kind]))}](#{kind}) | {summary[kind]} |\n")
    out.append("\n")

    for kind in NOTE_KINDS:
        changes = by_kind.get(kind, [])
        if not changes:
            continue
        out.append(f"## {escape(tr(KIND_TITLES[kind]))} {{#{kind}}}\n\n")
        out.append(escape(tr(KIND_INTROS[kind])) + "\n\n")
        if kind in ("repair",):
            out.append(f"| {tr('规则')} | {tr('底本')} | {tr('改为')} | {tr('上下文')} | {tr('位置')} |\n")
            out.append("|---|---|---|---|---|\n")
            for c in changes:
                out.append(
                    f"| {escape(tr(RULE_TITLES.get(c.rule, c.rule)))} | {code(c.before)} | {code(c.after)} "
                    f"| {context(c)} | {link(c.line)} |\n"
                )
            out.append("\n")
        elif kind in ("punctuation", "script", "override"):
            groups: dict[tuple[str, str, str], list[int]] = defaultdict(list)
            for c in changes:
                if kind == "punctuation":  # one row per mark: ( ) → （ ）, , → ，
                    key = (c.rule, " ".join(dict.fromkeys(c.before[0] + c.before[-1])),
                           " ".join(dict.fromkeys(c.after[0] + c.after[-1])))
                else:
                    key = (c.rule, c.before, c.after)
                groups[key].append(c.line)
            out.append(f"| {tr('规则')} | {tr('底本')} | {tr('改为')} | {tr('处数')} | {tr('位置')} |\n")
            out.append("|---|---|---|---:|---|\n")
            for (rule, before, after), at in sorted(
                groups.items(), key=lambda kv: (kv[0][0], -len(kv[1]), kv[0][1])
            ):
                places = sorted(set(at))
                shown = "、".join(link(n) for n in places[:6])
                if len(places) > 6:
                    shown += " " + escape(tr("等{}段").format(len(places)))
                b, a = _cell(before, kind, tr), _cell(after, kind, tr)
                out.append(f"| {escape(tr(RULE_TITLES.get(rule, rule)))} | {b} | {a} "
                           f"| {len(at)} | {shown} |\n")
            out.append("\n")
        else:
            out.append(f"| {tr('行')} | {tr('内容')} | {tr('类别')} |\n|---:|---|---|\n")
            for c in changes:
                shown = c.before.replace("\u00a0", "⍽").strip() or "⍽"
                if kind == "invisible":  # never the character itself: it is invisible
                    shown = c.note
                rule = escape(tr(RULE_TITLES.get(c.rule, c.rule)))
                out.append(f"| {c.line} | {escape(shown)} | {rule} |\n")
            out.append("\n")
    out.append(f"## {escape(tr('版式'))} {{#layout}}\n\n")
    sections = report.sections()
    run_in = sum(1 for s in sections if s.heading_end)
    if run_in:
        out.append(escape(tr(
            "报告中各节标题与正文连排，标题以句号结束。本站把 {} 个节标题排成标题，标题末尾的句号不再显示；"
            "正文仍为一段，与报告相同。").format(run_in)) + "\n\n")
    if any(isinstance(b, Points) for b in report.closing):
        out.append(escape(tr("结语中“一是……二是……”各点排成列表，文字不变。")) + "\n\n")
    if doc.notices:
        out.append(f"## {escape(tr('存疑之处'))} {{#notices}}\n\n")
        out.append(escape(tr("以下各处程序未作改动，留待核对。")) + "\n\n")
        for n in doc.notices:
            out.append(f"- {link(n.line)}：{escape(n.message)}\n")
        out.append("\n")
    return "".join(out)


def _cell(text: str, kind: str, tr: Translate) -> str:
    return code(text) if text.strip() else escape(tr("（空）"))


def render(
    doc: Document,
    translators: dict[Script, Translate],
    extras: Extras | None = None,
) -> dict[str, str]:
    """All pages of both scripts: ``{"zh-Hans/chapter-1.md": markdown, …}``."""
    extras = extras or Extras()
    pages: dict[str, str] = {}
    for script in SCRIPTS:
        tr = translators[script]
        decorate = extras.decorators.get(script, plain)
        report = doc.report(script)
        pages[f"{script}/index.md"] = render_index(doc, script, tr, decorate)
        for chapter in report.chapters:
            pages[f"{script}/{chapter.slug}.md"] = render_chapter(
                doc, script, chapter.number, decorate, extras.after)
        if report.closing or report.sign_off:
            pages[f"{script}/conclusion.md"] = render_conclusion(doc, script, tr, decorate)
        pages[f"{script}/editorial-notes.md"] = render_notes(doc, script, tr)
    pages.update(extras.pages)
    check_pages(doc, pages)
    return pages


def _squash(text: str) -> str:
    return re.sub(r"[\s\u3000]", "", text)


def check_pages(doc: Document, pages: dict[str, str]) -> None:
    """Fidelity (c): the pages' text, Markdown removed, holds every paragraph in order."""
    for script in SCRIPTS:
        report = doc.report(script)
        order = ["index"] + [c.slug for c in report.chapters] + ["conclusion"]
        text = "".join(
            _squash(plain_text(pages[f"{script}/{p}.md"])) for p in order
            if f"{script}/{p}.md" in pages
        )
        pos = 0
        for paragraph, line in report.paragraphs():
            found = text.find(_squash(paragraph), pos)
            if found < 0:
                raise FidelityError(
                    f"the {script} pages do not show this paragraph (or not in order)",
                    path=doc.path,
                    line=line,
                    hint="a renderer or decorator lost text: a bug in build_tools",
                )
            pos = found + len(_squash(paragraph))
