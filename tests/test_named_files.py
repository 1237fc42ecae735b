"""Every file and module the project's words name exists.

A comment, a docstring, an error hint or a document that names ``build_tools/text/load.py``,
``scripts/bench/``, ``sources/glossary.yml``, ``build_tools.publish.write`` or
``readback.collect`` makes a claim; when the file moves, the claim breaks silently. This test
reads the documents (README.md and the other Markdown files beside it), the Makefile, the CI
definitions, pyproject.toml and the configs, the tool's own code (all of its text: hints are
claims too), and the comments and docstrings of the tests, and fails on any name that does not
resolve.

What is checked:

* paths under the folders the repository holds (``build_tools/``, ``scripts/``, ``tests/``,
  ``sources/``, ``docs/``, ``.ci/``, ``.github/``) and the Markdown files at its root; a ``*``
  is a glob, and a path is cut at a placeholder (``docs/<script>/``);
* ``overrides/``: a project made by ``gov-report new`` has one; this repository does not, so a
  file in it is named by its place in ``build_tools/publish/theme/``;
* dotted names: ``build_tools.text.model`` and ``scripts.bench`` must be modules (or names in
  one); a quoted ``readback.collect``, where ``readback`` is one of the project's modules, must
  be defined in it; ``Built.cpu`` for the project's classes likewise; and a quoted module
  constant (``hooks.PAGE_ORDER``) of a module that is neither the project's nor importable
  names a module that no longer exists.

Not checked: built output (``site/``, ``build/``, ``.cache/``) and the example project the
documents use (``sources/tianhe-2020.raw.txt``, ``sources/foo.yml``, ``sources/NAME.raw.txt``).
"""

from __future__ import annotations

import ast
import importlib.util
import io
import re
import tokenize
from collections.abc import Iterator
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

#: files read whole: documents, build and CI definitions, configs, the tool's code and theme
WHOLE = (
    "*.md",
    "Makefile",
    "pyproject.toml",
    "requirements.in",
    ".gitignore",
    ".pre-commit-config.yaml",
    ".ci/run",
    ".github/workflows/*.yml",
    "mkdocs*.yml",
    "sources/*.yml",
    "build_tools/**/*.py",
    "build_tools/**/*.yml",
    "build_tools/**/*.html",
    "build_tools/**/*.css",
    "build_tools/**/*.js",
    "scripts/**/*.py",
    "scripts/*.sh",
)
#: files whose comments and docstrings are read (their strings are test data)
COMMENTS = ("tests/*.py",)
#: third-party code shipped as is
VENDORED = ("vendor",)

# A path under one of the repository's folders, or an upper-case Markdown file at its root.
# Not preceded by a path character, so `$(REPRO)/a/docs` and `tianhe/sources/x` are not read.
PATH = re.compile(
    r"(?<![\w/.~$@-])((?:build_tools|scripts|tests|sources|docs|overrides|\.ci|\.github)/[\w.*/<>{}-]*"
    r"|[A-Z][A-Z_]+\.md\b)"
)
# Where a path stops being literal: a placeholder such as <script>, {name} or NAME.
PLACEHOLDER = re.compile(r"[<{]|(?<=/)[A-Z]+(?=[./]|$)")
# The example project of the documents and messages: a report called tianhe-2020 or foo.
EXAMPLE = re.compile(r"^sources/(?:tianhe-2020|foo)\b")
# A dotted name in `backticks` or ``double backticks``, perhaps called: `readback.collect()`.
QUOTED_DOTTED = re.compile(r"`{1,2}([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+)(?:\(\))?`{1,2}")
# A module path of the tool or the bench, quoted or not: build_tools.publish.write,
# scripts.bench (`scripts` alone is also a variable's name in the tool: scripts.to_hant).
PACKAGE_DOTTED = re.compile(r"(?<![\w.])(build_tools(?:\.[A-Za-z_]\w*)+|scripts\.bench(?:\.[A-Za-z_]\w*)*)")
# A section of one of the documents, named in quotes: (README, "What CI does") or
# GUIDE.md: "The raw text".
SECTION_REFERENCE = re.compile(
    r"\b((?:README|ARCHITECTURE|CONTRIBUTING|GUIDE|BENCHMARKS)(?:\.md)?|[A-Z][A-Z_]+\.md)[,:] +\"([^\"]+)\""
)
# A link to a document's section: [the search](ARCHITECTURE.md#the-search), or (#the-pdfs).
ANCHOR_LINK = re.compile(r"\]\(([A-Z][A-Z_]+\.md)?#([\w-]+)\)")
# A Markdown heading's text.
HEADING = re.compile(r"^#{1,6} +(.+?) *#*$", re.MULTILINE)
# What GitHub drops from a heading to make its anchor: everything but word characters,
# spaces and hyphens.
NOT_IN_ANCHOR = re.compile(r"[^\w\- ]")
# A constant's name: PAGE_ORDER.
CONSTANT = re.compile(r"^[A-Z][A-Z0-9_]+$")
# File extensions: `mkdocs.yml` and `sitemap.xml.gz` are file names, not attributes.
EXTENSIONS = frozenset(
    {"py", "yml", "yaml", "md", "txt", "js", "css", "json", "html", "toml", "lock", "csv", "tsv"}
    | {"pdf", "svg", "sh", "in", "gz", "cfg", "ini", "png"}
)


