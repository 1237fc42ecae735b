"""Every stage is linear in its input: one pattern per test, on lines megabytes long.

Each pattern once took time growing with the square of the line's length (issue #20, item
8): a 200 KB run of spaces 39 s in the Markdown escaping, 〔2018 x64,000 72 s in the figure
finder. Each test runs the stage on an input several times larger, in a subprocess with a
generous timeout, and asserts on what it returns: linear code finishes in seconds, while
the quadratic code would take hours, far past the timeout. No test measures speed (the
benchmark does): a failure here is a timeout or a wrong result, never a slow pass.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from build_tools import cli

ROOT = Path(__file__).resolve().parent.parent
# Linear code takes a few seconds on a loaded two-core machine; the quadratic code hours.
TIMEOUT = 300

pytestmark = pytest.mark.slow


def run(code: str) -> object:
    """Run ``code`` (which prints one JSON value) in a fresh interpreter; its value."""
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_escaping_a_run_of_spaces_megabytes_long() -> None:
    """Was ``\\s*\\n\\s*`` and ``[ \\t]+$``, each retried at every space of the run."""
    result = run(
        """
        import json
        from build_tools.pages.markdown import escape, html_text, plain_text
        n = 4_000_000
        text = "甲" + " " * n + "乙"
        page = "文" + " " * n + "字\\n\\n" + " " * n + "{#x}\\n"
        print(json.dumps([
            escape(text) == text,
            escape(" " * n) == "&#32;" * n,
            html_text(text + "\\n" + " " * n) == text + " ",
            plain_text(page).split("\\n")[0] == "文" + " " * n + "字",
        ]))
        """
    )
    assert result == [True, True, True, True]


def test_figure_finder_on_a_paragraph_of_numbers() -> None:
    """Was every number compared with every other, and a clause mark searched for across the
    whole paragraph from each number."""
    result = run(
        """
        import json
        from build_tools.pages.quantities.extract import _find
        from build_tools.pages.walk import Passage
        n = 200_000
        found = _find([
            Passage("〔2018" * n, 1, "chapter-1", "sec-1-1", 1),
            Passage("全年" + "8件" * n + "。", 2, "chapter-1", "sec-1-1", 1),
        ])
        skipped = [f for f in found if f.passage == 0]
        figures = [f for f in found if f.passage == 1]
        print(json.dumps([
            len(skipped), sorted({f.item.reason for f in skipped}),
            len(figures), max(b - a for a, b in (f.clause for f in figures)),
        ]))
        """
    )
    assert result == [200_000, ["unclassified"], 200_000, 242]


def test_repairs_and_their_undoing_on_one_long_line() -> None:
    """Was the whole line rebuilt for each change undone, the page searched for each bare
    year, and the line before each parenthesis stripped."""
    result = run(
        """
        import json
        from build_tools.text.model import Line
        from build_tools.text.repair import repair_lines, undo
        n = 100_000
        text = "20152020年" * n + "2018法治" * n + "甲(乙)" * n
        page = text + "\\n2018年法治"
        lines, changes, _ = repair_lines([Line(1, text)], page)
        kinds = sorted({c.rule for c in changes})
        print(json.dumps([len(changes), kinds, undo(lines, changes)[0].text == text]))
        """
    )
    assert result == [
        300_000,
        ["bare-year", "full-width-parentheses", "year-range"],
        True,
    ]


def test_a_page_whose_first_line_comes_back_on_every_other_line() -> None:
    """Was the whole body joined twice for each later line equal to its first (a page
    header repeated down a scrape), to look for a second copy of the report."""
    result = run(
        """
        import json
        from build_tools.text.clean import _duplicate
        from build_tools.text.model import Line
        n = 200_000
        body = [Line(i, "某市法治政府建设报告" if i % 2 == 0 else f"第{i}段。") for i in range(n)]
        print(json.dumps([_duplicate(body), _duplicate(body + body)]))
        """
    )
    assert result == [0, 200_000]


def test_scripts_of_one_long_line() -> None:
    """Was a curated fix's kept word searched to the end of the line from each candidate."""
    result = run(
        """
        import json
        from build_tools.curated.settings import settings_for
        from build_tools.text.model import Line
        from build_tools.text.script import to_simplified
        scripts = settings_for("sources/guangzhou-2018-report.raw.txt").scripts
        fix = next(f for f in scripts.fixes if f.keep)
        line = Line(1, ("全面" + fix.before) * 500_000)
        simp, changes = to_simplified(line, scripts)
        print(json.dumps([len(changes), fix.before in simp.text]))
        """
    )
    assert result == [500_000, False]


def test_passages_around_a_hundred_thousand_changes_of_one_line() -> None:
    """The editorial notes show a passage around each change. Each passage once sorted every
    word boundary of its whole line (a 10 MB one-line report: over 10 minutes; this test: about
    700 s, past the timeout); now only the
    sentences around the change are segmented, and a stretch with no sentence end in pieces
    that the changes in it share. Here 200,000 characters of the report without one, a
    change every 2: every passage holds its change and ends on a cut of the whole line (or
    on the grid the stretch is segmented in)."""
    result = run(
        """
        import json, re
        from pathlib import Path
        from build_tools.pages.excerpt import Cutter, _REACH
        raw = Path("sources/guangzhou-2018-report.raw.txt").read_text(encoding="utf-8")
        text = re.sub(r"[。！？；\\s]", "，", raw) * 25
        text = text[:200_000]
        cutter = Cutter()
        whole = cutter.boundaries(text)
        bad = 0
        for start in range(0, len(text) - 2, 2):
            a, b = cutter.around(text, start, start + 2, 12)
            ok = a <= start and b >= start + 2 and b - a < 3 * _REACH
            ok = ok and all(x in whole or x % _REACH == 0 for x in (a, b))
            bad += not ok
        print(json.dumps([len(text), bad]))
        """
    )
    assert result == [200_000, 0]


def test_a_report_on_one_line_of_four_megabytes(tmp_path: Path) -> None:
    """The whole of ``generate`` on a report whose chapter is one line of 4 MB of ordinary
    text (numbers, dates, clauses, repairs): every page written, every character kept."""
    real = (ROOT / "sources" / "guangzhou-2018-report.raw.txt").read_text(encoding="utf-8")
    paragraph = "".join(line.strip() for line in real.splitlines() if len(line.strip()) > 60)
    body = (paragraph * (4_000_000 // len(paragraph.encode("utf-8")) + 1))[: 4_000_000 // 3]
    source = tmp_path / "one-line.txt"
    source.write_text(
        f"某市人民政府关于2018年法治政府建设情况的报告\n\n一、总体情况\n\n{body}\n\n二、下一步工作\n\n继续推进。\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    done = subprocess.run(
        [sys.executable, "-m", "build_tools", "generate", str(source), "--out", str(out), "--json"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["chapters"] == 2
    page = (out / "zh-Hans" / "chapter-1.md").read_text(encoding="utf-8")
    assert len(page) > len(body)


def test_a_file_past_the_cap_is_refused_at_once(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """17 MB of ordinary lines, past the 16 MB cap: refused before any stage runs, with the
    file's size, the limit and what to do (a 50 MB one would take minutes of linear work)."""
    line = "全面推进依法行政，2018年办理行政复议案件2945件。\n".encode()
    source = tmp_path / "dump.txt"
    source.write_bytes(line * (17 * 2**20 // len(line) + 1))
    assert cli.main(["generate", str(source), "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert f"{source}:1: the file is 17 MB" in err and "the limit is 16 MB" in err
    assert "what to do:" in err and not (tmp_path / "out").exists()
