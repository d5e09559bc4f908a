"""The files every claim shares, broken as a newsroom might break them, each with its outcome.

mkdocs.yml, the verdict scale, the topic vocabulary, the article with its text snapshot and the
generated claim schema: each fault below is made in a copy of a built project, and `factsite
validate`, `render` and `build` must all exit 1 with exactly the listed problems, write nothing
into docs/, leave site/ as it was and never raise. Positions are 1-based, as printed.

Where the position of a problem would depend on the wording of the real file, the fault writes
the whole file (a few lines), so that the expectation does not move when the file is edited.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import REPO, copy_project, run_factsite
from factsite.cli import main
from factsite.problems import CATALOGUE

ARTICLE = "articles/ynet-2026-01-azerbaijan-gaza"
SCALE_ITEM = (
    '- id: "{id}"\n  label: "{label}"\n  rating: {rating}\n  colour: "#1a7f37"\n  icon: "x"\n'
    "  definition: A definition long enough for the schema.\n"
)
Change = Callable[[Path], None]


def delete(path: Path) -> None:
    path.unlink()


def write(content: str | bytes) -> Change:
    data = content.encode("utf-8") if isinstance(content, str) else content
    return lambda path: path.write_bytes(data)


def prepend(data: bytes) -> Change:
    return lambda path: path.write_bytes(data + path.read_bytes())


def append(text: str) -> Change:
    return lambda path: path.write_bytes(path.read_bytes() + text.encode("utf-8"))


def folder(path: Path) -> None:
    path.unlink()
    path.mkdir()


def link_outside(path: Path) -> None:
    project = next(p for p in path.parents if p.name == "project")
    outside = project.parent / "outside.txt"  # beside the project (faulty_copy writes it)
    path.unlink()
    path.symlink_to(outside)


HUGE = "\n# " + "x" * (3 * 1024 * 1024) + "\n"  # over every cap: 256 KiB, 64 KiB, 2 MiB


@dataclass(frozen=True)
class Fault:
    name: str
    path: str  # the file changed, relative to the project
    change: Change
    expected: tuple[str, ...]  # every problem: "path:line:col code"
    says: str = ""  # words the first problem's message must contain


def _scale(*items: tuple[str, str, str]) -> str:
    return "".join(SCALE_ITEM.format(id=i, label=lab, rating=r) for i, lab, r in items)


FAULTS = [
    # mkdocs.yml: factsite reads the site's name, URL, repository and publisher from it
    Fault("missing", "mkdocs.yml", delete, ("mkdocs.yml:1:1 file-missing",), "restore it"),
    Fault("empty", "mkdocs.yml", write(""), ("mkdocs.yml:1:1 yaml-empty",)),
    Fault("comments only", "mkdocs.yml", write("# nothing\n"), ("mkdocs.yml:1:1 yaml-empty",)),
    Fault("not utf-8", "mkdocs.yml", prepend(b"\xff"), ("mkdocs.yml:1:1 file-encoding",)),
    Fault("nul", "mkdocs.yml", prepend(b"\0"), ("mkdocs.yml:1:1 file-control-char",)),
    Fault("too large", "mkdocs.yml", append(HUGE), ("mkdocs.yml:1:1 file-too-large",), "256 KiB"),
    Fault("a folder", "mkdocs.yml", folder, ("mkdocs.yml:1:1 file-unreadable",)),
    Fault("outside", "mkdocs.yml", link_outside, ("mkdocs.yml:1:1 file-outside-repo",)),
    Fault(
        "syntax",
        "mkdocs.yml",
        write("site_name: a\nnav: [index.md\n"),
        ("mkdocs.yml:3:1 yaml-syntax",),
        "started on line 2, column 6",
    ),
    Fault("a list", "mkdocs.yml", write("- site_name\n"), ("mkdocs.yml:1:1 wrong-type",)),
    Fault(
        "duplicate key",
        "mkdocs.yml",
        write("site_name: a\nsite_name: b\n"),
        ("mkdocs.yml:2:1 yaml-duplicate-key",),
        "first defined on line 1",
    ),
    Fault(
        "python tag",
        "mkdocs.yml",
        write("site_name: a\nx: !!python/object/apply:os.system [echo hi]\n"),
        ("mkdocs.yml:2:4 yaml-tag",),
        "run Python code",
    ),
    Fault(
        "a tag its value cannot take",
        "mkdocs.yml",
        write("site_name: a\nx: !!int abc\n"),
        ("mkdocs.yml:2:4 yaml-tag",),
        "cannot read 'abc' as !!int",
    ),
    Fault(
        "no site_name",
        "mkdocs.yml",
        write("site_url: https://example.org/\n"),
        ("mkdocs.yml:1:1 missing-field",),
    ),
    Fault(
        "site_url a list",
        "mkdocs.yml",
        write("site_name: a\nsite_url: [a, b]\n"),
        ("mkdocs.yml:2:11 wrong-type",),
        "expected text, found a list",
    ),
    Fault(
        "site_url not a URL",
        "mkdocs.yml",
        write("site_name: a\nsite_url: example.org\n"),
        ("mkdocs.yml:2:11 bad-url",),
    ),
    Fault(
        "publisher misspelt",
        "mkdocs.yml",
        write("site_name: a\nextra:\n  factsite:\n    publsher: a\n"),
        ("mkdocs.yml:4:5 unknown-field",),
        "did you mean 'publisher'?",
    ),
    Fault(
        "another docs_dir",
        "mkdocs.yml",
        write("site_name: a\ndocs_dir: pages\n"),
        ("mkdocs.yml:2:11 invalid-value",),
    ),
    # verdicts.yaml: the scale every claim is rated on (a broken scale is one problem, not one
    # more in every claim)
    Fault("missing", "verdicts.yaml", delete, ("verdicts.yaml:1:1 file-missing",)),
    Fault("empty", "verdicts.yaml", write(""), ("verdicts.yaml:1:1 yaml-empty",)),
    Fault("not utf-8", "verdicts.yaml", prepend(b"\xff"), ("verdicts.yaml:1:1 file-encoding",)),
    Fault("nul", "verdicts.yaml", prepend(b"\0"), ("verdicts.yaml:1:1 file-control-char",)),
    Fault("too large", "verdicts.yaml", append(HUGE), ("verdicts.yaml:1:1 file-too-large",)),
    Fault("a folder", "verdicts.yaml", folder, ("verdicts.yaml:1:1 file-unreadable",)),
    Fault("outside", "verdicts.yaml", link_outside, ("verdicts.yaml:1:1 file-outside-repo",)),
    Fault(
        "syntax",
        "verdicts.yaml",
        write('- id: "true"\n  label: [True\n'),
        ("verdicts.yaml:3:1 yaml-syntax",),
    ),
    Fault("a mapping", "verdicts.yaml", write("true: True\n"), ("verdicts.yaml:1:1 wrong-type",)),
    Fault(
        "items not mappings",
        "verdicts.yaml",
        write("- 1\n- 2\n"),
        ("verdicts.yaml:1:3 wrong-type", "verdicts.yaml:2:3 wrong-type"),
    ),
    Fault(
        "duplicate id",
        "verdicts.yaml",
        write(_scale(("true", "True", "5"), ("false", "False", "1"), ("true", "Again", "3"))),
        ("verdicts.yaml:13:7 duplicate-id",),
        "'true' is defined twice",
    ),
    Fault(
        "no rating",
        "verdicts.yaml",
        write(_scale(("true", "True", "null"), ("false", "False", "null"))),
        ("verdicts.yaml:1:1 invalid-value",),
        "no verdict has a rating",
    ),
    # topics.yaml: the vocabulary (a broken one is one problem, not one per claim topic)
    Fault("missing", "topics.yaml", delete, ("topics.yaml:1:1 file-missing",)),
    Fault("empty", "topics.yaml", write(""), ("topics.yaml:1:1 yaml-empty",)),
    Fault("not utf-8", "topics.yaml", prepend(b"\xff"), ("topics.yaml:1:1 file-encoding",)),
    Fault("syntax", "topics.yaml", write("energy: [Oil\n"), ("topics.yaml:2:1 yaml-syntax",)),
    Fault("a list", "topics.yaml", write("- energy\n"), ("topics.yaml:1:1 wrong-type",)),
    Fault(
        "duplicate key",
        "topics.yaml",
        write("energy: Oil\nenergy: Gas\n"),
        ("topics.yaml:2:1 yaml-duplicate-key",),
    ),
    Fault(
        "nested label",
        "topics.yaml",
        write("energy: {label: Oil}\n"),
        ("topics.yaml:1:9 wrong-type",),
    ),
    # the article and its snapshot (its claims are not told again that it is broken)
    Fault(
        "missing",
        f"{ARTICLE}.yaml",
        delete,
        (f"{ARTICLE}.txt:1:1 orphan-snapshot",),
        "has no article file",
    ),
    Fault("empty", f"{ARTICLE}.yaml", write(""), (f"{ARTICLE}.yaml:1:1 yaml-empty",)),
    Fault("not utf-8", f"{ARTICLE}.yaml", prepend(b"\xff"), (f"{ARTICLE}.yaml:1:1 file-encoding",)),
    Fault("too large", f"{ARTICLE}.yaml", append(HUGE), (f"{ARTICLE}.yaml:1:1 file-too-large",)),
    Fault("syntax", f"{ARTICLE}.yaml", write("id: [a\n"), (f"{ARTICLE}.yaml:2:1 yaml-syntax",)),
    Fault("a list", f"{ARTICLE}.yaml", write("- id\n"), (f"{ARTICLE}.yaml:1:1 wrong-type",)),
    Fault(
        "duplicate key",
        f"{ARTICLE}.yaml",
        write("id: a\nid: b\n"),
        (f"{ARTICLE}.yaml:2:1 yaml-duplicate-key",),
    ),
    Fault(
        "snapshot missing",
        f"{ARTICLE}.txt",
        delete,
        (f"{ARTICLE}.yaml:3:1 missing-snapshot",),
        "no text snapshot",
    ),
    Fault(
        "snapshot empty",
        f"{ARTICLE}.txt",
        write(" \n\n"),
        (f"{ARTICLE}.txt:1:1 missing-snapshot",),
        "is empty",
    ),
    Fault(
        "snapshot not utf-8",
        f"{ARTICLE}.txt",
        prepend(b"\xff"),
        (f"{ARTICLE}.txt:1:1 file-encoding",),
    ),
    Fault(
        "snapshot nul", f"{ARTICLE}.txt", prepend(b"\0"), (f"{ARTICLE}.txt:1:1 file-control-char",)
    ),
    Fault(
        "snapshot too large",
        f"{ARTICLE}.txt",
        append(HUGE),
        (f"{ARTICLE}.txt:1:1 file-too-large",),
        "2048 KiB",
    ),
    Fault("snapshot a folder", f"{ARTICLE}.txt", folder, (f"{ARTICLE}.yaml:3:1 missing-snapshot",)),
    Fault(
        "snapshot outside",
        f"{ARTICLE}.txt",
        link_outside,
        (f"{ARTICLE}.txt:1:1 file-outside-repo",),
    ),
    Fault(
        "snapshot without article",
        "articles/renamed.txt",
        write("Text of an article whose file was renamed.\n"),
        ("articles/renamed.txt:1:1 orphan-snapshot",),
    ),
    # schema/claim.schema.json: generated by `factsite schema`, which every message points to
    Fault(
        "missing",
        "schema/claim.schema.json",
        delete,
        ("schema/claim.schema.json:1:1 file-missing",),
        "factsite schema",
    ),
    Fault(
        "stale",
        "schema/claim.schema.json",
        write("{}\n"),
        ("schema/claim.schema.json:1:1 schema-outdated",),
    ),
    Fault(
        "not utf-8",
        "schema/claim.schema.json",
        prepend(b"\xff"),
        ("schema/claim.schema.json:1:1 file-encoding",),
        "factsite schema",
    ),
    Fault(
        "too large",
        "schema/claim.schema.json",
        append(HUGE),
        ("schema/claim.schema.json:1:1 file-too-large",),
    ),
    Fault(
        "a folder",
        "schema/claim.schema.json",
        folder,
        ("schema/claim.schema.json:1:1 file-unreadable",),
    ),
]


def fingerprint(folder: Path) -> dict[str, str]:
    """Every file under `folder` and a digest of its bytes."""
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project rendered and built once; every fault is made in a copy of it."""
    root = copy_project(tmp_path_factory.mktemp("shared") / "project")
    result = run_factsite(root, "build")
    assert result.returncode == 0, result.stdout + result.stderr
    return root


