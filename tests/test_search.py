"""The site's search, without a browser: sections read from HTML, folding, jieba's vocabulary,
the index and the tags, on small hand-made pages; then the real site's search files.

The browser side (ranking of the reader questions, input events, file://, highlighting, and
search.js cutting exactly as jieba does) is test_search_browser.py.
"""

from __future__ import annotations

from pathlib import Path

import jieba
import pytest

from build_tools.pages.nav import BACK_PAGES
from build_tools.paths import DOCS, JIEBA_USER, SCRIPTS
from build_tools.publish.search.assets import (
    ASSET_DIR,
    INDEX_VARIABLE,
    PAGE_WEIGHTS,
    STATIC,
    Spoken,
    build_assets,
    index_data,
    inject,
    page_weight,
)
from build_tools.publish.search.extract import (
    Node,
    Section,
    extract_sections,
    parse_html,
    sections_from_pages,
)
from build_tools.publish.search.fold import (
    align_pairs,
    convert_each,
    fold_text,
    folding_table,
    opencc_converters,
    single_char_table,
)
from build_tools.publish.search.step import read_pages, search_files, unaligned
from build_tools.publish.search.terms import QueryWords
from build_tools.publish.search.vocab import Vocabulary, dag_words, encode, tokenizer, vocabulary
from build_tools.publish.write import OutputError, write_into
from scripts.bench.search import SIZE_GOAL, asset_sizes
from tests.sitebuild import CHAPTERS, REPO, built_site, read_index, require_docs

PAGE = """<html><head><title>T</title></head><body>
<header>站点标题</header><nav>导航</nav>
<div role="main"><article>
<h1 id="chapter-3">三、转变政府职能<a class="headerlink" href="#chapter-3">&para;</a></h1>
<h2 id="contents">目录</h2>
<ul><li><a href="a/">一、甲</a><ul><li><a href="a/#x">（一）乙</a></li></ul></li></ul>
<h2 id="sec-3-4">（四）打造最强服务热线</h2>
<p>2018年7月，广州<a class="gloss" href="../glossary/#h">12345政府服务热线</a>荣获银奖。</p>
<figure><svg><text>143项</text></svg><figcaption>图4</figcaption></figure>
<p>原文 <code>20187</code> 已改。</p>
</article></div><footer>页脚</footer></body></html>"""


@pytest.fixture(scope="module")
def tk() -> jieba.Tokenizer:
    return tokenizer(REPO / DOCS / JIEBA_USER, REPO / ".cache" / "jieba")


@pytest.fixture(scope="module")
def base() -> dict[str, str]:
    return single_char_table(opencc_converters())


# --- Sections ---------------------------------------------------------------------------------


def test_sections_split_at_headings_without_furniture() -> None:
    (section,) = extract_sections("chapter-3/", PAGE)
    assert (section.anchor, section.level, section.title) == ("sec-3-4", 2, "（四）打造最强服务热线")
    # Headings with no text of their own (the chapter's, a contents list's) are no result of
    # their own: their titles go with the next section, without the permalink ¶.
    assert section.context == "三、转变政府职能\n目录"
    body = section.text
    assert "2018年7月，广州12345政府服务热线荣获银奖。" in body
    # The chart repeats numbers of the text; code quotes the raw source; the caption stays.
    assert "143项" not in body and "20187" not in body and "图4" in body
    assert all(word not in body for word in ("导航", "页脚", "站点标题", "¶"))


def test_what_the_screen_never_shows_is_not_indexed() -> None:
    html = (
        "<body><article><div class='report-print-only' data-search-ignore>报告名称</div>"
        "<h1 id='a'>甲</h1><p>正文</p><p hidden>隐藏的字</p>"
        "<div data-search-ignore>来源：市司法局</div></article></body>"
    )
    assert [(s.anchor, s.text) for s in extract_sections("x/", html)] == [("a", "正文")]


