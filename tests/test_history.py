"""The rule against backdating (check/substance.py, check/backdating.py) on real git histories.

Each example `tests/examples/history/NAME.yaml` is committed into a fresh repository on fixed
dates (and edited as the test says); `NAME.expected` holds the exact diagnostics of a
whole-project check (refresh with `pytest --update-goldens`, then review the diff).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import copy_project, problem_lines
from factsite.load import history

EXAMPLES = Path(__file__).parent / "examples" / "history"
REL = "claims/ynet-2026-01-azerbaijan-gaza"

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")


def git(root: Path, *args: str, day: str = "2026-11-28") -> str:
    when = f"{day}T12:00:00+00:00"
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env |= {"GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when}
    cmd = ["git", "-C", str(root), "-c", "user.name=Test", "-c", "user.email=t@example.org"]
    result = subprocess.run([*cmd, *args], env=env, capture_output=True, text=True, check=True)
    return result.stdout


def commit(root: Path, day: str, message: str = "change") -> None:
    git(root, "add", "-A", day=day)
    git(root, "commit", "-q", "--allow-empty", "-m", message, day=day)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A copy of the project without claims, committed on 2026-11-01."""
    root = copy_project(tmp_path / "project", claims=False)
    git(root, "init", "-q", "-b", "main")
    (root / REL).mkdir(parents=True)
    commit(root, "2026-11-01", "the site")
    return root


def add(root: Path, name: str, day: str = "2026-11-28") -> Path:
    path = root / REL / f"{name}.yaml"
    shutil.copy(EXAMPLES / f"{name}.yaml", path)
    commit(root, day, f"add {name}")
    return path


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def expect(name: str, got: list[str], update: bool) -> None:
    # Commit ids depend on every file of the copied project: compare them as <commit>.
    got = [re.sub(r"commit [0-9a-f]{7}\b", "commit <commit>", line) for line in got]
    expected = EXAMPLES / f"{name}.expected"
    if update:
        expected.write_text("".join(line + "\n" for line in got), encoding="utf-8")
    assert got, "a failing example must fail"
    assert got == expected.read_text(encoding="utf-8").splitlines()


def test_published_before_the_file_entered_the_history(repo: Path, update_goldens: bool) -> None:
    add(repo, "backdated-published")
    expect("backdated-published", problem_lines(repo), update_goldens)


def test_a_change_of_substance_without_an_update(repo: Path, update_goldens: bool) -> None:
    path = add(repo, "backdated-update")
    assert problem_lines(repo) == []
    edit(path, 'verdict: "true"', "verdict: mostly-true")
    commit(repo, "2026-11-30", "re-rate")
    expect("backdated-update", problem_lines(repo), update_goldens)


def test_updated_set_but_no_updates_entry_is_still_backdated(repo: Path) -> None:
    path = add(repo, "backdated-update")
    edit(path, "majority Shia.[^2]", "majority Shia, without a census figure.[^2]")
    edit(path, 'published: "2026-11-28"', 'published: "2026-11-28"\nupdated: "2026-11-30"')
    commit(repo, "2026-11-30")
    (found,) = problem_lines(repo)
    assert (
        ":37:10: error[backdated] $.updated: the check changed in substance on 2026-11-30" in found
    )
    assert "(analysis; commit" in found and "no `updates` entry dated 2026-11-30" in found


def test_an_update_entry_on_the_day_of_the_change_is_enough(repo: Path) -> None:
    path = add(repo, "backdated-update")
    edit(path, 'verdict: "true"', "verdict: mostly-true")
    edit(
        path,
        'published: "2026-11-28"',
        'published: "2026-11-28"\nupdated: "2026-11-30"\nupdates:\n  - date: "2026-11-30"\n'
        '    note: Re-rated mostly true.\n    previous_verdict: "true"',
    )
    commit(repo, "2026-11-30")
    assert problem_lines(repo) == []


def test_wording_of_source_details_and_rewrapping_are_not_changes_of_substance(
    repo: Path,
) -> None:
    path = add(repo, "backdated-update")
    edit(
        path,
        "about two in three Azerbaijanis are Shia.[^1] The Jewish\n  Press",
        "about two in\n  three Azerbaijanis are Shia.[^1] The Jewish Press",
    )
    edit(path, "like most Iranians.", "as most Iranians are.")
    edit(path, "publisher: Bloomberg\n", "publisher: Bloomberg News\n")
    edit(path, 'date: "2014-09-28"', 'date: "2014-09"')
    edit(path, "topics: [religion]", "topics: [religion, diplomacy]")
    commit(repo, "2026-11-30", "copy-edit")
    assert problem_lines(repo) == []
    edit(path, "stance: supports\n    note: Describes", "stance: context\n    note: Describes")
    commit(repo, "2026-12-01", "re-read a source")
    assert ["sources; commit" in p for p in problem_lines(repo)] == [True]


