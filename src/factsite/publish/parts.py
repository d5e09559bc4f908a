"""How a large site is cut into parts that can be made apart: the search index of its claim
pages (search.py) and the pages a job of a split build makes (a GitHub Actions matrix).

A page belongs to a part by a hash of a stable name (a claim's id, a page's path in the site),
never by its position in a list, so a new claim leaves every other in its part and a change
costs its own part only.
"""

from __future__ import annotations

import hashlib


def part_of(name: str, parts: int) -> int:
    """The part (0 to parts - 1) that `name` belongs to, the same on every machine."""
    if parts < 1:
        raise ValueError(f"parts must be at least 1, not {parts}")
    digest = hashlib.blake2b(name.encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "big") % parts
