"""An article's sentences, in any language and script: what `factsite new` offers to check.

The boundaries are ICU's (Unicode's sentence rules, UAX #29, with CLDR's abbreviations for
the article's language), through icu4py, which ships ICU in its wheel. ICU ends sentences at
。！？ and ؟ as well as at a full stop, so a Chinese or Arabic paragraph is no longer one
"sentence", and it splits the sentences of a quotation, where claims are often made.

Chosen by measurement on real pages (tests/fixtures/corpus/sentences.yaml, boundaries decided
by reading; F1 of the boundaries). On the 115 paragraphs of the corpus where the candidates
disagree, in 11 languages: this module 0.997, ICU alone 0.907, blingfire 0.928 (a 99 MB
install, no release since 2021), sentencex 0.770 and pysbd 0.757 (neither splits the sentences
of a quotation), the capital-letter rules it replaces 0.781. The mends below were written
against those paragraphs; on 19 held-out paragraphs of other articles: this module 1.000, ICU
alone and the old rules 0.989, blingfire 0.892, pysbd 0.750, sentencex 0.732. Each mend is for
a kind of error ICU made there: an initial ("Michael R. Bloomberg"), a title or abbreviation
("Sen. Elizabeth Warren", "bzw."), an ordinal in the languages that write one with a full
stop ("am 31. Oktober"), a quotation mark or an ellipsis on the wrong side of a boundary, and
two boundaries it does not see (after an ellipsis, before a quotation dash). ICU's own
abbreviation lists (`@ss=standard`) are not used: they also suppressed real boundaries
("entre os Poderes. Ele destacou").

Whitespace inside a sentence is collapsed; everything else is kept as written, so each
sentence is a verbatim quote of the text after `quotes.normalise`. Pure.
"""

from __future__ import annotations

import re

# Titles and abbreviations that do not end a sentence, in the languages of the corpus.
_ABBREVIATION = re.compile(
    r"(?:^|[\s(\-])(?:Mrs?|Ms|Drs?|St|Prof|Gen|Sen|Rep|Gov|Lt|Col|Sgt|Capt|Jr|Sr|vs|Nos?|Nr|Mt|"
    r"Ft|Sra|Dra|Srta|Mme|Mlle|Mgr|bzw|vgl|ca|evtl|ggf|sog|usw|Hrsg|Abs|Art|Av|[Pp]ág|Jan|Feb|"
    r"Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.$"
)
_INITIAL = re.compile(r"(?:^|[\s(\-–])[A-ZÀ-ÞА-Я]\.$")  # "R.", "M-A.", "S." of "S. Paulo"
_TWO_PART = re.compile(r"(?:^|\s)(?:z|u|d|o|s)\.\s?[a-zA-Z]\.$")  # z. B., u. a., d. h.
_ORDINAL = re.compile(r"(?:^|\s)\d{1,2}\.$")
# Languages that write an ordinal number with a full stop: "am 7. Spieltag", "31. lokakuuta"
_ORDINAL_DOT = frozenset(
    {"de", "da", "no", "nb", "nn", "fi", "is", "cs", "sk", "pl", "sl", "hr", "sr", "bs", "hu"}
    | {"et", "lv", "lt", "tr", "fo"}
)
_OPENERS = "“„«‹‘‚(（[《「『¿¡"  # not \" or ': they close as often
_CLOSERS = "”»›’\"')）]》」』"
# Languages that open a quotation with „ and close it with “
_LOW_OPENING = frozenset({"de", "cs", "sk", "sl", "hr", "bs", "sr", "lt", "et", "bg", "ka", "is"})
_ENDS = ".!?。！？؟…"
# Where ICU sees no boundary but a reader does: after an ellipsis, and before a dash that opens
# a quotation ("– TINE Fotballskole er ...", as Nordic newspapers quote)
_UNSEEN = re.compile(r"(?<=…)\s+(?=[\"“«(]?[A-ZÀ-ÞА-Я])|(?<=[.!?])\s+(?=[–—]\s+[A-ZÀ-ÞА-Я])")


def split_sentences(text: str, language: str = "en") -> list[str]:
    """The text's sentences in order, each paragraph (a line) split on its own."""
    primary = language.split("-")[0].lower() or "en"
    found: list[str] = []
    for line in text.splitlines():
        pieces = (" ".join(s.split()) for s in _split_line(line, primary))
        found += [s for s in pieces if any(ch.isalnum() for ch in s)]  # not a lone "»" or U+200B
    return found


def _split_line(line: str, language: str) -> list[str]:
    from icu4py.breakers import SentenceBreaker  # ICU loads its data on first use

    if not line.strip():
        return []
    # ICU breaks at a full stop followed by a space, not by a no-break space: the same length,
    # so the pieces below are cut from the line as written
    spaced = line.replace("\u00a0", " ").replace("\u202f", " ")
    pieces: list[str] = []
    at = 0
    for piece in SentenceBreaker(spaced, language):
        pieces.append(line[at : at + len(piece)])
        at += len(piece)
    return _mend(pieces, language)


def _mend(pieces: list[str], language: str) -> list[str]:
    openers, closers = _OPENERS, _CLOSERS + "…"
    if language in _LOW_OPENING:
        openers, closers = openers.replace("“", ""), closers + "“"
    split = [p for piece in pieces for p in _cut(piece)]
    merged: list[str] = []
    for piece in split:
        rest = piece.lstrip(closers.replace('"', "").replace("'", "") + " ")
        if merged and (not rest.strip(".,;: ") or _continues(merged[-1], rest, language)):
            merged[-1] += piece
        else:
            merged.append(piece)
    plain = re.escape(closers.replace('"', "").replace("'", ""))
    opening = re.escape(openers)
    for i in range(len(merged) - 1):
        # A closing mark or an ellipsis that ICU put after a boundary closes the sentence
        # before (not " or ': they open the next sentence as often). Pieces are moved whole,
        # spaces included, so the sentences stay slices of the paragraph.
        lead = re.match(rf"(?:\s*[{plain}])+\s*", merged[i + 1])
        if lead and merged[i].rstrip()[-1:] in _ENDS:
            merged[i] += lead.group()
            merged[i + 1] = merged[i + 1][lead.end() :]
        # an opening mark left at the end of a sentence opens the next one
        tail = re.search(rf"[{opening}][{opening}\s]*$", merged[i])
        if tail and merged[i][: tail.start()].rstrip()[-1:] in _ENDS:
            merged[i + 1] = merged[i][tail.start() :] + merged[i + 1]
            merged[i] = merged[i][: tail.start()]
    return merged


def _cut(piece: str) -> list[str]:
    cuts = [m.end() for m in _UNSEEN.finditer(piece)]
    return [piece[a:b] for a, b in zip([0, *cuts], [*cuts, len(piece)], strict=True)]


def _continues(sentence: str, following: str, language: str) -> bool:
    """Whether the boundary between `sentence` and `following` is none: the full stop is an
    abbreviation's, or what follows goes on in lower case or after a comma."""
    end = sentence.rstrip()
    return bool(
        following[:1] in ",;:"
        or following[:1].islower()
        or (language == "ja" and following.startswith(("と", "って")))  # 「本当に？」と聞いた
        or _INITIAL.search(end)
        or _ABBREVIATION.search(end)
        or _TWO_PART.search(end)
        or (language in _ORDINAL_DOT and _ORDINAL.search(end))
    )
