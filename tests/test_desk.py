"""The desk: people and bylines (check/people.py, render/people.py, render/people_pages.py), and
the review and right-of-reply rules as configured (check/policy.py, render/policy.py).

The people here are test data in a temporary copy of the project, never published: "Test
Author" and "Test Editor" stand for whoever a site lists in its people.yaml.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import copy_project, problem_lines, render_clean, site_of
from factsite.check.policy import working_days_between
from factsite.check.project import check_project
from factsite.render import render_site
from factsite.render.pages import contents

REL = "claims/ynet-2026-01-azerbaijan-gaza"
CLAIM = "embassy-tel-aviv-march-2023"  # mostly true, published 2026-11-28 (a Saturday)
TRUE = "predominantly-shia-muslim-country"  # true: no reply needed

PEOPLE = """\
- id: test-author
  name: Test Author
  role: Writes checks
  profile: https://example.org/test-author
- id: test-editor
  name: Test Editor
  role: Edits checks
- id: the-desk
  name: The test desk
  type: Organization
  role: A team
"""


VOLUNTEERS = "- id: factsite-volunteers\n  name: Volunteers\n  type: Organization\n  role: All\n"


@pytest.fixture
def site(tmp_path: Path) -> Path:
    root = copy_project(tmp_path / "project")
    (root / "people.yaml").write_text(PEOPLE, encoding="utf-8")
    return root


def configure(root: Path, settings: str) -> None:
    """Add desk rules under extra.factsite in mkdocs.yml."""
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    anchor = "    branch: main\n"
    assert anchor in text
    config.write_text(text.replace(anchor, anchor + settings), encoding="utf-8")


def set_fields(root: Path, claim: str, lines: str) -> None:
    """Replace the claim's authors line with `lines` (YAML at the top level)."""
    path = root / REL / f"{claim}.yaml"
    text = path.read_text(encoding="utf-8")
    old = "authors: [factsite-volunteers]\n"
    assert old in text
    path.write_text(text.replace(old, lines), encoding="utf-8")


def test_people_named_on_a_claim_are_in_people_yaml(site: Path) -> None:
    set_fields(site, CLAIM, "authors: [test-author, nobody-here]\nreviewed_by: [test-author]\n")
    mine = [p for p in problem_lines(site) if f"/{CLAIM}.yaml" in p]
    assert mine == [
        f"{REL}/{CLAIM}.yaml:107:24: error[unknown-person] $.authors[1]: 'nobody-here' is not in "
        "people.yaml (known: test-author, test-editor, the-desk)",
        f"{REL}/{CLAIM}.yaml:108:15: error[self-review] $.reviewed_by[0]: 'test-author' is an "
        "author of this check; a reviewer is someone else",
    ]
    # the other checks name a team this copy's people.yaml does not list
    assert len(problem_lines(site)) == 2 + 20


def test_bylines_in_the_page_and_claimreview(site: Path) -> None:
    (site / "people.yaml").write_text(
        PEOPLE + "- id: factsite-volunteers\n  name: The volunteers\n  type: Organization\n"
        "  role: Everyone\n",
        encoding="utf-8",
    )
    set_fields(site, CLAIM, "authors: [test-author]\neditors: [test-editor, the-desk]\n")
    pages = render_clean(site)
    page = str(contents(pages[f"claims/{CLAIM}.md"]))
    assert (
        '<p class="fs-byline">By <a href="../../people/test-author/"><bdi>Test Author</bdi></a>. '
        'Edited by <a href="../../people/test-editor/"><bdi>Test Editor</bdi></a> and '
        '<a href="../../people/the-desk/"><bdi>The test desk</bdi></a>.</p>'
    ) in page  # names isolated, as everywhere since issue 28 (a Hebrew name keeps its order)
    url = site_of(site).url
    feed = json.loads(str(contents(pages["data/claimreview.json"])))["dataFeedElement"]
    review = next(r for r in feed if r["url"].endswith(f"/claims/{CLAIM}/"))
    assert review["author"] == {
        "@type": "Person",
        "name": "Test Author",
        "url": f"{url}people/test-author/",
        "sameAs": ["https://example.org/test-author"],
        "worksFor": {"@type": "Organization", "name": "factsite", "url": url},
    }
    # a page per person, listing their checks; the index lists everyone
    mine = str(contents(pages["people/test-author.md"]))
    assert f'href="../../claims/{CLAIM}/"' in mine and "Checks they wrote: 1." in mine
    assert 'rel="me">Public profile</a>' in mine
    index = str(contents(pages["people/index.md"]))
    assert "Test Editor</bdi></a>, Edits checks (1 check)" in index
    # the team that wrote the other checks is an Organization within the site's
    other = str(contents(pages[f"claims/{TRUE}.md"]))
    assert "By <a" in other and "The volunteers</bdi></a>." in other


