"""edit/archive_links.py's edit of a claim file: one line added, nothing else touched, proven."""

from __future__ import annotations

import pytest

from factsite.edit.archive_links import add_field, scalar
from factsite.load.strict_yaml import parse


def _add(text: str, path: tuple[str | int, ...], key: str, value: str) -> tuple[str | None, str]:
    doc = parse("x.yaml", text)
    assert doc.ok, doc.problems
    return add_field(doc, path, key, value)


def test_after_a_plain_value_with_a_comment_at_its_indentation() -> None:
    text = "a:\n  - url: https://e.org/x  # note\n    title: 'T'\nb: 1\n"
    new, why = _add(text, ("a", 0, "url"), "archive_url", "https://web.archive.org/web/1/x")
    assert why == ""
    assert new == (
        "a:\n  - url: https://e.org/x  # note\n    archive_url: https://web.archive.org/web/1/x\n"
        "    title: 'T'\nb: 1\n"
    )


def test_after_a_block_scalar_and_at_the_end_of_a_file_without_a_newline() -> None:
    new, _ = _add("a: |\n  one\n  two\n\nb: x", ("a",), "c", "word")
    assert new == "a: |\n  one\n  two\n\nc: word\nb: x"
    new, _ = _add("a:\n  url: >-\n    https://e.org/x\n  t: 1\n", ("a", "url"), "c", "word")
    assert new == "a:\n  url: >-\n    https://e.org/x\n  c: word\n  t: 1\n"
    new, _ = _add("a: 1\nb: x", ("b",), "c", "word")
    assert new == "a: 1\nb: x\nc: word\n"


@pytest.mark.parametrize(
    ("text", "path", "why"),
    [
        ("a: {url: x, t: y}\n", ("a", "url"), "block mapping"),
        ("a:\n  url: x\n  c: y\n", ("a", "url"), "already there"),
        ("a: 1\n", ("b",), "not in the file"),
    ],
)
def test_what_cannot_be_done_safely_is_refused(text: str, path: tuple[str, ...], why: str) -> None:
    new, reason = _add(text, path, "c", "v")
    assert new is None and why in reason


def test_values_are_quoted_only_when_yaml_would_misread_them() -> None:
    assert scalar("https://web.archive.org/web/2026/https://e.org/a_(b)?q=1") == (
        "https://web.archive.org/web/2026/https://e.org/a_(b)?q=1"
    )
    assert scalar("news-report") == "news-report"
    for tricky in ("no", "true", "https://e.org/a b", "https://e.org/#x y", "a: b", "'q'"):
        assert parse("x", f"k: {scalar(tricky)}\n").data == {"k": tricky}
