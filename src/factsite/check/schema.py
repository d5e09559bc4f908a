"""Check a document against a JSON Schema and turn every error into a located Problem.

Valid documents take a fast path (jsonschema-rs, compiled Rust). Only invalid ones go through the
reference `jsonschema` implementation, whose errors carry the paths and validator names that the
messages below are built from. Every error is reported, not only the first. `jsonschema` is
imported the first time a document fails: the import costs about a second (its URI format
checker compiles grammars), in the CLI and in every worker.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from typing import Any
from urllib.parse import quote, urlsplit, urlunsplit

import jsonschema_rs

from factsite.check.schemas import DATE, HTTP_URL, PARTIAL_DATE
from factsite.load.document import Document, path_text
from factsite.problems import Problem


def _kind(value: Any) -> str:
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


_TYPE_WORDS = {
    "string": "text",
    "array": "a list",
    "object": "a mapping",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "null": "empty",
}


def _short(value: Any, limit: int = 60) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


class SchemaChecker:
    """Compiled once, used for every document of one kind."""

    def __init__(self, schema: dict[str, Any], *, verdict_field: str | None = "verdict") -> None:
        self.schema = schema
        self.verdict_field = verdict_field
        self._fast = jsonschema_rs.Draft202012Validator(schema, validate_formats=True)
        self._full: Any = None  # the reference validator, built for the first invalid document

    def check(self, doc: Document) -> list[Problem]:
        try:
            if self._fast.is_valid(doc.data):
                return []
        except (ValueError, TypeError, OverflowError):
            pass  # data the Rust side cannot take (e.g. huge ints): the full check decides
        if self._full is None:
            import jsonschema

            cls = jsonschema.Draft202012Validator
            self._full = cls(self.schema, format_checker=cls.FORMAT_CHECKER)
        errors = sorted(
            (e for e in self._full.iter_errors(doc.data) if not _real_date_rule(e)),
            key=lambda e: ([str(p) for p in e.absolute_path], e.validator),
        )
        # A value of the wrong type also fails its enum (`verdict: true`): report the type only.
        typed = {tuple(e.absolute_path) for e in errors if e.validator == "type"}
        errors = [e for e in errors if e.validator == "type" or tuple(e.absolute_path) not in typed]
        if not errors:  # only real-date failures, which the date rule reports in its words
            return []
        problems: list[Problem] = []
        seen: set[tuple[str, str]] = set()
        for error in errors:
            for problem in self._problems(doc, error):
                key = (f"{problem.line}:{problem.col}", problem.code)
                if key not in seen:
                    seen.add(key)
                    problems.append(problem)
        if not problems:  # the two implementations disagreed: trust the stricter one
            problems.append(doc.problem((), "invalid-value", "the file does not match the schema"))
        return problems

    def _problems(self, doc: Document, e: Any) -> list[Problem]:  # a jsonschema.ValidationError
        err = _Error(doc, e, self.verdict_field)
        for test, message in _MESSAGES:
            if test(err):
                return message(err)
        return [err.problem("invalid-value", f"{err.where}: {e.message}")]


class _Error:
    """One jsonschema error, with what the message functions below need of it."""

    def __init__(self, doc: Document, e: Any, verdict_field: str | None) -> None:
        self.doc, self.e, self.verdict_field = doc, e, verdict_field
        self.path = tuple(e.absolute_path)
        self.where = path_text(self.path)
        self.v, self.value = e.validator, e.instance
        self.schema: dict[str, Any] = e.schema if isinstance(e.schema, dict) else {}
        self.pattern = self.schema.get("pattern")

    def problem(self, code: str, message: str) -> Problem:
        return self.doc.problem(self.path, code, message)


def _unknown_fields(err: _Error) -> list[Problem]:
    known = list(err.schema.get("properties", {}))
    out = []
    for extra in [k for k in err.value if k not in known]:
        hint = difflib.get_close_matches(str(extra), known, n=1, cutoff=0.6)
        tip = f"; did you mean '{hint[0]}'?" if hint else f"; known fields: {', '.join(known)}"
        message = f"{err.where}.{extra}: unknown field{tip}"
        out.append(err.doc.problem((*err.path, extra), "unknown-field", message, key=True))
    return out


def _missing_field(err: _Error) -> list[Problem]:
    msg = str(err.e.message)
    missing = msg.split("'")[1] if "'" in msg else msg
    desc = err.schema.get("properties", {}).get(missing, {}).get("description", "")
    tip = f" ({desc})" if desc else ""
    return [err.problem("missing-field", f"{err.where}: missing required field '{missing}'{tip}")]


def _wrong_type(err: _Error) -> list[Problem]:
    want = err.schema.get("type")
    wants = want if isinstance(want, list) else [want]
    expected = " or ".join(_TYPE_WORDS.get(str(w), str(w)) for w in wants)
    msg = f"{err.where}: expected {expected}, found {_kind(err.value)}"
    if "string" in wants and isinstance(err.value, bool | int | float):
        word = str(err.value).lower() if isinstance(err.value, bool) else str(err.value)
        msg += f': quote it, as in "{word}"'
    return [err.problem("wrong-type", msg)]


def _unknown_verdict(err: _Error) -> list[Problem]:
    choices = [str(c) for c in err.schema.get("enum", [])]
    hint = difflib.get_close_matches(str(err.value), choices, n=1, cutoff=0.5)
    tip = f"; did you mean '{hint[0]}'?" if hint else ""
    return [
        err.problem(
            "unknown-verdict",
            f"{err.where}: {_short(err.value)} is not a verdict of the scale "
            f"(one of: {', '.join(choices)}){tip}",
        )
    ]


def _bad_date(err: _Error) -> list[Problem]:
    form = "YYYY-MM-DD" if err.pattern == DATE else "YYYY-MM-DD, YYYY-MM or YYYY"
    return [
        err.problem("bad-date", f"{err.where}: {_short(err.value)} is not a date written {form}")
    ]


def _bad_url(err: _Error) -> list[Problem]:
    value = err.value
    if isinstance(value, str) and not value.isascii() and re.fullmatch(HTTP_URL, value):
        return [
            err.problem(
                "bad-url",
                f"{err.where}: {_short(value)} has letters that a URL must percent-encode; "
                f"write it as {percent_encoded(value)}",
            )
        ]
    return [err.problem("bad-url", f"{err.where}: {_short(value)} is not an absolute http(s) URL")]


def _not_in_enum(err: _Error) -> list[Problem]:
    choices = ", ".join(str(c) for c in err.schema.get("enum", []))
    return [
        err.problem("invalid-value", f"{err.where}: {_short(err.value)} is not one of: {choices}")
    ]


def _length(err: _Error) -> list[Problem]:
    word, bound = ("long", "at most") if err.v == "maxLength" else ("short", "at least")
    limit = err.schema.get(err.v)
    msg = f"{err.where}: too {word} ({len(err.value)} characters, {bound} {limit})"
    return [err.problem("invalid-value", msg)]


def _form(err: _Error) -> list[Problem]:
    desc = err.schema.get("description", "")
    msg = f"{err.where}: {_short(err.value)} does not have the required form. {desc}".strip()
    return [err.problem("invalid-value", msg)]


def _items(err: _Error) -> list[Problem]:
    word = "at least" if err.v == "minItems" else "at most"
    msg = f"{err.where}: {len(err.value)} item(s), {word} {err.schema.get(err.v)} needed"
    return [err.problem("invalid-value", msg)]


# (when, message): the first that applies words the problem.
_MESSAGES: list[tuple[Callable[[_Error], bool], Callable[[_Error], list[Problem]]]] = [
    (lambda r: r.v == "additionalProperties" and isinstance(r.value, dict), _unknown_fields),
    (lambda r: r.v == "required", _missing_field),
    (lambda r: r.v == "type", _wrong_type),
    (
        lambda r: r.v == "enum" and bool(r.verdict_field) and r.path == (r.verdict_field,),
        _unknown_verdict,
    ),
    (lambda r: r.pattern in (DATE, PARTIAL_DATE) and r.v in ("pattern", "format"), _bad_date),
    (lambda r: r.pattern == HTTP_URL and r.v in ("pattern", "format"), _bad_url),
    (lambda r: r.v == "enum", _not_in_enum),
    (lambda r: r.v in ("maxLength", "minLength") and isinstance(r.value, str), _length),
    (lambda r: r.v == "pattern", _form),
    (lambda r: r.v in ("minItems", "maxItems") and isinstance(r.value, list), _items),
]


def _real_date_rule(e: Any) -> bool:
    """A well-formed date that does not exist (2025-02-30): rules.check_dates words it."""
    schema = e.schema if isinstance(e.schema, dict) else {}
    return (
        e.validator == "format"
        and schema.get("format") == "date"
        and isinstance(e.instance, str)
        and re.fullmatch(DATE, e.instance) is not None
    )


def percent_encoded(url: str) -> str:
    """`url` with its host in IDNA form and every other non-ASCII letter percent-encoded."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    try:
        ascii_host = host.encode("idna").decode("ascii") if not host.isascii() else host
    except UnicodeError:
        ascii_host = host
    netloc = parts.netloc.replace(host, ascii_host) if host else parts.netloc
    safe = "/:@!$&'()*+,;=%~-._?#[]"
    return urlunsplit(
        (
            parts.scheme,
            netloc,
            quote(parts.path, safe=safe),
            quote(parts.query, safe=safe),
            quote(parts.fragment, safe=safe),
        )
    )
