"""A library of reports, built: the tests' library (tests/fixtures/library: three issuers, two
years each) through ``build_library`` and the command line. Each report is a whole site at
its address; an unchanged report is not built again; a changed one alone is; a refused one is
listed and --strict fails; a Dask LocalCluster gives the same bytes as the local pool; every
indicator value links to the paragraph that states it."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from build_tools.cli import main
from build_tools.publish.write import MARKER
from tests.htmlread import read, resolve
from tests.librarybuild import KEYS, Built, build, built_library, copy_of, tree

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Built]:
    yield built_library(tmp_path_factory.getbasetemp())


def test_every_report_is_a_whole_site_at_its_address(built: Built) -> None:
    assert sorted(built.summary.built) == KEYS and not built.summary.refused
    assert built.summary.addresses == {
        "reports/longgangqu-2017": "shenzhenshi-longgangqu/2017",
        "reports/longgangqu-2020": "shenzhenshi-longgangqu/2020",
        "reports/luohuqu-2020": "shenzhenshi-luohuqu/2020",
        "reports/luohuqu-2021": "shenzhenshi-luohuqu/2021",
        "reports/shenzhenshi-2017": "shenzhenshi/2017",
        "reports/shenzhenshi-2021": "shenzhenshi/2021",
    }
    for address in built.summary.addresses.values():
        folder = built.site / address
        assert (folder / "index.html").is_file() and (folder / "404.html").is_file()
        for script in ("zh-Hans", "zh-Hant"):
            for page in ("", "chapter-1/", "chapter-2/", "figures/", "documents/", "editorial-notes/"):
                assert (folder / script / page / "index.html").is_file(), f"{address}/{script}/{page}"
            assert (folder / script / "assets" / "search" / "index.js").is_file()
    assert (built.site / MARKER).is_file() and (built.site / "library.json").is_file()


@pytest.mark.parametrize("script", ["zh-Hans", "zh-Hant"])
def test_the_home_lists_every_report_by_issuer_and_year(built: Built, script: str) -> None:
    home = built.site / script / "index.html"
    page = read(home)
    names = {"zh-Hans": "深圳市罗湖区人民政府", "zh-Hant": "深圳市羅湖區人民政府"}
    assert names[script] in page.ids["issuer-shenzhenshi-luohuqu"]
    reports = [link for link in page.links if "lib-report" in link.classes]
    assert len(reports) == 6
    for link in reports:
        path, _ = resolve(home, link.href)
        assert path.is_file(), link.href
        assert f"/{script}/index.html" in path.as_posix()
    years = re.findall(
        r'data-issuer="shenzhenshi-luohuqu" data-year="(\d+)"', home.read_text(encoding="utf-8")
    )
    assert years == ["2020", "2021"]


def test_nothing_changed_rebuilds_nothing_and_gives_the_same_bytes(built: Built, tmp_path: Path) -> None:
    root = copy_of(built, tmp_path)
    before = tree(root / "site")
    again = build(root)
    assert again.built == [] and sorted(again.reused) == KEYS
    assert tree(root / "site") == before


def test_a_changed_report_is_the_only_one_built_again(built: Built, tmp_path: Path) -> None:
    root = copy_of(built, tmp_path)
    raw = root / "reports" / "shenzhenshi-2021" / "sources" / "shenzhenshi-2021.raw.txt"
    text = raw.read_text(encoding="utf-8")
    assert "刷脸办事" in text
    raw.write_text(text.replace("刷脸办事", "刷脸办理", 1), encoding="utf-8")
    before = tree(root / "site")
    again = build(root)
    assert again.built == ["reports/shenzhenshi-2021"]
    after = tree(root / "site")
    changed = [p for p in after if after[p] != before.get(p)]
    # The report's folder, and the library's own pages and records; no other report.
    library = ("shenzhenshi/2021/", "zh-Hans/", "zh-Hant/", "assets/library/search/", "library.json", MARKER)
    assert changed and all(p.startswith(library) for p in changed), changed
    assert "刷脸办理" in (
        root / "site" / "shenzhenshi" / "2021" / "zh-Hans" / "chapter-1" / "index.html"
    ).read_text(encoding="utf-8")


BROKEN = "各位代表：\n一、第一章\n第一章的正文。\n三、第三章\n第三章的正文。\n"


def test_a_refused_report_is_listed_and_strict_fails(built: Built, tmp_path: Path) -> None:
    root = copy_of(built, tmp_path)
    sources = root / "reports" / "broken-2020" / "sources"
    sources.mkdir(parents=True)
    (sources / "broken.raw.txt").write_text(BROKEN, encoding="utf-8")
    (sources / "broken.yml").write_text("issuer: 某区人民政府\nyear: 2020\n", encoding="utf-8")
    before = tree(root / "site")
    assert main(["-q", "library", "-C", str(root), "--no-pdf", "-j", "1", "--strict"]) == 2
    assert tree(root / "site") == before  # --strict: nothing written
    summary = build(root)
    [refused] = summary.refused
    assert refused.key == "reports/broken-2020" and "chapter 二、 is missing" in refused.reason
    assert refused.where.endswith("broken.raw.txt:4") and refused.hint
    assert set(KEYS) <= set(summary.reused)  # the rest published, unchanged (the refusal too: cached)
    home = (root / "site" / "zh-Hans" / "index.html").read_text(encoding="utf-8")
    assert "reports/broken-2020" in home and "chapter 二、 is missing" in home and "未能收入的报告" in home


def test_a_dask_local_cluster_gives_the_same_bytes(built: Built, tmp_path: Path) -> None:
    from distributed import Client, LocalCluster

    root = copy_of(built, tmp_path, cache=False)
    with (
        LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster,
        Client(cluster) as client,
    ):
        summary = build(root, executor=client.get_executor())
    assert sorted(summary.built) == KEYS
    assert tree(root / "site") == tree(built.site)


@pytest.mark.parametrize("script", ["zh-Hans", "zh-Hant"])
def test_every_indicator_value_links_to_its_paragraph(built: Built, script: str) -> None:
    pages = sorted((built.site / script / "indicators").glob("*/index.html"))
    assert len(pages) == 5
    linked = 0
    for page_path in pages:
        for link in read(page_path).links:
            if "num" not in link.classes:
                continue
            target, anchor = resolve(page_path, link.href)
            paragraph = read(target).blocks.get(anchor)
            assert paragraph is not None, f"{page_path}: {link.href} has no #{anchor}"
            printed = link.text.split("（")[-1] if "（" in link.text else link.text
            digits = re.match(r"[\d.]+", printed)
            assert digits and digits.group() in paragraph, f"{link.href}: {printed} not in {paragraph[:80]}"
            linked += 1
    assert linked >= 20


@pytest.mark.parametrize("script", ["zh-Hans", "zh-Hant"])
def test_the_library_search_holds_every_section_once_and_its_keys(built: Built, script: str) -> None:
    """Every section of every report's own search index is in one chunk of the library's,
    and the postings of each of its keys name it."""
    from build_tools.publish.library.search import SEARCH_DIR, fnv1a, keys, read_index
    from build_tools.publish.search.fold import fold_text

    folder = built.site / SEARCH_DIR / script

    def load(path: Path) -> list[object]:
        text = path.read_text(encoding="utf-8")
        return json.loads("[" + text[text.index("(") + 1 : text.rindex(")")] + "]")

    head = load(folder / "head.js")[1]
    assert isinstance(head, dict) and len(head["reports"]) == 6
    chunks = [load(folder / "t" / f"{n}.js")[2] for n in range(len(head["chunks"]))]
    sections = [s for chunk in chunks for s in chunk["sections"]]  # type: ignore[index]
    expected = []
    for address in sorted(built.summary.addresses.values()):
        own = read_index(built.site / address / script / "assets" / "search" / "index.js")
        expected += [(s[1], s[2], s[3]) for s in own["sections"]]
    assert sorted((s[1], s[2], s[3]) for s in sections) == sorted(expected)
    fold = head["fold"]
    table = {fold[i]: fold[i + 1] for i in range(0, len(fold) - 1, 2)}
    shards: dict[int, dict[str, list[int]]] = {}
    for sid in range(0, len(sections), 7):  # every seventh section: its keys name it
        _, _, title, text, _, context = sections[sid]
        for key in sorted(keys(fold_text(f"{title}\n{context}\n{text}", table)))[:40]:
            n = fnv1a(key) % head["shards"]["p"]
            if n not in shards:
                body = load(folder / "p" / f"{n}.js")[2]
                shards[n] = {}
                for entry in str(body).split(";"):
                    k, _, gaps = entry.partition(":")
                    ids, at = [], 0
                    for gap in gaps.split(","):
                        at += int(gap, 36)
                        ids.append(at)
                    shards[n][k] = ids
            assert sid in shards[n][key], (sid, key)
