"""load/origin.py: the requirement a new site installs is where the running factsite came from."""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
from importlib import metadata
from pathlib import Path

import pytest

from factsite.load.origin import pip_git_url, requirement

SHA = "0123456789abcdef0123456789abcdef01234567"


class _Dist(metadata.Distribution):
    """A distribution whose metadata is given: its version and its direct_url.json."""

    def __init__(self, direct_url: dict[str, object] | None, version: str = "1.2.3") -> None:
        self._files = {"METADATA": f"Name: factsite\nVersion: {version}\n"}
        if direct_url is not None:
            self._files["direct_url.json"] = json.dumps(direct_url)

    def read_text(self, filename: str) -> str | None:
        return self._files.get(filename)

    def locate_file(self, path: str | os.PathLike[str]) -> Path:
        return Path(path)


def test_from_an_index_the_version() -> None:
    found = requirement(_Dist(None))
    assert found.line == "factsite==1.2.3" and found.portable


def test_from_git_the_url_and_the_commit() -> None:
    record = {
        "url": "https://github.com/factsite/factsite",
        "vcs_info": {"vcs": "git", "commit_id": SHA, "requested_revision": "main"},
    }
    found = requirement(_Dist(record))
    assert found.line == f"factsite @ git+https://github.com/factsite/factsite@{SHA}"
    assert found.portable
    record["subdirectory"] = "python"
    assert requirement(_Dist(record)).line.endswith(f"@{SHA}#subdirectory=python")


def test_from_a_local_git_repository_a_url_that_old_pips_take_and_only_this_machine() -> None:
    record = {"url": "file:///srv/factsite", "vcs_info": {"vcs": "git", "commit_id": SHA}}
    found = requirement(_Dist(record))
    # pip 23 refuses `git+file:///...` in a requirement (no host); localhost is the same place
    assert found.line == f"factsite @ git+file://localhost/srv/factsite@{SHA}"
    assert not found.portable


def test_from_a_wheel_file_its_url_which_only_this_machine_can_install() -> None:
    url = "file:///tmp/dist/factsite-1.2.3-py3-none-any.whl"
    found = requirement(_Dist({"url": url, "archive_info": {}}))
    assert found.line == f"factsite @ {url}" and not found.portable
    web = "https://example.org/factsite-1.2.3-py3-none-any.whl"
    assert requirement(_Dist({"url": web, "archive_info": {"hash": "sha256=00"}})).portable


def _checkout(folder: Path, remote: str | None) -> str:
    git = shutil.which("git")
    assert git, "these tests need git"
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("GIT_")},
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.org",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.org",
    }
    folder.mkdir()
    (folder / "f").write_text("x\n")
    for args in (["init", "-q"], ["add", "f"], ["commit", "-qm", "one"]):
        subprocess.run([git, "-C", str(folder), *args], check=True, env=env)
    if remote:
        subprocess.run([git, "-C", str(folder), "remote", "add", "origin", remote], check=True)
    return subprocess.run(
        [git, "-C", str(folder), "rev-parse", "HEAD"], capture_output=True, text=True, check=True
    ).stdout.strip()


@pytest.mark.parametrize(
    ("remote", "pip_url"),
    [
        ("https://github.com/me/factsite.git", "https://github.com/me/factsite.git"),
        ("git@github.com:me/factsite.git", "ssh://git@github.com/me/factsite.git"),
    ],
)
def test_an_editable_checkout_with_a_remote_its_remote_and_commit(
    tmp_path: Path, remote: str, pip_url: str
) -> None:
    commit = _checkout(tmp_path / "factsite", remote)
    record = {"url": (tmp_path / "factsite").as_uri(), "dir_info": {"editable": True}}
    found = requirement(_Dist(record))
    assert found.line == f"factsite @ git+{pip_url}@{commit}"
    assert found.portable and "push it first" in found.note


def test_a_checkout_without_a_remote_must_be_edited(tmp_path: Path) -> None:
    _checkout(tmp_path / "factsite", None)
    url = (tmp_path / "factsite").as_uri()
    found = requirement(_Dist({"url": url, "dir_info": {"editable": True}}))
    assert found.line == f"factsite @ {url}" and not found.portable


def test_an_unreadable_record_is_not_guessed_at() -> None:
    found = requirement(_Dist({"no": "url"}))
    assert found.line == "factsite==1.2.3" and not found.portable


def test_scp_syntax_becomes_an_ssh_url() -> None:
    assert pip_git_url("git@host:a/b.git") == "ssh://git@host/a/b.git"
    assert pip_git_url("https://host/a/b.git") == "https://host/a/b.git"


def test_the_requirement_is_written_into_the_new_site(tmp_path: Path) -> None:
    from factsite.commands.init import init
    from factsite.commands.options import Options

    options = Options(init_dir=tmp_path / "s", repo_url="https://github.com/a/b")
    assert init(options, io.StringIO()) == 0
    text = (tmp_path / "s" / "requirements.txt").read_text(encoding="utf-8")
    assert text.splitlines()[-1] == requirement().line
    if not requirement().portable:
        assert "# TODO: this installs only on the machine" in text
