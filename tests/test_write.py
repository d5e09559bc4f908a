"""publish/write.py: generated files are written atomically, only when changed, and only where
the generator owns them; what it no longer generates goes, what a person wrote stays."""

from __future__ import annotations

import functools
import json
from pathlib import Path

import pathspec
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import REPO, example_project, render_root
from factsite.commands.build import SITE_DIR
from factsite.publish import write
from factsite.publish.cache import CACHE_DIR
from factsite.publish.write import (
    MANIFEST,
    OWNED_DIRS,
    OWNED_FILES,
    Written,
    atomic_write,
    remove_generated,
    write_pages,
)
from factsite.render.pages import Drawn

ARTICLE_DIR = "claims/ynet-2026-01-azerbaijan-gaza"
PAGES = {"claims/a.md": "# a\n", "claims/b.md": "# b\n", "topics/x/index.md": "# x\n"}


def _files(docs: Path) -> dict[str, bytes]:
    return {p.relative_to(docs).as_posix(): p.read_bytes() for p in docs.rglob("*") if p.is_file()}


def _mtimes(docs: Path) -> dict[str, int]:
    return {p.relative_to(docs).as_posix(): p.stat().st_mtime_ns for p in docs.rglob("*")}


def test_atomic_write_replaces_the_whole_file(tmp_path: Path) -> None:
    path = tmp_path / "a" / "b" / "page.md"
    atomic_write(path, b"first")
    atomic_write(path, b"second")
    assert path.read_bytes() == b"second"
    assert path.stat().st_mode & 0o777 == 0o644  # readable by the web server, whatever umask
    assert [p.name for p in path.parent.iterdir()] == ["page.md"]  # no temporary file left


def test_a_failed_write_leaves_the_old_file_and_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "page.md"
    path.write_bytes(b"old")

    def fail(src: str, dst: str) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(write.os, "replace", fail)
    with pytest.raises(OSError, match="disk full"):
        atomic_write(path, b"new")
    assert path.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["page.md"]


