"""A claim's share card: the 1200×630 PNG that og:image and twitter:card point at.

`layout_card` places and measures every piece of text with the font, so that a test can see
that nothing leaves the margins; `draw_card` paints a layout; `render_card` does both and
encodes the PNG. No clock, no randomness, no metadata chunks: the same claim gives the same
bytes (with the same Pillow, FreeType and zlib, which `card_key` therefore names).

Text is DejaVu Sans, shipped in fonts/ beside this module: it covers Latin with Azerbaijani
letters, Cyrillic, Hebrew and the verdict icons. Right-to-left text needs Pillow's raqm layout
(HarfBuzz for shaping, the system's FriBiDi for the bidirectional algorithm).
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path
from typing import Any

import PIL
from PIL import Image, ImageDraw, ImageFont, features

from factsite.digest import value_digest
from factsite.load.scale import Scale, Verdict
from factsite.load.site_config import Site
from factsite.render import text_layout as tl
from factsite.render.colour import INK, WHITE, text_on
from factsite.render.common import claim_date_estimated
from factsite.render.escape import isolated
from factsite.render.i18n import Words, english, for_site

WIDTH, HEIGHT = 1200, 630
MARGIN = 72
CONTENT = WIDTH - 2 * MARGIN
CARDS = "cards"
CARD_VERSION = 4  # bump when the design changes, so that every card is redrawn
FONTS = Path(__file__).parent / "fonts"
RAQM = features.check("raqm")

MUTED = "#4a4d55"  # secondary text: 8.5:1 on white, 7.6:1 on the footer band
BRAND = "#3f51b5"  # the site's indigo (mkdocs.yml palette): 6.1:1 on the footer band
BAND = "#f1f2f6"  # footer band
RULE = "#d0d4dc"
BAR = 14  # the verdict-coloured bar along the top edge
CLAIM_SIZES = (62, 56, 50, 46, 42)  # the largest size that fits the claim in two lines wins
META_SIZE = 28
BADGE_SIZES = (48, 44, 40, 36)  # never larger than the claim: the claim is the headline
BADGE_PAD_X, BADGE_H, BADGE_RADIUS = 32, 96, 14
FOOTER_TOP = 530


@cache
def font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
    """The card's font; loaded once per size (a face is ~0.7 MB to parse)."""
    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    engine = ImageFont.Layout.RAQM if RAQM else ImageFont.Layout.BASIC
    return ImageFont.truetype(str(FONTS / name), size, layout_engine=engine)


@dataclass(frozen=True)
class Text:
    """One line of text on the card, with the box its ink covers."""

    text: str
    xy: tuple[int, int]
    anchor: str  # Pillow text anchor: "ls" left end of the baseline, "rs" right end
    size: int
    bold: bool
    fill: str
    direction: str  # "ltr" or "rtl", the paragraph direction given to raqm
    box: tuple[int, int, int, int]  # left, top, right, bottom, in card pixels


@dataclass(frozen=True)
class CardLayout:
    texts: tuple[Text, ...]
    badge: tuple[int, int, int, int] | None  # the verdict badge's rectangle (the site's: none)
    colour: str  # the verdict's colour: the badge and the top bar
    claim_lines: int  # 1 or 2
    shortened: bool  # the claim did not fit in two lines and ends with an ellipsis


def card_path(claim_id: str) -> str:
    """Docs path of a claim's card; the site serves it at the same path."""
    return f"{CARDS}/{claim_id}.png"


def card_url(claim_id: str, site: Site) -> str:
    """Absolute URL of the card: og:image must be absolute."""
    return site.page_url(card_path(claim_id))


def card_alt(
    claim: dict[str, Any], scale: Scale, words: Words | None = None, *, estimated: bool = False
) -> str:
    """The card's alt text (og:image:alt, twitter:image:alt): what the picture says, in full.
    `estimated`: the claim's date is an estimate (common.claim_date_estimated)."""
    words = words or english()
    return words.gettext(
        "Fact-check card. Claim: %(claim)s. Claimed by %(claimant)s on %(date)s. "
        "Verdict: %(verdict)s.",
        claim=" ".join(claim["claim"].split()),
        claimant=claimant(claim),
        date=words.date(claim["claim_date"], estimated=estimated),
        verdict=scale.of(claim).label,
    )


