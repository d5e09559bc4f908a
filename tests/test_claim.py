"""check/claim.py: every per-file check of one claim, each problem once; a context that travels
to worker processes."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

from conftest import REPO
from factsite.check import rules
from factsite.check.claim import ClaimContext, check_claim, check_one
from factsite.check.reference import load_articles, load_scale, load_topics
from factsite.check.schemas import claim_schema
from factsite.load.files import Layout
from factsite.load.strict_yaml import parse

ARTICLE = "ynet-2026-01-azerbaijan-gaza"
REL = f"claims/{ARTICLE}/embassy-tel-aviv-march-2023.yaml"
BASE = (Path(__file__).parent / "hostile" / "base.yaml").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def ctx() -> ClaimContext:
    layout = Layout(REPO)
    scale, _ = load_scale(layout)
    topics, _ = load_topics(layout)
    articles, _ = load_articles(layout)
    return ClaimContext(
        claim_schema(scale),
        [v.label for v in scale.verdicts],
        set(topics),
        {a: art.normalised for a, art in articles.items()},
        rules.today(),
    )


def _check(ctx: ClaimContext, text: str, path: str = REL) -> list[str]:
    return [p.text() for p in check_claim(parse(path, text), ctx).problems]


def test_the_base_claim_passes_every_check(ctx: ClaimContext) -> None:
    assert _check(ctx, BASE) == []


def test_a_file_that_did_not_load_is_returned_as_it_is(ctx: ClaimContext) -> None:
    line = BASE.count("\n") + 1
    assert _check(ctx, BASE + "id: again\n") == [
        f"{REL}:{line}:1: error[yaml-duplicate-key] duplicate key 'id' (first defined on line 2)"
    ]


def test_a_value_caught_by_the_schema_and_a_rule_is_reported_once(ctx: ClaimContext) -> None:
    url = BASE.split("\n")[14]
    problems = _check(ctx, BASE.replace(url, "  - url: javascript:alert(1)"))
    assert problems == [
        f"{REL}:15:10: error[bad-url] $.sources[0].url: 'javascript:alert(1)' is not an "
        "absolute http(s) URL"
    ]


def test_an_unknown_article_names_the_known_ones(ctx: ClaimContext) -> None:
    text = BASE.replace(f"article: {ARTICLE}", "article: elsewhere")
    assert _check(ctx, text) == [
        f"{REL}:3:10: error[unknown-article] $.article: no article 'elsewhere' under articles/ "
        f"(known: {ARTICLE})"
    ]
    alone = ClaimContext(ctx.schema, ctx.labels, ctx.topics, {}, ctx.today)
    assert _check(alone, BASE)[0].endswith(
        f"$.article: no article {ARTICLE!r} under articles/ (known: none)"
    )


def test_the_context_travels_without_its_compiled_checker(ctx: ClaimContext) -> None:
    assert ctx.checker is ctx.checker  # compiled once
    copy = pickle.loads(pickle.dumps(ctx))  # noqa: S301 - as the pool sends it to a worker
    assert copy._checker is None and copy.schema == ctx.schema
    bad = BASE.replace("verdict: mostly-true", "verdict: mostly-ture")
    assert _check(copy, bad) == _check(ctx, bad) != []


def test_check_one_keeps_results_small_and_problems_locatable(
    ctx: ClaimContext, tmp_path: Path
) -> None:
    path = tmp_path / "claims" / ARTICLE / "embassy-tel-aviv-march-2023.yaml"
    path.parent.mkdir(parents=True)
    path.write_text(BASE, encoding="utf-8")
    doc = check_one(Layout(tmp_path), path, ctx)
    assert doc.problems == [] and doc.path == REL
    assert doc._root is None and not doc._composed  # no node tree sent back
    assert (doc.locate(("verdict",))) == (10, 10)  # composed again when needed
