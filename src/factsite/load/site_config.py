"""Site settings, read from mkdocs.yml so that the site has one configuration file.

The renderer needs the site's name and URL (canonical links, ClaimReview, feeds), the
repository (edit and report-an-error links) and the publisher (extra.factsite). MkDocs' own
`!ENV` tag is honoured, so a deploy can set SITE_URL. The file is checked as strictly as a claim
file where factsite depends on it: no duplicate keys, no `!!python/` tags (MkDocs would run
them), and the settings factsite reads have the shape of schemas/site.schema.json.
"""

from __future__ import annotations

import io
import os
from dataclasses import dataclass, replace
from typing import Any
from urllib.parse import urlsplit

import yaml

from factsite.load.document import Document
from factsite.load.files import Layout, read_text
from factsite.load.strict_yaml import construct_or_refuse
from factsite.load.yaml_errors import yaml_problem
from factsite.problems import Problem


class _ConfigLoader(yaml.SafeLoader):
    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        return construct_or_refuse(super().construct_object, node, deep)


def _env(loader: yaml.Loader, node: yaml.Node) -> Any:
    if isinstance(node, yaml.ScalarNode):
        names, default = [loader.construct_scalar(node)], None
    else:
        items = loader.construct_sequence(node)  # type: ignore[arg-type]
        names, default = items[:-1], items[-1] if len(items) > 1 else None
    for name in names:
        if os.environ.get(str(name)):
            return os.environ[str(name)]
    return default


def _relative(loader: yaml.Loader, node: yaml.Node) -> Any:
    # MkDocs' `!relative $config_dir` (a path for a Markdown extension): not a setting factsite
    # reads, so its text is enough.
    return loader.construct_scalar(node) if isinstance(node, yaml.ScalarNode) else None


_ConfigLoader.add_constructor("!ENV", _env)
_ConfigLoader.add_constructor("!relative", _relative)


@dataclass(frozen=True)
class Site:
    name: str
    url: str  # always ends with "/"
    repo_url: str
    branch: str
    publisher: str
    publisher_url: str
    language: str
    favicon: str = "assets/images/favicon.png"  # theme.favicon (Material's own by default)
    description: str = ""  # site_description: the site's card and sharing metadata
    url_set: bool = True  # mkdocs.yml gives a site_url (else `url` is a local preview's)
    cards: bool = True  # extra.factsite.cards: a share card per claim (about 15 ms of CPU each)
    standards: tuple[str, ...] = ()  # extra.factsite.standards: check/transparency.py
    # extra.factsite.contact: an e-mail address or an http(s) URL where readers reach the
    # newsroom, shown beside the repository's issue forms (render/contact.py); "" for none
    contact: str = ""
    # The desk's rules (check/policy.py), stated on the about and methodology pages from here:
    # extra.factsite.review (reviewers other than the authors, from a day) and .reply (working
    # days between contacting the claimant and publishing, from a day). None: no such rule.
    review: tuple[int, str] | None = None
    reply: tuple[int, str] | None = None
    # The site's own words (locales/<language>.po) and templates (templates/*.j2), laid over
    # the package's: render/i18n.py. Read by read_overrides(); part of every page's key.
    messages: tuple[tuple[Any, Any], ...] = ()
    templates: tuple[tuple[str, str], ...] = ()

    def page_url(self, rel: str) -> str:
        """Absolute URL of a page given its directory URL relative to the site root."""
        return self.url + rel

    def history_url(self, path: str) -> str:
        """The repository host's history of one file (GitLab's path, or GitHub's, which
        Gitea, Forgejo and Codeberg share)."""
        gitlab = "gitlab" in (urlsplit(self.repo_url).hostname or "")
        return f"{self.repo_url}/{'-/' if gitlab else ''}commits/{self.branch}/{path}"


CONFIG_FILE = "mkdocs.yml"
MAX_CONFIG_BYTES = 256 * 1024


@dataclass(frozen=True)
class SiteConfig:
    """mkdocs.yml, read once: the settings factsite renders with, and the file as loaded (the
    sharded build derives its configurations from it)."""

    site: Site
    raw: dict[str, Any]


def read_config(layout: Layout) -> tuple[Document | None, list[Problem]]:
    """mkdocs.yml read and parsed (a mapping, with positions), or the located problems that
    keep it from being read; check/site_config.py checks its settings."""
    path = layout.root / CONFIG_FILE
    if not path.exists() and not path.is_symlink():
        return None, [Problem(CONFIG_FILE, 1, 1, "file-missing", _MISSING)]
    text, problem = read_text(layout, path, MAX_CONFIG_BYTES)
    if problem is not None or text is None:
        return None, [problem] if problem else []
    cfg, problems = _parse(text)
    if problems:
        return None, problems
    if not isinstance(cfg, dict):
        return None, [Problem(CONFIG_FILE, 1, 1, "wrong-type", _NOT_MAPPING)]
    return Document(CONFIG_FILE, text.removeprefix("\ufeff"), cfg), []


def _parse(text: str) -> tuple[Any, list[Problem]]:
    """The settings, after the node tree was searched for what a plain load would let by."""
    loader = _ConfigLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, [Problem(CONFIG_FILE, 1, 1, "yaml-empty", _EMPTY)]
        problems = _node_problems(node)
        return (None if problems else loader.construct_document(node)), problems
    except (yaml.YAMLError, RecursionError) as exc:
        return None, [yaml_problem(CONFIG_FILE, text, exc)]
    finally:
        loader.dispose()


