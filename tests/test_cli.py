"""The command line: exit codes and the three output formats, run as a real process."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from conftest import copy_project, run_factsite

EXAMPLES = Path(__file__).parent / "examples"
BAD = "claims/ynet-2026-01-azerbaijan-gaza/three-problems.yaml"


def _project_with_bad_claim(tmp_path: Path) -> Path:
    root = copy_project(tmp_path / "project")
    shutil.copy(EXAMPLES / "fail" / "three-problems.yaml", root / BAD)
    return root


def test_clean_project_exits_0(project: Path) -> None:
    result = run_factsite(project, "validate")
    assert result.returncode == 0, result.stdout
    assert result.stdout == ""
    assert "0 problem(s)" in result.stderr


def test_problems_exit_1_text(tmp_path: Path) -> None:
    root = _project_with_bad_claim(tmp_path)
    result = run_factsite(root, "validate")
    assert result.returncode == 1
    expected = (EXAMPLES / "fail" / "three-problems.expected").read_text()
    assert result.stdout == expected
    assert "Traceback" not in result.stderr


def test_github_format(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = _project_with_bad_claim(tmp_path)
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    result = run_factsite(root, "validate", "--format", "github")
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert lines[0] == (
        f"::error file={BAD},line=3,col=1,title=missing-field::$: missing "
        "required field 'sources' (The evidence, at least two sources.)"
    )
    assert f"::error file={BAD},line=15,col=1,title=unknown-field::" in result.stdout
    # the plain report follows, for the log (annotations are capped at 10 per step)
    assert any(line.startswith(f"{BAD}:15:1: error[unknown-field]") for line in lines)
    table = summary.read_text()
    assert "| where | code | message |" in table and "unknown-verdict" in table


def test_json_format(tmp_path: Path) -> None:
    root = _project_with_bad_claim(tmp_path)
    result = run_factsite(root, "validate", "--format", "json")
    assert result.returncode == 1
    data = json.loads(result.stdout)
    assert [(d["line"], d["col"], d["code"]) for d in data] == [
        (3, 1, "missing-field"),
        (11, 10, "unknown-verdict"),
        (15, 1, "unknown-field"),
        (28, 9, "wrong-type"),
    ]
    assert all(d["path"] == BAD for d in data)


def test_paths_limit_the_report(tmp_path: Path) -> None:
    root = _project_with_bad_claim(tmp_path)
    good = next((root / "claims").rglob("embassy-tel-aviv-march-2023.yaml"))
    assert run_factsite(root, "validate", str(good.relative_to(root))).returncode == 0
    assert run_factsite(root, "validate", BAD).returncode == 1


def test_usage_errors_exit_2(project: Path) -> None:
    assert run_factsite(project, "validate", "--format", "xml").returncode == 2
    assert run_factsite(project, "frobnicate").returncode == 2
    result = run_factsite(project / "missing", "validate")
    assert result.returncode == 2 and "Traceback" not in result.stderr


def test_render_refuses_invalid_project(tmp_path: Path) -> None:
    root = _project_with_bad_claim(tmp_path)
    result = run_factsite(root, "render")
    assert result.returncode == 1
    assert "nothing written" in result.stderr
    assert not (root / "docs" / "claims").exists()


def test_schema_command_writes_current_schema(project: Path) -> None:
    (project / "schema" / "claim.schema.json").write_text("{}")
    assert run_factsite(project, "validate").returncode == 1  # schema-outdated
    assert run_factsite(project, "schema").returncode == 0
    assert run_factsite(project, "validate").returncode == 0
