"""YAML errors as located problems: what strict_yaml.py's loader raises, and PyYAML's own.

One function, `yaml_problem`, turns any of them into `path:line:col: error[code] message`, for
claim files and for mkdocs.yml alike (which is read with MkDocs' own tags).
"""

from __future__ import annotations

from typing import Any

import yaml
from yaml.constructor import ConstructorError

from factsite.problems import Problem

_Base: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _DuplicateKey(ConstructorError):
    pass


class _AliasFound(ConstructorError):
    pass


class _BadTaggedValue(ConstructorError):
    pass


class _TooDeep(ConstructorError):
    pass


# A claim is four levels deep. The cap keeps construction (and everything that later walks the
# data) far below Python's recursion limit, whatever the caller's stack depth.
MAX_DEPTH = 50


def _first_alias(text: str) -> tuple[int, int]:
    try:
        for event in yaml.parse(text, Loader=_Base):
            if isinstance(event, yaml.AliasEvent):
                return (event.start_mark.line + 1, event.start_mark.column + 1)
    except yaml.YAMLError:
        pass
    return (1, 1)


def _at(mark: Any) -> tuple[int, int]:
    """A YAML mark as a 1-based line and column."""
    return (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)


def yaml_problem(path: str, text: str, exc: BaseException) -> Problem:
    """The located problem of a YAML error raised while reading `text` (this loader's or
    PyYAML's own: mkdocs.yml is read with another loader and reported the same way)."""
    if isinstance(exc, _DuplicateKey):
        return Problem(path, *_at(exc.problem_mark), "yaml-duplicate-key", exc.problem or "")
    if isinstance(exc, _TooDeep):
        return Problem(path, *_at(exc.problem_mark), "yaml-too-deep", _TOO_DEEP)
    if isinstance(exc, _AliasFound):
        where = _at(exc.problem_mark) if exc.problem == "merge key" else _first_alias(text)
        return Problem(path, *where, "yaml-alias", _NO_ALIAS)
    if isinstance(exc, yaml.MarkedYAMLError):
        mark = exc.problem_mark or exc.context_mark
        where = _at(mark)
        if isinstance(exc, yaml.composer.ComposerError) and "single document" in str(exc):
            return Problem(path, *where, "yaml-multiple-documents", _ONE_DOCUMENT)
        if isinstance(exc, ConstructorError):
            msg = exc.problem or "cannot construct this value"
            if isinstance(exc, _BadTaggedValue) or _NO_CONSTRUCTOR in msg:
                msg = msg.replace(
                    "could not determine a constructor for the tag", "unsupported tag"
                )
                return Problem(path, *where, "yaml-tag", msg)
            return Problem(path, *where, "yaml-syntax", msg)
        if mark and 0 <= mark.index < len(text) and text[mark.index] == "\t":
            return Problem(path, *where, "yaml-syntax", _NO_TABS)
        msg = _one_line(exc)
        if "maximum nesting depth" in msg:  # libyaml's own cap (1000 levels)
            return Problem(path, *where, "yaml-too-deep", _TOO_DEEP)
        return Problem(path, *where, "yaml-syntax", msg)
    if isinstance(exc, yaml.YAMLError):  # reader errors: unprintable characters
        return Problem(path, 1, 1, "yaml-syntax", _one_line(exc))
    if isinstance(exc, RecursionError):
        return Problem(path, 1, 1, "yaml-too-deep", "the YAML is nested too deeply")
    # A last resort: a constructor failed outside any node.
    return Problem(path, 1, 1, "yaml-syntax", f"cannot read the YAML: {exc}")


_NO_CONSTRUCTOR = "could not determine a constructor for the tag"
_TOO_DEEP = f"the YAML is nested more than {MAX_DEPTH} levels deep"
_NO_ALIAS = "anchors, aliases and merge keys are not allowed: write the value out in full"
_ONE_DOCUMENT = "more than one YAML document: keep one claim per file"
_NO_TABS = "a tab character: indent YAML with spaces, never tabs"


def _one_line(exc: yaml.YAMLError) -> str:
    if isinstance(exc, yaml.MarkedYAMLError):
        context, start, end = exc.context, exc.context_mark, exc.problem_mark
        if context and start and end and start.line != end.line:
            # Where the unclosed bracket or quote began, not only where the parser gave up.
            context += f" started on line {start.line + 1}, column {start.column + 1}"
        parts = [context, exc.problem]
        return "; ".join(p for p in parts if p) or "invalid YAML"
    return " ".join(str(exc).split())
