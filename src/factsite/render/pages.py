"""What the renderer returns: {docs path: page}, a page being text, bytes or a Drawn file."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Drawn:
    """A binary file (a share card) drawn only when written: `key` names everything its bytes
    depend on, so a file already drawn for the same key need not be drawn again."""

    key: str
    draw: Callable[[], bytes]


Page = str | bytes | Drawn


def contents(page: Page) -> str | bytes:
    """The page's text or bytes, drawing a Drawn file."""
    return page.draw() if isinstance(page, Drawn) else page
