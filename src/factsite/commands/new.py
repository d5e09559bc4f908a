"""`factsite new`: scaffold a claim file from a sentence of an article.

The scaffold holds what is known for sure (id, article, verbatim quote, dates) and marks the
rest with TODO placeholders, explained by comments from the claim schema. Every placeholder is a
value the validator refuses, so a scaffold is never published by mistake.
"""

from __future__ import annotations

import json
import re
import sys
import textwrap
import unicodedata
from pathlib import Path
from typing import Any, TextIO

from factsite.check import rules
from factsite.check.project import load_scale, load_topics
from factsite.check.schemas import SLUG, claim_schema
from factsite.load.document import Document
from factsite.load.files import MAX_SNAPSHOT_BYTES, SCHEMA_FILE, Layout, load_document, read_text

MAX_ID_WORDS = 6
MAX_ID_LENGTH = 80
# Words that say little about a claim: skipped when proposing an id.
_STOP_WORDS = """a an the of to in on at for and or but is are was were be been being that this
these those with as by from it its he she they his her their them has have had will would shall
should can could may might said says say also which who whom whose there here then than so such
into onto about after before over under up out very just i am me my we us our you your"""
_STOP = frozenset(_STOP_WORDS.split())
_NOT_PLAIN = frozenset(("true", "false", "null", "yes", "no", "on", "off", "y", "n"))
_ABBREV = re.compile(r"^(?:[A-Z]\.)+$|^(?:Mr|Mrs|Ms|Dr|St|Prof|Gen|Sen|Rep|Gov|Jr|Sr|vs|No)\.$")
_END = re.compile(r"[.!?…]+[\"'”’»)\]]*$")
_ANALYSIS_HINT = (
    " Suggested parts: **What the article says.** **What the evidence shows.** **What it does "
    "not show.** **Our verdict.** Write `analysis: |` and indent the text under it."
)
_SOURCES_HINT = (
    " Primary and independent sources first; never invent a URL. Copy an entry for each "
    "further source."
)
_START = re.compile(r"^[\"'“‘«(\[]?[A-Z0-9À-ÖØ-Þ]")


def split_sentences(text: str) -> list[str]:
    """The text's sentences in order: paragraphs split at sentence-final punctuation.

    Whitespace inside a sentence is collapsed; everything else is kept as written, so each
    sentence is a verbatim quote of the text after `rules.normalise`.
    """
    found: list[str] = []
    for line in text.splitlines():
        words = line.split()
        current: list[str] = []
        for i, word in enumerate(words):
            current.append(word)
            nxt = words[i + 1] if i + 1 < len(words) else ""
            if _END.search(word) and not _ABBREV.match(word) and _START.match(nxt):
                found.append(" ".join(current))
                current = []
        if current:
            found.append(" ".join(current))
    return found


def propose_id(text: str) -> str:
    """A slug of the first significant words of `text` (at most MAX_ID_WORDS)."""
    ascii_text = unicodedata.normalize("NFKD", rules.normalise(text))
    ascii_text = re.sub(r"'s\b|'", "", ascii_text.encode("ascii", "ignore").decode().lower())
    words = [w for w in re.split(r"[^a-z0-9]+", ascii_text) if w and w not in _STOP]
    slug = "-".join(words[:MAX_ID_WORDS])[:MAX_ID_LENGTH].strip("-")
    return slug or "claim"


def _existing(layout: Layout, claim_id: str) -> Path | None:
    """A claim file anywhere under claims/ that already uses `claim_id`."""
    hits = [p for ext in ("yaml", "yml") for p in layout.claims.glob(f"*/{claim_id}.{ext}")]
    return min(hits, default=None)


def unique_id(layout: Layout, base: str) -> str:
    """`base`, or `base-2`, `base-3`, ... : the first id that no claim file uses yet."""
    candidate, n = base, 1
    while _existing(layout, candidate) is not None:
        n += 1
        candidate = f"{base[: MAX_ID_LENGTH - len(str(n)) - 1].rstrip('-')}-{n}"
    return candidate


def _scalar(value: str) -> str:
    """`value` as a YAML scalar: plain when that is unambiguous text, else double-quoted."""
    plain = re.fullmatch(r"[a-z][a-z0-9-]*", value) and value not in _NOT_PLAIN
    return value if plain else json.dumps(value, ensure_ascii=False)


