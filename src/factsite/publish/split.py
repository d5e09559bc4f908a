"""A build split across machines: each job of a GitHub Actions matrix builds one part of the
site (`factsite build --shard I/N`), and one more job merges the parts (`factsite merge`).

A part is cut by parts.py's rule, by the path of each output in the built site: the part
builds those outputs of the engine (pages, static files, sitemap.xml with its .gz, and
404.html) and, in its render, draws only those share cards, embeds and oEmbed files (a card
is most of a cold render's time). Every part renders every Markdown page: they are what the
engine loads the site from (the sitemap lists them all), and a claim page costs a third of
its card. So each part needs nothing of the others, and every output is made by exactly one
part, as the one-machine build makes it (tests/test_split.py compares the two byte for
byte).

A part's folder holds `site/` (its outputs) and `part.json`: which part of how many, the
files it made, and a digest of its inputs: the rendered docs/ (each generated file by the key
the render gives it, or its bytes; each hand-written file by its bytes) and the engine's
world (incremental.world: the code, the versions, mkdocs.yml, the theme). The merge refuses
parts of different inputs, a part missing or given twice, or a folder cut short; it links
the parts' files into a new folder, indexes the whole site for search (search.py), and swaps
it into site/ as a build does (swap.py): a failed merge leaves the previous site.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from factsite.digest import SIZE, file_digest, value_digest
from factsite.load.files import MANIFEST, OWNED_DIRS
from factsite.problems import Problem
from factsite.publish import incremental, pages
from factsite.publish import search as search_index
from factsite.publish.build import Built, directory_urls, in_process
from factsite.publish.errors import placed, write_problem
from factsite.publish.parts import part_of
from factsite.publish.swap import build_folder, swap
from factsite.render.pages import Drawn, Page

RECORD = "part.json"  # beside the part's site/, never inside it: no page can take its name
SITE = "site"
FORMAT = 1
_PART = re.compile(r"([1-9][0-9]*)/([1-9][0-9]*)")


@dataclass(frozen=True)
class Part:
    """Part `number` (1 to `count`, as a matrix counts its jobs) of a split build."""

    number: int
    count: int

    @classmethod
    def parse(cls, text: str) -> Part | None:
        """`I/N` with 1 <= I <= N; None for anything else."""
        m = _PART.fullmatch(text.strip())
        if m is None or int(m[1]) > int(m[2]):
            return None
        return cls(int(m[1]), int(m[2]))

    def holds(self, output: str) -> bool:
        """Whether this part makes `output` (a path in the built site)."""
        return part_of(output, self.count) == self.number - 1

    def renders(self, rel: str, page: Page) -> bool:
        """Whether this part's render writes `rel` into docs/: every file the engine reads
        (Markdown pages, and text that costs nothing to make), but only its own drawn
        files that the engine just copies (a static file's path in the site is its docs/
        path)."""
        return not isinstance(page, Drawn) or rel.endswith(incremental.MARKDOWN) or self.holds(rel)

    def __str__(self) -> str:
        return f"{self.number}/{self.count}"


def rendered_names(pages: Mapping[str, Page], prefix: str) -> dict[str, str]:
    """What each generated file is, without drawing it: a Drawn file's key (which names
    everything its bytes depend on), the digest of any other's contents."""
    names = {}
    for rel, page in pages.items():
        if isinstance(page, Drawn):
            names[prefix + rel] = page.key
        else:
            data = page.encode("utf-8") if isinstance(page, str) else page
            names[prefix + rel] = hashlib.blake2b(data, digest_size=SIZE).hexdigest()
    return names


def inputs_digest(
    root: Path, config: dict[str, Any], names: Mapping[str, str], engine: str = "mkdocs"
) -> str:
    """The digest a part's inputs are compared by (the module's docstring): `names` are the
    render's generated files (rendered_names); the hand-written files of docs/ are read;
    parts built by different engines differ (their world does)."""
    docs = root / "docs"
    written = dict(names)
    for rel in incremental.names(docs):
        if f"docs/{rel}" not in written and rel != MANIFEST:
            written[f"docs/{rel}"] = file_digest(docs / rel)
    return value_digest([incremental.world(root, config, engine), written])


