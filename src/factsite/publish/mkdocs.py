"""The edges of the pipeline that touch the disk: render, build and serve.

    load → check   project.check_project
    render         render.render_site (pure) → output.write_pages
    build          mkdocs build --strict into a fresh folder, then swapped into place

A failed check writes nothing; a failed build leaves the previous site/ in place.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from factsite.check.project import check_project
from factsite.load.site_config import load_site
from factsite.problems import format_text
from factsite.publish import shards as sharded
from factsite.publish.write import WriteReport, write_pages
from factsite.render import render_site

WATCHED = ("claims", "articles", "verdicts.yaml", "mkdocs.yml")


def render(root: Path, *, jobs: int = 1) -> tuple[WriteReport | None, str]:
    """Validate, then write the generated pages. (None, problems) if anything is invalid."""
    project = check_project(root, jobs=jobs)
    if project.problems:
        return None, format_text(project.problems)
    pages = render_site(project, load_site(root))
    return write_pages(root / "docs", pages), ""


def render_command(root: Path, *, jobs: int = 1, quiet: bool = False) -> int:
    report, problems = render(root, jobs=jobs)
    if report is None:
        sys.stdout.write(problems)
        print("render: nothing written, fix the problems above", file=sys.stderr)
        return 1
    if not quiet:
        print(
            f"render: {len(report.written)} written, {len(report.removed)} removed, "
            f"{report.unchanged} unchanged",
            file=sys.stderr,
        )
    return 0


def mkdocs_build(root: Path, site_dir: Path, *, engine: str = "mkdocs", jobs: int = 1) -> int:
    """Build with `engine` (mkdocs or properdocs) into a temporary folder, then swap it in.

    With jobs > 1 and at least sharded.SHARD_MIN claim pages, mkdocs builds the claim pages in
    `jobs` processes whose outputs are merged into the site one build makes (sharded.py).
    """
    root = root.resolve()  # mkdocs runs inside root: every path handed to it is absolute
    site_dir = site_dir if site_dir.is_absolute() else root / site_dir
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".site-build-", dir=site_dir.parent))
    cmd = [
        sys.executable,
        "-m",
        engine,
        "build",
        "--strict",
        "--clean",
        "--config-file",
        str(root / "mkdocs.yml"),
        "--site-dir",
        str(tmp),
    ]
    plan = sharded.plan(root, jobs) if jobs > 1 and engine == "mkdocs" else None
    if plan is not None and sum(map(len, plan[1])) >= sharded.SHARD_MIN:
        ok = sharded.build(root, tmp, *plan)
    else:
        ok = subprocess.run(cmd, cwd=root, check=False).returncode == 0
    if not ok:
        shutil.rmtree(tmp, ignore_errors=True)
        return 1
    old = None
    if site_dir.exists():
        old = site_dir.with_name(f".site-old-{os.getpid()}")
        site_dir.rename(old)
    tmp.rename(site_dir)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
    return 0


def build_command(root: Path, *, site_dir: Path | None = None, jobs: int = 1) -> int:
    status = render_command(root, jobs=jobs)
    if status:
        return status
    if mkdocs_build(root, site_dir or Path("site"), jobs=jobs):
        print("build: mkdocs failed; the previous site/ is unchanged", file=sys.stderr)
        return 1
    return 0


def _stamp(root: Path) -> tuple[tuple[str, int, int], ...]:
    seen = []
    for name in WATCHED:
        base = root / name
        paths = [base] if base.is_file() else sorted(base.rglob("*")) if base.is_dir() else []
        for p in paths:
            try:
                st = p.stat()
            except OSError:
                continue
            seen.append((str(p), st.st_mtime_ns, st.st_size))
    return tuple(seen)


def serve_command(root: Path, *, dev_addr: str, jobs: int = 1) -> int:
    """Render, serve with live reload, and re-render when a claim changes.

    Only changes to claims/, articles/, verdicts.yaml or mkdocs.yml trigger a render, and a
    render rewrites only changed pages: mkdocs reloads once and nothing loops.
    """
    if render_command(root, jobs=jobs):
        return 1
    cmd = [
        sys.executable,
        "-m",
        "mkdocs",
        "serve",
        "--dev-addr",
        dev_addr,
        "--config-file",
        str(root / "mkdocs.yml"),
    ]
    server = subprocess.Popen(cmd, cwd=root)
    stamp = _stamp(root)
    try:
        while server.poll() is None:
            time.sleep(0.5)
            now = _stamp(root)
            if now != stamp:
                stamp = now
                render_command(root, jobs=jobs)
    except KeyboardInterrupt:
        pass
    finally:
        if server.poll() is None:
            server.terminate()
            server.wait(timeout=10)
    return 0
