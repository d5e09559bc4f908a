"""The site engine's command line, built in one place: `mkdocs` (or `properdocs`, its
drop-in fork) `build --strict` into a given folder, or `serve`. See ENGINES.md."""

from __future__ import annotations

import sys
from pathlib import Path

ENGINES = ("mkdocs", "properdocs")


def build_argv(config: Path, site_dir: Path, *, engine: str = "mkdocs") -> list[str]:
    """A strict, clean build of `config` into `site_dir` (absolute paths)."""
    return _argv(engine, "build", "--strict", "--clean", "--site-dir", str(site_dir), config)


def serve_argv(config: Path, dev_addr: str, *, engine: str = "mkdocs") -> list[str]:
    """The engine's live-reloading preview of `config` at dev_addr."""
    return _argv(engine, "serve", "--dev-addr", dev_addr, config)


def _argv(engine: str, verb: str, *options: str | Path) -> list[str]:
    if engine not in ENGINES:
        raise ValueError(f"unknown engine {engine!r}")
    *flags, config = options
    return [sys.executable, "-m", engine, verb, *map(str, flags), "--config-file", str(config)]
