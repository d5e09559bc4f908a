"""A new site's CONTRIBUTING.md stays true: every failing example of "What `factsite validate`
checks" fails with the codes of its heading, on a valid claim of a site that `factsite init`
made; its table lists every code of the catalogue."""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from factsite.check.project import check_project
from factsite.commands.article import add_article_command
from factsite.commands.init import init
from factsite.commands.options import Options
from factsite.problems import CATALOGUE

FIXTURE = Path(__file__).parent / "fixtures" / "articles" / "news-jsonld.html"
ARTICLE = "example-gazette-2026-01-riverton-council-votes-keep"
REL = f"claims/{ARTICLE}/night-ferry-vote.yaml"
BASE = f"""\
# yaml-language-server: $schema=../../schema/claim.schema.json
id: night-ferry-vote
article: {ARTICLE}
claim: The council voted to keep the night ferry running until midnight
quote: "The town council of Riverton voted on Monday evening to keep the harbour ferry running \
until midnight on weekdays, reversing a plan to stop the last crossing at nine o'clock."
claimant:
  name: The Example Gazette
  type: Organization
claim_date: "2026-01-06"
verdict: mostly-true
ruling: The council's minutes record the vote; the paper reports it accurately.
analysis: |
  The minutes of the meeting record the motion and the vote of seven to two, as the article
  says. The ferry operator confirmed the new timetable.
sources:
  - url: https://council.example.org/minutes
    title: Minutes of the council meeting
    publisher: Riverton town council
    kind: primary-document
    stance: supports
    note: Records the motion and the vote.
  - url: https://ferry.example.net/timetable
    title: Timetable
    publisher: Riverton ferries
    kind: primary-document
    stance: supports
    note: Shows the last crossing at midnight on weekdays.
topics: [local-news]
published: "2026-11-30"
"""
# Rules a single claim file cannot break: explained in words in the guide.
IN_WORDS = {"duplicate-id", "todo-left", "transparency-missing"}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("contributing") / "site"
    assert init(Options(init_dir=root, repo_url="https://github.com/a/b"), io.StringIO()) == 0
    url = "https://news.example.com/2026/01/06/riverton-night-ferry"
    assert add_article_command(root, html_file=FIXTURE, url=url) == 0
    (root / "topics.yaml").write_text("local-news: Local news\n", encoding="utf-8")
    return root


def _guide(site: Path) -> str:
    return (site / "CONTRIBUTING.md").read_text(encoding="utf-8")


def _examples(guide: str) -> list[tuple[set[str], str]]:
    """(the codes of the heading, a YAML block) of every example of the rules' section."""
    rules = guide[guide.index("## What `factsite validate` checks") :]
    found = []
    for part in re.split(r"^### ", rules, flags=re.M)[1:]:
        heading = part.splitlines()[0]
        codes = set(re.findall(r"`([a-z]+(?:-[a-z]+)*)`", heading)) & set(CATALOGUE)
        for block in re.findall(r"^```yaml\n(.*?)^```", part, re.M | re.S):
            found.append((codes, block))
    return found


def _with(block: str) -> str:
    """The base claim with the example's top-level keys in place of its own."""
    lines = BASE.splitlines(keepends=True)
    if block.startswith("# yaml-language-server:"):
        return block.splitlines(keepends=True)[0] + "".join(lines[1:])
    keys = set(re.findall(r"^([a-z_]+):", block, re.M))
    kept, skipping = [], False
    for line in lines:
        top = re.match(r"^([a-z_]+):", line)
        if top:
            skipping = top.group(1) in keys
        if not skipping:
            kept.append(line)
    return "".join(kept) + block


def _codes(root: Path) -> set[str]:
    return {p.code for p in check_project(root).problems}


def test_the_base_claim_is_valid(site: Path) -> None:
    path = site / REL
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(BASE, encoding="utf-8")
    try:
        assert [p.text() for p in check_project(site).problems] == []
    finally:
        path.unlink()


def test_every_rule_has_a_failing_example_that_fails_with_its_code(site: Path) -> None:
    examples = _examples(_guide(site))
    assert len(examples) >= 20
    shown: set[str] = set()
    for codes, block in examples:
        if "backdated" in codes:
            continue  # needs a commit: the next test
        path = site / REL
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(_with(block), encoding="utf-8")
        try:
            got = _codes(site)
        finally:
            path.unlink()
        assert got & codes, (block, got)
        shown |= got & codes
    headings = set().union(*(c for c, _ in examples)) - {"backdated"}
    assert headings - shown <= IN_WORDS, headings - shown


def test_the_backdating_example_fails_once_committed(site: Path, tmp_path: Path) -> None:
    git = shutil.which("git")
    assert git, "the backdating example needs git"
    [block] = [b for codes, b in _examples(_guide(site)) if "backdated" in codes]
    root = tmp_path / "site"
    shutil.copytree(site, root)
    (root / REL).parent.mkdir(parents=True, exist_ok=True)
    (root / REL).write_text(_with(block), encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env |= {"GIT_AUTHOR_DATE": "2026-11-28T12:00:00+00:00"}
    env |= {"GIT_COMMITTER_DATE": "2026-11-28T12:00:00+00:00"}
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-qm", "the check"]):
        ident = ["-c", "user.name=Test", "-c", "user.email=t@example.org"]
        subprocess.run([git, "-C", str(root), *ident, *args], check=True, env=env)
    assert "backdated" in _codes(root)


def test_the_words_only_rules_are_explained_and_a_new_site_shows_todo_left(site: Path) -> None:
    guide = _guide(site)
    for code in IN_WORDS:
        assert f"`{code}`" in guide.split("### Every code")[0], code
    from factsite.check.pages import check_pages
    from factsite.load.files import Layout

    assert {p.code for p in check_pages(Layout(site))} == {"todo-left"}  # and below


def test_the_table_lists_every_code(site: Path) -> None:
    table = _guide(site).split("### Every code")[1]
    listed = re.findall(r"^\| `([a-z-]+)` \|", table, re.M)
    assert listed == list(CATALOGUE)
    assert "@@" not in _guide(site)
