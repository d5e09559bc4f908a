"""The lines trafilatura keeps that are not the article's (load/boilerplate.py).

Each rule drops a whole line of its kind and never a sentence that merely mentions the words;
the corpus test (tests/test_corpus.py) checks the rules on the pages they were written for.
"""

from __future__ import annotations

import pytest

from factsite.load.boilerplate import drop_boilerplate


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ("(Credit: Clayton Aldern / Grist)", "a photo credit"),
        ("Foto: dpa", "a photo credit"),
        ("Escucha esta nota aquí", "an audio player's label"),
        (
            "Get The Times of Israel's Daily Edition by email and never miss our top stories "
            "Free Sign Up",
            "a newsletter box",
        ),
        ("Siguenos en", "a follow-us appeal"),
        ("Telegram, Instagram, Facebook y Twitter", "a list of social networks"),
        (
            "Puede escribirnos a nuno@esmateria.com o seguir a Materia en Facebook, Twitter.",
            "a write-to-us and follow-us appeal",
        ),
        ("Read more: Why the ferry stops at nine", "a link to another story"),
        ("A lire aussi : Le pont fermé", "a link to another story"),
    ],
)
def test_a_line_of_each_kind_is_dropped_and_named(line: str, kind: str) -> None:
    kept, dropped = drop_boilerplate(["The council voted on Monday.", line])
    assert kept == ["The council voted on Monday."]
    assert dropped == [kind]


@pytest.mark.parametrize(
    "line",
    [
        "Residents can sign up for the new ferry pass from March.",
        "The photo credit went to a local student, the jury said.",
        "Facebook and Twitter removed the posts on Tuesday, a spokesman said.",
        "Follow-up checks found no fault in the bridge.",
        "He wrote to the mayor at mayor@example.org on Facebook's advice.",
    ],
)
def test_a_sentence_that_mentions_the_words_is_kept(line: str) -> None:
    assert drop_boilerplate([line]) == ([line], [])


def test_a_run_of_teasers_is_dropped_but_not_a_list_of_sentences() -> None:
    teasers = [
        "Política Doação de vacinas contra covid é aprovada na Câmara",
        "Política Bancada do Amazonas se reúne com Moraes",
        "Política Deputados aprovam urgência para barrar aumento da energia",
    ]
    assert drop_boilerplate(["Texto do artigo.", *teasers]) == (
        ["Texto do artigo."],
        ["teasers of other stories"],
    )
    steps = ["The council will vote.", "The council will then decide.", "The council will meet."]
    assert drop_boilerplate(steps) == (steps, [])
    assert drop_boilerplate(teasers[:2]) == (teasers[:2], [])  # two are not a run
