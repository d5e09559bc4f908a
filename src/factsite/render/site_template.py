"""The files of a new site (`factsite init`), from the templates in factsite/site_template/.

Pure: settings in, {path: text} out. Templates name their settings as @@NAME@@ (GitHub's
workflow syntax uses ${{ }}, so no $-style placeholders); file names beginning `dot-` become
dotfiles (`dot-github/` is `.github/`), which package data does not carry reliably.
"""

from __future__ import annotations

import json
import textwrap
from collections.abc import Iterator
from dataclasses import asdict, dataclass, fields
from importlib.resources import files
from importlib.resources.abc import Traversable
from typing import Any
from urllib.parse import urlsplit

import yaml

from factsite import __version__
from factsite.check.schemas import schema_json
from factsite.load.files import DOCS_DIR, MANIFEST, OWNED_DIRS, OWNED_FILES
from factsite.load.scale import Scale
from factsite.problems import CATALOGUE
from factsite.render import i18n, site_words

SCALES = ("ordinal", "labels", "conclusion")


@dataclass(frozen=True)
class Settings:
    name: str
    url: str  # ends with "/"
    repo_url: str
    publisher: str
    contact: str = ""  # an e-mail address or an http(s) URL; "" for none
    language: str = "en"
    scale: str = "ordinal"
    # requirements.txt's factsite line and where it comes from (load/origin.py)
    requirement: str = f"factsite=={__version__}"
    requirement_note: str = "from a package index"
    requirement_portable: bool = True  # False: it installs only on the machine that ran init
    branch: str = "main"
    # How the workflows install factsite, and the file whose hash keys their caches: a site
    # installs its requirements.txt; factsite's own repository, rendered from the same
    # templates (workflow_files), installs itself from pyproject.toml.
    install: str = "python -m pip install --quiet -r requirements.txt"
    dependencies: str = "requirements.txt"


def site_files(settings: Settings) -> dict[str, str]:
    """{path in the new site: text} of every file `factsite init` writes."""
    values = {
        "SITE_NAME": settings.name,
        "SITE_URL": settings.url,
        "REPO_URL": settings.repo_url,
        "REPO_NAME": repo_name(settings.repo_url),
        "PUBLISHER": settings.publisher,
        "LANGUAGE": settings.language,
        "LOCALE": settings.language.replace("-", "_"),  # MkDocs' theme.locale: pt_BR
        "GENERATED": "\n".join(_generated()),
        "FACTSITE_REQUIREMENT": _requirement(settings),
        "BRANCH": settings.branch,
        "CONTACT": json.dumps(settings.contact, ensure_ascii=False),
        "INSTALL": settings.install,
        "DEPENDENCIES": settings.dependencies,
        "ERROR_CODES": _error_codes(),
    }
    out: dict[str, str] = {}
    say = i18n.words(settings.language).gettext if settings.language != "en" else None
    _walk(files("factsite").joinpath("site_template"), "", values, out, say)
    out["verdicts.yaml"] = scale_preset(settings.scale, settings.language)
    scale = Scale.from_data(yaml.safe_load(out["verdicts.yaml"]))
    out["schema/claim.schema.json"] = schema_json(scale)
    return dict(sorted(out.items()))


WORKFLOWS = ".github/workflows/"
# What `factsite init` wrote, kept in the site for `factsite upgrade`: the settings and the text
# of every file, the base of the three-way merge with a newer template.
RECORD = ".factsite/init.json"
NOT_RECORDED = ("schema/claim.schema.json",)  # `factsite schema` writes it again


def record_text(settings: Settings, site: dict[str, str]) -> str:
    """The record of what init (or upgrade) wrote: `site` is site_files(settings)."""
    files = {k: v for k, v in site.items() if k not in (*NOT_RECORDED, RECORD)}
    data = {"factsite": __version__, "settings": asdict(settings), "files": files}
    return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def settings_of(record: dict[str, Any]) -> Settings:
    """The settings in a record; KeyError or TypeError when it is not one."""
    known = {f.name for f in fields(Settings)}
    return Settings(**{k: v for k, v in record["settings"].items() if k in known})


def workflow_files(settings: Settings) -> dict[str, str]:
    """{path: text} of the GitHub workflows, the part of a site that factsite's own repository
    shares: its .github/workflows/ are these, rendered with its settings
    (scripts/github_workflows.py), so the two cannot drift."""
    return {k: v for k, v in site_files(settings).items() if k.startswith(WORKFLOWS)}


