"""Problems are values: every check returns them, the CLI prints them.

A problem names a file, a 1-based line and column, a stable kebab-case code and a message that
says what is wrong and how to fix it. The catalogue below describes every code once; the
contributor guide lists the same codes (tests/test_contributing.py keeps the two in step).
"""

from __future__ import annotations

import json
import os
import re
import sys
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from importlib.resources import files

import yaml


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int
    col: int
    code: str
    message: str

    def text(self) -> str:
        return visible(f"{self.path}:{self.line}:{self.col}: error[{self.code}] {self.message}")


# Control and bidi characters in a file name, or in text a message quotes (a commit subject, a
# server's answer): written out as escapes, so that a name cannot move the terminal's cursor,
# fake a line of its own, or reverse the report around it.
_INVISIBLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def visible(value: str) -> str:
    return _INVISIBLE.sub(lambda m: f"\\u{ord(m.group()):04x}", value)


# code -> (what it means, how to fix it), from problems.yaml: data, one line each.
CATALOGUE: dict[str, tuple[str, str]] = {
    code: (entry["means"], entry["fix"])
    for code, entry in yaml.safe_load(
        files("factsite").joinpath("problems.yaml").read_text("utf-8")
    ).items()
}


def format_text(problems: Iterable[Problem]) -> str:
    return "".join(p.text() + "\n" for p in problems)


def _gh_data(s: str) -> str:
    s = s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return visible(s)


def _gh_prop(s: str) -> str:
    return _gh_data(s).replace(":", "%3A").replace(",", "%2C")


def format_github(problems: Iterable[Problem]) -> str:
    lines = []
    for p in problems:
        props = f"file={_gh_prop(p.path)},line={p.line},col={p.col},title={_gh_prop(p.code)}"
        lines.append(f"::error {props}::{_gh_data(p.message)}\n")
    return "".join(lines)


def format_json(problems: Iterable[Problem]) -> str:
    return json.dumps([asdict(p) for p in problems], ensure_ascii=False, indent=2) + "\n"


def format_summary(problems: list[Problem]) -> str:
    """A GitHub-flavoured Markdown table for $GITHUB_STEP_SUMMARY (no 10-annotation cap)."""
    if not problems:
        return "### factsite validate\n\nNo problems found.\n"

    def cell(s: str) -> str:
        return s.replace("|", "\\|").replace("\n", " ").replace("<", "&lt;")

    rows = [
        f"| `{cell(p.path)}:{p.line}:{p.col}` | `{p.code}` | {cell(p.message)} |" for p in problems
    ]
    head = f"### factsite validate: {len(problems)} problem(s)\n\n| where | code | message |\n"
    return head + "|---|---|---|\n" + "\n".join(rows) + "\n"


FORMATTERS = {"text": format_text, "github": format_github, "json": format_json}


GITHUB_ANNOTATION_CAP = 10  # GitHub shows at most 10 error annotations per step


def emit(problems: list[Problem], fmt: str) -> None:
    """Print `problems` in `fmt` (text, github or json) on stdout.

    Under GitHub Actions ("github"), the first problems become annotations on the pull
    request's diff, the full text report follows for the log, and a table goes to the job
    summary.
    """
    if fmt != "github":
        sys.stdout.write(FORMATTERS[fmt](problems))
        return
    shown = problems[:GITHUB_ANNOTATION_CAP]
    sys.stdout.write(FORMATTERS["github"](shown))
    if len(problems) > len(shown):
        sys.stdout.write(
            f"::notice title=factsite::{len(problems) - len(shown)} more "
            "problem(s): see the job summary\n"
        )
    sys.stdout.write(FORMATTERS["text"](problems))
    summary = os.environ.get("GITHUB_STEP_SUMMARY")
    if summary:
        with open(summary, "a", encoding="utf-8") as fh:
            fh.write(format_summary(problems))
