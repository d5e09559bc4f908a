"""Time the listings (render_indexes) of a generated project, as issue 28 asked: best and
median CPU seconds of N runs, the row memo cleared before each run.

    python scripts/bench.py --generate-only --sizes 10000      # .bench/data/10000
    python scripts/bench_listings.py .bench/data/10000 5
    PYTHONPATH=/path/to/other/checkout/src python scripts/bench_listings.py ...  # to compare

Runs the code on PYTHONPATH, so the same project can be timed against an older checkout.
"""

import inspect
import sys
import time
from pathlib import Path

from factsite.check.project import check_project
from factsite.render import claim_page, listings

try:  # a checkout from before the catalogues has no i18n
    from factsite.render import i18n
except ImportError:
    i18n = None  # type: ignore[assignment]


def main(root: Path, runs: int) -> None:
    project = check_project(root)
    articles = {aid: a.data for aid, a in project.articles.items()}
    args: list[object] = [project.claims, articles, project.scale, project.topics]
    if "words" in inspect.signature(listings.render_indexes).parameters and i18n is not None:
        args.append(i18n.english())
    times = []
    for _ in range(runs):
        if hasattr(claim_page, "_row"):
            claim_page._row.cache_clear()
        start = time.process_time()
        pages = listings.render_indexes(*args)
        times.append(time.process_time() - start)
    times.sort()
    print(
        f"{len(project.claims)} claims, {len(pages)} pages: best {times[0]:.3f} s, "
        f"median {times[len(times) // 2]:.3f} s of {runs}"
    )


if __name__ == "__main__":
    main(Path(sys.argv[1]), int(sys.argv[2]) if len(sys.argv) > 2 else 5)
