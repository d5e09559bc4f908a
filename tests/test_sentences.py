"""Sentence boundaries (render/sentences.py) on real paragraphs in 11 languages and scripts.

tests/fixtures/corpus/sentences.yaml holds paragraphs of the corpus's articles, and of others
of trafilatura's test set, where candidate segmenters disagree, each with its sentences as a
reader divides them (quoted sentences are sentences; "Sen." and "am 31. Oktober" end none).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from factsite.check import quotes
from factsite.render.sentences import split_sentences

GOLD: dict[str, list[dict[str, Any]]] = yaml.safe_load(
    (Path(__file__).parent / "fixtures" / "corpus" / "sentences.yaml").read_text("utf-8")
)
# The one paragraph of the tuning set it still divides otherwise: an ellipsis and a straight
# quotation mark between two quoted sentences ("wars.…' 'Cause"), which ICU reads as a close.
KNOWN = {"tuning": {"en": 1}}
_SPACE = re.compile(r"\s+")


def _compact(sentences: list[str]) -> list[str]:
    return [_SPACE.sub("", s) for s in sentences]


@pytest.mark.parametrize("part", ["tuning", "held-out"])
def test_sentences_as_a_reader_divides_them(part: str) -> None:
    wrong: dict[str, int] = {}
    for paragraph in GOLD[part]:
        found = split_sentences(paragraph["text"], paragraph["language"])
        if _compact(found) != _compact(paragraph["sentences"]):
            wrong[paragraph["language"]] = wrong.get(paragraph["language"], 0) + 1
    assert wrong == KNOWN.get(part, {})


def test_every_sentence_is_a_verbatim_quote_of_its_paragraph() -> None:
    for paragraph in GOLD["tuning"] + GOLD["held-out"]:
        haystack = quotes.normalise(paragraph["text"])
        found = split_sentences(paragraph["text"], paragraph["language"])
        assert all(quotes.normalise(s) in haystack for s in found), paragraph["text"]
        letters = [ch for ch in paragraph["text"] if ch.isalnum()]
        assert [ch for ch in "".join(found) if ch.isalnum()] == letters  # nothing lost


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        (
            "ar",
            "هل وصل الوفد؟ نعم، وصل صباح اليوم. ثم غادر.",
            ["هل وصل الوفد؟", "نعم، وصل صباح اليوم.", "ثم غادر."],
        ),
        ("zh", "他来了。她走了！你呢？", ["他来了。", "她走了！", "你呢？"]),
        ("ja", "雨が降った。「本当に？」と聞いた。", ["雨が降った。", "「本当に？」と聞いた。"]),
        ("en", "Mr. Smith met Sen. Warren. He left.", ["Mr. Smith met Sen. Warren.", "He left."]),
        (
            "de",
            "Am 31. Oktober, d. h. bald. Dann nicht.",
            ["Am 31. Oktober, d. h. bald.", "Dann nicht."],
        ),
        (
            "en",
            "It rose 3.5 percent in 2019. Then it fell.",
            ["It rose 3.5 percent in 2019.", "Then it fell."],
        ),
        ("fr", "« Non. » Il est parti.", ["« Non. »", "Il est parti."]),
        ("en", "", []),
    ],
    ids=["arabic", "chinese", "japanese", "titles", "ordinal", "numbers", "guillemets", "empty"],
)
def test_scripts_without_capital_letters_and_abbreviations(
    language: str, text: str, expected: list[str]
) -> None:
    assert split_sentences(text, language) == expected
