"""The options of every command, parsed once by the CLI into one plain object."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from factsite.publish.split import Part

DOCS_DIR = "docs"  # where render writes (mkdocs.yml's docs_dir must agree: site.schema.json)
SITE_DIR = Path("site")  # where build puts the site, unless --site-dir


@dataclass(frozen=True)
class Options:
    root: Path = Path(".")
    jobs: int = 1
    format: str = "text"  # how problems are printed: text, github or json
    quiet: bool = False
    paths: tuple[Path, ...] = ()  # validate, archive: the claim files (default: all); merge: parts
    site_dir: Path | None = None  # build, merge: the output (default: site/, or a part's folder)
    shard: Part | None = None  # build: only this part of a split build (publish/split.py)
    engine: str = "mkdocs"  # build: mkdocs or properdocs (publish/engine.py)
    dev_addr: str = "127.0.0.1:8000"  # serve
    # new: what to scaffold
    article: str | None = None
    quote: str | None = None
    sentence: int | None = None
    list_sentences: bool = False
    claim_id: str | None = None
    # article add: where the article comes from, and metadata the page may lack
    url: str | None = None
    html_file: Path | None = None
    text_file: Path | None = None
    article_id: str | None = None
    title: str | None = None
    outlet: str | None = None
    published: str | None = None
    language: str | None = None
    author: str | None = None
    is_article: bool = False
    # init: the new site's folder and settings
    init_dir: Path | None = None
    site_name: str | None = None
    site_url: str | None = None
    repo_url: str | None = None
    publisher: str | None = None
    contact: str | None = None  # where readers reach the newsroom: an e-mail address or a URL
    logo: Path | None = None  # init: the publication's logo (SVG or PNG), copied into docs/assets/
    scale: str | None = None
    branch: str | None = None  # the branch that is published (default: main)
    git: bool = False  # git init the new site without asking
    # archive: what to ask the Wayback Machine for
    dry_run: bool = False
    limit: int | None = None
