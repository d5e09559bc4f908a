"""Open data: every claim as JSON and CSV (shape documented in docs/data.md)."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from factsite.load.scale import Scale
from factsite.load.site_config import Site
from factsite.render import common

DATA_VERSION = 1


def claim_record(
    claim: dict[str, Any], article: dict[str, Any], scale: Scale, site: Site
) -> dict[str, Any]:
    """One claim in data/claims.json (shape documented in docs/data.md)."""
    verdict = scale.of(claim)
    return {
        "id": claim["id"],
        "url": site.page_url(common.claim_url(claim["id"])),
        "article": {k: article.get(k) for k in ("id", "title", "outlet", "url", "published")}
        | {"published_estimated": common.article_date_estimated(article)},
        "claim": claim["claim"],
        "quote": claim["quote"],
        "quote_translation": claim.get("quote_translation"),
        "media": claim.get("media"),
        "claimant": claim["claimant"],
        "claim_date": claim["claim_date"],
        "claim_date_estimated": common.claim_date_estimated(claim, article),
        "verdict": {"id": verdict.id, "label": verdict.label, "rating": verdict.rating},
        "ruling": claim["ruling"],
        "analysis": claim["analysis"],
        "sources": claim["sources"],
        "topics": claim["topics"],
        "published": claim["published"],
        "updated": common.updated(claim),
        "updates": claim.get("updates") or [],
    }


def compact(value: Any) -> str:
    """A value as the exports write it. Compact: data for programs. Indented, at 10,000
    claims claims.json was a third larger and took Python's encoder 3 s; compact, the C
    encoder writes it in a fraction of that. Compact JSON of a list is its items' JSON
    joined by commas, so a claim's record is serialised once and kept (render.Memo)."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def claims_json_of(records: list[str], scale: Scale) -> str:
    """data/claims.json from each claim's record as `compact` wrote it."""
    head = {
        "version": DATA_VERSION,
        "scale": [
            {"id": v.id, "label": v.label, "rating": v.rating, "definition": v.definition}
            for v in scale.verdicts
        ],
    }
    return compact(head)[:-1] + ',"claims":[' + ",".join(records) + "]}\n"


CSV_COLUMNS = (
    "id",
    "url",
    "claim",
    "claimant",
    "claim_date",
    "verdict",
    "verdict_label",
    "rating",
    "ruling",
    "published",
    "updated",
    "topics",
    "sources",
    "article_url",
    "claim_date_estimated",  # last: a column added later, so that no column moves
)


def _cell(value: Any) -> str:
    s = "" if value is None else str(value)
    # A cell starting with = + - @ is a formula in spreadsheets: keep it text.
    return "'" + s if s[:1] in ("=", "+", "-", "@", "\t", "\r") else s


def claims_csv_of(rows: list[str]) -> str:
    """data/claims.csv from each claim's row as csv_row wrote it."""
    return _line(CSV_COLUMNS) + "".join(rows)


def _line(cells: Any) -> str:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerow(cells)
    return buf.getvalue()


def csv_row(r: dict[str, Any]) -> str:
    """A claim's line of data/claims.csv, from its record."""
    return _line(
        [
            _cell(v)
            for v in (
                r["id"],
                r["url"],
                r["claim"],
                r["claimant"]["name"],
                r["claim_date"],
                r["verdict"]["id"],
                r["verdict"]["label"],
                r["verdict"]["rating"],
                r["ruling"],
                r["published"],
                r["updated"],
                ";".join(r["topics"]),
                " ".join(s["url"] for s in r["sources"]),
                r["article"]["url"],
                "true" if r["claim_date_estimated"] else "false",
            )
        ]
    )


def _field(name: str, kind: str, description: str, **more: Any) -> dict[str, Any]:
    return {"name": name, "type": kind, "description": description, **more}


def datapackage(site: Site, scale: Scale) -> str:
    """data/datapackage.json: a Frictionless Data Package that describes both exports, so that
    `frictionless validate data/datapackage.json` checks every row of the CSV against it."""
    verdicts = [v.id for v in scale.verdicts]
    fields = [
        _field("id", "string", "The claim's id; its page is claims/<id>/."),
        _field("url", "string", "The claim's page.", format="uri"),
        _field("claim", "string", "The claim, in a sentence."),
        _field("claimant", "string", "Who made the claim."),
        _field("claim_date", "string", "When the claim was made: YYYY, YYYY-MM or YYYY-MM-DD."),
        _field("verdict", "string", "The verdict's id.", constraints={"enum": verdicts}),
        _field("verdict_label", "string", "The verdict as the site shows it."),
        _field("rating", "integer", "The verdict's rating, 1 the worst; empty when unrated."),
        _field("ruling", "string", "The ruling: the verdict in a few sentences."),
        _field("published", "date", "When the check was published."),
        _field("updated", "date", "When the check was last updated."),
        _field("topics", "string", "The claim's topic ids, separated by semicolons."),
        _field("sources", "string", "The URLs of the claim's sources, separated by spaces."),
        _field("article_url", "string", "The article the claim comes from.", format="uri"),
        _field(
            "claim_date_estimated",
            "boolean",
            "true when claim_date is the article's estimated date (the article shows none).",
            trueValues=["true"],
            falseValues=["false"],
        ),
    ]
    package = {
        "name": "factsite-claims",
        "title": f"{site.name}: fact-checks",
        "homepage": site.url,
        "resources": [
            {
                "name": "claims-csv",
                "path": "claims.csv",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "description": "One row per claim. A cell that a spreadsheet would read as a "
                "formula (starting with = + - @) starts with an apostrophe.",
                "schema": {"fields": fields, "primaryKey": ["id"], "missingValues": [""]},
            },
            {
                "name": "claims-json",
                "path": "claims.json",
                "format": "json",
                "mediatype": "application/json",
                "encoding": "utf-8",
                "description": "Every claim with its verdict, ruling, analysis and sources, and "
                "the verdict scale (docs/data.md).",
            },
            {
                "name": "claimreview-json",
                "path": "claimreview.json",
                "format": "json",
                "mediatype": "application/json",
                "encoding": "utf-8",
                "description": "Every claim's ClaimReview (schema.org), as on its page.",
            },
        ],
    }
    return json.dumps(package, ensure_ascii=False, indent=2) + "\n"
