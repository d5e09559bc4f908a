"""Build the site with the engine into a fresh folder, index it, then swap it into place.

A failed build or search index (search.py) leaves the previous site/ as it was. With jobs > 1
and at least shards.SHARD_MIN claim pages, the claim pages are built in parallel processes
whose outputs are merged into the site one build makes (shards.py).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from factsite.load.site_config import CONFIG_FILE
from factsite.publish import search, shards
from factsite.publish.engine import build_argv


def build_site(
    root: Path,
    site_dir: Path,
    *,
    config: dict[str, Any] | None = None,
    engine: str = "mkdocs",
    jobs: int = 1,
) -> bool:
    """Build with `engine` into site_dir; False (and site_dir untouched) if the build failed.

    `config` is mkdocs.yml as loaded (load.site_config); without it, no shards.
    """
    root = root.resolve()  # the engine runs inside root: every path handed to it is absolute
    site_dir = site_dir if site_dir.is_absolute() else root / site_dir
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".site-build-", dir=site_dir.parent))
    plan = None
    if config is not None and jobs > 1 and engine == "mkdocs":
        plan = shards.plan(root, config, jobs)
    if plan is not None and sum(map(len, plan)) >= shards.SHARD_MIN:
        ok = shards.build(root, tmp, config or {}, plan)
    else:
        argv = build_argv(root / CONFIG_FILE, tmp, engine=engine)
        ok = subprocess.run(argv, cwd=root, check=False).returncode == 0
    if ok and (problem := search.index_site(tmp)):  # once, after any merge of shards
        print(problem, file=sys.stderr)
        ok = False
    if not ok:
        shutil.rmtree(tmp, ignore_errors=True)
        return False
    _swap(tmp, site_dir)
    return True


def _swap(new: Path, site_dir: Path) -> None:
    """Put `new` in the place of site_dir: two renames, so site_dir is never half built."""
    old = None
    if site_dir.exists():
        old = site_dir.with_name(f".site-old-{os.getpid()}")
        site_dir.rename(old)
    new.rename(site_dir)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
