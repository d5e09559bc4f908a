"""The words of the files `factsite init` writes, in the new site's language.

The English files in factsite/site_template/ are the source; their words are messages of
factsite's catalogue (`make messages` extracts them with the two extractors below, babel.cfg),
so a language has ONE source for everything factsite says, its `.po`: the claim pages' words
and the pages init writes are corrected in the same file, the same way. A Markdown page is
translated block by block: a heading's text, a paragraph, a list item, a table cell, a
comment, the front matter's title and description. An issue form (YAML) is translated value
by value: names, labels, descriptions, placeholders, options. Everything else (snippet lines,
URLs, keys, comments for the maintainer) stays as written, and English stays byte for byte.

A translation keeps the message's `@@NAME@@` settings, `TODO` markers and link targets
(tests/test_i18n.py checks): they are filled in, refused by validate and followed after it.
"""

from __future__ import annotations

import json
import re
import textwrap
from collections.abc import Callable, Iterator
from typing import Any

import yaml

Say = Callable[[str], str]
# (line, message) of a file
Found = Iterator[tuple[int, str]]

# the files whose words are translated: pages (Markdown) and forms (YAML), by path in the site
PAGES = ("docs/", ".github/PULL_REQUEST_TEMPLATE.md")
FORMS = (".github/ISSUE_TEMPLATE/", "mkdocs.yml")

_HEADING = re.compile(r"^(#{1,6} )(.+)$")
_ITEM = re.compile(r"^(\s*[-*] (?:\[ \] )?)(.+)$")
_TABLE_RULE = re.compile(r"^\|[\s|:-]+\|$")
_COMMENT = re.compile(r"^<!--\s*(.*?)\s*-->$")
_FRONT = re.compile(r"^(title|description): (.+)$")
# A cell of nothing but code, links named by their file and punctuation has no words to
# translate.
_NO_WORDS = re.compile(r"(?:`[^`]*`|\[[^\]\s]*[./][^\]\s]*\]\([^)]*\)|[\s,;·|])*")
# A wrapped line may not begin with what would make it a block of its own in Markdown.
_BLOCK_START = re.compile(r"^(?:[#>*+=|-]|\d+[.)]\s)")
_WIDTH = 96


def translated(path: str, text: str, say: Say) -> str:
    """`text` of the site file `path` with its words in the language of `say`."""
    if path.startswith(PAGES) and path.endswith(".md"):
        return "".join(_markdown(text, say))
    if path.startswith(FORMS) and path.endswith(".yml"):
        return "".join(_yaml(text, say, mkdocs=path == "mkdocs.yml"))
    return text


def messages(path: str, text: str) -> list[tuple[int, str]]:
    """(line, message) of every word `translated` would look up, in order."""
    found: list[tuple[int, str]] = []

    def record(message: str) -> str:
        found.append((0, message))
        return message

    # the translator is run with a recorder, so that extraction and translation cannot
    # disagree on what a message is; lines come from a second pass over the same text
    translated(path, text, record)
    lines = text.splitlines()
    out, start = [], 0
    for _, message in found:
        first = message.split(" ", 1)[0]
        at = next((n for n in range(start, len(lines)) if first in lines[n]), start)
        out.append((at + 1, message))
        start = at
    return out


def _extract(kind: str, fileobj: Any, options: Any) -> Iterator[tuple[int, str, str, list[str]]]:
    name = str(getattr(fileobj, "name", ""))
    rel = name.replace("\\", "/").split("site_template/", 1)[-1]
    rel = re.sub(r"(^|/)dot-", r"\1.", rel)
    for line, message in messages(rel, fileobj.read().decode("utf-8")):
        yield line, "gettext", message, [f"{kind} `factsite init` writes ({rel})"]


def extract_pages(
    fileobj: Any, keywords: Any, comment_tags: Any, options: Any
) -> Iterator[tuple[int, str, str, list[str]]]:
    """pybabel's extractor (babel.cfg) for the Markdown pages of site_template/."""
    return _extract("a page", fileobj, options)


def extract_forms(
    fileobj: Any, keywords: Any, comment_tags: Any, options: Any
) -> Iterator[tuple[int, str, str, list[str]]]:
    """pybabel's extractor (babel.cfg) for the issue forms and mkdocs.yml of site_template/."""
    return _extract("a setting", fileobj, options)


def _joined(lines: list[str]) -> str:
    return " ".join(line.strip() for line in lines)


def _wrapped(message: str, first: str, rest: str) -> list[str]:
    """A translated paragraph wrapped as the English one is, or on one line where a wrapped
    line would begin a block of its own."""
    lines = textwrap.wrap(
        message,
        _WIDTH,
        initial_indent=first,
        subsequent_indent=rest,
        break_long_words=False,
        break_on_hyphens=False,
    )
    if any(_BLOCK_START.match(line[len(rest) :]) for line in lines[1:]):
        return [first + message]
    return lines or [first]