def test_page_title_is_the_first_h1() -> None:
    assert {s.page_title for s in extract_sections("chapter-3/", PAGE)} == {"三、转变政府职能"}


def test_text_before_the_first_heading_keeps_the_page_address() -> None:
    html = "<body><main><p>前言文字</p><h2 id='a'>甲</h2><p>正文</p></main></body>"
    sections = extract_sections("x/", html)
    assert [(s.anchor, s.text) for s in sections] == [("", "前言文字"), ("a", "正文")]


def test_sections_come_in_the_order_of_the_page_addresses() -> None:
    sections = sections_from_pages({"glossary/": PAGE, "chapter-3/": PAGE})
    assert [s.url for s in sections] == ["chapter-3/", "glossary/"]


# --- Folding ----------------------------------------------------------------------------------


def test_folding_keeps_length_and_joins_scripts_and_widths() -> None:
    table = {"熱": "热", "線": "线", "號": "号"}
    for text in ("熱線（２０１８）２號", "ＡＢＣ　x"):
        assert len(fold_text(text, table)) == len(text)
    assert fold_text("熱線（２０１８）２號", table) == "热线(2018)2号"
    assert fold_text("ＡＢＣ　x", table) == "abc x"


def test_one_conversion_over_all_characters_equals_one_per_character() -> None:
    chars = [chr(c) for c in range(0x4E00, 0x5200)]
    for convert in opencc_converters():
        assert convert_each(convert, chars) == [convert(c) for c in chars]


def test_opencc_table_folds_traditional_and_variants(base: dict[str, str]) -> None:
    assert fold_text("營商環境綫裏", base) == "营商环境线里"
    assert all(len(k) == len(v) == 1 and k != v for k, v in base.items())


def test_aligned_pairs_win_over_the_base_table() -> None:
    table = align_pairs({"著": "著"}, [("著", "着")])
    assert fold_text("著", table) == fold_text("着", table)


def test_folding_twice_changes_nothing(base: dict[str, str]) -> None:
    # OpenCC folds 麼 to 么 and 么 to 幺: settled, a query's 怎麼 and 怎么 fold alike.
    table = folding_table(["怎么样", "麼"], base)
    assert fold_text("怎麼", table) == fold_text("怎么", table)
    assert not [v for v in table.values() if v in table]


def test_folding_table_keeps_only_characters_the_text_needs() -> None:
    assert folding_table(["热线"], {"熱": "热", "線": "线", "龍": "龙"}) == {"熱": "热", "線": "线"}


# --- Vocabulary -------------------------------------------------------------------------------


def test_dag_words_are_every_dictionary_word_in_the_text() -> None:
    # jieba's prefix dictionary: every prefix of a word is a key, 0 when it is no word itself.
    freq = {"营": 1, "营商": 0, "营商环": 0, "营商环境": 5, "环": 1, "环境": 3, "境": 1}
    assert set(dag_words("营商环境", freq)) == {"营", "营商环境", "环", "环境", "境"}


def test_vocabulary_holds_user_words_and_encodes_sorted(tk: jieba.Tokenizer) -> None:
    vocab = vocabulary(["放权强区，营商环境"], tk)
    assert {"放权强区", "营商环境", "放权"} <= vocab.words.keys()
    assert vocab.words["放权强区"] == 100000  # the user dictionary's frequency
    assert encode(Vocabulary({"b": 35, "a": 36}, 1.0)) == "a,10;b,z"


@pytest.mark.slow
def test_the_cached_prefix_dictionary_is_jiebas(tk: jieba.Tokenizer, tmp_path: Path) -> None:
    fresh = tokenizer(None, tmp_path)  # builds it and writes the cache
    cached = tokenizer(None, tmp_path)  # reads the cache
    reference = jieba.Tokenizer()
    freq, total = reference.gen_pfdict(reference.get_dict_file())
    assert cached.total == fresh.total == total and cached.FREQ == fresh.FREQ == freq
    assert len(list(tmp_path.iterdir())) == 1