def claimant(claim: dict[str, Any]) -> str:
    """Who made the claim, as the card and the embed name them: 'name, role'."""
    who = claim["claimant"]
    return f"{who['name']}, {who['role']}" if who.get("role") else str(who["name"])


def _text(
    value: str,
    xy: tuple[int, int],
    size: int,
    fill: str,
    *,
    bold: bool,
    anchor: str = "ls",
    dir_: str = "ltr",
) -> Text:
    box = font(size, bold).getbbox(value, anchor=anchor, **tl.args(dir_, RAQM))
    x, y = xy
    ink = (x + box[0], y + box[1], x + box[2], y + box[3])
    return Text(value, xy, anchor, size, bold, fill, dir_, ink)


def _claim_lines(claim: str) -> tuple[int, list[str], bool]:
    """(font size, lines, shortened): two lines at most, shortened only at the smallest size."""
    dir_ = tl.direction(claim)
    for size in CLAIM_SIZES:
        measure = tl.measurer(font(size, True), dir_, RAQM)
        lines = tl.wrap(claim, measure, CONTENT)
        if len(lines) <= 2:
            return size, tl.balance(claim, lines, measure), False
    rest = tl.normalise(claim)[len(lines[0]) :].strip()
    return size, [lines[0], tl.ellipsize(rest, measure, CONTENT)], True


def _badge(
    verdict: Verdict, top: int, most: int, rtl: bool = False
) -> tuple[Text, tuple[int, int, int, int]]:
    """Icon then label, as on the site's badges, in the verdict's colour: from the left, or in
    a right-to-left site from the right."""
    dir_ = "rtl" if rtl else "ltr"
    label = f"{verdict.icon}\u2002{verdict.label}"  # an en space: the icon is a glyph, not a word
    for size in [s for s in BADGE_SIZES if s <= most] or BADGE_SIZES[-1:]:
        measure = tl.measurer(font(size, True), dir_, RAQM)
        if measure(label) <= CONTENT - 2 * BADGE_PAD_X:
            break
    else:
        label = tl.ellipsize(label, measure, CONTENT - 2 * BADGE_PAD_X)
    rect = (MARGIN, top, MARGIN + math.ceil(measure(label)) + 2 * BADGE_PAD_X, top + BADGE_H)
    # Centre the capitals, not the ascender-to-descender box: that is what the eye sees.
    cap = -font(size, True).getbbox("H", anchor="ls")[1]
    baseline = top + (BADGE_H + cap) // 2
    fill = text_on(verdict.colour)
    if rtl:
        rect = (WIDTH - rect[2], rect[1], WIDTH - rect[0], rect[3])
        at = (WIDTH - MARGIN - BADGE_PAD_X, baseline)
        return _text(label, at, size, fill, bold=True, anchor="rs", dir_="rtl"), rect
    return _text(label, (MARGIN + BADGE_PAD_X, baseline), size, fill, bold=True), rect


def _footer(site: Site, rtl: bool = False) -> list[Text]:
    """The site's name on the left, its address on the right, on a band of their own; the
    other way round in a right-to-left site."""
    baseline = FOOTER_TOP + 61
    name_m = tl.measurer(font(30, True), "ltr", RAQM)
    name = tl.ellipsize(site.name, name_m, CONTENT * 0.6)
    host = site.url.split("://", 1)[-1].rstrip("/")
    host_m = tl.measurer(font(26), "ltr", RAQM)
    host = tl.ellipsize(host, host_m, CONTENT - name_m(name) - 48)
    if rtl:
        named = tl.direction(name)
        return [
            _text(name, (WIDTH - MARGIN, baseline), 30, BRAND, bold=True, anchor="rs", dir_=named),
            _text(host, (MARGIN, baseline), 26, MUTED, bold=False),
        ]
    return [
        _text(name, (MARGIN, baseline), 30, BRAND, bold=True),
        _text(host, (WIDTH - MARGIN, baseline), 26, MUTED, bold=False, anchor="rs"),
    ]


