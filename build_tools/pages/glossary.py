"""The glossary: curated entries (``sources/glossary.yml``), their mentions in the report,
tooltips and links in the chapter pages, the glossary page and search words.

Entries are written once, in Simplified; the Traditional form of every term is read off the
Traditional report at the very places the Simplified term occurs (both scripts are aligned
character for character), so a term is marked identically in both scripts. Python-Markdown's
``abbr`` matches with ``\\b``, which never fires inside Chinese text; matching here is plain
substring search, longest term first, in paragraph text only (never in headings, links,
code or inside a cited title 《…》).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from ..curated.glossary import CATEGORIES, Term, parse_glossary
from ..curated.reader import Entry, excerpt
from ..curated.settings import Settings
from ..text.model import SCRIPTS, Document, Line, Script
from ..text.script import traditional_text
from .extras import Decorate, Extras, Where
from .markdown import attr, escape, front_matter
from .walk import Translate, locations

# A cited title: 《…》 (may hold 〈…〉); terms inside it are part of the title, not mentions.
_TITLE = re.compile(r"《[^《》]*》")


@dataclass(frozen=True, slots=True)
class Mention:
    """One mention of an entry in a source line, at ``[start, end)`` (same in both scripts)."""

    id: str
    line: int
    start: int
    end: int


def _spans(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _TITLE.finditer(text)]


def heading_spans(doc: Document) -> dict[int, int]:
    """Source line → how many leading characters of it are a heading (title, chapter, run-in
    section heading with its 。); mentions there are not marked."""
    report = doc.hans
    lines = {line.no: line.text for line in doc.hans_lines}
    spans: dict[int, int] = {}
    if report.title:
        spans[report.title.line] = len(lines[report.title.line])
    for chapter in report.chapters:
        spans[chapter.line] = len(lines[chapter.line])
        for s in chapter.sections:
            head = s.marker + s.heading + s.heading_end
            at = lines[s.line].find(head)
            spans[s.line] = at + len(head) if at >= 0 else 0
    return spans


def find_mentions(
    lines: Sequence[Line], terms: Sequence[Term], headings: dict[int, int] | None = None
) -> list[Mention]:
    """Every mention in the Simplified body lines: longest form first, no overlaps, outside
    cited titles and headings."""
    forms = sorted(((f, t.id) for t in terms for f in t.forms), key=lambda ft: -len(ft[0]))
    whole_titles = dict(forms)
    found: list[Mention] = []
    headings = headings or {}
    for line in lines:
        taken = [False] * len(line.text)
        head = headings.get(line.no, 0)
        taken[:head] = [True] * head
        for a, b in _spans(line.text):
            taken[a:b] = [True] * (b - a)
            inner = line.text[a + 1 : b - 1]
            if inner in whole_titles and a >= head:  # a document entry: the whole cited title is the term
                found.append(Mention(whole_titles[inner], line.no, a + 1, b - 1))
        for form, tid in forms:
            for m in re.finditer(re.escape(form), line.text):
                if any(taken[m.start() : m.end()]):
                    continue
                taken[m.start() : m.end()] = [True] * len(form)
                found.append(Mention(tid, line.no, m.start(), m.end()))
    found.sort(key=lambda m: (m.line, m.start))
    return found


def check_terms(terms: Sequence[Term], doc: Document, path: str, entries: Sequence[Entry]) -> None:
    """Every term and variant must occur in the report (outside cited titles)."""
    text = "\n".join(_TITLE.sub("", line.text) for line in doc.hans_lines)
    whole = "\n".join(line.text for line in doc.hans_lines)
    text += "\n" + "\n".join(m.group()[1:-1] for m in _TITLE.finditer(whole))
    for t, e in zip(terms, entries, strict=False):
        for form in t.forms:
            if form not in text:
                where = (
                    "occurs only inside a longer cited title 《…》"
                    if form in whole
                    else "never occurs in the report text"
                )
                raise e.error(
                    f"{excerpt(form)} {where}",
                    "term" if form == t.term else "variants",
                    hint="use the exact spelling of the report (full-width punctuation, "
                    "Simplified characters), or remove it",
                )


class _Marker:
    """Turns paragraph text into Markdown with the glossary's mentions marked."""

    def __init__(
        self,
        doc: Document,
        terms: Sequence[Term],
        mentions: Sequence[Mention],
        script: Script,
        definitions: dict[str, str],
    ) -> None:
        self.terms = {t.id: t for t in terms}
        self.definitions = definitions
        self.script = script
        lines = {line.no: line.text for line in doc.script_lines(script)}
        by_line: dict[int, list[Mention]] = defaultdict(list)
        for m in mentions:
            by_line[m.line].append(m)
        self.line_mentions = by_line
        self.lines = lines
        self.seen: set[tuple[str, str, str]] = set()

    def __call__(self, text: str, where: Where) -> str:
        spans = self._locate(text, where.line)
        out: list[str] = []
        pos = 0
        for start, end, tid in spans:
            out.append(escape(text[pos:start]))
            shown = escape(text[start:end])
            tip = attr(self.definitions[tid])
            key = (where.page, where.anchor, tid)
            if key not in self.seen:  # the first mention in each section links to its entry
                self.seen.add(key)
                out.append(f'[{shown}](glossary.md#{tid} "{tip}"){{.gloss data-gloss={tid}}}')
            else:
                out.append(
                    f'<abbr class="gloss" data-gloss="{tid}" title="{tip}" tabindex="0">{shown}</abbr>'
                )
            pos = end
        out.append(escape(text[pos:]))
        return "".join(out)

    def _locate(self, text: str, line: int) -> list[tuple[int, int, str]]:
        """This paragraph's mentions, as offsets into the paragraph."""
        at = self.lines.get(line, "").find(text) if text else -1
        if at < 0:
            return []
        return [
            (m.start - at, m.end - at, m.id)
            for m in self.line_mentions.get(line, [])
            if m.start >= at and m.end <= at + len(text)
        ]


