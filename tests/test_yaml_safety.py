"""Hostile and wrong YAML: every case through the command line ends in a clear error.

A report's config (``<stem>.yml`` beside it), the glossary and the conversion overrides it
names, and the figure labels (``sources/figures.yml``) are read by ``build_tools.curated``.
Each case writes one bad file beside a small real report and runs ``generate`` (in-process;
the figure labels, which only the project's ``sources/figures.yml`` holds, in a subprocess in
a scratch copy of the project). A clear error is: exit code 2, stderr that starts with
``error: <file>:<line>: `` and has ``  what to do: ``, no traceback, under 2,000 characters
whatever the size of the file, quickly, and nothing written.
"""

from __future__ import annotations

import itertools
import os
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.faults import MAX_ERROR, assert_clear_error, copy_project, leftovers, run, run_cli

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "genre" / "tianhe-2020.txt"
GLOSSARY_OK = """\
- id: legal-adviser
  term: 法律顾问
  category: institution
  definition: 为政府提供法律意见的律师或专家。
"""
OVERRIDES_OK = """\
traditional:
  - simplified: 发布
    traditional: 發布
    opencc: 發佈
    reason: 台湾用字
"""


def alias_bomb(levels: int = 9) -> str:
    """The "billion laughs": each level refers nine times to the one before."""
    rows = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    names = "abcdefghijklmnop"
    for prev, name in itertools.pairwise(names[:levels]):
        rows.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]")
    return "\n".join(rows) + "\n"


def nested(depth: int) -> str:
    """``depth`` mappings inside each other, in block style."""
    return "".join(f"{'  ' * i}k{i}:\n" for i in range(depth)) + "  " * depth + "x\n"


@dataclass(frozen=True)
class Case:
    """Files beside ``report.txt`` (name → text or bytes), the file and line the error names,
    and words the message must hold."""

    files: dict[str, str | bytes]
    where: str
    line: int
    fragments: tuple[str, ...] = ()


def config(text: str | bytes, line: int, *fragments: str) -> Case:
    return Case({"report.yml": text}, "report.yml", line, fragments)


def glossary(text: str | bytes, line: int, *fragments: str) -> Case:
    return Case({"report.yml": "glossary: terms.yml\n", "terms.yml": text}, "terms.yml", line, fragments)


def overrides(text: str, line: int, *fragments: str) -> Case:
    return Case({"report.yml": "overrides: conv.yml\n", "conv.yml": text}, "conv.yml", line, fragments)


