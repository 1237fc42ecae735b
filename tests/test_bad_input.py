"""Bad input: every case ends in a correct build or in a clear error, never a traceback.

Each case runs the command line in-process (``build_tools.cli.main``) on a file derived from
the real report, with ``--out`` pointing at a folder that already holds an earlier output.
A clear error is exit code 2 and a message with ``path:line``, what is wrong and
``what to do``; the earlier output must then be byte-identical and no temporary folder left.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

import pytest

from build_tools import cli
from build_tools.curated.overrides import make_scripts
from build_tools.curated.reader import parse_entries
from build_tools.errors import DataError
from build_tools.text import load
from build_tools.text.numerals import from_int
from tests import support as pipeline
from tests.faults import ROOT, assert_clear_error, cli_env, copy_project, leftovers, read_tree, run

FIXTURE = ROOT / "tests" / "fixtures" / "genre" / "tianhe-2020.txt"

REAL = pipeline.SOURCE.read_text(encoding="utf-8")
LINES = REAL.split("\n")


def line_of(prefix: str) -> int:
    """1-based number of the first raw line starting with ``prefix``."""
    return next(i for i, text in enumerate(LINES, start=1) if text.startswith(prefix))


def lines_without(first: int, last: int) -> str:
    """The report with raw lines ``first`` … ``last - 1`` (1-based) left out."""
    return "\n".join(LINES[: first - 1] + LINES[last - 1 :])


@pytest.fixture()
def previous(tmp_path: Path) -> Path:
    """An output folder holding an earlier build's pages (made-up bytes, easy to compare)."""
    out = tmp_path / "out"
    for script in ("zh-Hans", "zh-Hant"):
        (out / script).mkdir(parents=True)
        (out / script / "index.md").write_text(f"# earlier {script}\n", encoding="utf-8")
    return out


