"""check/names.py: no id, topic, verdict or claimant name takes a page the site makes, or
another's page; claimant pages for names in every script (render/common.slug)."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import copy_project, run_factsite
from factsite.render.common import slug

CLAIMS = Path("claims/ynet-2026-01-azerbaijan-gaza")
ONE = CLAIMS / "embassy-tel-aviv-march-2023.yaml"
TWO = CLAIMS / "longtime-ally-of-israel-and-turkey.yaml"


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return copy_project(tmp_path / "project")


def _claimant(root: Path, rel: Path, name: str) -> None:
    path = root / rel
    text = path.read_text(encoding="utf-8")
    head, _, rest = text.partition("claimant:\n  name: ")
    _, _, tail = rest.partition("\n")
    path.write_text(f'{head}claimant:\n  name: "{name}"\n{tail}', encoding="utf-8")


def _problems(root: Path) -> list[str]:
    result = run_factsite(root, "validate")
    assert "Traceback" not in result.stderr
    return [line for line in result.stdout.splitlines() if "error[" in line]


@pytest.mark.parametrize(
    ("name", "page"),
    [
        ("Ильхам Алиев", "il-kham-aliev"),
        ("בנימין נתניהו", "vnymyn-ntnyhv"),
        ("إلهام علييف", "lhm-lyyf"),
        ("Azərbaycan", "azerbaycan"),
        ("Türkiye", "turkiye"),
        ("习近平", "xijinping"),
        ("Ynet News", "ynet-news"),  # an ASCII name keeps the page it always had
        ("O'Brien & Sons", "o-brien-sons"),
    ],
)
def test_a_claimant_page_name_in_every_script(name: str, page: str) -> None:
    assert slug(name) == page


def test_claimants_in_other_scripts_get_pages_of_their_own(root: Path) -> None:
    _claimant(root, ONE, "Ильхам Алиев")
    _claimant(root, TWO, "בנימין נתניהו")
    assert _problems(root) == []
    assert run_factsite(root, "render").returncode == 0
    pages = {p.name for p in (root / "docs" / "claimants").glob("*.md")}
    assert {"il-kham-aliev.md", "vnymyn-ntnyhv.md", "ynet-news.md", "index.md"} <= pages


def test_two_names_of_one_page_are_refused_where_the_second_is(root: Path) -> None:
    _claimant(root, TWO, "Ynet news")
    (problem,) = _problems(root)
    assert problem.startswith(f"{TWO}:7:9: error[claimant-collision] $.claimant.name: 'Ynet news'")
    assert "and 'Ynet News' (claims/ynet-2026-01-azerbaijan-gaza/" in problem


@pytest.mark.parametrize("name", ["Index", "index 2", "INDEX-3"])
def test_a_claimant_named_like_a_listing_is_refused(root: Path, name: str) -> None:
    _claimant(root, ONE, name)
    problems = _problems(root)
    assert [p.split(" $.")[0] for p in problems] == [f"{ONE}:7:9: error[reserved-name]"]


def test_a_claim_id_index_is_refused(root: Path) -> None:
    old = root / ONE
    text = old.read_text(encoding="utf-8").replace("id: embassy-tel-aviv-march-2023", "id: index")
    old.unlink()
    (old.parent / "index.yaml").write_text(text, encoding="utf-8")
    problems = _problems(root)
    assert problems == [
        f"{CLAIMS}/index.yaml:2:5: error[reserved-name] $.id: the claim id 'index' is the name of "
        "a page the site makes (a listing): choose another"
    ]


def test_a_topic_named_like_a_listing_or_a_second_page_is_refused(root: Path) -> None:
    with (root / "topics.yaml").open("a", encoding="utf-8") as fh:
        fh.write("index: Everything\npalestine-2: Palestine again\n")
    problems = _problems(root)
    assert any(
        "topics.yaml" in p and "error[reserved-name] $.index: the topic 'index'" in p
        for p in problems
    ), problems
    assert any(
        "'palestine-2' would replace page 2 of the listing of 'palestine'" in p for p in problems
    )


def test_new_and_article_add_refuse_a_reserved_id(root: Path) -> None:
    result = run_factsite(root, "new", "--id", "index", "--sentence", "1")
    assert result.returncode == 2 and "listing page" in result.stderr, result.stderr
    text = root / "a.txt"
    text.write_text("A paragraph of an article, long enough to import.\n", encoding="utf-8")
    result = run_factsite(root, "article", "add", "--text", str(text), "--id", "index")
    assert result.returncode != 0 and "not `index`" in result.stderr, result.stderr
    assert not (root / "articles" / "index.yaml").exists()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Azerbaijan won't send soldiers", ["azerbaijan", "wont", "send", "soldiers"]),
        ("Aliyev’s embassy", ["aliyev", "embassy"]),
        ("Azərbaycan Türkiye", ["azerbaycan", "turkiye"]),
        ("Азербайджан не отправит солдат", ["azerbaydzhan", "ne", "otpravit", "soldat"]),
        ("习近平主持会议", ["xi", "jin", "ping", "zhu", "chi", "hui", "yi"]),
        ("2月3日", ["2", "yue", "3", "ri"]),
        ("iPhone", ["iphone"]),  # Latin keeps its words as they are
    ],
)
def test_ids_from_headlines_and_quotes_keep_words_in_every_script(
    text: str, expected: list[str]
) -> None:
    from factsite.render.common import words
    from factsite.render.scaffold import propose_id

    assert words(text) == expected
    assert propose_id(text) != "claim"  # a quote in any script gives an id with words
