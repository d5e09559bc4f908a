"""render/structured_data.py and render/media_review.py: the JSON-LD of every claim page and of
the ClaimReview feed uses only schema.org terms, each where schema.org defines it.

The vocabulary is the part of schema.org that the renderer uses, shipped offline in
tests/fixtures/schema-org-vocabulary.yaml with the source of each term. Every node's @type must
be one of its classes; every property must be defined, on a node whose type is in the
property's domain, with a value in its range.
"""

from __future__ import annotations

import copy
import json
import re
from functools import cache
from pathlib import Path
from typing import Any

import frontmatter
import pytest
import yaml

from conftest import REPO, site_of
from conftest import rendered as made
from factsite.check.project import check_project
from factsite.render import media_review, render_site

VOCABULARY = Path(__file__).parent / "fixtures" / "schema-org-vocabulary.yaml"
GOLDEN = Path(__file__).parent / "golden"
SCHEMA = "https://schema.org/"
PHOTO = "photo-caption-trump-aliyev-pashinyan"
DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
URL = re.compile(r"^https?://[^\s/$.?#][^\s]*$")


@cache
def vocabulary() -> dict[str, Any]:
    return yaml.safe_load(VOCABULARY.read_text(encoding="utf-8"))


def ancestors(name: str) -> list[str]:
    """The class or datatype and everything it specialises, itself first."""
    v = vocabulary()
    parents = v["classes"] | v["datatypes"]
    chain = [name]
    while parents.get(chain[-1]):
        chain.append(parents[chain[-1]])
    return chain


def _value_problem(value: Any, ranges: list[str]) -> str | None:
    """Why `value` is in none of `ranges`, or None."""
    v = vocabulary()
    if isinstance(value, dict):
        t = value.get("@type")
        if not set(ancestors(t) if isinstance(t, str) else []) & set(ranges):
            return f"a {t} where {ranges} is expected"
        return None
    accepted: set[str] = set()
    for r in ranges:
        if r in v["enumerations"]:
            members = {SCHEMA + m for m in v["enumerations"][r]}
            if value in members:
                return None
    if isinstance(value, bool):
        return f"{value!r}, a boolean, where {ranges} is expected"
    if isinstance(value, int):
        accepted = {"Integer", "Number"}
    elif isinstance(value, float):
        accepted = {"Number"}
    elif isinstance(value, str):
        accepted = {"Text"}
        if URL.match(value):
            accepted.add("URL")
        if DATE.match(value):
            accepted.add("Date")
    return None if accepted & set(ranges) else f"{value!r} where {ranges} is expected"


def vocabulary_problems(node: dict[str, Any], where: str = "$") -> list[str]:
    """Every use of a term in `node` (and the nodes inside it) that schema.org does not
    define: an unknown type or property, a property outside its domain, a value outside its
    range."""
    v = vocabulary()
    t = node.get("@type")
    if t not in v["classes"]:
        return [f"{where}: @type {t!r} is not a schema.org class of the vocabulary"]
    problems = []
    for key, value in node.items():
        here = f"{where}.{key}"
        if key == "@context":
            if where != "$" or value != "https://schema.org":
                problems.append(f"{here}: {value!r}")
            continue
        if key == "@type":
            continue
        term = v["properties"].get(key)
        if term is None:
            problems.append(f"{here}: {key!r} is not a schema.org property of the vocabulary")
            continue
        if not set(ancestors(t)) & set(term["domain"]):
            problems.append(f"{here}: not a property of {t} (domain {term['domain']})")
        for i, item in enumerate(value if isinstance(value, list) else [value]):
            why = _value_problem(item, term["range"])
            if why:
                problems.append(f"{here}: {why}")
            if isinstance(item, dict):
                problems += vocabulary_problems(item, f"{here}[{i}]")
    return problems


@pytest.fixture(scope="module")
def rendered() -> dict[str, Any]:
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("FACTSITE_TODAY", "2026-12-07")
        mp.setenv("FACTSITE_CACHE", "0")
        project = check_project(REPO)
    assert not project.problems
    return {"project": project, "pages": made(render_site(project, site_of(REPO)))}


def _meta(rendered: dict[str, Any], claim_id: str) -> dict[str, Any]:
    return frontmatter.loads(rendered["pages"][f"claims/{claim_id}.md"]).metadata


# --- the vocabulary file itself ---------------------------------------------------------


def test_the_vocabulary_names_only_its_own_terms() -> None:
    v = vocabulary()
    known = set(v["classes"]) | set(v["datatypes"])
    for name, parent in (v["classes"] | v["datatypes"]).items():
        assert parent is None or parent in known, name
    assert ancestors("ClaimReview") == ["ClaimReview", "Review", "CreativeWork", "Thing"]
    # a domain may name a class the renderer never uses (Certification, AggregateRating...);
    # every range must be a class, a datatype or an enumeration of the file
    for name, term in v["properties"].items():
        assert set(term["range"]) <= known | set(v["enumerations"]), name
        assert term["domain"], name
    assert set(v["enumerations"]) <= set(v["classes"])
    # each term has its definition's address in a comment beside it
    text = VOCABULARY.read_text(encoding="utf-8")
    for name in [*v["classes"], *v["datatypes"], *v["properties"]]:
        assert re.search(rf"^  {name}:.*# {re.escape(SCHEMA)}{name}\b", text, re.M), name


