"""The desk's rules in words, for the about and methodology pages, from the same settings that
check/policy.py enforces (mkdocs.yml, extra.factsite.review and .reply): the pages state the
rule the configuration holds, so a promise cannot drift from what validate checks. The words
are the site's language's (render/i18n.py).

Each fragment is a paragraph that a hand-written page includes with
`--8<-- "_generated/review-rule.md"` or `"_generated/reply-rule.md"`.
"""

from __future__ import annotations

from factsite.load.scale import Scale
from factsite.load.site_config import Site
from factsite.render.escape import text
from factsite.render.i18n import Words, for_site

REVIEW = "_generated/review-rule.md"
REPLY = "_generated/reply-rule.md"


def review_rule(site: Site, words: Words | None = None) -> str:
    words = words or for_site(site)
    _ = words.gettext
    if site.review is None or site.review[0] == 0:
        return (
            _(
                "**Review.** We have no review rule: a check can be published without being "
                "reviewed by anyone but its authors, and our software requires no reviewer."
            )
            + "\n"
        )
    n, since = site.review
    date, named = words.date(since), _("Reviewed by")
    if n == 1:
        rule = _(
            "**Review.** Every check published since %(date)s is reviewed before publication "
            'by a person other than its authors, named on its page under "%(reviewed_by)s". '
            "Our software refuses to publish a check without them.",
            date=date,
            reviewed_by=named,
        )
    else:  # the count as the language inflects it (one form for 21 in Russian, ...)
        rule = words.ngettext(
            "**Review.** Every check published since %(date)s is reviewed before publication "
            'by %(num)s person other than its authors, named on its page under "%(reviewed_by)s". '
            "Our software refuses to publish a check without them.",
            "**Review.** Every check published since %(date)s is reviewed before publication "
            'by %(num)s people other than its authors, named on its page under "%(reviewed_by)s". '
            "Our software refuses to publish a check without them.",
            n,
            date=date,
            reviewed_by=named,
        )
    return rule + "\n"


def reply_rule(site: Site, scale: Scale, words: Words | None = None) -> str:
    words = words or for_site(site)
    _ = words.gettext
    if site.reply is None:
        return (
            _(
                "**Right of reply.** We do not contact the people and organisations we check "
                "before publication, and our software requires no record of such contact. A "
                "claimant may respond at any time, like any reader."
            )
            + "\n"
        )
    days, since = site.reply
    rated = [v for v in scale.verdicts if v.rating is not None]
    best = max(rated, key=lambda v: v.rating or 0).label if rated else None
    date = words.date(since)
    # One sentence a message, whole, so that a language orders it as it needs to.
    if best:
        before = words.ngettext(
            "**Right of reply.** Before we publish a check rated anything but "
            '"%(verdict)s" (since %(date)s), we send the claimant the claim, our draft '
            "verdict and the main evidence, and leave them at least %(num)s working day, "
            "Monday to Friday, before publication.",
            "**Right of reply.** Before we publish a check rated anything but "
            '"%(verdict)s" (since %(date)s), we send the claimant the claim, our draft '
            "verdict and the main evidence, and leave them at least %(num)s working days, "
            "Monday to Friday, before publication.",
            days,
            verdict=text(best),
            date=date,
        )
    else:
        before = words.ngettext(
            "**Right of reply.** Before we publish a check of a claim (since %(date)s), we "
            "send the claimant the claim, our draft verdict and the main evidence, and leave "
            "them at least %(num)s working day, Monday to Friday, before publication.",
            "**Right of reply.** Before we publish a check of a claim (since %(date)s), we "
            "send the claimant the claim, our draft verdict and the main evidence, and leave "
            "them at least %(num)s working days, Monday to Friday, before publication.",
            days,
            date=date,
        )
    rest = _(
        "The check's page says when and how we asked, and what they answered. Our software "
        "refuses to publish such a check without a record of that contact."
    )
    return f"{before} {rest}\n"


def rule_fragments(site: Site, scale: Scale, words: Words | None = None) -> dict[str, str]:
    words = words or for_site(site)
    return {REVIEW: review_rule(site, words), REPLY: reply_rule(site, scale, words)}