def _comment(text: str, indent: str = "") -> str:
    lines = textwrap.wrap(text, width=96 - len(indent) - 2, break_on_hyphens=False)
    return "".join(f"{indent}# {line}\n" for line in lines)


def _desc(schema: dict[str, Any], *path: str) -> str:
    node = schema
    for key in path:
        node = node["properties"][key] if "properties" in node else node["items"]["properties"][key]
    return str(node.get("description", ""))


def render_scaffold(
    *,
    claim_id: str,
    article: str,
    quote: str,
    claim_date: str,
    published: str,
    schema: dict[str, Any],
    topics: list[str],
) -> str:
    """The text of a new claim file. Pure: the tests call it directly.

    Placeholders are values the schema refuses: TODO where that is already invalid, and an
    empty string marked with a TODO comment for free text, where TODO itself would pass.
    """
    src, opt = ("sources",), " Optional: uncomment it."
    cd, pd = json.dumps(claim_date), json.dumps(published)
    rows: list[tuple[tuple[str, ...], str, str, str]] = [  # (schema path, extra, indent, line)
        (("id",), "", "", f"id: {_scalar(claim_id)}"),
        (("article",), "", "", f"article: {_scalar(article)}"),
        (("claim",), " 10 to 75 characters.", "", "claim: TODO"),
        (("quote",), "", "", f"quote: {json.dumps(quote, ensure_ascii=False)}"),
        (("claimant",), "", "", "claimant:"),
        (("claimant", "name"), "", "  ", 'name: ""  # TODO'),
        (("claimant", "type"), " Person or Organization.", "  ", "type: TODO"),
        (("claimant", "role"), opt, "  ", "# role: TODO"),
        (("claimant", "url"), opt, "  ", "# url: https://www.wikidata.org/wiki/Q..."),
        (("claim_date",), " Preset to the article's date: check it.", "", f"claim_date: {cd}"),
        (("verdict",), " See the methodology page before choosing.", "", "verdict: TODO"),
        (("ruling",), " 20 to 400 characters.", "", "ruling: TODO"),
        (("analysis",), _ANALYSIS_HINT, "", "analysis: TODO"),
        (src, _SOURCES_HINT, "", "sources:"),
        ((*src, "url"), "", "  ", "- url: TODO"),
        ((*src, "title"), "", "    ", 'title: ""  # TODO'),
        ((*src, "publisher"), "", "    ", 'publisher: ""  # TODO'),
        ((*src, "date"), " Delete the line if unknown.", "    ", "date: TODO"),
        ((*src, "archive_url"), opt, "    ", "# archive_url: https://web.archive.org/web/..."),
        ((*src, "stance"), " supports, contradicts or context.", "    ", "stance: TODO"),
        ((*src, "note"), "", "    ", "note: TODO"),
        ((), "", "  ", '- url: TODO\n    title: ""  # TODO\n    publisher: ""  # TODO'),
        ((), "", "    ", "date: TODO\n    stance: TODO\n    note: TODO"),
        (("topics",), " Slugs from topics.yaml: " + ", ".join(topics) + ".", "", "topics: [TODO]"),
        (("published",), " Set it to the day the check goes live.", "", f"published: {pd}"),
    ]
    modeline = rules.expected_modeline(f"claims/{article}/{claim_id}.yaml", SCHEMA_FILE)
    head = _comment(
        f"Scaffolded by `factsite new` on {published}. Replace every TODO with a real value, "
        "guided by the comment above it (from schema/claim.schema.json; delete the comments "
        "if you like), then run `factsite validate`. The placeholders are values the validator "
        "refuses, so this file cannot be published while a TODO is left. CONTRIBUTING.md "
        "explains how to find sources and choose a verdict."
    )
    out = [modeline + "\n", head, "\n"]
    for path, extra, indent, line in rows:
        if path:
            out.append(_comment(_desc(schema, *path) + extra, indent))
        if line:
            out.append(indent + line + "\n")
    return "".join(out)


def _fail(message: str, code: int) -> int:
    print(f"factsite new: error: {message}", file=sys.stderr)
    return code


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


