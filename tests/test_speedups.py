"""The fast paths of the check give exactly what the slow ones they replace gave."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import REPO, copy_project
from factsite.check import pool as claimcheck
from factsite.check import project
from factsite.load.files import Layout, _first_control
from factsite.load.strict_yaml import StrictLoader, _NotPlain, _plain_data

YAML_CASES = [
    "a: 1", "a: 0755", "a: -3", "a: +4", "a: 1.5", "a: .inf", "a: yes", "a: no", "a: on",
    "a: true", "a: True", "a: FALSE", "a: ~", "a:", "a: null", "a: Null", "a: 2026-01-05",
    "a: !!int 0x1F", "a: !!bool yes", "a: !!bool maybe", "a: !!str 12", "a: !!float 1_000",
    "a: !!null x", "a: !!binary aGVsbG8=", "a: !!timestamp 2026-01-05", "a: &x 1\nb: *x",
    "a: &x [1]\nb: *x", "a: 1\na: 2", "1: a\ntrue: b", "1: a\n1.0: b", "? [1, 2]\n: x",
    "<<: {a: 1}", "a: !!map 3", "a: !!set {x}", "a: !!omap [a: 1]", "a: !custom x",
    "- a\n- [b, c]\n- {d: e}", "a: " + "[" * 30 + "]" * 30, "a: " + "[" * 60 + "]" * 60,
    "a: 12345678901234567890123", "a: " + "9" * 5000, "a: !!python/object:os.system x",
    "=: x", "a: '1'", 'a: "true"', "[1, 2, 3]", "plain", "a: |\n  text\n  more\n", "a: 1e5",
    "a: 0x10", "a: 1:20", "a: .NaN", "x: {y: [1, {z: null}]}", "a: !!str", "a: !!int",
    "? a\n? a", "a: 00", "a: -0", "{a: 1, a: 1}", "a: !!seq {}", "a: !!str [1]",
]  # fmt: skip


def _construct(text: str, fast: bool) -> tuple[object, ...]:
    loader = StrictLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return ("empty",)
        if fast:
            try:
                return ("ok", repr(_plain_data(node, set(), 0)))
            except _NotPlain:
                pass
        return ("ok", repr(loader.construct_document(node)))
    except Exception as exc:  # the slow path's error is part of the result
        return ("error", type(exc).__name__, str(exc))
    finally:
        loader.dispose()


def _yaml_files() -> list[str]:
    found = sorted(REPO.glob("claims/*/*.yaml")) + sorted(REPO.glob("tests/examples/*/*.yaml"))
    return [p.read_text(encoding="utf-8") for p in found]


@pytest.mark.parametrize("text", YAML_CASES + _yaml_files())
def test_plain_construction_equals_strict_loader(text: str) -> None:
    assert _construct(text, fast=True) == _construct(text, fast=False)


@given(st.text(alphabet="ab1:-[]{}&*!? \n'\"#.~", max_size=60))
def test_plain_construction_equals_strict_loader_on_any_text(text: str) -> None:
    assert _construct(text, fast=True) == _construct(text, fast=False)


def _first_control_by_loop(text: str) -> tuple[int, str] | None:
    for i, ch in enumerate(text):
        if ch not in "\t\n\r" and (ord(ch) < 0x20 or 0x7F <= ord(ch) < 0xA0):
            return i, ch
    return None


@given(st.text())
def test_control_character_scan_equals_loop(text: str) -> None:
    assert _first_control(text) == _first_control_by_loop(text)


def test_control_character_scan_every_code_point_below_0x200() -> None:
    for code in range(0x200):
        text = "ok\n" + chr(code) + "\u200f"
        assert _first_control(text) == _first_control_by_loop(text), hex(code)


def test_inside_equals_full_resolve(tmp_path: Path) -> None:
    root = tmp_path / "proj"
    (root / "claims" / "a").mkdir(parents=True)
    outside = tmp_path / "outside.yaml"
    outside.write_text("x")
    (root / "claims" / "a" / "ok.yaml").write_text("x")
    (root / "claims" / "a" / "out.yaml").symlink_to(outside)
    (root / "claims" / "a" / "in.yaml").symlink_to(root / "claims" / "a" / "ok.yaml")
    (root / "claims" / "dir").symlink_to(tmp_path)
    os.symlink("loop", root / "claims" / "loop")
    cases = [
        "claims/a/ok.yaml", "claims/a/out.yaml", "claims/a/in.yaml", "claims/dir/outside.yaml",
        "claims/../../outside.yaml", "claims/a/../a/ok.yaml", "claims/loop", "claims/none.yaml",
        "claims/a/..", ".", "..",
    ]  # fmt: skip

    def by_resolve(path: Path) -> bool:
        try:
            path.resolve().relative_to(root.resolve())
        except (ValueError, OSError, RuntimeError):
            return False
        return True

    layout = Layout(root)
    for rel in cases:
        assert layout.inside(root / rel) == by_resolve(root / rel), rel


def test_parallel_check_equals_serial(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FACTSITE_CACHE", "0")
    monkeypatch.setattr(claimcheck, "MIN_PARALLEL", 1)
    root = copy_project(tmp_path / "project")
    broken = root / "claims" / "ynet-2026-01-azerbaijan-gaza" / "broken.yaml"
    broken.write_text("id: broken\nid: again\n", encoding="utf-8")
    # A duplicate id found after a worker checked the file: located in the text read again.
    source = root / "claims" / "ynet-2026-01-azerbaijan-gaza" / "embassy-tel-aviv-march-2023.yaml"
    dup = root / "claims" / "zz" / "embassy-tel-aviv-march-2023.yaml"
    dup.parent.mkdir()
    dup.write_text("\ufeff" + source.read_text(encoding="utf-8"), encoding="utf-8")
    serial = project.check_project(root, jobs=1)
    parallel = project.check_project(root, jobs=3)
    assert [p.code for p in serial.problems if p.path.startswith("claims/zz/")] == ["duplicate-id"]
    assert serial.problems and parallel.problems == serial.problems
    assert parallel.claims == serial.claims and parallel.claim_paths == serial.claim_paths