def layout_card(
    claim: dict[str, Any], scale: Scale, site: Site, *, estimated: bool = False
) -> CardLayout:
    """Where every piece of the card goes, measured with the font that will draw it.
    `estimated`: the claim's date is an estimate, and the card says so."""
    verdict = scale.of(claim)
    # Who and when first, then the claim, then the verdict: the claim page's reading order.
    words = for_site(site)
    date = words.date(claim["claim_date"], estimated=estimated)
    # Each part isolated (U+2068 ... U+2069): a Hebrew name in an English line, or Latin
    # digits in an Arabic one, keeps its own direction and leaves the line's alone.
    small = tl.measurer(font(META_SIZE), words.direction, RAQM)
    name = f"\u2068{claimant(claim)}\u2069"
    by = words.gettext("Claimed by %(claimant)s", claimant=name)
    who = isolated(tl.ellipsize(by, small, CONTENT - small(f" · {date}")))
    meta_x, meta_anchor = (WIDTH - MARGIN, "rs") if words.rtl else (MARGIN, "ls")
    texts = [
        _text(
            f"{who} · \u2068{date}\u2069",
            (meta_x, 0),
            META_SIZE,
            MUTED,
            bold=False,
            anchor=meta_anchor,
            dir_=words.direction,
        )
    ]

    size, lines, shortened = _claim_lines(claim["claim"])
    dir_ = tl.direction(claim["claim"])
    x, anchor = (WIDTH - MARGIN, "rs") if dir_ == "rtl" else (MARGIN, "ls")
    step = round(size * 1.25)
    baseline = 34 + size
    for line in lines:
        texts.append(_text(line, (x, baseline), size, INK, bold=True, anchor=anchor, dir_=dir_))
        baseline += step
    badge_text, badge = _badge(verdict, baseline - step + 60, size, words.rtl)
    texts.append(badge_text)

    # Centre the block between the top bar and the footer band, so that a one-line claim
    # does not leave a hole under the badge.
    dy = (BAR + FOOTER_TOP) // 2 - (texts[0].box[1] + badge[3]) // 2
    texts = [_shift(t, dy) for t in texts]
    badge = (badge[0], badge[1] + dy, badge[2], badge[3] + dy)
    texts.extend(_footer(site, words.rtl))
    return CardLayout(tuple(texts), badge, verdict.colour, len(lines), shortened)


def _shift(t: Text, dy: int) -> Text:
    left, top, right, bottom = t.box
    return replace(t, xy=(t.xy[0], t.xy[1] + dy), box=(left, top + dy, right, bottom + dy))


# Antialiasing steps between a text's colour and the colour under it. The card is drawn as a
# palette image: its flat colours exact, each glyph edge one of LEVELS blends; a third of the
# bytes of an RGB PNG (14 kB against 43 kB) and faster to encode. The error on an edge pixel is
# at most half a step (16 of 255), which no one sees at a card's size (compared side by side
# with 16 steps at four times the size). Fewer steps repeat more in the image, which deflate
# pays for: 8 steps made the cards of 60 claims 11% smaller than 16 steps (median 14.4 kB
# against 16.3 kB) in the same time. zlib level 9 would take 1.7 kB more off but triple the
# time per card (35 ms drawn and encoded against 11 ms: at 10,000 claims 4 minutes more of
# CPU), and 4 steps (12.6 kB) show ragged edges on the small text up close.
LEVELS = 8


def _rgb(colour: str) -> tuple[int, int, int]:
    h = colour.lstrip("#")
    return int(h[0:2], 16), int(h[2:4], 16), int(h[4:6], 16)


