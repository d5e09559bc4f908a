"""problems.py: one problem format, printed as text, GitHub annotations or JSON."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from factsite.problems import (
    CATALOGUE,
    GITHUB_ANNOTATION_CAP,
    Problem,
    emit,
    format_github,
    format_json,
    format_summary,
    format_text,
)

P = Problem("claims/a/b.yaml", 12, 5, "unknown-field", "$.soruces: unknown field")


def test_the_one_line_format() -> None:
    assert P.text() == "claims/a/b.yaml:12:5: error[unknown-field] $.soruces: unknown field"
    assert format_text([P, P]) == (P.text() + "\n") * 2
    assert format_text([]) == ""


def test_problems_sort_by_file_then_position() -> None:
    problems = [
        Problem("b.yaml", 1, 1, "wrong-type", "m"),
        Problem("a.yaml", 10, 1, "wrong-type", "m"),
        Problem("a.yaml", 2, 9, "bad-url", "m"),
        Problem("a.yaml", 2, 3, "wrong-type", "m"),
    ]
    assert [(p.path, p.line, p.col) for p in sorted(problems)] == [
        ("a.yaml", 2, 3),
        ("a.yaml", 2, 9),
        ("a.yaml", 10, 1),
        ("b.yaml", 1, 1),
    ]


def test_github_annotations_escape_what_the_syntax_uses() -> None:
    odd = Problem("claims/a,b/c:d.yaml", 3, 4, "bad-url", "100% wrong:\r\nsee, here")
    assert format_github([odd]) == (
        "::error file=claims/a%2Cb/c%3Ad.yaml,line=3,col=4,title=bad-url::"
        "100%25 wrong:%0D%0Asee, here\n"
    )


def test_json_round_trips_and_keeps_non_ascii_text() -> None:
    rtl = Problem("claims/x.yaml", 1, 2, "wrong-type", "$.claimant.name: ידיעות")
    out = format_json([P, rtl])
    assert "ידיעות" in out
    assert [Problem(**d) for d in json.loads(out)] == [P, rtl]
    assert json.loads(format_json([])) == []


def test_emit_text_and_json_print_only_the_problems(capsys: pytest.CaptureFixture[str]) -> None:
    emit([P], "text")
    emit([P], "json")
    out, err = capsys.readouterr()
    assert out == format_text([P]) + format_json([P]) and err == ""


def test_emit_github_caps_annotations_then_prints_everything(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    summary = tmp_path / "summary.md"
    summary.write_text("earlier step\n")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    problems = [Problem("c.yaml", n, 1, "wrong-type", f"problem {n}") for n in range(1, 14)]
    emit(problems, "github")
    lines = capsys.readouterr().out.splitlines()
    annotations = [line for line in lines if line.startswith("::error ")]
    assert annotations == format_github(problems[:GITHUB_ANNOTATION_CAP]).splitlines()
    assert lines[GITHUB_ANNOTATION_CAP] == (
        "::notice title=factsite::3 more problem(s): see the job summary"
    )
    assert lines[GITHUB_ANNOTATION_CAP + 1 :] == format_text(problems).splitlines()
    assert summary.read_text() == "earlier step\n" + format_summary(problems)  # appended


def test_emit_github_without_a_summary_file(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    emit([P], "github")
    assert capsys.readouterr().out == format_github([P]) + format_text([P])


def test_the_summary_table_escapes_its_cells() -> None:
    odd = Problem("a|b.yaml", 1, 2, "bad-url", "<script> | pipe\nnewline")
    assert format_summary([odd]) == (
        "### factsite validate: 1 problem(s)\n\n| where | code | message |\n|---|---|---|\n"
        "| `a\\|b.yaml:1:2` | `bad-url` | &lt;script> \\| pipe newline |\n"
    )
    assert format_summary([]) == "### factsite validate\n\nNo problems found.\n"


def test_every_code_is_kebab_case_and_says_what_and_how() -> None:
    for code, (what, how) in CATALOGUE.items():
        assert re.fullmatch(r"[a-z]+(-[a-z]+)*", code), code
        assert what.strip() and how.strip() and "\n" not in what + how, code


def test_a_file_name_cannot_move_the_terminal_or_fake_a_line() -> None:
    from factsite.problems import Problem, format_github, format_text

    p = Problem("claims/a\x1b[2J\n.yaml", 1, 1, "yaml-syntax", "near \u202etxt.exe")
    assert format_text([p]) == (
        "claims/a\\u001b[2J\\u000a.yaml:1:1: error[yaml-syntax] near \\u202etxt.exe\n"
    )
    line = format_github([p])
    assert line.count("\n") == 1 and "\x1b" not in line and "\u202e" not in line
