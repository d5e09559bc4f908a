"""mkdocs.yml checked: the settings factsite reads, against their schema (schemas/site)."""

from __future__ import annotations

import re
from pathlib import PurePosixPath
from typing import Any

from factsite.check.markup import refused, scheme_of
from factsite.check.schema import SchemaChecker
from factsite.check.schemas import site_schema
from factsite.load.document import Document
from factsite.load.files import Layout
from factsite.load.site_config import SiteConfig, read_config, read_overrides, site_settings
from factsite.problems import Problem


def load_config(layout: Layout) -> tuple[SiteConfig | None, list[Problem]]:
    """mkdocs.yml as a SiteConfig, or the located problems that keep it from being used."""
    doc, problems = read_config(layout)
    if doc is None:
        return None, problems
    problems = SchemaChecker(site_schema(), verdict_field=None).check(doc)
    problems += unsafe_settings(doc)
    problems += locale_problems(doc)
    if problems:
        return None, problems
    site, problems = read_overrides(layout, site_settings(doc.data))
    if problems:
        return None, problems
    return SiteConfig(site, doc.data), []


def locale_problems(doc: Document) -> list[Problem]:
    """A site in another language than English names it twice: theme.language for Material,
    theme.locale for the translations MkDocs gives the theme's templates (the search dialog
    factsite adds: render/theme.messages). Without the second, the dialog speaks English."""
    theme = doc.data.get("theme") if isinstance(doc.data, dict) else None
    if not isinstance(theme, dict) or not isinstance(theme.get("language"), str):
        return []
    language = theme["language"]
    want = language.replace("-", "_")
    if language == "en" or theme.get("locale") == want:
        return []
    if "locale" in theme:
        message = (
            f"$.theme.locale: {theme['locale']!r} is not the site's language {language!r}: "
            f"set it to {want!r}"
        )
        return [doc.problem(("theme", "locale"), "theme-locale", message)]
    message = (
        f"$.theme.language is {language!r} but theme.locale is missing, so the search dialog "
        f"would speak English: add `locale: {want}` under theme"
    )
    return [doc.problem(("theme", "language"), "theme-locale", message)]


def _allowed(cfg: dict[str, Any], setting: str) -> bool:
    extra = cfg.get("extra")
    own = extra.get("factsite") if isinstance(extra, dict) else None
    return isinstance(own, dict) and own.get(setting) is True


def unsafe_settings(doc: Document) -> list[Problem]:
    """Settings that would run code at build time, load from another origin in every reader's
    browser, or put markup on every page: refused unless the site says so by name."""
    cfg = doc.data if isinstance(doc.data, dict) else {}
    problems = []
    if cfg.get("hooks") and not _allowed(cfg, "allow_hooks"):
        message = (
            "$.hooks: hooks run Python from the repository in every build, where a pull "
            "request can change them; remove them, or set extra.factsite.allow_hooks: true"
        )
        problems.append(doc.problem(("hooks",), "unsafe-setting", message, key=True))
    for key in ("extra_javascript", "extra_css"):
        items = cfg.get(key)
        for i, item in enumerate(items if isinstance(items, list) else []):
            where = item.get("path") if isinstance(item, dict) else item
            at: tuple[str | int, ...] = (key, i, "path") if isinstance(item, dict) else (key, i)
            if (
                isinstance(where, str)
                and _remote(where)
                and not _allowed(cfg, "allow_remote_assets")
            ):
                message = (
                    f"$.{key}[{i}]: {where[:80]!r} loads from another origin on every page (the "
                    "site makes no third-party requests); serve a copy from docs/, or set "
                    "extra.factsite.allow_remote_assets: true"
                )
                problems.append(doc.problem(at, "unsafe-setting", message))
    theme = cfg.get("theme")
    theme = theme if isinstance(theme, dict) else {"name": theme}
    remote_ok = _allowed(cfg, "allow_remote_assets")
    if theme.get("name") == "material" and theme.get("font") is not False and not remote_ok:
        message = (
            "$.theme: Material loads its fonts from Google Fonts on every page unless "
            "`font: false`; add it under theme (or set extra.factsite.allow_remote_assets: true)"
        )
        problems.append(doc.problem(("theme",), "unsafe-setting", message, key=True))
    extra = cfg.get("extra")
    if isinstance(extra, dict) and extra.get("analytics") and not remote_ok:
        message = (
            "$.extra.analytics: analytics load a third party's script on every page; remove "
            "it, or set extra.factsite.allow_remote_assets: true"
        )
        problems.append(doc.problem(("extra", "analytics"), "unsafe-setting", message, key=True))
    custom = theme.get("custom_dir")
    if isinstance(custom, str) and (
        PurePosixPath(custom).is_absolute() or ".." in PurePosixPath(custom).parts
    ):
        message = (
            f"$.theme.custom_dir: {custom!r} leads outside the project, whose files MkDocs "
            "would publish; name a folder of the project"
        )
        problems.append(doc.problem(("theme", "custom_dir"), "unsafe-setting", message))
    copyright_ = cfg.get("copyright")
    if isinstance(copyright_, str):
        for _value, why in refused(copyright_):
            message = f"$.copyright: the theme prints it as HTML on every page, and {why}"
            problems.append(doc.problem(("copyright",), "unsafe-setting", message))
    name = cfg.get("site_name")
    if isinstance(name, str) and re.search(r"[<>&]", name):
        message = (
            "$.site_name: the theme prints the site name as HTML on every page; write it "
            "without <, > or &"
        )
        problems.append(doc.problem(("site_name",), "unsafe-setting", message))
    return problems


def _remote(url: str) -> bool:
    """A URL with a scheme (https:, data:, javascript:) or protocol-relative (//host/)."""
    return url.strip().startswith("//") or scheme_of(url) is not None
