"""A catalogue of hostile claim files, each with its exact outcome, kept as data in tests/hostile/.

Each case is a folder `tests/hostile/NAME/`:

- `claim.yaml`: the exact bytes of the claim file, written over the repository's
  `embassy-tel-aviv-march-2023.yaml` in a copy of the project. Most cases are `base.yaml` (the
  real claim in a fixed layout, one field per line and the analysis last, from line 25) with a
  few lines changed: `diff tests/hostile/base.yaml tests/hostile/NAME/claim.yaml` shows what.
- `expected`: either the exact diagnostics the validator prints for the file, one
  `path:line:col: error[code] message` line each (as tests/examples/fail/*.expected), or the
  ACCEPTED line followed by strings that the claim's rendered page must contain; an accepted
  claim is rendered and its page, converted as MkDocs would, is audited for script.
- Optionally `project/`, files copied into the project first (symlinks kept), and `outside/`,
  copied beside the project. A case without `claim.yaml` is about the one file of
  `project/claims/` (a symlink out of the project).

Refresh the diagnostics with `pytest --update-goldens tests/test_hostile.py`, then read the diff:
an accepted case never turns into a refused one (or back) by that flag.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import frontmatter
import markdown
import pytest

from conftest import copy_project, rendered, run_factsite, site_of
from factsite.check.project import check_project
from factsite.check.site_config import load_config
from factsite.cli import main
from factsite.load.files import Layout
from factsite.load.strict_yaml import parse
from factsite.problems import CATALOGUE, format_text
from factsite.render import render_site
from factsite.render.claim_page import page_title
from factsite.render.escape import meta
from factsite.render.i18n import english
from test_injection import audit, violations, visible_text

HOSTILE = Path(__file__).parent / "hostile"
EXAMPLES = Path(__file__).parent / "examples"
CASES = sorted(p for p in HOSTILE.iterdir() if p.is_dir())
ARTICLE = "ynet-2026-01-azerbaijan-gaza"
CLAIM_ID = "embassy-tel-aviv-march-2023"
REL = f"claims/{ARTICLE}/{CLAIM_ID}.yaml"
ACCEPTED = "# accepted: no problem; the claim is rendered, its page audited, and it shows:"
PROBLEM_LINE = re.compile(
    r"^(?P<path>[^:]+):(?P<line>\d+):(?P<col>\d+): error\[(?P<code>[a-z-]+)\] "
)


def base_claim() -> str:
    """The real claim in the catalogue's layout: every case over it changes a few lines."""
    return (HOSTILE / "base.yaml").read_text(encoding="utf-8")


def case_text(name: str) -> str:
    return (HOSTILE / name / "claim.yaml").read_text(encoding="utf-8")


def expected_of(case: Path) -> str:
    """The `expected` file as written (no newline translation: every byte counts)."""
    return (case / "expected").read_bytes().decode("utf-8")


def install(root: Path, case: Path) -> Path:
    """Write `case` into the project at `root`; the path of the claim file under test."""
    for folder, dest in (("project", root), ("outside", root.parent / "outside")):
        if (case / folder).is_dir():
            shutil.copytree(case / folder, dest, symlinks=True, dirs_exist_ok=True)
    if not (case / "claim.yaml").exists():
        (path,) = (case / "project" / "claims").rglob("*.yaml")
        return root / path.relative_to(case / "project")
    (root / REL).write_bytes((case / "claim.yaml").read_bytes())
    return root / REL


def test_the_catalogue_is_large_and_its_codes_exist() -> None:
    assert len(CASES) >= 86
    codes = set()
    for case in CASES:
        assert (case / "claim.yaml").is_file() or (case / "project").is_dir(), case.name
        lines = expected_of(case).split("\n")
        assert lines[-1] == "" and lines[0], case.name  # one line each, each ended
        if lines[0] == ACCEPTED:
            assert lines[1:-1] and all(lines[1:-1]), case.name  # says what the page shows
            continue
        found = [PROBLEM_LINE.match(line) for line in lines[:-1]]
        assert all(found), case.name
        codes |= {m["code"] for m in found if m}
    assert codes <= set(CATALOGUE), codes - set(CATALOGUE)