# --- Index, tags, writing ----------------------------------------------------------------------


def test_weights_and_index_shape() -> None:
    sections = sections_from_pages({"chapter-3/": PAGE, "glossary/": PAGE})
    spoken = Spoken(QueryWords(("吗",), {"投诉电话": ("12345政府服务热线",)}), "rexian:热线", "re:热;xian:线")
    data = index_data(sections, "zh-Hans", {"熱": "热"}, Vocabulary({"热线": 100000}, 18.0), spoken)
    assert data["pages"] == [["chapter-3/", "三、转变政府职能", 1.0], ["glossary/", "三、转变政府职能", 0.25]]
    assert data["fold"] == "熱热" and data["vocab"] == "热线,255s"
    assert data["sections"][0][1::4] == ["sec-3-4", "三、转变政府职能\n目录"]  # anchor, context
    assert data["x"] == [["投诉电话", ["12345政府服务热线"]]] and data["ig"] == ["吗"]
    assert (data["py"], data["pc"]) == ("rexian:热线", "re:热;xian:线")
    assets = build_assets(sections, "zh-Hans", {}, Vocabulary({}, 18.0))
    assert set(assets) == {f"{ASSET_DIR}/{n}" for n in ("index.js", *STATIC)}
    assert assets[f"{ASSET_DIR}/index.js"].startswith(f"window.{INDEX_VARIABLE}={{")


def test_reference_pages_weigh_less_than_the_report() -> None:
    assert {prefix.rstrip("/") + ".md" for prefix, _ in PAGE_WEIGHTS} == set(BACK_PAGES)
    assert page_weight("chapter-3/") == 1.0
    assert page_weight("editorial-notes/") < page_weight("glossary/") < 1.0


def test_inject_adds_the_tags_once_with_relative_paths() -> None:
    html = inject(PAGE, "chapter-3/")
    assert '<script src="../assets/search/search.js" defer data-report-search>' in html
    assert '<link rel="stylesheet" href="../assets/search/search.css"' in html
    assert html.index("data-report-search") < html.index("</head>")
    assert inject(html, "chapter-3/") == html
    assert 'src="assets/search/search.js"' in inject(PAGE, "")


@pytest.mark.parametrize(
    "mention",
    [
        "<p>页面标记 data-report-search 用于搜索。</p>",  # the report's text (issue #20, item 10)
        "<p>&lt;script src=x data-report-search&gt;&lt;/head&gt;</p>",  # a tag quoted as text
        "<pre><code>&lt;link data-report-search&gt;</code></pre>",
    ],
)
def test_text_that_mentions_the_marker_keeps_the_search(mention: str) -> None:
    # Whether a page has the search is read from its elements, never from its text.
    page = PAGE.replace("<p>原文", mention + "<p>原文")
    html = inject(page, "chapter-3/")
    assert html.count('<script src="../assets/search/search.js" defer data-report-search>') == 1
    assert html.index("search.js") < html.index("</head>") and mention in html
    assert inject(html, "chapter-3/") == html


def test_a_head_script_that_mentions_the_end_of_head_is_not_cut() -> None:
    page = PAGE.replace("<title>T</title>", '<title>T</title><script>var s = "</head>";</script>')
    html = inject(page, "")
    assert '"</head>";</script><link rel="stylesheet" href="assets/search/search.css"' in html


def test_write_into_refuses_paths_outside_the_folder(tmp_path: Path) -> None:
    write_into(tmp_path, {"a/b.txt": "甲", "c.bin": b"\x00"})
    assert (tmp_path / "a" / "b.txt").read_text(encoding="utf-8") == "甲"
    with pytest.raises(OutputError, match="outside"):
        write_into(tmp_path / "a", {"../escape.txt": "x"})
    assert not (tmp_path / "escape.txt").exists()


