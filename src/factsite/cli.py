"""The command line: parse options, call the library, return an exit code.

Exit codes: 0 clean, 1 problems found (or the build failed), 2 usage error, 130 interrupted.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from factsite import __version__
from factsite.commands.options import Options
from factsite.problems import FORMATTERS
from factsite.publish.engine import ENGINES

DESCRIPTION = """\
Fact-check sites from claim files in git. Start a site with `factsite init DIR`; in a site,
`factsite article add` imports the article to check, `factsite new` starts a claim file,
`factsite validate` checks every file, `factsite serve` previews the site and `factsite build`
writes it into site/. `factsite COMMAND --help` explains a command."""
EPILOG = "Exit status: 0 done, 1 problems found or the build failed, 2 usage error."


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="factsite",
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--version", action="version", version=f"factsite {__version__}")
    p.add_argument(
        "--root", type=Path, default=Path("."), help="project root (default: the current directory)"
    )
    p.add_argument(
        "--jobs",
        type=int,
        default=os.cpu_count() or 1,
        help="processes used to check claims (default: all cores)",
    )
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

    v = sub.add_parser("validate", help="check every article and claim file")
    v.add_argument(
        "paths",
        nargs="*",
        type=Path,
        metavar="PATH",
        help="claim files to report on (default: all)",
    )
    sub.add_parser("schema", help="write schema/claim.schema.json from verdicts.yaml")

    w = _archive_parser(sub)

    r = sub.add_parser("render", help="validate, then write the generated pages under docs/")
    r.add_argument("--quiet", "-q", action="store_true", help="print nothing when all is well")

    b = sub.add_parser("build", help="render, then build the site with mkdocs --strict")
    b.add_argument("--site-dir", type=Path, default=None, help="output (default: site/)")
    b.add_argument(
        "--engine",
        choices=ENGINES,
        default="mkdocs",
        help="the site engine: MkDocs, or its fork ProperDocs if installed (ENGINES.md)",
    )
    b.add_argument(
        "--shard",
        type=_part,
        metavar="I/N",
        help="build only part I of N (a job of a split build) into --site-dir "
        "(default: site-shard-I/); `factsite merge` combines the parts",
    )
    m = sub.add_parser("merge", help="combine the parts of a split build into site/")
    m.add_argument(
        "paths", nargs="+", type=Path, metavar="DIR", help="the folders of every part, 1 to N"
    )
    m.add_argument("--site-dir", type=Path, default=None, help="output (default: site/)")
    m.add_argument("--quiet", "-q", action="store_true", help="print nothing when all is well")
    for command in (v, r, b, w, m):
        command.add_argument(
            "--format",
            choices=sorted(FORMATTERS),
            default="text",
            help="how problems are printed (default: text)",
        )

    c = sub.add_parser(
        "clean", help="remove what factsite wrote: generated pages, overrides/, site/, caches"
    )
    c.add_argument("--quiet", "-q", action="store_true", help="do not list what was removed")

    s = sub.add_parser("serve", help="build, serve with live reload, rebuild on changes")
    s.add_argument(
        "--dev-addr",
        default="127.0.0.1:8000",
        metavar="HOST:PORT",
        help="where the preview listens (default: 127.0.0.1:8000)",
    )

    n = sub.add_parser("new", help="scaffold a claim file from a sentence of an article")
    n.add_argument("--article", help="article id (default: the only one)")
    n.add_argument("--quote", help="words of the article to check")
    n.add_argument("--sentence", type=int, help="number of a sentence (see --list)")
    n.add_argument("--list", action="store_true", help="list the article's sentences")
    n.add_argument("--id", dest="claim_id", help="claim id (default: proposed from the quote)")
    _article_parser(sub)
    _init_parser(sub)
    u = sub.add_parser(
        "upgrade",
        help="bring a newer factsite's template into the files init wrote, keeping your edits",
    )
    u.add_argument("--dry-run", action="store_true", help="show the changes, write nothing")
    return p


def _part(text: str) -> Any:
    """--shard's I/N, checked as it is parsed: a usage error otherwise."""
    from factsite.publish.split import Part

    part = Part.parse(text)
    if part is None:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a part of a split build: I/N with 1 <= I <= N, e.g. 2/3"
        )
    return part


