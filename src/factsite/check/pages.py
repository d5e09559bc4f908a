"""The site's own words: hand-written pages and mkdocs.yml may not go live with a TODO.

`factsite init` writes transparency pages (methodology, corrections, about, suggest) whose
facts only the newsroom can state, each marked TODO; the placeholders in mkdocs.yml are TODO
too. `factsite build` and `serve` show them on the page as they are, so a preview works at once,
while `factsite validate`, which the pull-request and deploy workflows run, refuses them here.
"""

from __future__ import annotations

import re

from factsite.load.files import Layout, page_files, read_text
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
