"""The index of cited documents: every title in 《》 (and 〈〉 within one), once, with links to
the sections that cite it, in both scripts."""

from __future__ import annotations

import re

import pytest

from build_tools.pages import build, documents
from build_tools.pages.documents import CitedDocument
from build_tools.pages.walk import passages
from build_tools.text.model import SCRIPTS, Document, Script
from tests import support as pipeline


@pytest.fixture(scope="module")
def cited(doc: Document, settings: pipeline.Settings) -> dict[Script, list[CitedDocument]]:
    return documents.cited(doc, build.translators(settings.scripts))


def test_every_title_once(doc: Document, cited: dict[Script, list[CitedDocument]]) -> None:
    text = "\n".join(t for t, _ in doc.hans.paragraphs())
    titles = re.findall(r"《([^《》]+)》", text)
    names = [d.title for d in cited["zh-Hans"]]
    assert len(names) == len(set(names))
    assert [n for n in names if n in titles] == list(dict.fromkeys(titles))
    assert len(cited["zh-Hans"]) == 43 and len(set(titles)) == 42
    # The title inside a title is its own entry, and says where it is cited.
    inner = next(d for d in cited["zh-Hans"] if d.title == "中华人民共和国行政诉讼法")
    assert inner.within == "最高人民法院关于适用〈中华人民共和国行政诉讼法〉的解释"
    assert inner.kind == "law"
    shared = next(d for d in cited["zh-Hans"] if d.title == "广州市政务信息共享管理规定")
    assert [p.anchor for p in shared.sections()] == ["sec-3-2", "sec-4-1", "sec-4-2"]


@pytest.mark.parametrize(
    ("title", "kind"),
    [
        ("中华人民共和国宪法", "law"),
        ("最高人民法院关于适用〈中华人民共和国行政诉讼法〉的解释", "interpretation"),
        ("广州市水务管理条例", "regulation"),
        ("广州市人民代表大会常务委员会监督地方性法规实施办法", "regulation"),
        ("法治政府建设实施纲要（2015—2020年）", "plan"),
        ("广州市2018年政务公开工作要点分工方案", "plan"),
        ("广州市行政执法与刑事司法衔接程序指引", "rules"),
        ("关于加强行政应诉工作的意见", "rules"),
        ("新闻联播", "other"),
    ],
)
def test_kinds_by_title(title: str, kind: str) -> None:
    assert documents.kind_of(title) == kind


def _entries(page: str) -> dict[str, list[str]]:
    """Each listed title → the anchors of its links."""
    out = {}
    for line in page.splitlines():
        m = re.match(r"- 《(.+?)》(?:（[^\[]*）)?：(.*)$", line)
        if m:
            out[m.group(1).replace("\\", "")] = re.findall(r"\]\(([a-z0-9-]+\.md#[a-z0-9-]+)", m.group(2))
    return out


def test_every_document_links_to_passages_that_cite_it(
    pages: dict[str, str], doc: Document, settings: pipeline.Settings
) -> None:
    tr = build.translators(settings.scripts)
    for script in SCRIPTS:
        listed = _entries(pages[f"{script}/documents.md"])
        assert len(listed) == 43, script
        texts = passages(doc.report(script), tr[script])
        for title, links in listed.items():
            assert links, title
            for link in links:
                page, anchor = link.split(".md#")
                section = [p.text for p in texts if p.page == page and p.anchor == anchor]
                assert any(f"《{title}》" in t or f"〈{title}〉" in t for t in section), (title, link)


def test_traditional_index_matches_the_simplified(pages: dict[str, str]) -> None:
    hans = _entries(pages["zh-Hans/documents.md"])
    hant = _entries(pages["zh-Hant/documents.md"])
    assert list(hans.values()) == list(hant.values())
    assert "中華人民共和國憲法" in hant
    assert [len(t) for t in hans] == [len(t) for t in hant]