def test_the_checker_finds_misused_terms() -> None:
    review = {
        "@context": "https://schema.org",
        "@type": "MediaReview",
        "claimReviewed": "x",  # a ClaimReview property
        "mediaAuthenticityCategory": "Original",  # not a member of the enumeration
        "originalMediaContext": "x",  # no such property
        "datePublished": "1 December 2026",  # not ISO 8601
        "itemReviewed": {"@type": "MediaReviewItem", "mediaItemAppearance": [{"@type": "Img"}]},
        "author": {"@type": "Claim"},  # neither Organization nor Person
    }
    problems = vocabulary_problems(review)
    for key in (
        "claimReviewed: not a property of MediaReview",
        "mediaAuthenticityCategory: 'Original' where",
        "'originalMediaContext' is not a schema.org property",
        "datePublished: '1 December 2026' where",
        "mediaItemAppearance[0]: @type 'Img'",
        "author: a Claim where",
    ):
        assert any(key in p for p in problems), (key, problems)
    assert len(problems) == 7  # "Img" is out of range too, and unknown


# --- the site's JSON-LD -----------------------------------------------------------------


def test_every_claim_page_uses_only_schema_org_terms(rendered: dict[str, Any]) -> None:
    problems = []
    for claim in rendered["project"].claims:
        meta = _meta(rendered, claim["id"])
        for key in ("claim_review", "media_review"):
            if key in meta:
                problems += [f"{claim['id']} {key}{p[1:]}" for p in vocabulary_problems(meta[key])]
    feed = json.loads(rendered["pages"]["data/claimreview.json"])
    problems += [f"claimreview.json{p[1:]}" for p in vocabulary_problems(feed)]
    assert not problems, "\n".join(problems)


def test_only_a_check_of_media_carries_a_media_review(rendered: dict[str, Any]) -> None:
    with_media = [c["id"] for c in rendered["project"].claims if c.get("media")]
    assert with_media == [PHOTO]
    for claim in rendered["project"].claims:
        meta = _meta(rendered, claim["id"])
        assert ("media_review" in meta) == (claim["id"] in with_media), claim["id"]
        assert meta["claim_review"]["@type"] == "ClaimReview"  # in addition, never instead


def test_the_photo_check_media_review(rendered: dict[str, Any], update_goldens: bool) -> None:
    project = rendered["project"]
    claim = next(c for c in project.claims if c["id"] == PHOTO)
    meta = _meta(rendered, PHOTO)
    review = meta["media_review"]
    assert review["mediaAuthenticityCategory"] == SCHEMA + "DecontextualizedContent"
    assert review["originalMediaContextDescription"] == claim["media"]["original_context"]
    assert review["url"] == meta["claim_review"]["url"]  # one page, two reviews
    (item,) = review["itemReviewed"]["mediaItemAppearance"]
    assert item == {"@type": "ImageObject", "url": project.articles[claim["article"]].data["url"]}
    golden = GOLDEN / "photo-caption.mediareview.json"
    text = json.dumps(review, indent=2, ensure_ascii=False) + "\n"
    if update_goldens:
        golden.write_text(text, encoding="utf-8")
    assert text == golden.read_text(encoding="utf-8"), "differs; --update-goldens"
    # the page says in words what the markup says
    page = rendered["pages"][f"claims/{PHOTO}.md"]
    assert "## About the image\n" in page
    assert "<strong>Missing context</strong>: the image is presented in a way that" in page
    # a category for how the item is presented, not a finding that it was examined
    assert "this rating does not say that it was altered" in page
    assert "We did not examine the image itself" in page
    # the Hebrew caption with our translation beside it
    assert '<span class="fs-quote__by">Our translation:</span> “President of the US in a' in page


@pytest.mark.parametrize("category", sorted(media_review.CATEGORIES))
def test_every_category_and_a_media_file(rendered: dict[str, Any], category: str) -> None:
    project = rendered["project"]
    claim = copy.deepcopy(next(c for c in project.claims if c["id"] == PHOTO))
    claim["media"] |= {"type": "VideoObject", "authenticity": category}
    claim["media"]["url"] = "https://example.org/clip.mp4"
    article = project.articles[claim["article"]].data
    review = media_review.media_review(claim, article, site_of(REPO))
    assert vocabulary_problems(review) == []
    assert review["itemReviewed"]["mediaItemAppearance"][0]["contentUrl"] == claim["media"]["url"]
    assert "the video" in media_review.media_html(claim)
    assert media_review.media_heading(claim) == "About the video"


def test_contributor_text_stays_text_in_the_page(rendered: dict[str, Any]) -> None:
    """Escaped on the page; raw in the JSON-LD, which the template's `tojson` escapes
    (tests/test_injection.py builds it)."""
    project = rendered["project"]
    claim = copy.deepcopy(next(c for c in project.claims if c["id"] == PHOTO))
    claim["media"]["original_context"] = "<script>alert(1)</script> [x](javascript:y) *z*"
    html_text = media_review.media_html(claim)
    assert "<script" not in html_text and "[x]" not in html_text and "*z*" not in html_text
    review = media_review.media_review(claim, {"url": "https://e.org/"}, site_of(REPO))
    assert review["originalMediaContextDescription"] == claim["media"]["original_context"]
