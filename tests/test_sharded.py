"""The sharded build (publish/shards.py) makes the very site one `mkdocs build --strict` makes."""

from __future__ import annotations

import importlib.util
import json
import random
from pathlib import Path
from typing import Any

import pathspec
import pytest
import yaml

from conftest import REPO, engine_build, run_factsite
from factsite.check.site_config import load_config
from factsite.load.files import Layout
from factsite.publish import shards as sharded

CLAIMS = 60


def _load_bench() -> Any:
    spec = importlib.util.spec_from_file_location("factsite_bench", REPO / "scripts" / "bench.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A rendered project of 60 synthetic claims, made by the benchmark's generator."""
    root = tmp_path_factory.mktemp("sharded") / "project"
    _load_bench().generate(CLAIMS, root)
    result = run_factsite(root, "render", "--quiet")
    assert result.returncode == 0, result.stdout + result.stderr
    return root


def _files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}


def _plan(root: Path, shards: int) -> list[list[str]] | None:
    config, _ = load_config(Layout(root))
    assert config is not None
    return sharded.plan(root, config.raw, shards)


def _force_shards(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Shard whatever the size; returns the shard counts of the merges that ran."""
    monkeypatch.setattr(sharded, "SHARD_MIN", 1)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795824000")  # one build day for both builds
    merges: list[int] = []
    merge = sharded.merge
    monkeypatch.setattr(
        sharded, "merge", lambda outs, groups: (merges.append(len(groups)), merge(outs, groups))
    )
    return merges


def _leftovers(root: Path) -> list[Path]:
    return [*root.glob(".site-build-*"), *root.glob(".site-shards-*"), *root.glob(".site-old-*")]


@pytest.mark.slow
def test_sharded_site_equals_the_plain_site(
    synthetic: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    merges = _force_shards(monkeypatch)
    assert engine_build(synthetic, Path("site-plain")) == 0  # jobs=1: one mkdocs
    assert merges == []
    assert engine_build(synthetic, Path("site-sharded"), jobs=3) == 0
    assert merges == [3]
    plain, shard = _files(synthetic / "site-plain"), _files(synthetic / "site-sharded")
    assert sorted(plain) == sorted(shard)
    assert sum(1 for p in plain if p.startswith("claims/") and p.endswith("/index.html")) > CLAIMS
    assert [p for p in plain if plain[p] != shard[p]] == []  # HTML, assets, sitemap.xml.gz...
    # The same again, spelled out for the sitemap the merge rebuilds and for the search index,
    # made once from the merged site (publish/search.py): its entry names every index file.
    entry = "pagefind/pagefind-entry.json"
    assert json.loads(shard[entry]) == json.loads(plain[entry])
    assert any(p.startswith("pagefind/fragment/") for p in plain)
    assert "search/search_index.json" not in plain  # no Material search any more
    assert shard["sitemap.xml"] == plain["sitemap.xml"]
    assert _leftovers(synthetic) == []


@pytest.mark.slow
def test_a_failed_shard_fails_the_build_and_keeps_the_site(
    synthetic: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _force_shards(monkeypatch)
    assert engine_build(synthetic, Path("site"), jobs=3) == 0
    before = _files(synthetic / "site")
    page = sorted((synthetic / "docs" / "claims").glob("*.md"))[-1]  # in the last shard
    original = page.read_text("utf-8")
    page.write_text(original + "\n[x](missing.md)\n", "utf-8")
    try:
        assert engine_build(synthetic, Path("site"), jobs=3) == 1
    finally:
        page.write_text(original, "utf-8")
    assert "missing.md" in capsys.readouterr().err
    assert _files(synthetic / "site") == before
    assert _leftovers(synthetic) == []


def test_shard_patterns_select_exactly_each_shards_pages(tmp_path: Path) -> None:
    """Against pathspec, as MkDocs applies exclude_docs, on names that share long prefixes,
    in several folders, with runs that start and end inside a folder or span one whole."""
    rng = random.Random(3)  # noqa: S311 - reproducible test data
    for i in range(40):
        docs, pages, common = tmp_path / f"docs-{i}", [], []
        for folder in ("claims", "topics", "verdicts"):
            (docs / folder).mkdir(parents=True)
            stems = {
                "".join(rng.choices("ab-0z", k=rng.randint(1, 6))).strip("-") for _ in range(30)
            }
            names = sorted(f"{s}.md" for s in stems if s and "--" not in s and s != "index")
            others = ["index.md", "README.md", "data.json"]
            for name in names + others:
                (docs / folder / name).write_text("x")
            pages += [f"{folder}/{n}" for n in names]
            common += [f"{folder}/{n}" for n in others]
        shards = rng.randint(2, 5)
        cuts = sorted(rng.sample(range(1, len(pages)), shards - 1))
        groups = [pages[a:b] for a, b in zip([0, *cuts], [*cuts, len(pages)], strict=True)]
        cfg = {"docs_dir": str(docs), "exclude_docs": "/_generated/\n"}
        for group, text in zip(groups, sharded.shard_configs(tmp_path, cfg, groups), strict=True):
            lines = yaml.safe_load(text)["exclude_docs"].splitlines()
            assert lines[0] == "/_generated/"
            spec = pathspec.gitignore.GitIgnoreSpec.from_lines(lines=[".*", "/templates/", *lines])
            built = {p for p in pages + common if not spec.match_file(p)}
            assert built == set(group) | set(common)
            assert spec.match_file("_generated/latest.md")


def test_no_shards_where_the_reasoning_does_not_hold(synthetic: Path, tmp_path: Path) -> None:
    assert _plan(synthetic, 2) is not None
    assert _plan(synthetic, 1) is None
    (tmp_path / "docs" / "claims" / "pictures").mkdir(parents=True)
    (tmp_path / "mkdocs.yml").write_text((synthetic / "mkdocs.yml").read_text())
    for i in range(3):
        (tmp_path / "docs" / "claims" / f"c{i}.md").write_text("# c\n")
    assert _plan(tmp_path, 2) is None  # a folder among the claim pages
    (tmp_path / "docs" / "claims" / "pictures").rmdir()
    assert _plan(tmp_path, 2) is not None
    config = tmp_path / "mkdocs.yml"
    config.write_text(config.read_text().replace("  - Open data: data.md", "  - C: claims/c1.md"))
    groups = _plan(tmp_path, 2)  # a claim page in the nav: every shard builds it
    assert groups == [["claims/c0.md"], ["claims/c2.md"]]
