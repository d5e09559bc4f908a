"""Escaping: nothing a contributor writes reaches the page as markup.

Three contexts:
- `text`: plain text placed into generated Markdown or HTML. HTML-escaped, and the characters
  that Markdown would read as syntax (links, emphasis, code, ...) become numeric character
  references, which browsers show as the characters themselves.
- `markdown`: the analysis, which is Markdown on purpose. `&` and `<` are escaped so raw HTML
  (and snippet markers) turn into visible text; the validator has already refused images and
  non-http links. Headings are demoted below the page's own.
- Front matter `title`/`description`: Material prints them unescaped, so they are HTML-escaped.
  ClaimReview data stays raw: the template's `tojson` escapes it.
"""

from __future__ import annotations

import html
import re

# One pass: HTML's special characters, then the characters that open Markdown syntax inline
# (emphasis, code, links, images, tables, strike-through, heading closers).
_TEXT_TABLE = str.maketrans(
    {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"}
    | {c: f"&#{ord(c)};" for c in "\\`*_[]()!|~#{}"}
)


# Control characters (an ESC that starts a terminal escape, a NUL): the loader refuses them in
# claim files, but text also comes from git (commit subjects) and imported pages.
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_OPENERS = {"\u202a": "\u202c", "\u202b": "\u202c", "\u202d": "\u202c", "\u202e": "\u202c"}
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")
_ISOLATES = {"\u2066": "\u2069", "\u2067": "\u2069", "\u2068": "\u2069"}


def isolated(value: str) -> str:
    """`value` with every bidi embedding, override and isolate it opens closed at its end, so
    that an unclosed U+202E (right-to-left override) cannot reverse what follows the value in
    a listing, a title or a card."""
    if not _BIDI.search(value):
        return value  # the usual case: nothing to close, no scan
    stack: list[str] = []
    for ch in value:
        if ch in _OPENERS or ch in _ISOLATES:
            stack.append(ch)
        elif ch == "\u202c" and stack and stack[-1] in _OPENERS:
            stack.pop()
        elif ch == "\u2069" and any(c in _ISOLATES for c in stack):
            while stack.pop() not in _ISOLATES:
                pass
    return value + "".join(_OPENERS.get(c) or _ISOLATES[c] for c in reversed(stack))


def _plain(value: str) -> str:
    return isolated(" ".join(_CONTROLS.sub("", value).split()))


def text(value: str) -> str:
    """Plain contributor text, safe inside generated Markdown and HTML (one line)."""
    return _plain(value).translate(_TEXT_TABLE)


def attr(value: str) -> str:
    """A value for an HTML attribute written by the renderer."""
    return html.escape(value, quote=True)


# A heading may start a line, follow indentation (a list item's continuation) or the markers of
# block quotes and list items (`> # x`, `- # x`, `1. # x`), whose content Python-Markdown parses
# as a document of its own. It needs no space after the hashes: `#Title` is an h1 too. Demoting
# also `#` lines of indented code blocks is the price of never missing a heading.
_CONTAINER = r"(?:[ \t]*(?:>[ \t]?|[-*+][ \t]+|[0-9]{1,9}[.)][ \t]+))*[ \t]*"
_HEADING = re.compile(rf"^({_CONTAINER})(#{{1,6}})")
# A setext underline: `Title` over `===` is an h1, over `---` an h2 (Python-Markdown's rule),
# in a block quote or a list item too.
_UNDERLINE = re.compile(r"^(?:[ \t]*>)*[ \t]*[=-]+ *$")


def markdown(value: str) -> str:
    """Contributor Markdown: formatting kept, markup neutralised, headings demoted to h3+."""
    value = value.replace("\r\n", "\n").replace("\r", "\n").strip()
    value = isolated(_CONTROLS.sub("", value))
    value = value.replace("&", "&amp;").replace("<", "&lt;")
    # Every line, ``` blocks included: the site enables no fenced-code extension, so
    # Python-Markdown reads a `# heading` between ``` lines as a heading.
    out: list[str] = []
    for line in value.split("\n"):
        prev = out[-1] if out else ""
        head = re.match(_CONTAINER, prev)
        prefix = head.group(0) if head else ""
        if _UNDERLINE.match(line) and prev.strip():
            # Demote a setext heading too: the underlined line becomes an h3 or h4.
            level = "### " if line.lstrip(" \t>")[0] == "=" else "#### "
            rest = prev[len(prefix) :].lstrip("# ")
            out[-1] = prefix + level + rest if rest.strip() else level + prev.strip()
            continue
        out.append(_HEADING.sub(lambda m: m.group(1) + "#" * min(6, len(m.group(2)) + 2), line))
    return "\n".join(out).strip() + "\n"


def meta(value: str) -> str:
    """A front-matter title or description, which Material prints without escaping."""
    return html.escape(_plain(value), quote=True)
