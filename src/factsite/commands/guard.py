"""A folder that is not a factsite site at all gets one sentence, not a list of problems."""

from __future__ import annotations

import sys

from factsite.load.files import CLAIMS_DIR, SCALE_FILE, Layout
from factsite.load.site_config import CONFIG_FILE

MARKERS = (CONFIG_FILE, SCALE_FILE, CLAIMS_DIR)


def not_a_site(layout: Layout) -> bool:
    """True (and said on stderr) when `layout.root` has none of a site's files; exit 2."""
    if any((layout.root / name).exists() for name in MARKERS):
        return False
    print(
        f"factsite: error: {layout.root} is not a factsite site (it has no mkdocs.yml, "
        "verdicts.yaml or claims/): run factsite in a site's folder or pass --root DIR, or "
        'start a site as README.md explains under "Start a site".',
        file=sys.stderr,
    )
    return True
