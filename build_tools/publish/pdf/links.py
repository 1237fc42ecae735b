"""Anchors and links across the pages, as one document has them.

On the site each page is a file and ``chapter-3.md#sec-3-4`` names a page and an anchor in it;
in the PDF every page is in one document, so every anchor becomes a Typst label, unique in
the document: an id that two pages share (``_1``) gets its page's name in front
(``glossary--_1``), and each page has a label of its own (``page-chapter-3``) for links to
the page itself. A link to a page or an anchor that does not exist stops the build;
``mkdocs build --strict`` names it too. A link that leaves the report (a web address, a
download) has no target: the PDF keeps its text and drops the link (the PDF is read
offline).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from urllib.parse import unquote

from markdown_it.token import Token

from ...errors import BuildError
from .parse import html_tree

#: the label of a page's start (``page-chapter-3``)
PAGE_PREFIX = "page-"


def page_label(name: str) -> str:
    return PAGE_PREFIX + name


def ids_of(tokens: Sequence[Token]) -> list[str]:
    """Every ``id`` a page's tokens define: attribute lists and raw HTML (charts)."""
    out: list[str] = []
    for token in tokens:
        if "id" in token.attrs:
            out.append(str(token.attrs["id"]))
        if token.type == "html_block":
            stack = [html_tree(token.content)]
            while stack:
                element = stack.pop()
                if "id" in element.attrs:
                    out.append(element.attrs["id"])
                stack += element.elements()
        if token.children:
            out += ids_of(token.children)
    return out


class Links:
    """The labels of every page's anchors, and the target of every link."""

    def __init__(self, pages: dict[str, Iterable[str]], paths: dict[str, str]) -> None:
        """``pages``: each page's name → the ids it defines; ``paths``: its file (errors)."""
        self.paths = paths
        ids = {name: set(found) for name, found in pages.items()}
        shared = Counter(i for found in ids.values() for i in found)
        for name in pages:
            if page_label(name) in shared:
                raise BuildError(
                    f"{name}.md uses the id {page_label(name)}, which the PDF needs for the page",
                    path=paths.get(name),
                    hint="rename that anchor in build_tools/pages",
                )
        self.renamed = {
            name: {i: f"{name}--{i}" for i in found if shared[i] > 1} for name, found in ids.items()
        }
        self.labels = {self.label(name, i) for name, found in ids.items() for i in found}
        self.labels |= {page_label(name) for name in pages}

    def label(self, page: str, ident: str) -> str:
        """The document's label for the anchor ``ident`` of ``page``."""
        return self.renamed.get(page, {}).get(ident, ident)

    def target(self, page: str, href: str, line: int | None) -> str | None:
        """The label a link of ``page`` to ``href`` goes to; None if it leaves the report."""
        path, _, fragment = href.partition("#")
        fragment = unquote(fragment)
        if "://" in path or path.startswith("mailto:") or (path and not path.endswith(".md")):
            return None
        name = path.removeprefix("./").removesuffix(".md") if path else page
        if name not in self.renamed:
            raise BuildError(
                f"{page}.md links to {href}, a page that is not in docs/",
                path=self.paths.get(page),
                line=line,
                hint="fix the link in the generator; `mkdocs build --strict` reports it too",
            )
        label = self.label(name, fragment) if fragment else page_label(name)
        if label not in self.labels:
            raise BuildError(
                f"{page}.md links to {href}, an anchor that no page has",
                path=self.paths.get(page),
                line=line,
                hint="a page links to a heading or paragraph that does not exist; "
                "`mkdocs build --strict` names it too",
            )
        return label