@pytest.fixture(scope="module")
def baseline(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """The pages of the real report copied elsewhere (UTF-8, no config beside it)."""
    folder = tmp_path_factory.mktemp("baseline")
    source = folder / "report.txt"
    source.write_bytes(REAL.encode("utf-8"))
    assert cli.main(["generate", str(source), "--out", str(folder / "out")]) == 0
    return read_tree(folder / "out")


def generate(tmp_path: Path, data: bytes, name: str = "report.txt") -> tuple[int, Path]:
    source = tmp_path / name
    source.write_bytes(data)
    out = tmp_path / f"{name}.out"
    return cli.main(["generate", str(source), "--out", str(out)]), out


# --- cases that must fail clearly -----------------------------------------------------------


def _chapter_swapped() -> str:
    three, four, five = line_of("三、"), line_of("四、"), line_of("五、")
    lines = LINES[: three - 1] + LINES[four - 1 : five - 1] + LINES[three - 1 : four - 1]
    return "\n".join(lines + LINES[five - 1 :])


def _section_renumbered(prefix: str, old: str, new: str) -> str:
    at = line_of(prefix) - 1
    lines = list(LINES)
    lines[at] = lines[at].replace(old, new, 1)
    return "\n".join(lines)


def _truncated_mid_sentence() -> str:
    at = line_of("五、") + 2  # the first section of chapter 五 (1-based line of its text)
    return "\n".join([*LINES[: at - 1], LINES[at - 1][: len(LINES[at - 1]) // 2]])


# name → (raw bytes, line the error must name, fragments of the message)
FAILURES: dict[str, Callable[[], tuple[bytes, int, tuple[str, ...]]]] = {
    "empty file": lambda: (b"", 1, ("the file is empty",)),
    "only blank lines": lambda: (b" \n\r\n\t\n", 1, ("the file is empty",)),
    "only page furniture": lambda: (
        "彩神8快3下載\n\n您當前的位置: 首頁 > 依法行政指導\n".encode(),
        1,
        ("no text after the page furniture",),
    ),
    "binary file with NUL bytes": lambda: (
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)),
        3,
        ("binary",),
    ),
    "binary file without NUL bytes": lambda: (
        bytes(range(1, 256)) * 40,
        2,
        ("neither UTF-8 nor Chinese text",),
    ),
    "control characters in UTF-8 text": lambda: (
        "第一行\n第二行\x07響鈴\n".encode(),
        2,
        ("control character (U+0007)",),
    ),
    "HTML page": lambda: (
        (
            '<!DOCTYPE html>\n<html lang="zh"><head><title>報告</title></head><body>\n'
            + REAL
            + "\n</body></html>"
        ).encode(),
        1,
        ("HTML page",),
    ),
    "HTML page after blank lines": lambda: (("\n\n<html>\n<body>" + REAL).encode(), 3, ("HTML page",)),
    "chapter missing": lambda: (
        lines_without(line_of("三、"), line_of("四、")).encode(),
        line_of("三、"),
        ("chapter 三、 is missing: chapter 四、 follows chapter 二、",),
    ),
    "chapters out of order": lambda: (
        _chapter_swapped().encode(),
        line_of("三、"),
        ("out of order: chapter 四、 comes before chapter 三、",),
    ),
    "chapter number duplicated": lambda: (
        REAL.replace("\n三、", "\n二、", 1).encode(),
        line_of("三、"),
        ("chapter 二、 is repeated (first at line",),
    ),
    "section number duplicated": lambda: (
        _section_renumbered("(三)積極", "(三)", "(二)").encode(),
        line_of("(三)積極"),
        ("section （二） of chapter 一、 is repeated",),
    ),
    "section skipped": lambda: (
        _section_renumbered("(三)積極", "(三)", "(四)").encode(),
        line_of("(三)積極"),
        ("section （四） of chapter 一、 comes too early",),
    ),
    "truncated after a chapter heading": lambda: (
        "\n".join(LINES[: line_of("五、")]).encode(),
        line_of("五、"),
        ("chapter 五、 has no text",),
    ),
    "no chapters at all": lambda: (
        "\n".join(LINES[: line_of("一、") - 1]).encode(),
        line_of("2018年,我市以"),
        ("no chapters found",),
    ),
    "undecodable bytes": lambda: (
        REAL.encode("utf-8")[:300] + b"\xff\xfe\xfd" * 50 + REAL.encode("utf-8")[300:],
        REAL.encode("utf-8")[:300].count(b"\n") + 1,
        ("neither UTF-8 nor Chinese text",),
    ),
}


@pytest.mark.parametrize("case", FAILURES)
def test_bad_input_fails_clearly_and_keeps_the_previous_output(
    case: str, tmp_path: Path, previous: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data, line, fragments = FAILURES[case]()
    source = tmp_path / "report.txt"
    source.write_bytes(data)
    before = read_tree(previous)
    code, out, err = run(capsys, "generate", str(source), "--out", str(previous))
    assert_clear_error(code, err, f"{source}:{line}", *fragments)
    assert out == ""
    assert read_tree(previous) == before
    assert leftovers(previous) == []


def test_a_file_cut_mid_sentence_builds_with_a_warning_that_names_the_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A report that ends mid-sentence may be truncated, or end in page furniture of a shape
    the tool does not know: nothing of the text is lost by building it, so the build goes on
    and says where to look (a refusal would lose the whole report)."""
    source = tmp_path / "report.txt"
    source.write_text(_truncated_mid_sentence(), encoding="utf-8")
    code, _out, err = run(capsys, "generate", str(source), "--out", str(tmp_path / "out"))
    assert code == 0
    line = line_of("五、") + 2
    assert f"warning: {source}:{line}: the report ends in the middle of a sentence" in err


@pytest.mark.parametrize("command", ["summary", "generate"])
def test_a_missing_file_or_a_folder_is_named(
    command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    extra = ["--out", str(tmp_path / "out")] if command == "generate" else []
    code, _, err = run(capsys, command, str(tmp_path / "nowhere.txt"), *extra)
    assert_clear_error(code, err, str(tmp_path / "nowhere.txt"), "no such file")
    code, _, err = run(capsys, command, str(tmp_path), *extra)
    assert_clear_error(code, err, str(tmp_path), "a folder, not a file")
    assert not (tmp_path / "out").exists()


# --- cases that must build, to the same pages ----------------------------------------------


def test_gb18030_builds_the_same_pages_as_utf8(tmp_path: Path, baseline: dict[str, bytes]) -> None:
    code, out = generate(tmp_path, REAL.encode("gb18030"))
    assert code == 0
    assert read_tree(out) == baseline


def big5_able(text: str) -> str:
    """The report as a Big5 page would hold it.

    Big5 has neither the no-break spaces of the page's blank lines nor 谘 (the scrape's
    Simplified slip for 諮): a Big5 page has plain spaces and 諮. Everything else encodes.
    """
    return text.replace("\u00a0", " ").replace("谘", "諮")


def test_big5_builds_the_same_pages_as_the_same_text_in_utf8(tmp_path: Path) -> None:
    text = big5_able(REAL)
    with pytest.raises(UnicodeEncodeError):
        REAL.encode("big5")  # strict: the adaptation above is needed, and enough
    # The same file name in two folders: the editorial notes name the raw file.
    (tmp_path / "utf8").mkdir()
    (tmp_path / "big5").mkdir()
    code_utf8, out_utf8 = generate(tmp_path / "utf8", text.encode("utf-8"))
    code_big5, out_big5 = generate(tmp_path / "big5", text.encode("big5"))
    assert (code_utf8, code_big5) == (0, 0)
    assert read_tree(out_big5) == read_tree(out_utf8)


def test_big5_differs_from_the_original_only_in_the_editorial_record(
    tmp_path: Path, baseline: dict[str, bytes]
) -> None:
    code, out = generate(tmp_path, big5_able(REAL).encode("big5"))
    assert code == 0
    pages = read_tree(out)
    assert pages.keys() == baseline.keys()
    differ = sorted(rel for rel in pages if pages[rel] != baseline[rel])
    # 諮 needs no Simplified fix and is the published Traditional form; the blank lines
    # hold spaces instead of no-break spaces: only the record of changes says so.
    assert differ == ["zh-Hans/editorial-notes.md", "zh-Hant/editorial-notes.md"]


ENCODED: dict[str, Callable[[], bytes]] = {
    "utf-8 with BOM": lambda: b"\xef\xbb\xbf" + REAL.encode("utf-8"),
    "CRLF": lambda: REAL.replace("\n", "\r\n").encode("utf-8"),
    "lone CR": lambda: REAL.replace("\n", "\r").encode("utf-8"),
    "UTF-16 with BOM": lambda: REAL.encode("utf-16"),
    # Windows' "Unicode" saved by a tool that leaves the byte-order mark out: once "binary"
    "UTF-16 LE without BOM": lambda: REAL.encode("utf-16-le"),
    "UTF-16 BE without BOM": lambda: REAL.encode("utf-16-be"),
    # 7-bit mail encodings: once read as ASCII, "no chapters found"
    "UTF-7": lambda: REAL.encode("utf-7"),
}


@pytest.mark.parametrize("variant", [pytest.param(v, marks=pytest.mark.slow) for v in ENCODED])
def test_encodings_and_line_ends_build_the_same_pages(
    variant: str, tmp_path: Path, baseline: dict[str, bytes]
) -> None:
    data = ENCODED[variant]()
    code, out = generate(tmp_path, data)
    assert code == 0
    assert read_tree(out) == baseline


def test_hz_builds_the_same_pages_as_utf8(tmp_path: Path) -> None:
    """HZ (GB2312 in 7-bit ASCII, ``~{…~}``) used to end as "no chapters found". HZ holds
    GB2312 only: the Tianhe report, whose one dash is not in it, with a hyphen instead."""
    text = FIXTURE.read_text(encoding="utf-8").replace("—", "-")
    # The same file name in two folders: the editorial notes name the raw file.
    (tmp_path / "utf8").mkdir()
    (tmp_path / "hz").mkdir()
    code_utf8, out_utf8 = generate(tmp_path / "utf8", text.encode("utf-8"))
    code_hz, out_hz = generate(tmp_path / "hz", text.encode("hz"))
    assert (code_utf8, code_hz) == (0, 0)
    assert read_tree(out_hz) == read_tree(out_utf8)


@pytest.mark.slow
def test_a_utf8_line_in_a_gb18030_file_is_named_at_its_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A line pasted in UTF-8 into a GB18030 file used to be reported at line 1."""
    at = line_of("(三)積極")
    data = (
        "\n".join(LINES[: at - 1]).encode("gb18030")
        + b"\n"
        + LINES[at - 1].encode("utf-8")
        + b"\n"
        + "\n".join(LINES[at:]).encode("gb18030")
    )
    source = tmp_path / "report.txt"
    source.write_bytes(data)
    code, _, err = run(capsys, "summary", str(source))
    assert_clear_error(code, err, f"{source}:{at}", "reads as GB18030 up to this line", "mixes encodings")


def test_errors_name_the_raw_line_whatever_the_line_ends(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = _section_renumbered("(三)積極", "(三)", "(二)")
    for name, data in (("crlf.txt", text.replace("\n", "\r\n")), ("cr.txt", text.replace("\n", "\r"))):
        source = tmp_path / name
        source.write_bytes(data.encode("utf-8"))
        code, _, err = run(capsys, "summary", str(source))
        assert_clear_error(code, err, f"{source}:{line_of('(三)積極')}", "is repeated")


def test_a_file_truncated_between_paragraphs_builds_what_it_holds(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Cut at a sentence end inside chapter 五, the file reads as a shorter report: nothing in
    the text tells it from one (reports may end with their last chapter). It builds, and the
    summary shows the shortfall."""
    at = line_of("五、") + 2
    first_sentence = LINES[at - 1][: LINES[at - 1].index("。") + 1]
    source = tmp_path / "report.txt"
    source.write_text("\n".join([*LINES[: at - 1], first_sentence]), encoding="utf-8")
    code, out, _ = run(capsys, "summary", str(source))
    assert code == 0
    assert "5 chapters, 17 sections" in out


def renumbered_body(copies: int, body_repeats: int) -> str:
    """A very long report of the same shape: the real chapters cycled to 99 chapters (the
    markers go up to 九十九、), each section's text repeated ``body_repeats`` times."""
    first, closing = line_of("一、"), line_of("2018年,我市法治政府建設雖然")
    head, chapters_part, tail = LINES[: first - 1], LINES[first - 1 : closing - 1], LINES[closing - 1 :]
    chapters: list[list[str]] = []
    for text in chapters_part:
        if re.match(r"^[一二三四五六七八九十]+、", text):
            chapters.append([text])
        elif text.strip() and chapters:
            chapters[-1].append(text)
    out = list(head)
    for n in range(1, copies + 1):
        heading, *sections = chapters[(n - 1) % len(chapters)]
        out += [from_int(n) + "、" + heading.split("、", 1)[1], ""]
        for section in sections:
            out += [section, ""]
            out += [section.split("。", 1)[1], ""] * body_repeats
    return "\n".join(out + tail)


@pytest.mark.slow
def test_a_10_mb_report_builds_in_reasonable_time(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = renumbered_body(99, 43).encode("utf-8")
    assert len(data) >= 10 * 2**20
    source = tmp_path / "big.txt"
    source.write_bytes(data)
    start = time.perf_counter()
    code, out, err = run(capsys, "generate", str(source), "--out", str(tmp_path / "out"), "--json")
    seconds = time.perf_counter() - start
    assert code == 0, err
    assert '"chapters": 99' in out
    print(f"\n{len(data) / 2**20:.1f} MB built in {seconds:.1f} s")
    assert seconds < 120


def test_an_absurdly_large_file_is_refused_before_reading_it_through(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "dump.txt"
    with source.open("wb") as f:
        f.truncate(65 * 2**20)  # sparse: 65 MB of NUL bytes without writing them
    code, _, err = run(capsys, "summary", str(source))
    assert_clear_error(code, err, f"{source}:1", "65 MB")


# --- markup inside the text ----------------------------------------------------------------

MARKUP = (
    '<script>alert("x")</script>**粗**_斜_ # [鏈接](http://e.com) <b>粗</b> '
    "a|b `代碼` &amp; {#id} <!-- 注 -->"
)


def test_markup_in_the_text_is_escaped_in_the_pages(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    at = line_of("(一)落實") - 1
    lines = list(LINES)
    lines[at] = lines[at].replace("。", "。" + MARKUP, 1)
    lines.insert(at + 2, "# 標題 #")
    lines.insert(at + 2, "| 甲 | 乙 |")
    lines.insert(at + 2, "---")
    source = tmp_path / "report.txt"
    source.write_text("\n".join(lines), encoding="utf-8")
    code, _, err = run(capsys, "generate", str(source), "--out", str(tmp_path / "out"))
    assert code == 0, err
    page = (tmp_path / "out" / "zh-Hant" / "chapter-1.md").read_text(encoding="utf-8")
    assert '&lt;script&gt;alert("x")&lt;/script&gt;\\*\\*粗\\*\\*\\_斜\\_' in page
    assert "\\[鏈接\\](http://e.com) &lt;b&gt;粗&lt;/b&gt; a&#124;b \\`代碼\\` &amp;amp; \\{#id\\}" in page
    assert "&lt;!-- 注 --&gt;" in page
    # Block syntax at a line start becomes a character reference: no heading, table or rule.
    for line in ("&#35; 標題 #", "&#124; 甲 &#124; 乙 &#124;", "&#45;--"):
        assert f"\n{line}\n" in page
    assert "<script" not in page and "<b>" not in page


# --- curated data --------------------------------------------------------------------------

OVERRIDES_DUPLICATED = """\
traditional:
  - simplified: 发布
    traditional: 發布
    opencc: 發佈
    reason: first
  - simplified: 发布
    traditional: 發布
    opencc: 發佈
    reason: again
"""


def test_a_duplicated_override_names_its_line() -> None:
    entries = parse_entries(OVERRIDES_DUPLICATED, "overrides.yml", "traditional")
    with pytest.raises(DataError) as caught:
        make_scripts("s2tw", [], entries)
    assert str(caught.value).startswith("overrides.yml:6: '发布' is overridden twice (first at line 2)")
    assert "what to do:" in str(caught.value)


def test_a_stale_override_fails_the_build_through_the_cli(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A report's config can name its own overrides; a bad one stops the build at its line."""
    (tmp_path / "report.txt").write_text(REAL, encoding="utf-8")
    (tmp_path / "report.yml").write_text("overrides: my-overrides.yml\n", encoding="utf-8")
    (tmp_path / "my-overrides.yml").write_text(
        "traditional:\n  - simplified: 发布\n    traditional: 發布\n    opencc: 發布\n"
        "    reason: wrong opencc form\n",
        encoding="utf-8",
    )
    code, _, err = run(capsys, "summary", str(tmp_path / "report.txt"))
    assert_clear_error(code, err, f"{tmp_path / 'my-overrides.yml'}:2", "not 發布")
    (tmp_path / "my-overrides.yml").write_text(OVERRIDES_DUPLICATED, encoding="utf-8")
    code, _, err = run(capsys, "summary", str(tmp_path / "report.txt"))
    assert_clear_error(code, err, f"{tmp_path / 'my-overrides.yml'}:6", "overridden twice")


GLOSSARY_ENTRY = """\
  - id: {id}
    term: {term}
    category: program
    definition: 一句释义。
"""


def test_a_glossary_term_missing_from_the_report_fails_the_build(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "report.txt").write_text(REAL, encoding="utf-8")
    (tmp_path / "report.yml").write_text("glossary: terms.yml\n", encoding="utf-8")
    (tmp_path / "terms.yml").write_text(GLOSSARY_ENTRY.format(id="moon", term="月球基地"), encoding="utf-8")
    code, _, err = run(capsys, "generate", str(tmp_path / "report.txt"), "--out", str(tmp_path / "out"))
    assert_clear_error(code, err, f"{tmp_path / 'terms.yml'}:2", "'月球基地' never occurs")
    assert not (tmp_path / "out").exists()
    assert leftovers(tmp_path / "out") == []


def test_an_empty_value_in_curated_yaml_names_its_line() -> None:
    text = "traditional:\n  - simplified:\n    traditional: 發布\n    opencc: 發佈\n    reason: r\n"
    with pytest.raises(DataError) as caught:
        make_scripts("s2tw", [], parse_entries(text, "overrides.yml", "traditional"))
    assert str(caught.value).startswith("overrides.yml:2: ")


# --- input that is not a regular file: the size cap holds, nothing waits for ever ---------


def test_a_device_is_refused_before_it_is_read(capsys: pytest.CaptureFixture[str]) -> None:
    """``/dev/zero`` used to be read until MemoryError."""
    code, _, err = run(capsys, "summary", "/dev/zero")
    assert_clear_error(code, err, "/dev/zero", "this is a device")


@pytest.mark.slow
def test_a_named_pipe_without_a_writer_times_out_clearly(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A FIFO nobody writes to used to hang the command for ever (``open`` blocked)."""
    fifo = tmp_path / "report.fifo"
    os.mkfifo(fifo)
    monkeypatch.setattr(load, "PIPE_WAIT", 1.0, raising=False)  # (main: no such setting)
    start = time.perf_counter()
    code, _, err = run(capsys, "summary", str(fifo))
    assert time.perf_counter() - start < 10
    assert_clear_error(code, err, str(fifo), "nothing came through this pipe for 1 s")


@pytest.mark.slow
def test_a_pipe_is_read_to_the_size_cap_and_no_further(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A writer that never stops (``yes | gov-report summary /dev/stdin``) meets the cap."""
    fifo = tmp_path / "endless.fifo"
    os.mkfifo(fifo)
    sent = {"bytes": 0}

    def endless() -> None:
        with contextlib.suppress(BrokenPipeError), open(fifo, "wb") as pipe:
            while sent["bytes"] < 4 * load.MAX_BYTES:  # a bound, should the reader not stop
                sent["bytes"] += pipe.write(b"\0" * 2**20)

    writer = threading.Thread(target=endless, daemon=True)
    writer.start()
    code, _, err = run(capsys, "summary", str(fifo))
    writer.join(timeout=30)
    assert_clear_error(code, err, f"{fifo}:1", f"holds more than {load.MAX_BYTES // 2**20} MB")
    assert sent["bytes"] < 2 * load.MAX_BYTES


@pytest.mark.slow
def test_a_report_piped_in_builds_like_the_file(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "build_tools", "summary", "--json", "/dev/stdin"],
        input=FIXTURE.read_bytes(),
        cwd=tmp_path,
        env=cli_env(),
        capture_output=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr.decode()
    assert json.loads(done.stdout)["chapters"] == 2


# --- a project whose report lies outside sources/ ------------------------------------------


@pytest.mark.slow
def test_mkdocs_serve_works_with_the_report_outside_sources(tmp_path: Path) -> None:
    """``mkdocs serve`` used to crash (``max() arg is an empty sequence``) when the plugin's
    ``source`` was not in sources/. It serves, and regenerates docs/ from the report there."""
    project = copy_project(tmp_path / "project")
    shutil.move(project / "sources", project / "data")
    config = project / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace(
            "source: sources/guangzhou-2018-report.raw.txt", "source: data/guangzhou-2018-report.raw.txt"
        ),
        encoding="utf-8",
    )
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--no-livereload", "-a", f"127.0.0.1:{port}"],
        cwd=project,
        env=cli_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        page = ""
        deadline = time.monotonic() + 240
        while time.monotonic() < deadline and server.poll() is None and not page:
            with (
                contextlib.suppress(OSError),
                urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as answer,
            ):
                page = answer.read().decode("utf-8")
            time.sleep(0.5)
        assert server.poll() is None, server.communicate()[0][-3000:]
        assert "<article" in page
    finally:
        server.terminate()
        server.communicate(timeout=30)
