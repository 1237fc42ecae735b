"""Which folders a command may replace: only what build_tools wrote, or a new or empty folder.

Every writing command (``build --out``, ``generate --out``, ``site --out``, ``pdf --site``)
meets every kind of folder: a checkout or a project of someone else's (``--out .``), a file, a
symlink, an empty or missing folder, an earlier output, an earlier output with a page added by
hand, a marker that lists fewer files than the folder holds, a forged or broken marker, the
sources folder. A refusal is a clear error and leaves the folder byte for byte as it was; an
accepted folder ends up holding exactly the new output and its marker. The commands run
in-process (``cli.main``); ``site`` into ``docs/`` runs in a scratch copy of the project.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from build_tools import cli
from build_tools.publish import write
from build_tools.publish.write import MARKER
from tests.faults import (
    ROOT,
    assert_clear_error,
    copy_project,
    leftovers,
    read_tree,
    run,
    run_cli,
)

FIXTURE = ROOT / "tests" / "fixtures" / "genre" / "tianhe-2020.txt"
COMMANDS = ("build", "generate", "site", "pdf")


def argv(command: str, out: Path) -> list[str]:
    return {
        "build": ["build", "--out", str(out)],
        "generate": ["generate", str(FIXTURE), "--out", str(out)],
        "site": ["site", "--no-pdf", "--out", str(out)],
        "pdf": ["pdf", "--site", str(out)],
    }[command]


def earlier_output(command: str, out: Path) -> None:
    """What an earlier run of ``command`` left: a folder with the marker listing its files.
    (For ``site`` and ``pdf`` a small stand-in; the real site is built in the tests below.)"""
    if command == "generate":
        assert cli.main(argv("generate", out)) == 0
    elif command == "build":
        write.write_tree({"zh-Hans/index.md": "# 首页\n", "jieba-user.txt": "法治 100000\n"}, out)
    else:
        write.write_tree(
            {
                "index.html": "<p>root</p>",
                "zh-Hans/index.html": "<p>简</p>",
                "zh-Hant/index.html": "<p>繁</p>",
            },
            out,
        )


def site_by_hand(out: Path) -> None:
    """A folder that looks like a built site (``pdf`` checks for zh-Hans/index.html first)."""
    (out / "zh-Hans").mkdir(parents=True, exist_ok=True)
    (out / "zh-Hans" / "index.html").write_text("<p>mine</p>", encoding="utf-8")


Setup = Callable[[str, Path], None]


def project_like(command: str, out: Path) -> None:
    out.mkdir()
    (out / "pyproject.toml").write_text("[project]\nname = 'mine'\n", encoding="utf-8")
    (out / ".git").mkdir()
    (out / ".git" / "HEAD").write_text("ref: refs/heads/main\n", encoding="utf-8")
    (out / "notes.txt").write_text("keep me", encoding="utf-8")
    site_by_hand(out)


def a_file(command: str, out: Path) -> None:
    out.write_text("not a folder", encoding="utf-8")


def a_symlink(command: str, out: Path) -> None:
    target = out.parent / "target"
    earlier_output(command, target)
    out.symlink_to(target, target_is_directory=True)


def a_hand_added_page(command: str, out: Path) -> None:
    earlier_output(command, out)
    (out / "zh-Hans" / "my-page.md").write_text("mine", encoding="utf-8")


def marker_lists_fewer(command: str, out: Path) -> None:
    earlier_output(command, out)
    data = json.loads((out / MARKER).read_text(encoding="utf-8"))
    data["files"] = data["files"][1:]
    (out / MARKER).write_text(json.dumps(data), encoding="utf-8")


def marker(text: str) -> Setup:
    def setup(command: str, out: Path) -> None:
        out.mkdir()
        site_by_hand(out)
        (out / MARKER).write_text(text, encoding="utf-8")

    return setup


def marker_is_a_symlink(command: str, out: Path) -> None:
    earlier_output(command, out.parent / "real")
    out.mkdir()
    site_by_hand(out)
    (out / MARKER).symlink_to(out.parent / "real" / MARKER)


def marker_is_a_folder(command: str, out: Path) -> None:
    out.mkdir()
    site_by_hand(out)
    (out / MARKER).mkdir()


def sources_folder(command: str, out: Path) -> None:
    shutil.copytree(ROOT / "sources", out)
    site_by_hand(out)


NO_MARKER = f"this folder was not written by build_tools (it has no {MARKER}) and holds "
FOREIGN = "which build_tools did not write; replacing the folder would delete them"
# name → (how to make the folder, what the error says); every one is refused.
REFUSED: dict[str, tuple[Setup, str]] = {
    "a project (--out .)": (project_like, NO_MARKER + ".git, notes.txt, pyproject.toml and 1 more"),
    "a file": (a_file, "the output is not a folder"),
    "a symlink to an earlier output": (a_symlink, "the output is not a folder"),
    "an earlier output with a page added by hand": (a_hand_added_page, "zh-Hans/my-page.md, " + FOREIGN),
    "a marker that lists fewer files": (marker_lists_fewer, FOREIGN),
    "a marker of another tool": (marker('{"written-by": "mkdocs", "format": 1, "files": []}'), NO_MARKER),
    "a marker that is not JSON": (marker("{written-by: build_tools"), NO_MARKER),
    "a marker without a file list": (marker('{"written-by": "build_tools", "format": 1}'), NO_MARKER),
    "a marker that is a symlink": (marker_is_a_symlink, NO_MARKER),
    "a marker that is a folder": (marker_is_a_folder, NO_MARKER),
    "the sources folder": (sources_folder, NO_MARKER),
}


@pytest.mark.slow
@pytest.mark.parametrize("case", REFUSED)
@pytest.mark.parametrize("command", COMMANDS)
def test_a_folder_that_is_not_ours_is_refused_and_kept(
    command: str, case: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    setup, fragment = REFUSED[case]
    out = tmp_path / "out"
    setup(command, out)
    capsys.readouterr()  # what making an earlier output printed
    before = read_tree(tmp_path)
    code, stdout, err = run(capsys, *argv(command, out))
    if command == "pdf" and case == "a file":
        # pdf looks for the site it adds to before anything else
        assert_clear_error(code, err, str(out), "the site is not built")
    else:
        assert_clear_error(code, err, str(out), fragment)
    assert stdout == ""
    assert read_tree(tmp_path) == before  # the folder, the link's target, everything beside
    assert leftovers(out) == []


@pytest.mark.parametrize("command", ["build", "generate"])
@pytest.mark.parametrize("case", ["missing", "empty", "earlier output", "missing parents"])
def test_a_new_empty_or_earlier_output_is_written(
    command: str, case: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "a" / "b" / "out" if case == "missing parents" else tmp_path / "out"
    if case == "empty":
        out.mkdir()
    elif case == "earlier output":
        earlier_output(command, out)
    code, stdout, err = run(capsys, *argv(command, out))
    assert code == 0, err
    assert f"to {out}" in stdout
    assert_is_one_complete_output(out)


def assert_is_one_complete_output(out: Path) -> None:
    listed = json.loads((out / MARKER).read_text(encoding="utf-8"))["files"]
    on_disk = sorted(rel for rel in read_tree(out) if rel != MARKER)
    assert listed == on_disk
    assert leftovers(out) == []


def test_pdf_needs_a_built_site(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """``pdf`` adds to a site: a missing or an empty folder is not one (``site`` builds into
    them: test_site_into_an_empty_folder…, and test_hostile.py into a missing one)."""
    for out in (tmp_path / "missing", tmp_path / "empty"):
        if out.name == "empty":
            out.mkdir()
        code, _, err = run(capsys, *argv("pdf", out))
        assert_clear_error(code, err, str(out), "the site is not built")
        assert not out.exists() or not any(out.iterdir())
    assert leftovers(tmp_path / "missing") == []


@pytest.mark.slow
@pytest.mark.pdf
def test_site_into_an_empty_folder_then_again_then_pdf(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The real site: an empty folder is fine, so is the earlier site, and pdf adds to it."""
    out = tmp_path / "site"
    out.mkdir()
    for _ in range(2):
        code, _, err = run(capsys, "site", "--no-pdf", "--out", str(out))
        assert code == 0, err
        assert_is_one_complete_output(out)
    before = read_tree(out)
    code, stdout, err = run(capsys, "pdf", "--site", str(out))
    assert code == 0, err
    assert stdout.count("wrote ") == 2
    after = read_tree(out)
    added = sorted(set(after) - set(before))
    assert added == ["zh-Hans/report-zh-Hans.pdf", "zh-Hant/report-zh-Hant.pdf"]
    assert {k: v for k, v in after.items() if k in before and k != MARKER} == {
        k: v for k, v in before.items() if k != MARKER
    }
    assert_is_one_complete_output(out)


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A scratch copy of the project, for commands typed at its root."""
    return copy_project(tmp_path_factory.mktemp("outputs") / "project")


@pytest.mark.slow
@pytest.mark.parametrize("command", ["site", "pdf"])
@pytest.mark.parametrize("where", ["docs", "docs/zh-Hans"])
def test_the_site_is_never_written_over_the_docs_it_is_built_from(
    command: str, where: str, project: Path
) -> None:
    """docs/ carries the marker, so ownership alone would let `site --out docs` replace it."""
    before = read_tree(project / "docs")
    option = "--out" if command == "site" else "--site"
    done = run_cli(project, command, option, where, *(["--no-pdf"] if command == "site" else []))
    assert_clear_error(
        done.returncode,
        done.stderr,
        str(project / where),
        "the site cannot be written here: the site is built from",
    )
    assert read_tree(project / "docs") == before
    assert leftovers(project / "docs") == []


@pytest.mark.slow
def test_the_checkout_and_its_sources_survive_every_command(project: Path) -> None:
    """``--out .`` and ``--out sources`` from a project's root, as a user would type them."""
    before = read_tree(project)
    for command in COMMANDS:
        for where in (".", "sources"):
            option = "--site" if command == "pdf" else "--out"
            extra = {"generate": ["sources/guangzhou-2018-report.raw.txt"], "site": ["--no-pdf"]}.get(
                command, []
            )
            done = run_cli(project, command, *extra, option, where)
            assert done.returncode == 2, done.stderr
            assert done.stderr.startswith("error: "), done.stderr
            assert "what to do: " in done.stderr and "Traceback" not in done.stderr
    assert read_tree(project) == before
    assert not [p for p in os.listdir(project.parent) if p != project.name]
