"""The editorial-notes page (build_tools/pages/notes.py)."""

from __future__ import annotations

import re

import pytest

from build_tools.text.model import Document


@pytest.mark.parametrize("script", ["zh-Hans", "zh-Hant"])
def test_spam_is_listed_by_line_and_length_never_quoted(
    doc: Document, pages: dict[str, str], script: str
) -> None:
    """The scraped page's gambling advertising stays in the record (the fidelity check needs
    it) but the site and the PDF, which print this page, never republish it."""
    spam = [c for c in doc.changes if c.rule == "spam"]
    assert [c.line for c in spam] == [1, 100]
    notes = pages[f"{script}/editorial-notes.md"]
    for c in spam:
        for piece in re.split(r"[|_ ]+", c.before):
            assert len(piece) < 3 or piece not in notes, piece
    assert "彩" not in notes and "Wellcome" not in notes
    kind = "广告" if script == "zh-Hans" else "廣告"
    characters = "个字符" if script == "zh-Hans" else "個字符"
    for c in spam:
        row = f"| {c.line} | （{len(c.before.strip())}{characters}，"
        assert row in notes and notes.split(row, 1)[1].split("\n", 1)[0].endswith(f"| {kind} |")
