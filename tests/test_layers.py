"""The architecture, checked: each layer of build_tools imports only from the layers before it,
no module imports itself round a circle, and no module or function grows past its limit.

    errors, paths  →  text  →  curated  →  pages  →  publish  →  cli

(``text`` is pure: bytes to Document; ``curated`` the only reader of YAML; ``pages``
Document to Markdown; ``publish`` the shell.)"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "build_tools"
LAYERS = {
    "errors": 0,
    "paths": 0,
    "text": 1,
    "curated": 2,
    "pages": 3,
    "publish": 4,
    "cli": 5,
    "__main__": 5,
    "__init__": 5,
}
MAX_LINES = 600
MAX_FUNCTION = 60


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def layer(module: str) -> int:
    parts = module.split(".")
    return LAYERS[parts[1] if len(parts) > 1 else "__init__"]


def imports(path: Path) -> set[str]:
    """The build_tools modules ``path`` imports (resolving relative imports)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    here = module_name(path).split(".")
    package = here if path.name == "__init__.py" else here[:-1]
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            target = ".".join([*base, *(node.module.split(".") if node.module else [])])
            if node.level or target.startswith("build_tools"):
                for alias in node.names:
                    candidate = f"{target}.{alias.name}"
                    found.add(candidate if _is_module(candidate) else target)
        elif isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("build_tools")}
    return found


def _is_module(name: str) -> bool:
    path = PACKAGE.parent.joinpath(*name.split("."))
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


MODULES = sorted(PACKAGE.rglob("*.py"))
GRAPH = {module_name(p): imports(p) for p in MODULES}
#: the repository's scripts (the benchmark package among them) keep the same size limits
SCRIPTS = sorted((PACKAGE.parent / "scripts").rglob("*.py"))


@pytest.mark.parametrize("path", MODULES, ids=module_name)
def test_imports_point_down_the_layers(path: Path) -> None:
    own = layer(module_name(path))
    upward = sorted(m for m in imports(path) if m.count(".") and layer(m) > own)
    assert not upward, f"{module_name(path)} (layer {own}) imports from a later layer: {upward}"


def test_no_import_circles() -> None:
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(module: str) -> None:
        state[module] = 1
        stack.append(module)
        for target in sorted(GRAPH.get(module, ())):
            if state.get(target) == 1:
                circle = [*stack[stack.index(target) :], target]
                pytest.fail("import circle: " + " → ".join(circle))
            if target in GRAPH and target not in state:
                visit(target)
        stack.pop()
        state[module] = 2

    for module in sorted(GRAPH):
        if module not in state:
            visit(module)


@pytest.mark.parametrize("path", MODULES + SCRIPTS, ids=module_name)
def test_modules_and_functions_stay_small(path: Path) -> None:
    """No file over 600 lines; no function over 60 without a reason in a comment on its
    first line (``# long: …``)."""
    text = path.read_text(encoding="utf-8")
    assert text.count("\n") <= MAX_LINES, f"{path.name}: {text.count(chr(10))} lines"
    lines = text.splitlines()
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            length = (node.end_lineno or node.lineno) - node.lineno + 1
            first = lines[node.lineno - 1]
            if length > MAX_FUNCTION and "# long:" not in first:
                pytest.fail(f"{path.name}:{node.lineno} {node.name} is {length} lines")
