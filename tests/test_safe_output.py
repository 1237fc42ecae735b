"""Safe output: a failed build leaves the earlier output exactly as it was, and the HTML holds
no markup taken from the report text.

Generation fills a temporary folder beside the output and swaps it in only when everything
succeeded (``build_tools.write.replace_dir``). The failures here are injected late: after some
files were written into the temporary folder.
"""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import yaml

from build_tools import cli
from build_tools.errors import BuildError, FidelityError
from build_tools.pages import build as render
from build_tools.publish import site, write

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "fixtures" / "genre" / "tianhe-2020.txt"


def read_tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def leftovers(folder: Path) -> list[str]:
    """What the writer left beside ``folder``: temporary folders and lock files."""
    return sorted(p.name for p in folder.parent.iterdir()
                  if p.name.startswith(f".{folder.name}."))


@pytest.fixture()
def earlier(tmp_path: Path) -> Path:
    """A real earlier output of ``generate`` for a small report."""
    out = tmp_path / "out"
    assert cli.main(["generate", str(FIXTURE), "--out", str(out)]) == 0
    return out


def fail_after(n: int, error: BaseException) -> Callable[..., Any]:
    """A ``Path.write_text`` that writes ``n`` files, then raises ``error``."""
    real = Path.write_text
    calls = {"n": 0}

    def write_text(self: Path, *args: Any, **kwargs: Any) -> int:
        calls["n"] += 1
        if calls["n"] > n:
            raise error
        return real(self, *args, **kwargs)

    return write_text


def test_disk_full_while_writing_keeps_the_earlier_output(
    earlier: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    before = read_tree(earlier)
    capsys.readouterr()
    full = OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), "page.md")
    monkeypatch.setattr(Path, "write_text", fail_after(3, full))
    code = cli.main(["generate", str(FIXTURE), "--out", str(earlier)])
    monkeypatch.undo()
    err = capsys.readouterr().err
    assert code == 2
    assert err == (f"error: page.md: cannot write: No space left on device; {earlier} was left "
                   "as it was\n  what to do: the disk is full: free some space and build again\n")
    assert read_tree(earlier) == before
    assert leftovers(earlier) == []


