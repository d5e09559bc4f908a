"""`factsite new`: scaffold a claim file from a sentence of an article.

The steps, in order: choose the article, choose the quote (by --quote, --sentence or asked in a
terminal), choose the id, render the scaffold (render/scaffold.py) and write it, never over an
existing file. Every refusal writes nothing.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import TextIO

from factsite.check import quotes, rules
from factsite.check.model import Article
from factsite.check.names import reserved
from factsite.check.reference import load_articles, load_scale, load_topics
from factsite.check.schemas import SLUG, claim_schema
from factsite.commands.guard import not_a_site
from factsite.commands.options import Options
from factsite.load.document import Document
from factsite.load.files import Layout, free_id
from factsite.publish.errors import write_problem
from factsite.render.scaffold import MAX_ID_LENGTH, propose_id, render_scaffold
from factsite.render.sentences import split_sentences


class Refused(Exception):
    """A reason to stop, and the exit code: 1 refused, 2 usage."""

    def __init__(self, message: str, code: int) -> None:
        super().__init__(message)
        self.code = code


def new(opts: Options, stdin: TextIO | None = None) -> int:
    """Write claims/<article>/<id>.yaml; 0 written, 1 refused (nothing written), 2 usage."""
    layout = Layout(opts.root)
    if not_a_site(layout):
        return 2
    try:
        # load: the article, through the loader the check uses
        article = _article(layout, opts.article)
        sentences = split_sentences(article.snapshot, str(article.data.get("language", "en")))
        if opts.list_sentences:
            _print_list(sentences)
            return 0
        # what to check, and under which id
        quote = _quote(opts, sentences, article, stdin if stdin is not None else sys.stdin)
        claim_id = _claim_id(layout, opts.claim_id, quote)
        # render the scaffold, then write it
        path = _write(layout, article, quote, claim_id)
    except Refused as refusal:
        print(f"factsite new: error: {refusal}", file=sys.stderr)
        return refusal.code
    rel = layout.rel(path)
    print(f"wrote {rel}")
    print(
        "Next steps:\n"
        f"  1. Open {rel} and replace every TODO (the comment above each field explains it).\n"
        f"  2. Check it: factsite validate {rel}\n"
        "  3. Preview it: factsite serve\n"
        "  4. Commit it and open a pull request: see CONTRIBUTING.md."
    )
    return 0


def _article(layout: Layout, wanted: str | None) -> Article:
    ids = sorted(p.stem for p in layout.articles.glob("*.yaml"))
    if wanted is None:
        if not ids:
            raise Refused("there is no article under articles/: add one first", 1)
        if len(ids) > 1:
            raise Refused(f"several articles: pass --article with one of {', '.join(ids)}", 2)
        wanted = ids[0]
    if not re.fullmatch(SLUG, wanted):
        raise Refused(f"{wanted!r} is not an article id (lowercase words and hyphens)", 2)
    articles, problems = load_articles(layout)
    if wanted not in articles:
        mine = [p for p in problems if p.path.startswith(f"articles/{wanted}.")]
        why = mine[0].text() if mine else f"no article {wanted!r} (known: {', '.join(ids)})"
        raise Refused(f"{why}; run `factsite validate`", 1)
    return articles[wanted]


def _quote(opts: Options, sentences: list[str], article: Article, stdin: TextIO) -> str:
    quote, sentence = opts.quote, opts.sentence
    if quote is not None and sentence is not None:
        raise Refused("give either --quote or --sentence, not both", 2)
    if quote is None and sentence is None:
        if not stdin.isatty():
            raise Refused(
                'say what to check: --quote "words of the article" or --sentence N '
                "(numbers as shown by `factsite new --list`); without them, `factsite new` "
                "asks only in a terminal",
                2,
            )
        _print_list(sentences)
        sentence = _choose(sentences, stdin, sys.stdout)
        if sentence is None:
            raise Refused("no sentence chosen; nothing written", 1)
    if sentence is not None:
        if not 1 <= sentence <= len(sentences):
            raise Refused(
                f"there is no sentence {sentence}: the article has {len(sentences)} "
                "(see `factsite new --list`)",
                2,
            )
        quote = sentences[sentence - 1]
    quote = " ".join((quote or "").split())  # line breaks of a pasted quote become spaces
    missing = quotes.check_quote(Document("", "", {"quote": quote}), article.normalised)
    if missing or not quotes.normalise(quote):
        why = missing[0].message.removeprefix("$.quote: ") if missing else "empty"
        raise Refused(
            f"the quote is {why} (articles/{article.id}.txt). Copy the words exactly: only "
            "whitespace, curly quotes and dashes are normalised (see `factsite new --list`)",
            1,
        )
    if len(quote) < 5 or len(quote) > 1500:
        raise Refused("a quote must be 5 to 1500 characters long", 1)
    return quote


def _claim_id(layout: Layout, wanted: str | None, quote: str) -> str:
    if wanted is None:
        return unique_id(layout, propose_id(quote))
    if not re.fullmatch(SLUG, wanted) or len(wanted) > MAX_ID_LENGTH:
        raise Refused(f"--id {wanted!r}: use lowercase words joined by hyphens", 2)
    if reserved(wanted):
        raise Refused(
            f"--id {wanted!r} is the name of a listing page of the site: choose another", 2
        )
    taken = _existing(layout, wanted)
    if taken is not None:
        raise Refused(f"{layout.rel(taken)} already exists; not overwriting it", 1)
    return wanted


def _write(layout: Layout, article: Article, quote: str, claim_id: str) -> Path:
    scale, problems = load_scale(layout)
    if problems:
        raise Refused("verdicts.yaml is invalid: run `factsite validate`", 1)
    topics, _ = load_topics(layout)
    today = rules.today().isoformat()
    published = article.data.get("published")
    claim_date = published if isinstance(published, str) and published <= today else today
    text = render_scaffold(
        claim_id=claim_id,
        article=article.id,
        quote=quote,
        claim_date=claim_date,
        published=today,
        schema=claim_schema(scale),
        topics=sorted(topics),
        conclusion=min(scale.conclusion_ids, default=None),
    )
    path = layout.claims / article.id / f"{claim_id}.yaml"
    created = False
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("x", encoding="utf-8") as fh:  # "x": never overwrite
            created = True
            fh.write(text)
    except FileExistsError:
        raise Refused(f"{layout.rel(path)} already exists; not overwriting it", 1) from None
    except OSError as exc:  # a full disk, a read-only folder: no half-written claim stays
        if created:
            path.unlink(missing_ok=True)
        raise Refused(write_problem(layout.rel(path), exc).text(), 1) from None
    return path


def _existing(layout: Layout, claim_id: str) -> Path | None:
    """A claim file anywhere under claims/ that already uses `claim_id`."""
    hits = [p for ext in ("yaml", "yml") for p in layout.claims.glob(f"*/{claim_id}.{ext}")]
    return min(hits, default=None)


def unique_id(layout: Layout, base: str) -> str:
    """`base`, or `base-2`, `base-3`, ... : the first id that no claim file uses yet."""
    return free_id(base, lambda c: reserved(c) or _existing(layout, c) is not None)


def _print_list(sentences: list[str]) -> None:
    for n, text in enumerate(sentences, 1):
        print(f"{n:>4}  {text}")


def _choose(sentences: list[str], stdin: TextIO, out: TextIO) -> int | None:
    """Ask for a sentence number in a terminal; None when the user gives up."""
    for _ in range(3):
        out.write(f"Number of the sentence to check (1-{len(sentences)}, empty to cancel): ")
        out.flush()
        answer = stdin.readline().strip()
        if not answer or (answer.isdigit() and 1 <= int(answer) <= len(sentences)):
            return int(answer) if answer else None
        out.write(f"  {answer!r} is not a number from 1 to {len(sentences)}\n")
    return None
