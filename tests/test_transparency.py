"""check/transparency.py: the sections the IFCN and EFCSN codes ask for, in a new site's pages."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest

from conftest import REPO
from factsite.check.transparency import items
from factsite.cli import main
from factsite.commands.init import init
from factsite.commands.options import Options
from factsite.render import i18n

SECTIONS = {(i.page, i.section) for i in items()}


def _site(tmp_path: Path, language: str | None = None) -> Path:
    root = tmp_path / "site"
    opts = Options(init_dir=root, repo_url="https://github.com/a/b", language=language)
    assert init(opts, io.StringIO()) == 0
    return root


def _validate(root: Path, capsys: pytest.CaptureFixture[str]) -> list[str]:
    capsys.readouterr()
    main(["--root", str(root), "validate"])
    return capsys.readouterr().out.splitlines()


def _fill(root: Path) -> None:
    """Every TODO of the pages and of mkdocs.yml replaced, as a newsroom fills them."""
    for page in (root / "docs").glob("*.md"):
        text = re.sub(r"\*\*TODO:\*\*|TODO", "Done:", page.read_text(encoding="utf-8"))
        page.write_text(text, encoding="utf-8")
    config = root / "mkdocs.yml"
    config.write_text(config.read_text().replace("TODO", "example"), encoding="utf-8")


def test_every_item_names_its_standard_and_is_a_section_init_writes(tmp_path: Path) -> None:
    assert {i.standard for i in items()} == {"ifcn", "efcsn"}
    root = _site(tmp_path)
    for item in items():
        assert item.asks.startswith(("the IFCN Code of Principles asks", "the EFCSN asks"))
        text = (root / "docs" / item.page).read_text(encoding="utf-8")
        assert f"\n## {item.section}\n" in text, item


def test_a_new_site_is_refused_item_by_item_at_the_todo_with_the_standard(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = _site(tmp_path)
    lines = _validate(root, capsys)
    found = [line for line in lines if "error[transparency-missing]" in line]
    assert len(found) == len(items())
    legal = next(line for line in found if "'## Legal status' is still TODO" in line)
    page = (root / "docs" / "about.md").read_text(encoding="utf-8").splitlines()
    number = int(legal.split(":")[1])
    assert legal.startswith("docs/about.md:") and page[number - 1].startswith("**TODO:**")
    assert "IFCN Code of Principles" in legal and "eligibility 1.1" in legal
    escalate = next(line for line in found if "Complaints and escalation" in line)
    assert "EFCSN" in escalate and "article 3.3" in escalate
    # the same TODO is reported once, with its standard; other TODOs stay todo-left
    at = {tuple(line.split(":")[:2]) for line in found}
    todos = {tuple(line.split(":")[:2]) for line in lines if "error[todo-left]" in line}
    assert not at & todos and todos


def test_a_filled_site_passes_and_a_missing_or_empty_section_is_located(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = _site(tmp_path)
    _fill(root)
    assert not [ln for ln in _validate(root, capsys) if "error[" in ln]
    about = root / "docs" / "about.md"
    text = about.read_text(encoding="utf-8")
    text = re.sub(r"## Contact\n\n.*?\n\n(?=## )", "", text, flags=re.S)  # removed
    text = re.sub(r"(## How we are funded\n)\n.*?\n\n(?=## )", r"\1\n", text, flags=re.S)
    about.write_text(text, encoding="utf-8")
    found = [ln for ln in _validate(root, capsys) if "error[" in ln]
    heading = text.splitlines().index("## How we are funded") + 1
    assert found == [
        "docs/about.md:1:1: error[transparency-missing] no section '## Contact': the IFCN Code "
        "of Principles asks for a clear way for readers to contact the publisher "
        "(commitment 3); add it, with your own facts",
        f"docs/about.md:{heading}:1: error[transparency-missing] '## How we are funded' is "
        "empty: the IFCN Code of Principles asks for the sources of funding, and safeguards "
        "for any state or political funding (commitment 3; eligibility 1.6)",
    ]


@pytest.mark.parametrize(("standards", "efcsn"), [("[ifcn]", False), ("[]", None)])
def test_only_the_codes_a_site_names_are_checked(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], standards: str, efcsn: bool | None
) -> None:
    root = _site(tmp_path)
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("standards: [ifcn, efcsn]", f"standards: {standards}"))
    found = [ln for ln in _validate(root, capsys) if "transparency-missing" in ln]
    if efcsn is None:
        assert found == []
    else:
        assert found and not any("EFCSN" in line for line in found)


def test_an_unknown_code_is_refused_by_the_schema(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = _site(tmp_path)
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("standards: [ifcn, efcsn]", "standards: [ifcn, ipso]"))
    lines = _validate(root, capsys)
    assert any(ln.startswith("mkdocs.yml:") and "'ipso'" in ln for ln in lines), lines


def test_this_repositorys_site_names_no_code() -> None:
    assert "standards:" not in (REPO / "mkdocs.yml").read_text(encoding="utf-8")


@pytest.mark.parametrize("language", ["de", "ar"])
def test_a_site_in_its_own_language_is_checked_by_its_own_headings(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], language: str
) -> None:
    """init writes the pages in the site's language; validate finds their sections by the
    same catalogue's headings and names the heading as the site writes it."""
    root = _site(tmp_path, language)
    say = i18n.words(language).gettext
    about = root / "docs" / "about.md"
    legal, contact = say("Legal status"), say("Contact")
    assert legal != "Legal status" and f"\n## {legal}\n" in about.read_text(encoding="utf-8")
    found = [ln for ln in _validate(root, capsys) if "error[transparency-missing]" in ln]
    assert len(found) == len(items())  # every item at its TODO, none missing
    assert any(f"'## {legal}' is still TODO: the IFCN Code" in line for line in found), found
    _fill(root)
    assert not [ln for ln in _validate(root, capsys) if "error[" in ln]
    text = about.read_text(encoding="utf-8")
    text = re.sub(rf"## {re.escape(contact)}\n\n.*?\n\n(?=## )", "", text, flags=re.S)
    about.write_text(text, encoding="utf-8")
    found = [ln for ln in _validate(root, capsys) if "error[" in ln]
    assert found == [
        f"docs/about.md:1:1: error[transparency-missing] no section '## {contact}': the IFCN "
        "Code of Principles asks for a clear way for readers to contact the publisher "
        "(commitment 3); add it, with your own facts",
    ]


def test_an_english_heading_still_counts_in_a_site_of_another_language(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Pages written before the site changed its language keep passing."""
    root = _site(tmp_path)
    _fill(root)
    config = root / "mkdocs.yml"
    text = config.read_text().replace('language: "en"', 'language: "de"')
    text = text.replace('locale: "en"', 'locale: "de"')
    config.write_text(text, encoding="utf-8")
    assert not [ln for ln in _validate(root, capsys) if "error[" in ln]
