"""The built site in a real browser: Debian's chromium driven by Playwright.

The site is served by ``python -m http.server`` on 127.0.0.1, and also opened from disk
(file://). Every test fails if the page makes a request to any other host or throws a
JavaScript error.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Route, sync_playwright

from build_tools.publish.root import PICK_SCRIPT_JS
from scripts.bench.reader import serve_dir
from tests.sitebuild import CHAPTERS, built_site, require_docs

pytestmark = [pytest.mark.slow, pytest.mark.browser]

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

OTHER_SCRIPT = {"zh-Hans": "zh-Hant", "zh-Hant": "zh-Hans"}


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    require_docs()
    return built_site(tmp_path_factory.getbasetemp())


@pytest.fixture(scope="session")
def server(site: Path) -> Iterator[str]:
    """The built site served on a free port of 127.0.0.1 (the benchmark's server)."""
    with serve_dir(site) as base:
        yield base


# Module scope: Playwright's sync API runs one event loop at a time, and other modules
# (test_hostile, test_search_browser) start their own browser after this one has closed.
@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


Opener = Callable[..., Page]


@pytest.fixture
def open_page(browser: Browser) -> Iterator[Opener]:
    """``open_page(url, **context_options)``: a page in a fresh context, with guards.

    Requests to any host but 127.0.0.1 are aborted and recorded; JavaScript errors are
    recorded; the test fails on either at teardown.
    """
    contexts: list[BrowserContext] = []
    outside: list[str] = []
    errors: list[str] = []

    def guard(route: Route) -> None:
        url = urlsplit(route.request.url)
        if url.scheme in ("http", "https", "ws", "wss") and url.hostname != "127.0.0.1":
            outside.append(route.request.url)
            route.abort()
        else:
            route.continue_()

    def open_(url: str, **options: Any) -> Page:
        options.setdefault("viewport", {"width": 1280, "height": 900})
        context = browser.new_context(**options)
        contexts.append(context)
        context.route("**/*", guard)
        page = context.new_page()
        page.on("pageerror", lambda error: errors.append(f"{page.url}: {error}"))
        page.goto(url)
        return page

    yield open_
    for context in contexts:
        context.close()
    assert not outside, f"requests left 127.0.0.1: {outside}"
    assert not errors, f"JavaScript errors: {errors}"


# --- Every page ------------------------------------------------------------------------


@pytest.mark.parametrize("script", ["zh-Hans", "zh-Hant"])
def test_every_page_opens_in_its_script(open_page: Opener, server: str, site: Path, script: str) -> None:
    paths = sorted(f"{p.parent.name}/" for p in (site / script).glob("*/index.html"))
    assert {f"{c}/" for c in CHAPTERS} <= set(paths)
    page = open_page(f"{server}/{script}/")
    for path in ["", *paths]:
        page.goto(f"{server}/{script}/{path}")
        assert page.locator("html").get_attribute("lang") == script
        assert page.locator("article h1").first.is_visible(), path


# The search has its own browser test: test_search_browser.py.


# --- Script switcher -------------------------------------------------------------------


@pytest.mark.parametrize("script", ["zh-Hans", "zh-Hant"])
def test_switching_script_keeps_page_and_anchor(open_page: Opener, server: str, script: str) -> None:
    other = OTHER_SCRIPT[script]
    page = open_page(f"{server}/{script}/chapter-3/#sec-3-4")
    page.locator(".md-select").first.hover()
    page.locator(f"a[data-report-script={other}]").click()
    page.wait_for_url(f"{server}/{other}/chapter-3/#sec-3-4")
    assert page.locator("#sec-3-4").is_visible()
    # The root page now follows the reader's choice over the browser's languages.
    page.goto(f"{server}/")
    page.wait_for_url(f"{server}/{other}/")


def test_switching_script_keeps_the_section_being_read(open_page: Opener, server: str) -> None:
    page = open_page(f"{server}/zh-Hans/chapter-3/")
    # Scroll as a reader does; navigation.tracking writes the section in view into the URL.
    # It ignores the first scroll after load and waits for 250 ms of calm, so scroll in steps.
    page.mouse.move(600, 400)
    for _ in range(6):
        page.mouse.wheel(0, 120)
        page.wait_for_timeout(350)
        section = page.evaluate("location.hash")
        if section:
            break
    assert section.startswith("#sec-3-"), section
    page.locator(".md-select").first.hover()
    page.locator("a[data-report-script=zh-Hant]").click()
    page.wait_for_url(f"{server}/zh-Hant/chapter-3/{section}")


# --- Root page -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("locale", "script"),
    [
        ("zh-TW", "zh-Hant"),
        ("zh-HK", "zh-Hant"),
        ("zh-MO", "zh-Hant"),
        ("zh-CN", "zh-Hans"),
        ("zh-SG", "zh-Hans"),
        ("en-US", "zh-Hans"),
    ],
)
def test_root_sends_the_reader_to_their_script(
    open_page: Opener, server: str, locale: str, script: str
) -> None:
    page = open_page(f"{server}/", locale=locale)
    page.wait_for_url(f"{server}/{script}/")


