"""`factsite init DIR`: write a complete new site that builds at once.

The settings come from the options, or are asked in a terminal; without a terminal (a script,
CI) the missing ones get placeholders, marked TODO where `factsite validate` should refuse them
until they are replaced. Existing files are never overwritten: they are left as they are and
listed. The new site previews at once (`factsite build`, `factsite serve`) and shows its TODOs.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import TextIO

from factsite.commands.options import Options
from factsite.render.site_template import SCALES, Settings, site_files

PLACEHOLDER_URL = "http://127.0.0.1:8000/"
PLACEHOLDER_REPO = "https://github.com/TODO/TODO"
_URL = re.compile(r"https?://[^\s\"'<>\\]+")
_BAD_TEXT = re.compile(r"[\"\\\n\r\t]|@@")


def init(opts: Options, stdin: TextIO | None = None) -> int:
    """0 written, 1 nothing to write, 2 usage."""
    target = opts.init_dir or opts.root
    stdin = stdin if stdin is not None else sys.stdin
    settings = _settings(opts, target, stdin)
    if isinstance(settings, str):
        print(f"factsite init: error: {settings}", file=sys.stderr)
        return 2
    written, kept = _write(target, site_files(settings))
    for rel in kept:
        print(f"kept {rel} (it exists; not overwritten)", file=sys.stderr)
    if not written:
        print("factsite init: every file exists already; nothing written", file=sys.stderr)
        return 1
    print(f"wrote {len(written)} files into {target} (scale: {settings.scale})")
    print(
        "Next steps:\n"
        f"  1. cd {target} && factsite serve  (a preview, TODOs shown on the pages)\n"
        "  2. factsite article add --url URL  (or --html FILE --url URL, or --text FILE ...)\n"
        "  3. factsite new --sentence N  (see factsite new --list), then fill its TODOs\n"
        "  4. Replace every TODO in docs/*.md and mkdocs.yml: factsite validate lists them\n"
        "  5. Push to GitHub and turn on Pages (Settings, Pages, Source: GitHub Actions)"
    )
    return 0


def _settings(opts: Options, target: Path, stdin: TextIO) -> Settings | str:
    ask = stdin.isatty()
    default_name = (
        target.resolve().name.replace("-", " ").replace("_", " ").strip() or "Fact-checks"
    )
    name = opts.site_name or (_ask(stdin, "Site name", default_name) if ask else default_name)
    url = opts.site_url or (_ask(stdin, "Site URL", PLACEHOLDER_URL) if ask else PLACEHOLDER_URL)
    repo = opts.repo_url or (
        _ask(stdin, "Repository URL", PLACEHOLDER_REPO) if ask else PLACEHOLDER_REPO
    )
    scale = opts.scale or (
        _ask(stdin, f"Scale ({'/'.join(SCALES)})", SCALES[0]) if ask else "ordinal"
    )
    publisher = opts.publisher or name
    if scale not in SCALES:
        return f"--scale {scale!r}: one of {', '.join(SCALES)}"
    for what, value in (("site name", name), ("publisher", publisher)):
        if not value or _BAD_TEXT.search(value):
            return f"the {what} {value!r} may not be empty or hold quotes, backslashes or @@"
    for what, value in (("site URL", url), ("repository URL", repo)):
        if not _URL.fullmatch(value):
            return f"the {what} {value!r} is not an http(s) URL"
    url = url if url.endswith("/") else url + "/"
    return Settings(name, url, repo.rstrip("/"), publisher, opts.language or "en", scale)


def _ask(stdin: TextIO, question: str, default: str) -> str:
    sys.stdout.write(f"{question} [{default}]: ")
    sys.stdout.flush()
    return stdin.readline().strip() or default


def _write(target: Path, site: dict[str, str]) -> tuple[list[str], list[str]]:
    written, kept = [], []
    for rel, text in site.items():
        path = target / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            with path.open("x", encoding="utf-8") as fh:  # "x": never overwrite
                fh.write(text)
        except FileExistsError:
            kept.append(rel)
            continue
        written.append(rel)
    for folder in ("claims", "articles"):
        (target / folder).mkdir(exist_ok=True)
    return written, kept
