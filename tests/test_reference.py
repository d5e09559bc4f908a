"""check/reference.py: the verdict scale, the topics and the articles, each checked, with its
problems located; a reference file with problems gives nothing to check claims against."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from conftest import REPO
from factsite.check.reference import load_articles, load_scale, load_topics
from factsite.load.files import Layout

ARTICLE = "ynet-2026-01-azerbaijan-gaza"
VERDICT = '{{id: {id}, label: {id}, rating: {rating}, colour: "#1a7f37", icon: x, definition: {d}}}'
DEFINITION = "A definition long enough for the schema of the scale."
SCALE_MISSING = "no verdicts.yaml: the verdict scale every claim is rated on"


@pytest.fixture
def root(tmp_path: Path) -> Path:
    for name in ("verdicts.yaml", "topics.yaml", "articles"):
        src = REPO / name
        (shutil.copytree if src.is_dir() else shutil.copy)(src, tmp_path / name)
    return tmp_path


def _texts(problems: list) -> list[str]:
    return [p.text() for p in problems]


def test_the_repository_s_reference_files() -> None:
    layout = Layout(REPO)
    scale, problems = load_scale(layout)
    assert problems == [] and "mostly-true" in scale.ids
    topics, problems = load_topics(layout)
    assert problems == [] and topics and all(isinstance(v, str) for v in topics.values())
    articles, problems = load_articles(layout)
    assert problems == [] and list(articles) == [ARTICLE]
    article = articles[ARTICLE]
    assert article.data["id"] == ARTICLE
    assert article.snapshot == (REPO / "articles" / f"{ARTICLE}.txt").read_text(encoding="utf-8")
    assert "\n" not in article.normalised and "’" not in article.normalised


@pytest.mark.parametrize(
    ("name", "loader", "line"),
    [
        (
            "verdicts.yaml",
            load_scale,
            "no verdicts.yaml: the verdict scale every claim is rated on",
        ),
        ("topics.yaml", load_topics, "no topics.yaml: the topic vocabulary (it may be empty: {})"),
    ],
)
def test_a_missing_reference_file(
    root: Path, name: str, loader: Callable[[Layout], tuple[Any, list]], line: str
) -> None:
    (root / name).unlink()
    data, problems = loader(Layout(root))
    assert _texts(problems) == [f"{name}:1:1: error[file-missing] {line}"]
    assert not (data.verdicts if name == "verdicts.yaml" else data)  # nothing to check with


def test_a_scale_with_a_verdict_twice_and_no_rating(root: Path) -> None:
    verdicts = [VERDICT.format(id=i, rating="null", d=DEFINITION) for i in ("a", "a")]
    (root / "verdicts.yaml").write_text("".join(f"- {v}\n" for v in verdicts))
    scale, problems = load_scale(Layout(root))
    assert _texts(problems) == [
        "verdicts.yaml:2:8: error[duplicate-id] $[1].id: verdict 'a' is defined twice",
        "verdicts.yaml:1:1: error[invalid-value] no verdict has a rating"
        " (or, on a scale without ratings, conclusion: true)",
    ]
    assert scale.verdicts == ()


def test_topic_labels_are_text(root: Path) -> None:
    (root / "topics.yaml").write_text("diplomacy: 3\n")
    topics, problems = load_topics(Layout(root))
    assert _texts(problems) == [
        "topics.yaml:1:12: error[wrong-type] $.diplomacy: expected text, found a number: "
        'quote it, as in "3"'
    ]
    assert topics == {}
    (root / "topics.yaml").write_text("{}\n")  # an empty vocabulary is fine
    assert load_topics(Layout(root)) == ({}, [])


def test_an_article_without_its_snapshot(root: Path) -> None:
    (root / "articles" / f"{ARTICLE}.txt").unlink()
    articles, problems = load_articles(Layout(root))
    assert _texts(problems) == [
        f"articles/{ARTICLE}.yaml:3:1: error[missing-snapshot] no text snapshot "
        f"articles/{ARTICLE}.txt"
    ]
    assert articles == {}  # no snapshot, no quote can be checked: claims get unknown-article


def test_an_article_named_differently_or_with_a_bad_snapshot(root: Path) -> None:
    text = (root / "articles" / f"{ARTICLE}.yaml").read_text(encoding="utf-8")
    (root / "articles" / "renamed.yaml").write_text(text, encoding="utf-8")
    (root / "articles" / "other.yaml").write_text(
        text.replace(f"id: {ARTICLE}", "id: other"), encoding="utf-8"
    )
    (root / "articles" / "other.txt").write_bytes(b"caf\xe9\n")
    articles, problems = load_articles(Layout(root))
    assert _texts(problems) == [
        "articles/other.txt:1:4: error[file-encoding] byte 0xe9 is not UTF-8: save the file as "
        "UTF-8",
        "articles/renamed.yaml:3:5: error[id-mismatch] $.id: 'ynet-2026-01-azerbaijan-gaza' "
        "differs from the file name 'renamed': rename one of them",
    ]
    assert list(articles) == [ARTICLE]
