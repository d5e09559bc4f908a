"""The JSON Schemas of the files a contributor edits, kept as data in factsite/schemas/.

The claim schema is the contract for claim files. Only its verdict lists come from the scale
(verdicts.yaml): `claim_schema` fills them in, `factsite schema` writes the result to
schema/claim.schema.json for editors (yaml-language-server), and the validator compares the
committed file with what it would write. The article, scale, topics and site-settings schemas
are used as they are.

The schemas keep to the part of draft 2020-12 that draft-07 editors understand too
($defs, no prefixItems or unevaluated*).
"""

from __future__ import annotations

import copy
import json
from typing import Any

from factsite.load.scale import Scale
from factsite.load.schema_data import schema_data

_data = schema_data


def article_schema() -> dict[str, Any]:
    return copy.deepcopy(_data("article"))


def scale_schema() -> dict[str, Any]:
    return copy.deepcopy(_data("scale"))


def topics_schema() -> dict[str, Any]:
    return copy.deepcopy(_data("topics"))


def people_schema() -> dict[str, Any]:
    return copy.deepcopy(_data("people"))


def site_schema() -> dict[str, Any]:
    """The settings of mkdocs.yml that factsite reads (load/site_config.py)."""
    return copy.deepcopy(_data("site"))


def claim_schema(scale: Scale) -> dict[str, Any]:
    """The claim schema with the verdict ids of `scale`."""
    schema = copy.deepcopy(_data("claim"))
    props = schema["properties"]
    verdict = props["verdict"]
    verdict["enum"] = list(scale.ids)
    verdict["description"] = (
        "An id of the scale in verdicts.yaml: "
        + "; ".join(f"{v.id} ({v.label})" for v in scale.verdicts)
        + "."
    )
    verdict["examples"] = list(scale.ids[:1])
    previous = props["updates"]["items"]["properties"]["previous_verdict"]
    previous["enum"] = list(scale.ids)
    if not scale.verdicts:
        # verdicts.yaml is missing or broken, and its own problem says so: a verdict cannot be
        # known, so none is reported unknown in every claim besides.
        del verdict["enum"], previous["enum"]
    return schema


def schema_json(scale: Scale) -> str:
    """The text of schema/claim.schema.json: stable, so the committed file can be compared."""
    return json.dumps(claim_schema(scale), ensure_ascii=False, indent=2) + "\n"


# Patterns the checker recognises to word its messages; each is the schema's own.
_CLAIM = _data("claim")["properties"]
SLUG: str = _CLAIM["id"]["pattern"]
DATE: str = _CLAIM["published"]["pattern"]
PARTIAL_DATE: str = _CLAIM["sources"]["items"]["properties"]["date"]["pattern"]
HTTP_URL: str = _CLAIM["sources"]["items"]["properties"]["url"]["pattern"]
