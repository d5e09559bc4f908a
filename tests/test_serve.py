"""commands/serve.py: render, serve, and render again only when an input of the render changes.

The engine's process and the clock are replaced by stand-ins: no server is started.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from conftest import copy_project
from factsite.commands import serve as serve_cmd
from factsite.commands.options import Options
from factsite.publish.engine import serve_argv

CLAIM = "claims/ynet-2026-01-azerbaijan-gaza/embassy-tel-aviv-march-2023.yaml"


def _touch(path: Path, text: str = "\n# edited\n") -> None:
    """Change the file's size and mtime, as an editor's save does."""
    with path.open("a", encoding="utf-8") as fh:
        fh.write(text)
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_007))


def test_every_input_of_the_render_is_watched() -> None:
    assert {
        "claims",
        "articles",
        "verdicts.yaml",
        "topics.yaml",
        "schema/claim.schema.json",
        "mkdocs.yml",
    } <= set(serve_cmd.WATCHED)


@pytest.mark.parametrize(
    "change",
    [
        CLAIM,
        "articles/ynet-2026-01-azerbaijan-gaza.yaml",
        "articles/ynet-2026-01-azerbaijan-gaza.txt",
        "verdicts.yaml",
        "topics.yaml",
        "schema/claim.schema.json",
        "mkdocs.yml",
    ],
)
def test_a_change_to_an_input_is_seen(project: Path, change: str) -> None:
    before = serve_cmd._stamp(project)
    _touch(project / change)
    assert serve_cmd._stamp(project) != before


def test_new_and_removed_claims_are_seen(project: Path) -> None:
    before = serve_cmd._stamp(project)
    new = project / "claims" / "other" / "x.yaml"
    new.parent.mkdir()
    new.write_text("id: x\n")
    assert serve_cmd._stamp(project) != before
    new.unlink()
    new.parent.rmdir()
    assert serve_cmd._stamp(project) == before
    (project / CLAIM).unlink()
    assert serve_cmd._stamp(project) != before


def test_what_the_render_writes_is_not_an_input(project: Path) -> None:
    """Otherwise every render would trigger the next one."""
    before = serve_cmd._stamp(project)
    for out in ("docs/claims/x.md", "docs/index.md", "site/index.html", ".factsite-cache/c.bin"):
        (project / out).parent.mkdir(parents=True, exist_ok=True)
        (project / out).write_text("generated\n")
    assert serve_cmd._stamp(project) == before


class _Server:
    """Stands in for the engine's `serve` process: runs until terminated."""

    def __init__(self, argv: list[str], cwd: Path) -> None:
        self.argv, self.cwd, self.terminated = argv, cwd, False

    def poll(self) -> int | None:
        return 0 if self.terminated else None

    def terminate(self) -> None:
        self.terminated = True

    def wait(self, timeout: float) -> int:
        return 0


def _serve(
    monkeypatch: pytest.MonkeyPatch, root: Path, ticks: list[Callable[[], None]]
) -> tuple[int, list[_Server], list[Any]]:
    """Run `serve` on `root`; at each poll, the next of `ticks` runs, then Ctrl-C."""
    servers: list[_Server] = []
    renders: list[Any] = []
    real_render = serve_cmd.render_project

    def render(opts: Options) -> Any:
        renders.append(out := real_render(opts))
        return out

    def sleep(seconds: float) -> None:
        if not ticks:
            raise KeyboardInterrupt
        ticks.pop(0)()

    real_popen = serve_cmd.subprocess.Popen

    def popen(argv: list[str], cwd: Path, **kwargs: Any) -> Any:
        if Path(argv[0]).name == "git":  # not the engine: git, for the claims' history
            return real_popen(argv, cwd=cwd, **kwargs)
        servers.append(_Server(argv, cwd))
        return servers[-1]

    monkeypatch.setattr(serve_cmd, "render_project", render)
    monkeypatch.setattr(serve_cmd, "time", SimpleNamespace(sleep=sleep))
    monkeypatch.setattr(serve_cmd.subprocess, "Popen", popen)
    code = serve_cmd.serve(Options(root=root, dev_addr="127.0.0.1:8765"))
    return code, servers, renders


def test_serve_renders_serves_and_renders_again_on_a_change(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    root = copy_project(tmp_path / "project")
    claim = root / CLAIM

    def break_the_claim() -> None:
        _touch(claim, "verdict: twice\n")

    ticks = [lambda: None, lambda: _touch(claim), lambda: None, break_the_claim]
    code, servers, renders = _serve(monkeypatch, root, ticks)
    assert code == 0
    (server,) = servers
    assert server.argv == serve_argv(root.resolve() / "mkdocs.yml", "127.0.0.1:8765")
    assert server.cwd == root and server.terminated  # stopped on Ctrl-C
    # the first render, one per change, none when nothing changed
    assert [r.report is not None for r in renders] == [True, True, False]
    err = capsys.readouterr()
    assert "error[yaml-duplicate-key]" in err.out  # printed, and the preview stays
    assert "render: nothing written, fix the problems above" in err.err


def test_serve_stops_before_serving_when_the_first_render_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    root = copy_project(tmp_path / "project")
    _touch(root / CLAIM, "verdict: twice\n")
    code, servers, renders = _serve(monkeypatch, root, [])
    assert (code, servers, len(renders)) == (1, [], 1)
    assert "error[yaml-duplicate-key]" in capsys.readouterr().out
