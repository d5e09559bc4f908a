"""Property tests over whole projects: break the shared files at random, run every command.

Hypothesis draws one to three mutations of the real project's shared files (delete, empty,
truncate, garbage bytes, invalid YAML, the wrong shape, a duplicated line, a byte-order mark,
a huge file) and runs validate and render in this process, and build in the slow variant, on a
copy of a project that was built once. Whatever the files hold: no traceback (an exception
would fail the test), exit 0, 1 or 2, every printed problem has a code of the catalogue, and a
command that failed changed nothing in docs/ or site/.

Deterministic: derandomize=True and no example database, as in test_properties.py.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st

from conftest import copy_project, run_factsite
from factsite.cli import main
from factsite.problems import CATALOGUE

ARTICLE = "articles/ynet-2026-01-azerbaijan-gaza"
SHARED = (
    "mkdocs.yml",
    "verdicts.yaml",
    "topics.yaml",
    f"{ARTICLE}.yaml",
    f"{ARTICLE}.txt",
    "schema/claim.schema.json",
)
BREAKS = (
    "[",
    "{",
    ": :",
    "\t",
    "- ",
    "  key: [",
    "'",
    "*alias",
    "!!python/name:os.system ",
    "---\n",
)
KINDS = (
    "delete",
    "truncate",
    "garbage",
    "splice",
    "yaml",
    "shape",
    "dup",
    "bom",
    "huge",
    "comment",
)
SHAPES = (b"- a\n- b\n", b"just text\n", b"a: 1\n", b"42\n", b"[]\n", b"{}\n", b"null\n", b"")
PROBLEM = re.compile(r"[^\n]*:\d+:\d+: error\[([a-z-]+)\] [^\n]*")
SETTINGS = settings(
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
Mutation = Callable[[bytes], bytes | None]  # the file's new bytes, or None to delete it


@st.composite
def mutations(draw: st.DrawFn) -> tuple[str, str, Mutation]:
    """(file, what is done to it, the change)."""
    path = draw(st.sampled_from(SHARED))
    kind = draw(st.sampled_from(KINDS))
    if kind == "delete":
        return path, kind, lambda raw: None
    if kind == "truncate":
        cut = draw(st.integers(min_value=0, max_value=4000))
        return path, kind, lambda raw: raw[: cut % max(len(raw), 1)]
    if kind == "garbage":
        junk = draw(st.binary(max_size=300))
        return path, kind, lambda raw: junk
    if kind == "splice":
        junk, at = draw(st.binary(min_size=1, max_size=20)), draw(st.integers(min_value=0))
        return (
            path,
            kind,
            lambda raw: raw[: at % (len(raw) + 1)] + junk + raw[at % (len(raw) + 1) :],
        )
    if kind in ("yaml", "dup"):
        line, text = draw(st.integers(min_value=0)), draw(st.sampled_from(BREAKS)).encode()
        return path, kind, lambda raw: _at_line(raw, line, text if kind == "yaml" else None)
    if kind == "shape":
        shape = draw(st.sampled_from(SHAPES))
        return path, kind, lambda raw: shape
    if kind == "bom":
        return path, kind, lambda raw: b"\xef\xbb\xbf" + raw
    if kind == "comment":  # harmless but to the schema file: some projects stay valid
        return path, kind, lambda raw: raw + b"\n# a comment\n"
    return path, kind, lambda raw: raw + b"\n#" + b"x" * (3 * 1024 * 1024) + b"\n"


def _at_line(raw: bytes, line: int, text: bytes | None) -> bytes:
    """`text` put at the start of a line, or (None) that line written twice."""
    lines = raw.splitlines(keepends=True) or [b""]
    i = line % len(lines)
    lines.insert(i, text if text is not None else lines[i])
    return b"".join(lines)


def fingerprint(folder: Path) -> dict[str, tuple[int, int, int]]:
    """Every file under `folder` by inode, size and mtime: factsite replaces a file it writes
    (a new inode), so an unchanged entry is an unchanged file, at a fraction of hashing's cost."""
    if not folder.is_dir():
        return {}
    return {
        p.relative_to(folder).as_posix(): (st.st_ino, st.st_size, st.st_mtime_ns)
        for p in sorted(folder.rglob("*"))
        if p.is_file() and (st := p.stat())
    }


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_project(tmp_path_factory.mktemp("template") / "project")
    assert run_factsite(root, "build").returncode == 0
    return root


def mutated(template: Path, folder: Path, changes: list[tuple[str, str, Mutation]]) -> Path:
    """A copy of the template made of hard links (quick: factsite replaces the files it writes,
    never writes into them), with the changes made to new files."""
    root = folder / "project"
    skip = shutil.ignore_patterns(".factsite-cache")  # the lock file is written in place
    shutil.copytree(template, root, symlinks=True, copy_function=os.link, ignore=skip)
    for rel, _, change in changes:
        path = root / rel
        if not path.is_file():
            continue  # deleted by an earlier change
        new = change(path.read_bytes())
        path.unlink()  # the template's file stays as it is
        if new is not None:
            path.write_bytes(new)
    return root


def run(root: Path, command: str) -> tuple[int, str]:
    """The CLI in this process: its exit code and stdout (stderr is not looked at)."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["--root", str(root), "--jobs", "1", command])
    return code, out.getvalue()


def check(root: Path, commands: tuple[str, ...]) -> None:
    for command in commands:
        docs, site = fingerprint(root / "docs"), fingerprint(root / "site")
        code, out = run(root, command)
        event(f"{command} exits {code}")  # shown by --hypothesis-show-statistics
        assert code in (0, 1, 2), (command, code)
        if code != 0:
            assert fingerprint(root / "site") == site, command
            if command == "render" or (command == "build" and "error[" in out):
                assert fingerprint(root / "docs") == docs, command  # refused: nothing written
        if command != "build" or code == 0:  # a failed build prints the engine's own words
            for line in out.splitlines():
                found = PROBLEM.fullmatch(line)
                assert found is not None and found.group(1) in CATALOGUE, line
        assert (code == 0) == (out == "") or command == "build", (command, out)


changes_of_files = st.lists(mutations(), min_size=1, max_size=3)


@settings(SETTINGS, max_examples=30)
@given(changes_of_files)
def test_validate_and_render_of_a_broken_project_answer_with_problems(
    template: Path, changes: list[tuple[str, str, Mutation]]
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        check(mutated(template, Path(folder), changes), ("validate", "render"))


NAV_TO_A_MISSING_PAGE = ("mkdocs.yml", "nav", lambda raw: raw.replace(b"about.md", b"gone.md"))
HARMLESS = ("verdicts.yaml", "bom", lambda raw: b"\xef\xbb\xbf" + raw)


@pytest.mark.slow
@settings(SETTINGS, max_examples=6)
@example([NAV_TO_A_MISSING_PAGE])  # valid for factsite, refused by mkdocs --strict
@example([HARMLESS])  # built: a site that did change
@given(changes_of_files)
def test_build_of_a_broken_project_never_changes_the_site_when_it_fails(
    template: Path, changes: list[tuple[str, str, Mutation]]
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        check(mutated(template, Path(folder), changes), ("build",))