def build_part(
    root: Path,
    out_dir: Path,
    *,
    config: dict[str, Any],
    part: Part,
    inputs: str,
    engine: str = "mkdocs",
    jobs: int = 1,
) -> Built:
    """This part of the rendered site into out_dir (site/ and part.json), through the engine's
    public API (pages.py), as a build from nothing makes each output; out_dir is replaced
    only once the part is complete."""
    root = root.resolve()
    out_dir, shown = placed(root, out_dir)
    try:
        tmp = build_folder(out_dir)
    except OSError as exc:
        return Built(False, write_problem(shown, exc))
    world = incremental.world(root, config, engine)
    names = frozenset(incremental.names(root / "docs"))

    def build(site: pages.Site) -> list[str]:
        return pages.build_all(site, tmp / SITE, jobs, linked=OWNED_DIRS, wanted=part.holds)

    ok, problem = in_process(
        root, tmp / SITE, f"{shown}/{SITE}", (engine, world, names), build, None
    )
    if ok:
        try:
            made = sorted(incremental.names(tmp / SITE))
            record = {"format": FORMAT, "part": part.number, "parts": part.count}
            record |= {"inputs": inputs, "files": made}
            text = json.dumps(record, indent=1) + "\n"
            (tmp / RECORD).write_text(text, encoding="utf-8")
            swap(tmp, out_dir)
        except OSError as exc:
            ok, problem = False, write_problem(shown, exc)
    if not ok:
        shutil.rmtree(tmp, ignore_errors=True)
    return Built(ok, problem)


@dataclass
class Merged:
    """Whether the merged site is in place; if not, the problems of the parts, or a file
    that could not be written, or (neither) the search index's failure, said already."""

    ok: bool
    problems: list[Problem] = field(default_factory=list)
    said: str | None = None  # why the search index failed

    def __bool__(self) -> bool:
        return self.ok


@dataclass(frozen=True)
class _Given:
    folder: Path
    shown: str  # the record's path as the problems name it
    text: str
    part: Part
    inputs: str
    files: list[str]


def merge(root: Path, site_dir: Path, folders: Sequence[Path], *, config: dict[str, Any]) -> Merged:
    """The parts in `folders` combined into site_dir, with the whole site's search index;
    nothing changes when the parts do not make one site (their problems) or a step fails."""
    given, problems = _read(folders)
    problems += _agree(given)
    if problems:
        return Merged(False, sorted(set(problems)))
    root = root.resolve()
    site_dir, shown = placed(root, site_dir)
    try:
        tmp = build_folder(site_dir)
    except OSError as exc:
        return Merged(False, [write_problem(shown, exc)])
    said = None
    try:
        problems = _combine(given, tmp)
        if not problems:
            said = search_index.index_site(tmp, directory_urls=directory_urls(config))
        if not problems and said is None:
            swap(tmp, site_dir)
            incremental.forget(root)  # its record is of the site before: the next build starts anew
            return Merged(True)
    except OSError as exc:
        problems = [write_problem(shown, exc)]
    shutil.rmtree(tmp, ignore_errors=True)
    return Merged(False, problems, said)


def _read(folders: Sequence[Path]) -> tuple[list[_Given], list[Problem]]:
    given, problems = [], []
    for folder in folders:
        shown = f"{folder.as_posix().rstrip('/')}/{RECORD}"
        try:
            text = (folder / RECORD).read_text(encoding="utf-8")
            data = json.loads(text)
        except (OSError, UnicodeDecodeError, ValueError) as exc:
            why = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            problems.append(_invalid(shown, f"no part of a split build can be read here ({why})"))
            continue
        part = _part(data)
        if part is None:
            problems.append(_invalid(shown, "this is not a part's record of a split build"))
            continue
        given.append(_Given(folder, shown, text, part, data["inputs"], data["files"]))
    return given, problems


