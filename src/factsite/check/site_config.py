"""mkdocs.yml checked: the settings factsite reads, against their schema (schemas/site)."""

from __future__ import annotations

from factsite.check.schema import SchemaChecker
from factsite.check.schemas import site_schema
from factsite.load.files import Layout
from factsite.load.site_config import SiteConfig, read_config, site_settings
from factsite.problems import Problem


def load_config(layout: Layout) -> tuple[SiteConfig | None, list[Problem]]:
    """mkdocs.yml as a SiteConfig, or the located problems that keep it from being used."""
    doc, problems = read_config(layout)
    if doc is None:
        return None, problems
    problems = SchemaChecker(site_schema(), verdict_field=None).check(doc)
    if problems:
        return None, problems
    return SiteConfig(site_settings(doc.data), doc.data), []
