"""A built page read back for the tests, with the standard library's parser: the text of every
element that has an id, and every link with its text and the classes around it."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

# Elements that never hold text or a closing tag.
VOID = frozenset(
    ["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"]
)


@dataclass
class Link:
    href: str
    text: str = ""
    #: the classes of the link and of every element around it
    classes: set[str] = field(default_factory=set)


class Page(HTMLParser):
    """``ids``: id → the element's text; ``blocks``: the same, where a paragraph introduces a
    list of points (``一是…二是…``) with the list's text too (the report's paragraph);
    ``links``: every ``<a href>``, in order."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: dict[str, str] = {}
        self.tags: dict[str, str] = {}
        self.links: list[Link] = []
        self._open: list[tuple[str, str, set[str]]] = []  # (tag, id, classes)
        self._link: Link | None = None
        #: the id of the paragraph that just closed, while only white space follows it
        self._after_p = ""
        self.blocks: dict[str, str] = {}
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        classes = set(values.get("class", "").split())
        if tag == "a" and "href" in values:
            around = set().union(classes, *(c for _, _, c in self._open))
            self._link = Link(values["href"], "", around)
            self.links.append(self._link)
        if tag in VOID:
            return
        if tag in ("ul", "ol") and self._after_p:
            self._open.append((tag, "\0" + self._after_p, classes))  # the list of that paragraph
            self._after_p = ""
            return
        self._after_p = ""
        ident = values.get("id", "")
        if ident:
            self.ids.setdefault(ident, "")
            self.tags.setdefault(ident, tag)
        self._open.append((tag, ident, classes))

    def handle_endtag(self, tag: str) -> None:
        if tag == "a":
            self._link = None
        for i in range(len(self._open) - 1, -1, -1):
            if self._open[i][0] == tag:
                closed = self._open[i][1]
                del self._open[i:]
                self._after_p = closed if tag == "p" and closed else ""
                break

    def handle_data(self, data: str) -> None:
        if data.strip():
            self._after_p = ""
        for _, ident, _ in self._open:
            if ident.startswith("\0"):
                self.blocks[ident[1:]] += data
            elif ident:
                self.ids[ident] += data
                self.blocks[ident] = self.blocks.get(ident, "") + data
        if self._link is not None:
            self._link.text += data


def read(path: Path) -> Page:
    return Page(path.read_text(encoding="utf-8"))


def resolve(page: Path, href: str) -> tuple[Path, str]:
    """The file a relative link of ``page`` opens (a folder's index.html), and its fragment."""
    target, _, fragment = href.partition("#")
    path = (page.parent / target).resolve() if target else page
    if target.endswith("/") or path.is_dir():
        path = path / "index.html"
    return path, fragment
