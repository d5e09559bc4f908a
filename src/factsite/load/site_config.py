"""Site settings, read from mkdocs.yml so that the site has one configuration file.

The renderer needs the site's name and URL (canonical links, ClaimReview, feeds), the
repository (edit and report-an-error links) and the publisher (extra.factsite). MkDocs' own
`!ENV` tag is honoured, so a deploy can set SITE_URL; other Python tags are ignored.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

import yaml

from factsite.load.files import Layout, read_text
from factsite.load.yaml_errors import yaml_problem
from factsite.problems import Problem


class _ConfigLoader(yaml.SafeLoader):
    pass


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


def _ignore(loader: yaml.Loader, suffix: str, node: yaml.Node) -> None:
    return None


_ConfigLoader.add_constructor("!ENV", _env)
_ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/", _ignore)


@dataclass(frozen=True)
class Site:
    name: str
    url: str  # always ends with "/"
    repo_url: str
    branch: str
    publisher: str
    publisher_url: str
    language: str
    cards: bool = True  # extra.factsite.cards: a share card per claim (about 15 ms of CPU each)

    def page_url(self, rel: str) -> str:
        """Absolute URL of a page given its directory URL relative to the site root."""
        return self.url + rel

    def edit_url(self, path: str) -> str:
        return f"{self.repo_url}/edit/{self.branch}/{path}"


CONFIG_FILE = "mkdocs.yml"
MAX_CONFIG_BYTES = 256 * 1024


@dataclass(frozen=True)
class SiteConfig:
    """mkdocs.yml, read once: the settings factsite renders with, and the file as loaded (the
    sharded build derives its configurations from it)."""

    site: Site
    raw: dict[str, Any]


def load_config(layout: Layout) -> tuple[SiteConfig | None, list[Problem]]:
    """mkdocs.yml as a SiteConfig, or the located problems that keep it from being read."""
    path = layout.root / CONFIG_FILE
    if not path.is_file():
        return None, [Problem(CONFIG_FILE, 1, 1, "file-missing", _MISSING)]
    text, problem = read_text(layout, path, MAX_CONFIG_BYTES)
    if problem is not None or text is None:
        return None, [problem] if problem else []
    try:
        cfg = yaml.load(text, Loader=_ConfigLoader)  # noqa: S506 - SafeLoader subclass
    except (yaml.YAMLError, RecursionError) as exc:
        return None, [yaml_problem(CONFIG_FILE, text, exc)]
    if not isinstance(cfg, dict):
        return None, [Problem(CONFIG_FILE, 1, 1, "wrong-type", _NOT_MAPPING)]
    return SiteConfig(_site(cfg), cfg), []


_MISSING = "no mkdocs.yml: a factsite site is configured there (start one with `factsite init`)"
_NOT_MAPPING = "mkdocs.yml must be a mapping of settings (site_name: ..., site_url: ...)"


def _site(cfg: dict[str, Any]) -> Site:
    extra = cfg.get("extra") if isinstance(cfg.get("extra"), dict) else {}
    mine = extra.get("factsite") if isinstance(extra.get("factsite"), dict) else {}
    url = str(cfg.get("site_url") or "http://127.0.0.1:8000/")
    theme = cfg.get("theme") or {}
    return Site(
        name=str(cfg.get("site_name", "factsite")),
        url=url if url.endswith("/") else url + "/",
        repo_url=str(cfg.get("repo_url") or "").rstrip("/"),
        branch=str(mine.get("branch", "main")),
        publisher=str(mine.get("publisher", cfg.get("site_name", "factsite"))),
        publisher_url=str(mine.get("publisher_url", url)),
        language=str(theme.get("language", "en")) if isinstance(theme, dict) else "en",
        cards=mine.get("cards", True) is not False,
    )
