"""The desk's rules in words, for the about and methodology pages, from the same settings that
check/policy.py enforces (mkdocs.yml, extra.factsite.review and .reply): the pages state the
rule the configuration holds, so a promise cannot drift from what validate checks.

Each fragment is a paragraph that a hand-written page includes with
`--8<-- "_generated/review-rule.md"` or `"_generated/reply-rule.md"`.
"""

from __future__ import annotations

from factsite.load.scale import Scale
from factsite.load.site_config import Site
from factsite.render.common import human_date
from factsite.render.escape import text

REVIEW = "_generated/review-rule.md"
REPLY = "_generated/reply-rule.md"


def review_rule(site: Site) -> str:
    if site.review is None or site.review[0] == 0:
        return (
            "**Review.** We have no review rule: a check can be published without being "
            "reviewed by anyone but its authors, and our software requires no reviewer.\n"
        )
    n, since = site.review
    who = "a person" if n == 1 else f"{n} people"
    return (
        f"**Review.** Every check published since {human_date(since)} is reviewed before "
        f'publication by {who} other than its authors, named on its page under "Reviewed '
        'by". Our software refuses to publish a check without them.\n'
    )


def reply_rule(site: Site, scale: Scale) -> str:
    if site.reply is None:
        return (
            "**Right of reply.** We do not contact the people and organisations we check "
            "before publication, and our software requires no record of such contact. A "
            "claimant may respond at any time, like any reader.\n"
        )
    days, since = site.reply
    rated = [v for v in scale.verdicts if v.rating is not None]
    best = max(rated, key=lambda v: v.rating or 0).label if rated else None
    which = f'rated anything but "{text(best)}"' if best else "of a claim"
    return (
        f"**Right of reply.** Before we publish a check {which} (since {human_date(since)}), "
        "we send the claimant the claim, our draft verdict and the main evidence, and leave "
        f"them at least {days} working day{'s' if days != 1 else ''}, Monday to Friday, "
        "before publication. The check's page says when and how we asked, and what they "
        "answered. Our software refuses to publish such a check without a record of that "
        "contact.\n"
    )


def rule_fragments(site: Site, scale: Scale) -> dict[str, str]:
    return {REVIEW: review_rule(site), REPLY: reply_rule(site, scale)}
