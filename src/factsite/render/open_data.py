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
        "article": {k: article.get(k) for k in ("id", "title", "outlet", "url", "published")},
        "claim": claim["claim"],
        "quote": claim["quote"],
        "quote_translation": claim.get("quote_translation"),
        "media": claim.get("media"),
        "claimant": claim["claimant"],
        "claim_date": claim["claim_date"],
        "verdict": {"id": verdict.id, "label": verdict.label, "rating": verdict.rating},
        "ruling": claim["ruling"],
        "analysis": claim["analysis"],
        "sources": claim["sources"],
        "topics": claim["topics"],
        "published": claim["published"],
        "updated": common.updated(claim),
        "updates": claim.get("updates") or [],
    }


def claims_json(records: list[dict[str, Any]], scale: Scale) -> str:
    data = {
        "version": DATA_VERSION,
        "scale": [
            {"id": v.id, "label": v.label, "rating": v.rating, "definition": v.definition}
            for v in scale.verdicts
        ],
        "claims": records,
    }
    # Compact: data for programs. Indented, at 10,000 claims it was a third larger and took
    # Python's encoder 3 s; compact, the C encoder writes it in a fraction of that.
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"


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
)


def _cell(value: Any) -> str:
    s = "" if value is None else str(value)
    # A cell starting with = + - @ is a formula in spreadsheets: keep it text.
    return "'" + s if s[:1] in ("=", "+", "-", "@", "\t", "\r") else s


def claims_csv(records: list[dict[str, Any]]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for r in records:
        writer.writerow(
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
                    len(r["sources"]),
                    r["article"]["url"],
                )
            ]
        )
    return buf.getvalue()
