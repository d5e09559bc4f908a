"""CONTRIBUTING.md stays true: its YAML examples validate, it lists every error code and verdict."""

from __future__ import annotations

import re
import shlex
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from conftest import REPO, copy_project, run_main
from factsite.check import rules
from factsite.check.project import check_project, load_scale
from factsite.check.schemas import claim_schema
from factsite.load.files import Layout
from factsite.load.strict_yaml import parse
from factsite.problems import CATALOGUE

GUIDE = (REPO / "CONTRIBUTING.md").read_text(encoding="utf-8")
YAML_BLOCKS = re.findall(r"^```yaml\n(.*?)^```", GUIDE, re.M | re.S)


def section(title: str) -> str:
    start = GUIDE.index(title)
    end = GUIDE.find("\n## ", start + 1)
    return GUIDE[start : end if end != -1 else None]


def table_rows(text: str) -> list[list[str]]:
    rows = [line.strip().strip("|").split(" | ") for line in text.splitlines()]
    return [
        [cell.strip() for cell in row]
        for row, line in zip(rows, text.splitlines(), strict=True)
        if line.startswith("| ") and not line.startswith("|---")
    ][1:]  # without the header row


def full_examples() -> list[str]:
    return [b for b in YAML_BLOCKS if b.startswith("# yaml-language-server:")]


def test_the_guide_has_yaml_examples() -> None:
    assert len(full_examples()) >= 1
    assert len(YAML_BLOCKS) > len(full_examples())


@pytest.mark.parametrize("block", full_examples(), ids=lambda b: b.split("\n")[1])
def test_full_claim_examples_validate(block: str, tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project", claims=False)
    data = parse("example.yaml", block).data
    path = project / "claims" / data["article"] / f"{data['id']}.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(block, encoding="utf-8")
    assert [p.text() for p in check_project(project).problems] == []
    assert f"claims/{data['article']}/{data['id']}.yaml" in GUIDE  # named as it would be


@pytest.mark.parametrize(
    "block",
    [b for b in YAML_BLOCKS if b not in full_examples()],
    ids=lambda b: b.split(":")[0],
)
def test_partial_examples_follow_the_schema(block: str) -> None:
    doc = parse("example.yaml", block)
    assert doc.ok, doc.problems
    scale, problems = load_scale(Layout(REPO))
    assert not problems
    properties: dict[str, Any] = claim_schema(scale)["properties"]
    cls = jsonschema.Draft202012Validator
    for key, value in doc.data.items():
        assert key in properties, f"{key} is not a claim field"
        errors = [
            e.message
            for e in cls(properties[key], format_checker=cls.FORMAT_CHECKER).iter_errors(value)
        ]
        assert errors == [], key
    for source in doc.data.get("sources", []):
        assert rules.url_problem(source["url"]) is None


def test_every_error_code_is_explained_once() -> None:
    rows = table_rows(section("### Every error code"))
    codes = [row[0].strip("`") for row in rows]
    assert sorted(codes) == sorted(CATALOGUE), "the table must list exactly the CATALOGUE codes"
    assert len(codes) == len(set(codes))
    for row in rows:
        assert len(row) == 3 and row[1] and row[2], row
    for code in CATALOGUE:
        assert f"`{code}`" in GUIDE


def test_no_unknown_code_is_mentioned() -> None:
    mentioned = set(re.findall(r"error\[([a-z-]+)\]", GUIDE))
    mentioned |= {m for m in re.findall(r"`([a-z]+(?:-[a-z]+)+)`", GUIDE) if m in CATALOGUE}
    assert mentioned <= set(CATALOGUE)


def test_the_verdict_scale_is_listed_as_in_verdicts_yaml() -> None:
    scale, _ = load_scale(Layout(REPO))
    rows = table_rows(section("## 5. Choose the verdict"))
    assert [(r[0].strip("`"), r[1]) for r in rows] == [(v.id, v.label) for v in scale.verdicts]


def test_the_error_line_shown_is_what_validate_prints(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shown = re.search(r"^```text\n(.*?)\n```", section("## 7. Read the errors"), re.M | re.S)
    assert shown
    (block,) = full_examples()
    project = copy_project(tmp_path / "project", claims=False)
    data = parse("example.yaml", block).data
    path = project / "claims" / data["article"] / f"{data['id']}.yaml"
    path.parent.mkdir(parents=True)
    path.write_text(block.replace("verdict: mostly-true", "verdict: mosty-true"), "utf-8")
    result = run_main(capsys, project, "validate")
    assert result.returncode == 1
    assert result.stdout.strip() == shown.group(1).strip()


def test_the_quote_command_shown_works(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    project = copy_project(tmp_path / "project", claims=False)
    commands = re.findall(r"^factsite new (--quote .*?)\s*(?:#.*)?$", GUIDE, re.M)
    assert commands
    for command in commands:
        result = run_main(capsys, project, "new", *shlex.split(command))
        assert result.returncode == 0, result.stderr


def test_make_targets_named_in_the_guide_exist() -> None:
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    for target in sorted(set(re.findall(r"`make (\w+)`", GUIDE))):
        assert re.search(rf"^{target}:", makefile, re.M), target


def test_the_media_categories_are_the_schemas() -> None:
    scale, _ = load_scale(Layout(REPO))
    media = claim_schema(scale)["properties"]["media"]["properties"]
    listed = re.findall(r"^- `([A-Za-z]+Content)`", section("### A check of a photo"), re.M)
    assert listed == media["authenticity"]["enum"]
    # the example shown is the photo check's own media block
    block = next(b for b in YAML_BLOCKS if b.startswith("media:"))
    photo = REPO / "claims/ynet-2026-01-azerbaijan-gaza/photo-caption-trump-aliyev-pashinyan.yaml"
    assert block in photo.read_text(encoding="utf-8")
