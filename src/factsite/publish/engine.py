"""The site engine's command line, built in one place: `mkdocs` (or `properdocs`, its
drop-in fork) `build --strict` into a given folder. See ENGINES.md. (`factsite serve` serves
the built site itself: publish/preview.py.)"""

from __future__ import annotations

import sys
from pathlib import Path

ENGINES = ("mkdocs", "properdocs")


def build_argv(config: Path, site_dir: Path, *, engine: str = "mkdocs") -> list[str]:
    """A strict, clean build of `config` into `site_dir` (absolute paths)."""
    return _argv(engine, "build", "--strict", "--clean", "--site-dir", str(site_dir), config)


def dirty_argv(config: Path, site_dir: Path) -> list[str]:
    """A strict build of `config` into `site_dir` that keeps what is there and builds only
    what is missing or older than its source: MkDocs run by publish/dirty_engine.py."""
    argv = _argv("mkdocs", "build", "--strict", "--dirty", "--site-dir", str(site_dir), config)
    return _wrapped("factsite.publish.dirty_engine", argv)


def shard_argv(config: Path, site_dir: Path) -> list[str]:
    """A strict, clean build of one shard's `config` into `site_dir`: MkDocs run by
    publish/shard_engine.py, which reads raw HTML ids only when a link asks for one."""
    return _wrapped("factsite.publish.shard_engine", build_argv(config, site_dir))


def _wrapped(module: str, argv: list[str]) -> list[str]:
    """`python -m mkdocs OPTIONS…` as `python -m module OPTIONS…`: MkDocs' own options passed
    to a wrapper that runs it in its process (run_in_process)."""
    return [sys.executable, "-m", module, *argv[3:]]


def run_in_process(argv: list[str]) -> int:
    """MkDocs' own command line on `argv` (the options after `-m mkdocs`) in this process, for
    the wrappers that change how it works (dirty_engine.py, shard_engine.py): its exit code."""
    from mkdocs.__main__ import cli

    try:
        cli.main(args=argv, prog_name="mkdocs", standalone_mode=True)
    except SystemExit as done:
        return done.code if isinstance(done.code, int) else 1
    return 0


def _argv(engine: str, verb: str, *options: str | Path) -> list[str]:
    if engine not in ENGINES:
        raise ValueError(f"unknown engine {engine!r}")
    *flags, config = options
    return [sys.executable, "-m", engine, verb, *map(str, flags), "--config-file", str(config)]
