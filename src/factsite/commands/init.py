"""`factsite init DIR`: write a complete new site that builds at once.

The settings come from the options, or are asked in a terminal, each answer checked as it is
given and asked again until it is right. Without a terminal (a script, CI, a closed stdin) the
missing ones get placeholders, marked TODO where `factsite validate` refuses them until they are
replaced, and init names the options that were not given. Existing files are never
overwritten: they are left as they are and listed. The new site previews at once
(`factsite build`, `factsite serve`) and shows its TODOs.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path
from typing import TextIO
from urllib.parse import urlsplit

import yaml

from factsite.check.schemas import site_schema
from factsite.commands.options import Options
from factsite.load.files import read_regular
from factsite.load.origin import requirement
from factsite.render.site_template import (
    RECORD,
    SCALES,
    Settings,
    record_text,
    scale_preset,
    site_files,
)

PLACEHOLDER_URL = "http://127.0.0.1:8000/"
PLACEHOLDER_REPO = "https://github.com/TODO/TODO"
_URL = re.compile(r"https?://[^\s\"'<>\\]+")
_BAD_TEXT = re.compile(r"[\"\\\n\r\t]|@@")
_GITHUB_REPO = re.compile(r"https://github\.com/[\w.-]+/[\w.-]+")
_BRANCH = re.compile(r"[\w.-]+(?:/[\w.-]+)*")
# the contact's shape, from the schema that validate checks mkdocs.yml against: what init
# accepts, validate accepts
_CONTACT = re.compile(
    site_schema()["properties"]["extra"]["properties"]["factsite"]["properties"]["contact"][
        "pattern"
    ]
)
_SCALE_WHAT = {
    "ordinal": "points on the true-false line",
    "labels": "labels in the style of the platforms' ratings",
    "conclusion": "no scale: each check states its own conclusion, as Full Fact does",
}

Check = Callable[[str], "str | None"]  # an answer -> what is wrong with it, or None


@dataclass(frozen=True)
class _Question:
    flag: str  # the option that answers it without a terminal
    field: str  # the Options attribute of that option
    text: str
    check: Check


def init(opts: Options, stdin: TextIO | None = None) -> int:
    """0 written, 1 nothing to write, 2 usage."""
    target = opts.init_dir or opts.root
    stdin = stdin if stdin is not None else sys.stdin
    terminal = _is_terminal(stdin)
    settings = _settings(opts, target, stdin if terminal else None)
    logo = _logo(opts.logo) if opts.logo is not None else None
    if isinstance(settings, str) or isinstance(logo, str):
        print(
            f"factsite init: error: {settings if isinstance(settings, str) else logo}",
            file=sys.stderr,
        )
        return 2
    make_repo = opts.git or (
        terminal and stdin is not None and _inside_git(target) is False and _yes(stdin)
    )
    site = site_files(settings)
    site[RECORD] = record_text(settings, site)  # the base of a later `factsite upgrade`
    files: dict[str, str | bytes] = dict(site)
    if logo is not None:  # after the record: to `upgrade`, the logo line is the site's own edit
        files["mkdocs.yml"] = _with_logo(site["mkdocs.yml"], LOGO_PATH + logo[1])
        files[f"docs/{LOGO_PATH}{logo[1]}"] = logo[0]
    written, kept = _write(target, files)
    for rel in kept:
        print(f"kept {rel} (it exists; not overwritten)", file=sys.stderr)
    if not written:
        print("factsite init: every file exists already; nothing written", file=sys.stderr)
        return 1
    print(f"wrote {len(written)} files into {target} (scale: {settings.scale})")
    if not settings.requirement_portable:
        print(
            f"factsite init: warning: requirements.txt says `{settings.requirement}`, which "
            "installs only on this machine: edit it before you push (see its comment)",
            file=sys.stderr,
        )
    if make_repo:
        print(_git_init(target, settings.branch))
    print(_next_steps(target, settings, git=make_repo or _inside_git(target) is True))
    return 0


def _is_terminal(stdin: TextIO | None) -> bool:
    """A person at a terminal; a closed stdin (`<&-`: sys.stdin is None) or /dev/null is not."""
    try:
        return stdin is not None and not stdin.closed and stdin.isatty()
    except (ValueError, OSError):
        return False


def _questions() -> list[_Question]:
    return [
        _Question("--name", "site_name", "Site name", _text("site name")),
        _Question("--url", "site_url", "Where it will be published (URL)", _site_url),
        _Question("--repo", "repo_url", "GitHub repository (https://github.com/OWNER/NAME)", _repo),
        _Question("--publisher", "publisher", "Publisher (who is responsible)", _text("publisher")),
        _Question(
            "--contact",
            "contact",
            "Where readers reach you, an e-mail address or a URL (empty: the issue forms only)",
            _contact,
        ),
        _Question("--language", "language", "Language of the site (e.g. en, fr, pt-BR)", _language),
        _Question("--scale", "scale", f"Verdict scale ({'/'.join(SCALES)})", _scale),
    ]


def _settings(opts: Options, target: Path, stdin: TextIO | None) -> Settings | str:
    """The settings, from the options, else asked (stdin: a terminal), else placeholders."""
    name = target.resolve().name.replace("-", " ").replace("_", " ").strip() or "Fact-checks"
    defaults = {
        "site_name": name,
        "site_url": PLACEHOLDER_URL,
        "repo_url": PLACEHOLDER_REPO,
        "publisher": None,  # the site's name
        "contact": "",  # none: the pages give the issue forms only
        "language": "en",
        "scale": SCALES[0],
    }
    answers: dict[str, str] = {}
    missing = []
    for question in _questions():
        given = getattr(opts, question.field)
        if given is not None:
            wrong = question.check(given)
            if wrong:
                return f"{question.flag} {given!r}: {wrong}"
            answers[question.field] = given
            continue
        default = defaults[question.field]
        default = answers["site_name"] if default is None else default
        if stdin is None:
            missing.append(question.flag)
            answers[question.field] = default
            continue
        if question.field == "scale":
            _explain_scales()
        answer = _ask(stdin, question, default)
        if answer is None:
            return "no answer (end of input): nothing written"
        answers[question.field] = answer
    if opts.branch is not None and not _BRANCH.fullmatch(opts.branch):
        return f"--branch {opts.branch!r}: not a branch name"
    if missing:
        print(
            "factsite init: not a terminal, so nothing was asked; not given: "
            f"{', '.join(missing)} (placeholders written, marked TODO where validate refuses "
            "them)",
            file=sys.stderr,
        )
    url = answers["site_url"]
    origin = requirement()
    return Settings(
        name=answers["site_name"],
        url=url if url.endswith("/") else url + "/",
        repo_url=answers["repo_url"].rstrip("/").removesuffix(".git"),
        publisher=answers["publisher"],
        contact=answers["contact"],
        language=answers["language"],
        scale=answers["scale"],
        requirement=origin.line,
        requirement_note=origin.note,
        requirement_portable=origin.portable,
        branch=opts.branch or "main",
    )


def _ask(stdin: TextIO, question: _Question, default: str) -> str | None:
    """The answer, asked again until it passes its check; None at the end of input."""
    while True:
        sys.stdout.write(f"{question.text} [{default}]: " if default else f"{question.text}: ")
        sys.stdout.flush()
        line = stdin.readline()
        if not line:
            sys.stdout.write("\n")
            return None
        answer = line.strip() or default
        wrong = question.check(answer)
        if wrong is None:
            return answer
        print(f"  {wrong}; try again")


def _explain_scales() -> None:
    print("Verdict scales (verdicts.yaml; edit its labels and definitions later):")
    for scale in SCALES:
        labels = [str(v["label"]) for v in yaml.safe_load(scale_preset(scale))]
        print(f"  {scale:<10} {_SCALE_WHAT[scale]}: {', '.join(labels)}")


def _text(what: str) -> Check:
    def check(value: str) -> str | None:
        if not value.strip() or _BAD_TEXT.search(value):
            return f"the {what} may not be empty or hold quotes, backslashes or @@"
        return None

    return check


def _site_url(value: str) -> str | None:
    return None if _URL.fullmatch(value) else "not an http(s) URL"


def _repo(value: str) -> str | None:
    if not _URL.fullmatch(value):
        return "not an http(s) URL"
    host = urlsplit(value).hostname or ""
    if host != "github.com":
        return (
            f"{host} is not GitHub: factsite writes GitHub Actions workflows and GitHub issue "
            "forms, so the repository must be https://github.com/OWNER/NAME"
        )
    if not _GITHUB_REPO.fullmatch(value.rstrip("/")):
        return "give the repository itself: https://github.com/OWNER/NAME"
    return None


def _language(value: str) -> str | None:
    languages = files("material").joinpath("templates", "partials", "languages")
    if (
        re.fullmatch(r"[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*", value)
        and languages.joinpath(f"{value}.html").is_file()
    ):
        return None
    known = sorted(p.name.removesuffix(".html") for p in languages.iterdir())
    return f"the theme has no {value!r}; one of {', '.join(known)}"


def _contact(value: str) -> str | None:
    if not value or _CONTACT.fullmatch(value):
        return None
    return "not an e-mail address (name@example.org) or an http(s) URL"


def _scale(value: str) -> str | None:
    return None if value in SCALES else f"one of {', '.join(SCALES)}"


def _yes(stdin: TextIO) -> bool:
    sys.stdout.write("Make the folder a git repository (git init)? History needs it [Y/n]: ")
    sys.stdout.flush()
    return stdin.readline().strip().lower() in ("", "y", "yes")


def _inside_git(target: Path) -> bool | None:
    """Whether `target` (or the nearest folder that exists above it) is in a git work tree;
    None without git."""
    git = shutil.which("git")
    if git is None:
        return None
    folder = target.resolve()
    while not folder.is_dir():
        folder = folder.parent
    done = subprocess.run(  # noqa: S603 - fixed arguments, no shell
        [git, "-C", str(folder), "rev-parse", "--is-inside-work-tree"],
        capture_output=True,
        text=True,
        check=False,
    )
    return done.returncode == 0 and done.stdout.strip() == "true"


def _git_init(target: Path, branch: str) -> str:
    git = shutil.which("git")
    if git is None:
        return "git is not installed: run `git init` in the site's folder once it is"
    done = subprocess.run(  # noqa: S603 - fixed arguments, no shell
        [git, "init", "--quiet", f"--initial-branch={branch}", str(target)],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        return f"git init failed: {done.stderr.strip()}"
    return f"made {target} a git repository (branch {branch})"


def _next_steps(target: Path, settings: Settings, *, git: bool) -> str:
    origin = "git remote add origin " + settings.repo_url + ".git"
    steps = [
        f"cd {target}",
        "python3 -m venv .venv && .venv/bin/pip install -r requirements.txt",
        "factsite serve   # a preview at http://127.0.0.1:8000/, TODOs shown on the pages",
        "factsite article add --url URL   # or --html FILE --url URL, or --text FILE ...",
        "factsite new --sentence N   # see factsite new --list; then fill its TODOs",
        "factsite validate   # lists every TODO left in docs/*.md and mkdocs.yml",
    ]
    if not git:
        steps.append(f"git init --initial-branch={settings.branch}")
    steps += [
        f'git add -A && git commit -m "Start the site" && {origin}',
        f"git push -u origin {settings.branch}",
        "then on GitHub: Settings, Pages, Source: GitHub Actions",
    ]
    return "Next steps:\n" + "\n".join(f"  {i}. {step}" for i, step in enumerate(steps, 1))


LOGO_PATH = "assets/logo"  # under docs/, with the file's own suffix
MAX_LOGO_BYTES = 1024 * 1024
_ICON_LOGO = re.compile(r"^  icon:\n    logo: [^\n]*\n", re.M)


def _logo(path: Path) -> tuple[bytes, str] | str:
    """(bytes, suffix) of a logo file, or why it cannot be one. Material shows the logo in an
    <img>, where an SVG's scripts never run; PNG and SVG are what every browser shows."""
    suffix = path.suffix.lower()
    if suffix not in (".svg", ".png"):
        return f"--logo {str(path)!r}: an SVG or PNG file, named .svg or .png"
    data = read_regular(path, MAX_LOGO_BYTES + 1)
    if isinstance(data, str):
        return f"--logo {str(path)!r}: {data}"
    if len(data) > MAX_LOGO_BYTES:
        return f"--logo {str(path)!r}: larger than 1 MB; a logo needs a few kilobytes"
    looks = data.startswith(b"\x89PNG\r\n\x1a\n") if suffix == ".png" else b"<svg" in data[:4096]
    if not looks:
        kind = "a PNG" if suffix == ".png" else "an SVG"
        return f"--logo {str(path)!r}: not {kind} image"
    return data, suffix


def _with_logo(config: str, logo: str) -> str:
    """mkdocs.yml with the publication's logo in place of the template's icon."""
    line = f"  logo: {logo}  # the publication's own (factsite init --logo)\n"
    changed, n = _ICON_LOGO.subn(line, config, count=1)
    return changed if n else config.replace("theme:\n", "theme:\n" + line, 1)


def _write(target: Path, site: dict[str, str | bytes]) -> tuple[list[str], list[str]]:
    written, kept = [], []
    for rel, content in site.items():
        path = target / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        data = content.encode("utf-8") if isinstance(content, str) else content
        try:
            with path.open("xb") as fh:  # "x": never overwrite
                fh.write(data)
        except FileExistsError:
            kept.append(rel)
            continue
        written.append(rel)
    for folder in ("claims", "articles"):
        (target / folder).mkdir(exist_ok=True)
    return written, kept
