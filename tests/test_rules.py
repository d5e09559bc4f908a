"""check/rules.py: the rules JSON Schema cannot express, each worded and located.

Each rule is given a Document whose data may still be malformed: it must then say nothing (the
schema reports the shape) rather than raise.
"""

from __future__ import annotations

import datetime as dt

import pytest

from factsite.check import rules
from factsite.load.strict_yaml import parse

ON = dt.date(2026, 11, 28)
LABELS = ["True", "Mostly true", "Half true", "Mostly false", "False", "Unverifiable"]


def _dates(text: str) -> list[str]:
    return [p.text() for p in rules.check_dates(parse("c.yaml", text), ON)]


def test_today_can_be_fixed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FACTSITE_TODAY", "2030-02-03")
    assert rules.today() == dt.date(2030, 2, 3)
    monkeypatch.delenv("FACTSITE_TODAY")
    assert rules.today() == dt.date.today()


def test_partial_dates_mean_their_first_day() -> None:
    assert rules.parse_date("2026") == dt.date(2026, 1, 1)
    assert rules.parse_date("2026-02") == dt.date(2026, 2, 1)
    assert rules.parse_date("2024-02-29") == dt.date(2024, 2, 29)
    for bad in ("2026-13", "2026-02-29", "2026-00", "abcd"):
        assert rules.parse_date(bad) is None, bad


def test_dates_that_do_not_exist_or_lie_ahead() -> None:
    assert _dates(
        'claim_date: "2026-11-29"\npublished: "2026"\nsources:\n  - date: "2026-11"\n'
        '  - date: "2026-12"\n  - date: "2026-02-29"\n  - date: "26-1-1"\n'
    ) == [
        "c.yaml:1:13: error[future-date] $.claim_date: 2026-11-29 is in the future "
        "(today is 2026-11-28)",
        "c.yaml:5:11: error[future-date] $.sources[1].date: 2026-12 is in the future "
        "(today is 2026-11-28)",
        "c.yaml:6:11: error[bad-date] $.sources[2].date: '2026-02-29' is not a real date",
    ]  # today itself is fine; a malformed date is the schema's to report
    assert _dates('published: "2026-11-28"\n') == []


def test_dates_that_contradict_each_other() -> None:
    assert _dates('claim_date: "2026-01-09"\npublished: "2026-01-08"\n') == [
        "c.yaml:1:13: error[date-order] $.claim_date: the claim (2026-01-09) was made after its "
        "check was published (2026-01-08)"
    ]
    assert _dates('published: "2026-01-08"\nupdated: "2026-01-07"\n') == [
        "c.yaml:2:10: error[date-order] $.updated: 2026-01-07 is before $.published (2026-01-08)"
    ]
    assert _dates(
        'published: "2026-01-08"\nupdated: "2026-02-01"\nupdates:\n  - date: "2026-03-01"\n'
        '  - date: "2026-01-02"\n'
    ) == [
        "c.yaml:2:10: error[date-order] $.updated: 2026-02-01 is before the update of "
        "2026-03-01; set it to the latest update's date",
        "c.yaml:5:11: error[date-order] $.updates[1].date: 2026-01-02 is before the check was "
        "published (2026-01-08)",
    ]


@pytest.mark.parametrize(
    ("url", "why"),
    [
        ("https://example.org/", None),
        ("HTTPS://EXAMPLE.ORG/a?b=c#d", None),
        ("https://exa mple.org", "contains spaces or control characters"),
        ("https://x.example/\u200b", "contains spaces or control characters"),
        ("https://[::1", "cannot be parsed"),
        ("//x.example/a", "uses the scheme (none); only http(s)"),
        ("mailto:a@b.example", "uses the scheme mailto:; only http(s)"),
        ("javascript:alert(1)", "uses the scheme javascript:; only http(s)"),
        ("http://localhost/", "has no host name"),
        ("https://u:p@x.example/", "carries a user name or password"),
    ],
)
def test_url_problem(url: str, why: str | None) -> None:
    assert rules.url_problem(url) == why


def test_snippet_markers() -> None:
    assert rules.markdown_problems("See [a](#sources) and [b](https://ok.example/a_(b)).") == []
    assert rules.markdown_problems("x ![i](https://x.example/i.png) --8<-- y") == [
        (32, "the snippet marker --8<-- is not allowed"),
    ]


@pytest.mark.parametrize(
    ("claim", "word"),
    [
        ("Aliyev said it is mostly true", "Mostly true"),  # the longest label first
        ("FALSE, said Aliyev", "False"),
        ("The claim was “half true”", "Half true"),
        ("The untrue report", None),
        ("A true-crime story", None),
        # disguised: a zero-width space, a soft hyphen, a right-to-left override, Cyrillic е
        ("It is tr\u200bue", "True"),
        ("It is tr\u00adue", "True"),
        ("It is \u202etrue\u202c", "True"),
        ("It is tru\u0435", "True"),
        ("It is ＦＡＬＳＥ", "False"),
        ("Azərbaycan is a constructive partner", None),
    ],
)
def test_verdict_words_in_the_claim(claim: str, word: str | None) -> None:
    problems = rules.check_claim_words(parse("c.yaml", f'id: x\nclaim: "{claim}"\n'), LABELS)
    assert [p.text() for p in problems] == (
        [
            f"c.yaml:2:8: error[verdict-in-claim] $.claim: contains the verdict word {word!r}; "
            "state the claim itself, the verdict goes in $.verdict"
        ]
        if word
        else []
    )


def test_the_modeline_is_relative_to_the_claim_file() -> None:
    schema = "schema/claim.schema.json"
    want = "# yaml-language-server: $schema=../../schema/claim.schema.json"
    assert rules.expected_modeline("claims/a/b.yaml", schema) == want
    ok = parse("claims/a/b.yaml", f"\ufeff{want}  \r\nid: b\n")  # BOM, spaces, CRLF: fine
    assert rules.check_modeline(ok, schema) == []
    wrong = parse("claims/a/b.yaml", want.replace("../../", "../") + "\nid: b\n")
    assert [p.text() for p in rules.check_modeline(wrong, schema)] == [
        f"claims/a/b.yaml:1:1: error[schema-modeline] the first line must be: {want}"
    ]


def test_topics_and_ids() -> None:
    topics = rules.check_topics(parse("c.yaml", "topics: [a, zz, 3, b]\n"), {"a", "b"})
    assert [p.text() for p in topics] == [
        "c.yaml:1:13: error[unknown-topic] $.topics[1]: 'zz' is not in topics.yaml (known: a, b)"
    ]  # 3 is the schema's to report
    mismatch = rules.check_id_is_file_name(parse("claims/x/b.yaml", "id: c\n"))
    assert [p.text() for p in mismatch] == [
        "claims/x/b.yaml:1:5: error[id-mismatch] $.id: 'c' differs from the file name 'b': "
        "rename one of them"
    ]
    assert rules.check_id_is_file_name(parse("claims/x/b.yaml", "id: b\n")) == []


@pytest.mark.parametrize("text", ["- a\n", "just text\n", "claim: [1]\ntopics: x\nid: [y]\n"])
def test_malformed_data_is_left_to_the_schema(text: str) -> None:
    doc = parse("c.yaml", text)
    assert rules.check_dates(doc, ON) == [] and rules.check_urls(doc) == []
    assert rules.check_markdown(doc) == [] and rules.check_claim_words(doc, LABELS) == []
    assert rules.check_topics(doc, set()) == [] and rules.check_id_is_file_name(doc) == []
