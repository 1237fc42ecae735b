"""A library of reports in a real browser (Debian's chromium driven by Playwright), on the tests'
library (tests/fixtures/library), from disk and served on 127.0.0.1:

* cite: every paragraph of every report page, in both scripts, has a cite button whose dialog
  gives the GB/T 7714-2015 reference of that paragraph (issuer, title, [EB/OL], date, date of
  access, the address with the paragraph's anchor); the keyboard opens it, Esc closes it and
  gives the focus back; the copy button copies it, from disk too;
* the home page's filters (issuer, year) hide what does not match, keep the choice in the
  address, and without JavaScript the page is the whole plain list.

Every test fails on a request to a host other than 127.0.0.1 or a JavaScript error.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from build_tools.curated.settings import settings_for
from build_tools.pages.walk import paragraph_anchors
from build_tools.text import pipeline
from scripts.bench.reader import serve_dir
from scripts.bench.search import CHROMIUM, Run, browser, new_page
from tests.librarybuild import Built, built_library

pytestmark = [pytest.mark.slow, pytest.mark.browser]

SCRIPTS = ("zh-Hans", "zh-Hant")
#: the report pages that hold the report's text (the others are about it)
TEXT_PAGES = re.compile(
    r"/(index|chapter-\d+/index|part-\d+/index|conclusion/index|appendix-\d+/index)\.html$"
)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    return built_library(tmp_path_factory.getbasetemp())


@pytest.fixture(scope="module")
def chromium() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)")
    with browser() as launched:
        yield launched


@pytest.fixture
def run(chromium: Any) -> Iterator[Run]:
    seen = Run("test")
    yield seen
    assert not seen.outside_requests, f"requests left 127.0.0.1: {seen.outside_requests}"
    assert not seen.js_errors, f"JavaScript errors: {seen.js_errors}"


# Clicks every cite button of the page and returns [[paragraph id, reference, focus back]].
CITE_ALL = """() => {
  const out = [];
  for (const button of document.querySelectorAll('.cite-button')) {
    button.click();
    const dialog = document.querySelector('dialog.cite-dialog');
    out.push([button.parentElement.id, dialog.open ? dialog.querySelector('textarea').value : '']);
    dialog.close();
  }
  return out;
}"""


def report_pages(built: Built, script: str) -> list[Path]:
    pages = []
    for address in built.summary.addresses.values():
        folder = built.site / address / script
        pages += [p for p in sorted(folder.rglob("index.html")) if TEXT_PAGES.search(p.as_posix())]
    return pages


@pytest.mark.parametrize("script", SCRIPTS)
def test_cite_gives_every_paragraph_its_reference(chromium: Any, run: Run, built: Built, script: str) -> None:
    today = datetime.date.today().isoformat()
    cited: dict[str, set[str]] = {key: set() for key in built.summary.addresses}
    for path in report_pages(built, script):
        key = next(k for k, a in built.summary.addresses.items() if f"/{a}/" in path.as_posix())
        record = built.summary.records[key]
        page = new_page(chromium, run)
        page.goto(path.as_uri())
        ids = page.eval_on_selector_all(
            ".md-content article p[id], .md-content article li[id]", "els => els.map(e => e.id)"
        )
        found = page.evaluate(CITE_ALL)
        assert [i for i, _ in found] == ids, path
        i = 0 if script == "zh-Hans" else 1
        for ident, reference in found:
            expected = (
                f"{re.escape(record.issuer[i])}. {re.escape(record.title[i])}\\[EB/OL\\]. "
                f"{record.year}\\[{today}\\]. {re.escape(path.as_uri())}#{re.escape(ident)}\\."
            )
            assert re.fullmatch(expected, reference), reference
        cited[key] |= {ident for ident, _ in found}
        page.context.close()
    for key, ids in cited.items():  # every paragraph of the report, none missed
        source = next((built.root / key / "sources").glob("*.raw.txt"))
        settings = settings_for(source)
        doc = pipeline.run(source, settings.scripts, settings.report.given)
        assert ids == {a for a in paragraph_anchors(doc.report(script)) if a}, key


def test_the_keyboard_opens_and_closes_cite_and_copy_copies(chromium: Any, run: Run, built: Built) -> None:
    address = built.summary.addresses["reports/shenzhenshi-2017"]
    page = new_page(chromium, run)
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.goto((built.site / address / "zh-Hans" / "chapter-1" / "index.html").as_uri())
    page.focus("#sec-1-1-p1 .cite-button")
    page.keyboard.press("Enter")
    dialog = page.locator("dialog.cite-dialog")
    assert dialog.evaluate("d => d.open")
    reference = page.locator("dialog.cite-dialog textarea").input_value()
    assert reference.startswith("深圳市人民政府. 2017年深圳市政府工作报告[EB/OL]. 2017[")
    assert reference.endswith("#sec-1-1-p1.")
    page.locator("dialog.cite-dialog .cite-copy").click()
    # the status is written when the clipboard's promise settles, not by the click itself
    page.wait_for_function("document.querySelector('dialog.cite-dialog output').textContent !== ''")
    assert page.locator("dialog.cite-dialog output").text_content() == "已复制"
    assert page.evaluate("navigator.clipboard.readText()") == reference
    page.keyboard.press("Escape")
    assert not dialog.evaluate("d => d.open")
    assert page.evaluate("document.activeElement.parentElement.id") == "sec-1-1-p1"
    page.context.close()


def test_cite_served_gives_the_http_address(chromium: Any, run: Run, built: Built) -> None:
    address = built.summary.addresses["reports/luohuqu-2021"]
    with serve_dir(built.site) as base:
        page = new_page(chromium, run)
        page.goto(f"{base}/{address}/zh-Hant/chapter-1/")
        page.locator("#chapter-1-p1 .cite-button").click()
        reference = page.locator("dialog.cite-dialog textarea").input_value()
        page.context.close()
    assert reference.startswith("深圳市羅湖區人民政府. 2021年深圳市羅湖區政府工作報告[EB/OL]. 2021[")
    assert reference.endswith(f"{base}/{address}/zh-Hant/chapter-1/#chapter-1-p1.")


def visible_reports(page: Any) -> list[str]:
    return page.eval_on_selector_all(
        ".lib-report",
        "els => els.filter(e => e.offsetParent !== null).map(e => e.dataset.issuer + '/' + e.dataset.year)",
    )


def test_the_filters_narrow_the_list_and_keep_it_in_the_address(
    chromium: Any, run: Run, built: Built
) -> None:
    with serve_dir(built.site) as base:
        page = new_page(chromium, run)
        page.goto(f"{base}/zh-Hans/")
        assert len(visible_reports(page)) == 6
        page.select_option("select[name=issuer]", "shenzhenshi-luohuqu")
        assert visible_reports(page) == ["shenzhenshi-luohuqu/2020", "shenzhenshi-luohuqu/2021"]
        page.select_option("select[name=year]", "2021")
        assert visible_reports(page) == ["shenzhenshi-luohuqu/2021"]
        assert page.locator(".lib-count").text_content() == "显示 1 份报告"
        assert "issuer=shenzhenshi-luohuqu" in page.url and "year=2021" in page.url
        page.select_option("select[name=issuer]", "")
        assert visible_reports(page) == ["shenzhenshi/2021", "shenzhenshi-luohuqu/2021"]
        page.goto(f"{base}/zh-Hant/?year=2017")
        assert visible_reports(page) == ["shenzhenshi/2017", "shenzhenshi-longgangqu/2017"]
        page.context.close()


def test_without_javascript_the_home_is_the_whole_list(chromium: Any, run: Run, built: Built) -> None:
    page = new_page(chromium, run, java_script_enabled=False)
    page.goto((built.site / "zh-Hans" / "index.html").as_uri())
    assert len(visible_reports(page)) == 6
    assert not page.locator("form.lib-filters").is_visible()
    page.context.close()


# The text of a section: its heading and what follows up to the next heading.
SECTION_TEXT = """h => {
  let t = '';
  for (let e = h; e && !(e !== h && /^H[1-3]$/.test(e.tagName)); e = e.nextElementSibling) t += e.textContent;
  return t;
}"""


# Runs one query through the page's own form and returns (status line, [(report, link)]).
def searched(page: Any, query: str, issuer: str = "", year: str = "") -> tuple[str, list[tuple[str, str]]]:
    page.select_option("select[name=issuer]", issuer)
    page.select_option("select[name=year]", year)
    page.fill("input[name=q]", query)
    page.wait_for_function(
        "q => document.querySelector('.lib-search-status').textContent.includes('：' + q) || "
        "document.querySelectorAll('.lib-result').length > 0",
        arg=query,
    )
    page.wait_for_timeout(300)  # a last keystroke's results replace the ones before
    status = page.locator(".lib-search-status").text_content() or ""
    rows = page.eval_on_selector_all(
        ".lib-result__title",
        "els => els.map(e => [e.querySelector('.lib-result__report').textContent, e.href])",
    )
    return status, [(r, h) for r, h in rows]


def test_the_library_search_finds_across_reports_in_either_script_with_filters(
    chromium: Any, run: Run, built: Built
) -> None:
    with serve_dir(built.site) as base:
        page = new_page(chromium, run)
        page.goto(f"{base}/zh-Hans/search/")
        _, simplified = searched(page, "营商环境")
        reports = {r for r, _ in simplified}
        assert len(simplified) >= 6 and len(reports) >= 4
        _, traditional = searched(page, "營商環境")
        # Typed in the other script: the same answers (the links carry the query as typed).
        assert [(r, h.split("?")[0]) for r, h in traditional] == [(r, h.split("?")[0]) for r, h in simplified]
        _, luohu = searched(page, "营商环境", issuer="shenzhenshi-luohuqu")
        assert luohu and all("罗湖区" in r for r, _ in luohu)
        _, of_2017 = searched(page, "生产总值", year="2017")
        assert of_2017 and all(r.startswith("2017年") for r, _ in of_2017)
        status, none = searched(page, "量子计算机")
        assert not none and "没有找到" in status
        # The first answer is a section that holds the words, at its anchor.
        _, found = searched(page, "营商环境")
        page.goto(found[0][1])
        anchor = found[0][1].split("#")[1]
        assert "营商环境" in page.locator(f"[id='{anchor}']").first.evaluate(SECTION_TEXT)
        page.goto(f"{base}/zh-Hant/search/?q=%E8%90%A5%E5%95%86%E7%8E%AF%E5%A2%83")
        page.wait_for_selector(".lib-result")
        assert "報告" in (page.locator(".lib-result__report").first.text_content() or "")
        page.context.close()


def test_the_library_search_works_from_disk(chromium: Any, run: Run, built: Built) -> None:
    page = new_page(chromium, run)
    page.goto((built.site / "zh-Hant" / "search" / "index.html").as_uri())
    status, found = searched(page, "固定资产投资")
    assert len(found) >= 4 and "找到" in status
    assert all(h.startswith("file://") and "/index.html?q=" in h for _, h in found)
    page.context.close()