# Codes about the project rather than one claim file, and the module that tests each.
TESTED_ELSEWHERE = {
    "published-deleted": "test_continuity.py",
    "renamed-without-redirect": "test_continuity.py",
    "redirect-conflict": "test_continuity.py",
    "unknown-person": "test_desk.py",
    "draft": "test_drafts.py",
    "self-review": "test_desk.py",
    "review-missing": "test_desk.py",
    "reply-missing": "test_desk.py",
    "reply-too-late": "test_desk.py",
    "file-missing": "test_reference.py",
    "file-unreadable": "test_files.py",
    "missing-snapshot": "test_reference.py",
    "schema-outdated": "test_cli.py",
    "todo-left": "test_generator.py",
    "orphan-snapshot": "test_shared_files.py",
    "project-busy": "test_lock.py",
    "backdated": "test_history.py",
    "archive-failed": "test_archive.py",
    "archive-not-written": "test_archive.py",
    "unsafe-setting": "test_site_config.py",
    # a site's own catalogue, and a site in another language than English (issue 28)
    "po-invalid": "test_i18n.py",
    "theme-locale": "test_i18n.py",
    # importing an article (factsite article add)
    "not-an-article": "test_extract.py",
    "broken-installation": "test_extract.py",
    "transparency-missing": "test_transparency.py",
    "no-article-text": "test_extract.py",
    "no-title": "test_extract.py",
    "missing-metadata": "test_extract.py",
    "fetch-failed": "test_extract.py",
    "article-exists": "test_extract.py",
    "write-failed": "test_extract.py",
    "unconfirmed-value": "test_extract.py",
    # a build split across the jobs of a matrix (issue 26)
    "shard-invalid": "test_split.py",
    "shard-missing": "test_split.py",
    "shard-mismatch": "test_split.py",
    "shard-unsupported": "test_split.py",
}


def test_every_code_of_the_catalogue_is_exercised() -> None:
    """A new code in problems.CATALOGUE fails here until a case or an example produces it."""
    expected = [expected_of(case) for case in CASES]
    expected += [p.read_text("utf-8") for p in (EXAMPLES / "fail").glob("*.expected")]
    codes = {
        m["code"]
        for text in expected
        for line in text.split("\n")
        if (m := PROBLEM_LINE.match(line))
    }
    for code, module in TESTED_ELSEWHERE.items():
        assert code not in codes, f"{code} has a case now: drop it from TESTED_ELSEWHERE"
        text = (Path(__file__).parent / module).read_text("utf-8")
        assert any(f in text for f in (f"error[{code}]", f'"{code}"', f' {code}"')), code
    assert sorted(set(CATALOGUE) - codes - set(TESTED_ELSEWHERE)) == []


def test_the_base_claim_is_valid(project: Path) -> None:
    """The frozen base claim (a copy of the embassy check of 2026-11-28) is valid: the cases
    over it stand alone, whatever later edits of the real claim change."""
    base = base_claim()
    path = project / REL
    path.write_text(base, encoding="utf-8")
    assert check_project(project, [path]).problems == []
    lines = base.split("\n")  # the positions that the cases' expectations rely on
    assert lines[9].startswith("verdict: ") and lines[14].startswith("  - url: ")
    assert lines[26] == "analysis: |"  # each source has a kind line


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.name)
def test_catalogue(
    project: Path, case: Path, monkeypatch: pytest.MonkeyPatch, update_goldens: bool
) -> None:
    path = install(project, case)
    rel = path.relative_to(project).as_posix()
    if path.is_symlink():  # reported by the walk of claims/, as `factsite validate` does
        problems = [p for p in check_project(project).problems if p.path == rel]
    else:
        problems = check_project(project, [path]).problems
    for p in problems:
        assert p.path == rel
        assert p.code in CATALOGUE
        assert p.message.strip() and "\n" not in p.message and "Traceback" not in p.message
    got = format_text(problems)
    expected = expected_of(case)
    if expected.startswith(ACCEPTED + "\n"):
        assert got == "", "an accepted case must stay accepted"
        shows = expected.split("\n")[1:-1]
        assert_rendered_safely(project, path, shows, monkeypatch)
        return
    assert got, "a refused case must be refused"
    if update_goldens:
        (case / "expected").write_bytes(got.encode("utf-8"))
    assert got == expected_of(case)


