"""The theme that makes a factsite site: template overrides and the stylesheet.

They ship inside the package (factsite/theme/) and are written into the site by every render
(the overrides into the git-ignored overrides/ folder that mkdocs.yml's custom_dir names, the
stylesheet and the search dialog's script into docs/assets/), so a site takes a newer theme
with a newer factsite and a plain `mkdocs build` after `factsite render` still builds it
(ENGINES.md).
"""

from __future__ import annotations

import functools
from importlib.resources import files
from importlib.resources.abc import Traversable

from factsite.load.site_config import Site
from factsite.render import i18n

THEME_DIR = "overrides"  # where the site's mkdocs.yml expects them: theme.custom_dir
STYLESHEET = "assets/factsite.css"  # under docs/, listed in mkdocs.yml's extra_css
SCRIPT = "assets/factsite-search.js"  # under docs/, loaded by overrides/main.html


def _package() -> Traversable:
    return files("factsite").joinpath("theme")


@functools.cache
def overrides() -> dict[str, bytes]:
    """{path under overrides/: bytes} of every template override."""
    found: dict[str, bytes] = {}

    def walk(folder: Traversable, prefix: str) -> None:
        for entry in sorted(folder.iterdir(), key=lambda e: e.name):
            if entry.is_dir():
                walk(entry, f"{prefix}{entry.name}/")
            elif entry.name.endswith((".html", ".xml")):  # pages' templates, the sitemap
                found[prefix + entry.name] = entry.read_bytes()

    walk(_package().joinpath("overrides"), "")
    return found


def messages(site: Site) -> dict[str, bytes]:
    """The theme templates' words (the search dialog) in the site's language: factsite's
    catalogue with the site's own messages, compiled where MkDocs looks for a theme's
    translations when mkdocs.yml sets `theme.locale` (jinja2.ext.i18n, domain "messages").
    Written for every language, an empty catalogue for English, so that MkDocs never warns
    (and a strict build never fails) for want of one."""
    path = f"locales/{site.language.replace('-', '_')}/LC_MESSAGES/messages.mo"
    return {path: i18n.compiled(site.language, site.messages)}


@functools.cache
def stylesheet() -> str:
    return _package().joinpath("assets", "factsite.css").read_text("utf-8")


@functools.cache
def script() -> str:
    return _package().joinpath("assets", "factsite-search.js").read_text("utf-8")
