"""`factsite new`: the scaffold fails validation while a TODO is left and passes once filled."""

from __future__ import annotations

import io
import os
import pty
import re
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import TODAY, copy_project, problem_lines, run_factsite, run_main
from factsite.check import quotes
from factsite.commands.new import new
from factsite.commands.options import Options
from factsite.render import scaffold
from factsite.render.sentences import split_sentences

ARTICLE = "ynet-2026-01-azerbaijan-gaza"

# Real values for every placeholder, in the order they appear (sources twice).
FILL = [
    ("claim: TODO", "claim: Aliyev said Azerbaijan will not send troops to Gaza"),
    ('  name: ""  # TODO', "  name: Ilham Aliyev"),
    ("  type: TODO", "  type: Person"),
    ("verdict: TODO", 'verdict: "true"'),
    ("ruling: TODO", "ruling: He said so on 5 January 2026, as several outlets reported."),
    (
        "analysis: TODO",
        "analysis: |\n  **What the article says.** Aliyev ruled out sending troops.\n\n"
        "  **What the evidence shows.** Two reports of the same remarks confirm it.",
    ),
    ("  - url: TODO", "  - url: https://example.org/report-one"),
    ('    title: ""  # TODO', "    title: Aliyev rules out troops for Gaza"),
    ('    publisher: ""  # TODO', "    publisher: Example News"),
    ("    kind: TODO", "    kind: news-report"),
    ("    date: TODO", '    date: "2026-01-05"'),
    ("    stance: TODO", "    stance: supports"),
    ("    note: TODO", "    note: Reports the remarks made on 5 January."),
    ("  - url: TODO", "  - url: https://example.org/report-two"),
    ('    title: ""  # TODO', "    title: Azerbaijan will not join the Gaza force"),
    ('    publisher: ""  # TODO', "    publisher: Example Wire"),
    ("    kind: TODO", "    kind: news-report"),
    ("    date: TODO", '    date: "2026-01"'),
    ("    stance: TODO", "    stance: supports"),
    ("    note: TODO", "    note: Quotes the president's interview in full."),
    ("topics: [TODO]", "topics: [gaza-stabilization-force, diplomacy]"),
]


def fill(text: str, *, skip: int | None = None) -> str:
    """Replace the placeholders one by one (all but number `skip`)."""
    for i, (old, filled) in enumerate(FILL):
        assert old in text, old
        text = text.replace(old, "\0" if i == skip else filled, 1)
    return text.replace("\0", FILL[skip][0]) if skip is not None else text


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """The project without its claims: only the scaffolds written by the test are checked."""
    return copy_project(tmp_path / "project", claims=False)


def test_sentences_of_the_article_are_verbatim_and_split_at_sentence_ends(root: Path) -> None:
    # what `factsite new` offers: the article's snapshot through render/sentences.py
    text = (root / "articles" / f"{ARTICLE}.txt").read_text(encoding="utf-8")
    sentences = split_sentences(text, "en")
    haystack = quotes.normalise(text)
    assert len(sentences) > 20
    assert all(quotes.normalise(s) in haystack for s in sentences)
    assert "No one protected us." in sentences
    sample = "He met the U.S. envoy. “It went well,” he said.\nNew   paragraph here"
    assert split_sentences(sample, "en") == [
        "He met the U.S. envoy.",
        "“It went well,” he said.",
        "New paragraph here",
    ]


def test_proposed_ids_are_short_slugs_of_significant_words() -> None:
    assert scaffold.propose_id("Azerbaijan’s President Ilham Aliyev announced Monday that") == (
        "azerbaijan-president-ilham-aliyev-announced-monday"
    )
    assert scaffold.propose_id("“I am not considering participation in hostilities") == (
        "not-considering-participation-hostilities"
    )
    assert scaffold.propose_id("נשיא ארה״ב") == "nsy-rhv"  # transliterated, as claimant pages
    assert scaffold.propose_id("«»") == "claim"  # nothing to slug: a neutral id
    for text in ("The U.S. — and “others”: 2026!", "A b c d e f g h i j k l"):
        assert re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", scaffold.propose_id(text))
        assert len(scaffold.propose_id(text).split("-")) <= scaffold.MAX_ID_WORDS


