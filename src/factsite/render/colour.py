"""Colour contrast (WCAG 2.1), shared by the share card and the embed page.

A verdict's colour is a badge background; the text on it is whichever of black and white
reads better, so a scale may pick light colours too and stay legible.
"""

from __future__ import annotations

INK = "#1b1c1f"  # near-black: body text of the card and the embed, on white
WHITE = "#ffffff"
BLACK = "#000000"
AA = 4.5  # WCAG 2.1 AA minimum for normal text


def _channel(c: int) -> float:
    s = c / 255
    return s / 12.92 if s <= 0.04045 else ((s + 0.055) / 1.055) ** 2.4


def luminance(hex_colour: str) -> float:
    """Relative luminance of '#rrggbb' (WCAG 2.1 definition)."""
    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def contrast(a: str, b: str) -> float:
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def text_on(background: str) -> str:
    """The text colour for a background: white unless black reads better.

    One of the two always reaches 4.5:1 against any colour (the worst case is about 4.58:1;
    a softer ink than pure black would drop it to 4.1:1), so the choice alone keeps a badge at
    AA whatever colour verdicts.yaml gives it.
    """
    return WHITE if contrast(WHITE, background) >= contrast(BLACK, background) else BLACK