def files(patterns: tuple[str, ...]) -> list[Path]:
    found = {p for pattern in patterns for p in ROOT.glob(pattern) if p.is_file()}
    # This module names stale files on purpose, as examples.
    found.discard(Path(__file__).resolve())
    return sorted(p for p in found if not set(VENDORED) & set(p.relative_to(ROOT).parts))


def comments_and_docstrings(path: Path) -> Iterator[tuple[int, str]]:
    """(line, text) of each comment and docstring of a Python module."""
    source = path.read_text(encoding="utf-8")
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type == tokenize.COMMENT:
            yield token.start[0], token.string
    for node in documented(syntax_tree(path)):
        body = node.body
        if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
            first = body[0].value
            if isinstance(first.value, str):
                for offset, line in enumerate(first.value.splitlines()):
                    yield first.lineno + offset, line


Documented = ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef


def documented(node: Documented) -> Iterator[Documented]:
    """The module and its classes and functions, at any depth of classes and functions."""
    yield node
    for child in node.body:
        if isinstance(child, ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            yield from documented(child)


def texts() -> Iterator[tuple[Path, int, str]]:
    """(file, line, text) of everything this test reads."""
    for path in files(WHOLE):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            yield path, number, line
    for path in files(COMMENTS):
        for number, line in comments_and_docstrings(path):
            yield path, number, line


@cache
def syntax_tree(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"))


# --- what exists ------------------------------------------------------------------------------


def path_exists(name: str) -> bool:
    literal = PLACEHOLDER.split(name, maxsplit=1)[0].rstrip(".")
    if literal.startswith("overrides/"):
        return literal == "overrides/"
    if "*" in literal:
        return any(ROOT.glob(literal))
    return (ROOT / literal).exists()


@cache
def module_file(dotted: str) -> Path | None:
    """The file of a module of the project (``build_tools.text.model``), or None."""
    base = ROOT.joinpath(*dotted.split("."))
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


@cache
def defined_names(path: Path) -> frozenset[str]:
    """The names a module defines or imports at its top level."""
    names: set[str] = set()
    for node in syntax_tree(path).body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            names.add(node.name)
        elif isinstance(node, ast.Assign):
            names |= {t.id for t in node.targets if isinstance(t, ast.Name)}
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names.add(node.target.id)
        elif isinstance(node, ast.Import | ast.ImportFrom):
            names |= {(a.asname or a.name).split(".")[0] for a in node.names}
    return frozenset(names)


@cache
def project_modules() -> dict[str, tuple[str, ...]]:
    """Each module's last name (``readback``) → its dotted names (``build_tools.publish.pdf.readback``)."""
    found: dict[str, list[str]] = {}
    for path in sorted([*ROOT.glob("build_tools/**/*.py"), *ROOT.glob("scripts/**/*.py")]):
        parts = path.relative_to(ROOT).with_suffix("").parts
        parts = parts[:-1] if parts[-1] == "__init__" else parts
        found.setdefault(parts[-1], []).append(".".join(parts))
    return {name: tuple(dotted) for name, dotted in found.items()}


@cache
def project_classes() -> dict[str, frozenset[str]]:
    """Each class of the project → the names its body defines (methods, fields, constants)."""
    classes: dict[str, set[str]] = {}
    for path in [*ROOT.glob("build_tools/**/*.py"), *ROOT.glob("scripts/**/*.py")]:
        for node in documented(syntax_tree(path)):
            if isinstance(node, ast.ClassDef):
                names = classes.setdefault(node.name, set())
                for item in node.body:
                    if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef):
                        names.add(item.name)
                    elif isinstance(item, ast.AnnAssign) and isinstance(item.target, ast.Name):
                        names.add(item.target.id)
                    elif isinstance(item, ast.Assign):
                        names |= {t.id for t in item.targets if isinstance(t, ast.Name)}
    return {name: frozenset(names) for name, names in classes.items()}


def resolves(dotted: str) -> bool:
    """``a.b.c``: a module of the project, or a name defined in one."""
    parts = dotted.split(".")
    if any(part.startswith("__") for part in parts):  # build_tools.__file__
        parts = parts[: next(i for i, part in enumerate(parts) if part.startswith("__"))]
    for cut in range(len(parts), 0, -1):
        path = module_file(".".join(parts[:cut]))
        if path is not None:
            rest = parts[cut:]
            return not rest or rest[0] in defined_names(path)
    return False


def dotted_problem(dotted: str) -> str | None:
    """Why a quoted ``first.rest`` names nothing, or None if it does (or is not ours to judge)."""
    first, *rest = dotted.split(".")
    if rest[-1] in EXTENSIONS:
        return None
    modules = project_modules().get(first)
    if modules is not None:
        if any(resolves(".".join([module, *rest])) for module in modules):
            return None
        return f"no {'.'.join(rest)} in {' or '.join(modules)}"
    classes = project_classes()
    if first in classes:
        return None if rest[0] in classes[first] else f"class {first} has no {rest[0]}"
    if CONSTANT.match(rest[0]) and importlib.util.find_spec(first) is None:
        return f"no module {first}"
    return None


#: Stale names in modules that another branch of this round rewrites (issue #22's restructure,
#: issue #23's Typst PDFs): (file, name) → who fixes it. Each must still be stale (see
#: test_pending_names_are_still_stale), so an entry goes as soon as its fix lands.
PENDING: dict[tuple[str, str], str] = {
    # GUIDE.md, "The published address"; ARCHITECTURE.md, "The MkDocs plugin, and moving off MkDocs".
    ("build_tools/publish/notfound.py", 'README, "What CI does"'): "safety",
    ("build_tools/publish/plugin.py", 'README, "Moving off MkDocs"'): "safety",
    # ARCHITECTURE.md, "The search".
    ("build_tools/publish/search/__init__.py", 'README, "Search"'): "search",
    ("build_tools/publish/search/static/search.js", 'README: "The search"'): "search",
}


@cache
def headings(document: str) -> frozenset[str]:
    """The headings of a document at the root (README.md), or nothing if there is none."""
    path = ROOT / document
    return frozenset(HEADING.findall(path.read_text(encoding="utf-8"))) if path.is_file() else frozenset()


def anchor(heading: str) -> str:
    """The anchor GitHub gives a heading: ``The PDFs, 2026`` → ``the-pdfs-2026``."""
    return NOT_IN_ANCHOR.sub("", heading.strip().lower()).replace(" ", "-")


def section_problem(document: str, section: str) -> str | None:
    """Why ``document`` (README or README.md) has no heading ``section``, or None."""
    name = document if document.endswith(".md") else f"{document}.md"
    if not (ROOT / name).is_file():
        return f"no document {name}"
    if section.casefold() not in {h.casefold() for h in headings(name)}:
        return f"{name} has no section of that title"
    return None


def anchor_problem(document: str, target: str) -> str | None:
    if target not in {anchor(h) for h in headings(document)}:
        return f"{document} has no heading with the anchor #{target}"
    return None


@cache
def problems() -> dict[tuple[str, str], list[str]]:
    """(file, name) → the places where that file names something that does not exist."""
    found: dict[tuple[str, str], list[str]] = {}
    names: dict[Path, str] = {}
    for path, number, line in texts():
        file = names.setdefault(path, path.relative_to(ROOT).as_posix())

        def report(name: str, reason: str) -> None:
            found.setdefault((file, name), []).append(f"{file}:{number}: {name}: {reason}")  # noqa: B023

        # Each pattern only where the line has the character it needs: the check reads
        # 18,000 lines, and `make check` waits for it.
        for match in PATH.finditer(line) if "/" in line or ".md" in line else ():
            name = match.group(1)
            if not EXAMPLE.match(name) and not path_exists(name):
                report(name, "no such file or folder")
        for match in PACKAGE_DOTTED.finditer(line) if "build_tools." in line or "scripts." in line else ():
            name = match.group(1)
            if name.split(".")[-1] not in EXTENSIONS and not resolves(name):
                report(name, "not a module or a name in one")
        for match in QUOTED_DOTTED.finditer(line) if "`" in line else ():
            if not match.group(1).startswith(("build_tools.", "scripts.")):
                reason = dotted_problem(match.group(1))
                if reason is not None:
                    report(match.group(1), reason)
        for match in SECTION_REFERENCE.finditer(line) if '"' in line else ():
            reason = section_problem(match.group(1), match.group(2))
            if reason is not None:
                report(match.group(0), reason)
        if path.suffix == ".md" and "](" in line:
            for match in ANCHOR_LINK.finditer(line):
                reason = anchor_problem(match.group(1) or file, match.group(2))
                if reason is not None:
                    report(match.group(0), reason)
    return found


# --- the tests --------------------------------------------------------------------------------


def test_every_named_file_and_module_exists() -> None:
    found = [place for key, places in problems().items() if key not in PENDING for place in places]
    assert not found, "names of files or modules that do not exist:\n" + "\n".join(found)


def test_pending_names_are_still_stale() -> None:
    fixed = sorted(set(PENDING) - set(problems()))
    assert not fixed, f"fixed: remove these from PENDING in {Path(__file__).name}: {fixed}"


def test_the_check_reads_what_it_claims_to() -> None:
    """Guards the guard: the files it must read are among those it reads."""
    read = {path.relative_to(ROOT).as_posix() for path in files(WHOLE) + files(COMMENTS)}
    expected = {
        "README.md",
        "Makefile",
        "pyproject.toml",
        ".ci/run",
        ".github/workflows/ci.yml",
        "build_tools/text/verify.py",
        "build_tools/publish/theme/assets/javascripts/report.js",
        "tests/sitebuild.py",
    }
    assert expected <= read, sorted(expected - read)
    assert not any("vendor" in name for name in read)


def test_the_check_catches_stale_names() -> None:
    """Guards the guard: names from before the layered move are caught, live ones are not."""
    for stale in (
        "build_tools/render.py",
        "build_tools/pdf/__init__.py",
        "scripts/bench.py",
        "sources/overrides.yml",
        "overrides/partials/alternate.html",
        "tests/test_*.rs",
    ):
        assert not path_exists(stale), stale
    for live in ("build_tools/publish/write.py", "scripts/bench/", "docs/<script>/", "tests/test_*.py"):
        assert path_exists(live), live
    assert not resolves("build_tools.write.replace_dir")
    assert resolves("build_tools.publish.write.replace_dir")
    assert resolves("build_tools.text")
    assert dotted_problem("hooks.PAGE_ORDER") == "no module hooks"
    assert dotted_problem("readback.nothing_here") is not None
    assert dotted_problem("readback.check") is None
    assert dotted_problem("Built.cpu") is None
    assert dotted_problem("Built.gpu") == "class Built has no gpu"
    assert dotted_problem("os.environ") is None
    assert section_problem("README", "Quick start") is None
    assert section_problem("README.md", "Performance") is not None
    assert section_problem("NOTES", "Anything") == "no document NOTES.md"
    assert anchor("The PDFs, 2026-11-29") == "the-pdfs-2026-11-29"
    assert anchor_problem("README.md", "quick-start") is None
    assert anchor_problem("README.md", "quick-stat") is not None