def _part(data: Any) -> Part | None:
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        return None
    number, count = data.get("part"), data.get("parts")
    files, inputs = data.get("files"), data.get("inputs")
    if not (isinstance(number, int) and isinstance(count, int) and 1 <= number <= count):
        return None
    if not isinstance(inputs, str) or not isinstance(files, list):
        return None
    if not all(isinstance(f, str) and _inside(f) for f in files):
        return None
    return Part(number, count)


def _inside(rel: str) -> bool:
    parts = rel.split("/")
    return bool(rel) and not rel.startswith("/") and not {"", ".", ".."} & set(parts)


def _agree(given: list[_Given]) -> list[Problem]:
    """Problems unless `given` are each part of one split of the same inputs, once."""
    if not given:
        return []
    first, problems = given[0], []
    for other in given[1:]:
        if other.part.count != first.part.count:
            why = f"it is part {other.part} and {first.shown} part {first.part}: split alike"
            problems.append(_at(other, "parts", "shard-mismatch", why))
        elif other.inputs != first.inputs:
            why = (
                f"built from other inputs than {first.shown} (the sources, the code or the "
                "settings differ): build every part from the same commit and installation"
            )
            problems.append(_at(other, "inputs", "shard-mismatch", why))
    if problems:
        return problems
    seen: dict[int, _Given] = {}
    for g in given:
        if g.part.number in seen:
            why = f"part {g.part} is given twice, here and in {seen[g.part.number].shown}"
            problems.append(_at(g, "part", "shard-mismatch", why))
        seen.setdefault(g.part.number, g)
    missing = [n for n in range(1, first.part.count + 1) if n not in seen]
    if missing:
        named = ", ".join(f"{n}/{first.part.count}" for n in missing)
        why = f"part {named} of this split build is not among the folders merged: merge them all"
        problems.append(_at(first, "parts", "shard-missing", why))
    return problems


def _combine(given: list[_Given], tmp: Path) -> list[Problem]:
    """Every part's files linked (or copied) into tmp; a file one lists but lacks, a problem."""
    problems = []
    for g in sorted(given, key=lambda g: g.part.number):
        site = g.folder / SITE
        for rel in g.files:
            source, dest = site / rel, tmp / rel
            if not source.is_file() or source.is_symlink():
                why = f"{SITE}/{rel} is missing from this part: its folder was cut short"
                problems.append(_at(g, "files", "shard-invalid", why))
                break
            dest.parent.mkdir(parents=True, exist_ok=True)
            if dest.exists():
                why = f"{SITE}/{rel} is made by another part too: these parts were split apart"
                problems.append(_at(g, "files", "shard-mismatch", why))
                break
            try:
                os.link(source, dest)
            except OSError:  # another file system, or links refused: a copy
                shutil.copyfile(source, dest)
    return problems


def _at(g: _Given, key: str, code: str, why: str) -> Problem:
    """A problem at the line of `key` in the part's record."""
    for number, line in enumerate(g.text.splitlines(), 1):
        col = line.find(f'"{key}"')
        if col >= 0:
            return Problem(g.shown, number, col + 1, code, why)
    return Problem(g.shown, 1, 1, code, why)


def _invalid(shown: str, why: str) -> Problem:
    return Problem(
        shown, 1, 1, "shard-invalid", f"{why}: give the folders `factsite build --shard` wrote"
    )


def unsupported() -> Problem:
    """Why this site cannot be built in parts (incremental.applies says which sites can)."""
    why = (
        "this site cannot be built in parts: its pages are built page by page only with "
        "directory URLs, a nav, `plugins: []` and no hooks, INHERIT, draft_docs or docs_dir "
        "(as `factsite init` writes mkdocs.yml); build it on one machine"
    )
    return Problem("mkdocs.yml", 1, 1, "shard-unsupported", why)
