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
from factsite.render.escape import text
from factsite.render.i18n import Words, english


def retraction(claim: dict[str, Any]) -> dict[str, Any] | None:
    """The claim's retraction entry (the last, should there be several), or None."""
    found = [u for u in claim.get("updates") or [] if u.get("type") == "retraction"]
    return found[-1] if found else None


def notice_html(claim: dict[str, Any], verdict: Verdict, words: Words | None = None) -> str:
    """The notice at the top of a retracted check's page, in the site's language."""
    entry = retraction(claim)
    if entry is None:
        return ""
    words = words or english()
    _ = words.gettext
    when = _("Retracted on %(date)s.", date=words.time_tag(entry["date"]))
    label = f"<bdi>{text(verdict.label)}</bdi>"
    last = _(
        "This check no longer stands. Its last verdict, shown below as it was published, "
        "was %(verdict)s.",
        verdict=label,
    )
    return (
        '<div class="fs-retracted" role="note">\n'
        f"<p><strong>{when}</strong> {text(entry['note'])}</p>\n"
        f"<p>{last}</p>\n</div>\n\n"
    )


def retracted_label(label: str, words: Words) -> str:
    """A retracted check's rating in words: "Retracted (last verdict: Mostly true)"."""
    return words.gettext("Retracted (last verdict: %(verdict)s)", verdict=label)


def mark_review(
    review: dict[str, Any], claim: dict[str, Any], verdict: Verdict, words: Words | None = None
) -> None:
    """ClaimReview of a retracted check: no rating a harvester could count, the last verdict
    named in words (the site's language, as its inLanguage), and the retraction as
    schema.org's `correction`."""
    entry = retraction(claim)
    if entry is None:
        return
    words = words or english()
    rating = review["reviewRating"]
    for key in ("ratingValue", "bestRating", "worstRating"):
        rating.pop(key, None)
    rating["alternateName"] = retracted_label(verdict.label, words)
    review["correction"] = {
        "@type": "CorrectionComment",
        "datePublished": entry["date"],
        "text": words.gettext("Retracted: %(note)s", note=entry["note"]),
    }