PICK_CASES = [
    (["zh-TW"], None, "zh-Hant"),
    (["zh-HK", "zh-CN"], None, "zh-Hant"),
    (["zh-mo"], None, "zh-Hant"),
    (["zh-Hant"], None, "zh-Hant"),
    (["zh-Hant-CN"], None, "zh-Hant"),
    (["zh-Hans-HK"], None, "zh-Hans"),
    (["zh-CN", "zh-TW"], None, "zh-Hans"),
    (["zh"], None, "zh-Hans"),
    (["en-US", "zh-TW"], None, "zh-Hant"),
    (["en-US", "fr"], None, "zh-Hans"),
    ([], None, "zh-Hans"),
    (["zhx-TW"], None, "zh-Hans"),
    (["zh-TW"], "zh-Hans", "zh-Hans"),
    (["zh-CN"], "zh-Hant", "zh-Hant"),
    (["zh-CN"], "garbage", "zh-Hans"),
]


def test_pick_script_rules(open_page: Opener, server: str) -> None:
    page = open_page(f"{server}/zh-Hans/")
    got = page.evaluate(
        f"cases => cases.map(([langs, stored]) => ({PICK_SCRIPT_JS})(langs, stored))",
        [[languages, stored] for languages, stored, _ in PICK_CASES],
    )
    assert got == [expected for _, _, expected in PICK_CASES]


def test_root_works_without_javascript(open_page: Opener, server: str) -> None:
    page = open_page(f"{server}/", java_script_enabled=False)
    page.locator("a[hreflang=zh-Hant]").click()
    page.wait_for_url(f"{server}/zh-Hant/")


# --- Reading from disk -----------------------------------------------------------------


def test_site_works_from_file_protocol(open_page: Opener, site: Path) -> None:
    root = site.as_uri()
    page = open_page(f"{root}/index.html")
    page.wait_for_url(f"{root}/zh-Hans/index.html")
    # Directory links open index.html, not a folder listing.
    page.goto(f"{root}/zh-Hans/chapter-3/index.html")
    page.locator(".md-footer__link--next").click()
    page.wait_for_url(f"{root}/zh-Hans/chapter-4/index.html")
    # Search runs (its index is a script, not a fetch) and its first result opens the section.
    page.locator(".rs-open").click()
    page.locator(".rs-input").fill("12345")
    page.locator("#rs-results a").first.click()
    page.wait_for_url(re.compile(re.escape(f"{root}/zh-Hans/chapter-3/index.html") + r"\?q=12345#sec-3-4$"))
    # The script switcher too.
    page.goto(f"{root}/zh-Hans/chapter-3/index.html#sec-3-4")
    page.locator(".md-select").first.hover()
    page.locator("a[data-report-script=zh-Hant]").click()
    page.wait_for_url(f"{root}/zh-Hant/chapter-3/index.html#sec-3-4")


# --- Reading comfort -------------------------------------------------------------------