def test_a_renamed_file_keeps_the_day_it_first_entered(repo: Path) -> None:
    path = add(repo, "backdated-update", day="2026-11-29")
    new = path.with_name("renamed.yaml")
    git(repo, "mv", str(path), str(new), day="2026-11-30")
    # a published check renamed keeps its old address (check/continuity.py)
    edit(new, "id: backdated-update", "id: renamed\nredirect_from: [backdated-update]")
    commit(repo, "2026-11-30", "rename")
    (found,) = problem_lines(repo)
    assert "renamed.yaml" in found and "(2026-11-29, commit" in found


def test_the_rule_does_not_apply_outside_git_to_new_files_or_in_shallow_clones(
    repo: Path, tmp_path: Path
) -> None:
    plain = copy_project(tmp_path / "plain", claims=False)
    (plain / REL).mkdir(parents=True)
    shutil.copy(EXAMPLES / "backdated-published.yaml", plain / REL)
    assert problem_lines(plain) == []
    shutil.copy(EXAMPLES / "backdated-published.yaml", repo / REL)  # not committed yet
    assert problem_lines(repo) == []
    commit(repo, "2026-11-28")
    commit(repo, "2026-11-29", "a later commit")
    shallow = tmp_path / "shallow"
    subprocess.run(
        ["git", "clone", "-q", "--depth", "1", f"file://{repo}", str(shallow)], check=True
    )
    assert history.read_history(shallow, "claims") is None
    assert problem_lines(repo) != []


def test_validate_says_in_one_line_when_the_rule_cannot_run(
    repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from factsite.cli import main

    add(repo, "backdated-published")
    commit(repo, "2026-11-29", "a later commit")
    shallow = tmp_path / "shallow"
    subprocess.run(
        ["git", "clone", "-q", "--depth", "1", f"file://{repo}", str(shallow)], check=True
    )
    plain = copy_project(tmp_path / "plain", claims=False)
    shutil.copytree(repo / "claims", plain / "claims", dirs_exist_ok=True)
    capsys.readouterr()
    assert main(["--root", str(repo), "validate"]) == 1  # the rule ran, and refuses the file
    assert "warning" not in capsys.readouterr().err
    for root, why in ((shallow, "the clone is shallow"), (plain, "not a git checkout")):
        assert main(["--root", str(root), "validate"]) == 0  # passes, and says why it may
        err = capsys.readouterr().err
        [line] = [ln for ln in err.splitlines() if "warning" in ln]
        assert line.startswith("factsite validate: warning: the backdating rule did not run: ")
        assert why in line
    assert main(["--root", str(shallow), "validate", "--format", "github"]) == 0
    out = capsys.readouterr().out
    assert "::warning title=backdating::the backdating rule did not run: the clone is" in out


def test_one_log_for_the_whole_folder_and_one_reader_for_the_versions(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("backdated-published", "backdated-update"):
        add(repo, name)
    edit(repo / REL / "backdated-update.yaml", 'verdict: "true"', "verdict: mostly-true")
    commit(repo, "2026-11-30")
    calls: list[str] = []
    real_popen = subprocess.Popen

    def counting_popen(argv: list[str], **kwargs: object) -> subprocess.Popen[bytes]:
        calls.append(next(a for a in argv if a in ("rev-parse", "log", "cat-file")))
        return real_popen(argv, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(history.subprocess, "Popen", counting_popen)
    assert len(problem_lines(repo)) == 2
    assert calls == ["rev-parse", "log", "cat-file"]


def test_a_commit_subject_cannot_pass_for_another_commit(repo: Path) -> None:
    """The log is read by position (fields end in NUL): a subject that spells out a commit
    header of an earlier day, after either separator a log format might use, changes nothing."""
    path = repo / REL / "backdated-published.yaml"
    shutil.copy(EXAMPLES / "backdated-published.yaml", path)
    forged = f"add \x01{'a' * 40} 2000-01-01 x \x1e{'b' * 40} 2000-01-01 y"
    commit(repo, "2026-11-28", forged)
    (found,) = problem_lines(repo)
    assert "entered the history (2026-11-28, commit" in found
