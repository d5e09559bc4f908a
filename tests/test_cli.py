"""The command line (cli.py): exit codes and the three output formats.

Most tests call `factsite.cli.main` in-process (conftest.run_main, read like a process's result);
only what needs a real process runs one: `python -m factsite`, the console script, and a reader
that goes away (`factsite new --list | head`).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import TODAY, copy_project, run_factsite, run_main
from factsite import __version__
from factsite.cli import main

EXAMPLES = Path(__file__).parent / "examples"
BAD = "claims/ynet-2026-01-azerbaijan-gaza/three-problems.yaml"


def _project_with_bad_claim(tmp_path: Path) -> Path:
    root = copy_project(tmp_path / "project")
    shutil.copy(EXAMPLES / "fail" / "three-problems.yaml", root / BAD)
    return root


def test_clean_project_exits_0(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    result = run_main(capsys, project, "validate")
    assert result.returncode == 0, result.stdout
    assert result.stdout == ""
    assert "0 problem(s)" in result.stderr


def test_problems_exit_1_text(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = _project_with_bad_claim(tmp_path)
    result = run_main(capsys, root, "validate")
    assert result.returncode == 1
    expected = (EXAMPLES / "fail" / "three-problems.expected").read_text()
    assert result.stdout == expected
    assert "Traceback" not in result.stderr


def test_github_format(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    root = _project_with_bad_claim(tmp_path)
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    result = run_main(capsys, root, "validate", "--format", "github")
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


def test_json_format(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = _project_with_bad_claim(tmp_path)
    result = run_main(capsys, root, "validate", "--format", "json")
    assert result.returncode == 1
    data = json.loads(result.stdout)
    assert [(d["line"], d["col"], d["code"]) for d in data] == [
        (3, 1, "missing-field"),
        (11, 10, "unknown-verdict"),
        (15, 1, "unknown-field"),
        (28, 9, "wrong-type"),
    ]
    assert all(d["path"] == BAD for d in data)


def test_paths_limit_the_report(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = _project_with_bad_claim(tmp_path)
    good = next((root / "claims").rglob("embassy-tel-aviv-march-2023.yaml"))
    assert run_main(capsys, root, "validate", str(good.relative_to(root))).returncode == 0
    assert run_main(capsys, root, "validate", BAD).returncode == 1


def test_usage_errors_exit_2(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run_main(capsys, project, "validate", "--format", "xml").returncode == 2
    assert run_main(capsys, project, "frobnicate").returncode == 2
    result = run_main(capsys, project / "missing", "validate")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr == f"factsite: error: {project / 'missing'} is not a directory\n"


def test_render_refuses_invalid_project(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = _project_with_bad_claim(tmp_path)
    result = run_main(capsys, root, "render")
    assert result.returncode == 1
    assert "nothing written" in result.stderr
    assert not (root / "docs" / "claims").exists()


def test_schema_command_writes_current_schema(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "schema" / "claim.schema.json").write_text("{}")
    result = run_main(capsys, project, "validate")
    assert result.returncode == 1
    assert result.stdout == (
        "schema/claim.schema.json:1:1: error[schema-outdated] schema/claim.schema.json differs "
        "from verdicts.yaml and the code: run `factsite schema` and commit it\n"
    )
    assert run_main(capsys, project, "schema").returncode == 0
    assert run_main(capsys, project, "validate").returncode == 0


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["--version"])
    assert exc.value.code == 0
    assert capsys.readouterr().out == f"factsite {__version__}\n"


# ---------------------------------------------------------------------------------------------
# A real process: what main() cannot show in-process


def test_python_m_factsite_exits_with_main_s_code(tmp_path: Path) -> None:
    root = _project_with_bad_claim(tmp_path)
    result = run_factsite(root, "validate")
    assert result.returncode == 1
    assert result.stdout == (EXAMPLES / "fail" / "three-problems.expected").read_text()
    assert "Traceback" not in result.stderr
    assert run_factsite(root, "validate", "--format", "xml").returncode == 2


def test_the_console_script_runs_main(project: Path) -> None:
    script = Path(sys.executable).with_name("factsite")  # [project.scripts] of pyproject.toml
    assert script.is_file(), "pip install -e . installs the `factsite` command"
    env = {**os.environ, "FACTSITE_TODAY": TODAY}
    result = subprocess.run(
        [str(script), "--root", str(project), "validate"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 problem(s)" in result.stderr


def test_a_reader_that_goes_away_ends_the_command_quietly(project: Path) -> None:
    """`factsite new --list | head`: once the reader is gone, stop without a traceback."""
    read, write = os.pipe()
    os.close(read)  # gone before the first line: every write fails with EPIPE
    try:
        result = subprocess.run(
            [sys.executable, "-m", "factsite", "--root", str(project), "new", "--list"],
            stdout=write,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, "FACTSITE_TODAY": TODAY},
            check=False,
            timeout=120,
        )
    finally:
        os.close(write)
    assert result.returncode == 1
    assert result.stderr == ""  # no traceback, no "Exception ignored ... BrokenPipeError"