def _background(t: Text, layout: CardLayout) -> str:
    left, top, right, bottom = t.box
    b = layout.badge
    if top >= FOOTER_TOP:
        return BAND
    if b is not None and b[0] <= left and right <= b[2] and b[1] <= top and bottom <= b[3]:
        return layout.colour
    return WHITE


class _Palette:
    """The card's colours: the flat ones, then LEVELS + 1 blends for each text on its ground."""

    def __init__(self, flat: list[str]) -> None:
        self.colours: list[tuple[int, int, int]] = []
        self.index: dict[tuple[int, int, int], int] = {}
        self.ramps: dict[tuple[str, str], int] = {}
        for colour in flat:
            self._add(_rgb(colour))

    def _add(self, rgb: tuple[int, int, int]) -> int:
        if rgb not in self.index:
            self.index[rgb] = len(self.colours)
            self.colours.append(rgb)
        return self.index[rgb]

    def of(self, colour: str) -> int:
        return self.index[_rgb(colour)]

    def ramp(self, ground: str, ink: str) -> list[int]:
        """Palette indices of coverage 0..LEVELS of `ink` over `ground`."""
        a, b = _rgb(ground), _rgb(ink)
        return [
            self._add(tuple(round(a[k] + (b[k] - a[k]) * i / LEVELS) for k in range(3)))  # type: ignore[arg-type]
            for i in range(LEVELS + 1)
        ]

    def flat(self) -> list[int]:
        return [v for rgb in self.colours for v in rgb]