def scale_preset(name: str, language: str = "en") -> str:
    """The preset's verdicts.yaml, its labels and definitions in `language` (factsite's
    catalogue; the English text where it has none). Comments and layout stay as written."""
    if name not in SCALES:
        raise ValueError(f"no scale preset {name!r} (one of: {', '.join(SCALES)})")
    text = files("factsite").joinpath("scales", f"{name}.yaml").read_text("utf-8")
    if language == "en":
        return text
    say = i18n.words(language).gettext
    out: list[str] = []
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        line = lines[i]
        key, _, value = line.partition(":")
        if key == "  label":
            label = yaml.safe_load(value)
            out.append(f"  label: {json.dumps(say(label), ensure_ascii=False)}")
        elif key == "  definition" and value.strip() == ">-":
            body = []
            while i + 1 < len(lines) and lines[i + 1].startswith("    "):
                i += 1
                body.append(lines[i].strip())
            out.append(line)
            out += textwrap.wrap(
                say(" ".join(body)),
                92,
                initial_indent="    ",
                subsequent_indent="    ",
                break_on_hyphens=False,
            )
        else:
            out.append(line)
        i += 1
    return "\n".join(out) + "\n"


def extract_scale(
    fileobj: Any, keywords: Any, comment_tags: Any, options: Any
) -> Iterator[tuple[int, str, str, list[str]]]:
    """pybabel's extractor for the scale presets (babel.cfg, pyproject's entry point
    `babel.extractors`): each verdict's label and definition is a message."""
    for n, verdict in enumerate(yaml.safe_load(fileobj.read().decode("utf-8")), start=1):
        comment = [f"verdict {verdict['id']!r} of a scale preset (verdicts.yaml)"]
        yield n, "gettext", str(verdict["label"]), comment
        yield n, "gettext", " ".join(str(verdict["definition"]).split()), comment


def repo_name(repo_url: str) -> str:
    """owner/name of a repository URL, as Material shows it."""
    return urlsplit(repo_url).path.strip("/").removesuffix(".git") or repo_url


def _walk(
    folder: Traversable,
    prefix: str,
    values: dict[str, str],
    out: dict[str, str],
    say: site_words.Say | None,
) -> None:
    """The template's files, their words in the site's language (`say`; None: English, as
    written), then their @@settings@@ filled in."""
    for entry in folder.iterdir():
        name = (
            "." + entry.name.removeprefix("dot-") if entry.name.startswith("dot-") else entry.name
        )
        if entry.is_dir():
            _walk(entry, f"{prefix}{name}/", values, out, say)
        elif not name.endswith((".pyc", ".py")):
            text = entry.read_text("utf-8")
            if say is not None:
                text = site_words.translated(prefix + name, text, say)
            for key, value in values.items():
                text = text.replace(f"@@{key}@@", value)
            out[prefix + name] = text


def _error_codes() -> str:
    """The table of every problem code, from the catalogue (problems.yaml): the new site's
    CONTRIBUTING lists what this factsite reports."""
    rows = ["| code | what it means | how to fix it |", "|---|---|---|"]
    for code, texts in CATALOGUE.items():
        means, fix = (text.replace("|", "\\|") for text in texts)
        rows.append(f"| `{code}` | {means} | {fix} |")
    return "\n".join(rows)


def _generated() -> list[str]:
    return [
        *(f"{DOCS_DIR}/{d}/" for d in OWNED_DIRS),
        *(f"{DOCS_DIR}/{f}" for f in OWNED_FILES),
        f"{DOCS_DIR}/{MANIFEST}",
    ]


def _requirement(settings: Settings) -> str:
    lines = [
        f"# The factsite this site was made with ({settings.requirement_note}).",
        "# The workflows install it. To upgrade, change this line (a newer version or commit);",
        "# factsite's CHANGELOG.md says what each release changes for a site.",
    ]
    if not settings.requirement_portable:
        lines += [
            "# TODO: this installs only on the machine that ran `factsite init`. Replace it with",
            "# factsite's version on a package index (factsite==X.Y.Z) or a git URL and commit",
            "# (factsite @ git+https://github.com/OWNER/factsite@COMMIT) before you push.",
        ]
    return "\n".join([*lines, settings.requirement])
