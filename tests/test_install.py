"""The tool as a user installs it: a wheel of this repository (not an editable install), run
from another folder on another report, and the project that `gov-report new` writes."""

from __future__ import annotations

import dataclasses
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from build_tools.publish.scaffold import names, render_config
from build_tools.text.model import SCRIPTS
from tests.support import ROOT, SOURCE, run, settings_for

REPORT = ROOT / "tests" / "fixtures" / "genre" / "tianhe-2020.txt"


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """A wheel built from the repository and installed into a folder of its own; the
    environment runs it with the locked dependencies of .venv and nothing of the checkout."""
    base = tmp_path_factory.mktemp("install")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "-w",
            str(base / "wheel"),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
    )
    wheel = next((base / "wheel").glob("*.whl"))
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--no-deps",
            "--target",
            str(base / "lib"),
            str(wheel),
        ],
        check=True,
        capture_output=True,
    )
    return {**os.environ, "PYTHONPATH": str(base / "lib"), "PYTHONSAFEPATH": "1"}


def gov_report(env: dict[str, str], cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "build_tools", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.slow
def test_the_installed_tool_runs_from_any_folder(installed: dict[str, str], tmp_path: Path) -> None:
    found = subprocess.run(
        [sys.executable, "-c", "import build_tools; print(build_tools.__file__)"],
        cwd=tmp_path,
        env=installed,
        capture_output=True,
        text=True,
        check=True,
    )
    assert str(ROOT) not in found.stdout  # the wheel's copy, not the checkout's
    done = gov_report(installed, tmp_path, "--version")
    assert done.returncode == 0 and done.stdout.startswith("gov-report 0."), done.stderr
    done = gov_report(installed, tmp_path, "summary", str(REPORT))
    assert done.returncode == 0, done.stderr
    assert "广州市天河区人民政府关于2020年法治政府建设工作情况的报告" in done.stdout


@pytest.mark.slow
def test_new_starts_a_project_that_builds(installed: dict[str, str], tmp_path: Path) -> None:
    project = tmp_path / "tianhe"
    done = gov_report(installed, tmp_path, "new", str(REPORT), "tianhe")
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in project.iterdir()) == [
        ".gitignore",
        "docs",
        "mkdocs.yml",
        "mkdocs.zh-Hant.yml",
        "overrides",
        "sources",
    ]
    config = yaml.safe_load((project / "sources" / "tianhe-2020.yml").read_text(encoding="utf-8"))
    assert config["title"] == "广州市天河区人民政府关于2020年法治政府建设工作情况的报告"
    assert config["issuer"] == "广州市天河区人民政府"
    assert (project / "overrides" / "assets" / "stylesheets" / "extra.css").is_file()
    done = gov_report(installed, project, "build", "--check")
    assert done.returncode == 0, done.stderr
    done = gov_report(installed, project, "-q", "site", "--no-pdf")
    assert done.returncode == 0, done.stderr
    root_page = (project / "site" / "index.html").read_text(encoding="utf-8")
    assert "<title>广州市天河区人民政府关于2020年法治政府建设工作情况的报告 · 廣州市天河區" in root_page
    assert (project / "site" / "zh-Hant" / "chapter-1" / "index.html").is_file()
    done = gov_report(installed, tmp_path, "new", str(REPORT), "tianhe")
    assert done.returncode == 2 and "the folder is not empty" in done.stderr


def test_the_repository_configs_are_what_new_writes_for_its_report() -> None:
    """mkdocs.yml and mkdocs.zh-Hant.yml come from the templates new uses, with this report's
    names: one source for both, so they cannot drift apart."""
    doc = run(SOURCE, settings_for(SOURCE))
    for script, name in zip(SCRIPTS, ("mkdocs.yml", "mkdocs.zh-Hant.yml"), strict=True):
        expected = render_config(
            script, names(doc, script), "sources/guangzhou-2018-report.raw.txt", "build_tools/publish/theme"
        )
        assert (ROOT / name).read_text(encoding="utf-8") == expected


def test_report_names_reach_the_config_as_text(tmp_path: Path) -> None:
    """A title with markup is escaped for the theme (which prints site_name as HTML) and
    quoted for YAML."""
    doc = run(SOURCE, settings_for(SOURCE))
    n = dataclasses.replace(names(doc, "zh-Hans"), site_name="<script>x</script>: #1")
    text = render_config("zh-Hans", n, "sources/a b.txt", "overrides")
    data = yaml.safe_load(text.replace("INHERIT: docs/nav.yml\n", ""))
    assert data["site_name"] == "&lt;script&gt;x&lt;/script&gt;: #1"
    assert data["plugins"][0]["gov-report"]["source"] == "sources/a b.txt"
