"""check/memo.py: a claim file's check read back from the last check equals a fresh check."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from conftest import copy_project
from factsite.check import memo, pool
from factsite.check.project import check_project
from factsite.digest import file_digest
from factsite.load.files import Layout


def _same(a: object, b: object) -> None:
    assert a.claims == b.claims  # type: ignore[attr-defined]
    assert a.claim_paths == b.claim_paths  # type: ignore[attr-defined]
    assert a.problems == b.problems  # type: ignore[attr-defined]


def _claims(root: Path) -> list[Path]:
    return sorted((root / "claims").rglob("*.yaml"))


def test_a_remembered_check_equals_a_fresh_one_and_an_edit_is_checked_again(
    tmp_path: Path,
) -> None:
    root = copy_project(tmp_path / "p")
    first = check_project(root)
    assert len(first.memo["files"]) == len(_claims(root))
    _same(check_project(root, memo=first.memo), first)

    path = _claims(root)[3]
    path.write_text(path.read_text("utf-8").replace("verdict: ", "verdict: x", 1), "utf-8")
    fresh, remembered = check_project(root), check_project(root, memo=first.memo)
    _same(remembered, fresh)
    assert any(p.code == "unknown-verdict" for p in remembered.problems)


def test_a_problem_across_files_is_never_remembered_as_the_files_own(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "p")
    src = _claims(root)[0]
    twin = src.with_name("twin.yaml")
    shutil.copy(src, twin)  # the same id twice: duplicate-id (and id-mismatch for the twin)
    dup = check_project(root)
    assert any(p.code == "duplicate-id" for p in dup.problems)
    twin.unlink()
    _same(check_project(root, memo=dup.memo), check_project(root))


def test_another_context_or_a_damaged_memo_means_checking_every_file(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "p")
    first = check_project(root)
    topics = root / "topics.yaml"
    lines = topics.read_text("utf-8").splitlines(keepends=True)
    topics.write_text("".join(x for x in lines if not x.startswith("energy:")), "utf-8")
    again = check_project(root, memo=first.memo)
    assert any(p.code == "unknown-topic" for p in again.problems)  # claims tagged energy
    _same(again, check_project(root))
    damaged = {"context": first.memo["context"], "files": {k: 7 for k in first.memo["files"]}}
    _same(check_project(root, memo=damaged), check_project(root))


def test_files_checked_on_all_cores_are_remembered_by_their_bytes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A check from nothing digests each file where it is checked (pool.run): in a worker
    too, and with the digest a check of the same bytes finds."""
    root = copy_project(tmp_path / "p")
    monkeypatch.setattr(pool, "MIN_PARALLEL", 1)  # the worker path, with 15 claims
    parallel = check_project(root, jobs=2)
    serial = check_project(root)
    assert parallel.memo == serial.memo
    assert {entry[0] for entry in parallel.memo["files"].values()} == {
        file_digest(p) for p in _claims(root)
    }

    def refuse(*args: object) -> None:
        raise AssertionError("a remembered file was checked again")

    monkeypatch.setattr(pool, "check_one", refuse)
    _same(check_project(root, memo=parallel.memo, jobs=2), serial)


