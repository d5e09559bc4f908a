"""A build split across machines (publish/split.py): parts built as separate processes in
separate folders, merged in another, equal a one-machine build file by file; the merge refuses
parts that do not make one site, and leaves the previous site."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import Any

import pytest

from conftest import copy_project, run_factsite, run_main
from factsite.publish.parts import part_of
from factsite.publish.split import RECORD, Part

N = 3


def files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def split(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The repository's project built on one machine, and as N parts, each in its own copy
    of the project and its own process, into folders outside the copies."""
    base = tmp_path_factory.mktemp("split")
    one = copy_project(base / "one")
    done = run_factsite(one, "build")
    assert done.returncode == 0, done.stderr
    parts = []
    for i in range(1, N + 1):
        root = copy_project(base / f"p{i}")
        folder = base / f"part-{i}"
        done = run_factsite(root, "build", "--shard", f"{i}/{N}", "--site-dir", str(folder))
        assert done.returncode == 0, done.stderr
        assert f"build: part {i}/{N} of the site is in {folder}" in done.stderr
        parts.append((root, folder))
    return {"base": base, "one": one, "parts": parts}


def merged_project(split: dict[str, Any], name: str) -> Path:
    return copy_project(split["base"] / name)


def test_the_merged_parts_are_the_one_machine_build(split: dict[str, Any]) -> None:
    root = merged_project(split, "merged")
    folders = [str(f) for _, f in split["parts"]]
    done = run_factsite(root, "merge", *folders)
    assert done.returncode == 0, done.stderr
    assert f"merge: {N} parts merged" in done.stderr
    whole, merged = files(split["one"] / "site"), files(root / "site")
    assert sorted(merged) == sorted(whole)  # no file missing, none extra
    assert [rel for rel in whole if merged[rel] != whole[rel]] == []  # search index too
    assert "pagefind/pagefind-entry.json" in merged and "sitemap.xml.gz" in merged


def test_each_part_makes_its_own_outputs_and_draws_its_own_cards(split: dict[str, Any]) -> None:
    whole = files(split["one"] / "site")
    made: list[str] = []
    for i, (root, folder) in enumerate(split["parts"], 1):
        record = json.loads((folder / RECORD).read_text(encoding="utf-8"))
        assert (record["part"], record["parts"]) == (i, N)
        listed = record["files"]
        assert listed == sorted(files(folder / "site"))
        # sitemap.xml.gz is made with sitemap.xml, from the same text
        owners = [rel.removesuffix(".gz") if rel == "sitemap.xml.gz" else rel for rel in listed]
        assert listed and [o for o in owners if part_of(o, N) != i - 1] == []
        made += listed
        # the render drew only this part's cards, but wrote every Markdown page
        cards = sorted(p.name for p in (root / "docs" / "cards").iterdir())
        everyone = sorted(p.name for p in (split["one"] / "docs" / "cards").iterdir())
        assert cards == [c for c in everyone if part_of(f"cards/{c}", N) == i - 1]
        pages = sorted(p.name for p in (root / "docs" / "claims").glob("*.md"))
        assert pages == sorted(p.name for p in (split["one"] / "docs" / "claims").glob("*.md"))
    assert sorted(made) == sorted(rel for rel in whole if not rel.startswith("pagefind/"))
    inputs = {json.loads((f / RECORD).read_text())["inputs"] for _, f in split["parts"]}
    assert len(inputs) == 1


def test_a_merge_without_every_part_is_refused_and_keeps_the_site(
    split: dict[str, Any],
) -> None:
    root = merged_project(split, "missing")
    folders = [f for _, f in split["parts"]]
    assert run_factsite(root, "merge", *map(str, folders)).returncode == 0
    before = files(root / "site")
    done = run_factsite(root, "merge", str(folders[0]), str(folders[2]))
    assert done.returncode == 1
    missing = f"{folders[0]}/{RECORD}:4:2: error[shard-missing] part 2/{N} of this split"
    assert missing in done.stdout
    assert "merge: nothing merged; the previous site/ is unchanged" in done.stderr
    assert files(root / "site") == before
    again = run_factsite(root, "merge", *map(str, folders), str(folders[1]))
    assert again.returncode == 1
    assert f"{folders[1]}/{RECORD}:3:2: error[shard-mismatch] part 2/{N} is given twice" in (
        again.stdout
    )


