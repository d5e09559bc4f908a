"""Problems are values: every check returns them, the CLI prints them.

A problem names a file, a 1-based line and column, a stable kebab-case code and a message that
says what is wrong and how to fix it. The catalogue below describes every code once; the
contributor guide lists the same codes (tests/test_contributing.py keeps the two in step).
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterable
from dataclasses import asdict, dataclass


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int
    col: int
    code: str
    message: str

    def text(self) -> str:
        return f"{self.path}:{self.line}:{self.col}: error[{self.code}] {self.message}"


# code -> (what it means, how to fix it). One line each; the guide expands on them.
CATALOGUE: dict[str, tuple[str, str]] = {
    "file-missing": (
        "A file every factsite site needs is missing (mkdocs.yml, verdicts.yaml, topics.yaml).",
        "Restore it from git, or copy it from a new site's layout.",
    ),
    "file-unreadable": ("The file cannot be read.", "Check that it exists and is a regular file."),
    "file-too-large": (
        "The file is larger than the size cap (64 KiB for a claim).",
        "Shorten the analysis; a claim page is not a report.",
    ),
    "file-encoding": (
        "The file is not valid UTF-8.",
        "Save it as UTF-8 (without other encodings).",
    ),
    "file-control-char": (
        "The file holds a NUL or another control character.",
        "Delete the character; it is usually an editor or copy-paste accident.",
    ),
    "file-outside-repo": (
        "The path or a symlink leads outside the project.",
        "Put the real file inside the project; symlinks out of it are refused.",
    ),
    "yaml-syntax": ("The file is not valid YAML.", "Fix the syntax at the position shown."),
    "yaml-empty": ("The file holds no YAML document.", "Start from `factsite new`."),
    "yaml-multiple-documents": (
        "The file holds more than one YAML document (`---`).",
        "Keep one claim per file; remove the extra `---` separators.",
    ),
    "yaml-duplicate-key": (
        "A key appears twice in the same mapping; YAML would silently keep the last one.",
        "Keep one of the two.",
    ),
    "yaml-alias": (
        "Anchors and aliases (`&name`, `*name`) are not allowed.",
        "Write the value out in full.",
    ),
    "yaml-tag": ("A YAML tag such as `!!python/object` is not allowed.", "Remove the tag."),
    "yaml-too-deep": ("The YAML is nested too deeply.", "Claims are at most a few levels deep."),
    "schema-modeline": (
        "The first line is not the `# yaml-language-server: $schema=…` line.",
        "Put the line shown in the message first, so editors check the file as you type.",
    ),
    "unknown-field": ("A field that the schema does not know.", "Fix its spelling or remove it."),
    "missing-field": ("A required field is missing.", "Add it; the schema describes each field."),
    "wrong-type": (
        "A value has the wrong type (for example a number or a boolean where text is expected).",
        'Quote text values: `verdict: "true"`, not `verdict: true`.',
    ),
    "unknown-verdict": (
        "The verdict is not an id of the scale in verdicts.yaml.",
        "Use one of the ids listed in the message.",
    ),
    "invalid-value": (
        "A value breaks a rule of the schema (pattern, length, allowed values, list size).",
        "Follow the rule quoted in the message.",
    ),
    "bad-date": (
        "A date is malformed or does not exist.",
        "Write dates as YYYY-MM-DD (sources may use YYYY-MM or YYYY).",
    ),
    "future-date": ("A date lies in the future.", "Use the date on which it happened."),
    "date-order": (
        "Dates contradict each other (a claim made after its check, an update before publication).",
        "Check the dates against the sources.",
    ),
    "bad-url": (
        "A URL is not an absolute http or https URL.",
        "Use the full address starting with https://.",
    ),
    "unsafe-markdown": (
        "The Markdown holds something that must not reach the page: an image (a request to "
        "another site), a link that is not http(s) or an in-page anchor, or a snippet marker.",
        "Link sources with absolute https URLs; images are not allowed.",
    ),
    "verdict-in-claim": (
        "The short claim contains a verdict word (true, false, ...).",
        "State what was claimed; the verdict has its own field.",
    ),
    "unknown-topic": (
        "A topic that is not in topics.yaml.",
        "Use a slug from topics.yaml, or add the topic there with its label.",
    ),
    "id-mismatch": ("The `id` differs from the file name.", "Make them equal, or rename the file."),
    "duplicate-id": ("Two files share one id.", "Give each claim its own id."),
    "unknown-article": (
        "The claim refers to an article that has no file under articles/.",
        "Use the id of an article file, or add the article first.",
    ),
    "missing-snapshot": (
        "The article has no text snapshot beside it (articles/<id>.txt), or it is empty.",
        "Add the article's text, used to verify quotes.",
    ),
    "orphan-snapshot": (
        "A text snapshot under articles/ has no article file beside it (articles/<id>.yaml).",
        "Rename it with its article, add the article file, or remove the text.",
    ),
    "quote-not-found": (
        "The quote is not in the article's text.",
        "Copy the words exactly from the article; whitespace, curly quotes and dashes are "
        "normalised, nothing else.",
    ),
    "duplicate-source": ("The same source URL is listed twice.", "Keep one entry per URL."),
    "schema-outdated": (
        "schema/claim.schema.json no longer matches verdicts.yaml and the code.",
        "Run `factsite schema` and commit the result.",
    ),
    # `factsite article add`: importing an article from a page or a text file
    "not-an-article": (
        "The page is not an article: it says so (og:type, JSON-LD) or holds too little text.",
        "Open the article itself; for an article it misjudges, import its text with --text.",
    ),
    "no-article-text": (
        "No article text can be found in the page (not HTML, a paywall, drawn by JavaScript).",
        "Save the page from the browser once the article shows, or import its text with --text.",
    ),
    "no-title": (
        "The page has no headline (JSON-LD headline, og:title, <title> or <h1>).",
        "Import the article's text with --text and give --title.",
    ),
    "missing-metadata": (
        "A required value of the article (outlet, date, language) is not in the page or options.",
        "Give it with the option named in the message, e.g. --published YYYY-MM-DD.",
    ),
    "fetch-failed": (
        "The page cannot be downloaded (network error, HTTP error, not HTML, too large).",
        "Save it from the browser and import the file with --html FILE --url URL.",
    ),
    "article-exists": (
        "An article file with that id, or one for the same URL, already exists.",
        "Nothing is overwritten: choose another id with --id, or use the existing article.",
    ),
    "write-failed": (
        "The file cannot be written (a full disk, a read-only folder); the run kept nothing.",
        "Check that the folder is writable and the disk is not full.",
    ),
    "project-busy": (
        "Another factsite run (render, build, serve or clean) held the project for longer than "
        "the wait (FACTSITE_LOCK_TIMEOUT, 600 s by default).",
        "Wait for it or stop it, then run again.",
    ),
}


def format_text(problems: Iterable[Problem]) -> str:
    return "".join(p.text() + "\n" for p in problems)


def _gh_data(s: str) -> str:
    return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


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
