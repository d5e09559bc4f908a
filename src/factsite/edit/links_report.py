"""Write the weekly links report: lychee's dead links, and the sources with no archive copy.

Run by the links workflow (.github/workflows/links.yml) after lychee has checked the URLs of
the claim files:

    python -m factsite.edit.links_report --root . --lychee lychee/out.md --lychee-exit 2 \\
        --out links-report.md

The report becomes the body of one GitHub issue that the workflow opens or updates. For each
source without `archive_url` it proposes a Wayback Machine *search* link: whether a snapshot
exists, and whether it shows what the claim cites, is for a person to check. The claim files are
read with factsite's strict loader (size cap, no aliases or tags), as everywhere else.

Sets `needed=true|false` in $GITHUB_OUTPUT: whether there is anything to report.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from urllib.parse import quote

from factsite.check.rules import url_problem
from factsite.edit.archive_links import pending
from factsite.load.files import Layout, iter_yaml_files, load_document

WAYBACK_SEARCH = "https://web.archive.org/web/*/"
MAX_BODY = 60_000  # GitHub refuses issue bodies over 65,536 characters


def safe_url(url: str) -> str:
    """`url` with the characters that could break out of Markdown link or table syntax encoded."""
    return quote(url, safe=":/?#@!$&'*+,;=%~-._")


def missing_archives(root: Path) -> dict[str, list[str]]:
    """Source URL -> the files citing it without an `archive_url`, for valid http(s) URLs: the
    claims' sources that `factsite archive` would capture, and each article's own page."""
    layout = Layout(root)
    found: dict[str, list[str]] = {}
    sources, _ = pending(layout)  # `factsite validate` reports broken files: nothing to propose
    for item in sources:
        found.setdefault(item.url, []).append(layout.rel(item.path))
    for path in iter_yaml_files(layout.articles):
        doc = load_document(layout, path)
        article = doc.data if doc.ok and isinstance(doc.data, dict) else {}
        url = article.get("url")
        if isinstance(url, str) and url_problem(url) is None and not article.get("archive_url"):
            found.setdefault(url, []).append(doc.path)
    return found


def _demote(markdown: str) -> str:
    """lychee's headings two levels down, under this report's own."""
    return "\n".join("##" + ln if ln.startswith("#") else ln for ln in markdown.splitlines())


def report(lychee_text: str | None, lychee_exit: int | None, missing: dict[str, list[str]]) -> str:
    out = [
        "This issue is written by the weekly **links** workflow (`.github/workflows/links.yml`) "
        "and updated in place every week. Fix the claim files, not this issue; close it when "
        "nothing is left to do.\n\n",
        "## Dead or unreachable links\n\n",
    ]
    if lychee_exit == 0:
        out.append("lychee found no dead link.\n")
    elif lychee_text:
        out.append(
            "A page that answers 404 or 410 has moved or gone: find it again, or cite its "
            "archived copy. Timeouts and 5xx errors are often temporary.\n\n"
            + _demote(lychee_text.strip())
            + "\n"
        )
    else:
        out.append(f"lychee did not report (exit code {lychee_exit}); see the workflow run.\n")
    out.append(f"\n## Sources without an archive copy ({len(missing)})\n\n")
    if not missing:
        out.append("Every source has an `archive_url`.\n")
    else:
        out.append(
            "Each link below *searches* the Wayback Machine for snapshots of the source; it does "
            "not mean that one exists. Open it, pick a snapshot that shows what the claim cites, "
            "and add its address as `archive_url` to the source in the claim file. If there is "
            "none, save the page with the Wayback Machine first. Never add an archive address "
            "you have not opened.\n\n"
            "| source | cited in | look for a snapshot |\n|---|---|---|\n"
        )
        for url in sorted(missing):
            files = ", ".join(f"`{p}`" for p in sorted(set(missing[url])))
            link = safe_url(url)
            out.append(f"| <{link}> | {files} | [Wayback Machine]({WAYBACK_SEARCH}{link}) |\n")
    body = "".join(out)
    if len(body) > MAX_BODY:
        body = body[:MAX_BODY] + "\n\n(The report was cut here: see the workflow run.)\n"
    return body


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--root", type=Path, default=Path("."))
    p.add_argument("--lychee", type=Path, help="lychee's Markdown output")
    p.add_argument("--lychee-exit", default="", help="lychee's exit code (empty: unknown)")
    p.add_argument("--out", type=Path, required=True)
    args = p.parse_args(argv)
    code = int(args.lychee_exit) if args.lychee_exit.strip().isdigit() else None
    text = None
    if args.lychee and args.lychee.is_file():
        text = args.lychee.read_text(encoding="utf-8", errors="replace")
    missing = missing_archives(args.root.resolve())
    args.out.write_text(report(text, code, missing), encoding="utf-8")
    needed = code != 0 or bool(missing)
    github_output = os.environ.get("GITHUB_OUTPUT")
    if github_output:
        with open(github_output, "a", encoding="utf-8") as fh:
            fh.write(f"needed={'true' if needed else 'false'}\n")
    print(f"{args.out}: lychee exit {code}, {len(missing)} source(s) without archive_url")
    return 0


if __name__ == "__main__":
    sys.exit(main())
