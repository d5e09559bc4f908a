"""publish/shard_engine.py: MkDocs whose raw-HTML ids are read only when a link asks, and
which builds the very site, with the very messages, that plain `mkdocs build --strict` does."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from factsite.publish.engine import build_argv, shard_argv
from factsite.publish.shard_engine import AnchorUnion, RawAnchors

CONFIG = """\
site_name: anchors
site_url: https://example.org/
validation:
  anchors: warn
"""


class _Counting:
    """MkDocs' _HTMLHandler stand-in that counts how often a page is parsed."""

    made = 0

    def __init__(self) -> None:
        type(self).made += 1
        self.present_anchor_ids: set[str] = set()
        self._text = ""

    def feed(self, text: str) -> None:
        self._text += text

    def close(self) -> None:
        self.present_anchor_ids = set(re.findall(r'id="([^"]*)"', self._text))


def test_raw_ids_are_read_once_and_only_when_asked() -> None:
    _Counting.made = 0
    raw = RawAnchors('<p id="a"> <span id="b">', _Counting)
    both = {"heading"} | raw  # as Page.render combines them
    assert isinstance(both, AnchorUnion)
    assert "heading" in both
    assert _Counting.made == 0  # a heading's id needs no parse
    assert "b" in both and "missing" not in both and "a" in raw
    assert _Counting.made == 1
    assert set(both) == {"heading", "a", "b"} and len(both) == 3 and len(raw) == 2


def _project(root: Path, pages: dict[str, str]) -> Path:
    (root / "docs").mkdir(parents=True)
    (root / "mkdocs.yml").write_text(CONFIG, "utf-8")
    for name, text in pages.items():
        (root / "docs" / name).write_text(text, "utf-8")
    return root


def _build(root: Path, argv: list[str]) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1795824000"}
    return subprocess.run(
        argv, cwd=root, env=env, capture_output=True, text=True, check=False, timeout=120
    )


def _warnings(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith(("WARNING", "ERROR"))]


def _files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}


PAGES = {
    "index.md": "# Home\n\n[raw](raw.md#from-html) [heading](raw.md#a-heading) [named](raw.md#n)\n",
    "raw.md": '# Raw\n\n## A heading\n\n<div class="x"><p id="from-html">text</p>'
    '<a name="n"></a></div>\n',
    "declared.md": '# Declared\n\n<!-- a comment --><p id="c">x</p>\n\n[c](#c)\n',
}


@pytest.mark.parametrize(
    "extra, fails",
    [
        ("", False),  # ids in raw HTML, headings and <a name> all found
        ("[gone](raw.md#not-there)\n", True),  # a missing anchor still fails --strict
        ("[gone](declared.md#nope)\n", True),  # and on a page parsed at once
    ],
)
def test_the_shard_engine_builds_and_warns_as_mkdocs_does(
    tmp_path: Path, extra: str, fails: bool
) -> None:
    pages = {**PAGES, "index.md": PAGES["index.md"] + extra}
    plain_root, shard_root = _project(tmp_path / "plain", pages), _project(tmp_path / "lazy", pages)
    plain = _build(plain_root, build_argv(plain_root / "mkdocs.yml", plain_root / "site"))
    lazy = _build(shard_root, shard_argv(shard_root / "mkdocs.yml", shard_root / "site"))
    assert (plain.returncode != 0, lazy.returncode != 0) == (fails, fails), lazy.stderr
    assert _warnings(lazy.stderr) == _warnings(plain.stderr)
    if fails:
        assert "does not contain an anchor" in lazy.stderr
    else:
        assert _files(shard_root / "site") == _files(plain_root / "site")


def test_the_shard_argv_runs_this_interpreter_and_this_module() -> None:
    argv = shard_argv(Path("/p/mkdocs-1.yml"), Path("/p/site-1"))
    assert argv[:3] == [sys.executable, "-m", "factsite.publish.shard_engine"]
    assert argv[3:] == build_argv(Path("/p/mkdocs-1.yml"), Path("/p/site-1"))[3:]
