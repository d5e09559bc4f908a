"""The site engine's command line, built in one place: `mkdocs` (or `properdocs`, its
drop-in fork) `build --strict` into a given folder: how a site whose pages factsite cannot
build itself (pages.py, incremental.applies) is built. See ENGINES.md. (`factsite serve`
serves the built site itself: publish/preview.py.)"""

from __future__ import annotations

import sys
from pathlib import Path

ENGINES = ("mkdocs", "properdocs")


def build_argv(config: Path, site_dir: Path, *, engine: str = "mkdocs") -> list[str]:
    """A strict, clean build of `config` into `site_dir` (absolute paths)."""
    return _argv(engine, "build", "--strict", "--clean", "--site-dir", str(site_dir), config)


def _argv(engine: str, verb: str, *options: str | Path) -> list[str]:
    if engine not in ENGINES:
        raise ValueError(f"unknown engine {engine!r}")
    *flags, config = options
    return [sys.executable, "-m", engine, verb, *map(str, flags), "--config-file", str(config)]
