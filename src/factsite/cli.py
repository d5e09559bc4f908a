"""The command line: parse options, call the library, return an exit code.

Exit codes: 0 clean, 1 problems found (or the build failed), 2 usage error.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from factsite import __version__
from factsite.problems import FORMATTERS, Problem, format_summary

GITHUB_ANNOTATION_CAP = 10  # GitHub shows at most 10 error annotations per step


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="factsite", description=__doc__)
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
    v.add_argument("--format", choices=sorted(FORMATTERS), default="text")

    sub.add_parser("schema", help="write schema/claim.schema.json from verdicts.yaml")

    r = sub.add_parser("render", help="validate, then write the generated pages under docs/")
    r.add_argument("--quiet", "-q", action="store_true")

    b = sub.add_parser("build", help="render, then build the site with mkdocs --strict")
    b.add_argument("--site-dir", type=Path, default=None, help="output (default: site/)")

    s = sub.add_parser("serve", help="render and serve with live reload")
    s.add_argument("--dev-addr", default="127.0.0.1:8000")

    n = sub.add_parser("new", help="scaffold a claim file from a sentence of an article")
    n.add_argument("--article", help="article id (default: the only one)")
    n.add_argument("--quote", help="words of the article to check")
    n.add_argument("--sentence", type=int, help="number of a sentence (see --list)")
    n.add_argument("--list", action="store_true", help="list the article's sentences")
    n.add_argument("--id", dest="claim_id", help="claim id (default: proposed from the quote)")
    return p


def _print_problems(problems: list[Problem], fmt: str) -> None:
    if fmt == "github":
        shown = problems[:GITHUB_ANNOTATION_CAP]
        sys.stdout.write(FORMATTERS["github"](shown))
        if len(problems) > len(shown):
            sys.stdout.write(
                f"::notice title=factsite::{len(problems) - len(shown)} more "
                "problem(s): see the job summary\n"
            )
        sys.stdout.write(FORMATTERS["text"](problems))
        summary = os.environ.get("GITHUB_STEP_SUMMARY")
        if summary:
            with open(summary, "a", encoding="utf-8") as fh:
                fh.write(format_summary(problems))
    else:
        sys.stdout.write(FORMATTERS[fmt](problems))


def main(argv: Sequence[str] | None = None) -> int:
    try:
        return _main(argv)
    except BrokenPipeError:
        # The reader went away (`factsite new --list | head`): stop quietly, as Unix tools do.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1


def _main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    root: Path = args.root
    if not root.is_dir():
        print(f"factsite: error: {root} is not a directory", file=sys.stderr)
        return 2
    if args.command == "validate":
        from factsite.check.project import check_project

        paths = [p if p.is_absolute() else root / p for p in args.paths] or None
        project = check_project(root.resolve() if paths is None else root, paths, jobs=args.jobs)
        _print_problems(project.problems, args.format)
        if args.format == "text":
            n = len(project.problems)
            print(f"{len(project.claims)} claim(s) valid, {n} problem(s)", file=sys.stderr)
        return 1 if project.problems else 0
    if args.command == "schema":
        from factsite.check.project import load_scale
        from factsite.check.schemas import schema_json
        from factsite.load.files import Layout

        layout = Layout(root)
        scale, problems = load_scale(layout)
        if problems:
            _print_problems(problems, "text")
            return 1
        layout.schema.parent.mkdir(parents=True, exist_ok=True)
        layout.schema.write_text(schema_json(scale), encoding="utf-8")
        print(f"wrote {layout.rel(layout.schema)}", file=sys.stderr)
        return 0
    if args.command in ("render", "build", "serve"):
        from factsite.publish import mkdocs as build

        if args.command == "render":
            return build.render_command(root, jobs=args.jobs, quiet=args.quiet)
        if args.command == "build":
            return build.build_command(root, site_dir=args.site_dir, jobs=args.jobs)
        return build.serve_command(root, dev_addr=args.dev_addr, jobs=args.jobs)
    if args.command == "new":
        from factsite.commands import new as scaffold

        return scaffold.new_command(
            root,
            article=args.article,
            quote=args.quote,
            sentence=args.sentence,
            list_only=args.list,
            claim_id=args.claim_id,
        )
    return 2  # pragma: no cover - argparse rejects unknown commands


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
