"""The site's own words: hand-written pages and mkdocs.yml may not go live with a TODO.

`factsite init` writes transparency pages (methodology, corrections, about, suggest) whose
facts only the newsroom can state, each marked TODO; the placeholders in mkdocs.yml are TODO
too. `factsite build` and `serve` show them on the page as they are, so a preview works at once,
while `factsite validate`, which the pull-request and deploy workflows run, refuses them here.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Collection
from pathlib import Path
from typing import Any

from factsite.load.files import DOCS_DIR, NOT_REGULAR, OWNED_DIRS, Layout, page_files, read_text
from factsite.problems import Problem

CONFIG_FILE = "mkdocs.yml"
TODO = re.compile(r"\bTODO\b")
MAX_PAGE_BYTES = 1024 * 1024


def check_pages(layout: Layout) -> list[Problem]:
    """A located problem for every TODO left in a hand-written page or in mkdocs.yml."""
    problems: list[Problem] = []
    config = layout.root / CONFIG_FILE
    for path in [*page_files(layout), *([config] if config.is_file() else [])]:
        text, problem = read_text(layout, path, MAX_PAGE_BYTES)
        if problem is not None:
            if path != config:  # mkdocs.yml's own problems are load_config's to report
                problems.append(problem)
            continue
        for number, line in enumerate((text or "").splitlines(), 1):
            found = TODO.search(line)
            if found:
                problems.append(
                    Problem(
                        layout.rel(path),
                        number,
                        found.start() + 1,
                        "todo-left",
                        "a TODO is left here: replace it with your own words before the site "
                        "goes live (`factsite build` and `serve` show it as it is)",
                    )
                )
    return problems


def _special(path: Path) -> bool:
    try:
        mode = path.lstat().st_mode
    except OSError:
        return False
    return not (stat.S_ISREG(mode) or stat.S_ISDIR(mode) or stat.S_ISLNK(mode))


def links_outside(
    layout: Layout, config: dict[str, Any] | None, changed: Collection[str] | None = None
) -> list[Problem]:
    """A located problem for each symbolic link in a folder the engine publishes from (docs/,
    and the theme's custom_dir, whose static files MkDocs copies too) that leads outside the
    project: the engine would follow it and publish what it points at (a CI runner's
    /proc/self/environ, say). Links that stay inside the project are fine. A pipe, socket or
    device there is refused too: the engine would wait on it forever.

    `changed` (a round of `factsite serve`, whose previous round checked the whole folders):
    the paths changed since, relative to the root; then only they, the folders that lead to
    them and the folders the renderer writes into are looked at, not every file."""
    folders = [layout.root / DOCS_DIR]
    theme = (config or {}).get("theme")
    custom = theme.get("custom_dir") if isinstance(theme, dict) else None
    if isinstance(custom, str) and custom:
        folders.append(layout.root / custom)
    problems: list[Problem] = []
    for folder in folders:
        if folder.is_symlink() or not folder.is_dir():
            candidates = [folder] if folder.is_symlink() else []
        elif changed is not None:
            candidates = []
            for here in sorted(_leading_to(layout, folder, changed)):
                if _special(here):
                    problems.append(Problem(layout.rel(here), 1, 1, "file-unreadable", NOT_REGULAR))
                elif here.is_symlink():
                    candidates.append(here)
        else:
            links, special = _scan(folder)
            candidates = links
            for path in special:
                problems.append(Problem(layout.rel(path), 1, 1, "file-unreadable", NOT_REGULAR))
        for link in sorted(candidates):
            if layout.inside(link):
                continue
            try:
                target = os.readlink(link)
            except OSError:
                target = "?"
            problems.append(
                Problem(
                    layout.rel(link),
                    1,
                    1,
                    "file-outside-repo",
                    f"the symbolic link {layout.rel(link)} points to {target!r}, outside the "
                    "project, which would be published: put the file itself here, or remove "
                    "the link",
                )
            )
    return problems


def _scan(folder: Path) -> tuple[list[Path], list[Path]]:
    """The symbolic links and the special files (neither a regular file, a folder nor a link)
    under `folder`, links not followed. Each entry's type is the one its folder lists
    (os.scandir), so the 50,000 files of a 10,000-claim site cost no stat each; an entry whose
    type the file system does not list is asked (DirEntry does that itself), and so is one
    that looks special (it may be gone meanwhile)."""
    links: list[Path] = []
    special: list[Path] = []
    todo = [str(folder)]
    while todo:
        try:
            with os.scandir(todo.pop()) as entries:
                for entry in entries:
                    if entry.is_symlink():
                        links.append(Path(entry.path))
                    elif entry.is_dir(follow_symlinks=False):
                        todo.append(entry.path)
                    elif not entry.is_file(follow_symlinks=False) and _special(Path(entry.path)):
                        special.append(Path(entry.path))
        except OSError:
            continue  # a folder gone or unreadable meanwhile, as os.walk skips it
    return links, special


def _leading_to(layout: Layout, folder: Path, changed: Collection[str]) -> set[Path]:
    """The paths under `folder` among `changed`, every folder between them and `folder`, and
    the folders the renderer writes into (a link put there sends its files elsewhere)."""
    found = {folder / name for name in (*OWNED_DIRS, "assets", "_generated")}
    for rel in changed:
        path = layout.root / rel
        if folder not in path.parents:
            continue
        found.add(path)
        found.update(p for p in path.parents if folder in p.parents)
    return found
