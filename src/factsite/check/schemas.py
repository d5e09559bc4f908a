"""The claim and article JSON Schemas, built from code plus the verdict scale.

The claim schema is the contract for claim files. Its verdict enum comes from verdicts.yaml, so
`factsite schema` writes schema/claim.schema.json for editors (yaml-language-server) and the
validator compares the committed file with what it would write.

The schema keeps to the part of draft 2020-12 that draft-07 editors understand too
($defs, no prefixItems or unevaluated*).
"""

from __future__ import annotations

import json
from typing import Any

from factsite.load.scale import Scale

SCHEMA_ID = "https://factsite.example/schema/claim.schema.json"
SLUG = "^[a-z0-9]+(?:-[a-z0-9]+)*$"
DATE = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
PARTIAL_DATE = "^[0-9]{4}(?:-[0-9]{2}(?:-[0-9]{2})?)?$"
HTTP_URL = "^https?://[^\\s/$.?#][^\\s]*$"
MODELINE = "# yaml-language-server: $schema="


def _url(description: str, example: str) -> dict[str, Any]:
    return {
        "type": "string",
        "format": "uri",
        "pattern": HTTP_URL,
        "maxLength": 2000,
        "description": description + " An absolute http(s) URL.",
        "examples": [example],
    }


def _date(description: str, example: str, pattern: str = DATE) -> dict[str, Any]:
    return {"type": "string", "pattern": pattern, "description": description, "examples": [example]}


def _text(description: str, example: str, lo: int = 1, hi: int = 500) -> dict[str, Any]:
    return {
        "type": "string",
        "minLength": lo,
        "maxLength": hi,
        "description": description,
        "examples": [example],
    }


_SECOND_SOURCE = {
    "url": "https://www.irishtimes.com/world/middle-east/2025/11/17/un-security-council-votes-to-"
    "adopt-us-resolution-on-trumps-gaza-peace-plan/",
    "title": "UN Security Council votes to adopt US resolution on Trump's Gaza peace plan",
    "publisher": "The Irish Times (Reuters)",
    "date": "2025-11-17",
    "stance": "supports",
    "note": "Reports the resolution authorising the stabilisation force; Russia and China "
    "abstained.",
}


