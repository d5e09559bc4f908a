"""Check a document against a JSON Schema and turn every error into a located Problem.

Valid documents take a fast path (jsonschema-rs, compiled Rust). Only invalid ones go through the
reference `jsonschema` implementation, whose errors carry the paths and validator names that the
messages below are built from. Every error is reported, not only the first. `jsonschema` is
imported the first time a document fails: the import costs about a second (its URI format
checker compiles grammars), in the CLI and in every worker.
"""

from __future__ import annotations

import difflib
from typing import Any

import jsonschema_rs

from factsite.check.schemas import DATE, HTTP_URL, PARTIAL_DATE
from factsite.load.document import Document
from factsite.problems import Problem


def _where(path: Any) -> str:
    out = "$"
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else f".{part}"
    return out


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
            self._full.iter_errors(doc.data),
            key=lambda e: ([str(p) for p in e.absolute_path], e.validator),
        )
        # A value of the wrong type also fails its enum (`verdict: true`): report the type only.
        typed = {tuple(e.absolute_path) for e in errors if e.validator == "type"}
        errors = [e for e in errors if e.validator == "type" or tuple(e.absolute_path) not in typed]
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
        path = tuple(e.absolute_path)
        where = _where(path)
        v, schema, value = e.validator, e.schema, e.instance
        if not isinstance(schema, dict):
            schema = {}
        if v == "additionalProperties" and isinstance(value, dict):
            known = list(schema.get("properties", {}))
            out = []
            for extra in [k for k in value if k not in known]:
                hint = difflib.get_close_matches(str(extra), known, n=1, cutoff=0.6)
                tip = (
                    f"; did you mean '{hint[0]}'?"
                    if hint
                    else f"; known fields: {', '.join(known)}"
                )
                out.append(
                    doc.problem(
                        (*path, extra),
                        "unknown-field",
                        f"{where}.{extra}: unknown field{tip}",
                        key=True,
                    )
                )
            return out
        if v == "required":
            missing = str(e.message).split("'")[1] if "'" in e.message else e.message
            desc = schema.get("properties", {}).get(missing, {}).get("description", "")
            tip = f" ({desc})" if desc else ""
            return [
                doc.problem(
                    path, "missing-field", f"{where}: missing required field '{missing}'{tip}"
                )
            ]
        if v == "type":
            want = schema.get("type")
            wants = want if isinstance(want, list) else [want]
            expected = " or ".join(_TYPE_WORDS.get(str(w), str(w)) for w in wants)
            msg = f"{where}: expected {expected}, found {_kind(value)}"
            if "string" in wants and isinstance(value, bool | int | float):
                word = str(value).lower() if isinstance(value, bool) else str(value)
                msg += f': quote it, as in "{word}"'
            return [doc.problem(path, "wrong-type", msg)]
        if v == "enum" and self.verdict_field and path == (self.verdict_field,):
            choices = [str(c) for c in schema.get("enum", [])]
            hint = difflib.get_close_matches(str(value), choices, n=1, cutoff=0.5)
            tip = f"; did you mean '{hint[0]}'?" if hint else ""
            return [
                doc.problem(
                    path,
                    "unknown-verdict",
                    f"{where}: {_short(value)} is not a verdict of the scale "
                    f"(one of: {', '.join(choices)}){tip}",
                )
            ]
        pattern = schema.get("pattern")
        if pattern in (DATE, PARTIAL_DATE) and v in ("pattern", "format"):
            form = "YYYY-MM-DD" if pattern == DATE else "YYYY-MM-DD, YYYY-MM or YYYY"
            return [
                doc.problem(
                    path, "bad-date", f"{where}: {_short(value)} is not a date written {form}"
                )
            ]
        if pattern == HTTP_URL and v in ("pattern", "format"):
            return [
                doc.problem(
                    path, "bad-url", f"{where}: {_short(value)} is not an absolute http(s) URL"
                )
            ]
        if v == "enum":
            choices = ", ".join(str(c) for c in schema.get("enum", []))
            return [
                doc.problem(
                    path, "invalid-value", f"{where}: {_short(value)} is not one of: {choices}"
                )
            ]
        if v == "maxLength" and isinstance(value, str):
            return [
                doc.problem(
                    path,
                    "invalid-value",
                    f"{where}: too long ({len(value)} "
                    f"characters, at most {schema.get('maxLength')})",
                )
            ]
        if v == "minLength" and isinstance(value, str):
            return [
                doc.problem(
                    path,
                    "invalid-value",
                    f"{where}: too short ({len(value)} "
                    f"characters, at least {schema.get('minLength')})",
                )
            ]
        if v == "pattern":
            desc = schema.get("description", "")
            return [
                doc.problem(
                    path,
                    "invalid-value",
                    f"{where}: {_short(value)} does not have the required form. {desc}".strip(),
                )
            ]
        if v in ("minItems", "maxItems") and isinstance(value, list):
            bound = schema.get(v)
            word = "at least" if v == "minItems" else "at most"
            return [
                doc.problem(
                    path, "invalid-value", f"{where}: {len(value)} item(s), {word} {bound} needed"
                )
            ]
        return [doc.problem(path, "invalid-value", f"{where}: {e.message}")]
