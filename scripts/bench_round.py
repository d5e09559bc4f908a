"""One `factsite serve` round after a save, timed in the serving process: the function a round
runs (commands/serve.rebuild) on a project (a copy: it edits a claim), after a first round
that builds the whole site. Prints each round's seconds until its pages are in site/ (the
preview reloads then) and until it is done (the feeds and exports made after), and with
--profile writes a cProfile of the rounds after the first to the file named.

    FACTSITE_TODAY=2026-11-28 python scripts/bench_round.py DIR --rounds 5 [--profile FILE]
"""

from __future__ import annotations

import argparse
import cProfile
import inspect
import json
import re
import statistics
import time
from pathlib import Path

from factsite.commands.build import Kept
from factsite.commands.options import Options
from factsite.commands.serve import rebuild
from factsite.publish.preview import Preview


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("root", type=Path)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--profile", type=Path)
    args = parser.parse_args()
    root = args.root.resolve()
    opts = Options(root=root, quiet=True)
    server = Preview(root / "site", "127.0.0.1", 0)
    kept = Kept()
    claim = sorted((root / "claims").rglob("*.yaml"))[0]
    rel = claim.relative_to(root).as_posix()
    t0 = time.perf_counter()
    if rebuild(opts, server, search=False, kept=kept) is None:
        raise SystemExit("bench: the first round failed")
    print(f"first round {time.perf_counter() - t0:.2f} s", flush=True)
    late = "shown" in inspect.signature(rebuild).parameters  # older code has no `shown`
    profile = cProfile.Profile() if args.profile else None
    took = []
    original = claim.read_text("utf-8")
    try:
        for k in range(args.rounds):
            line = "claim: " + json.dumps(f"Saved in round {k} of the benchmark")
            claim.write_text(re.sub(r"(?m)^claim: .*$", line, original, count=1))  # no backslash
            time.sleep(0.2)
            t = time.perf_counter()
            at: list[float] = []
            if profile:
                profile.enable()
            shown = {"shown": lambda at=at: at.append(time.perf_counter())} if late else {}
            pages = rebuild(opts, server, search=False, changes={rel}, kept=kept, **shown)
            if profile:
                profile.disable()
            done = time.perf_counter() - t
            if pages is None:
                raise SystemExit(f"bench: round {k} failed")
            took.append(at[0] - t if at else done)  # until the page is shown
            print(f"round {k}: shown after {took[-1]:.2f} s, done after {done:.2f} s", flush=True)
    finally:
        claim.write_text(original)
        server.close()
        kept.remover.wait()
    print(f"median {statistics.median(took):.2f} s")
    if profile:
        profile.dump_stats(args.profile)


if __name__ == "__main__":
    main()