def assert_rendered_safely(
    root: Path, path: Path, shows: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Render the accepted claim; its page, converted as MkDocs would, runs no script."""
    for other in (root / "claims").rglob("*.yaml"):  # rendering depends on this claim only
        if other != path:
            other.unlink()
    proj = check_project(root)
    assert proj.problems == []
    pages = rendered(render_site(proj, site_of(root)))
    text = pages[f"claims/{CLAIM_ID}.md"]
    assert [s for s in shows if s not in text] == []
    post = frontmatter.loads(text)
    title = page_title(proj.claims[0], proj.scale.of(proj.claims[0]), english())
    assert post["title"] == meta(title)  # the analysis adds no front matter
    monkeypatch.chdir(root)  # pymdownx.snippets reads docs/ from the working directory
    body = markdown_to_html(root, post.content)
    assert violations(body) == []
    analysed = re.search(r">Analysis</h2>(.*)<h2[^>]*>Sources</h2>", body, re.S)
    assert analysed, body
    assert not re.search(r"<h[12][ >]", analysed[1])  # its headings rank below the page's


def markdown_to_html(root: Path, text: str) -> str:
    """Convert with the Markdown extensions of the project's mkdocs.yml."""
    config, problems = load_config(Layout(root))
    assert config is not None, problems
    names, settings = [], {}
    for ext in config.raw["markdown_extensions"]:
        name = next(iter(ext)) if isinstance(ext, dict) else ext
        names.append(name)
        if isinstance(ext, dict):
            settings[name] = ext[name]
    return markdown.markdown(text, extensions=names, extension_configs=settings)


# ---------------------------------------------------------------------------------------------
# Through the command line: exit code 1, the same lines, never a traceback

CLI_CASES = [
    "standard-tag-bad-value",
    "huge-number",
    "not-utf8",
    "nul-byte",
    "python-object-tag",
    "libyaml-depth-limit",
    "alias-bomb",
    "over-size-cap",
]


@pytest.mark.parametrize("name", CLI_CASES)
def test_cli_reports_the_same_problems(
    project: Path, name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    path = install(project, HOSTILE / name)
    assert main(["--root", str(project), "validate", path.relative_to(project).as_posix()]) == 1
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    assert out == expected_of(HOSTILE / name)


def test_alias_bomb_is_refused_in_well_under_a_second(project: Path) -> None:
    """Measured in a subprocess with a timeout, so that a regression fails instead of hanging."""
    (project / REL).write_text(case_text("alias-bomb"), encoding="utf-8")
    script = textwrap.dedent(
        """
        import json, sys, time
        from pathlib import Path
        from factsite.check.project import check_project
        from factsite.load.strict_yaml import parse
        root, path, rel = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]
        start = time.perf_counter()
        doc = parse(rel, path.read_text(encoding="utf-8"))
        parsed = time.perf_counter() - start
        project = check_project(root, [path])
        checked = time.perf_counter() - start
        found = [(p.line, p.col, p.code) for p in project.problems if p.path == rel]
        print(json.dumps([parsed, checked, found, len(doc.problems)]))
        """
    )
    env = {**os.environ, "FACTSITE_TODAY": "2026-11-28"}
    result = subprocess.run(
        [sys.executable, "-c", script, str(project), str(project / REL), REL],
        capture_output=True,
        text=True,
        timeout=20,
        check=True,
        env=env,
    )
    parsed, checked, found, n = json.loads(result.stdout)
    assert found == [[3, 8, "yaml-alias"]] and n == 1
    assert parsed < 0.1, parsed  # the bomb is refused at the first alias, not expanded
    assert checked < 10, checked  # the whole project, with the bomb in it


def test_symlinked_claim_given_on_the_command_line(project: Path) -> None:
    """A symlink out of the project, named explicitly, is refused, and reported once."""
    link = install(project, HOSTILE / "symlink-out-of-the-project")
    assert link == project / "claims" / ARTICLE / "evil.yaml" and link.is_symlink()
    problems = check_project(project, [link]).problems
    assert [(p.path, p.line, p.col, p.code) for p in problems] == [
        (f"claims/{ARTICLE}/evil.yaml", 1, 1, "file-outside-repo")
    ]


def test_symlinked_directory_is_not_followed(project: Path) -> None:
    outside = project.parent / "outside"
    outside.mkdir()
    smuggled = base_claim().replace(f"\nid: {CLAIM_ID}\n", "\nid: smuggled\n", 1)
    (outside / "smuggled.yaml").write_text(smuggled, encoding="utf-8")
    (project / "claims" / "linked").symlink_to(outside, target_is_directory=True)
    proj = check_project(project)
    assert "smuggled" not in proj.claim_paths
    assert not [p for p in proj.problems if "linked" in p.path]
    # Named explicitly, it is refused rather than read.
    named = check_project(project, [project / "claims" / "linked" / "smuggled.yaml"])
    assert [(p.path, p.code) for p in named.problems] == [
        ("claims/linked/smuggled.yaml", "file-outside-repo")
    ]
    assert "smuggled" not in named.claim_paths


# ---------------------------------------------------------------------------------------------
# Full builds: scripts of the world survive; a failure leaves everything as it was


def solo_project(tmp_path: Path, content: str) -> Path:
    """A project whose only claim is `content`, at the base claim's path."""
    root = copy_project(tmp_path / "project", claims=False)
    (root / REL).parent.mkdir(parents=True)
    (root / REL).write_text(content, encoding="utf-8")
    return root


@pytest.mark.slow
def test_right_to_left_and_non_latin_text_is_intact_in_the_built_html(tmp_path: Path) -> None:
    world = case_text("right-to-left-and-non-latin-text")
    root = solo_project(tmp_path, world)
    result = run_factsite(root, "build")
    assert result.returncode == 0, result.stdout + result.stderr
    data = parse(REL, world).data
    built = (root / "site" / "claims" / CLAIM_ID / "index.html").read_text("utf-8")
    a = audit(built)
    assert a.titles == [f"{data['claim']} — Mostly true - Claim by Claim"]
    text = "\n".join(visible_text(built))
    for value in (
        data["claim"],
        data["claimant"]["name"],
        data["claimant"]["role"],
        data["ruling"],
    ):
        assert value in text
    for paragraph in data["analysis"].split("\n\n")[:2]:
        assert paragraph in text
    assert '<blockquote class="fs-quote"><p dir="auto">' in built
    assert violations(built) == []
    listing = "\n".join(visible_text((root / "site/claimants/index.html").read_text("utf-8")))
    assert data["claimant"]["name"] in listing


def tree(path: Path) -> dict[str, str]:
    """Every file under `path` with the SHA-256 of its bytes."""
    return {
        p.relative_to(path).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(path.rglob("*"))
        if p.is_file()
    }


@pytest.mark.slow
def test_a_failure_leaves_docs_and_site_untouched(tmp_path: Path) -> None:
    root = solo_project(tmp_path, base_claim())
    assert run_factsite(root, "build").returncode == 0
    docs, site = tree(root / "docs"), tree(root / "site")
    assert f"claims/{CLAIM_ID}/index.html" in site and f"claims/{CLAIM_ID}.md" in docs

    # An invalid claim: render and build write nothing.
    (root / REL).write_text(case_text("unclosed-flow-sequence"), encoding="utf-8")
    for command in ("render", "build"):
        result = run_factsite(root, command)
        assert result.returncode == 1, command
        assert "Traceback" not in result.stderr
        assert f"{REL}:11:7: error[yaml-syntax]" in result.stdout
        assert tree(root / "docs") == docs and tree(root / "site") == site, command

    # A valid claim but a site that mkdocs --strict refuses: the previous site/ stays.
    (root / REL).write_text(base_claim(), encoding="utf-8")
    config = root / "mkdocs.yml"
    config.write_text(
        config.read_text("utf-8").replace(
            "  - Open data: data.md\n", "  - Open data: data.md\n  - Missing: no-such-page.md\n"
        ),
        encoding="utf-8",
    )
    assert "no-such-page.md" in config.read_text("utf-8")
    result = run_factsite(root, "build")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "previous site/ is unchanged" in result.stderr
    assert tree(root / "site") == site and tree(root / "docs") == docs
    assert not list(root.glob(".site-build-*")) and not list(root.glob(".site-old-*"))
