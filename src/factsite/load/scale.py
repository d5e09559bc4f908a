"""The verdict scale, read from verdicts.yaml: the one place where verdicts are defined.

Its file shape is factsite/schemas/scale.schema.json; check/reference.py loads and checks it.
"""

from __future__ import annotations

import dataclasses
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
    # True: the claim's own `conclusion` is shown in place of the label (a scale without
    # ratings, in the style of Full Fact); ClaimReview names the rating after it.
    conclusion: bool = False


@dataclass(frozen=True)
class Scale:
    verdicts: tuple[Verdict, ...]

    @classmethod
    def from_data(cls, data: list[dict[str, Any]]) -> Scale:
        return cls(
            tuple(
                Verdict(
                    **{k: item.get(k) for k in _FIELDS}, conclusion=bool(item.get("conclusion"))
                )
                for item in data
            )
        )

    @property
    def ids(self) -> list[str]:
        return [v.id for v in self.verdicts]

    def of(self, claim: dict[str, Any]) -> Verdict:
        """The verdict a claim shows: its scale entry, labelled with the claim's own
        conclusion where the scale has no ratings."""
        verdict = self[claim["verdict"]]
        if verdict.conclusion and isinstance(claim.get("conclusion"), str):
            return dataclasses.replace(verdict, label=claim["conclusion"])
        return verdict

    @property
    def conclusion_ids(self) -> set[str]:
        return {v.id for v in self.verdicts if v.conclusion}

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


def _verdict(item: dict[str, Any]) -> Verdict:
    return Verdict(**{k: item.get(k) for k in _FIELDS}, conclusion=bool(item.get("conclusion")))