def test_parts_of_other_inputs_are_refused(split: dict[str, Any]) -> None:
    """A part built after a page changed is of other inputs, though its own files may not
    differ: the merge names it, at its record's inputs."""
    root = copy_project(split["base"] / "changed")
    about = root / "docs" / "about.md"
    about.write_text(about.read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8")
    other = split["base"] / "part-2-changed"
    done = run_factsite(root, "build", "--shard", f"2/{N}", "--site-dir", str(other))
    assert done.returncode == 0, done.stderr
    first, third = split["parts"][0][1], split["parts"][2][1]
    merge = merged_project(split, "mixed")
    done = run_factsite(merge, "merge", str(first), str(other), str(third))
    assert done.returncode == 1 and not (merge / "site").exists()
    assert f"{other}/{RECORD}:5:2: error[shard-mismatch] built from other inputs than " in (
        done.stdout
    )


def test_parts_built_by_another_engine_are_refused(split: dict[str, Any]) -> None:
    """ProperDocs builds a part as MkDocs would, but a merge of parts from two engines is
    refused: the parts' inputs name the engine."""
    root = copy_project(split["base"] / "properdocs")
    other = split["base"] / "part-2-properdocs"
    done = run_factsite(
        root, "build", "--engine", "properdocs", "--shard", f"2/{N}", "--site-dir", str(other)
    )
    assert done.returncode == 0, done.stderr
    assert sorted(files(other / "site")) == sorted(files(split["parts"][1][1] / "site"))
    first, third = split["parts"][0][1], split["parts"][2][1]
    done = run_factsite(
        merged_project(split, "engines"), "merge", str(first), str(other), str(third)
    )
    assert done.returncode == 1
    assert f"{other}/{RECORD}:5:2: error[shard-mismatch] built from other inputs" in done.stdout


def test_parts_of_another_split_and_folders_cut_short_are_refused(
    split: dict[str, Any], tmp_path: Path
) -> None:
    folders = [f for _, f in split["parts"]]
    resplit = tmp_path / "resplit"
    shutil.copytree(folders[1], resplit)
    record = json.loads((resplit / RECORD).read_text(encoding="utf-8"))
    (resplit / RECORD).write_text(json.dumps(record | {"parts": N + 1}, indent=1) + "\n")
    short = tmp_path / "short"
    shutil.copytree(folders[2], short)
    gone = json.loads((short / RECORD).read_text(encoding="utf-8"))["files"][0]
    (short / "site" / gone).unlink()
    nothing = tmp_path / "nothing"
    nothing.mkdir()
    root = merged_project(split, "refused")

    done = run_factsite(root, "merge", str(folders[0]), str(resplit), str(folders[2]))
    assert done.returncode == 1
    assert f"{resplit}/{RECORD}:4:2: error[shard-mismatch] it is part 2/{N + 1}" in done.stdout

    done = run_factsite(root, "merge", str(folders[0]), str(folders[1]), str(short))
    assert done.returncode == 1
    assert f"{short}/{RECORD}:6:2: error[shard-invalid] site/{gone} is missing" in done.stdout

    done = run_factsite(root, "merge", str(nothing), *map(str, folders))
    assert done.returncode == 1
    assert f"{nothing}/{RECORD}:1:1: error[shard-invalid] no part of a split build" in done.stdout
    assert not (root / "site").exists()
    assert [p.name for p in root.iterdir() if p.name.startswith(".site-")] == []


@pytest.mark.parametrize("given", ["0/3", "4/3", "3", "1/0", "a/b", "-1/2", "1/3/3", ""])
def test_a_part_that_is_none_is_a_usage_error(
    given: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = copy_project(tmp_path / "project")
    done = run_main(capsys, root, "build", f"--shard={given}")
    assert done.returncode == 2
    assert "is not a part of a split build: I/N with 1 <= I <= N" in done.stderr
    assert "Traceback" not in done.stderr and not (root / "docs" / "claims").exists()


def test_a_site_built_other_than_page_by_page_cannot_be_split(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = copy_project(tmp_path / "project")
    config = root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + "use_directory_urls: false\n")
    done = run_main(capsys, root, "build", "--shard", "1/2")
    assert done.returncode == 1
    assert "mkdocs.yml:1:1: error[shard-unsupported] this site cannot be built in parts" in (
        done.stdout
    )
    assert not (root / "site-shard-1").exists()


def test_every_output_is_in_exactly_one_part() -> None:
    names = [f"claims/c-{i}/index.html" for i in range(200)] + ["sitemap.xml", "404.html"]
    for count in range(1, 6):
        for name in names:
            holders = [n for n in range(1, count + 1) if Part(n, count).holds(name)]
            assert len(holders) == 1
    assert Part.parse("2/3") == Part(2, 3) and str(Part(2, 3)) == "2/3"
    assert Part.parse(" 1/1 ") == Part(1, 1)
    assert [Part.parse(t) for t in ("0/1", "2/1", "01/2", "1/2/3")] == [None] * 4


def test_a_part_writes_nothing_into_site(split: dict[str, Any]) -> None:
    """A part is never published by mistake: its folder is apart from site/."""
    for root, _ in split["parts"]:
        assert not (root / "site").exists()
        assert os.listdir(root / "docs")  # its render wrote docs/
