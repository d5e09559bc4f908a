"""What the renderer returns: {docs path: page}, a page being text, bytes or a Drawn file."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from factsite.digest import value_digest


@dataclass(frozen=True)
class Drawn:
    """A file made only when written: `key` names everything its bytes depend on, so a file
    already made for the same key need not be made again. A share card (binary), or a claim's
    own pages (text, UTF-8): at 10,000 claims, rendering them all is most of a render's time,
    and after one edit all but a few are still on disk for their key."""

    key: str
    draw: Callable[[], bytes]
    binary: bool = True


Page = str | bytes | Drawn


def contents(page: Page) -> str | bytes:
    """The page's text or bytes, drawing a Drawn file."""
    if isinstance(page, Drawn):
        return page.draw() if page.binary else page.draw().decode("utf-8")
    return page


def page_key(*inputs: Any) -> str:
    """A digest of `inputs` (JSON values, or objects whose repr says all they hold: the
    dataclasses of load/): everything a Drawn page depends on."""
    return value_digest(inputs)


def encoded(render: Callable[..., tuple[str, str]], *args: Any, **kwargs: Any) -> bytes:
    """The text of `render(*args, **kwargs)` (a renderer's (path, text)), as UTF-8: the draw
    of a text Drawn page. Module-level, so that a partial of it can go to a worker process."""
    return render(*args, **kwargs)[1].encode("utf-8")
