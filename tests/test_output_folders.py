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
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace

import pytest

from build_tools import cli
from build_tools.publish import write
from build_tools.publish.write import MARKER
from tests.faults import (
    ROOT,
    assert_clear_error,
    cli_env,
    copy_project,
    leftovers,
    read_tree,
    run,
    run_cli,
    small_disk,
    snapshot,
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
@pytest.mark.parametrize(
    "case",
    # make check runs the earlier output (the usual case); a whole build costs about a second
    [
        "earlier output",
        *(pytest.param(c, marks=pytest.mark.slow) for c in ("missing", "empty", "missing parents")),
    ],
)
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


# --- the lock file beside an output: never followed, never written through -----------------


def lock_is_a_symlink(lock: Path) -> Path:
    mine = lock.parent / "notes.txt"
    mine.write_text("my notes\n", encoding="utf-8")
    lock.symlink_to(mine)
    return mine


def lock_is_a_dangling_symlink(lock: Path) -> Path:
    lock.symlink_to(lock.parent / "elsewhere.txt")  # a build would create this file
    return lock.parent / "elsewhere.txt"


def lock_is_a_hard_link(lock: Path) -> Path:
    mine = lock.parent / "notes.txt"
    mine.write_text("my notes\n", encoding="utf-8")
    os.link(mine, lock)
    return mine


def lock_holds_other_text(lock: Path) -> Path:
    lock.write_text("my notes, saved under an odd name\n", encoding="utf-8")
    return lock


def lock_is_a_folder(lock: Path) -> Path:
    lock.mkdir()
    (lock / "mine.txt").write_text("mine", encoding="utf-8")
    return lock / "mine.txt"


# name → (what is put at the lock's name, the words of the refusal)
BAD_LOCKS: dict[str, tuple[Callable[[Path], Path], str]] = {
    "a symlink to a user's file": (lock_is_a_symlink, "is a symbolic link, not a lock file"),
    "a dangling symlink": (lock_is_a_dangling_symlink, "is a symbolic link, not a lock file"),
    "a hard link to a user's file": (lock_is_a_hard_link, "is a hard link to another file"),
    "a file with other text": (lock_holds_other_text, "is a file with other contents"),
    "a folder": (lock_is_a_folder, "is not a file"),
}


@pytest.mark.parametrize("case", BAD_LOCKS)
@pytest.mark.parametrize("command", [pytest.param("build", marks=pytest.mark.slow), "generate"])
def test_a_lock_file_that_is_not_ours_is_refused_and_never_written(
    command: str, case: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``ln -s ~/notes.txt .docs.lock`` used to have notes.txt overwritten with the holder's
    line, and a dangling link made the build create the file it pointed to."""
    make, fragment = BAD_LOCKS[case]
    out = tmp_path / "out"
    earlier_output(command, out)
    lock = tmp_path / ".out.lock"
    target = make(lock)
    capsys.readouterr()
    before = read_tree(tmp_path)
    code, stdout, err = run(capsys, *argv(command, out))
    assert_clear_error(code, err, str(lock), f".out.lock {fragment}", "remove it")
    assert stdout == ""
    assert read_tree(tmp_path) == before  # the user's file, the link, the earlier output
    assert not target.exists() if case == "a dangling symlink" else target.exists()


def test_a_lock_left_by_a_killed_run_is_taken_over(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A kill -9 leaves the lock file (the kernel releases only the flock): the next run
    uses it, with its own line, and removes it."""
    out = tmp_path / "out"
    lock = tmp_path / ".out.lock"
    lock.write_text("`generate` (pid 999999) since 2024-01-01 00:00:00\n", encoding="utf-8")
    code, _, err = run(capsys, *argv("generate", out))
    assert code == 0, err
    assert_is_one_complete_output(out)
    assert not lock.exists()


# --- names are names: never a glob pattern --------------------------------------------------


def marked_leftover(folder: Path, page: str) -> None:
    """A temporary folder another run left: marked as build_tools', holding a page."""
    made = folder.parent / "made"
    write.write_tree({"zh-Hans/index.md": page}, made)
    made.rename(folder)


@pytest.mark.parametrize("name", ["s*", "site[1]", "s?te", "[s]ite"])
def test_an_output_named_like_a_pattern_touches_only_its_own_leftovers(
    name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``--out 's*'`` used to delete another output's marked ``.site.new-XYZ`` and move its
    ``.site.old-XYZ`` into place; ``--out 'site[1]'`` never found its own leftovers."""
    others = [tmp_path / ".site.new-XYZ", tmp_path / ".site.old-XYZ"]
    for folder in others:
        marked_leftover(folder, "# another output's\n")
    own = tmp_path / f".{name}.new-abc123"
    marked_leftover(own, "# a killed run's\n")
    before = {folder.name: read_tree(folder) for folder in others}
    out = tmp_path / name
    code, stdout, err = run(capsys, *argv("generate", out))
    assert code == 0, err
    assert f"to {out}" in stdout
    assert_is_one_complete_output(out)
    assert {folder.name: read_tree(folder) for folder in others} == before
    assert not own.exists()
    assert sorted(os.listdir(tmp_path)) == sorted([*before, name])


def test_an_output_named_like_a_temporary_folder_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Another run on output ``site`` would take ``.site.new-abc`` for its own leftover."""
    out = tmp_path / ".site.new-abc"
    code, _, err = run(capsys, *argv("generate", out))
    assert_clear_error(code, err, str(out), "shaped like a temporary folder of build_tools")
    assert not out.exists()


# --- `pdf` into a built site: a new file renamed into place, never written through a link ----

OLD_PDF = b"%PDF-1.7 the earlier PDF\n" + bytes(range(256)) * 2048  # 0.5 MB


def site_with_pdfs(out: Path) -> None:
    """An earlier output of ``site`` with its PDFs (small stand-ins: the writer is tested)."""
    write.write_tree(
        {
            "index.html": "<p>root</p>",
            "zh-Hans/index.html": "<p>简</p>",
            "zh-Hant/index.html": "<p>繁</p>",
            "zh-Hans/report-zh-Hans.pdf": OLD_PDF,
            "zh-Hant/report-zh-Hant.pdf": OLD_PDF,
        },
        out,
    )


def new_pdfs(monkeypatch: pytest.MonkeyPatch, size: int = 4096) -> dict[str, bytes]:
    """``pdf`` makes these bytes instead of laying the report out (a minute of CPU; the real
    PDFs are test_pdf.py's): what is tested here is how they are written."""
    from build_tools.publish import pdf

    made = {script: f"%PDF-1.7 new {script}\n".encode() + b"x" * size for script in ("zh-Hans", "zh-Hant")}
    monkeypatch.setattr(
        pdf,
        "make_pdfs",
        lambda *args, **kwargs: [SimpleNamespace(script=s, data=data) for s, data in made.items()],
    )
    return made


@pytest.mark.slow
def test_pdf_never_writes_through_the_hard_links_of_a_snapshot(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """After ``cp -al site site-v1`` a pdf run used to change site-v1's PDFs (same inode)."""
    out, kept = tmp_path / "site", tmp_path / "site-v1"
    site_with_pdfs(out)
    snapshot(out, kept)
    before = read_tree(kept)
    made = new_pdfs(monkeypatch)
    code, stdout, err = run(capsys, "pdf", "--site", str(out))
    assert code == 0, err
    assert stdout.count("wrote ") == 2
    assert read_tree(kept) == before
    assert (out / "zh-Hans" / "report-zh-Hans.pdf").read_bytes() == made["zh-Hans"]
    assert (out / "zh-Hant" / "report-zh-Hant.pdf").read_bytes() == made["zh-Hant"]
    assert_is_one_complete_output(out)


@pytest.mark.slow
def test_pdf_never_writes_through_a_symlink_in_the_site(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A PDF of a marked site replaced by a link to a user's file: the file used to be
    overwritten with the new PDF, exit 0. A link is not the tool's: the site is refused."""
    out = tmp_path / "site"
    site_with_pdfs(out)
    mine = tmp_path / "my-thesis.pdf"
    mine.write_bytes(b"%PDF-1.4 my thesis\n")
    pdf_file = out / "zh-Hans" / "report-zh-Hans.pdf"
    pdf_file.unlink()
    pdf_file.symlink_to(mine)
    before = read_tree(tmp_path)
    new_pdfs(monkeypatch)
    code, stdout, err = run(capsys, "pdf", "--site", str(out))
    assert_clear_error(code, err, str(out), "zh-Hans/report-zh-Hans.pdf (a symbolic link)", FOREIGN)
    assert stdout == ""
    assert read_tree(tmp_path) == before
    assert mine.read_bytes() == b"%PDF-1.4 my thesis\n"


@pytest.mark.slow
def test_a_full_disk_during_pdf_keeps_the_site_and_says_so_truthfully(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The disk fills while the new PDFs are written. It used to say "site was left as it
    was" while the old PDF was a truncated file (written in place, through its hard link)."""
    with small_disk(tmp_path / "disk", 2 * 2**20) as disk:  # the site takes half of it
        out, kept = disk / "site", disk / "site-v1"
        site_with_pdfs(out)
        snapshot(out, kept)
        before = read_tree(disk)
        new_pdfs(monkeypatch, size=3 * 2**20)
        code, stdout, err = run(capsys, "pdf", "--site", str(out))
        assert code == 2, err
        assert read_tree(disk) == before  # the site, its snapshot: not a byte changed
        assert re.match(
            rf"error: {re.escape(str(out))}/zh-Han[st]/report-zh-Han[st]\.pdf: cannot write: "
            rf"(No space left on device|File too large); {re.escape(str(out))} was left as it was\n",
            err,
        ), err
        assert stdout == ""
        assert leftovers(out) == []


# --- `gov-report clean` (make clean): only what the marker lists ------------------------------


def test_clean_removes_only_what_the_marker_lists(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """``make clean`` used to ``rm -rf site``, CNAME added by hand and all."""
    out = tmp_path / "site"
    site_with_pdfs(out)
    (out / "CNAME").write_text("report.example.org\n", encoding="utf-8")
    (out / "zh-Hans" / "notes").mkdir()
    (out / "zh-Hans" / "notes" / "todo.txt").write_text("mine", encoding="utf-8")
    (out / "zh-Hant" / "link.pdf").symlink_to(tmp_path / "elsewhere.pdf")
    (tmp_path / "elsewhere.pdf").write_bytes(b"mine")
    code, stdout, err = run(capsys, "clean", str(out))
    assert code == 0, err
    assert stdout == (
        f"removed 5 files that build_tools wrote from {out}\n"
        f"kept {out}/CNAME (not written by build_tools)\n"
        f"kept {out}/zh-Hans/notes/todo.txt (not written by build_tools)\n"
        f"kept {out}/zh-Hant/link.pdf (not written by build_tools)\n"
    )
    assert read_tree(out) == {
        "CNAME": b"report.example.org\n",
        "zh-Hans/notes/todo.txt": b"mine",
        "zh-Hant/link.pdf": b"-> " + os.fsencode(tmp_path / "elsewhere.pdf"),
    }
    assert (tmp_path / "elsewhere.pdf").read_bytes() == b"mine"
    assert leftovers(out) == []


def test_clean_removes_a_whole_output_and_its_leftovers(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "site"
    site_with_pdfs(out)
    marked_leftover(tmp_path / ".site.new-killed", "# a killed run's\n")
    code, stdout, err = run(capsys, "clean", str(out))
    assert code == 0, err
    assert stdout == f"removed 5 files that build_tools wrote from {out}\n"
    assert os.listdir(tmp_path) == []


def marker_listing(out: Path, files: list[str]) -> None:
    out.mkdir(exist_ok=True)
    (out / MARKER).write_text(
        json.dumps({"written-by": "build_tools", "format": 1, "files": files}), encoding="utf-8"
    )


def test_clean_follows_no_link_and_leaves_no_folder_whatever_the_marker_lists(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A forged marker lists files through a linked folder and outside the output."""
    mine = tmp_path / "mine"
    mine.mkdir()
    for name in ("index.html", "outside.txt"):
        (mine / name).write_text("mine", encoding="utf-8")
    out = tmp_path / "site"
    out.mkdir()
    (out / "zh-Hans").symlink_to(mine, target_is_directory=True)
    marker_listing(out, ["zh-Hans/index.html", "../mine/outside.txt", "/etc/hostname", "zh-Hant/"])
    (out / "zh-Hant").mkdir()
    before = read_tree(mine)
    code, stdout, err = run(capsys, "clean", str(out))
    assert code == 0, err
    assert stdout == f"kept {out}/zh-Hans (not written by build_tools)\n"
    assert read_tree(mine) == before
    assert sorted(os.listdir(out)) == ["zh-Hans"]


@pytest.mark.parametrize("case", ["a project (--out .)", "a symlink to an earlier output", "a file"])
def test_clean_refuses_what_is_not_an_output(
    case: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    setup, _ = REFUSED[case]
    out = tmp_path / "out"
    setup("site", out)
    capsys.readouterr()
    before = read_tree(tmp_path)
    code, _, err = run(capsys, "clean", str(out))
    assert_clear_error(
        code, err, str(out), "delete it yourself" if case.startswith("a project") else "not a folder"
    )
    assert read_tree(tmp_path) == before


@pytest.mark.slow
def test_make_clean_keeps_a_cname_added_by_hand_and_names_it(project: Path) -> None:
    """``make clean`` runs ``gov-report clean`` (the Makefile of the checkout, in a scratch
    copy of the project, with the environment running the tests as its .venv)."""
    out = project / "site"
    site_with_pdfs(out)
    (out / "CNAME").write_text("report.example.org\n", encoding="utf-8")
    done = subprocess.run(
        [
            "make",
            "--no-print-directory",
            "-f",
            str(ROOT / "Makefile"),
            "clean",
            f"VENV={Path(sys.executable).parents[1]}",
        ],
        cwd=project,
        env=cli_env(),
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "kept site/CNAME (not written by build_tools)" in done.stdout
    assert read_tree(out) == {"CNAME": b"report.example.org\n"}