def test_first_write_then_only_what_changed(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    first = write_pages(docs, PAGES)
    assert first.written == sorted(PAGES) and first.removed == [] and first.unchanged == 0
    assert _files(docs) == {
        **{rel: text.encode() for rel, text in PAGES.items()},
        MANIFEST: (json.dumps({"files": sorted(PAGES)}, separators=(",", ":")) + "\n").encode(),
    }
    before = _mtimes(docs)
    again = write_pages(docs, PAGES)
    assert (again.written, again.removed, again.unchanged) == ([], [], len(PAGES))
    assert _mtimes(docs) == before  # not even the manifest is touched
    changed = write_pages(docs, {**PAGES, "claims/b.md": "# b, corrected\n"})
    assert (changed.written, changed.unchanged) == (["claims/b.md"], 2)
    assert (docs / "claims/b.md").read_text() == "# b, corrected\n"


def test_stale_files_go_and_empty_folders_with_them(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    write_pages(docs, PAGES)
    mine = docs / "claims" / "notes.md"  # hand-written, in a generated folder
    mine.write_text("# mine\n")
    report = write_pages(docs, {"claims/a.md": "# a\n"})
    assert report.removed == ["claims/b.md", "topics/x/index.md"]
    assert not (docs / "topics").exists()  # emptied, so pruned up to docs/
    assert mine.read_text() == "# mine\n"
    assert json.loads((docs / MANIFEST).read_text()) == {"files": ["claims/a.md"]}


def test_the_manifest_cannot_make_it_remove_other_files(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    write_pages(docs, PAGES)
    for rel in ("index.md", "claims/link.md"):
        (docs / rel).parent.mkdir(parents=True, exist_ok=True)
    (docs / "index.md").write_text("# home\n")
    outside = tmp_path / "outside.md"
    outside.write_text("# outside\n")
    (docs / "claims" / "link.md").symlink_to(outside)
    forged = ["index.md", "../outside.md", "claims/../../outside.md", "claims/link.md", 7]
    (docs / MANIFEST).write_text(json.dumps(forged))
    report = write_pages(docs, PAGES)
    assert report.removed == []
    assert (docs / "index.md").read_text() == "# home\n" and outside.read_text() == "# outside\n"
    assert (docs / "claims" / "link.md").is_symlink()
    for broken in ("{not json", '"claims/a.md"', "null", "[1, 2]"):
        (docs / MANIFEST).write_text(broken)
        assert write_pages(docs, {}).removed == []  # an unreadable manifest owns nothing
    assert (docs / "claims" / "a.md").exists()


def test_writer_refuses_paths_it_does_not_own(tmp_path: Path) -> None:
    for bad in ("index.md", "../escape.md", "claims/../../x.md", "/etc/passwd"):
        try:
            write_pages(tmp_path, {bad: "x"})
        except ValueError:
            continue
        raise AssertionError(f"wrote {bad}")


@pytest.mark.parametrize("bad", ["claims", "assets/site.css", "", "docs/claims/a.md"])
def test_nothing_is_written_when_one_path_is_refused(tmp_path: Path, bad: str) -> None:
    docs = tmp_path / "docs"
    with pytest.raises(ValueError, match="may not write"):
        write_pages(docs, {"claims/a.md": "# a\n", bad: "x"})
    assert not docs.exists()


def test_owned_files_are_written(tmp_path: Path) -> None:
    pages = {rel: "x\n" for rel in OWNED_FILES} | {f"{d}/index.md": "x\n" for d in OWNED_DIRS}
    assert sorted(write_pages(tmp_path, pages).written) == sorted(pages)


def test_remove_generated_keeps_what_a_person_wrote(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    write_pages(docs, PAGES)
    (docs / "claims" / "notes.md").write_text("# mine\n")
    (docs / "index.md").write_text("# home\n")
    assert remove_generated(docs) == sorted(PAGES)
    assert _files(docs) == {"claims/notes.md": b"# mine\n", "index.md": b"# home\n"}
    assert remove_generated(docs) == []  # nothing listed any more


# ---------------------------------------------------------------------------------------------
# Through `factsite render`


def test_stale_generated_pages_are_removed_and_hand_written_kept(tmp_path: Path) -> None:
    root = example_project(tmp_path)
    render_root(root)
    mine = root / "docs" / "claims" / "notes.md"  # a hand-written file in a generated folder
    mine.write_text("# mine\n")
    (root / ARTICLE_DIR / "minimal.yaml").unlink()
    report, _ = render_root(root)
    assert report is not None
    assert "claims/minimal.md" in report.removed
    assert not (root / "docs" / "claims" / "minimal.md").exists()
    assert mine.read_text() == "# mine\n"
    assert (root / "docs" / "index.md").exists()
    assert "claims/minimal.md" not in json.loads((root / "docs" / MANIFEST).read_text())["files"]


def test_render_writes_only_inside_what_it_owns(tmp_path: Path) -> None:
    root = example_project(tmp_path)
    report, problems = render_root(root)
    assert problems == "" and report is not None
    docs = [rel for rel in report.written if not rel.startswith("overrides/")]
    assert docs and all(write.owned(rel) for rel in docs)
    listed = json.loads((root / "docs" / MANIFEST).read_text())["files"]
    assert sorted(listed) == sorted(docs)
    theme = json.loads((root / "overrides" / MANIFEST).read_text())["files"]
    assert sorted(f"overrides/{rel}" for rel in theme) == sorted(set(report.written) - set(docs))


# ---------------------------------------------------------------------------------------------
# .gitignore: what the generator owns is never committed, from one list


def test_gitignore_lists_every_generated_folder_and_file() -> None:
    ignored = pathspec.GitIgnoreSpec.from_lines((REPO / ".gitignore").read_text().splitlines())
    generated = [f"docs/{d}/any/page.md" for d in OWNED_DIRS]
    generated += [f"docs/{f}" for f in (*OWNED_FILES, MANIFEST)]
    generated += [f"{SITE_DIR}/index.html", f"{CACHE_DIR}/project.pickle", "overrides/main.html"]
    generated += [".site-build-x1/index.html", ".site-old-1/index.html"]
    assert [p for p in generated if not ignored.match_file(p)] == []
    # and nothing a person writes under docs/
    hand_written = [p.relative_to(REPO).as_posix() for p in (REPO / "docs").glob("*.md")]
    hand_written += ["docs/assets/site.css"]
    assert hand_written and [p for p in hand_written if ignored.match_file(p)] == []


@settings(max_examples=500, deadline=None, database=None)
@given(st.text(alphabet="ac./\\", max_size=12).map(lambda s: s.replace("c", "claims")))
def test_owned_reads_a_path_as_pathlib_does(rel: str) -> None:
    parts = Path(rel).parts
    old = bool(parts) and ".." not in parts and not Path(rel).is_absolute()
    old = old and (rel in write.OWNED_FILES or (len(parts) > 1 and parts[0] in write.OWNED_DIRS))
    assert write.owned(rel) == old


def test_the_manifest_kept_between_writes_is_json_of_the_whole(tmp_path: Path) -> None:
    """`factsite serve` keeps what its last write left (Written): the manifest, whose drawn
    entries are serialised once each, is what one json.dumps of it writes, and a page
    changed behind the writer's back is still seen once the manifest changed."""
    docs, kept = tmp_path / "docs", Written()
    drawn = {f"claims/c{n}.png": Drawn(f"k{n}", functools.partial(bytes, n)) for n in range(3)}
    write_pages(docs, {**PAGES, **drawn}, kept=kept)
    again = {**drawn, "claims/c1.png": Drawn("k1-new", functools.partial(bytes, 9))}
    report = write_pages(docs, {**PAGES, **again}, kept=kept)
    assert report.written == ["claims/c1.png"] and (docs / "claims/c1.png").read_bytes() == bytes(9)
    text = (docs / MANIFEST).read_text()
    listed = json.loads(text)
    assert text == json.dumps(listed, sort_keys=True, separators=(",", ":")) + "\n"
    assert (
        sorted(listed["drawn"]) == sorted(drawn) and listed["drawn"]["claims/c1.png"][0] == "k1-new"
    )
    assert kept.holds(docs)
    (docs / "claims/a.md").write_text("# changed by hand\n")
    (docs / MANIFEST).write_text(text.replace('"files"', ' "files"'))  # another run's write
    assert not kept.holds(docs)
    report = write_pages(docs, {**PAGES, **again}, kept=kept)
    assert report.written == ["claims/a.md"] and kept.holds(docs)


def test_a_write_that_leaves_the_manifest_to_the_next_is_safe_if_none_comes(
    tmp_path: Path,
) -> None:
    """A preview's round writes docs/ twice and settles the manifest only in the second: the
    first lists the files it adds before they are in place, and a run killed before the
    second leaves a folder that the next run's write (from the manifest on disk) reads
    rightly: a drawn file whose record is old is drawn again, none is lost or left."""
    docs, kept = tmp_path / "docs", Written()
    drawn = {f"claims/c{n}.png": Drawn(f"k{n}", functools.partial(bytes, n)) for n in range(3)}
    write_pages(docs, {**PAGES, **drawn}, kept=kept)
    body = (docs / MANIFEST).read_bytes()
    again = {**drawn, "claims/c1.png": Drawn("k1-new", functools.partial(bytes, 9))}
    report = write_pages(docs, {**PAGES, **again}, kept=kept, settle=False)
    assert report.written == ["claims/c1.png"] and (docs / MANIFEST).read_bytes() == body
    assert kept.holds(docs)
    added = {**again, "claims/new.md": "# new\n"}
    write_pages(docs, {**PAGES, **added}, kept=kept, settle=False)
    assert "claims/new.md" in json.loads((docs / MANIFEST).read_text())["files"]
    assert kept.holds(docs)
    # killed here: the next run reads the folder from its manifest
    report = write_pages(docs, {**PAGES, **again})  # c1 drawn again: the same bytes
    assert report.written == [] and report.removed == ["claims/new.md"]
    listed = json.loads((docs / MANIFEST).read_text())
    assert listed["drawn"]["claims/c1.png"][0] == "k1-new"
    # or the round's second write comes, with what it kept: the manifest is settled
    kept = Written()
    write_pages(docs, {**PAGES, **drawn}, kept=kept)
    write_pages(docs, {**PAGES, **again}, kept=kept, settle=False)
    write_pages(docs, {**PAGES, **again}, kept=kept)
    assert json.loads((docs / MANIFEST).read_text())["drawn"]["claims/c1.png"][0] == "k1-new"
    assert write_pages(docs, {**PAGES, **again}).written == []  # as recorded


def _staged_beside(docs: Path) -> int:
    return sum(1 for p in docs.rglob(f"{write.TMP_PREFIX}*"))


def test_each_drawing_is_staged_before_the_next_is_drawn(tmp_path: Path) -> None:
    # The bytes of 40,000 drawn files (450 MB at 10,000 claims) are never all held at once:
    # when the k-th is drawn, the k-1 before it are already staged on disk.
    docs = tmp_path / "docs"
    seen: list[int] = []

    def draw(n: int) -> bytes:
        seen.append(_staged_beside(docs))
        return b"card %d" % n

    pages = {f"cards/c{n}.png": Drawn(f"k{n}", functools.partial(draw, n)) for n in range(5)}
    report = write_pages(docs, pages)
    assert seen == [0, 1, 2, 3, 4]
    assert sorted(report.written) == sorted(pages)
    assert _files(docs)["cards/c3.png"] == b"card 3" and _staged_beside(docs) == 0


def test_drawings_on_several_processes_equal_those_in_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(write, "MIN_PARALLEL_DRAWS", 2)
    pages: dict[str, str | Drawn] = {
        f"cards/c{n}.png": Drawn(f"k{n}", functools.partial(bytes, n)) for n in range(40)
    }
    pages["claims/a.md"] = "# a\n"
    one = write_pages(tmp_path / "one", pages, jobs=1)
    two = write_pages(tmp_path / "two", pages, jobs=2)
    made = {name: _files(tmp_path / name) for name in ("one", "two")}
    for files in made.values():
        del files[MANIFEST]  # it records each drawn file's mtime
    assert made["one"] == made["two"]
    assert sorted(one.written) == sorted(two.written) == sorted(pages)
    again = write_pages(tmp_path / "two", pages, jobs=2)  # each still drawn for its key
    assert again.written == [] and again.unchanged == len(pages)


def test_a_drawing_that_fails_leaves_the_folder_as_it_was(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    write_pages(docs, {"cards/a.png": Drawn("a1", functools.partial(bytes, 1))})
    before = _files(docs)

    def broken() -> bytes:
        raise RuntimeError("the font is gone")

    pages = {
        "cards/a.png": Drawn("a2", functools.partial(bytes, 2)),  # staged, then undone
        "cards/b.png": Drawn("b1", broken),
    }
    with pytest.raises(RuntimeError, match="the font is gone"):
        write_pages(docs, pages)
    assert _files(docs) == before and _staged_beside(docs) == 0