def _init_parser(sub: Any) -> None:
    i = sub.add_parser("init", help="write a new site into DIR (never over existing files)")
    i.add_argument("init_dir", type=Path, metavar="DIR", help="the new site's folder")
    i.add_argument("--name", dest="site_name", help="the site's name")
    i.add_argument("--url", dest="site_url", help="where it will be published")
    i.add_argument("--repo", dest="repo_url", help="its GitHub repository URL")
    i.add_argument("--publisher", help="who publishes it (default: the site's name)")
    i.add_argument("--contact", help="where readers reach you: an e-mail address or an http(s) URL")
    i.add_argument(
        "--logo", type=Path, help="the publication's logo, an SVG or PNG file (copied into docs/)"
    )
    i.add_argument("--scale", choices=("ordinal", "labels", "conclusion"), help="verdict scale")
    i.add_argument(
        "--language", help="the site's language, as the theme names it: en, fr, pt-BR (default: en)"
    )
    i.add_argument("--branch", help="the branch that is published (default: main)")
    i.add_argument(
        "--git", action="store_true", help="make DIR a git repository (asked in a terminal)"
    )


def _archive_parser(sub: Any) -> argparse.ArgumentParser:
    w: argparse.ArgumentParser = sub.add_parser(
        "archive",
        help="ask the Wayback Machine to capture every source without an archive_url",
    )
    w.add_argument("paths", nargs="*", type=Path, metavar="PATH", help="claim files (default: all)")
    w.add_argument("--dry-run", action="store_true", help="list the captures, ask for none")
    w.add_argument("--limit", type=int, metavar="N", help="ask for at most N captures")
    return w


def _article_parser(sub: Any) -> None:
    a = sub.add_parser("article", help="add an article to check (factsite article add --help)")
    verbs = a.add_subparsers(dest="verb", required=True, metavar="VERB")
    add = verbs.add_parser("add", help="import an article from a URL, a saved page or its text")
    add.add_argument("--url", help="the article's address (fetched unless --html or --text)")
    add.add_argument("--html", dest="html_file", type=Path, help="a saved copy of the page")
    add.add_argument("--text", dest="text_file", type=Path, help="the article's text, UTF-8")
    add.add_argument("--id", dest="article_id", help="article id (default: proposed)")
    add.add_argument("--title", help="headline, if the page lacks it or gets it wrong")
    add.add_argument("--outlet", help="who published it")
    add.add_argument("--published", help="publication date, YYYY-MM-DD")
    add.add_argument("--language", help="BCP 47 language tag, e.g. en or az")
    add.add_argument("--author", help="author(s), separated by ';'")
    add.add_argument(
        "--is-article",
        action="store_true",
        help="import a page refused as not an article, its metadata read as usual",
    )


def _options(args: argparse.Namespace) -> Options:
    return Options(
        root=args.root,
        jobs=args.jobs,
        format=getattr(args, "format", "text"),
        quiet=getattr(args, "quiet", False),
        paths=tuple(getattr(args, "paths", ())),
        site_dir=getattr(args, "site_dir", None),
        engine=getattr(args, "engine", "mkdocs"),
        shard=getattr(args, "shard", None),
        dev_addr=getattr(args, "dev_addr", "127.0.0.1:8000"),
        article=getattr(args, "article", None),
        quote=getattr(args, "quote", None),
        sentence=getattr(args, "sentence", None),
        list_sentences=getattr(args, "list", False),
        claim_id=getattr(args, "claim_id", None),
        dry_run=getattr(args, "dry_run", False),
        limit=getattr(args, "limit", None),
        git=getattr(args, "git", False),
        **{k: getattr(args, k, None) for k in _ARTICLE_OPTIONS},
    )


_ARTICLE_OPTIONS = ("url", "html_file", "text_file", "article_id", "title", "outlet")
_ARTICLE_OPTIONS += ("published", "language", "author", "is_article")
_ARTICLE_OPTIONS += ("init_dir", "site_name", "site_url", "repo_url", "publisher", "scale")
_ARTICLE_OPTIONS += ("contact", "logo")
_ARTICLE_OPTIONS += ("branch",)


def _command(name: str) -> Callable[[Options], int]:
    """The function of a command, imported only when it runs (start-up stays quick)."""
    module = importlib.import_module(f"factsite.commands.{name}")
    return getattr(module, name)


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if not args.root.is_dir() and args.command != "init":
        print(f"factsite: error: {args.root} is not a directory", file=sys.stderr)
        return 2
    try:
        return _command(args.command)(_options(args))
    except KeyboardInterrupt:
        # Ctrl-C: what the run was writing is left as a killed run leaves it, which the next
        # run repairs (commands/exclusive.py); a traceback would only hide that.
        print("factsite: interrupted; the next run tidies up after it", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader went away (`factsite new --list | head`): stop quietly, as Unix tools do.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
