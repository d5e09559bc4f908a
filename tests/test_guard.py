"""commands/guard.py: a folder that is not a factsite site gets one sentence, exit 2."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import REPO
from factsite.cli import main
from factsite.commands.guard import MARKERS, not_a_site
from factsite.load.files import Layout

COMMANDS = ["validate", "render", "build", "clean", "schema", "serve", "new"]


def _message(root: Path) -> str:
    return (
        f"factsite: error: {root} is not a factsite site: it has no mkdocs.yml, verdicts.yaml or "
        "claims/ folder. Run factsite in a site's folder (or pass --root), or start one with "
        '`factsite init DIR` (the README\'s "Start your own site").\n'
    )


@pytest.mark.parametrize("command", COMMANDS)
def test_an_empty_folder_is_not_a_site(
    tmp_path: Path, command: str, capsys: pytest.CaptureFixture[str]
) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    assert main(["--root", str(empty), command]) == 2
    out, err = capsys.readouterr()
    assert out == "" and err == _message(empty)  # one line, no traceback, no list of problems
    assert list(empty.iterdir()) == []  # not even a cache


@pytest.mark.parametrize("marker", MARKERS)
def test_any_one_of_a_site_s_files_makes_a_site(tmp_path: Path, marker: str) -> None:
    assert marker in ("mkdocs.yml", "verdicts.yaml", "claims")
    assert not_a_site(Layout(tmp_path)) is True
    if marker == "claims":
        (tmp_path / marker).mkdir()
    else:
        (tmp_path / marker).write_text("", encoding="utf-8")
    assert not_a_site(Layout(tmp_path)) is False


def test_a_half_made_site_gets_its_problems_not_the_sentence(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "claims").mkdir()
    assert main(["--root", str(tmp_path), "validate"]) == 1
    out, err = capsys.readouterr()
    assert "not a factsite site" not in err
    assert [line.split(" error")[0] for line in out.splitlines()] == [
        "mkdocs.yml:1:1:",
        "topics.yaml:1:1:",
        "verdicts.yaml:1:1:",
    ]
    assert all("error[file-missing]" in line for line in out.splitlines())


def test_the_sentence_points_at_a_section_of_the_readme(tmp_path: Path) -> None:
    (section,) = re.findall(r'README\'s "([^"]+)"', _message(tmp_path))
    headings = re.findall(r"^#+ (.+)$", (REPO / "README.md").read_text(encoding="utf-8"), re.M)
    assert section in headings
