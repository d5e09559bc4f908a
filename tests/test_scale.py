"""The verdict scale: readable badges and a consistent rating scheme."""

from __future__ import annotations

from pathlib import Path

from factsite.check.project import load_scale
from factsite.load.files import Layout
from factsite.render.listings import scale_fragment
from factsite.render.styles import verdict_css

REPO = Path(__file__).resolve().parent.parent


def _luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def test_badge_text_contrast_meets_wcag_aa() -> None:
    scale, _ = load_scale(Layout(REPO))
    css = verdict_css(scale)
    for v in scale.verdicts:
        white = (1.0 + 0.05) / (_luminance(v.colour) + 0.05)
        black = (_luminance(v.colour) + 0.05) / 0.05
        text = "#ffffff" if white >= black else "#000000"
        assert f"--fs-verdict-text: {text};" in css.split(f".fs-v-{v.id} ")[1].split("\n")[0]
        assert max(white, black) >= 4.5, f"{v.id}: {max(white, black):.2f}:1"


def test_ratings_are_a_proper_ordinal_scale() -> None:
    scale, problems = load_scale(Layout(REPO))
    assert problems == []
    ratings = [v.rating for v in scale.verdicts if v.rating is not None]
    assert scale.worst == 1  # Google: worstRating at least 1
    assert sorted(ratings, reverse=True) == ratings  # listed best first
    assert len(set(ratings)) == len(ratings)
    assert any(v.rating is None for v in scale.verdicts), "a non-ordinal label exists"


def test_scale_feeds_css_and_methodology() -> None:
    scale, _ = load_scale(Layout(REPO))
    css = verdict_css(scale)
    table = scale_fragment(scale)
    for v in scale.verdicts:
        assert f".fs-v-{v.id} {{ --fs-verdict: {v.colour}; " in css
        assert v.definition.split()[0] in table


def test_broken_scale_is_reported_with_position(tmp_path: Path) -> None:
    (tmp_path / "verdicts.yaml").write_text("- id: ok\n  label: OK\n  rating: high\n")
    _, problems = load_scale(Layout(tmp_path))
    codes = {(p.line, p.code) for p in problems}
    assert (1, "missing-field") in codes and (3, "wrong-type") in codes