def _pinyin_key(text: str) -> list[str]:
    from pypinyin import Style, lazy_pinyin

    return lazy_pinyin(text, style=Style.TONE3, errors="default")


def render_page(
    doc: Document,
    terms: Sequence[Term],
    mentions: Sequence[Mention],
    script: Script,
    tr: Translate,
    convert: Translate | None = None,
) -> str:
    """The glossary page. ``tr`` converts the site's own words; ``convert`` the entries, which
    quote the report and keep its vocabulary (default: ``tr``)."""
    convert = convert or tr
    where = locations(doc.report(script), tr)
    hant = script == "zh-Hant"
    forms = _script_forms(doc, mentions, script)
    title = tr("术语表")
    intro = tr(
        "报告提到的工作项目、制度机制、平台、机构、提法和文件。释义先引报告自己的说法，"
        "再加一句中性的背景说明；按类别分组，组内按汉语拼音排序。每条列出提到它的各节。"
    )
    out = [front_matter(title, intro), f"# {escape(title)} {{#glossary}}\n\n"]
    out.append(escape(intro) + "\n\n")
    by_cat: dict[str, list[Term]] = defaultdict(list)
    for t in terms:
        by_cat[t.category].append(t)
    places: dict[str, list[int]] = defaultdict(list)
    for m in mentions:
        places[m.id].append(m.line)
    by_id = {t.id: t for t in terms}
    for cat, label in CATEGORIES.items():
        if cat not in by_cat:
            continue
        out.append(f"## {escape(tr(label))} {{#category-{cat}}}\n\n")
        for t in sorted(by_cat[cat], key=lambda t: _pinyin_key(t.term)):
            name = forms.get(t.term, convert(t.term)) if hant else t.term
            out.append(f"### {escape(name)} {{#{t.id}}}\n\n")
            out.append(escape(convert(t.definition) if hant else t.definition) + "\n\n")
            if t.variants:
                shown = "、".join(escape(forms.get(v, convert(v)) if hant else v) for v in t.variants)
                out.append(f"{escape(tr('也作'))}：{shown}\n\n")
            if t.related:
                names = [by_id[r].term for r in t.related]
                shown_names = [forms.get(n, convert(n)) if hant else n for n in names]
                links = "、".join(f"[{escape(n)}](#{r})" for n, r in zip(shown_names, t.related, strict=True))
                out.append(f"{escape(tr('相关'))}：{links}\n\n")
            seen: list[str] = []
            for line in places.get(t.id, []):
                loc = where.get(line)
                if loc is None:
                    continue
                link = f"[{escape(loc.label)}]({loc.link()})"
                if link not in seen:
                    seen.append(link)
            out.append(
                f"{escape(tr('提及'))}（{len(places.get(t.id, []))}）："
                + "；".join(seen)
                + "\n{.gloss-backlinks}\n\n"
            )
    return "".join(out)


def _script_forms(doc: Document, mentions: Sequence[Mention], script: Script) -> dict[str, str]:
    """Simplified form → the form the given script's report uses at the same place."""
    hans = {line.no: line.text for line in doc.hans_lines}
    other = {line.no: line.text for line in doc.script_lines(script)}
    out: dict[str, str] = {}
    for m in mentions:
        out.setdefault(hans[m.line][m.start : m.end], other[m.line][m.start : m.end])
    return out


def extras(doc: Document, tr: dict[Script, Translate], settings: Settings) -> Extras:
    """The glossary's contribution to the pages: the marker and the glossary page."""
    entries = settings.glossary
    if not entries:  # a report without a glossary gets no glossary page
        return Extras()
    terms = parse_glossary(entries)
    check_terms(terms, doc, entries[0].path if entries else "", entries)
    # Marked in the text: paragraph mentions only. Listed on the glossary page: every mention,
    # headings included (a section whose heading names a program is about it).
    mentions = find_mentions(doc.hans_lines, terms, heading_spans(doc))
    everywhere = find_mentions(doc.hans_lines, terms)
    pages: dict[str, str] = {}
    decorators: dict[Script, Decorate] = {}

    def convert(text: str) -> str:  # the entries' words are the report's: no Taiwan wording
        return traditional_text(text, settings.scripts)

    for script in SCRIPTS:
        forms = _script_forms(doc, mentions, script)
        definitions = {t.id: (t.definition if script == "zh-Hans" else convert(t.definition)) for t in terms}
        name = {t.id: forms.get(t.term, t.term) for t in terms}
        decorators[script] = _Marker(
            doc, terms, mentions, script, {i: f"{name[i]}：{d}" for i, d in definitions.items()}
        )
        pages[f"{script}/glossary.md"] = render_page(doc, terms, everywhere, script, tr[script], convert)
    return Extras(pages=pages, decorators=decorators)
