"""A retracted check: the page stays, with a dated notice, the reason and its last verdict.

A retraction is an `updates` entry of type `retraction` (check/continuity.py explains why a
published check is retracted rather than deleted). Everything that shows the check says so:
the page (a notice above the verdict), ClaimReview (no rating value, and a correction), the
feeds (the entry's title), the embed (its brief, render/embed.py) and the corrections log
(the entry itself).
"""

from __future__ import annotations

from typing import Any

from factsite.load.scale import Verdict
from factsite.render.common import human_date
from factsite.render.escape import text


def retraction(claim: dict[str, Any]) -> dict[str, Any] | None:
    """The claim's retraction entry (the last, should there be several), or None."""
    found = [u for u in claim.get("updates") or [] if u.get("type") == "retraction"]
    return found[-1] if found else None


def notice_html(claim: dict[str, Any], verdict: Verdict) -> str:
    """The notice at the top of a retracted check's page."""
    entry = retraction(claim)
    if entry is None:
        return ""
    return (
        '<div class="fs-retracted" role="note">\n'
        f'<p><strong>Retracted on <time datetime="{entry["date"]}">'
        f"{human_date(entry['date'])}</time>.</strong> {text(entry['note'])}</p>\n"
        f"<p>This check no longer stands. Its last verdict, shown below as it was published, "
        f"was {text(verdict.label)}.</p>\n</div>\n\n"
    )


def mark_review(review: dict[str, Any], claim: dict[str, Any], verdict: Verdict) -> None:
    """ClaimReview of a retracted check: no rating a harvester could count, the last verdict
    named in words, and the retraction as schema.org's `correction`."""
    entry = retraction(claim)
    if entry is None:
        return
    rating = review["reviewRating"]
    for key in ("ratingValue", "bestRating", "worstRating"):
        rating.pop(key, None)
    rating["alternateName"] = f"Retracted (last verdict: {verdict.label})"
    review["correction"] = {
        "@type": "CorrectionComment",
        "datePublished": entry["date"],
        "text": f"Retracted: {entry['note']}",
    }
