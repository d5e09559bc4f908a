"""commands/upgrade.py: a newer template's lines come in, the newsroom's edits stay, and a
change of the same lines is a conflict, marked, never a silent overwrite.

"The previous release" is made here: a site from `factsite init`, whose record (what init
wrote) and files are turned back into an older template, one without what this one added
to pr.yml and to the about page. Then the newsroom edits both, and upgrades.
"""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import pytest

from factsite.cli import main
from factsite.commands.init import init
from factsite.commands.options import Options
from factsite.render.site_template import RECORD

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git merge-file merges")

PR = ".github/workflows/pr.yml"
ABOUT = "docs/about.md"
# What this template has and the older one had not.
NEW_PR = (
    "          # The whole history: the validator checks claim dates against it (no backdating);\n"
    "          # in a shallow clone it cannot, and says so in a warning.\n"
    "          fetch-depth: 0\n"
)
NEW_ABOUT = "## Independence\n"
OLD_ABOUT = "## Our independence\n"


def _previous_release(root: Path) -> dict[str, str]:
    """Make the site at `root` one that an older template made; its record as it was."""
    assert init(Options(init_dir=root, repo_url="https://github.com/a/b"), io.StringIO()) == 0
    record = json.loads((root / RECORD).read_text(encoding="utf-8"))
    files = record["files"]
    assert NEW_PR in files[PR] and NEW_ABOUT in files[ABOUT]
    files[PR] = files[PR].replace(NEW_PR, "")
    files[ABOUT] = files[ABOUT].replace(NEW_ABOUT, OLD_ABOUT)
    record["factsite"] = "0.0.9"
    (root / RECORD).write_text(json.dumps(record), encoding="utf-8")
    for path in (PR, ABOUT):
        (root / path).write_text(files[path], encoding="utf-8")
    return files


def _edit(root: Path, path: str, old: str, new: str) -> None:
    text = (root / path).read_text(encoding="utf-8")
    assert old in text, old
    (root / path).write_text(text.replace(old, new, 1), encoding="utf-8")


OUR_ABOUT = (
    "**TODO:** Who publishes this site: the organisation or the people responsible, and how to\n"
    "contact them. Name only people who agreed to be named.\n"
)


def test_new_template_lines_come_in_and_the_edits_stay(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "site"
    _previous_release(root)
    _edit(root, PR, "timeout-minutes: 30", "timeout-minutes: 45")  # the newsroom's edits
    _edit(root, ABOUT, OUR_ABOUT, "The Riverton Gazette Ltd publishes this site.\n")
    untouched = (root / "docs" / "methodology.md").read_text(encoding="utf-8")
    capsys.readouterr()
    assert main(["--root", str(root), "upgrade"]) == 0
    out = capsys.readouterr().out
    assert f"merged   {PR}  (your edits kept)" in out
    assert f"merged   {ABOUT}  (your edits kept)" in out
    assert "upgrade: from factsite 0.0.9 to " in out
    pr = (root / PR).read_text(encoding="utf-8")
    assert NEW_PR in pr and "timeout-minutes: 45" in pr  # the template's lines, and ours
    about = (root / ABOUT).read_text(encoding="utf-8")
    assert NEW_ABOUT in about and OLD_ABOUT not in about
    assert "The Riverton Gazette Ltd publishes this site." in about and OUR_ABOUT not in about
    assert (root / "docs" / "methodology.md").read_text(encoding="utf-8") == untouched
    # the record is the new template now: a second upgrade has nothing to do
    assert main(["--root", str(root), "upgrade"]) == 0
    assert "0 file(s) changed" in capsys.readouterr().out


def test_an_unedited_file_takes_the_new_text_and_a_removed_one_stays_removed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "site"
    files = _previous_release(root)
    (root / ABOUT).unlink()
    assert main(["--root", str(root), "upgrade"]) == 0
    out = capsys.readouterr().out
    assert f"updated  {PR}" in out
    assert f"kept     {ABOUT}  (removed here" in out
    assert NEW_PR in (root / PR).read_text(encoding="utf-8")
    assert not (root / ABOUT).exists()
    assert files[PR] != (root / PR).read_text(encoding="utf-8")


def test_the_same_lines_changed_on_both_sides_are_a_conflict(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "site"
    _previous_release(root)
    _edit(root, ABOUT, OLD_ABOUT, "## How we stay independent\n")
    assert main(["--root", str(root), "upgrade"]) == 1
    out, err = capsys.readouterr()
    assert f"conflict {ABOUT}  (1 conflict(s))" in out
    assert f"1 file(s) with conflicts, marked <<<<<<< and >>>>>>> as git marks them: {ABOUT}" in err
    about = (root / ABOUT).read_text(encoding="utf-8")
    assert "<<<<<<< this site\n## How we stay independent\n" in about
    assert "=======\n## Independence\n>>>>>>> factsite " in about
    assert "Traceback" not in err


def test_dry_run_shows_the_changes_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "site"
    _previous_release(root)
    before = {p: p.read_bytes() for p in root.rglob("*") if p.is_file()}
    assert main(["--root", str(root), "upgrade", "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert f"+++ b/{PR}" in out and "+          fetch-depth: 0" in out
    assert "nothing written (--dry-run)" in out
    assert {p: p.read_bytes() for p in root.rglob("*") if p.is_file()} == before


@pytest.mark.parametrize("record", [None, "{not json", '{"files": {}}'])
def test_without_a_record_it_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], record: str | None
) -> None:
    root = tmp_path / "site"
    root.mkdir()
    if record is not None:
        (root / RECORD).parent.mkdir()
        (root / RECORD).write_text(record, encoding="utf-8")
    assert main(["--root", str(root), "upgrade"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("factsite upgrade: error: ") and "Traceback" not in err
    assert RECORD in err
