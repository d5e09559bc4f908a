"""The language read from an article's text (load/text_language.py), and how sure it is."""

from __future__ import annotations

from pathlib import Path

import yaml

from factsite.load.text_language import text_language

PARAGRAPHS = yaml.safe_load(
    (Path(__file__).parent / "fixtures" / "corpus" / "sentences.yaml").read_text("utf-8")
)["tuning"]

ENGLISH = (
    "The town council voted on Monday evening to keep the harbour ferry running until "
    "midnight on weekdays, reversing a plan to stop the last crossing at nine o'clock. "
    "Councillors approved the change by seven votes to two after a two-hour debate."
)
GERMAN = (
    "Der Premierminister muss eine Verlängerung der Brexit-Frist beantragen. Kann er sein "
    "Versprechen einhalten, das Land am 31. Oktober aus der EU zu führen? Das Unterhaus "
    "vertagte am Samstag die Abstimmung über das Abkommen."
)


def test_a_long_text_is_read_with_confidence() -> None:
    assert text_language(ENGLISH) == ("en", True)
    assert text_language(GERMAN) == ("de", True)
    for language in ("zh", "ja", "ru", "pt"):  # the corpus's paragraphs in each, together
        text = "\n".join(p["text"] for p in PARAGRAPHS if p["language"] == language)
        assert text_language(text) == (language, True)


def test_a_short_text_is_only_a_guess() -> None:
    assert text_language("Bundesliga live")[1] is False


def test_a_text_without_letters_has_no_language() -> None:
    assert text_language("2026 — 42 / 7") is None
    assert text_language("") is None