def new_command(
    root: Path,
    *,
    article: str | None = None,
    quote: str | None = None,
    sentence: int | None = None,
    list_only: bool = False,
    claim_id: str | None = None,
    stdin: TextIO | None = None,
) -> int:
    """Write claims/<article>/<id>.yaml; 0 written, 1 refused (nothing written), 2 usage."""
    stdin = stdin if stdin is not None else sys.stdin
    layout = Layout(root)
    if article is None:
        ids = sorted(p.stem for p in layout.articles.glob("*.yaml"))
        if not ids:
            return _fail("there is no article under articles/: add one first", 1)
        if len(ids) > 1:
            return _fail(f"several articles: pass --article with one of {', '.join(ids)}", 2)
        article = ids[0]
    if not re.fullmatch(SLUG, article):
        return _fail(f"{article!r} is not an article id (lowercase words and hyphens)", 2)
    snapshot, problem = read_text(layout, layout.articles / f"{article}.txt", MAX_SNAPSHOT_BYTES)
    if snapshot is None:
        why = problem.message if problem else "cannot be read"
        return _fail(f"articles/{article}.txt: {why} (is {article!r} an article id?)", 1)
    sentences = split_sentences(snapshot)
    if list_only:
        _print_list(sentences)
        return 0
    if quote is not None and sentence is not None:
        return _fail("give either --quote or --sentence, not both", 2)
    if quote is None and sentence is None:
        if not stdin.isatty():
            return _fail(
                'say what to check: --quote "words of the article" or --sentence N '
                "(numbers as shown by `factsite new --list`); without them, `factsite new` "
                "asks only in a terminal",
                2,
            )
        _print_list(sentences)
        sentence = _choose(sentences, stdin, sys.stdout)
        if sentence is None:
            return _fail("no sentence chosen; nothing written", 1)
    if sentence is not None:
        if not 1 <= sentence <= len(sentences):
            return _fail(
                f"there is no sentence {sentence}: the article has {len(sentences)} "
                "(see `factsite new --list`)",
                2,
            )
        quote = sentences[sentence - 1]
    assert quote is not None  # noqa: S101 - set by one of the branches above
    quote = " ".join(quote.split())  # line breaks of a pasted quote become spaces
    missing = rules.check_quote(Document("", "", {"quote": quote}), rules.normalise(snapshot))
    if missing or not rules.normalise(quote):
        why = missing[0].message.removeprefix("$.quote: ") if missing else "empty"
        return _fail(
            f"the quote is {why} (articles/{article}.txt). Copy the words exactly: only "
            "whitespace, curly quotes and dashes are normalised (see `factsite new --list`)",
            1,
        )
    if len(quote) < 5 or len(quote) > 1500:
        return _fail("a quote must be 5 to 1500 characters long", 1)

    if claim_id is not None:
        if not re.fullmatch(SLUG, claim_id) or len(claim_id) > MAX_ID_LENGTH:
            return _fail(f"--id {claim_id!r}: use lowercase words joined by hyphens", 2)
        taken = _existing(layout, claim_id)
        if taken is not None:
            return _fail(f"{layout.rel(taken)} already exists; not overwriting it", 1)
    else:
        claim_id = unique_id(layout, propose_id(quote))

    scale, problems = load_scale(layout)
    if problems:
        return _fail("verdicts.yaml is invalid: run `factsite validate`", 1)
    topics, _ = load_topics(layout)
    today = rules.today().isoformat()
    meta = load_document(layout, layout.articles / f"{article}.yaml").data
    published = meta.get("published") if isinstance(meta, dict) else None
    claim_date = published if isinstance(published, str) and published <= today else today
    text = render_scaffold(
        claim_id=claim_id,
        article=article,
        quote=quote,
        claim_date=claim_date,
        published=today,
        schema=claim_schema(scale),
        topics=sorted(topics),
    )
    path = layout.claims / article / f"{claim_id}.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with path.open("x", encoding="utf-8") as fh:  # "x": never overwrite
            fh.write(text)
    except FileExistsError:
        return _fail(f"{layout.rel(path)} already exists; not overwriting it", 1)
    rel = layout.rel(path)
    print(f"wrote {rel}")
    print(
        "Next steps:\n"
        f"  1. Open {rel} and replace every TODO (the comment above each field explains it).\n"
        f"  2. Check it: factsite validate {rel}\n"
        "  3. Preview it: make serve (or factsite serve)\n"
        "  4. Commit it and open a pull request: see CONTRIBUTING.md."
    )
    return 0
