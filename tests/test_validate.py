"""The validator over passing and failing example files.

Each failing example `tests/examples/fail/NAME.yaml` has a `NAME.expected` beside it with the
exact diagnostics it must produce (refresh with `pytest --update-goldens`, then review the diff).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import copy_project
from factsite.check.project import check_project

EXAMPLES = Path(__file__).parent / "examples"
ARTICLE_DIR = "claims/ynet-2026-01-azerbaijan-gaza"
PASSING = sorted((EXAMPLES / "pass").glob("*.yaml"))
FAILING = sorted((EXAMPLES / "fail").glob("*.yaml"))


def _check(tmp_path: Path, example: Path) -> list[str]:
    root = copy_project(tmp_path / "project", claims=False)
    dest = root / ARTICLE_DIR / example.name
    dest.parent.mkdir(parents=True)
    shutil.copy(example, dest)
    project = check_project(root, [dest])
    return [p.text() for p in project.problems]


@pytest.mark.parametrize(
    "example", sorted((EXAMPLES / "pass").glob("*.yaml")), ids=lambda p: p.stem
)
def test_passing_example(tmp_path: Path, example: Path) -> None:
    assert _check(tmp_path, example) == []


@pytest.mark.parametrize(
    "example", sorted((EXAMPLES / "fail").glob("*.yaml")), ids=lambda p: p.stem
)
def test_failing_example(tmp_path: Path, example: Path, update_goldens: bool) -> None:
    got = _check(tmp_path, example)
    expected_file = example.with_suffix(".expected")
    if update_goldens:
        expected_file.write_text("".join(line + "\n" for line in got), encoding="utf-8")
    assert got, "a failing example must fail"
    assert got == expected_file.read_text(encoding="utf-8").splitlines()


def test_done_when_three_problems_each_located(tmp_path: Path) -> None:
    """Issue 2: a misspelled key, a wrong type and an unknown verdict, all three reported."""
    got = _check(tmp_path, EXAMPLES / "fail" / "three-problems.yaml")
    codes = {line.split("error[")[1].split("]")[0]: line.split(": error")[0] for line in got}
    assert codes["unknown-field"].endswith(":15:1")
    assert codes["wrong-type"].endswith(":28:9")
    assert codes["unknown-verdict"].endswith(":11:10")


def test_repository_claims_are_valid() -> None:
    project = check_project(Path(__file__).resolve().parent.parent)
    assert [p.text() for p in project.problems] == []
    assert len(project.claims) >= 1


def test_duplicate_ids_across_files(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "project", claims=False)
    source = (EXAMPLES / "pass" / "minimal.yaml").read_text(encoding="utf-8")
    for folder in ("a", "b"):
        path = root / "claims" / folder / "minimal.yaml"
        path.parent.mkdir(parents=True)
        path.write_text(source, encoding="utf-8")
    problems = check_project(root).problems
    assert [(p.path, p.line, p.col, p.code) for p in problems] == [
        ("claims/b/minimal.yaml", 3, 5, "duplicate-id")
    ]
    assert "claims/a/minimal.yaml" in problems[0].message


def test_every_problem_in_every_file_is_collected(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "project", claims=False)
    for example in (EXAMPLES / "fail").glob("*.yaml"):
        dest = root / ARTICLE_DIR / example.name
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(example, dest)
    problems = check_project(root).problems
    expected = sum(len(e.read_text().splitlines()) for e in (EXAMPLES / "fail").glob("*.expected"))
    assert len(problems) == expected
    assert len({p.path for p in problems}) == len(list((EXAMPLES / "fail").glob("*.yaml")))


def test_unverifiable_needs_no_independent_source(tmp_path: Path) -> None:
    """Unverifiable records that the evidence is lacking: the independence rule is for ratings."""
    example = EXAMPLES / "fail" / "too-few-independent.yaml"
    text = example.read_text(encoding="utf-8").replace('verdict: "true"', "verdict: unverifiable")
    unverifiable = tmp_path / "too-few-independent.yaml"
    unverifiable.write_text(text, encoding="utf-8")
    assert _check(tmp_path, unverifiable) == []
