"""scripts/bench.py: its data sets are valid projects and its rows carry every figure.

No timing here: the steps are replaced by stand-ins, so this stays fast.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from typing import Any

import pytest

from conftest import REPO
from factsite.check.project import check_project

spec = importlib.util.spec_from_file_location("bench", REPO / "scripts" / "bench.py")
assert spec and spec.loader
bench = importlib.util.module_from_spec(spec)
spec.loader.exec_module(bench)


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def test_generated_project_is_valid_and_deterministic(tmp_path: Path) -> None:
    root = tmp_path / "20"
    bench.generate(20, root)
    project = check_project(root)
    assert [p.text() for p in project.problems] == []
    assert len(project.claims) == 20
    assert bench.NAV_ARTICLE in project.articles  # mkdocs.yml's nav links to its page
    assert len(project.articles) == bench.ARTICLES
    assert len({c["verdict"] for c in project.claims}) > 1
    again = tmp_path / "again"
    bench.generate(20, again)
    assert _files(again) == _files(root)


def _fake_step(root: Path, cid: list[str]) -> Any:
    def run_step(cmd: list[str], cwd: Path, env: dict[str, str] | None = None) -> dict[str, Any]:
        result = {"s": 0.5, "cpu_s": 0.4, "rss_mb": 50.0, "rc": 0, "stdout": "", "stderr": ""}
        if "-c" in cmd:  # the parse floor
            result["stdout"] = "20 0.25\n"
        elif "render" in cmd:
            result["stderr"] = "render: 3 written, 0 removed, 70 unchanged\n"
        elif "-f" in cmd:  # the build with Material's search plugin, for its index
            index = Path(cmd[cmd.index("-d") + 1]) / "search" / "search_index.json"
            index.parent.mkdir(parents=True)
            index.write_text(json.dumps({"config": {}, "docs": [{"location": "x/"}]}))
        elif "build" in cmd:
            page = root / "site" / "claims" / cid[0] / "index.html"
            page.parent.mkdir(parents=True, exist_ok=True)
            page.write_text("<html>claim</html>")
            (root / "site" / "pagefind").mkdir(exist_ok=True)
            (root / "site" / "pagefind" / "pagefind-entry.json").write_text("{}")
        return result

    return run_step


def test_row_has_every_key(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "20"
    bench.generate(20, root)
    before = _files(root / "claims")
    cid: list[str] = []
    edit = bench._edit_one_claim

    def edit_one(root: Path, **kwargs: Any) -> tuple[Path, str, str]:
        found = edit(root, **kwargs)
        cid.append(found[1])
        return found

    monkeypatch.setattr(bench, "run_step", _fake_step(root, cid))
    traffic = {"bytes": 300_000, "search_bytes": 0}
    monkeypatch.setattr(
        bench,
        "reader_bytes",
        lambda site, path, word: {
            "page_view": traffic,
            "first_search": traffic | {"search_bytes": 200_000},
            "results_s": 0.3,
        },
    )
    monkeypatch.setattr(bench, "_edit_one_claim", edit_one)
    served: list[list[str]] = []

    def serve(cmd: list[str], cwd: Path, url: str, edit: Path, *args: Any, **kw: Any) -> Any:
        assert edit.suffix in (".yaml", ".md") and url.startswith("http://127.0.0.1:")
        served.append(cmd)
        return {"start_s": 2.0, "edit_s": 0.5, "saves_s": [0.5, 0.4, 0.6]}

    monkeypatch.setattr(bench, "serve_latency", serve)
    monkeypatch.setattr(bench, "identical", lambda root: True)
    monkeypatch.setattr(bench.time, "sleep", lambda seconds: None)
    row = bench.measure(20, root, repeat=1)
    bench.finish([row], bench.machine())
    assert [k for k in bench.ROW_KEYS if k not in row] == []
    assert [c[c.index("serve") - 1 : c.index("serve") + 1] for c in served] == [
        [str(root), "serve"],
        ["mkdocs", "serve"],
    ]
    assert row["incremental_identical"] is True and "same as a clean build" in bench.table([row])
    assert row["serve_edit_s"] == 0.5  # the median of the saves
    assert row["validate_over_floor"] == 1.0 and row["noop_over_cold"] == 1.0
    assert row["render_one_change_files_written"] == 3
    assert row["build_10k_over_1k"] is None  # no size ten times smaller in this run
    assert row["material_index_bytes"] > 0 and row["page_view_search_bytes"] == 0
    assert not (root / bench.MATERIAL_CONFIG).exists()
    assert _files(root / "claims") == before  # the edited claim is put back
    json.dumps(row)
    assert "| 20 |" in bench.table([row])


def test_one_project_can_be_made_in_a_folder_of_ones_choice(tmp_path: Path) -> None:
    """To profile a step on a big project without running the benchmark."""
    assert bench.main(["--generate-only", "--sizes", "20", "--into", str(tmp_path / "p")]) == 0
    assert len(list((tmp_path / "p" / "claims").rglob("*.yaml"))) == 20
    with pytest.raises(SystemExit):
        bench.main(["--sizes", "20", "--into", str(tmp_path / "q")])
    assert not (tmp_path / "q").exists()