def draw_card(layout: CardLayout) -> Image.Image:
    """The card as a palette ("P") image."""
    pal = _Palette([WHITE, BAND, RULE, layout.colour])
    ramps = [pal.ramp(_background(t, layout), t.fill) for t in layout.texts]
    if len(pal.colours) > 256:  # never with the card's few colours; a guard, not a path
        raise ValueError("a card needs at most 256 colours")
    img = Image.new("P", (WIDTH, HEIGHT), pal.of(WHITE))
    img.putpalette(pal.flat())
    draw = ImageDraw.Draw(img)
    draw.rectangle((0, 0, WIDTH - 1, BAR - 1), fill=pal.of(layout.colour))
    draw.rectangle((0, FOOTER_TOP, WIDTH - 1, HEIGHT - 1), fill=pal.of(BAND))
    draw.line((0, FOOTER_TOP, WIDTH - 1, FOOTER_TOP), fill=pal.of(RULE), width=2)
    if layout.badge is not None:
        draw.rounded_rectangle(layout.badge, radius=BADGE_RADIUS, fill=pal.of(layout.colour))
    for t, ramp in zip(layout.texts, ramps, strict=True):
        # The glyphs' coverage (0-255) drawn alone, then turned into the ramp's indices.
        coverage = Image.new("L", (WIDTH, HEIGHT), 0)
        ImageDraw.Draw(coverage).text(
            t.xy,
            t.text,
            font=font(t.size, t.bold),
            fill=255,
            anchor=t.anchor,
            **tl.args(t.direction, RAQM),
        )
        box = coverage.getbbox()
        if box is None:
            continue
        cov = coverage.crop(box)
        indices = cov.point([ramp[(v * LEVELS + 127) // 255] for v in range(256)])
        indices.putpalette(pal.flat())  # L becomes P with the card's palette: indices as they are
        img.paste(indices, box[:2], cov.point([0] + [255] * 255))
    return img


def render_card(claim: dict[str, Any], article: dict[str, Any], scale: Scale, site: Site) -> bytes:
    """The card as PNG bytes. `article` is not shown: it says whether the date is estimated."""
    buf = io.BytesIO()
    # No info given, so Pillow writes only IHDR, PLTE, IDAT and IEND: no time, no text chunks.
    # zlib level 6 rather than optimize=True: a little larger, several times faster to encode,
    # which counts on a site of thousands of claims.
    estimated = claim_date_estimated(claim, article)
    layout = layout_card(claim, scale, site, estimated=estimated)
    draw_card(layout).save(buf, format="PNG", compress_level=6)
    return buf.getvalue()


# The site's own card, for every page that is not a check (og:image of the home page, the
# listings, about, the 404): its name and description, drawn as a claim's card is. Its name
# cannot be a claim's card: a claim id has no underscore.
SITE_CARD = f"{CARDS}/_site.png"
DESCRIPTION_SIZE, DESCRIPTION_LINES = 34, 3


def layout_site_card(site: Site) -> CardLayout:
    """The site's name as the headline, its description under it, the footer band as on a
    claim's card; the top bar in the site's colour."""
    size, lines, _ = _claim_lines(site.name)
    dir_ = tl.direction(site.name)
    x, anchor = (WIDTH - MARGIN, "rs") if dir_ == "rtl" else (MARGIN, "ls")
    step = round(size * 1.25)
    baseline = size
    texts = []
    for line in lines:
        texts.append(_text(line, (x, baseline), size, INK, bold=True, anchor=anchor, dir_=dir_))
        baseline += step
    described = tl.normalise(site.description)
    if described:
        dir_ = tl.direction(described)
        x, anchor = (WIDTH - MARGIN, "rs") if dir_ == "rtl" else (MARGIN, "ls")
        measure = tl.measurer(font(DESCRIPTION_SIZE), dir_, RAQM)
        wrapped = tl.wrap(described, measure, CONTENT)
        if len(wrapped) > DESCRIPTION_LINES:
            shown = " ".join(wrapped[: DESCRIPTION_LINES - 1])
            rest = described[len(shown) :].strip()
            wrapped = [*wrapped[: DESCRIPTION_LINES - 1], tl.ellipsize(rest, measure, CONTENT)]
        baseline += 24 - step + round(DESCRIPTION_SIZE * 1.4)
        for line in wrapped:
            texts.append(
                _text(
                    line,
                    (x, baseline),
                    DESCRIPTION_SIZE,
                    MUTED,
                    bold=False,
                    anchor=anchor,
                    dir_=dir_,
                )
            )
            baseline += round(DESCRIPTION_SIZE * 1.4)
    dy = (BAR + FOOTER_TOP) // 2 - (texts[0].box[1] + max(t.box[3] for t in texts)) // 2
    texts = [_shift(t, dy) for t in texts]
    texts.extend(_footer(site, for_site(site).rtl))
    return CardLayout(tuple(texts), None, BRAND, len(lines), False)


def render_site_card(site: Site) -> bytes:
    """The site's card as PNG bytes, made as a claim's card is (no clock, no metadata)."""
    buf = io.BytesIO()
    draw_card(layout_site_card(site)).save(buf, format="PNG", compress_level=6)
    return buf.getvalue()


@cache
def _libraries() -> list[str | None]:
    """The versions of the libraries that shape a card's pixels (asked once: Pillow looks
    them up each time, a third of a second over 10,000 cards)."""
    return [features.version(m) for m in ("freetype2", "raqm", "fribidi", "zlib")]


def site_card_key(site: Site) -> str:
    inputs = {
        "card": CARD_VERSION,
        "pillow": PIL.__version__,
        "libs": _libraries(),
        "site": [site.name, site.description, site.url, site.language],
    }
    return value_digest(inputs)


def card_key(claim: dict[str, Any], scale: Scale, site: Site, *, estimated: bool = False) -> str:
    """A digest of everything the card's pixels depend on: equal keys, equal cards.

    The pipeline can keep a card whose key has not changed instead of drawing it again.
    """
    verdict = scale.of(claim)
    inputs = {
        "card": CARD_VERSION,
        "pillow": PIL.__version__,
        "libs": _libraries(),
        "claim": claim["claim"],
        "who": claimant(claim),
        "date": [claim["claim_date"], estimated],
        "verdict": [verdict.icon, verdict.label, verdict.colour],
        "site": [site.name, site.url],
        # the words and the date's form come from the language and the site's own messages
        "language": [site.language, repr(site.messages)],
    }
    return value_digest(inputs)
