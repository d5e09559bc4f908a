"""Write an imported article: articles/<id>.yaml and its text snapshot articles/<id>.txt.

The YAML is checked against the article schema before anything is written, both files are
written atomically (a temporary file linked into place), and an existing file is never
overwritten: a clash is a problem, not a prompt.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
import textwrap
from pathlib import Path
from urllib.parse import urlsplit

import jsonschema_rs
import yaml

from factsite.check.names import reserved
from factsite.check.schemas import SLUG, article_schema
from factsite.load.article_record import Extracted, missing_metadata
from factsite.load.files import ARTICLES_DIR, MAX_ID_LENGTH, MAX_SNAPSHOT_BYTES, free_id
from factsite.problems import Problem
from factsite.render.common import words

# Letters that NFKD does not reduce to ASCII but that ids should keep (Azerbaijani, Nordic...).
_FOLD = str.maketrans(
    {"ə": "e", "Ə": "e", "ı": "i", "ß": "ss", "ø": "o", "Ø": "o", "æ": "ae", "Æ": "ae"}
    | {"đ": "d", "Đ": "d", "ł": "l", "Ł": "l", "’": "'"}
)
_STOP_WORDS = """a an the of to in on at for and or but is are was were be by from with as it its
this that will says said after over into than up has have had"""
_STOP = frozenset(_STOP_WORDS.split())
_OUTLET_STOP = frozenset(("the", "news"))  # "The Example Gazette" -> example-gazette


def _words(text: str) -> list[str]:
    return words(text.translate(_FOLD))


def propose_article_id(extracted: Extracted) -> str:
    """outlet + year-month + headline words, like ynet-2026-01-azerbaijan-gaza."""
    name = extracted.outlet or ""
    latin = re.search(r"[A-Za-z]", name)  # a name in another script: its host name is better
    outlet = [w for w in _words(name) if w not in _OUTLET_STOP][:2] if latin else []
    if not outlet:  # the host name says who it is
        host = re.sub(r"^www\d*\.", "", (urlsplit(extracted.url).hostname or "").lower())
        outlet = _words(host.split(".")[0])[:1] or ["article"]
    month = extracted.published[:7].split("-") if extracted.published else []
    title = [w for w in _words(extracted.title) if w not in _STOP][:4]
    slug = "-".join([*outlet, *month, *title])
    if len(slug) > MAX_ID_LENGTH:
        slug = slug[: MAX_ID_LENGTH + 1].rsplit("-", 1)[0]
    return slug


def valid_article_id(article_id: str) -> bool:
    fits = bool(re.fullmatch(SLUG, article_id)) and len(article_id) <= MAX_ID_LENGTH
    return fits and not reserved(article_id)  # `index` would replace the articles' listing


def _taken(articles: Path, article_id: str) -> Path | None:
    paths = (articles / f"{article_id}.{ext}" for ext in ("yaml", "yml", "txt"))
    return next((p for p in paths if p.exists() or p.is_symlink()), None)


def unique_article_id(articles: Path, base: str) -> str:
    return free_id(base, lambda c: reserved(c) or _taken(articles, c) is not None)


def _same_url(articles: Path, url: str) -> Path | None:
    """An article file that already records `url` (importing twice is a mistake, not an update)."""
    for path in sorted(articles.glob("*.y*ml")):
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, yaml.YAMLError):
            continue  # `factsite validate` reports broken files; here they just don't match
        if isinstance(data, dict) and str(data.get("url", "")).rstrip("/") == url.rstrip("/"):
            return path
    return None


def _comment(text: str) -> str:
    return "".join(f"# {line}\n" for line in textwrap.wrap(text, 94, break_on_hyphens=False))


def render_article_yaml(extracted: Extracted, article_id: str) -> str:
    """The text of articles/<id>.yaml. Pure; each value says where it was found."""
    e = extracted
    head = _comment(
        f"An article under review, imported by `factsite article add` from {e.url}. Its "
        f"text snapshot, which every quote is checked against, is articles/{article_id}.txt "
        "beside this file. Check each value against the page: the comment after it says "
        "where it was found."
    )
    rows = [("title", e.title), ("outlet", e.outlet), ("outlet_url", e.outlet_url)]
    rows += [("url", e.url), ("published", e.published), ("language", e.language)]
    out = [head, f"id: {article_id}\n"]
    for key, value in rows:
        if value is None:
            continue
        where = e.found_in.get(key)
        # JSON strings are YAML double-quoted scalars: no value is read as a date or a bool
        scalar = json.dumps(value, ensure_ascii=False)
        out.append(f"{key}: {scalar}" + (f"  # {where}" if where else "") + "\n")
    if e.authors:
        where = e.found_in.get("authors", "the page")
        out.append(f"authors:  # {where}\n")
        out += [f"  - {json.dumps(name, ensure_ascii=False)}\n" for name in e.authors]
    if e.unconfirmed:
        out.append(
            _comment(
                "The import guessed the values listed under `unconfirmed` (it said why when it "
                "ran). Check each against the page and correct it; then delete the line: "
                "`factsite validate` refuses this article until then."
            )
        )
        out.append(f"unconfirmed: [{', '.join(e.unconfirmed)}]\n")
    return "".join(out)


_VALIDATOR = jsonschema_rs.Draft202012Validator(article_schema(), validate_formats=True)
_CODES = {"url": "bad-url", "outlet_url": "bad-url", "published": "bad-date"}


def check_article_yaml(text: str, rel: str) -> Problem | None:
    """The first way `text` breaks the article schema, located on its line; None if valid."""
    data = yaml.safe_load(text)
    lines = text.splitlines()
    for error in _VALIDATOR.iter_errors(data):
        key = str(error.instance_path[0]) if error.instance_path else ""
        line = next((i for i, s in enumerate(lines, 1) if key and s.startswith(f"{key}:")), 1)
        col = len(key) + 3 if line > 1 else 1
        message = f"$.{key}: {error.message}" if key else error.message
        return Problem(rel, line, col, _CODES.get(key, "invalid-value"), message)
    return None


def _link_new(path: Path, text: str) -> None:
    """Write `path` whole or not at all, and never over an existing file."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)  # mkstemp makes it private; these are files for the repository
        try:
            os.link(tmp, path)  # atomic, and raises FileExistsError instead of replacing
        except FileExistsError:
            raise
        except OSError:  # a file system without hard links: exclusive create still never overwrites
            with path.open("x", encoding="utf-8", newline="\n") as fh:
                fh.write(text)
    finally:
        os.unlink(tmp)