def test_the_review_rule_as_configured(site: Path) -> None:
    (site / "people.yaml").write_text(
        PEOPLE + VOLUNTEERS,
        encoding="utf-8",
    )
    assert problem_lines(site) == []  # no rule: nothing asked
    configure(site, '    review: {reviewers: 1, since: "2026-11-28"}\n')
    found = problem_lines(site)
    assert len(found) == 21  # every check published from 2026-11-28 on
    assert (
        f"{REL}/{CLAIM}.yaml:108:12: error[review-missing] $.published: a check published from "
        "2026-11-28 needs 1 reviewer(s) other than its authors in `reviewed_by` (mkdocs.yml, "
        "extra.factsite.review); it has 0"
    ) in found
    set_fields(site, CLAIM, "authors: [test-author]\nreviewed_by: [test-editor]\n")
    assert not [p for p in problem_lines(site) if CLAIM in p]
    # a check published before the rule's day is not held to it
    configure(site, "")
    text = (site / "mkdocs.yml").read_text(encoding="utf-8").replace("2026-11-28", "2026-11-29")
    (site / "mkdocs.yml").write_text(text, encoding="utf-8")
    assert not [p for p in problem_lines(site) if "/embassy" in p or "/arab" in p]


def test_the_review_rule_is_stated_from_the_configuration(site: Path) -> None:
    from factsite.render.policy import reply_rule, review_rule

    scale_site = site_of(site)
    assert review_rule(scale_site).startswith("**Review.** We have no review rule")
    configure(site, '    review: {reviewers: 2, since: "2026-12-07"}\n')
    configure(site, '    reply: {working_days: 3, since: "2026-12-07"}\n')
    ruled = site_of(site)
    assert ruled.review == (2, "2026-12-07") and ruled.reply == (3, "2026-12-07")
    assert review_rule(ruled) == (
        "**Review.** Every check published since 7 December 2026 is reviewed before publication "
        'by 2 people other than its authors, named on its page under "Reviewed by". Our '
        "software refuses to publish a check without them.\n"
    )
    project = check_project(site)
    text = reply_rule(ruled, project.scale)
    assert 'Before we publish a check rated anything but "True" (since 7 December 2026)' in text
    assert "at least 3 working days, Monday to Friday" in text
    assert reply_rule(scale_site, project.scale).startswith("**Right of reply.** We do not contact")


def test_the_reply_rule_as_configured(site: Path) -> None:
    (site / "people.yaml").write_text(
        PEOPLE + VOLUNTEERS,
        encoding="utf-8",
    )
    configure(site, '    reply: {working_days: 3, since: "2026-11-28"}\n')
    found = problem_lines(site)
    mine = [p for p in found if f"/{CLAIM}.yaml" in p]
    assert mine == [
        f"{REL}/{CLAIM}.yaml:11:10: error[reply-missing] $.verdict: a check rated 'Mostly true' "
        "needs a `reply` record of the day and the way the claimant was contacted before "
        "publication (mkdocs.yml, extra.factsite.reply: 3 working day(s) from 2026-11-28)"
    ]
    assert not [p for p in found if f"/{TRUE}.yaml" in p]  # rated True: no reply needed
    reply = '  contacted: "{day}"\n  channel: email to the press office\n'
    set_fields(
        site,
        CLAIM,
        "authors: [factsite-volunteers]\nreply:\n" + reply.format(day="2026-11-26"),
    )
    (late,) = [p for p in problem_lines(site) if f"/{CLAIM}.yaml" in p]
    assert "error[reply-too-late] $.reply.contacted: 1 working day(s) between contacting" in late
    path = site / REL / f"{CLAIM}.yaml"
    text = path.read_text(encoding="utf-8").replace("2026-11-26", "2026-11-20")
    text = text.replace(
        "  channel: email to the press office\n",
        '  channel: email to the press office\n  answer:\n    date: "2026-11-24"\n'
        "    text: We <stand> by it.\n",
    )
    path.write_text(text, encoding="utf-8")
    assert not [p for p in problem_lines(site) if f"/{CLAIM}.yaml" in p]
    page = str(contents(render_site(check_project(site), site_of(site))[f"claims/{CLAIM}.md"]))
    assert "## Right of reply" in page
    assert '<time datetime="2026-11-20">20 November 2026</time> (email to the press office)' in page
    assert "We &lt;stand&gt; by it." in page  # escaped like everything a contributor writes


def test_working_days() -> None:
    assert working_days_between("2026-11-20", "2026-11-28") == 5  # Fri -> Sat: Mon to Fri
    assert working_days_between("2026-11-26", "2026-11-28") == 1
    assert working_days_between("2026-11-28", "2026-11-28") == 0
    assert working_days_between("2026-11-28", "2026-11-20") == 0
