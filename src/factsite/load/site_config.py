"""Site settings, read from mkdocs.yml so that the site has one configuration file.

The renderer needs the site's name and URL (canonical links, ClaimReview, feeds), the
repository (edit and report-an-error links) and the publisher (extra.factsite). MkDocs' own
`!ENV` tag is honoured, so a deploy can set SITE_URL; other Python tags are ignored.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml


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

    def page_url(self, rel: str) -> str:
        """Absolute URL of a page given its directory URL relative to the site root."""
        return self.url + rel

    def edit_url(self, path: str) -> str:
        return f"{self.repo_url}/edit/{self.branch}/{path}"


def load_site(root: Path) -> Site:
    with (root / "mkdocs.yml").open(encoding="utf-8") as fh:
        cfg = yaml.load(fh, Loader=_ConfigLoader) or {}  # noqa: S506 - SafeLoader subclass
    extra = (cfg.get("extra") or {}).get("factsite") or {}
    url = str(cfg.get("site_url") or "http://127.0.0.1:8000/")
    theme = cfg.get("theme") or {}
    return Site(
        name=str(cfg.get("site_name", "factsite")),
        url=url if url.endswith("/") else url + "/",
        repo_url=str(cfg.get("repo_url", "")).rstrip("/"),
        branch=str(extra.get("branch", "main")),
        publisher=str(extra.get("publisher", cfg.get("site_name", "factsite"))),
        publisher_url=str(extra.get("publisher_url", url)),
        language=str(theme.get("language", "en")) if isinstance(theme, dict) else "en",
    )