def write_article(root: Path, extracted: Extracted, article_id: str | None) -> list[Path] | Problem:
    """Write articles/<id>.yaml and articles/<id>.txt; the id is proposed when None."""
    problem = missing_metadata(extracted, extracted.url)
    if problem is not None:
        return problem
    articles = root / ARTICLES_DIR
    if articles.is_symlink() and not articles.resolve().is_relative_to(root.resolve()):
        return Problem(ARTICLES_DIR, 1, 1, "file-outside-repo", "articles/ leads outside the site")
    if article_id is None:
        article_id = unique_article_id(articles, propose_article_id(extracted))
    elif not valid_article_id(article_id):
        why = "use lowercase words joined by hyphens, at most 80 characters"
        return Problem(ARTICLES_DIR, 1, 1, "invalid-value", f"id {article_id!r}: {why}")
    rel = f"{ARTICLES_DIR}/{article_id}"
    same = _same_url(articles, extracted.url) if articles.is_dir() else None
    if same is not None:
        return Problem(
            f"{ARTICLES_DIR}/{same.name}",
            1,
            1,
            "article-exists",
            f"this file already records {extracted.url}; not importing it twice (add claims to "
            f"it with `factsite new --article {same.stem}`)",
        )
    taken = _taken(articles, article_id)
    if taken is not None:
        why = "already exists; not overwriting it: choose another id with --id"
        return Problem(f"{ARTICLES_DIR}/{taken.name}", 1, 1, "article-exists", why)
    text = render_article_yaml(extracted, article_id)
    problem = check_article_yaml(text, f"{rel}.yaml")
    if problem is not None:
        return problem
    snapshot = extracted.text + "\n"
    if len(snapshot.encode("utf-8")) > MAX_SNAPSHOT_BYTES:
        limit = f"{MAX_SNAPSHOT_BYTES // 1024 // 1024} MiB"
        return Problem(f"{rel}.txt", 1, 1, "file-too-large", f"the text is larger than {limit}")
    files = [(f"{article_id}.yaml", text), (f"{article_id}.txt", snapshot)]
    return _write_pair(articles, rel, files)


def _write_pair(articles: Path, rel: str, files: list[tuple[str, str]]) -> list[Path] | Problem:
    """Both files or neither: the snapshot first, so no YAML ever lacks its text."""
    written: list[Path] = []
    try:
        articles.mkdir(parents=True, exist_ok=True)
        for name, text in reversed(files):
            _link_new(articles / name, text)
            written.append(articles / name)
    except OSError as exc:
        for path in written:
            path.unlink(missing_ok=True)
        if isinstance(exc, FileExistsError):
            why = "appeared while this was being written; not overwriting it"
            return Problem(f"{rel}.yaml", 1, 1, "article-exists", why)
        return Problem(f"{rel}.yaml", 1, 1, "write-failed", exc.strerror or str(exc))
    return written[::-1]