def platform_fonts(page: Page, selector: str) -> list[str]:
    """Families the browser really drew ``selector`` with, most glyphs first."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    document = cdp.send("DOM.getDocument")
    node = cdp.send("DOM.querySelector", {"nodeId": document["root"]["nodeId"], "selector": selector})
    fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node["nodeId"]})["fonts"]
    return [font["familyName"] for font in sorted(fonts, key=lambda f: -f["glyphCount"])]


@pytest.mark.parametrize(
    ("script", "font"), [("zh-Hans", "Noto Sans CJK SC"), ("zh-Hant", "Noto Sans CJK TC")]
)
def test_text_uses_the_scripts_cjk_font(open_page: Opener, server: str, script: str, font: str) -> None:
    if (
        shutil.which("fc-list") is None
        or font
        not in subprocess.run(["fc-list", ":", "family"], capture_output=True, text=True, check=True).stdout
    ):
        pytest.skip(f"{font} is not installed (apt-get install fonts-noto-cjk)")
    page = open_page(f"{server}/{script}/chapter-3/")
    assert platform_fonts(page, "article p")[0] == font


@pytest.mark.parametrize("script", ["zh-Hans", "zh-Hant"])
def test_paragraphs_have_a_comfortable_measure(open_page: Opener, server: str, script: str) -> None:
    for width in (1280, 1000):
        page = open_page(f"{server}/{script}/chapter-3/", viewport={"width": width, "height": 900})
        size = page.eval_on_selector("article p", "p => parseFloat(getComputedStyle(p).fontSize)")
        measure = page.eval_on_selector("article p", "p => p.clientWidth") / size
        leading = page.eval_on_selector("article p", "p => parseFloat(getComputedStyle(p).lineHeight)")
        assert 36 <= measure <= 42, f"{width}px: {measure:.1f} characters per line"
        assert leading / size == pytest.approx(1.8, abs=0.05)


@pytest.mark.parametrize("script", ["zh-Hans", "zh-Hant"])
def test_phone_layout_does_not_overflow(open_page: Opener, server: str, script: str) -> None:
    page = open_page(
        f"{server}/{script}/chapter-3/",
        viewport={"width": 390, "height": 844},
        is_mobile=True,
        has_touch=True,
    )
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    title = page.locator(".md-header__title").bounding_box()
    assert title is not None and title["width"] >= 100, title
    # The header drops its PDF button on phones; the footer keeps the link.
    assert page.locator(".md-header [data-report-pdf]").is_hidden()
    assert page.locator(".md-footer [data-report-pdf]").is_visible()


@pytest.mark.parametrize(("scheme", "palette"), [("light", "default"), ("dark", "slate")])
def test_colour_scheme_follows_the_system(open_page: Opener, server: str, scheme: str, palette: str) -> None:
    page = open_page(f"{server}/zh-Hans/chapter-1/", color_scheme=scheme)
    assert page.locator("body").get_attribute("data-md-color-scheme") == palette


# --- Glossary tooltips -----------------------------------------------------------------


@pytest.mark.parametrize(("script", "term"), [("zh-Hans", "放权强区"), ("zh-Hant", "放權強區")])
def test_glossary_term_shows_its_definition_on_hover_and_focus(
    open_page: Opener, server: str, script: str, term: str
) -> None:
    page = open_page(f"{server}/{script}/chapter-3/")
    link = page.locator('a.gloss[data-gloss="empower-districts"]').first
    assert link.inner_text() == term
    link.hover()
    tooltip = page.locator(".md-tooltip2--active")
    tooltip.wait_for(state="visible")
    assert tooltip.inner_text().startswith(f"{term}：")
    # The first mention links to its glossary entry, which exists.
    href = link.get_attribute("href") or ""
    assert href.endswith("glossary/#empower-districts")
    # Later mentions are abbreviations that keyboard readers reach with Tab.
    abbr = page.locator("abbr.gloss").first
    name = abbr.inner_text()
    abbr.focus()
    page.locator(".md-tooltip2--active", has_text=f"{name}：").wait_for(state="visible")
    link.click()
    page.wait_for_url(re.compile(r"/glossary/#empower-districts$"))
    assert page.locator("#empower-districts").is_visible()


@pytest.mark.parametrize(("script", "term"), [("zh-Hans", "放权强区"), ("zh-Hant", "放權強區")])
def test_glossary_tooltip_is_readable_hoverable_and_dismissable(
    open_page: Opener, server: str, script: str, term: str
) -> None:
    """WCAG 1.4.13: the definition (about 100 characters) is set as text, stays while the
    pointer moves onto it, and Escape dismisses it, on hover and on focus."""
    page = open_page(f"{server}/{script}/chapter-3/")
    link = page.locator('a.gloss[data-gloss="empower-districts"]').first
    link.hover()
    tooltip = page.locator(".md-tooltip2--active", has_text=f"{term}：")
    tooltip.wait_for(state="visible")
    inner = tooltip.locator(".md-tooltip2__inner")
    size, weight = inner.evaluate(
        "e => [parseFloat(getComputedStyle(e).fontSize), getComputedStyle(e).fontWeight]"
    )
    assert size >= 14 and int(weight) <= 400, (size, weight)
    # Hoverable: the pointer crosses onto the tooltip, which stays (and stays: persistent).
    box = inner.bounding_box()
    assert box is not None
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2, steps=4)
    page.wait_for_timeout(600)
    assert tooltip.is_visible()
    page.keyboard.press("Escape")
    tooltip.wait_for(state="hidden")
    # Focus: a later mention (an <abbr>) shows its definition; Escape dismisses it.
    page.mouse.move(5, 300)
    abbr = page.locator("abbr.gloss").first
    abbr.focus()
    focused = page.locator(".md-tooltip2--active", has_text=f"{abbr.inner_text()}：")
    focused.wait_for(state="visible")
    page.keyboard.press("Escape")
    focused.wait_for(state="hidden")
    # Dismissed until the reader moves on: the next term's tooltip shows again.
    page.keyboard.press("Tab")
    page.locator(".md-tooltip2--active").last.wait_for(state="visible")


def test_colours_without_javascript(open_page: Opener, server: str) -> None:
    """The palette the HTML carries is the custom one, not Material's indigo."""
    page = open_page(f"{server}/zh-Hans/chapter-1/", java_script_enabled=False)
    body = page.locator("body")
    assert body.get_attribute("data-md-color-primary") == "custom"
    assert body.get_attribute("data-md-color-accent") == "custom"
    header = page.eval_on_selector(".md-header", "e => getComputedStyle(e).backgroundColor")
    assert header == "rgb(155, 28, 28)"


