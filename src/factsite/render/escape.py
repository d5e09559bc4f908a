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


def text(value: str) -> str:
    """Plain contributor text, safe inside generated Markdown and HTML (one line)."""
    return " ".join(value.split()).translate(_TEXT_TABLE)


def attr(value: str) -> str:
    """A value for an HTML attribute written by the renderer."""
    return html.escape(value, quote=True)


_HEADING = re.compile(r"^(#{1,6})(?=\s)", re.M)
_FENCE = re.compile(r"^(```|~~~)", re.M)


def markdown(value: str) -> str:
    """Contributor Markdown: formatting kept, markup neutralised, headings demoted to h3+."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    value = value.replace("&", "&amp;").replace("<", "&lt;")
    out, fenced = [], False
    for line in value.split("\n"):
        if _FENCE.match(line):
            fenced = not fenced
        elif not fenced:
            line = _HEADING.sub(lambda m: "#" * min(6, len(m.group(1)) + 2), line)
        out.append(line)
    return "\n".join(out).strip() + "\n"


def meta(value: str) -> str:
    """A front-matter title or description, which Material prints without escaping."""
    return html.escape(" ".join(value.split()), quote=True)
