"""render/site_words.py: the words of the files init writes, read as messages and written in
another language, with everything that is not a word left as it is."""

from __future__ import annotations

import io
from importlib.resources import files

import yaml

from factsite.render import site_words

PAGE = """---
title: Checks of the news
description: "@@SITE_NAME@@ checks claims."
hide:
  - toc
---

# About us

## Legal status

**TODO:** What the publisher is in law, and where it is
registered.

--8<-- "_generated/contact.md"

- [ ] `factsite validate` reports no problem, and the page
      reads well.

| File | What it holds |
|---|---|
| [data/claims.json](data/claims.json) | Every claim. |
| `id` | text |

<!-- A note for the editor. -->
"""

FORM = """# Claim pages link here.
name: Suggest a claim
title: "Claim: "
labels: ["claim suggestion"]
body:
  - type: markdown
    attributes:
      value: |
        Thank you. One claim per
        suggestion.

        Write it yourself?
  - type: dropdown
    id: kind
    attributes:
      label: What kind?
      description: >-
        Pick the one
        that fits.
      placeholder: https://
      options:
        - A fact is wrong
        - Something else
"""


def _shout(value: str) -> str:
    return f"<<{value.upper()}>>"


def test_a_page_is_translated_block_by_block_and_nothing_else_moves() -> None:
    out = site_words.translated("docs/about.md", PAGE, _shout)
    assert 'title: "<<CHECKS OF THE NEWS>>"' in out
    assert 'description: "<<@@SITE_NAME@@ CHECKS CLAIMS.>>"' in out
    assert "hide:\n  - toc\n---\n" in out
    assert "# <<ABOUT US>>\n\n## <<LEGAL STATUS>>\n" in out
    # a paragraph is one message, its lines joined
    assert "<<**TODO:** WHAT THE PUBLISHER IS IN LAW, AND WHERE IT IS REGISTERED.>>" in out
    assert '\n--8<-- "_generated/contact.md"\n' in out
    assert "- [ ] <<`FACTSITE VALIDATE` REPORTS NO PROBLEM, AND THE PAGE READS WELL.>>" in out
    assert "| <<FILE>> | <<WHAT IT HOLDS>> |\n|---|---|\n" in out
    assert "| [data/claims.json](data/claims.json) | <<EVERY CLAIM.>> |" in out
    assert "| `id` | <<TEXT>> |" in out  # code alone is no word
    assert "<!-- <<A NOTE FOR THE EDITOR.>> -->" in out


def test_a_form_stays_a_form_with_its_keys_ids_and_labels() -> None:
    out = site_words.translated(".github/ISSUE_TEMPLATE/x.yml", FORM, _shout)
    form = yaml.safe_load(out)
    assert form["name"] == "<<SUGGEST A CLAIM>>" and form["title"] == "<<CLAIM: >>"
    assert form["labels"] == ["claim suggestion"]  # the repository's label names
    first, second = form["body"]
    assert first["attributes"]["value"] == (
        "<<THANK YOU. ONE CLAIM PER SUGGESTION.>>\n\n<<WRITE IT YOURSELF?>>\n"
    )
    assert second["id"] == "kind"
    attributes = second["attributes"]
    assert attributes["description"] == "<<PICK THE ONE THAT FITS.>>"
    assert attributes["placeholder"] == "https://"  # an address is not a word
    assert attributes["options"] == ["<<A FACT IS WRONG>>", "<<SOMETHING ELSE>>"]
    assert out.startswith("# Claim pages link here.\n")  # a maintainer's note stays


def _words(value: object) -> object:
    """A YAML value with the line breaks of its texts ignored (Markdown joins them)."""
    if isinstance(value, dict):
        return {k: _words(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_words(v) for v in value]
    return " ".join(value.split()) if isinstance(value, str) else value


def test_an_identity_translation_changes_nothing_but_line_breaks() -> None:
    """With each message as its own translation, every file of the template comes back with
    the same words in the same order and the same structure: nothing lost, nothing added.
    (English itself is written as it is, without this round: site_template.site_files.)"""
    root = files("factsite").joinpath("site_template")
    for rel, path in [
        ("docs/about.md", ("docs", "about.md")),
        ("docs/data.md", ("docs", "data.md")),
        ("docs/index.md", ("docs", "index.md")),
        (".github/PULL_REQUEST_TEMPLATE.md", ("dot-github", "PULL_REQUEST_TEMPLATE.md")),
    ]:
        text = root.joinpath(*path).read_text("utf-8")
        out = site_words.translated(rel, text, lambda s: s)
        assert out.replace('"', "").split() == text.replace('"', "").split(), rel
    for name in ("correction.yml", "suggest-claim.yml", "config.yml"):
        rel = f".github/ISSUE_TEMPLATE/{name}"
        text = root.joinpath("dot-github", "ISSUE_TEMPLATE", name).read_text("utf-8")
        text = text.replace("@@", "")  # a setting is filled in before YAML reads the file
        out = site_words.translated(rel, text, lambda s: s)
        assert _words(yaml.safe_load(out)) == _words(yaml.safe_load(text)), rel


def test_the_extractor_finds_what_the_translator_looks_up() -> None:
    looked_up: list[str] = []

    def record(value: str) -> str:
        looked_up.append(value)
        return value

    site_words.translated("docs/about.md", PAGE, record)
    fileobj = io.BytesIO(PAGE.encode())
    fileobj.name = "src/factsite/site_template/docs/about.md"  # type: ignore[attr-defined]
    found = list(site_words.extract_pages(fileobj, None, None, None))
    assert [message for _, _, message, _ in found] == looked_up
    assert all(
        comment == ["a page `factsite init` writes (docs/about.md)"] for *_, comment in found
    )
    lines = PAGE.splitlines()
    for line, _, message, _ in found:  # each at the line where it begins
        assert message.split(" ", 1)[0] in lines[line - 1], (line, message)