def _markdown(text: str, say: Say) -> Iterator[str]:
    say = _words_only(say)
    lines = text.splitlines()
    i = 0
    if lines and lines[0] == "---":  # front matter: its title and description
        yield "---\n"
        i = 1
        while i < len(lines) and lines[i] != "---":
            m = _FRONT.match(lines[i])
            if m and m.group(1) in ("title", "description"):
                value = say(str(yaml.safe_load(m.group(2))))
                yield f"{m.group(1)}: {json.dumps(value, ensure_ascii=False)}\n"
            else:
                yield lines[i] + "\n"
            i += 1
        if i < len(lines):
            yield "---\n"
            i += 1
    while i < len(lines):
        line = lines[i]
        if not line.strip() or line.startswith("--8<--"):
            yield line + "\n"
            i += 1
        elif m := _HEADING.match(line):
            yield m.group(1) + say(m.group(2).strip()) + "\n"
            i += 1
        elif m := _COMMENT.match(line):
            yield f"<!-- {say(m.group(1))} -->\n" if m.group(1) else line + "\n"
            i += 1
        elif line.strip() == "<!--":  # a comment of several lines: a paragraph inside
            end = next((n for n in range(i + 1, len(lines)) if lines[n].strip() == "-->"), None)
            end = len(lines) if end is None else end
            yield "<!--\n"
            yield from (ln + "\n" for ln in _wrapped(say(_joined(lines[i + 1 : end])), "", ""))
            yield "-->\n" if end < len(lines) else ""
            i = end + 1
        elif line.startswith("|"):
            yield (line if _TABLE_RULE.match(line) else _row(line, say)) + "\n"
            i += 1
        elif m := _ITEM.match(line):
            body = [m.group(2)]
            i += 1
            while i < len(lines) and lines[i].startswith("  ") and lines[i].strip():
                body.append(lines[i])
                i += 1
            lead = m.group(1)
            yield from (ln + "\n" for ln in _wrapped(say(_joined(body)), lead, " " * len(lead)))
        else:
            body = []
            while i < len(lines) and lines[i].strip() and not _block(lines[i]):
                body.append(lines[i])
                i += 1
            yield from (ln + "\n" for ln in _wrapped(say(_joined(body)), "", ""))


def _words_only(say: Say) -> Say:
    """`say` for text with words: code, file links and punctuation alone stay as they are."""
    return lambda value: value if _NO_WORDS.fullmatch(value) else say(value)


def _block(line: str) -> bool:
    return bool(
        _HEADING.match(line) or _ITEM.match(line) or line.startswith(("|", "--8<--", "<!--"))
    )


def _row(line: str, say: Say) -> str:
    cells = line.strip().strip("|").split(" | ")
    return "| " + " | ".join(say(cell.strip()) for cell in cells) + " |"


# The YAML keys whose values readers see: in an issue form, and in mkdocs.yml (the site's
# description and the colour-scheme toggle's name; the navigation below).
_FORM_KEYS = ("name", "description", "title", "label", "placeholder", "about", "value")
_CONFIG_KEYS = ("site_description", "name")
_KEY = re.compile(r"^(\s*(?:- )?)([a-z_]+): ?(.*)$")
_OPTION = re.compile(r"^(\s*- )(?![a-z_]+:)(.+)$")
_NAV = re.compile(r"^(\s*- )([^:#]+):((?: [\w/.-]+\.md)?)$")  # a page, or a section (tab)
_UNTRANSLATED = re.compile(r"^(?:https?://\S*|YYYY-MM-DD|@@[A-Z_]+@@|[a-z]+)$")


def _yaml(text: str, say: Say, *, mkdocs: bool) -> Iterator[str]:
    lines = text.splitlines()
    keys = _CONFIG_KEYS if mkdocs else _FORM_KEYS
    parent = ""  # the key of the mapping a line belongs to (mkdocs.yml: `toggle:`'s name)
    in_options = False
    in_nav = False  # mkdocs.yml's `nav:`, whose titles are a reader's words
    i = 0
    while i < len(lines):
        line = lines[i]
        i += 1
        key = _KEY.match(line)
        if line and not line[0].isspace():
            in_nav = line.rstrip() == "nav:"
        if mkdocs and in_nav and (nav := _NAV.match(line)):
            yield f"{nav.group(1)}{json.dumps(say(nav.group(2)), ensure_ascii=False)}:"
            yield nav.group(3) + "\n"
            continue
        if key and not key.group(3):
            parent = key.group(2)
            in_options = key.group(2) == "options"
            yield line + "\n"
            continue
        if not mkdocs and in_options and (option := _OPTION.match(line)):
            yield option.group(1) + _scalar(option.group(2), say) + "\n"
            continue
        # mkdocs.yml's `name:` is a reader's word only as the toggle's (not the theme's)
        wanted = (
            key
            and key.group(2) in keys
            and (key.group(2) != "name" or not mkdocs or parent == "toggle")
        )
        if not key or not wanted:
            if key:
                in_options = False
            yield line + "\n"
            continue
        lead, name, value = key.groups()
        if value in (">-", "|"):
            indent = len(lead) + 2
            body = []
            while i < len(lines) and (not lines[i].strip() or _indent(lines[i]) >= indent):
                body.append(lines[i])
                i += 1
            while body and not body[-1].strip():  # blank lines after the block are not its
                body.pop()
                i -= 1
            yield f"{lead}{name}: {value}\n"
            pad = " " * _indent(body[0]) if body else " " * indent
            if value == ">-":
                yield from (ln + "\n" for ln in _wrapped(say(_joined(body)), pad, pad))
            else:  # a literal block: paragraphs of Markdown
                yield from _literal(body, say, pad)
            continue
        yield f"{lead}{name}: {_scalar(value, say)}\n"


def _literal(body: list[str], say: Say, pad: str) -> Iterator[str]:
    """A literal block's paragraphs, one blank line between two, as written."""
    paragraphs: list[list[str]] = [[]]
    for line in body:
        if line.strip():
            paragraphs[-1].append(line)
        elif paragraphs[-1]:
            paragraphs.append([])
    for n, paragraph in enumerate(p for p in paragraphs if p):
        yield "\n" if n else ""
        yield from (ln + "\n" for ln in _wrapped(say(_joined(paragraph)), pad, pad))


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _scalar(raw: str, say: Say) -> str:
    value = yaml.safe_load(raw)
    if not isinstance(value, str) or _UNTRANSLATED.match(value):
        return raw
    return json.dumps(say(value), ensure_ascii=False)
