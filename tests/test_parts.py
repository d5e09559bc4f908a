"""A page's part is a function of its name and the number of parts only."""

from __future__ import annotations

import pytest

from factsite.publish.parts import part_of


def test_part_is_stable_and_spread() -> None:
    names = [f"claim-{i}" for i in range(4000)]
    counts = [0] * 4
    for name in names:
        part = part_of(name, 4)
        assert part == part_of(name, 4)
        counts[part] += 1
    assert min(counts) > 850  # each about a quarter
    assert {part_of(n, 1) for n in names} == {0}
    # a known value: the assignment must not change between releases (it names index folders)
    assert [part_of(n, 7) for n in ("a", "b", "aliyev-announced-monday-no-troops")] == [2, 5, 3]


def test_no_parts_is_refused() -> None:
    with pytest.raises(ValueError):
        part_of("a", 0)
