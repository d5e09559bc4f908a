"""The text of a new claim file (`factsite new`), from a sentence of an article. Pure.

The scaffold holds what is known for sure (id, article, verbatim quote, dates) and marks the
rest with TODO placeholders, explained by comments from the claim schema. Every placeholder is a
value the validator refuses, so a scaffold is never published by mistake.
"""

from __future__ import annotations

import json
import re
import textwrap
from typing import Any

from factsite.check import quotes, rules
from factsite.load.files import MAX_ID_LENGTH, SCHEMA_FILE
from factsite.render.common import words as common_words

MAX_ID_WORDS = 6

# Words that say little about a claim: skipped when proposing an id.
_STOP_WORDS = """a an the of to in on at for and or but is are was were be been being that this
these those with as by from it its he she they his her their them has have had will would shall
should can could may might said says say also which who whom whose there here then than so such
into onto about after before over under up out very just i am me my we us our you your"""
_STOP = frozenset(_STOP_WORDS.split())
_NOT_PLAIN = frozenset(("true", "false", "null", "yes", "no", "on", "off", "y", "n"))
_ANALYSIS_HINT = (
    " Suggested parts: **What the article says.** **What the evidence shows.** **What it does "
    "not show.** **Our verdict.** Write `analysis: |` and indent the text under it."
)
_SOURCES_HINT = (
    " Primary and independent sources first; never invent a URL. Copy an entry for each "
    "further source."
)


def propose_id(text: str) -> str:
    """A slug of the first significant words of `text` (at most MAX_ID_WORDS)."""
    kept = [w for w in common_words(quotes.normalise(text)) if w not in _STOP]
    slug = "-".join(kept[:MAX_ID_WORDS])[:MAX_ID_LENGTH].strip("-")
    return slug or "claim"


def _scalar(value: str) -> str:
    """`value` as a YAML scalar: plain when that is unambiguous text, else double-quoted."""
    plain = re.fullmatch(r"[a-z][a-z0-9-]*", value) and value not in _NOT_PLAIN
    return value if plain else json.dumps(value, ensure_ascii=False)


def _comment(text: str, indent: str = "") -> str:
    lines = textwrap.wrap(text, width=96 - len(indent) - 2, break_on_hyphens=False)
    return "".join(f"{indent}# {line}\n" for line in lines)


def _desc(schema: dict[str, Any], *path: str) -> str:
    node = schema
    for key in path:
        node = node["properties"][key] if "properties" in node else node["items"]["properties"][key]
    return str(node.get("description", ""))


def render_scaffold(
    *,
    claim_id: str,
    article: str,
    quote: str,
    claim_date: str,
    published: str,
    schema: dict[str, Any],
    topics: list[str],
    conclusion: str | None = None,
) -> str:
    """The text of a new claim file. Pure: the tests call it directly. `conclusion`: the
    verdict id of a scale without ratings, which the scaffold then sets, with a conclusion
    to write.

    Placeholders are values the schema refuses: TODO where that is already invalid, and an
    empty string marked with a TODO comment for free text, where TODO itself would pass.
    """
    rows = _rows(claim_id, article, quote, claim_date, published, topics, conclusion)
    modeline = rules.expected_modeline(f"claims/{article}/{claim_id}.yaml", SCHEMA_FILE)
    head = _comment(
        f"Scaffolded by `factsite new` on {published}. Replace every TODO with a real value, "
        "guided by the comment above it (from schema/claim.schema.json; delete the comments "
        "if you like), then run `factsite validate`. The placeholders are values the validator "
        "refuses, so this file cannot be published while a TODO is left. CONTRIBUTING.md "
        "explains how to find sources and choose a verdict."
    )
    out = [modeline + "\n", head, "\n"]
    for path, extra, indent, line in rows:
        if path:
            out.append(_comment(_desc(schema, *path) + extra, indent))
        if line:
            out.append(indent + line + "\n")
    return "".join(out)


def _rows(
    claim_id: str,
    article: str,
    quote: str,
    claim_date: str,
    published: str,
    topics: list[str],
    conclusion: str | None,
) -> list[tuple[tuple[str, ...], str, str, str]]:
    """(schema path, extra comment, indent, line) of each line of the scaffold: data."""
    src, opt = ("sources",), " Optional: uncomment it."
    cd, pd = json.dumps(claim_date), json.dumps(published)
    return [  # (schema path, extra, indent, line)
        (("id",), "", "", f"id: {_scalar(claim_id)}"),
        (("article",), "", "", f"article: {_scalar(article)}"),
        (("claim",), " 10 to 75 characters.", "", "claim: TODO"),
        (("quote",), "", "", f"quote: {json.dumps(quote, ensure_ascii=False)}"),
        (("claimant",), "", "", "claimant:"),
        (("claimant", "name"), "", "  ", 'name: ""  # TODO'),
        (("claimant", "type"), " Person or Organization.", "  ", "type: TODO"),
        (("claimant", "role"), opt, "  ", "# role: TODO"),
        (("claimant", "url"), opt, "  ", "# url: https://www.wikidata.org/wiki/Q..."),
        (("claim_date",), " Preset to the article's date: check it.", "", f"claim_date: {cd}"),
        *(
            [
                (("verdict",), "", "", f"verdict: {_scalar(conclusion)}"),
                (("conclusion",), "", "", 'conclusion: ""  # TODO'),
            ]
            if conclusion
            else [(("verdict",), " See the methodology page before choosing.", "", "verdict: TODO")]
        ),
        (("ruling",), " 20 to 400 characters.", "", "ruling: TODO"),
        (("analysis",), _ANALYSIS_HINT, "", "analysis: TODO"),
        (src, _SOURCES_HINT, "", "sources:"),
        ((*src, "url"), "", "  ", "- url: TODO"),
        ((*src, "title"), "", "    ", 'title: ""  # TODO'),
        ((*src, "publisher"), "", "    ", 'publisher: ""  # TODO'),
        ((*src, "kind"), "", "    ", "kind: TODO"),
        ((*src, "relation"), opt, "    ", "# relation: TODO"),
        ((*src, "date"), " Delete the line if unknown.", "    ", "date: TODO"),
        ((*src, "archive_url"), opt, "    ", "# archive_url: https://web.archive.org/web/..."),
        ((*src, "stance"), " supports, contradicts or context.", "    ", "stance: TODO"),
        ((*src, "note"), "", "    ", "note: TODO"),
        ((), "", "  ", '- url: TODO\n    title: ""  # TODO\n    publisher: ""  # TODO'),
        ((), "", "    ", "kind: TODO\n    date: TODO\n    stance: TODO\n    note: TODO"),
        (("topics",), " Slugs from topics.yaml: " + ", ".join(topics) + ".", "", "topics: [TODO]"),
        (("published",), " Set it to the day the check goes live.", "", f"published: {pd}"),
    ]
