"""The built site: both scripts built with ``mkdocs build --strict`` from the real docs/.

Assertions are on the HTML and CSS that readers' browsers get. Behaviour that needs a browser
(redirects, the script switcher, file://) is in test_browser.py; the search has its own tests,
test_search.py and test_search_browser.py.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest

from build_tools.curated import site_config
from build_tools.errors import BuildError
from build_tools.pages.nav import reading_order
from build_tools.paths import DOCS, NAV
from build_tools.publish.notfound import SITE_URL_VARIABLE, published_root
from build_tools.publish.root import render_root_index, site_title
from build_tools.text.model import Document
from tests.sitebuild import (
    CHAPTERS,
    CONFIGS,
    REPO,
    build_site,
    built_site,
    mkdocs_build,
    require_docs,
)

SCRIPT_TAGS = [script for script, _ in CONFIGS]

# Elements whose URL the browser fetches by itself, and the attribute holding it.
RESOURCE_ATTRS = {
    "script": "src",
    "link": "href",
    "img": "src",
    "iframe": "src",
    "source": "src",
    "video": "src",
    "audio": "src",
    "embed": "src",
    "object": "data",
}

# A URL that names a host: scheme-relative //host or any scheme but data:.
OTHER_HOST = re.compile(r"^(?://|(?!data:)[a-z][a-z0-9+.-]*:)", re.IGNORECASE)

# url(...) and @import in CSS, to check that stylesheets fetch nothing from other hosts.
CSS_URL = re.compile(r"""url\(\s*['"]?([^'")\s]+)|@import\s+['"]([^'"]+)""")


class Element:
    def __init__(self, tag: str, attrs: dict[str, str]) -> None:
        self.tag = tag
        self.attrs = attrs


class Collector(HTMLParser):
    """Every start tag of a page, in document order, with its attributes."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[Element] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append(Element(tag, {name: value or "" for name, value in attrs}))


def elements(path: Path) -> list[Element]:
    collector = Collector()
    collector.feed(path.read_text(encoding="utf-8"))
    collector.close()
    return collector.elements


def html_pages(site_dir: Path, *, not_found: bool = False) -> Iterator[Path]:
    """The pages of a site; the self-contained 404 pages (publish/notfound.py) only if asked."""
    yield from sorted(p for p in site_dir.rglob("*.html") if not_found or p.name != "404.html")


def resolve(page: Path, href: str) -> Path:
    """The file a relative link on ``page`` opens (a directory URL opens its index.html)."""
    path = href.split("#", 1)[0].split("?", 1)[0]
    if not path:
        return page
    target = Path(posixpath.normpath(posixpath.join(page.parent.as_posix(), path)))
    directory = path.endswith("/") or path.rsplit("/", 1)[-1] in (".", "..")
    return target / "index.html" if directory else target


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    require_docs()
    return built_site(tmp_path_factory.getbasetemp())


# --- Language and script ---------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("script", SCRIPT_TAGS)
def test_html_lang_is_the_script(site: Path, script: str) -> None:
    for page in html_pages(site / script):
        html = next(e for e in elements(page) if e.tag == "html")
        assert html.attrs["lang"] == script, page


@pytest.mark.slow
@pytest.mark.parametrize("script", SCRIPT_TAGS)
def test_pages_are_in_reading_order_in_the_navigation(site: Path, script: str) -> None:
    page = site / script / "chapter-3" / "index.html"
    nav = [
        resolve(page, e.attrs["href"]).relative_to(site / script).as_posix()
        for e in elements(page)
        if e.tag == "a"
        and "md-nav__link" in e.attrs.get("class", "").split()
        and not e.attrs["href"].startswith("#")
    ]
    expected = [
        "index.html" if name == "index.md" else name.removesuffix(".md") + "/index.html"
        for name in site_config.nav(REPO / DOCS / NAV) or []
    ]
    report = ["index.html", *(f"{c}/index.html" for c in CHAPTERS), "conclusion/index.html"]
    assert nav[: len(report)] == report
    assert nav == [path for path in expected if path in nav]


@pytest.mark.slow
@pytest.mark.parametrize("script", SCRIPT_TAGS)
def test_chapters_link_to_previous_and_next(site: Path, script: str) -> None:
    for number, chapter in enumerate(CHAPTERS, start=1):
        page = site / script / chapter / "index.html"
        links = {
            e.attrs["rel"]: e.attrs["href"]
            for e in elements(page)
            if e.tag == "link" and e.attrs.get("rel") in ("prev", "next")
        }
        previous = "index.html" if number == 1 else f"chapter-{number - 1}/index.html"
        following = "conclusion" if number == len(CHAPTERS) else f"chapter-{number + 1}"
        assert {rel: resolve(page, href) for rel, href in links.items()} == {
            "prev": site / script / previous,
            "next": site / script / following / "index.html",
        }, chapter


# --- Nothing from other hosts ----------------------------------------------------------


@pytest.mark.slow
def test_pages_load_nothing_from_other_hosts(site: Path) -> None:
    for page in html_pages(site, not_found=True):
        for element in elements(page):
            attr = RESOURCE_ATTRS.get(element.tag)
            url = element.attrs.get(attr, "") if attr else ""
            assert not OTHER_HOST.match(url), f"{page.relative_to(site)}: <{element.tag}> {url}"


@pytest.mark.slow
def test_stylesheets_load_nothing_from_other_hosts(site: Path) -> None:
    for sheet in sorted(site.rglob("*.css")):
        for match in CSS_URL.finditer(sheet.read_text(encoding="utf-8")):
            url = match.group(1) or match.group(2)
            assert not OTHER_HOST.match(url), f"{sheet.relative_to(site)}: {url}"


@pytest.mark.slow
@pytest.mark.parametrize("script", SCRIPT_TAGS)
def test_material_search_is_off(site: Path, script: str) -> None:
    # The search is our own (publish/search); Material's would index the same pages again and
    # load its worker and index on every page.
    assert not (site / script / "search").exists()
    page = (site / script / "chapter-1" / "index.html").read_text(encoding="utf-8")
    assert "md-search" not in page


# --- Script switcher -------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("script", SCRIPT_TAGS)
def test_script_switcher_links_to_the_same_page(site: Path, script: str) -> None:
    for page in html_pages(site / script):
        links = {
            e.attrs["data-report-script"]: e.attrs["href"]
            for e in elements(page)
            if e.tag == "a" and "data-report-script" in e.attrs
        }
        assert set(links) == set(SCRIPT_TAGS), page
        for other, href in links.items():
            same_page = site / other / page.relative_to(site / script)
            assert resolve(page, href) == same_page, f"{page}: {href}"
            assert same_page.is_file(), f"{page}: {href} does not exist"


@pytest.mark.slow
def test_section_anchors_are_the_same_in_both_scripts(site: Path) -> None:
    for chapter in CHAPTERS:
        ids = [
            [
                e.attrs["id"]
                for e in elements(site / s / chapter / "index.html")
                if "id" in e.attrs and e.tag in ("h1", "h2", "h3")
            ]
            for s in SCRIPT_TAGS
        ]
        assert ids[0] == ids[1], chapter


# --- PDF link --------------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("script", SCRIPT_TAGS)
def test_every_page_links_to_its_pdf(site: Path, script: str) -> None:
    pdf = site / script / f"report-{script}.pdf"
    for page in html_pages(site / script):
        links = [e.attrs["href"] for e in elements(page) if "data-report-pdf" in e.attrs]
        assert links, f"{page}: no PDF link"
        assert all(resolve(page, href) == pdf for href in links), page


# --- Root page -------------------------------------------------------------------------


@pytest.mark.slow
def test_root_page_offers_both_scripts_without_javascript(site: Path, doc: Document) -> None:
    root = site / "index.html"
    links = {
        e.attrs["hreflang"]: e.attrs["href"] for e in elements(root) if e.tag == "a" and "hreflang" in e.attrs
    }
    assert links == {"zh-Hans": "zh-Hans/", "zh-Hant": "zh-Hant/"}
    for href in links.values():
        assert resolve(root, href).is_file()
    assert root.read_text(encoding="utf-8") == render_root_index(doc)


def test_root_page_titles_are_the_site_names(doc: Document) -> None:
    """Both come from the report (its short_title): the configs as `gov-report new` wrote them."""
    for script, config in CONFIGS:
        site_name = site_config.read(REPO / config)["site_name"]
        assert site_title(doc, script) == site_name


def test_configs_differ_only_in_per_script_values() -> None:
    configs = []
    for _, config in CONFIGS:
        configs.append(site_config.read(REPO / config))
    simplified, traditional = configs
    # mkdocs.zh-Hant.yml repeats the extension list (lists are not merged) for one title.
    for extensions in (simplified["markdown_extensions"], traditional["markdown_extensions"]):
        for extension in extensions:
            if isinstance(extension, dict) and "toc" in extension:
                extension["toc"].pop("permalink_title")
    assert traditional["markdown_extensions"] == simplified["markdown_extensions"]
    assert traditional["theme"]["language"] == "zh-Hant"
    assert traditional["extra"]["script"] == "zh-Hant"


# --- Reproducible output ---------------------------------------------------------------


@pytest.mark.slow
def test_build_is_reproducible(site: Path, tmp_path: Path) -> None:
    # A different SOURCE_DATE_EPOCH stands in for "built on another day"; the search step
    # rewrites the pages and writes the index, which must come out the same too.
    again = build_site(tmp_path / "site", env={"SOURCE_DATE_EPOCH": "86400"})
    first = {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()}
    second = {p.relative_to(again): p.read_bytes() for p in again.rglob("*") if p.is_file()}
    assert sorted(first) == sorted(second)
    changed = sorted(str(name) for name in first if first[name] != second[name])
    assert not changed, f"differs between builds: {changed}"


# --- Being found: titles, descriptions, the published address ----------------------------


@pytest.mark.slow
@pytest.mark.parametrize("script", SCRIPT_TAGS)
def test_every_page_has_its_own_description_and_the_home_tab_the_report(
    site: Path, script: str, doc: Document
) -> None:
    descriptions: dict[str, str] = {}
    for page in html_pages(site / script):
        metas = [e.attrs for e in elements(page) if e.tag == "meta"]
        content = {m.get("name") or m.get("property"): m.get("content") for m in metas}
        assert content["description"] == content["og:description"], page
        descriptions[str(page.relative_to(site))] = content["description"] or ""
    assert len(set(descriptions.values())) == len(descriptions), descriptions
    home = (site / script / "index.html").read_text(encoding="utf-8")
    assert f"<title>{site_title(doc, script)}</title>" in home
    # No contents sidebar: its only entry was the page's own 目录.
    assert re.search(r'data-md-type="toc"\s+hidden', home)


@pytest.mark.slow
@pytest.mark.parametrize("script", SCRIPT_TAGS)
def test_material_search_is_not_shipped(site: Path, script: str) -> None:
    """The site has its own search (publish/search/): Material's worker and lunr's language
    files, which only Material's search loads, are left out (publish/plugin.on_files)."""
    scripts = site / script / "assets" / "javascripts"
    assert list(scripts.glob("bundle.*.min.js")), "Material's own bundle is still there"
    assert not (scripts / "workers").exists() and not (scripts / "lunr").exists()
    assert not [p for p in (site / script).rglob("*") if "lunr" in p.name or "worker" in p.name]


@pytest.mark.slow
def test_a_local_build_stays_relative(site: Path) -> None:
    page = (site / "zh-Hans" / "chapter-3" / "index.html").read_text(encoding="utf-8")
    assert 'rel="canonical"' not in page and "og:url" not in page
    assert "<url>" not in (site / "zh-Hans" / "sitemap.xml").read_text(encoding="utf-8")


@pytest.mark.slow
def test_the_published_address_gives_canonical_links_and_a_sitemap(tmp_path: Path) -> None:
    root = "https://example.org/report/"
    out = tmp_path / "zh-Hant"
    mkdocs_build("zh-Hant", out, env={"GOV_REPORT_SITE_URL": root.rstrip("/")})
    page = (out / "chapter-3" / "index.html").read_text(encoding="utf-8")
    here = f"{root}zh-Hant/chapter-3/"
    assert f'<link rel="canonical" href="{here}">' in page
    assert f'<meta property="og:url" content="{here}">' in page
    assert f'<link rel="alternate" href="{root}zh-Hans/chapter-3/" hreflang="zh-Hans">' in page
    locs = re.findall(r"<loc>([^<]+)</loc>", (out / "sitemap.xml").read_text(encoding="utf-8"))
    assert here in locs and len(locs) == len(list(html_pages(out)))
    assert f'href="{root}zh-Hans/"' in (out / "404.html").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "url", ["example.org/report", "https://example.org/?q=1", 'https://example.org/"><script>']
)
def test_a_bad_published_address_is_refused(url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(SITE_URL_VARIABLE, url)
    with pytest.raises(BuildError, match=SITE_URL_VARIABLE):
        published_root()
    monkeypatch.setenv(SITE_URL_VARIABLE, " https://example.org/report ")
    assert published_root() == "https://example.org/report/"
    monkeypatch.setenv(SITE_URL_VARIABLE, "")
    assert published_root() == ""


# --- Navigation order (build_tools.pages.nav.reading_order, docs/nav.yml) ------------------

REQUIRED = ["index.md", *(f"{c}.md" for c in CHAPTERS), "conclusion.md", "editorial-notes.md"]


def test_reading_order_puts_later_pages_in_their_place(doc: Document) -> None:
    assert reading_order(doc.hans, [*reversed(REQUIRED), "glossary.md", "figures.csv"]) == [
        "index.md",
        *(f"{c}.md" for c in CHAPTERS),
        "conclusion.md",
        "glossary.md",
        "editorial-notes.md",
    ]


def test_reading_order_rejects_a_page_without_a_place(doc: Document) -> None:
    with pytest.raises(BuildError, match=r"annex\.md has no place in the reading order") as err:
        reading_order(doc.hans, [*REQUIRED, "annex.md"])
    assert "build_tools/pages/nav.py" in str(err.value)


def test_reading_order_rejects_a_missing_chapter(doc: Document) -> None:
    with pytest.raises(BuildError, match=r"lack chapter-5\.md"):
        reading_order(doc.hans, [name for name in REQUIRED if name != "chapter-5.md"])


def test_the_navigation_is_in_the_config_any_engine_reads(doc: Document) -> None:
    """mkdocs.yml inherits docs/nav.yml: the order is config, not a plugin's doing."""
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    assert "\nINHERIT: docs/nav.yml\n" in config and "hooks:" not in config
    nav = site_config.nav(REPO / DOCS / NAV) or []
    assert nav == reading_order(doc.hans, [p.name for p in (REPO / "docs" / "zh-Hans").glob("*.md")])