@pytest.mark.parametrize("section", ["sec-3-3", "sec-3-4"])
def test_contents_link_near_the_end_of_a_page_keeps_its_section(
    open_page: Opener, server: str, section: str
) -> None:
    """The page has room to bring any section's heading to the top, so navigation.tracking
    writes the section clicked into the address, not the last one."""
    page = open_page(f"{server}/zh-Hans/chapter-3/")
    page.locator(f".md-sidebar--secondary a[href='#{section}']").click()
    page.wait_for_timeout(1000)
    assert page.evaluate("location.hash") == f"#{section}"
    top = page.eval_on_selector(f"#{section}", "e => e.getBoundingClientRect().top")
    assert 0 <= top <= 120, top


@pytest.mark.parametrize("script", ["zh-Hans", "zh-Hant"])
def test_hreflang_alternates_name_the_same_page_in_each_script(
    open_page: Opener, server: str, script: str
) -> None:
    page = open_page(f"{server}/{script}/chapter-3/")
    alternates = page.eval_on_selector_all(
        "link[rel=alternate][hreflang]", "links => links.map(l => [l.hreflang, l.href])"
    )
    assert alternates == [
        ["zh-Hans", f"{server}/zh-Hans/chapter-3/"],
        ["zh-Hant", f"{server}/zh-Hant/chapter-3/"],
    ]


@pytest.mark.parametrize(
    ("missing", "page_file", "home"),
    [
        ("zh-Hans/no/such/page/", "zh-Hans/404.html", "zh-Hans"),
        ("zh-Hant/chapter-3/typo.html", "zh-Hant/404.html", "zh-Hant"),
        ("no-such-folder/deeper/", "404.html", "zh-Hant"),
    ],
)
def test_not_found_page_leads_home_from_any_depth(
    open_page: Opener, server: str, site: Path, missing: str, page_file: str, home: str
) -> None:
    """A server sends 404.html at the missing address itself (http.server cannot, so the
    test's route does): its links still lead to the home pages, and it loads nothing."""
    page = open_page("about:blank")
    page.context.route(
        f"{server}/{missing}",
        lambda route: route.fulfill(
            status=404, path=site / page_file, content_type="text/html; charset=utf-8"
        ),
    )
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(f"{server}/{missing}")
    assert requests == [f"{server}/{missing}"]  # self-contained: no style, script or font
    assert "找不到" in page.title()
    page.locator(f"a[hreflang={home}]").last.click()
    page.wait_for_url(f"{server}/{home}/")
    assert page.locator("article h1").first.is_visible()


def test_not_found_page_without_javascript_links_both_scripts(open_page: Opener, server: str) -> None:
    page = open_page(f"{server}/zh-Hans/404.html", java_script_enabled=False)
    page.locator("nav a[hreflang=zh-Hant]").click()
    page.wait_for_url(f"{server}/zh-Hant/")


def test_no_sitemap_requests_from_disk(open_page: Opener, site: Path) -> None:
    """Material fetches the sitemap of every alternate, which file:// refuses (a CORS error
    in the console each time); report.js takes the alternates out there."""
    root = site.as_uri()
    errors: list[str] = []
    requests: list[str] = []
    page = open_page("about:blank")
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("request", lambda request: requests.append(request.url))
    page.goto(f"{root}/zh-Hant/chapter-3/index.html")
    page.wait_for_load_state("load")
    page.wait_for_timeout(500)
    assert not [url for url in requests if "sitemap" in url]
    assert not errors, errors
