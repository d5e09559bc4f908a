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
    return html.escape(" ".join(value.split()), quote=True)
