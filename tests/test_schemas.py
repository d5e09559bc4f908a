"""check/schemas.py and src/factsite/schemas/: the claim schema, valid 2020-12, documented
field by field, generated from the scale; the article schema beside it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema

from factsite.check.project import load_scale
from factsite.check.schemas import DATE, HTTP_URL, article_schema, claim_schema, schema_json
from factsite.load.files import Layout

REPO = Path(__file__).resolve().parent.parent


def _scale():  # type: ignore[no-untyped-def]
    scale, problems = load_scale(Layout(REPO))
    assert problems == []
    return scale


def _walk(schema: dict[str, Any], where: str = "$"):  # type: ignore[no-untyped-def]
    yield where, schema
    for name, sub in schema.get("properties", {}).items():
        yield from _walk(sub, f"{where}.{name}")
    if isinstance(schema.get("items"), dict):
        yield from _walk(schema["items"], f"{where}[]")


def test_schemas_are_valid_draft_2020_12() -> None:
    jsonschema.Draft202012Validator.check_schema(claim_schema(_scale()))
    jsonschema.Draft202012Validator.check_schema(article_schema())


def test_every_field_has_a_description_and_an_example() -> None:
    for schema in (claim_schema(_scale()), article_schema()):
        assert schema["additionalProperties"] is False
        for where, sub in _walk(schema):
            assert sub.get("description"), f"{where} has no description"
            if where != "$":
                assert sub.get("examples"), f"{where} has no example"
            if sub.get("type") == "object":
                assert sub.get("additionalProperties") is False, where


def test_examples_in_the_schema_are_valid() -> None:
    schema = claim_schema(_scale())
    for where, sub in _walk(schema):
        if where == "$":
            continue
        for example in sub["examples"]:
            errors = list(jsonschema.Draft202012Validator(sub).iter_errors(example))
            assert not errors, f"{where}: example {example!r}: {errors[0].message}"


def test_verdict_enum_comes_from_the_scale() -> None:
    scale = _scale()
    assert claim_schema(scale)["properties"]["verdict"]["enum"] == scale.ids


def test_committed_schema_file_is_current() -> None:
    committed = (REPO / "schema" / "claim.schema.json").read_text(encoding="utf-8")
    assert committed == schema_json(_scale()), "run `factsite schema`"
    assert json.loads(committed)["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def test_schema_avoids_keywords_editors_do_not_know() -> None:
    """yaml-language-server understands draft-07: keep to the shared subset."""
    text = schema_json(_scale())
    for keyword in ("prefixItems", "$dynamicRef", "unevaluatedProperties", "unevaluatedItems"):
        assert keyword not in text


def test_claim_files_start_with_the_schema_line() -> None:
    for path in (REPO / "claims").rglob("*.yaml"):
        first = path.read_text(encoding="utf-8").split("\n", 1)[0]
        assert first == "# yaml-language-server: $schema=../../schema/claim.schema.json", path


# Issue 10, item 4: good citizens of other tools (yaml-language-server, check-jsonschema)


def test_every_field_has_a_title_for_editor_hovers() -> None:
    for schema in (claim_schema(_scale()), article_schema()):
        # every field; the items of a list are named by the list's title
        untitled = [w for w, sub in _walk(schema) if not sub.get("title") and not w.endswith("[]")]
        assert untitled == []


def test_full_dates_carry_format_date_and_urls_a_readable_message() -> None:
    for schema in (claim_schema(_scale()), article_schema()):
        fields = list(_walk(schema))
        dates = [(w, s) for w, s in fields if s.get("pattern") == DATE]
        urls = [(w, s) for w, s in fields if s.get("pattern") == HTTP_URL]
        assert dates and urls
        assert [w for w, s in dates if s.get("format") != "date"] == []
        assert [w for w, s in urls if not s.get("patternErrorMessage")] == []


def test_a_peer_validator_also_rejects_a_date_that_does_not_exist() -> None:
    """check-jsonschema and editors read only the schema: `format: date` lets them see it too."""
    schema = claim_schema(_scale())
    validator = jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )
    published = schema["properties"]["published"]
    assert validator.evolve(schema=published).is_valid("2025-02-28")
    assert not validator.evolve(schema=published).is_valid("2025-02-30")
