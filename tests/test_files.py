"""load/files.py: which files are read, and reading them safely: a file that cannot be used is
a located problem, never an exception. (The fast paths of `inside` and the control-character
scan are compared with their slow equivalents in test_speedups.py.)"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import copy_project
from factsite.cli import main
from factsite.load.files import (
    MAX_BYTES,
    OWNED_DIRS,
    Layout,
    iter_yaml_files,
    load_document,
    page_files,
    read_text,
)


def _read(root: Path, name: str, data: bytes, limit: int = MAX_BYTES) -> str:
    path = root / name
    path.write_bytes(data)
    text, problem = read_text(Layout(root), path, limit)
    assert (text is None) == (problem is not None)
    return problem.text() if problem else "ok"


def test_yaml_files_are_found_sorted_without_hidden_or_linked_folders(tmp_path: Path) -> None:
    claims = tmp_path / "claims"
    for rel in ("b/2.yaml", "b/1.yml", "a/z.yaml", ".hidden/x.yaml", "a/notes.txt", "top.yaml"):
        (claims / rel).parent.mkdir(parents=True, exist_ok=True)
        (claims / rel).write_text("x: 1\n")
    (claims / "a" / "folder.yaml").mkdir()  # a folder, whatever its name
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "smuggled.yaml").write_text("x: 1\n")
    (claims / "linked").symlink_to(outside, target_is_directory=True)
    found = [p.relative_to(claims).as_posix() for p in iter_yaml_files(claims)]
    assert found == ["a/z.yaml", "b/1.yml", "b/2.yaml", "top.yaml"]
    assert list(iter_yaml_files(tmp_path / "missing")) == []


def test_the_size_cap_is_inclusive(tmp_path: Path) -> None:
    assert _read(tmp_path, "a.yaml", b"#" * MAX_BYTES) == "ok"
    assert _read(tmp_path, "a.yaml", b"#" * (MAX_BYTES + 1)) == (
        "a.yaml:1:1: error[file-too-large] the file is larger than 64 KiB"
    )


def test_bad_bytes_and_control_characters_are_located(tmp_path: Path) -> None:
    assert _read(tmp_path, "a.yaml", b"a: 1\nb: x\xffy\n") == (
        "a.yaml:2:5: error[file-encoding] byte 0xff is not UTF-8: save the file as UTF-8"
    )
    assert _read(tmp_path, "a.yaml", "a: 1\nb: é\u0085\n".encode()) == (
        "a.yaml:2:5: error[file-control-char] control character U+0085 is not allowed: delete it"
    )


def test_tabs_line_endings_and_format_characters_are_text(tmp_path: Path) -> None:
    assert _read(tmp_path, "a.yaml", b"a: 1\r\n\tb\r\n") == "ok"
    # a right-to-left mark, a zero-width joiner, a byte-order mark
    assert _read(tmp_path, "a.yaml", "\ufeffa: \u200fש\u200d\n".encode()) == "ok"


def test_a_bad_byte_is_located_in_characters_like_every_other_problem(tmp_path: Path) -> None:
    line = 'title: "Café ?"\n'.encode().replace(b"?", b"\xff")
    control = 'title: "Café \x1b"\n'.encode()
    col = _read(tmp_path, "a.yaml", line).split(":")[2]
    assert col == _read(tmp_path, "b.yaml", control).split(":")[2] == "14"


def test_what_cannot_be_read_is_a_problem(tmp_path: Path) -> None:
    (tmp_path / "folder.yaml").mkdir()
    layout = Layout(tmp_path)
    assert [p.text() for p in load_document(layout, tmp_path / "folder.yaml").problems] == [
        "folder.yaml:1:1: error[file-unreadable] Is a directory"
    ]
    assert [p.text() for p in load_document(layout, tmp_path / "gone.yaml").problems] == [
        "gone.yaml:1:1: error[file-unreadable] No such file or directory"
    ]


def test_a_folder_named_on_the_command_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = copy_project(tmp_path / "project")
    (root / "claims" / "x.yaml").mkdir()
    assert main(["--root", str(root), "validate", "claims/x.yaml"]) == 1
    out, err = capsys.readouterr()
    assert out == "claims/x.yaml:1:1: error[file-unreadable] Is a directory\n"
    assert "Traceback" not in err


def test_paths_outside_the_root(tmp_path: Path) -> None:
    root = tmp_path / "root"
    root.mkdir()
    (tmp_path / "secret.yaml").write_text("x: 1\n")
    (root / "link.yaml").symlink_to(tmp_path / "secret.yaml")
    layout = Layout(root)
    for path in (tmp_path / "secret.yaml", root / ".." / "secret.yaml", root / "link.yaml"):
        text, problem = read_text(layout, path)
        assert text is None and problem is not None and problem.code == "file-outside-repo"
    assert layout.rel(root / "a" / "b.yaml") == "a/b.yaml"
    assert layout.rel(tmp_path / "secret.yaml") == (tmp_path / "secret.yaml").as_posix()


@pytest.mark.parametrize(
    "root, path",
    [
        ("/", "/a/b"),
        ("/a/b", "/a/b"),
        ("/a/b", "/a/bc/x.yaml"),
        ("/a/b", "/a/b/claims/x.yaml"),
        ("/a/b/", "/a/b//claims/./x.yaml"),
        (".", "claims/x.yaml"),
        ("proj", "proj/claims/x.yaml"),
        ("proj", "/abs/claims/x.yaml"),
        ("/a", "claims/x.yaml"),
    ],
)
def test_a_path_relative_to_the_root_is_what_pathlib_says(root: str, path: str) -> None:
    p = Path(path)
    try:
        expected = p.relative_to(Path(root)).as_posix()
    except ValueError:
        expected = p.as_posix()
    assert Layout(Path(root)).rel(p) == expected


def test_the_hand_written_pages_are_found_without_entering_the_generated_folders(
    tmp_path: Path,
) -> None:
    docs = tmp_path / "docs"
    for rel in ("index.md", "guide/how.md", "claimsx/a.md", "guide/claims/b.md", ".drafts/c.md"):
        (docs / rel).parent.mkdir(parents=True, exist_ok=True)
        (docs / rel).write_text("# page\n", "utf-8")
    for name in OWNED_DIRS:  # generated: not hand-written, and not walked
        (docs / name / "deep").mkdir(parents=True, exist_ok=True)
        (docs / name / "deep" / "x.md").write_text("# made\n", "utf-8")
    found = [p.relative_to(docs).as_posix() for p in page_files(Layout(tmp_path))]
    assert found == ["claimsx/a.md", "guide/claims/b.md", "guide/how.md", "index.md"]
