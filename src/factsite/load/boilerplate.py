"""Lines trafilatura keeps that are not the article's: the rules for what its filters miss.

trafilatura (with favor_precision) removes menus, footers and most boxes. What it keeps, on the
pages of tests/fixtures/corpus, are whole lines of a few kinds: a photo credit, an audio
player's label, a newsletter box, a follow-us appeal, a related-story link, a run of teasers of
other stories. Each rule matches a whole line (never part of a sentence) and names the corpus
page it was written for; the corpus test fails if a rule drops a passage the text must hold.
"""

from __future__ import annotations

import re

_NETWORKS = r"(?:telegram|instagram|facebook|twitter|whatsapp|youtube|tiktok|linkedin|x)"
# (a whole line, what it is, the corpus page that has one)
RULES: tuple[tuple[re.Pattern[str], str, str], ...] = tuple(
    (re.compile(pattern, flags), what, page)
    for pattern, flags, what, page in (
        (
            r"\(?(?:photo |image )?(?:credit|crédit|crédito|foto|photo|bild|imagen)s?\s*:"
            r"\s*[^()]{1,80}\)?",
            re.I,
            "a photo credit",
            "salon.com.emissions",
        ),
        (
            r"(?:listen to this (?:article|story)|escucha esta nota aquí|écouter (?:cet|l')"
            r"article|artikel anhören|ouça (?:esta|a) notícia)\W*",
            re.I,
            "an audio player's label",
            "eldeber.com.bo-autos",
        ),
        (
            r".{0,200}\b(?:Free Sign Up|Sign Up|Subscribe|Abonnieren|S'abonner|Suscríbete)",
            0,
            "a newsletter box",
            "timesofisrael.com.washington",
        ),
        (
            r"(?:follow us|s[ií]guenos|suivez-nous|folgen sie uns|siga-nos)\b.{0,100}",
            re.I,
            "a follow-us appeal",
            "eluniversal.com-senador",
        ),
        (
            rf"(?:{_NETWORKS}\W*(?:\s(?:y|and|e|et|und|o|or|ou|oder)\s*)?)+",
            re.I,
            "a list of social networks",
            "eluniversal.com-senador",
        ),
        (
            r"(?:puede |you can )?(?:escribirnos|escríbenos|write to us|contact us|écrivez-nous|"
            r"schreiben sie uns|escreva-nos)\b.{0,300}\b(?:facebook|twitter|instagram)\b.{0,200}",
            re.I,
            "a write-to-us and follow-us appeal",
            "elpais.com.ciencia",
        ),
        (
            r"(?:read more|read also|see also|related|à lire aussi|a lire aussi|lire aussi|"
            r"lesen sie auch|mehr zum thema|lee también|leia também|leggi anche)\s*:.{0,200}",
            re.I,
            "a link to another story",
            "issue 29 ('Read more:', 'A lire aussi')",
        ),
    )
)
_TEASER = re.compile(r"([^\W\d_][\w-]*) [A-ZÀ-ÖØ-ÞА-ЯΑ-Ω][^.!?:;\"»”]{10,150}")
TEASER_RUN = 3  # lines in a row, each a section label and a headline: teasers of other stories


def drop_boilerplate(lines: list[str]) -> tuple[list[str], list[str]]:
    """(the lines that remain, what was dropped: one phrase a kind)."""
    dropped: dict[str, None] = {}
    teasers = _teaser_runs(lines)
    if teasers:
        dropped["teasers of other stories"] = None
    kept = []
    for i, line in enumerate(lines):
        rule = next((r for r in RULES if r[0].fullmatch(line.strip())), None)
        if rule is not None:
            dropped[rule[1]] = None
        elif i not in teasers:
            kept.append(line)
    return kept, list(dropped)


def _teaser_runs(lines: list[str]) -> set[int]:
    """Indexes of runs of lines that start with the same label, then a capitalised headline
    without a full stop ("Política Deputados aprovam urgência ...")."""
    labels = [m.group(1) if (m := _TEASER.fullmatch(line)) else None for line in lines]
    found: set[int] = set()
    start = 0
    for i in range(1, len(lines) + 1):
        if i == len(lines) or labels[i] is None or labels[i] != labels[start]:
            if labels[start] is not None and i - start >= TEASER_RUN:
                found.update(range(start, i))
            start = i
    return found