def test_a_late_render_failure_keeps_the_earlier_output(
    earlier: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    before = read_tree(earlier)

    def broken(*args: Any, **kwargs: Any) -> str:
        raise FidelityError("the notes lost a paragraph", line=7, hint="a bug in render.py")

    monkeypatch.setattr(render, "render_notes", broken)
    code = cli.main(["generate", str(FIXTURE), "--out", str(earlier)])
    err = capsys.readouterr().err
    assert code == 2
    # The pipeline names the source for an error that only knew its line.
    assert err.startswith(f"error: {FIXTURE}:7: the notes lost a paragraph\n  what to do: ")
    assert read_tree(earlier) == before
    assert leftovers(earlier) == []


@pytest.mark.parametrize("error", [RuntimeError("bug"), KeyboardInterrupt()])
def test_replace_dir_keeps_the_earlier_folder_when_fill_fails_midway(
    earlier: Path, error: BaseException
) -> None:
    before = read_tree(earlier)

    def fill(tmp: Path) -> None:
        (tmp / "zh-Hans").mkdir()
        (tmp / "zh-Hans" / "index.md").write_text("half", encoding="utf-8")
        raise error

    with pytest.raises(type(error)):
        write.replace_dir(earlier, fill)
    assert read_tree(earlier) == before
    assert leftovers(earlier) == []


def test_without_an_atomic_exchange_a_failed_swap_puts_the_earlier_folder_back(
    earlier: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The fallback for file systems that cannot exchange two folders: out → old, tmp → out."""
    monkeypatch.setattr(write.EXCHANGE, "supported", False)
    before = read_tree(earlier)
    real = os.rename
    calls = {"n": 0}

    def rename(src: Any, dst: Any) -> None:
        calls["n"] += 1
        if calls["n"] == 2:  # out → old went through; tmp → out fails
            raise OSError(errno.EIO, "I/O error", str(dst))
        real(src, dst)

    def fill(tmp: Path) -> None:
        (tmp / "new.md").write_text("new", encoding="utf-8")

    monkeypatch.setattr(os, "rename", rename)
    with pytest.raises(write.OutputError, match="I/O error"):
        write.replace_dir(earlier, fill)
    monkeypatch.undo()
    assert read_tree(earlier) == before
    assert leftovers(earlier) == []


def test_a_kill_between_the_fallback_renames_is_undone_by_the_next_run(earlier: Path) -> None:
    """What a SIGKILL between ``out → .out.old-X`` and ``tmp → out`` leaves: no ``out`` at
    all, the old output aside and a complete new one. The next command restores the old."""
    before = read_tree(earlier)
    aside = earlier.parent / f".{earlier.name}.old-killed"
    os.rename(earlier, aside)
    new = earlier.parent / f".{earlier.name}.new-killed"
    shutil.copytree(aside, new)
    assert cli.main(["summary", str(FIXTURE)]) == 0  # reads only: recovers nothing
    assert not earlier.exists()
    assert write.recover(earlier) == [f"restored {earlier} from {aside.name}",
                                      f"removed {new.name}"]
    assert read_tree(earlier) == before
    assert leftovers(earlier) == []


def test_leftovers_of_killed_builds_are_removed_and_foreign_folders_kept(earlier: Path) -> None:
    ours = earlier.parent / f".{earlier.name}.new-abc123"
    shutil.copytree(earlier, ours)  # a killed build's complete temporary folder
    empty = earlier.parent / f".{earlier.name}.new-def456"
    empty.mkdir()  # killed right after it was made
    foreign = earlier.parent / f".{earlier.name}.old-{os.getpid()}"
    (foreign / "zh-Hans").mkdir(parents=True)  # no marker: not ours, whatever its name
    assert cli.main(["generate", str(FIXTURE), "--out", str(earlier)]) == 0
    assert leftovers(earlier) == [foreign.name]


def test_a_failed_site_build_keeps_the_earlier_site(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "site"
    files: dict[str, str | bytes] = {"zh-Hans/index.html": "<p>earlier</p>",
                                     "index.html": "<p>root</p>"}
    write.write_tree(files, out)
    before = read_tree(out)

    def mkdocs_build(root: Path, script: str, dest: Path) -> None:
        if script == "zh-Hant":  # the Simplified site is already written into the temp folder
            raise BuildError("mkdocs build of mkdocs.zh-Hant.yml failed", path="mkdocs.zh-Hant.yml",
                             hint="fix the warnings above")
        dest.mkdir(parents=True)
        (dest / "index.html").write_text("<p>new</p>", encoding="utf-8")

    monkeypatch.setattr(site, "mkdocs_build", mkdocs_build)
    code = cli.main(["site", "--out", str(out), "--no-pdf"])
    err = capsys.readouterr().err
    assert code == 2
    assert err.startswith("error: mkdocs.zh-Hant.yml: mkdocs build of mkdocs.zh-Hant.yml failed")
    assert read_tree(out) == before
    assert leftovers(out) == []


@pytest.mark.parametrize("foreign", ["notes.txt", ".git", "mkdocs.yml", "zh-Hans"])
def test_a_folder_the_tool_did_not_write_is_never_replaced(
    tmp_path: Path, foreign: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """``--out .`` must not delete a project: only a folder with the marker may be replaced,
    even one that happens to hold only ``zh-Hans/`` like an output."""
    out = tmp_path / "project"
    out.mkdir()
    (out / foreign).write_text("keep me", encoding="utf-8")
    before = read_tree(out)
    code = cli.main(["generate", str(FIXTURE), "--out", str(out)])
    err = capsys.readouterr().err
    assert code == 2
    assert err.startswith(f"error: {out}: this folder was not written by build_tools (it has no "
                          f"{write.MARKER}) and holds {foreign}; replacing it would delete them")
    assert "what to do: give a new or empty folder" in err
    assert read_tree(out) == before


def test_a_file_added_to_an_earlier_output_is_never_deleted(
    earlier: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (earlier / "zh-Hans" / "my-page.md").write_text("mine", encoding="utf-8")
    before = read_tree(earlier)
    code = cli.main(["generate", str(FIXTURE), "--out", str(earlier)])
    err = capsys.readouterr().err
    assert code == 2
    assert err.startswith(f"error: {earlier}: this output folder holds zh-Hans/my-page.md, which "
                          "build_tools did not write")
    assert read_tree(earlier) == before


# --- the HTML: no markup from the report text ------------------------------------------------

def _merged(path: Path) -> dict[str, Any]:
    """A MkDocs config with its INHERIT resolved (mappings merge, other values replace)."""
    config: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    parent = config.pop("INHERIT", None)
    if parent is None:
        return config

    def merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
        out = dict(base)
        for key, value in over.items():
            if isinstance(value, dict) and isinstance(out.get(key), dict):
                out[key] = merge(out[key], value)
            else:
                out[key] = value
        return out

    return merge(_merged(path.parent / parent), config)


@pytest.fixture(scope="session")
def mkdocs_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Callable[..., Path]]:
    """``mkdocs_site(docs, script, out)``: ``mkdocs build --strict`` of generated pages.

    Uses the project's config for the script with absolute paths, the generated folder as
    docs_dir, and a navigation listing the pages present (the project's hooks expect exactly
    the 2018 report's eight chapters). One project folder per session.
    """
    project = tmp_path_factory.mktemp("mkdocs-project")
    configs = {"zh-Hans": ROOT / "mkdocs.yml", "zh-Hant": ROOT / "mkdocs.zh-Hant.yml"}

    def build(docs: Path, script: str, out: Path) -> Path:
        config = _merged(configs[script])
        config["docs_dir"] = str(docs / script)
        config["site_dir"] = str(out)
        config["theme"]["custom_dir"] = str(ROOT / config["theme"].get("custom_dir", "overrides"))
        config["hooks"] = [str(ROOT / hook) for hook in config.get("hooks", [])]
        # The reading order the generator wrote (mkdocs.yml inherits it in a project).
        config["nav"] = yaml.safe_load((docs / "nav.yml").read_text(encoding="utf-8"))["nav"]
        path = project / f"{docs.name}-{script}.yml"
        path.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
        done = subprocess.run(
            [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(path)],
            cwd=project, capture_output=True, text=True, check=False,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        )
        assert done.returncode == 0, done.stderr
        return out

    yield build


class Elements(HTMLParser):
    """Collects the tags of a page and the text of its <article>."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.depth = 0
        self.text: list[str] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag == "article":
            self.depth += 1
        self._in_script = tag == "script"

    def handle_endtag(self, tag: str) -> None:
        if tag == "article":
            self.depth -= 1
        if tag == "script":
            self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.scripts.append(data)
        elif self.depth:
            self.text.append(data)


MARKUP = ('<script>alert("x")</script>**粗**_斜_ # [链接](http://e.com) <b>粗</b> '
          "a|b `代码` &amp; {#id} <img src=x onerror=alert(1)> <!-- 注 -->")
BLOCKS = ("# 标题 #", "| 甲 | 乙 |", "---", "> 引用", "- 列表", "1. 列表", "<div>块</div>",
          "    缩进四格")


def with_markup(text: str) -> str:
    """The fixture with markup in a paragraph and in paragraphs of their own."""
    lines = text.split("\n")
    at = next(i for i, line in enumerate(lines) if "区政府常务会议专题研究" in line)
    lines[at] = lines[at].replace("。", "。" + MARKUP, 1)
    for block in reversed(BLOCKS):
        lines.insert(at + 1, block)
    return "\n".join(lines)


def test_markup_in_the_report_text_never_becomes_html(
    tmp_path: Path, mkdocs_site: Callable[..., Path]
) -> None:
    source = tmp_path / "report.txt"
    source.write_text(with_markup(FIXTURE.read_text(encoding="utf-8")), encoding="utf-8")
    assert cli.main(["generate", str(source), "--out", str(tmp_path / "docs")]) == 0
    out = mkdocs_site(tmp_path / "docs", "zh-Hans", tmp_path / "site")
    html = (out / "chapter-1" / "index.html").read_text(encoding="utf-8")
    page = Elements()
    page.feed(html)

    assert "&lt;script&gt;alert(" in html
    assert not any("alert(" in s for s in page.scripts)
    assert not any(tag == "img" or "onerror" in attrs for tag, attrs in page.tags)
    assert not any(tag == "b" for tag, _ in page.tags)
    # Layout: no headings, rules, tables, quotes, lists, code or divs made from the text.
    article = html[html.index("<article"): html.index("</article>")]
    assert article.count("<h1") == 1
    for tag in ("<hr", "<table", "<blockquote", "<ol", "<pre", "<code", "<em>", "<strong>",
                "<div>块"):
        assert tag not in article, tag
    # Every character of the markup is on the page, literally.
    text = "".join(page.text)
    assert MARKUP in text
    for block in BLOCKS:
        assert block.strip() in text