def test_search_files_are_the_same_on_every_run(tk: jieba.Tokenizer, base: dict[str, str]) -> None:
    hant = PAGE.replace("转变政府职能", "轉變政府職能").replace("热线", "熱線")
    pages = {"zh-Hans": {"chapter-3/": PAGE}, "zh-Hant": {"chapter-3/": hant}}
    first = search_files(pages, base, tk)
    assert first == search_files(pages, base, tk)
    assert set(first) == {
        f"{s}/{p}"
        for s in SCRIPTS
        for p in ("chapter-3/index.html", f"{ASSET_DIR}/index.js", *(f"{ASSET_DIR}/{n}" for n in STATIC))
    }


# --- The real site ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    require_docs()
    return built_site(tmp_path_factory.getbasetemp())


@pytest.mark.slow
@pytest.mark.parametrize("script", SCRIPTS)
def test_every_report_section_is_in_the_index(site: Path, script: str) -> None:
    index = read_index(site, script)
    pages, sections = index["pages"], index["sections"]
    assert isinstance(pages, list) and isinstance(sections, list)
    found = {f"{pages[s[0]][0]}#{s[1]}" for s in sections}
    for chapter in CHAPTERS:
        html = (site / script / chapter / "index.html").read_text(encoding="utf-8")
        ids = {f"{chapter}/#{s.anchor}" for s in extract_sections(f"{chapter}/", html)}
        assert any("#sec-" in i for i in ids) and ids <= found


@pytest.mark.slow
@pytest.mark.parametrize("script", SCRIPTS)
def test_every_page_loads_the_search_once(site: Path, script: str) -> None:
    for path in sorted((site / script).rglob("index.html")):
        assert path.read_text(encoding="utf-8").count("data-report-search") == 2, path


@pytest.mark.slow
def test_both_scripts_fold_to_the_same_text(site: Path, base: dict[str, str]) -> None:
    # What lets a query typed in either script find the same sections on either site.
    sections: dict[str, list[Section]] = {s: sections_from_pages(read_pages(site / s)) for s in SCRIPTS}
    tables: dict[str, dict[str, str]] = {}
    for script in SCRIPTS:
        fold = read_index(site, script)["fold"]
        assert isinstance(fold, str)
        tables[script] = dict(zip(fold[::2], fold[1::2], strict=True))
    assert unaligned(sections, tables) == 0


@pytest.mark.slow
@pytest.mark.parametrize("script", SCRIPTS)
def test_index_and_code_fit_the_size_goal(site: Path, script: str) -> None:
    sizes = asset_sizes(site)[script]
    assert 0 < sizes["gzip"] <= SIZE_GOAL, sizes


@pytest.mark.slow
@pytest.mark.parametrize("script", SCRIPTS)
def test_every_indexed_section_has_text_and_lands_on_a_heading(site: Path, script: str) -> None:
    # Index hygiene (issue #24): nothing print-only or empty; each result opens at a heading.
    index = read_index(site, script)
    pages, sections = index["pages"], index["sections"]
    assert isinstance(pages, list) and isinstance(sections, list) and len(sections) > 80
    trees: dict[str, Node] = {}
    for page, anchor, title, text, *_ in sections:
        url = pages[page][0]
        assert anchor and text.strip(), (url, anchor, title)
        if url not in trees:
            trees[url] = parse_html((site / script / url / "index.html").read_text(encoding="utf-8"))
        heading = _element_with_id(trees[url], anchor)
        assert heading is not None and heading.tag in ("h1", "h2", "h3"), (url, anchor)
    # The theme's print-only lines (the site's name above the article, its source below:
    # 报告原文由…发布) are no text of any section.
    assert not [s for s in sections if "原文由" in s[3]]


def _element_with_id(node: Node, anchor: str) -> Node | None:
    for child in node.children:
        if isinstance(child, Node):
            if child.attrs.get("id") == anchor:
                return child
            found = _element_with_id(child, anchor)
            if found is not None:
                return found
    return None
