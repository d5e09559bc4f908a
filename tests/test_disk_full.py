"""A full disk or a read-only folder is a message, and the previous outputs are intact.

On a real small file system where the machine allows one (as root: a tmpfs of a few
megabytes, and read-only bind mounts, since root ignores permission bits), and at the write
layer everywhere (an OSError raised where factsite writes).
"""

from __future__ import annotations

import errno
import hashlib
import io
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import copy_project, run_factsite
from factsite.cli import main
from factsite.publish import write
from factsite.publish.engine_log import relay

CLAIM = "claims/ynet-2026-01-azerbaijan-gaza/embassy-tel-aviv-march-2023.yaml"
NO_SPACE = "cannot write it: no space left on device; free some space and run again"


def fingerprint(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def change_every_page(root: Path) -> None:
    """A new site name: every generated page and card changes."""
    config = root / "mkdocs.yml"
    text = config.read_text().replace("site_name: Claim by Claim", "site_name: Facts", 1)
    config.write_text(text)


def change_one_claim(root: Path) -> None:
    path = root / CLAIM
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("ruling: >-\n  ", "ruling: >-\n  Changed. ", 1), encoding="utf-8")


# ---------------------------------------------------------------------------------------------
# At the write layer: every machine


@pytest.fixture
def rendered(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    root = copy_project(tmp_path / "project")
    assert main(["--root", str(root), "render"]) == 0
    capsys.readouterr()
    return root


def fail_after(monkeypatch: pytest.MonkeyPatch, target: str, calls: int, code: int) -> None:
    """Make write.`target` raise OSError(`code`) from its `calls`-th call on."""
    real, count = getattr(write, target), [0]

    def failing(*args: object) -> object:
        count[0] += 1
        if count[0] >= calls:
            raise OSError(code, os.strerror(code))
        return real(*args)

    monkeypatch.setattr(write, target, failing)


def test_a_page_that_cannot_be_written_leaves_docs_as_it_was(
    rendered: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    change_every_page(rendered)
    docs = fingerprint(rendered / "docs")
    fail_after(monkeypatch, "_stage", 10, errno.ENOSPC)
    assert main(["--root", str(rendered), "render"]) == 1
    out, err = capsys.readouterr()
    [line] = out.splitlines()
    assert line.startswith("docs/") and line.endswith(f":1:1: error[write-failed] {NO_SPACE}")
    assert "render: nothing written, docs/ is as it was" in err
    assert fingerprint(rendered / "docs") == docs  # nothing new, no .tmp-* left


def test_a_rename_that_fails_half_way_is_repaired_by_the_next_render(
    rendered: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Renames need no space, but an I/O error can stop them: the next render repairs."""
    change_every_page(rendered)
    expected = copy_project(rendered.parent / "expected")
    change_every_page(expected)
    assert main(["--root", str(expected), "render"]) == 0
    real = os.replace
    count = [0]

    def failing(src: object, dst: object) -> None:
        count[0] += 1
        if count[0] == 20:
            raise OSError(errno.EIO, os.strerror(errno.EIO))
        real(src, dst)  # type: ignore[arg-type]

    monkeypatch.setattr(write.os, "replace", failing)
    assert main(["--root", str(rendered), "render"]) == 1
    assert "error[write-failed] cannot write it: input/output error" in capsys.readouterr().out
    monkeypatch.setattr(write.os, "replace", real)
    assert main(["--root", str(rendered), "render"]) == 0
    have, want = fingerprint(rendered / "docs"), fingerprint(expected / "docs")
    have.pop(write.MANIFEST), want.pop(write.MANIFEST)  # it records when cards were drawn
    assert have == want


def test_schema_and_new_say_which_file_cannot_be_written(
    rendered: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    schema = rendered / "schema" / "claim.schema.json"
    before = schema.read_bytes()
    schema.write_text("{}\n")
    fail_after(monkeypatch, "_stage", 1, errno.EROFS)
    assert main(["--root", str(rendered), "schema"]) == 1
    assert capsys.readouterr().out == (
        "schema/claim.schema.json:1:1: error[write-failed] cannot write it: read-only file "
        "system; run factsite where the project can be written\n"
    )
    assert schema.read_text() == "{}\n" != before.decode()

    claims = sorted((rendered / "claims").rglob("*.yaml"))
    real_open = Path.open

    class Full(io.StringIO):
        def write(self, text: str) -> int:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    def full_disk(self: Path, mode: str = "r", *args: object, **kw: object) -> io.IOBase:
        if mode == "x":  # the file is created, then the disk is full
            real_open(self, mode, *args, **kw).close()
            return Full()
        return real_open(self, mode, *args, **kw)

    monkeypatch.setattr(Path, "open", full_disk)
    assert main(["--root", str(rendered), "new", "--sentence", "3"]) == 1
    err = capsys.readouterr().err
    assert "error[write-failed] cannot write it: no space left on device" in err
    assert sorted((rendered / "claims").rglob("*.yaml")) == claims  # no half-written claim


def test_the_engines_traceback_of_a_full_disk_becomes_one_problem(tmp_path: Path) -> None:
    building = tmp_path / ".site-build-1-x"
    traceback = [
        "INFO    -  Building documentation\n",
        "Traceback (most recent call last):\n",
        '  File "mkdocs/utils/__init__.py", line 123, in copy_file\n',
        "    shutil.copyfile(source_path, output_path)\n",
        f"OSError: [Errno 28] No space left on device: '/p/docs/a.png' -> '{building}/a.png'\n",
    ]
    out = io.StringIO()
    problem = relay(traceback, out, building=building, site="site")
    assert out.getvalue() == "INFO    -  Building documentation\n"
    assert (
        problem is not None and problem.text() == f"site/a.png:1:1: error[write-failed] {NO_SPACE}"
    )
    other = ["Traceback (most recent call last):\n", "  File x\n", "KeyError: 'nav'\n"]
    out = io.StringIO()
    assert relay(other, out, building=building, site="site") is None
    assert out.getvalue() == "".join(other)  # the engine's own to explain


# ---------------------------------------------------------------------------------------------
# On a real small file system: as root, where mount works


def _mount(*args: str) -> bool:
    if os.geteuid() != 0 or shutil.which("mount") is None:
        return False
    done = subprocess.run(["mount", *args], capture_output=True, check=False)
    return done.returncode == 0


def _unmount(path: Path) -> None:
    subprocess.run(["umount", str(path)], capture_output=True, check=False)


@pytest.fixture(scope="module")
def small_disk(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A tmpfs holding a built project, shrunk to leave a few hundred KiB free."""
    mount = tmp_path_factory.mktemp("tmpfs")
    if not _mount("-t", "tmpfs", "-o", "size=64m", "tmpfs", str(mount)):
        pytest.skip("needs root and a mountable tmpfs; the write-layer tests above still ran")
    try:
        root = copy_project(mount / "project")
        assert run_factsite(root, "build").returncode == 0
        st = os.statvfs(mount)
        used_kib = (st.f_blocks - st.f_bfree) * st.f_frsize // 1024
        assert _mount("-o", f"remount,size={used_kib + 512}k", str(mount))
        yield root
    finally:
        _unmount(mount)


def test_on_a_full_disk_render_says_so_and_keeps_docs(small_disk: Path) -> None:
    docs, site = fingerprint(small_disk / "docs"), fingerprint(small_disk / "site")
    config = (small_disk / "mkdocs.yml").read_text()
    change_every_page(small_disk)  # a megabyte of new cards does not fit
    try:
        result = run_factsite(small_disk, "build")
    finally:
        (small_disk / "mkdocs.yml").write_text(config)
    assert result.returncode == 1
    [line] = result.stdout.splitlines()
    assert line.startswith("docs/") and line.endswith(f":1:1: error[write-failed] {NO_SPACE}")
    assert "Traceback" not in result.stderr
    assert fingerprint(small_disk / "docs") == docs
    assert fingerprint(small_disk / "site") == site


def test_on_a_full_disk_build_says_so_and_keeps_the_site(small_disk: Path) -> None:
    site = fingerprint(small_disk / "site")
    claim = (small_disk / CLAIM).read_text()
    change_one_claim(small_disk)  # the pages fit, a second copy of the site does not
    try:
        result = run_factsite(small_disk, "build")
    finally:
        (small_disk / CLAIM).write_text(claim)
    assert result.returncode == 1, result.stderr
    [line] = result.stdout.splitlines()
    assert line.startswith("site/") and line.endswith(f":1:1: error[write-failed] {NO_SPACE}")
    assert "build: the new site cannot be written; the previous site/ is unchanged" in result.stderr
    assert "Traceback" not in result.stderr
    assert fingerprint(small_disk / "site") == site
    assert not list(small_disk.glob(".site-*"))


@pytest.fixture
def read_only(tmp_path: Path) -> Iterator[Path]:
    """A rendered project whose docs/ folder is a read-only bind mount of itself."""
    root = copy_project(tmp_path / "project")
    assert run_factsite(root, "render").returncode == 0
    docs = root / "docs"
    if not _mount("--bind", str(docs), str(docs)):
        pytest.skip("needs root and bind mounts; the write-layer tests above still ran")
    try:
        assert _mount("-o", "remount,ro,bind", str(docs))
        yield root
    finally:
        _unmount(docs)


def test_a_read_only_docs_folder_is_a_message(read_only: Path) -> None:
    docs = fingerprint(read_only / "docs")
    change_one_claim(read_only)
    result = run_factsite(read_only, "build")
    assert result.returncode == 1
    [line] = result.stdout.splitlines()
    assert line.startswith("docs/") and line.endswith(
        ":1:1: error[write-failed] cannot write it: read-only file system; "
        "run factsite where the project can be written"
    )
    assert fingerprint(read_only / "docs") == docs
    assert not (read_only / "site").exists()