def _node_problems(root: yaml.Node) -> list[Problem]:
    """Duplicate keys (PyYAML keeps the last one silently) and Python tags (MkDocs' loader
    would run them: `!!python/object/apply:os.system`), located. Each node is seen once, so
    aliases cannot multiply the walk."""
    problems, seen, stack = [], set(), [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        line, col = node.start_mark.line + 1, node.start_mark.column + 1
        if node.tag.startswith(_PYTHON_TAG):
            tag = "!!" + node.tag.removeprefix("tag:yaml.org,2002:")
            problems.append(Problem(CONFIG_FILE, line, col, "yaml-tag", _RUNS_CODE % tag))
        if isinstance(node, yaml.MappingNode):
            first: dict[str, int] = {}
            for key, value in node.value:
                if isinstance(key, yaml.ScalarNode) and key.value in first:
                    at = (key.start_mark.line + 1, key.start_mark.column + 1)
                    why = f"duplicate key {key.value!r} (first defined on line {first[key.value]})"
                    problems.append(Problem(CONFIG_FILE, *at, "yaml-duplicate-key", why))
                elif isinstance(key, yaml.ScalarNode):
                    first[key.value] = key.start_mark.line + 1
                stack += [key, value]
        elif isinstance(node, yaml.SequenceNode):
            stack += node.value
    return sorted(problems)


_PYTHON_TAG = "tag:yaml.org,2002:python/"
_RUNS_CODE = "%s would make MkDocs run Python code when it reads mkdocs.yml: remove it"
_MISSING = (
    "no mkdocs.yml: the site is configured there; restore it from git, or start a site with "
    "`factsite init`"
)
_EMPTY = "mkdocs.yml holds no settings: restore it from git"
_NOT_MAPPING = "mkdocs.yml must be a mapping of settings (site_name: ..., site_url: ...)"


def site_settings(cfg: dict[str, Any]) -> Site:
    extra = cfg.get("extra") if isinstance(cfg.get("extra"), dict) else {}
    mine = extra.get("factsite") if isinstance(extra.get("factsite"), dict) else {}
    url = str(cfg.get("site_url") or "http://127.0.0.1:8000/")
    theme = cfg.get("theme") or {}
    return Site(
        name=str(cfg.get("site_name", "factsite")),
        url=url if url.endswith("/") else url + "/",
        url_set=bool(cfg.get("site_url")),
        description=str(cfg.get("site_description") or ""),
        repo_url=str(cfg.get("repo_url") or "").rstrip("/"),
        branch=str(mine.get("branch", "main")),
        publisher=str(mine.get("publisher", cfg.get("site_name", "factsite"))),
        publisher_url=str(mine.get("publisher_url", url)),
        language=str(theme.get("language", "en")) if isinstance(theme, dict) else "en",
        favicon=str((theme.get("favicon") if isinstance(theme, dict) else None) or _FAVICON),
        cards=mine.get("cards", True) is not False,
        standards=tuple(str(s) for s in mine.get("standards") or () if isinstance(s, str)),
        contact=str(mine.get("contact") or ""),
        review=_rule(mine.get("review"), "reviewers"),
        reply=_rule(mine.get("reply"), "working_days"),
    )


_FAVICON = "assets/images/favicon.png"  # Material's, when mkdocs.yml names none


def _rule(value: Any, count: str) -> tuple[int, str] | None:
    """(count, since) of a rule's setting, or None without one (its schema reports a bad one)."""
    if not isinstance(value, dict):
        return None
    n, since = value.get(count), value.get("since")
    if isinstance(n, bool) or not isinstance(n, int) or not isinstance(since, str):
        return None
    return n, since


LOCALES_DIR = "locales"  # a site's own messages: locales/<language>.po
TEMPLATES_DIR = "templates"  # a site's own templates, named as the package's (render/i18n.py)


def read_overrides(layout: Layout, site: Site) -> tuple[Site, list[Problem]]:
    """`site` with the site's own messages and templates, or the problems that keep them
    from being read (a .po that does not parse is located, never silently skipped)."""
    problems: list[Problem] = []
    messages: list[tuple[Any, Any]] = []
    po = layout.root / LOCALES_DIR / f"{site.language}.po"
    if po.exists():
        raw, problem = read_text(layout, po, MAX_CONFIG_BYTES)
        if problem is not None:
            problems.append(problem)
        elif raw is not None:
            messages, problem = _messages(layout.rel(po), raw, site.language)
            problems += [problem] if problem else []
    templates = []
    folder = layout.root / TEMPLATES_DIR
    for path in sorted(folder.glob("*.j2")) if folder.is_dir() else []:
        raw, problem = read_text(layout, path, MAX_CONFIG_BYTES)
        if problem is not None:
            problems.append(problem)
        elif raw is not None:
            templates.append((path.name, raw))
    return replace(site, messages=tuple(messages), templates=tuple(templates)), problems


def _messages(rel: str, raw: str, language: str) -> tuple[list[tuple[Any, Any]], Problem | None]:
    """The translated messages of a site's .po file (untranslated and fuzzy ones are left to
    the package's catalogue)."""
    from babel.messages.pofile import PoFileError, read_po

    try:
        cat = read_po(io.StringIO(raw), locale=language, abort_invalid=True)
    except (PoFileError, ValueError) as exc:
        line = getattr(exc, "lineno", 1) or 1
        return [], Problem(rel, line, 1, "po-invalid", f"not a gettext catalogue: {exc}")
    out = []
    for m in cat:
        if not m.id or m.fuzzy:
            continue
        strings = m.string if isinstance(m.string, tuple) else (m.string,)
        if all(strings):
            out.append((m.id, m.string))
    return out, None
