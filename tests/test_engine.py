"""publish/engine.py: the site engine's command line, built in one place (see ENGINES.md; that
the rendered site also builds with ProperDocs is test_engines.py's slow build)."""

from __future__ import annotations

import ast
import importlib.util
import sys
from pathlib import Path

import pytest

from factsite.publish.engine import ENGINES, build_argv

SRC = Path(__file__).resolve().parent.parent / "src" / "factsite"


def test_build_is_strict_and_clean_into_the_given_folder() -> None:
    config, site = Path("/p/mkdocs.yml"), Path("/p/.site-build-1")
    assert build_argv(config, site) == [
        sys.executable,
        "-m",
        "mkdocs",
        "build",
        "--strict",
        "--clean",
        "--site-dir",
        "/p/.site-build-1",
        "--config-file",
        "/p/mkdocs.yml",
    ]
    assert build_argv(config, site, engine="properdocs")[:4] == [
        sys.executable,
        "-m",
        "properdocs",
        "build",
    ]


def test_every_argument_is_text_and_the_engine_runs_from_this_interpreter() -> None:
    for engine in ENGINES:
        argv = build_argv(Path("c.yml"), Path("s"), engine=engine)
        assert all(isinstance(a, str) for a in argv)
        assert argv[:2] == [sys.executable, "-m"]  # the venv's engine, not one on PATH


def test_an_unknown_engine_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown engine 'zensical'"):
        build_argv(Path("c.yml"), Path("s"), engine="zensical")
    with pytest.raises(ValueError, match="unknown engine"):
        build_argv(Path("c.yml"), Path("s"), engine="mkdocs; rm -rf /")


@pytest.mark.parametrize("engine", ENGINES)
def test_each_engine_is_installed(engine: str) -> None:
    assert importlib.util.find_spec(f"{engine}.__main__") is not None, engine


def test_no_other_module_spells_an_engine_command_line() -> None:
    """Issue 10: the mkdocs command line was built in three places; now only here."""
    flags = {"--strict", "--clean", "--config-file"}  # the engine's own options
    found = []
    for path in sorted(SRC.rglob("*.py")):
        if path.name == "engine.py" and path.parent.name == "publish":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and node.value in flags:
                found.append(f"{path.relative_to(SRC)}: {node.value}")
    assert found == []
