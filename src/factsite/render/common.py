"""Helpers shared by the page renderers: URLs, badges, dates, front matter."""

from __future__ import annotations

import datetime as dt
import functools
import json
import re
import unicodedata
from typing import Any

import frontmatter
import yaml
from anyascii import anyascii

from factsite.load.scale import Verdict
from factsite.render.escape import text
from factsite.render.i18n import english

GENERATED_MARK = "factsite"  # front matter `generated_by`: the renderer owns the page
CLAIMS = "claims"


def claim_url(claim_id: str) -> str:
    """Directory URL of a claim page, relative to the site root."""
    return f"{CLAIMS}/{claim_id}/"


def rel(from_page: str, to_url: str) -> str:
    """Relative link from the page at docs path `from_page` (a .md) to a site-root URL."""
    depth = from_page.count("/")
    if not from_page.endswith("index.md"):
        depth += 1  # directory URLs: claims/x.md is served at claims/x/
    return "../" * depth + to_url


@functools.lru_cache(maxsize=1 << 16)  # a claimant's name, once per claim and listing
def slug(value: str) -> str:
    """A page name for `value` in any script: transliterated to ASCII (anyascii: "Ильхам
    Алиев" -> "il-kham-aliev", "Azərbaycan" -> "azerbaycan"), so that it is the same on every
    file system and in every URL; an ASCII name keeps the slug it always had."""
    s = re.sub(r"[^a-z0-9]+", "-", anyascii(unicodedata.normalize("NFC", value)).lower())
    return s.strip("-") or "x"


# A run of letters beyond Latin (Cyrillic, Greek, Arabic, Hebrew, CJK, ...), and the syllable
# boundaries anyascii marks with capitals in a run of CJK ("XiJinPing").
_NON_LATIN = re.compile(r"[^\W\d_\x00-\u024f]+")
_SYLLABLE = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")


_SPACELESS = re.compile(r"[\u2e80-\u9fff\u3040-\u30ff\uac00-\ud7af\u0e00-\u0e7f\u1000-\u109f]")


def _transliterated(run: re.Match[str]) -> str:
    """A run of another script in ASCII; Chinese, Japanese, Korean, Thai and Burmese, which
    write no spaces between words, set apart from the digits beside them."""
    ascii_run = _SYLLABLE.sub(" ", anyascii(run.group()))
    return f" {ascii_run} " if _SPACELESS.match(run.group()) else ascii_run


def words(text: str) -> list[str]:
    """The ASCII words of `text` in any script, for ids made from a headline or a quote: Latin
    letters lose their accents, other scripts are transliterated (anyascii, as slug), and a
    possessive 's is dropped ("Aliyev's" -> aliyev; "Азербайджан" -> azerbaydzhan)."""
    text = unicodedata.normalize("NFC", text)
    text = _NON_LATIN.sub(_transliterated, text)
    folded = re.sub(r"['’]s\b|['’]", "", text.lower())
    plain = unicodedata.normalize("NFKD", folded).encode("ascii", "ignore").decode()
    return [w for w in re.split(r"[^a-z0-9]+", plain) if w]


def human_date(value: str) -> str:
    """'2026-01-05' -> '5 January 2026'; partial dates as far as they go. English: a page in
    the site's language takes its dates from its Words (render/i18n.py)."""
    return english().date(value)


def time_tag(value: str) -> str:
    return english().time_tag(value)


def badge(verdict: Verdict, *, small: bool = False) -> str:
    cls = "fs-badge fs-badge--small" if small else "fs-badge"
    return (
        f'<span class="{cls} fs-v-{verdict.id}"><span class="fs-badge__icon" '
        f'aria-hidden="true">{text(verdict.icon)}</span> {text(verdict.label)}</span>'
    )


def article_date_estimated(article: dict[str, Any]) -> bool:
    """The article's `published` is the team's estimate (the page shows no date)."""
    return article.get("published_estimated") is True


def claim_date_estimated(claim: dict[str, Any], article: dict[str, Any]) -> bool:
    """A claim dated by its article's estimated date is estimated too. Derived, not a flag of
    the claim file: the article's date is the estimate, so one flag in the article file marks
    every claim that takes its date, and confirming the date (removing the flag) unmarks them
    all; a claim with a date of its own (a speech the day before) is not marked."""
    return article_date_estimated(article) and claim["claim_date"] == article["published"]


def updated(claim: dict[str, Any]) -> str:
    return str(claim.get("updated") or claim["published"])


_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def page(meta: dict[str, Any], body: str) -> str:
    """A Markdown page with YAML front matter; values are JSON-native, so dates stay text."""
    meta = {"generated_by": GENERATED_MARK, **json.loads(json.dumps(meta))}
    post = frontmatter.Post(body.rstrip() + "\n", **meta)
    # libyaml's emitter (six times faster at 10,000 pages), when PyYAML was built with it;
    # for these JSON-native values it writes the same text as the pure-Python one
    return (
        frontmatter.dumps(post, Dumper=_DUMPER, sort_keys=False, allow_unicode=True, width=10_000)
        + "\n"
    )


def iso_day(value: str) -> str:
    """An RFC 3339 timestamp at midnight UTC for a YYYY-MM-DD date (feeds)."""
    return dt.date.fromisoformat(value).isoformat() + "T00:00:00Z"