def faulty_copy(built: Path, tmp_path: Path, fault: Fault) -> Path:
    root = tmp_path / "project"
    shutil.copytree(built, root, symlinks=True)
    (tmp_path / "outside.txt").write_text("outside the project\n")
    path = root / fault.path
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.touch()  # the fault writes it
    fault.change(path)
    return root


def run(root: Path, *args: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    """The CLI in this process (a traceback fails the test); its exit code and stdout."""
    code = main(["--root", str(root), "--jobs", "1", *args])
    return code, capsys.readouterr().out


def located(stdout: str) -> list[str]:
    """'path:line:col: error[code] ...' lines as 'path:line:col code'."""
    out = []
    for line in stdout.splitlines():
        where, _, rest = line.partition(": error[")
        out.append(f"{where} {rest.partition(']')[0]}")
    return out


def test_the_faults_use_catalogued_codes() -> None:
    codes = {e.rsplit(" ", 1)[1] for f in FAULTS for e in f.expected}
    assert codes <= set(CATALOGUE)
    names = [(f.path, f.name) for f in FAULTS]
    assert len(names) == len(set(names))


@pytest.mark.parametrize("fault", FAULTS, ids=lambda f: f"{f.path}: {f.name}")
def test_fault(
    built: Path,
    tmp_path: Path,
    fault: Fault,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("SITE_URL", raising=False)
    root = faulty_copy(built, tmp_path, fault)
    docs, site = fingerprint(root / "docs"), fingerprint(root / "site")
    for command in ("validate", "render", "build"):
        code, out = run(root, command, capsys=capsys)
        assert (command, located(out)) == (command, list(fault.expected))
        assert code == 1, command
        assert fault.says in out.splitlines()[0]
    assert fingerprint(root / "docs") == docs
    assert fingerprint(root / "site") == site
    assert not [p.name for p in root.iterdir() if p.name.startswith(".site-")]


@pytest.mark.parametrize("fmt", ["json", "github"])
def test_render_and_build_print_shared_file_problems_in_every_format(
    built: Path, tmp_path: Path, fmt: str, capsys: pytest.CaptureFixture[str]
) -> None:
    fault = next(f for f in FAULTS if f.path == "mkdocs.yml" and f.name == "duplicate key")
    root = faulty_copy(built, tmp_path, fault)
    for command in ("validate", "render", "build"):
        code, out = run(root, command, "--format", fmt, capsys=capsys)
        assert code == 1
        if fmt == "json":
            [problem] = json.loads(out)
            assert (problem["path"], problem["line"], problem["col"]) == ("mkdocs.yml", 2, 1)
        else:
            assert out.startswith("::error file=mkdocs.yml,line=2,col=1,title=yaml-duplicate-key::")


def test_claims_pointing_at_a_missing_article_each_say_so(
    built: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A dangling reference is the claim's problem: the article is gone, text and all."""
    root = tmp_path / "project"
    shutil.copytree(built, root, symlinks=True)
    (root / f"{ARTICLE}.yaml").unlink()
    (root / f"{ARTICLE}.txt").unlink()
    claims = sorted((root / "claims").rglob("*.yaml"))
    code, out = run(root, "validate", capsys=capsys)
    assert code == 1
    problems = located(out)
    assert len(problems) == len(claims) and all(
        p.endswith(":3:10 unknown-article") for p in problems
    )


def test_a_topic_removed_from_the_vocabulary_is_reported_where_claims_use_it(
    built: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "project"
    shutil.copytree(built, root, symlinks=True)
    topics = root / "topics.yaml"
    topics.write_text(topics.read_text().replace("energy: Oil and energy\n", ""))
    code, out = run(root, "validate", capsys=capsys)
    assert code == 1 and out
    assert all(
        line.startswith("claims/") and "'energy' is not in topics.yaml" in line
        for line in out.splitlines()
    )


def test_a_real_process_prints_the_problem_and_no_traceback(built: Path, tmp_path: Path) -> None:
    fault = next(f for f in FAULTS if f.path == "verdicts.yaml" and f.name == "empty")
    root = faulty_copy(built, tmp_path, fault)
    for command in ("validate", "render", "build"):
        result = run_factsite(root, command)
        assert result.returncode == 1, command
        assert result.stdout == "verdicts.yaml:1:1: error[yaml-empty] the file is empty\n"
        assert "Traceback" not in result.stderr


def test_the_guide_shows_what_validate_prints(
    built: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    guide = (REPO / "CONTRIBUTING.md").read_text(encoding="utf-8")
    part = guide[guide.index("### Broken shared files") :]
    shown = re.search(r"^```text\n(.*?)^```", part, re.M | re.S)
    assert shown
    for i, line in enumerate(shown.group(1).splitlines()):
        [fault] = [f for f in FAULTS if f.expected == tuple(located(line))]
        root = faulty_copy(built, tmp_path / str(i), fault)
        assert run(root, "validate", capsys=capsys) == (1, line + "\n")


COMMANDS = [
    ["validate"],
    ["render"],
    ["build"],
    ["serve"],
    ["clean"],
    ["schema"],
    ["new", "--list"],
    ["article", "add", "--url", "https://example.org/a"],
]


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c[0])
def test_a_folder_that_is_not_a_site_gets_one_sentence_and_exit_2(
    tmp_path: Path, command: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "notes.txt").write_text("not a site\n")
    assert main(["--root", str(tmp_path), *command]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    [sentence] = captured.err.splitlines()
    assert "is not a factsite site" in sentence and "Start your own site" in sentence
    assert sorted(os.listdir(tmp_path)) == ["notes.txt"]  # nothing written