def test_list_numbers_the_sentences(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    result = run_main(capsys, root, "new", "--list")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].split(None, 1) == [
        "1",
        split_sentences((root / "articles" / f"{ARTICLE}.txt").read_text(encoding="utf-8"))[0],
    ]
    assert any(re.match(r"\s*7\s+No one protected us\.$", line) for line in lines)


def test_scaffold_fails_validation_until_every_todo_is_filled(
    root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    result = run_main(capsys, root, "new", "--sentence", "4")
    assert result.returncode == 0, result.stderr
    rel = f"claims/{ARTICLE}/azerbaijan-president-ilham-aliyev-announced-monday.yaml"
    assert f"wrote {rel}" in result.stdout
    assert "Next steps" in result.stdout and "factsite validate" in result.stdout
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../../schema/claim.schema.json\n")
    assert f"article: {ARTICLE}\n" in text
    assert "quote: \"Azerbaijan's President Ilham Aliyev announced Monday that" in text
    assert f'published: "{TODAY}"' in text
    assert 'claim_date: "2026-01-06"' in text  # the article's date, to be checked
    assert "# The verdict explained in one or two sentences." in text  # from the schema
    assert "TODO" in text

    codes = {p.split("error[")[1].split("]")[0] for p in problem_lines(root)}
    assert {"invalid-value", "unknown-verdict", "bad-url"} <= codes
    failed = run_main(capsys, root, "validate")
    assert failed.returncode == 1

    path.write_text(fill(text), encoding="utf-8")
    assert problem_lines(root) == []
    values = [line.split("#", 1)[0] for line in fill(text).splitlines()]
    assert not [v for v in values if "TODO" in v or '""' in v]  # every placeholder filled
    passed = run_main(capsys, root, "validate")
    assert passed.returncode == 0, passed.stdout + passed.stderr


@pytest.mark.parametrize("skip", range(len(FILL)))
def test_each_placeholder_left_alone_fails_validation(root: Path, skip: int) -> None:
    assert new(Options(root=root, sentence=4, claim_id="left-alone")) == 0
    path = root / "claims" / ARTICLE / "left-alone.yaml"
    path.write_text(fill(path.read_text(encoding="utf-8"), skip=skip), encoding="utf-8")
    assert problem_lines(root), f"placeholder {FILL[skip][0]!r} left alone, yet the file validates"


def test_quote_is_found_after_normalisation(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # Straight apostrophe and a line break where the article has a curly one and a space.
    quote = "the opening of Azerbaijan's embassy\nin Tel Aviv in March 2023"
    result = run_main(capsys, root, "new", "--quote", quote, "--id", "embassy-opening")
    assert result.returncode == 0, result.stderr
    text = (root / "claims" / ARTICLE / "embassy-opening.yaml").read_text(encoding="utf-8")
    assert 'quote: "the opening of Azerbaijan\'s embassy in Tel Aviv in March 2023"' in text


def test_quote_not_in_the_article_is_refused(
    root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    result = run_main(
        capsys, root, "new", "--quote", "Aliyev announced Monday that he will send troops"
    )
    assert result.returncode == 1
    assert "not found verbatim" in result.stderr and "differs at 'he'" in result.stderr
    assert not list((root / "claims").rglob("*.yaml"))


def test_ids_are_unique_and_nothing_is_overwritten(
    root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert new(Options(root=root, sentence=7)) == 0
    assert new(Options(root=root, sentence=7)) == 0
    names = sorted(p.name for p in (root / "claims" / ARTICLE).glob("*.yaml"))
    assert names == ["no-one-protected-2.yaml", "no-one-protected.yaml"]
    path = root / "claims" / ARTICLE / "no-one-protected.yaml"
    path.write_text("edited by hand\n", encoding="utf-8")
    result = run_main(capsys, root, "new", "--sentence", "7", "--id", "no-one-protected")
    assert result.returncode == 1 and "already exists" in result.stderr
    assert path.read_text(encoding="utf-8") == "edited by hand\n"
    # An id used by another article's claim is taken too (ids are unique across the project).
    other = root / "claims" / "other-article" / "taken.yaml"
    other.parent.mkdir()
    other.write_text("x: 1\n", encoding="utf-8")
    assert new(Options(root=root, sentence=7, claim_id="taken")) == 1


def test_usage_errors(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    no_input = run_main(capsys, root, "new")  # stdin is not a terminal here
    assert no_input.returncode == 2 and "--sentence N" in no_input.stderr
    assert run_main(capsys, root, "new", "--sentence", "999").returncode == 2
    assert run_main(capsys, root, "new", "--sentence", "4", "--quote", "No one").returncode == 2
    assert run_main(capsys, root, "new", "--sentence", "4", "--id", "Not A Slug").returncode == 2
    unknown = run_main(capsys, root, "new", "--article", "no-such-article", "--sentence", "1")
    assert unknown.returncode == 1 and "no-such-article" in unknown.stderr
    (root / "articles" / "second.yaml").write_text("id: second\n", encoding="utf-8")
    several = run_main(capsys, root, "new", "--sentence", "1")
    assert several.returncode == 2 and "--article" in several.stderr
    assert not list((root / "claims").rglob("*.yaml"))


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_interactive_choice_asks_again_after_a_bad_answer(
    root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert new(Options(root=root), _Terminal("0\nseven\n7\n")) == 0
    out = capsys.readouterr().out
    assert out.count("Number of the sentence") == 3
    assert (root / "claims" / ARTICLE / "no-one-protected.yaml").is_file()
    assert new(Options(root=root), _Terminal("\n")) == 1  # empty answer: cancelled


def test_interactive_in_a_real_terminal(root: Path) -> None:
    """Run the command on a pseudo-terminal, as a person at a shell would."""
    main, secondary = pty.openpty()
    env = {**os.environ, "FACTSITE_TODAY": TODAY}
    proc = subprocess.Popen(
        [sys.executable, "-m", "factsite", "--root", str(root), "new"],
        stdin=secondary,
        stdout=secondary,
        stderr=secondary,
        env=env,
    )
    os.close(secondary)
    seen, deadline = b"", time.monotonic() + 60
    try:
        while b"Number of the sentence" not in seen and time.monotonic() < deadline:
            if select.select([main], [], [], 1)[0]:
                seen += os.read(main, 65536)
        assert b"   7  No one protected us." in seen
        os.write(main, b"7\n")
        assert proc.wait(timeout=60) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
        os.close(main)
    assert (root / "claims" / ARTICLE / "no-one-protected.yaml").is_file()


@pytest.mark.slow
def test_newcomer_path_from_new_to_a_built_page(root: Path) -> None:
    """CONTRIBUTING.md's path: factsite new, fill the TODOs, validate, build, see the page."""
    quote = "Azerbaijan is a longtime ally of both Israel and Turkey."
    result = run_factsite(root, "new", "--quote", quote, "--id", "ally-of-israel-and-turkey")
    assert result.returncode == 0, result.stderr
    path = root / "claims" / ARTICLE / "ally-of-israel-and-turkey.yaml"
    path.write_text(fill(path.read_text(encoding="utf-8")), encoding="utf-8")
    assert run_factsite(root, "validate").returncode == 0
    built = run_factsite(root, "build")
    assert built.returncode == 0, built.stdout + built.stderr
    page = (root / "site" / "claims" / "ally-of-israel-and-turkey" / "index.html").read_text()
    assert "Aliyev said Azerbaijan will not send troops to Gaza" in page
    assert "longtime ally of both Israel and Turkey" in page
