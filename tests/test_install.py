"""A newsroom's path from an install to a site that builds, with nothing edited by hand:
factsite from a wheel file or a git URL in a fresh venv, `init` there (stdin /dev/null, as in
a script), then the new site's own requirements.txt installed into another fresh venv made by
`python -m venv`, whose pip is the one that ships with Python (23.x for 3.11: the pip that
missed lxml_html_clean), from the package registry. In that venv: `article add`, `build`,
`new`, `validate`.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest

from conftest import REPO, TODAY

FIXTURE = REPO / "tests" / "fixtures" / "articles" / "news-jsonld.html"
ARTICLE_URL = "https://news.example.com/2026/01/06/riverton-night-ferry"

pytestmark = pytest.mark.slow


def _run(argv: list[str | Path], cwd: Path, **kw: object) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "FACTSITE_TODAY": TODAY, "NO_MKDOCS_2_WARNING": "1"}
    env.pop("PYTHONPATH", None)
    env.pop("VIRTUAL_ENV", None)
    done = subprocess.run(
        [str(a) for a in argv],
        cwd=cwd,
        capture_output=True,
        text=True,
        env=env,
        timeout=1200,
        check=False,
        **kw,  # type: ignore[arg-type]
    )
    assert "Traceback" not in done.stderr, done.stderr
    return done


def _ok(done: subprocess.CompletedProcess[str]) -> str:
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout + done.stderr


def _git_checkout(tmp_path: Path) -> tuple[str, str]:
    """A git repository of the working tree as it is (committed or not): its file URL and
    commit, as `pip install git+URL@COMMIT` takes them."""
    git = shutil.which("git")
    assert git, "the git route needs git"
    listed = _ok(_run([git, "-C", REPO, "ls-files", "-co", "--exclude-standard", "-z"], tmp_path))
    clone = tmp_path / "factsite-git"
    for rel in filter(None, listed.split("\0")):
        if (REPO / rel).is_file():
            (clone / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(REPO / rel, clone / rel)
    ident = ["-c", "user.name=Test", "-c", "user.email=t@example.org"]
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-qm", "factsite"]):
        _ok(_run([git, "-C", clone, *ident, *args], tmp_path))
    commit = _ok(_run([git, "-C", clone, "rev-parse", "HEAD"], tmp_path)).strip()
    return clone.as_uri(), commit


@pytest.mark.parametrize("route", ["wheel", "git"])
def test_from_an_install_to_a_site_built_by_its_own_requirements(
    tmp_path: Path, route: str
) -> None:
    # factsite, installed in a fresh venv from a wheel file or a git URL (its dependencies
    # borrowed from this environment)
    maker = tmp_path / "maker"
    venv.create(maker, with_pip=True)
    pip = [maker / "bin/python", "-m", "pip", "install", "-q", "--no-deps"]
    if route == "wheel":
        build = [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", "dist", REPO]
        _ok(_run(build, tmp_path))
        [wheel] = (tmp_path / "dist").glob("factsite-*.whl")
        _ok(_run([*pip, wheel], tmp_path))
        wanted = f"factsite @ {wheel.resolve().as_uri()}"
    else:
        url, commit = _git_checkout(tmp_path)
        _ok(_run([*pip, f"git+{url}@{commit}"], tmp_path))
        wanted = f"factsite @ git+{url.replace('file:///', 'file://localhost/')}@{commit}"
    purelib = _ok(
        _run(
            [
                maker / "bin/python",
                "-c",
                "import sysconfig;print(sysconfig.get_paths()['purelib'])",
            ],
            tmp_path,
        )
    ).strip()
    Path(purelib, "zz_deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")

    # init without a terminal: no question, no traceback, the missing options named
    init = _run(
        [maker / "bin/factsite", "init", "checks", "--name", "Riverton Checks"],
        tmp_path,
        stdin=subprocess.DEVNULL,
    )
    assert "not a terminal" in _ok(init) and "--url" in init.stderr
    site = tmp_path / "checks"
    assert (site / "requirements.txt").read_text().splitlines()[-1] == wanted

    # a fresh venv with the pip Python ships, and the site's requirements.txt, as written
    reader = tmp_path / "reader"
    _ok(_run([sys.executable, "-m", "venv", reader], tmp_path))
    pip = _ok(_run([reader / "bin/python", "-m", "pip", "--version"], tmp_path))
    assert re.match(r"pip (\d+)", pip), pip
    _ok(_run([reader / "bin/python", "-m", "pip", "install", "-q", "-r", "requirements.txt"], site))
    factsite = reader / "bin/factsite"
    where = _ok(
        _run([reader / "bin/python", "-c", "import factsite;print(factsite.__file__)"], site)
    )
    assert where.startswith(str(reader)), where

    _ok(_run([factsite, "article", "add", "--html", FIXTURE, "--url", ARTICLE_URL], site))
    _ok(_run([factsite, "build"], site))  # previews at once, the pages' TODOs shown
    assert (site / "site" / "index.html").is_file()
    article = "example-gazette-2026-01-riverton-council-votes-keep"
    _ok(_run([factsite, "new", "--article", article, "--sentence", "2", "--id", "ferry"], site))
    refused = _run([factsite, "validate"], site)  # the scaffold's and the pages' TODOs
    assert refused.returncode == 1 and "error[todo-left]" in refused.stdout
    assert "claims/" in refused.stdout
