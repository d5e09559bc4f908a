"""The README's guide for a newsroom stays true: its commands run, its brand snippets build.

The first shell block of "Start your own site" is run line by line (`factsite serve` as
`factsite build`, and `article add` given the saved page of the article, as there is no
network); the brand section's YAML goes into mkdocs.yml and its CSS into docs/assets/brand.css,
and the built pages load them.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO, TODAY

README = (REPO / "README.md").read_text(encoding="utf-8")
FIXTURE = REPO / "tests" / "fixtures" / "articles" / "news-jsonld.html"


def _section(title: str) -> str:
    start = README.index(f"\n{title}\n")
    end = README.find("\n## ", start + 1)
    return README[start:end]


def _blocks(text: str, lang: str) -> list[str]:
    return re.findall(rf"^```{lang}\n(.*?)^```", text, re.M | re.S)


def test_the_newsroom_comes_first_and_the_benchmarks_have_their_page() -> None:
    headings = re.findall(r"^## (.+)$", README, re.M)
    assert headings[0] == "Start your own site"
    assert headings.index("Contributing to factsite") > 0
    for topic in ("Brand", "Domain", "Branch", "Language", "Review rules", "Archive secrets"):
        assert re.search(rf"^### {topic}", README, re.M), topic
    assert "### Upgrading" in README
    assert "[BENCHMARKS.md](BENCHMARKS.md)" in README and "| claims |" not in README
    assert "| claims |" in (REPO / "BENCHMARKS.md").read_text(encoding="utf-8")


def _factsite(argv: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "FACTSITE_TODAY": TODAY, "NO_MKDOCS_2_WARNING": "1"}
    env = {k: v for k, v in env.items() if not k.startswith("GIT_")}
    done = subprocess.run(
        [sys.executable, "-m", "factsite", *argv[1:]],
        cwd=cwd,
        capture_output=True,
        text=True,
        env=env,
        stdin=subprocess.DEVNULL,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, f"{shlex.join(argv)}\n{done.stdout}{done.stderr}"
    assert "Traceback" not in done.stderr
    return done


@pytest.mark.slow
def test_the_guides_commands_make_a_site_that_builds_with_the_brand(tmp_path: Path) -> None:
    [start, *_] = _blocks(_section("## Start your own site"), "sh")
    cwd = tmp_path
    for line in start.replace("\\\n", " ").splitlines():
        argv = shlex.split(line, comments=True)
        if argv[0] == "cd":
            cwd = cwd / argv[1]
            continue
        assert argv[0] == "factsite", line
        if argv[1:3] == ["article", "add"]:
            argv += ["--html", str(FIXTURE)]  # the page as saved: no network in the tests
        if argv[1] == "serve":
            argv = ["factsite", "build"]  # what serve previews, without the server
        _factsite(argv, cwd)
    assert (cwd / ".git").is_dir()  # --git
    assert list((cwd / "claims").rglob("*.yaml"))  # factsite new wrote one

    # the brand: the YAML into mkdocs.yml, the CSS into docs/assets/brand.css, a logo
    brand = _section("### Brand: logo, colours, stylesheet")
    [yaml_block] = _blocks(brand, "yaml")
    [css_block] = _blocks(brand, "css")
    config = cwd / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    text = re.sub(r"^extra_css:\n(?:  - .*\n)+", "", text, flags=re.M)
    logo = "  logo: assets/logo.svg\n  favicon: assets/logo.svg\n"
    assert logo in yaml_block
    text = text.replace("theme:\n", "theme:\n" + logo, 1)
    text += "\n" + yaml_block[yaml_block.index("extra_css:") :]
    config.write_text(text, encoding="utf-8")
    (cwd / "docs" / "assets").mkdir(parents=True, exist_ok=True)
    (cwd / "docs" / "assets" / "brand.css").write_text(css_block, encoding="utf-8")
    svg = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"><rect width="1"/></svg>'
    (cwd / "docs" / "assets" / "logo.svg").write_text(svg + "\n", encoding="utf-8")
    # the claim scaffolded above still has its TODOs: build a preview of the rest
    for claim in (cwd / "claims").rglob("*.yaml"):
        claim.unlink()
    _factsite(["factsite", "build"], cwd)
    page = (cwd / "site" / "index.html").read_text(encoding="utf-8")
    assert "assets/brand.css" in page and "assets/logo.svg" in page
    css = page.index("assets/factsite.css"), page.index("assets/brand.css")
    assert css[0] < css[1]  # the brand comes last, so it wins
    assert (cwd / "site" / "assets" / "brand.css").read_text(encoding="utf-8") == css_block