def test_a_file_whose_stat_is_the_one_recorded_is_not_read_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`factsite serve`'s rounds: the memo knows an old enough file by its stat, and reads
    only the files changed since (and a file changed just now is known by its bytes only)."""
    root = copy_project(tmp_path / "p")
    claims = _claims(root)
    racy = memo.RACY_NS
    monkeypatch.setattr(memo, "RACY_NS", 0)  # as if the copies were made long ago
    first = check_project(root)
    assert all(entry[3] is not None for entry in first.memo["files"].values())
    read: list[str] = []

    def digest(path: Path) -> str:
        read.append(Path(path).name)
        return file_digest(path)

    monkeypatch.setattr(memo, "regular_file_digest", digest)
    _same(check_project(root, memo=first.memo), first)
    assert read == []
    monkeypatch.setattr(memo, "RACY_NS", racy)
    edited = claims[2]
    edited.write_text(edited.read_text("utf-8").replace("verdict: ", "verdict: x", 1), "utf-8")
    again = check_project(root, memo=first.memo)
    assert read == [edited.name]
    _same(again, check_project(root))
    entry = again.memo["files"][edited.relative_to(root).as_posix()]
    assert entry[3] is None  # changed in the last RACY_NS: its stat is not trusted yet
    assert any(p.code == "unknown-verdict" for p in again.problems)


def _listed(root: Path, before: memo.Listing, changed: set[str]) -> memo.Listing:
    """The listing updated from `changed`, checked against a walk of claims/ now."""
    layout = Layout(root)
    now = memo.listing(layout, before, changed)
    walked = memo.listing(layout)
    assert list(now.files) == list(walked.files)  # the same files, in the walk's order
    assert list(now.files.values()) == list(walked.files.values())
    assert now.seen == walked.seen
    return now


def test_a_listing_updated_from_the_changed_paths_equals_a_walk(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "p")
    claims = root / "claims"
    first = memo.listing(Layout(root))
    assert memo.listing(Layout(root), first, set()) is first  # nothing changed: nothing looked at
    one = _claims(root)[2]
    rel = one.relative_to(root).as_posix()
    one.write_text(one.read_text("utf-8") + "\n", "utf-8")  # changed: the same files, a new stat
    after = _listed(root, first, {rel})
    assert after.files is first.files and after.seen[rel] != first.seen[rel]
    # added (a YAML file, sorted into place), and files the walk does not take
    (claims / "aaa-new.yaml").write_text("id: x\n", "utf-8")
    (claims / "notes.txt").write_text("not a claim\n", "utf-8")
    (claims / ".hidden").mkdir()
    (claims / ".hidden" / "x.yaml").write_text("id: y\n", "utf-8")
    added = {"claims/aaa-new.yaml", "claims/notes.txt", "claims/.hidden/x.yaml", "claims/.hidden"}
    after = _listed(root, after, added)
    assert "claims/aaa-new.yaml" in after.files and "claims/.hidden/x.yaml" not in after.files
    # a folder moved in (reported as itself and as each file it holds), one linked in, a pipe
    moved = tmp_path / "more"
    (moved / "deep").mkdir(parents=True)
    (moved / "deep" / "b.yml").write_text("id: z\n", "utf-8")
    (moved / "a.yaml").write_text("id: w\n", "utf-8")
    moved.rename(claims / "more")
    (claims / "linked").symlink_to(claims / "more", target_is_directory=True)
    os.mkfifo(claims / "pipe.yaml")
    after = _listed(root, after, {"claims/more", "claims/linked", "claims/pipe.yaml"})
    assert "claims/more/deep/b.yml" in after.files and "claims/linked/a.yaml" not in after.files
    assert "claims/pipe.yaml" in after.files and "claims/pipe.yaml" not in after.seen
    # removed: a file, and a folder with what it held (reported as the folder only)
    one.unlink()
    shutil.rmtree(claims / "more")
    after = _listed(root, after, {rel, "claims/more"})
    assert rel not in after.files and not any(r.startswith("claims/more/") for r in after.files)
    # claims/ itself changed: walked again
    shutil.rmtree(claims)
    assert _listed(root, after, {"claims"}).files == {}


def test_a_check_from_an_updated_listing_equals_one_from_a_walk(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "p")
    layout = Layout(root)
    first = check_project(root)
    files = memo.listing(layout)
    path = _claims(root)[1]
    path.write_text(path.read_text("utf-8").replace("verdict: ", "verdict: x", 1), "utf-8")
    files = memo.listing(layout, files, {path.relative_to(root).as_posix()})
    _same(check_project(root, memo=first.memo, files=files), check_project(root))


def test_the_desk_rules_read_back_are_those_of_a_fresh_check(tmp_path: Path) -> None:
    """The rules across files (people named, review, reply, drafts) are read back for a file
    whose bytes, people.yaml and the desk's settings are those of the last check, and run
    again when any of them changed."""
    root = copy_project(tmp_path / "p")
    first = check_project(root)
    assert first.memo["desk"]["files"] and not first.problems
    _same(check_project(root, memo=first.memo), first)
    # a person removed: the claims that name them are unknown now, though none changed
    people = root / "people.yaml"
    kept = people.read_text("utf-8")
    people.write_text("[]\n", "utf-8")
    fresh, remembered = check_project(root), check_project(root, memo=first.memo)
    assert any(p.code == "unknown-person" for p in remembered.problems)
    _same(remembered, fresh)
    people.write_text(kept, "utf-8")
    # a file changed to name nobody known, then a desk rule turned on in mkdocs.yml
    path = _claims(root)[0]
    text = path.read_text("utf-8")
    path.write_text(text.replace("authors: [", "authors: [nobody-here, ", 1), "utf-8")
    again = check_project(root, memo=first.memo)
    assert any(p.code == "unknown-person" and p.path.endswith(path.name) for p in again.problems)
    _same(again, check_project(root))
    path.write_text(text, "utf-8")
    config = root / "mkdocs.yml"
    config.write_text(
        config.read_text("utf-8").replace(
            "  factsite:\n",
            "  factsite:\n    review:\n      reviewers: 1\n      since: '2020-01-01'\n",
            1,
        ),
        "utf-8",
    )
    reviewed = check_project(root, memo=first.memo)
    assert any(p.code == "review-missing" for p in reviewed.problems)
    _same(reviewed, check_project(root))