def claim_schema(scale: Scale) -> dict[str, Any]:
    source = {
        "type": "object",
        "additionalProperties": False,
        "required": ["url", "title", "publisher", "stance", "note"],
        "description": "One piece of evidence: a page a reader can open.",
        "examples": [
            {
                "url": "https://www.un.org/unispal/document/security-council-meeting-coverage-17nov25",
                "title": "Security Council adopts resolution 2803 (2025)",
                "publisher": "United Nations",
                "date": "2025-11-17",
                "stance": "supports",
                "note": "Records the vote of 13 in favour with two abstentions.",
            }
        ],
        "properties": {
            "url": _url("Where the source is.", "https://www.un.org/unispal/"),
            "title": _text(
                "The source's headline, or a short description where it has none.",
                "Security Council adopts resolution 2803",
                hi=300,
            ),
            "publisher": _text("Who published it.", "United Nations", hi=120),
            "date": _date(
                "When it was published: YYYY-MM-DD, or YYYY-MM or YYYY when the day is not known.",
                "2025-11-17",
                PARTIAL_DATE,
            ),
            "archive_url": _url(
                "A copy in a web archive, in case the page changes.",
                "https://web.archive.org/web/2026/https://example.org/",
            ),
            "stance": {
                "type": "string",
                "enum": ["supports", "contradicts", "context"],
                "description": "How it bears on the claim.",
                "examples": ["supports"],
            },
            "note": _text(
                "What this source shows about the claim, in one sentence.",
                "Records the vote of 13 in favour with two abstentions.",
                10,
                500,
            ),
        },
    }
    update = {
        "type": "object",
        "additionalProperties": False,
        "required": ["date", "note"],
        "description": "A dated change to the check after publication.",
        "examples": [
            {
                "date": "2026-01-20",
                "type": "correction",
                "note": "Fixed the year of the resolution.",
            }
        ],
        "properties": {
            "date": _date("When the change was made.", "2026-01-20"),
            "type": {
                "type": "string",
                "enum": ["correction", "update", "clarification"],
                "description": "correction: we got something wrong; update: new "
                "evidence; clarification: wording only.",
                "examples": ["correction"],
            },
            "note": _text("What changed and why.", "Fixed the year of the resolution.", 10, 1000),
            "previous_verdict": {
                "type": "string",
                "enum": scale.ids,
                "description": "The verdict before this change, if it changed.",
                "examples": ["half-true"],
            },
        },
    }
    claimant = {
        "type": "object",
        "additionalProperties": False,
        "required": ["name", "type"],
        "description": "Who made the claim: the outlet itself, or a person it quotes.",
        "examples": [{"name": "Ilham Aliyev", "type": "Person", "role": "President of Azerbaijan"}],
        "properties": {
            "name": _text("Name as readers know it.", "Ilham Aliyev", hi=120),
            "type": {
                "type": "string",
                "enum": ["Person", "Organization"],
                "description": "schema.org type of the claimant.",
                "examples": ["Person"],
            },
            "role": _text("Role at the time of the claim.", "President of Azerbaijan", hi=120),
            "url": _url(
                "Wikidata page or homepage (ClaimReview sameAs).", "https://www.ynetnews.com/"
            ),
        },
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "factsite claim",
        "description": "One checked claim of an article. File: claims/<article>/<id>.yaml.",
        "type": "object",
        "additionalProperties": False,
        "required": [
            "id",
            "article",
            "claim",
            "quote",
            "claimant",
            "claim_date",
            "verdict",
            "ruling",
            "analysis",
            "sources",
            "topics",
            "published",
        ],
        "examples": [{"id": "un-resolution-2803", "article": "ynet-2026-01-azerbaijan-gaza"}],
        "properties": {
            "id": {
                "type": "string",
                "pattern": SLUG,
                "maxLength": 80,
                "description": "Stable id: lowercase words joined by hyphens, equal to the "
                "file name without .yaml. It is the page's URL.",
                "examples": ["fuel-half-of-israel-consumption"],
            },
            "article": {
                "type": "string",
                "pattern": SLUG,
                "maxLength": 80,
                "description": "Id of the article file under articles/.",
                "examples": ["ynet-2026-01-azerbaijan-gaza"],
            },
            "claim": _text(
                "The claim in one short sentence without verdict words "
                "(ClaimReview claimReviewed).",
                "Azerbaijani oil covers half of Israel's consumption",
                10,
                75,
            ),
            "quote": _text(
                "The article's words, verbatim (checked against the snapshot).",
                "increasing deliveries to cover half of Israel’s consumption",
                5,
                1500,
            ),
            "claimant": claimant,
            "claim_date": _date("When the claim was made (YYYY-MM-DD).", "2026-01-06"),
            "verdict": {
                "type": "string",
                "enum": scale.ids,
                "description": "An id of the scale in verdicts.yaml: "
                + "; ".join(f"{v.id} ({v.label})" for v in scale.verdicts)
                + ".",
                "examples": [scale.ids[0]],
            },
            "ruling": _text(
                "The verdict explained in one or two sentences.",
                "Azerbaijan supplied about 46% of Israel's crude imports in 2025; "
                "imports are not consumption.",
                20,
                400,
            ),
            "analysis": _text(
                "The full analysis in Markdown: what the evidence shows, what it "
                "does not, what would change the verdict. No raw HTML, no images.",
                "Tanker-tracking data reported in January 2026 put Azerbaijan's share of Israel's "
                "crude imports at about 46%.",
                50,
                20000,
            ),
            "sources": {
                "type": "array",
                "minItems": 2,
                "maxItems": 60,
                "items": source,
                "description": "The evidence, at least two sources.",
                "examples": [[source["examples"][0], _SECOND_SOURCE]],
            },
            "topics": {
                "type": "array",
                "minItems": 1,
                "maxItems": 8,
                "uniqueItems": True,
                "items": {
                    "type": "string",
                    "pattern": SLUG,
                    "maxLength": 40,
                    "description": "A topic slug.",
                    "examples": ["energy"],
                },
                "description": "Topics for the topic index.",
                "examples": [["energy", "israel"]],
            },
            "published": _date("When this check was first published.", "2026-01-08"),
            "updated": _date("When it last changed; defaults to `published`.", "2026-01-20"),
            "updates": {
                "type": "array",
                "maxItems": 50,
                "items": update,
                "description": "Corrections and updates, oldest first.",
                "examples": [[update["examples"][0]]],
            },
        },
    }


def article_schema() -> dict[str, Any]:
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "factsite article",
        "description": "An article under review. Its text snapshot is articles/<id>.txt.",
        "type": "object",
        "additionalProperties": False,
        "required": ["id", "title", "outlet", "url", "published", "language"],
        "properties": {
            "id": {
                "type": "string",
                "pattern": SLUG,
                "maxLength": 80,
                "description": "Equal to the file name.",
                "examples": ["ynet-2026-01-gaza"],
            },
            "title": _text("Headline as published.", "Azerbaijan won't send soldiers", hi=300),
            "outlet": _text("Who published it.", "Ynet News", hi=120),
            "outlet_url": _url("The outlet's homepage.", "https://www.ynetnews.com/"),
            "url": _url("The article.", "https://www.ynetnews.com/article/hj11v2pkebg"),
            "archive_url": _url("An archived copy.", "https://web.archive.org/web/2026/..."),
            "published": _date("Publication date.", "2026-01-06"),
            "language": {
                "type": "string",
                "pattern": "^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$",
                "description": "BCP 47 language tag.",
                "examples": ["en"],
            },
        },
    }


def schema_json(scale: Scale) -> str:
    """The text of schema/claim.schema.json: stable, so the committed file can be compared."""
    return json.dumps(claim_schema(scale), ensure_ascii=False, indent=2) + "\n"
