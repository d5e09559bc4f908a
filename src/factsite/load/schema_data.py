"""The JSON Schemas as data (factsite/schemas/*.json), read once from the package."""

from __future__ import annotations

import functools
import json
from importlib.resources import files
from typing import Any


@functools.cache
def schema_data(name: str) -> dict[str, Any]:
    """The schema `name` (claim, article, scale, topics) as stored: share it, never change it."""
    text = files("factsite").joinpath("schemas", f"{name}.schema.json").read_text("utf-8")
    return json.loads(text)