CASES: dict[str, Case] = {
    # anchors, aliases and tags
    "alias bomb in the config": config(alias_bomb(), 1, "anchor (&…) is not allowed"),
    "alias bomb in the glossary": glossary(
        "- " + alias_bomb().replace("\n", "\n  "), 1, "anchor (&…) is not allowed"
    ),
    "anchor": config("title: &t 天河区报告\n", 1, "anchor"),
    "alias to nothing": config("title: 报告\nissuer: *t\n", 2, "alias (*'t')"),
    "merge key": config("base: &b {title: x}\n<<: *b\n", 1, "anchor"),
    "python object tag": config(
        'title: !!python/object/apply:os.system ["echo pwned"]\n',
        1,
        "the tag 'tag:yaml.org,2002:python/object/apply:",
    ),
    "python name tag": config("title: !!python/name:os.system\n", 1, "is not allowed"),
    "custom tag": config("title: !custom 报告\n", 1, "tag '!custom'"),
    "binary tag": config("title: !!binary 5oql5ZGK\n", 1, "tag 'tag:yaml.org,2002:binary'"),
    "set tag": config("title: !!set {a, b}\n", 1, "tag 'tag:yaml.org,2002:set'"),
    "timestamp tag": config("published: !!timestamp 2021-01-25\n", 1, "is not allowed"),
    "tag in the glossary": glossary(
        GLOSSARY_OK.replace("definition: ", "definition: !!str x\n  related: !!python/tuple "),
        5,
        "is not allowed",
    ),
    "alias in the overrides": overrides(OVERRIDES_OK.replace("發布\n", "&t 發布\n", 1), 3, "anchor"),
    # size and nesting
    "5,000-deep flow nesting": config(
        "title: " + "[" * 5000 + "]" * 5000 + "\n", 1, "nests deeper than 8 levels"
    ),
    "5,000-deep flow nesting in the glossary": glossary(
        "- " + "{a: " * 5000 + "x" + "}" * 5000 + "\n", 1, "nests deeper than 8 levels"
    ),
    "500-deep block nesting": glossary(nested(500), 8, "nests deeper than 8 levels"),
    "2 MB config": config("title: 报告\n#" + "x" * 2_000_000 + "\n", 1, "the file is 2000 KB"),
    "2 MB glossary": glossary(GLOSSARY_OK + "#" + "x" * 2_000_000 + "\n", 1, "KB"),
    "900 KB value of the wrong type": config(
        "title: [" + "甲," * 150_000 + "乙]\n", 1, "'title' must be a non-empty text"
    ),
    "5,000-character key": config("? " + "k" * 5000 + "\n: x\n", 1, "unknown key"),
    "5,000-character id": glossary(
        GLOSSARY_OK.replace("legal-adviser", "a" * 5000) * 2, 5, "duplicate id 'aaaa"
    ),
    "5,000-character term": glossary(
        GLOSSARY_OK.replace("法律顾问", "法" * 5000), 2, "never occurs in the report text"
    ),
    "5,000-character unknown category": glossary(
        GLOSSARY_OK.replace("institution", "x" * 5000), 3, "unknown category"
    ),
    # dates
    "February 30": config("published: 2021-02-30\n", 1, "'published' is not a date", "'2021-02-30'"),
    "February 29 of a common year": config("published: 2021-02-29\n", 1, "is not a date"),
    "month 13": config("published: 2021-13-01\n", 1, "is not a date"),
    "April 31 with a time": config("published: 2021-04-31 09:00\n", 1, "is not a date"),
    "hour 25": config("published: 2021-04-30 25:00\n", 1, "is not a date"),
    "Chinese date that does not exist": config("published: 2021年2月30日\n", 1, "is not a date"),
    "a word": config("published: yesterday\n", 1, "is not a date"),
    "a number": config("published: 20210230\n", 1, "'published' must be a non-empty text"),
    "year zero": config("published: 0000-01-01\n", 1, "is not a date"),
    # bytes
    "BOM and invalid bytes in the config": config(b"\xef\xbb\xbftitle: \xff\xfe\xfd\n", 1, "not UTF-8"),
    "invalid bytes on line 3 of the glossary": glossary(
        GLOSSARY_OK.encode().replace("律师".encode(), b"\xc0\xaf"), 4, "not UTF-8"
    ),
    "BOM and invalid bytes in the report": Case(
        {"report.txt": b"\xef\xbb\xbf" + FIXTURE.read_bytes()[:60] + b"\xff\xfe" + FIXTURE.read_bytes()[60:]},
        "report.txt",
        1,
        ("byte-order mark",),
    ),
    "UTF-16 config": config("title: 报告\n".encode("utf-16"), 1, "not UTF-8"),
    # unknown keys (a misspelling is never ignored)
    "misspelled config key": config(
        "title: 报告\ntitel: 报告\n", 2, "unknown key 'titel'", "check the spelling"
    ),
    "misspelled glossary key": glossary(
        GLOSSARY_OK.replace("definition:", "defintion:"), 4, "unknown key 'defintion'"
    ),
    "misspelled overrides section": overrides(
        OVERRIDES_OK.replace("traditional:", "traditonal:", 1), 1, "unknown key"
    ),
    "misspelled overrides key": overrides(
        OVERRIDES_OK.replace("reason:", "reasno:"), 5, "unknown key 'reasno'"
    ),
    # wrong types and values
    "title is a list": config("title: [a, b]\n", 1, "'title' must be a non-empty text"),
    "title is a number": config("title: 42\n", 1, "must be a non-empty text"),
    "title is a mapping": config("title: {a: 1}\n", 1, "must be a non-empty text"),
    "title is empty": config('title: ""\n', 1, "must be a non-empty text"),
    "unknown variant": config("variant: s2x\n", 1, "'variant' must be one of"),
    "unknown script": config("source_script: zh\n", 1, "'source_script' must be one of"),
    "glossary is a number": config("glossary: 5\n", 1, "'glossary' must be a file name"),
    "config is a list": config("- title: 报告\n", 1, "expected a mapping"),
    "config is a sentence": config("天河区报告\n", 1, "expected a mapping"),
    "term is a list": glossary(
        GLOSSARY_OK.replace("term: 法律顾问", "term: [法律顾问]"), 2, "'term' must be a non-empty text"
    ),
    "id with capitals": glossary(
        GLOSSARY_OK.replace("legal-adviser", "Legal_Adviser"), 1, "must be lowercase ASCII"
    ),
    "unknown category": glossary(
        GLOSSARY_OK.replace("institution", "people"), 3, "unknown category 'people'"
    ),
    "variants is a text": glossary(GLOSSARY_OK + "  variants: 法律\n", 5, "'variants' must be a list"),
    "glossary is a mapping": glossary("legal-adviser: 法律顾问\n", 1, "expected a list"),
    "overrides entry is a number": overrides(
        OVERRIDES_OK.replace("simplified: 发布", "simplified: 1"), 2, ""
    ),
    "YAML syntax": config('title: "报告\nissuer: 区政府\n', 3, "not valid YAML"),
    "tab indentation": glossary(GLOSSARY_OK.replace("  term", "\tterm"), 2, "not valid YAML"),
    # an empty glossary named by the config
    "empty glossary": glossary("", 1, "the glossary has no entries"),
    "glossary of comments": glossary("# 术语表\n# 待补\n", 1, "the glossary has no entries"),
    "glossary []": glossary("[]\n", 1, "the glossary has no entries"),
    "glossary null": glossary("~\n", 1, "expected a list of entries"),
    # duplicates
    "config key twice": config("title: 报告\ntitle: 另一个\n", 2, "given twice (first at line 1)"),
    "glossary key twice": glossary(GLOSSARY_OK + "  term: 法律顾问\n", 5, "given twice"),
    "glossary id twice": glossary(
        GLOSSARY_OK + GLOSSARY_OK.replace("法律顾问", "营商环境"), 5, "duplicate id 'legal-adviser'"
    ),
    # invisible characters, typed or escaped
    "bidi override in a value": config("title: 报告\u202e告报\n", 1, "U+202E RIGHT-TO-LEFT"),
    "escaped bidi override": config('title: "报告\\u202e告报"\n', 1, "U+202E"),
    "escaped C1 control": config('issuer: "天河区\\N人民政府"\n', 1, "U+0085"),
    "escaped noncharacter": glossary(
        GLOSSARY_OK.replace("definition: 为政府", 'definition: "\\uFFFE为政府').replace("专家。", '专家。"'),
        4,
        "U+FFFE",
    ),
    "zero-width space in a term": glossary(GLOSSARY_OK.replace("法律顾问", "法律\u200b顾问"), 2, "U+200B"),
    "byte-order mark mid-file": config("title: 报告\n\ufeffissuer: 区政府\n", 2, "U+FEFF"),
    # YAML 1.1's odd plain values, once internal errors (exit 3): text here, and wrong text
    "= as a category": glossary(GLOSSARY_OK.replace("institution", "="), 3, "unknown category '='"),
    "<< as a glossary key": glossary(GLOSSARY_OK + "  <<: {category: slogan}\n", 5, "unknown key '<<'"),
    "5,000-digit title": config("title: " + "1" * 5000 + "\n", 1, "a number of 5000 digits"),
    "5,000-digit number in the glossary": glossary(
        GLOSSARY_OK.replace("category: institution", "category: " + "9" * 5000), 3, "a number of 5000 digits"
    ),
    "5,000-digit negative number in the overrides": overrides(
        OVERRIDES_OK.replace("reason: 台湾用字", "reason: -" + "7" * 5000), 5, "a number of 5000 digits"
    ),
    # the search words: once "OpenCC s2tw changed the length of this line" in no file
    "NUL in the search words": Case(
        {"report.yml": "search_words: words.txt\n", "words.txt": "法治\n政\x00府\n"},
        "words.txt",
        2,
        ("U+0000",),
    ),
    "two words on one line of the search words": Case(
        {"report.yml": "search_words: words.txt\n", "words.txt": "# 检索词\n法治 政府\n"},
        "words.txt",
        2,
        ("'法治 政府' holds a space",),
    ),
}
# Paths the config names: (config text, extra files, file and line of the error, words).
PATH_CASES: dict[str, tuple[str, Callable[[Path], None], str, tuple[str, ...]]] = {
    "glossary ../x.yml": (
        "glossary: ../outside.yml\n",
        lambda d: None,
        "report.yml",
        ("names a file outside this config's folder",),
    ),
    "glossary absolute": (
        "glossary: /etc/hostname\n",
        lambda d: None,
        "report.yml",
        ("outside this config's folder",),
    ),
    "overrides ../x.yml": (
        "overrides: ../outside.yml\n",
        lambda d: None,
        "report.yml",
        ("outside this config's folder",),
    ),
    "glossary symlink out": (
        "glossary: terms.yml\n",
        lambda d: (d / "terms.yml").symlink_to(d.parent / "outside.yml"),
        "report.yml",
        ("outside this config's folder",),
    ),
    "glossary missing": (
        "glossary: nowhere.yml\n",
        lambda d: None,
        "report.yml",
        ("'nowhere.yml', which does not exist",),
    ),
    "glossary is a folder": (
        "glossary: terms\n",
        lambda d: (d / "terms").mkdir(),
        "report.yml",
        ("'terms', which is a folder, not a file",),
    ),
}


