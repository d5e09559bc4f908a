"""The verdict scale, read from verdicts.yaml: the one place where verdicts are defined."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Verdict:
    id: str
    label: str
    rating: int | None  # None: not a point on the true-false line (no ClaimReview number)
    colour: str
    icon: str
    definition: str

    @property
    def ordinal(self) -> bool:
        return self.rating is not None


@dataclass(frozen=True)
class Scale:
    verdicts: tuple[Verdict, ...]

    @classmethod
    def from_data(cls, data: list[dict[str, Any]]) -> Scale:
        return cls(tuple(Verdict(**{k: item.get(k) for k in _FIELDS}) for item in data))

    @property
    def ids(self) -> list[str]:
        return [v.id for v in self.verdicts]

    def __getitem__(self, verdict_id: str) -> Verdict:
        for v in self.verdicts:
            if v.id == verdict_id:
                return v
        raise KeyError(verdict_id)

    @property
    def best(self) -> int:
        return max(v.rating for v in self.verdicts if v.rating is not None)

    @property
    def worst(self) -> int:
        return min(v.rating for v in self.verdicts if v.rating is not None)


_FIELDS = ("id", "label", "rating", "colour", "icon", "definition")

SCALE_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "factsite verdict scale",
    "description": "The list of verdicts a claim can receive, best first.",
    "type": "array",
    "minItems": 2,
    "items": {
        "type": "object",
        "additionalProperties": False,
        "required": list(_FIELDS),
        "properties": {
            "id": {
                "type": "string",
                "pattern": "^[a-z0-9]+(?:-[a-z0-9]+)*$",
                "description": "Stable id used in claim files.",
                "examples": ["mostly-true"],
            },
            "label": {
                "type": "string",
                "minLength": 1,
                "maxLength": 40,
                "description": "What readers see.",
                "examples": ["Mostly true"],
            },
            "rating": {
                "type": ["integer", "null"],
                "minimum": 1,
                "description": "1 = worst; null for a non-ordinal verdict.",
                "examples": [4, None],
            },
            "colour": {
                "type": "string",
                "pattern": "^#[0-9a-fA-F]{6}$",
                "description": "Badge background under white text.",
                "examples": ["#1a7f37"],
            },
            "icon": {
                "type": "string",
                "minLength": 1,
                "maxLength": 2,
                "description": "A glyph shown beside the label.",
                "examples": ["✔"],
            },
            "definition": {
                "type": "string",
                "minLength": 20,
                "description": "What the verdict means.",
                "examples": ["The claim is accurate as worded."],
            },
        },
    },
}
