"""Shared fixtures: a copy of the project in a temporary folder, and a built site."""

from __future__ import annotations

import http.server
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "scripts"))  # the benchmark's helpers, which the tests share
import bench_reader  # noqa: E402

# The project files a site is made of (what a clone has, minus generated output).
PROJECT_FILES = (
    "mkdocs.yml",
    "verdicts.yaml",
    "topics.yaml",
    "people.yaml",
    "schema",
    "articles",
    "claims",
)
# Hypothesis keeps no example database: a checkout the test user cannot write is no failure,
# and every run is the same whoever runs it.
settings.register_profile("factsite", database=None)
settings.load_profile("factsite")

TODAY = "2026-12-07"  # validation compares dates with today: fix it for reproducible tests


@pytest.fixture(autouse=True)
def _fixed_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FACTSITE_TODAY", TODAY)
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    # The tests' stand-in servers listen on 127.0.0.1, which `article add` refuses by default
    # (load/fetch.py); tests/test_fetch_bounds.py checks the refusal without this.
    monkeypatch.setenv("FACTSITE_FETCH_PRIVATE", "1")


def copy_project(dest: Path, *, claims: bool = True) -> Path:
    """Copy the project's sources (not its generated pages) to `dest`."""
    dest.mkdir(parents=True, exist_ok=True)
    for name in PROJECT_FILES:
        src = REPO / name
        if name == "claims" and not claims:
            (dest / "claims").mkdir(exist_ok=True)
            continue
        if src.is_dir():
            shutil.copytree(src, dest / name)
        else:
            shutil.copy2(src, dest / name)
    docs = dest / "docs"
    docs.mkdir()
    for page in (REPO / "docs").glob("*.md"):
        shutil.copy2(page, docs / page.name)
    return dest


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A fresh copy of the repository's project, with its real claims."""
    return copy_project(tmp_path / "project")


def run_factsite(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "FACTSITE_TODAY": TODAY, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(
        [sys.executable, "-m", "factsite", "--root", str(root), *args],
        capture_output=True,
        text=True,
        env=env,
        check=False,
        timeout=600,
    )


def run_main(
    capsys: pytest.CaptureFixture[str], root: Path, *args: str
) -> subprocess.CompletedProcess[str]:
    """`factsite --root ROOT ARGS...` in-process (factsite.cli.main), read like run_factsite's
    result: for the tests that need exit codes and output, not a process of their own."""
    from factsite.cli import main

    argv = ["--root", str(root), *args]
    capsys.readouterr()  # what came before is not this command's
    try:
        code = main(argv)
    except SystemExit as exc:  # argparse: usage errors (2), --help and --version (0)
        code = exc.code if isinstance(exc.code, int) else 2
    out, err = capsys.readouterr()
    return subprocess.CompletedProcess(["factsite", *argv], code, out, err)


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's real claims rendered and built once with mkdocs --strict."""
    root = copy_project(tmp_path_factory.mktemp("built") / "project")
    result = run_factsite(root, "build")
    assert result.returncode == 0, result.stdout + result.stderr
    return root / "site"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-goldens",
        action="store_true",
        help="rewrite golden files and expected diagnostics from the current output",
    )


@pytest.fixture
def update_goldens(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-goldens"))


def problem_lines(root: Path) -> list[str]:
    """Every problem of the project at `root`, each as validate prints it."""
    from factsite.check.project import check_project

    return [p.text() for p in check_project(root).problems]


def render_clean(root: Path) -> dict[str, Any]:
    """render_site's pages for the project at `root`, which must have no problem."""
    from factsite.check.project import check_project
    from factsite.render import render_site

    project = check_project(root)
    assert project.problems == []
    return render_site(project, site_of(root))


def site_of(root: Path) -> Any:
    """The site settings of the project at `root` (its mkdocs.yml must be valid)."""
    from factsite.check.site_config import load_config
    from factsite.load.files import Layout

    config, problems = load_config(Layout(root))
    assert config is not None and problems == [], problems
    return config.site


def render_root(root: Path) -> tuple[Any, str]:
    """`factsite render` on `root` in-process: (write report or None, problems as text)."""
    from factsite.commands.options import Options
    from factsite.commands.render import render_project
    from factsite.problems import format_text

    out = render_project(Options(root=root))
    return out.report, format_text(out.problems)


def engine_build(root: Path, site_dir: Path, *, engine: str = "mkdocs", jobs: int = 1) -> int:
    """The engine's build of an already rendered project: 0 built, 1 failed."""
    from factsite.check.site_config import load_config
    from factsite.load.files import Layout
    from factsite.publish.build import build_site

    config, _ = load_config(Layout(root))
    raw = config.raw if config is not None else None
    return 0 if build_site(root, site_dir, config=raw, engine=engine, jobs=jobs) else 1


def git(root: Path, *args: str, date: str = "2026-11-28T12:00:00+00:00") -> str:
    """`git ARGS` in `root`, as a fixed author at a fixed `date`, free of the machine's git
    configuration: for the tests of a project's history."""
    env = {
        **os.environ,
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_AUTHOR_NAME": "A. Checker",
        "GIT_AUTHOR_EMAIL": "checker@example.org",
        "GIT_COMMITTER_NAME": "A. Checker",
        "GIT_COMMITTER_EMAIL": "checker@example.org",
        "GIT_AUTHOR_DATE": date,
        "GIT_COMMITTER_DATE": date,
    }
    done = subprocess.run(
        ["git", *args], cwd=root, env=env, capture_output=True, text=True, check=True, timeout=60
    )
    return done.stdout


@pytest.fixture(scope="module")
def real() -> Any:
    """The repository's claims, articles, scale and site, through the project's loaders."""
    from types import SimpleNamespace

    from factsite.check.project import check_project

    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("FACTSITE_TODAY", TODAY)  # the autouse fixture is function-scoped
        mp.setenv("FACTSITE_CACHE", "0")  # leave no check cache in the repository
        project = check_project(REPO)
    assert not project.problems, project.problems
    articles = {aid: art.data for aid, art in project.articles.items()}
    return SimpleNamespace(
        claims=project.claims, articles=articles, scale=project.scale, site=site_of(REPO)
    )


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Serves a folder without logging every request to the test output."""

    def log_message(self, format: str, *args: Any) -> None:
        pass


def serve_folder(folder: Path, handler: type = QuietHandler) -> Any:
    """`folder` over HTTP on a free port of 127.0.0.1 (a context manager yielding its base
    URL): scripts/bench_reader.serve_folder, which the benchmark's reader uses."""
    return bench_reader.serve_folder(folder, handler)


def example_project(tmp_path: Path) -> Path:
    """A copy of the project whose only claims are tests/examples/pass/{full,minimal}.yaml."""
    root = copy_project(tmp_path / "project", claims=False)
    for name in ("full", "minimal"):
        dest = root / "claims" / "ynet-2026-01-azerbaijan-gaza" / f"{name}.yaml"
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(REPO / "tests" / "examples" / "pass" / f"{name}.yaml", dest)
    return root


def rendered(pages: dict[str, Any]) -> dict[str, Any]:
    """render_site's pages with the claims' own text pages (Drawn, made only when written)
    made: text, as the writer would write it; share cards stay Drawn."""
    from factsite.render.pages import Drawn, contents

    return {
        p: contents(v) if isinstance(v, Drawn) and not v.binary else v for p, v in pages.items()
    }