def generate(capsys: pytest.CaptureFixture[str], folder: Path) -> tuple[int, str, float]:
    start = time.perf_counter()
    code, _, err = run(capsys, "generate", str(folder / "report.txt"), "--out", str(folder / "out"))
    return code, err, time.perf_counter() - start


def assert_nothing_written(folder: Path) -> None:
    assert not (folder / "out").exists()
    assert leftovers(folder / "out") == []


# Reading the 900 KB file takes seconds: that case runs in `make test` only.
@pytest.mark.parametrize(
    "name", [pytest.param(n, marks=pytest.mark.slow) if "900 KB" in n else n for n in CASES]
)
def test_bad_yaml_fails_clearly(name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    case = CASES[name]
    folder = tmp_path.resolve() / "report"  # the glossary's path is printed resolved
    folder.mkdir()
    shutil.copy(FIXTURE, folder / "report.txt")
    for file, data in case.files.items():
        target = folder / file
        if isinstance(data, bytes):
            target.write_bytes(data)
        else:
            target.write_text(data, encoding="utf-8")
    code, err, seconds = generate(capsys, folder)
    assert_clear_error(code, err, f"{folder / case.where}:{case.line}", *(f for f in case.fragments if f))
    assert seconds < 10, f"{seconds:.1f} s"
    assert_nothing_written(folder)


@pytest.mark.parametrize("name", PATH_CASES)
def test_a_path_the_config_names_stays_in_its_folder(
    name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text, make, file, fragments = PATH_CASES[name]
    (tmp_path / "outside.yml").write_text(GLOSSARY_OK, encoding="utf-8")
    folder = tmp_path / "report"
    folder.mkdir()
    shutil.copy(FIXTURE, folder / "report.txt")
    (folder / "report.yml").write_text(text, encoding="utf-8")
    make(folder)
    code, err, _ = generate(capsys, folder)
    assert_clear_error(code, err, f"{folder / file}:1", *fragments)
    assert_nothing_written(folder)


def test_the_alias_bomb_fails_at_once_with_a_short_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """It used to run 98 s and print 2 GB."""
    shutil.copy(FIXTURE, tmp_path / "report.txt")
    (tmp_path / "report.yml").write_text(alias_bomb(12), encoding="utf-8")
    start = time.perf_counter()
    code, _, err = run(capsys, "summary", str(tmp_path / "report.txt"))
    assert time.perf_counter() - start < 2
    assert_clear_error(code, err, f"{tmp_path / 'report.yml'}:1")
    assert len(err) < MAX_ERROR


def test_a_good_config_glossary_and_overrides_build(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The files the cases above spoil are valid as written."""
    shutil.copy(FIXTURE, tmp_path / "report.txt")
    (tmp_path / "report.yml").write_text(
        "title: 天河区报告\npublished: 2021-01-25 09:28\nglossary: terms.yml\noverrides: conv.yml\n",
        encoding="utf-8",
    )
    (tmp_path / "terms.yml").write_text(GLOSSARY_OK, encoding="utf-8")
    (tmp_path / "conv.yml").write_text(OVERRIDES_OK, encoding="utf-8")
    code, _, err = run(capsys, "generate", str(tmp_path / "report.txt"), "--out", str(tmp_path / "out"))
    assert code == 0, err
    assert (tmp_path / "out" / "zh-Hans" / "glossary.md").is_file()


# --- the figure labels: sources/figures.yml of a scratch copy of the project ---------------

FIGURE_LABEL = """\
report: guangzhou-2018-report.raw.txt
labels:
  - section: sec-1-2
    context: 10类任务
    label: 任务类别
"""
FIGURE_CASES: dict[str, tuple[str, int, str]] = {
    "misspelled label key": (FIGURE_LABEL.replace("label:", "lable:"), 5, "unknown key 'lable'"),
    "misspelled top key": (FIGURE_LABEL.replace("labels:", "lables:"), 2, "unknown key 'lables'"),
    "alias": (FIGURE_LABEL.replace("任务类别", "&l 任务类别"), 5, "anchor"),
    "label is a list": (
        FIGURE_LABEL.replace("任务类别", "[任务, 类别]"),
        5,
        "'label' must be a non-empty text",
    ),
    "labels is a text": ("report: guangzhou-2018-report.raw.txt\nlabels: 任务类别\n", 2, "expected a list"),
}


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_project(tmp_path_factory.mktemp("figures") / "project")


@pytest.mark.slow
@pytest.mark.parametrize("name", FIGURE_CASES)
def test_bad_figure_labels_fail_clearly(name: str, project: Path, tmp_path: Path) -> None:
    text, line, fragment = FIGURE_CASES[name]
    figures = project / "sources" / "figures.yml"
    figures.write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    done = run_cli(project, "generate", "sources/guangzhou-2018-report.raw.txt", "--out", str(out))
    # The config names the file relative to itself, and the source was given relative.
    assert_clear_error(done.returncode, done.stderr, f"sources/figures.yml:{line}", fragment)
    assert not out.exists() and leftovers(out) == []


def test_no_case_needs_a_traceback_to_explain_itself() -> None:
    """The cases above ran with tracebacks off; an internal error would have exit code 3."""
    assert os.environ.get("BUILD_TOOLS_TRACEBACK") != "1"
    assert len(CASES) + len(PATH_CASES) + len(FIGURE_CASES) >= 60


def test_yaml_1_1_value_key_is_text(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """``source_office: =`` was an internal error (SafeLoader reads ``=`` as YAML 1.1's
    "value" key and cannot construct it); it is the maintainer's text, shown as such."""
    shutil.copy(FIXTURE, tmp_path / "report.txt")
    (tmp_path / "report.yml").write_text("source_office: =\n", encoding="utf-8")
    code, _, err = run(capsys, "generate", str(tmp_path / "report.txt"), "--out", str(tmp_path / "out"))
    assert code == 0, err
    page = (tmp_path / "out" / "zh-Hans" / "index.md").read_text(encoding="utf-8")
    assert "<dt>来源</dt><dd>=</dd>" in page
