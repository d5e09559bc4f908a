"""check/schema.py: every schema error of a document, worded for a contributor and located.

A small schema built from the claim schema's own patterns exercises each message function;
the hostile catalogue (test_hostile.py) sees the same messages through real claim files.
"""

from __future__ import annotations

from typing import Any

import pytest

from factsite.check.schema import SchemaChecker, percent_encoded
from factsite.check.schemas import DATE, HTTP_URL, PARTIAL_DATE
from factsite.load.strict_yaml import parse

SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["name", "kind", "when"],
    "properties": {
        "name": {"type": "string", "minLength": 2, "maxLength": 5, "description": "Who."},
        "kind": {"enum": ["a", "b"]},
        "verdict": {"enum": ["mostly-true", "false"]},
        "when": {"type": "string", "pattern": DATE, "format": "date"},
        "month": {"type": "string", "pattern": PARTIAL_DATE},
        "url": {"type": "string", "pattern": HTTP_URL, "format": "uri"},
        "slug": {"type": "string", "pattern": "^[a-z]+$", "description": "Lower-case letters."},
        "tags": {"type": "array", "minItems": 1, "maxItems": 2, "items": {"type": "string"}},
    },
}
VALID = 'name: ab\nkind: a\nwhen: "2026-01-05"\n'


def _check(text: str, *, verdict_field: str | None = "verdict") -> list[str]:
    checker = SchemaChecker(SCHEMA, verdict_field=verdict_field)
    return [p.text() for p in checker.check(parse("f.yaml", text))]


def test_a_valid_document_has_no_problem() -> None:
    assert _check(VALID) == []
    assert _check(VALID + 'month: "2026"\nurl: https://example.org/a?b=c\ntags: [x]\n') == []


def test_every_error_is_reported_each_at_its_value() -> None:
    assert _check('nmae: ab\nkind: c\nwhen: "2026-1-5"\n') == [
        "f.yaml:1:1: error[unknown-field] $.nmae: unknown field; did you mean 'name'?",
        "f.yaml:1:1: error[missing-field] $: missing required field 'name' (Who.)",
        "f.yaml:2:7: error[invalid-value] $.kind: 'c' is not one of: a, b",
        "f.yaml:3:7: error[bad-date] $.when: '2026-1-5' is not a date written YYYY-MM-DD",
    ]


def test_wrong_types_say_what_was_found_and_how_to_quote_it() -> None:
    assert _check('name: 12\nkind: a\nwhen: "2026-01-05"\n') == [
        'f.yaml:1:7: error[wrong-type] $.name: expected text, found a number: quote it, as in "12"'
    ]
    assert _check('name: [ab]\nkind: a\nwhen: "2026-01-05"\n') == [
        "f.yaml:1:7: error[wrong-type] $.name: expected text, found a list"
    ]


def test_unknown_fields_get_the_closest_name_or_the_list() -> None:
    assert _check(VALID + "zzz: 1\n") == [
        "f.yaml:4:1: error[unknown-field] $.zzz: unknown field; known fields: name, kind, "
        "verdict, when, month, url, slug, tags"
    ]


def test_the_verdict_field_gets_the_scale_and_a_suggestion() -> None:
    assert _check(VALID + "verdict: mostly-ture\n") == [
        "f.yaml:4:10: error[unknown-verdict] $.verdict: 'mostly-ture' is not a verdict of the "
        "scale (one of: mostly-true, false); did you mean 'mostly-true'?"
    ]
    assert _check(VALID + "verdict: xyzzy\n") == [
        "f.yaml:4:10: error[unknown-verdict] $.verdict: 'xyzzy' is not a verdict of the scale "
        "(one of: mostly-true, false)"
    ]
    # a schema without a verdict (the scale's, the topics'): a plain enum message
    assert _check(VALID + "verdict: mostly-ture\n", verdict_field=None) == [
        "f.yaml:4:10: error[invalid-value] $.verdict: 'mostly-ture' is not one of: "
        "mostly-true, false"
    ]


def test_lengths_forms_and_list_sizes() -> None:
    assert _check('name: abcdefg\nkind: a\nwhen: "2026-01-05"\nslug: Ab\ntags: []\n') == [
        "f.yaml:1:7: error[invalid-value] $.name: too long (7 characters, at most 5)",
        "f.yaml:4:7: error[invalid-value] $.slug: 'Ab' does not have the required form. "
        "Lower-case letters.",
        "f.yaml:5:7: error[invalid-value] $.tags: 0 item(s), at least 1 needed",
    ]
    assert _check('name: x\nkind: a\nwhen: "2026-01-05"\ntags: [a, b, c]\n') == [
        "f.yaml:1:7: error[invalid-value] $.name: too short (1 characters, at least 2)",
        "f.yaml:4:7: error[invalid-value] $.tags: 3 item(s), at most 2 needed",
    ]


def test_dates_malformed_or_not_real() -> None:
    assert _check(VALID + 'month: "2026-1"\n') == [
        "f.yaml:4:8: error[bad-date] $.month: '2026-1' is not a date written YYYY-MM-DD, "
        "YYYY-MM or YYYY"
    ]
    # well-formed but not a real day: left to rules.check_dates, which says so in its words
    assert _check('name: ab\nkind: a\nwhen: "2025-02-30"\n') == []


@pytest.mark.parametrize(
    ("url", "message"),
    [
        (
            "https://bücher.example/straße?q=ü#ä",
            "'https://bücher.example/straße?q=ü#ä' has letters that a URL must percent-encode; "
            "write it as https://xn--bcher-kva.example/stra%C3%9Fe?q=%C3%BC#%C3%A4",
        ),
        ('"ftp://x.example/"', "'ftp://x.example/' is not an absolute http(s) URL"),
        ('"https://x.example/a b"', "'https://x.example/a b' is not an absolute http(s) URL"),
    ],
)
def test_urls_and_internationalised_urls(url: str, message: str) -> None:
    assert _check(VALID + f"url: {url}\n") == [f"f.yaml:4:6: error[bad-url] $.url: {message}"]


def test_the_percent_encoded_form_is_a_valid_url_and_ascii_urls_are_left_alone() -> None:
    iri = "https://az.wikipedia.org/wiki/Azərbaycan_Respublikası"
    fixed = percent_encoded(iri)
    assert fixed == "https://az.wikipedia.org/wiki/Az%C9%99rbaycan_Respublikas%C4%B1"
    assert fixed.isascii() and _check(VALID + f"url: {fixed}\n") == []
    for url in ("https://example.org/a?b=c&d=%20#e", "http://x.example:8080/~u/(a)"):
        assert percent_encoded(url) == url
