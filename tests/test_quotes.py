"""check/quotes.py: a claim's quote is found word for word in its article's text, after folding
only whitespace, typographic quotes and dashes."""

from __future__ import annotations

import unicodedata

import pytest

from factsite.check.quotes import check_quote, normalise, normalise_with_map
from factsite.load.strict_yaml import parse

ARTICLE = (
    "Azerbaijan’s President Ilham Aliyev announced Monday that his country will not send\n"
    "troops to the proposed peacekeeping force — in the Gaza Strip. “When we were in trouble,\n"
    "we were left to our fate. No one protected us,” he said."
)
SNAPSHOT = normalise(ARTICLE)
# Every character that is folded, and the whitespace that collapses to one space.
FOLDED = "‘’‚‛′´`“”„‟″«»‐‑‒–—―−"
SPACES = " \t\n\r\x0b\x0c\x1c\x1d\x1e\x1f\x85\xa0\u1680\u2000\u200a\u2028\u2029\u202f\u205f\u3000"


def _claim(quote: str) -> str:
    return f"id: x\nquote: {quote}\n"


def _problems(quote_line: str, snapshot: str | None = SNAPSHOT) -> list[str]:
    return [p.text() for p in check_quote(parse("c.yaml", _claim(quote_line)), snapshot)]


def test_normalise_folds_quotes_dashes_and_whitespace() -> None:
    assert normalise("  ‘a’ “b” «c» c–d — e\u00a0f\n\tg  ") == '\'a\' "b" "c" c-d - e f g'
    assert normalise("Cafe\u0301") == "Caf\u00e9"  # NFC: one é however it was typed
    assert normalise(FOLDED) == "'''''''" + '"' * 7 + "-" * 7
    assert normalise("a" + SPACES + "b") == "a b"
    assert normalise("Ünïcödé stays; so do CASE and punctuation!") == (
        "Ünïcödé stays; so do CASE and punctuation!"
    )


@pytest.mark.parametrize(
    "raw",
    [
        ARTICLE,
        "",
        "   ",
        "  leading and trailing  ",
        "one\n\n\ntwo\r\nthree",
        f"x{FOLDED}y",
        f"x{SPACES}y{SPACES}",
        unicodedata.normalize("NFC", "Cafe\u0301 שלום  مرحبا"),  # composed, RTL
    ],
)
def test_the_map_gives_the_same_text_and_points_back_into_it(raw: str) -> None:
    out, where = normalise_with_map(raw)
    assert out == normalise(raw)
    assert len(where) == len(out)
    assert list(where) == sorted(set(where))  # strictly increasing: spans cut the original in order
    for ch, i in zip(out, where, strict=True):
        if ch == " ":
            assert raw[i].isspace()
        else:
            assert normalise(raw[i]) == ch


def test_every_folded_or_space_character_keeps_the_two_in_step() -> None:
    for ch in FOLDED + SPACES:
        raw = f"a{ch}b"
        assert normalise_with_map(raw)[0] == normalise(raw), hex(ord(ch))


def test_a_verbatim_quote_is_found() -> None:
    assert _problems('"Aliyev announced Monday that his country will not send troops"') == []


def test_typography_and_line_breaks_do_not_matter() -> None:
    # straight quotes for curly ones, a hyphen for the dash, one line for three
    assert _problems('"Azerbaijan\'s President Ilham Aliyev"') == []
    assert _problems('"peacekeeping force - in the Gaza Strip. \\"When we were in trouble"') == []
    assert _problems('|\n  No one protected us,"\n  he said.') == []


def test_a_quote_that_differs_says_where() -> None:
    assert _problems('"Aliyev announced Tuesday that his country"') == [
        "c.yaml:2:8: error[quote-not-found] $.quote: not found verbatim in the article's text; "
        "the article has the first 2 word(s), then differs at 'Tuesday'"
    ]


def test_a_quote_with_no_word_in_common() -> None:
    assert _problems("Nothing of the sort") == [
        "c.yaml:2:8: error[quote-not-found] $.quote: not found verbatim in the article's text"
    ]


def test_words_are_not_changed_by_the_folding() -> None:
    # case, accents and punctuation other than quotes and dashes stay as they are
    for quote in ('"aliyev announced"', '"Aliyév announced"', '"Aliyev announced, Monday"'):
        assert len(_problems(quote)) == 1, quote


def test_nothing_to_check_is_no_problem() -> None:
    assert _problems("Aliyev", snapshot=None) == []  # an unknown article is reported elsewhere
    assert [p.text() for p in check_quote(parse("c.yaml", "id: x\n"), SNAPSHOT)] == []
    assert _problems("[not, text]") == []  # the schema reports the wrong type


def test_a_quote_cut_inside_a_word_is_refused() -> None:
    assert _problems('"yev announced Monday"')  # the article says "Aliyev"
    assert _problems('"his country will not se"')  # the article says "send"
