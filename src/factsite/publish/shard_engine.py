"""`python -m factsite.publish.shard_engine ARGS…`: MkDocs with ARGS (publish/engine.py builds
them: one shard's strict build, publish/shards.py), which reads the ids of a page's raw HTML
only when a link asks for one.

MkDocs parses every page's Markdown twice with html.parser: once in Python-Markdown's raw-HTML
pass, which it needs, and once more (`_RawHTMLPreprocessor`) only to collect the `id`s of raw
HTML elements, so that `--strict` can tell whether a link's `#anchor` exists. A factsite page
is mostly raw HTML (render/claim_page.py), so that second pass is about a sixth of the time
MkDocs spends on it, while the ids it collects are asked for only by a link to an anchor that
no heading has. Here the pass keeps the page's text instead and runs MkDocs' own parser on it
the first time such a link asks: the same ids, the same messages, the same site.

The ids are the only thing MkDocs takes from that pass; it reads them as
`anchor in page.present_anchor_ids` (Page.validate_anchor_links), and no plugin of factsite's
stack reads them at all. A page with a comment or declaration (`<!`, `<?`) is parsed at once,
as MkDocs does, so that whatever html.parser makes of those is met where MkDocs would meet it.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator, Set
from typing import Any

from factsite.publish.engine import run_in_process


class RawAnchors(Set[str]):
    """The ids of a page's raw HTML, read from its text the first time they are needed."""

    def __init__(self, text: str, handler: type[Any]) -> None:
        self._text: str | None = text
        self._handler = handler
        self._ids: set[str] = set()
        if "<!" in text or "<?" in text:  # a comment or declaration: parsed now (see above)
            self._read()

    def _read(self) -> set[str]:
        if self._text is not None:
            parser = self._handler()
            parser.feed(self._text)
            parser.close()
            self._ids, self._text = parser.present_anchor_ids, None
        return self._ids

    def __contains__(self, item: object) -> bool:
        return item in self._read()

    def __iter__(self) -> Iterator[str]:
        return iter(self._read())

    def __len__(self) -> int:
        return len(self._read())

    def __ror__(self, other: object) -> Set[str]:
        """`heading_ids | raw`, as Page.render writes it: looked up in that order."""
        if not isinstance(other, Set):
            return NotImplemented
        return AnchorUnion(other, self)


class AnchorUnion(Set[str]):
    """The ids of a page: its headings' (known at once) and its raw HTML's (RawAnchors)."""

    def __init__(self, known: Set[str], raw: RawAnchors) -> None:
        self._known, self._raw = known, raw

    def __contains__(self, item: object) -> bool:
        return item in self._known or item in self._raw

    def _all(self) -> set[str]:
        return set(self._known) | set(self._raw)

    def __iter__(self) -> Iterator[str]:
        return iter(self._all())

    def __len__(self) -> int:
        return len(self._all())


def install() -> None:
    """Make MkDocs' raw-HTML id pass lazy (module docstring)."""
    from mkdocs.structure import pages

    handler = pages._HTMLHandler

    def run(self: Any, lines: list[str]) -> list[str]:
        self.present_anchor_ids = RawAnchors("\n".join(lines), handler)
        return lines

    pages._RawHTMLPreprocessor.run = run


def main(argv: list[str]) -> int:
    install()
    return run_in_process(argv)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
