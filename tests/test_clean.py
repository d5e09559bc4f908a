"""commands/clean.py: `factsite clean` removes what render and build made, and nothing else."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import pytest

from conftest import copy_project, render_root
from factsite.cli import main
from factsite.publish.cache import CACHE_DIR
from factsite.publish.write import MANIFEST

# What clean keeps on purpose: the project's lock (publish/lock.py) and the cache's .gitignore.
KEPT = {".factsite-cache/lock", ".factsite-cache/.gitignore"}


def tree(root: Path) -> dict[str, str]:
    """Every file and symlink under `root`, with the SHA-256 of its bytes (or its target);
    not the lock and the cache's .gitignore, which clean keeps."""
    found = {}
    for p in sorted(root.rglob("*")):
        rel = p.relative_to(root).as_posix()
        if rel in KEPT:
            continue
        if p.is_symlink():
            found[rel] = f"-> {p.readlink()}"
        elif p.is_file():
            found[rel] = hashlib.sha256(p.read_bytes()).hexdigest()
    return found


def _clean(root: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    capsys.readouterr()
    code = main(["--root", str(root), "clean", *args])
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, out


def _built(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """A rendered project with what a build leaves: site/, and leftovers of interrupted builds.
    Also the tree of the project before any of it."""
    root = copy_project(tmp_path / "project")
    before = tree(root)
    report, problems = render_root(root)
    assert problems == "" and report is not None and report.written
    # Leftovers of killed runs, named with the pid of this very test process: alive, which
    # does not matter, since under the project's lock every such folder is a dead run's.
    pid = os.getpid()
    for folder in ("site", f".site-build-{pid}-x", f".site-old-{pid}", ".site-shards-x"):
        (root / folder / "claims").mkdir(parents=True)
        (root / folder / "claims" / "index.html").write_text("<html></html>")
    (root / CACHE_DIR).mkdir(exist_ok=True)  # render records it once the files are not new
    (root / CACHE_DIR / "check.bin").write_bytes(b"cache")
    return root, before


def test_clean_removes_everything_generated_and_nothing_else(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root, before = _built(tmp_path)
    generated = json.loads((root / "docs" / MANIFEST).read_text())["files"]
    generated += json.loads((root / "overrides" / MANIFEST).read_text())["files"]  # the theme
    mine = root / "docs" / "claims" / "notes.md"  # hand-written, in a generated folder
    mine.write_text("# mine\n")
    (root / ".site-notes.txt").write_text("a file, not a build folder\n")
    code, out = _clean(root, capsys)
    assert code == 0
    assert out == f"clean: {len(generated)} generated file(s) removed, and site/ and the caches\n"
    assert tree(root) == {
        **before,
        "docs/claims/notes.md": tree(root)["docs/claims/notes.md"],
        ".site-notes.txt": tree(root)[".site-notes.txt"],
    }
    assert mine.read_text() == "# mine\n"
    assert not (root / "overrides").exists()  # the folder too, when it held only the theme


def test_a_newsrooms_own_override_keeps_the_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root, _ = _built(tmp_path)
    own = root / "overrides" / "partials" / "own-footer.html"
    own.parent.mkdir(parents=True, exist_ok=True)
    own.write_text("<p>ours</p>\n")
    assert _clean(root, capsys)[0] == 0
    assert own.read_text() == "<p>ours</p>\n"
    assert sorted(p.name for p in (root / "overrides").rglob("*")) == [
        "own-footer.html",
        "partials",
    ]


def test_clean_twice_and_quietly(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root, before = _built(tmp_path)
    assert _clean(root, capsys, "--quiet") == (0, "")
    assert tree(root) == before
    assert _clean(root, capsys) == (
        0,
        "clean: 0 generated file(s) removed, and site/ and the caches\n",
    )
    assert tree(root) == before


def test_a_symlinked_site_or_cache_is_not_followed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root, _ = _built(tmp_path)
    elsewhere = tmp_path / "elsewhere"
    (elsewhere / "keep").mkdir(parents=True)
    (elsewhere / "keep" / "precious.txt").write_text("precious\n")
    for name in ("site", CACHE_DIR):
        target = root / name
        for p in sorted(target.rglob("*"), reverse=True):
            p.rmdir() if p.is_dir() else p.unlink()
        target.rmdir()
        target.symlink_to(elsewhere, target_is_directory=True)
    # The project's lock lives in the cache folder: a symlinked one is refused, not followed.
    assert _clean(root, capsys)[0] == 1
    assert (elsewhere / "keep" / "precious.txt").read_text() == "precious\n"
    assert sorted(p.name for p in elsewhere.iterdir()) == ["keep"]  # no lock written there
    assert (root / "site").is_symlink()


def test_a_project_never_rendered(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = copy_project(tmp_path / "project")
    before = tree(root)
    assert _clean(root, capsys)[0] == 0
    assert tree(root) == before
