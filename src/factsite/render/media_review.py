"""A check of a photo or a video: schema.org MediaReview, and what its page says of the item.

Only for a claim with `media`. The MediaReview comes beside the page's ClaimReview, never in its
place: schema.org calls the relation between the two "not yet finalized", and the Duke
Reporters' Lab, which led MediaReview's design, asks for a ClaimReview with every MediaReview.
The page shows in words what the markup says (the category and the original context), as
structured data should describe what a reader sees.
"""

from __future__ import annotations

from typing import Any

from factsite.load.site_config import Site
from factsite.render import common
from factsite.render.escape import text

# schema.org's MediaManipulationRatingEnumeration, in a reader's words: (label, what it means).
CATEGORIES = {
    "OriginalMediaContent": (
        "Original",
        "we found no evidence that the {item} was altered or manipulated; what is said about it "
        "may still be false or misleading",
    ),
    "DecontextualizedContent": (
        "Missing context",
        # schema.org's category is for an unaltered item; a check that did not examine the item
        # itself says so in its original context, so the page does not claim it was examined.
        "the {item} is presented in a way that misrepresents it, for example without its date or "
        "place; this rating does not say that it was altered",
    ),
    "EditedOrCroppedContent": (
        "Edited or cropped",
        "the {item} is cut from a larger whole, or edited or rearranged, in a way that misleads",
    ),
    "TransformedContent": (
        "Transformed",
        "elements of the {item} were added, removed or generated to change its meaning",
    ),
    "StagedContent": ("Staged", "the {item} was made with actors or otherwise contrived"),
    "SatireOrParodyContent": (
        "Satire or parody",
        "the {item} was made as political or humorous commentary, and is presented as such",
    ),
}
ITEMS = {"ImageObject": "image", "VideoObject": "video"}


def media_review(claim: dict[str, Any], article: dict[str, Any], site: Site) -> dict[str, Any]:
    """schema.org MediaReview of the claim's `media`: the category, the original context, and
    the item as it appeared on the article's page."""
    media = claim["media"]
    # The page that carries the item is its url (the Fact Check Markup Tool's "Media URL");
    # the file itself, when it can be linked on its own, is its contentUrl.
    appearance: dict[str, Any] = {"@type": media["type"], "url": article["url"]}
    if media.get("url"):
        appearance["contentUrl"] = media["url"]
    return {
        "@context": "https://schema.org",
        "@type": "MediaReview",
        "url": site.page_url(common.claim_url(claim["id"])),
        "datePublished": claim["published"],
        "dateModified": common.updated(claim),
        "author": {"@type": "Organization", "name": site.publisher, "url": site.publisher_url},
        "mediaAuthenticityCategory": f"https://schema.org/{media['authenticity']}",
        "originalMediaContextDescription": media["original_context"],
        "itemReviewed": {"@type": "MediaReviewItem", "mediaItemAppearance": [appearance]},
    }


def media_heading(claim: dict[str, Any]) -> str:
    return f"About the {ITEMS[claim['media']['type']]}"


def media_html(claim: dict[str, Any]) -> str:
    """The claim page's words for the same review: how the article presents the item, and
    where it comes from."""
    media = claim["media"]
    label, meaning = CATEGORIES[media["authenticity"]]
    item = ITEMS[media["type"]]
    return (
        f'<p class="fs-media"><strong>{label}</strong>: {meaning.format(item=item)}.</p>\n'
        f'<p class="fs-media__context"><strong>Where it comes from</strong>: '
        f"{text(media['original_context'])}</p>\n"
    )
