"""A hook for the tests that kill real runs (tests/test_interrupted.py).

FACTSITE_TEST_PAUSE=<point> makes a run stop at that point, say so on stderr and sleep, so that
a test can SIGKILL it exactly there. The points:
- `stage`: every changed page is written beside its place (`.tmp-*`), none is renamed yet;
- `write`: half of the changed pages are renamed into docs/;
- `engine`: the engine has built the new site (after a change: the pages it alters) into
  `.site-build-*`, none of it in site/ yet;
- `commit`: after a change, the new pages are moved into site/ (swap.Journal), the search
  index not yet;
- `swap`: between the two renames of publish/swap.py, when site/ does not exist.
Unset (always, outside those tests), it costs one dictionary lookup.
"""

from __future__ import annotations

import os
import sys
import time

PAUSE_ENV = "FACTSITE_TEST_PAUSE"
PAUSE_SECONDS = 120  # the test kills the run long before; if it does not, the run goes on


def pause(point: str) -> None:
    if os.environ.get(PAUSE_ENV) != point:
        return
    print(f"factsite: paused at {point} ({PAUSE_ENV})", file=sys.stderr, flush=True)
    time.sleep(PAUSE_SECONDS)
