"""Share cards: size, bytes, layout inside the margins, scripts and direction, contrast."""

from __future__ import annotations

import copy
import dataclasses
import hashlib
import io
import pickle
import struct
import subprocess
import sys
from typing import Any

import pytest
from PIL import Image, ImageDraw, ImageFont, features

from conftest import REPO
from factsite.render import card, colour
from factsite.render import text_layout as tl
from factsite.render.common import human_date

HEBREW = "אליייב הודיע ביום שני שאזרבייג'ן לא תשלח חיילים לעזה"
AZERBAIJANI = "Əliyev bəyan etdi ki, Azərbaycan Qəzzaya əsgər göndərməyəcək"
CYRILLIC = "Алиев заявил, что Азербайджан не направит войска в Газу"


def _variant(real: Any, **changes: Any) -> dict[str, Any]:
    claim = copy.deepcopy(real.claims[0])
    claim.update(changes)
    return claim


def _render(real: Any, claim: dict[str, Any]) -> bytes:
    return card.render_card(claim, real.articles[claim["article"]], real.scale, real.site)


def _chunks(png: bytes) -> list[str]:
    names, pos = [], 8
    while pos < len(png):
        length, name = struct.unpack(">I4s", png[pos : pos + 8])
        names.append(name.decode("ascii"))
        pos += 12 + length
    return names


def test_every_claim_has_a_small_1200x630_png_without_metadata(real: Any) -> None:
    for claim in real.claims:
        png = _render(real, claim)
        assert png[:8] == b"\x89PNG\r\n\x1a\n", claim["id"]
        # a palette PNG: 14 kB on average where the RGB card was 41 kB (issue 26)
        assert len(png) < 25_000, (claim["id"], len(png))
        with Image.open(io.BytesIO(png)) as img:
            assert img.size == (1200, 630) == (card.WIDTH, card.HEIGHT)
            assert img.mode == "P"
            rgb = img.convert("RGB")
        # the flat colours are exact: the bar and the badge in the verdict's colour, the page
        # white, the footer band
        colour = card._rgb(real.scale.of(claim).colour)
        assert rgb.getpixel((5, 5)) == colour
        assert rgb.getpixel((5, card.BAR + 5)) == card._rgb(card.WHITE)
        assert rgb.getpixel((5, card.HEIGHT - 5)) == card._rgb(card.BAND)
        # no tIME, tEXt, iTXt or pHYs: nothing in the file depends on when or where it was made
        assert set(_chunks(png)) == {"IHDR", "PLTE", "IDAT", "IEND"}, claim["id"]


def test_same_claim_gives_the_same_bytes_in_another_process(real: Any) -> None:
    claim = real.claims[0]
    first = _render(real, claim)
    card.font.cache_clear()
    assert _render(real, claim) == first
    # A fresh interpreter with another hash seed: no state of this process leaks into the bytes.
    script = (
        "import hashlib, pickle, sys\n"
        "from factsite.render.card import render_card\n"
        "claim, article, scale, site = pickle.load(sys.stdin.buffer)\n"
        "print(hashlib.sha256(render_card(claim, article, scale, site)).hexdigest())\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", script],
        input=pickle.dumps((claim, real.articles[claim["article"]], real.scale, real.site)),
        capture_output=True,
        check=True,
        env={"PYTHONPATH": str(REPO / "src"), "PYTHONHASHSEED": "12345"},
    )
    assert out.stdout.decode().strip() == hashlib.sha256(first).hexdigest()


def _inside(layout: card.CardLayout) -> None:
    for t in layout.texts:
        left, top, right, bottom = t.box
        assert left >= card.MARGIN and right <= card.WIDTH - card.MARGIN, t
        assert top >= card.BAR and bottom <= card.HEIGHT, t
    if layout.badge is None:  # the site's card
        return
    left, top, right, bottom = layout.badge
    assert left >= card.MARGIN and right <= card.WIDTH - card.MARGIN
    assert bottom < card.FOOTER_TOP


def test_every_real_claim_stays_inside_the_margins(real: Any) -> None:
    for claim in real.claims:
        layout = card.layout_card(claim, real.scale, real.site)
        assert 1 <= layout.claim_lines <= 2, claim["id"]
        _inside(layout)
        # the block above the footer band clears it, and so does the badge's text its box
        badge_text = next(t for t in layout.texts if t.fill == colour.text_on(layout.colour))
        bl, bt, br, bb = layout.badge
        assert bl < badge_text.box[0] and badge_text.box[2] < br
        assert bt < badge_text.box[1] and badge_text.box[3] < bb


def test_a_claim_too_long_for_two_lines_is_shortened_and_never_overflows(real: Any) -> None:
    words = "Azerbaijan's " * 8
    claimant = {"name": "Wwww " * 30, "type": "Person", "role": "Minister " * 12}
    for text in (words, "W" * 75, "W" * 40 + " " + "Ш" * 34):
        claim = _variant(real, claim=text, claimant=claimant)
        layout = card.layout_card(claim, real.scale, real.site)
        assert layout.shortened and layout.claim_lines == 2, text
        assert layout.texts[2].text.endswith(tl.ELLIPSIS)
        date = human_date(claim["claim_date"])
        # the date survives shortening, isolated (U+2068 ... U+2069) from the name before it
        assert layout.texts[0].text.endswith(f" · \u2068{date}\u2069")
        _inside(layout)
        # and in the pixels: the side margins of the white area are still white
        with Image.open(io.BytesIO(_render(real, claim))) as img:
            for x0, x1 in ((0, card.MARGIN - 1), (card.WIDTH - card.MARGIN + 1, card.WIDTH)):
                strip = img.convert("RGB").crop((x0, card.BAR, x1, card.FOOTER_TOP))
                assert strip.getextrema() == ((255, 255),) * 3, (text, x0)


def test_a_long_label_and_site_name_are_fitted_too(real: Any) -> None:
    verdict = dataclasses.replace(real.scale["true"], label="Accurate but missing " * 2)
    scale = type(real.scale)((verdict,))
    site = dataclasses.replace(real.site, name="The Extremely Long Name Fact-Check Desk " * 2)
    layout = card.layout_card(_variant(real, verdict="true"), scale, site)
    _inside(layout)


def test_a_short_claim_takes_one_large_line(real: Any) -> None:
    layout = card.layout_card(_variant(real, claim="Baku sent troops"), real.scale, real.site)
    assert layout.claim_lines == 1 and not layout.shortened
    assert layout.texts[1].size == max(card.CLAIM_SIZES)


def test_hebrew_is_laid_out_right_to_left_and_right_aligned(real: Any) -> None:
    layout = card.layout_card(_variant(real, claim=HEBREW), real.scale, real.site)
    lines = layout.texts[1 : 1 + layout.claim_lines]  # after the who-and-when line
    assert lines and all(t.direction == "rtl" and t.anchor == "rs" for t in lines)
    for t in lines:
        assert card.WIDTH - card.MARGIN - 8 <= t.box[2] <= card.WIDTH - card.MARGIN
    _inside(layout)
    assert len(_render(real, _variant(real, claim=HEBREW))) < 150_000


def test_raqm_is_available() -> None:
    assert features.check("raqm"), "install libfribidi0: Pillow's raqm layout needs FriBiDi"
    assert card.RAQM


@pytest.mark.parametrize("bold", [False, True])
def test_the_font_has_every_letter_the_site_needs(real: Any, bold: bool) -> None:
    font = card.font(40, bold)
    notdef = bytes(font.getmask("\U0010fffd"))  # a private-use code point: the .notdef box
    icons = "".join(v.icon for v in real.scale.verdicts)
    letters = "ƏəĞğŞşÇçÖöÜüİı" + "אבגדהוזחטיכלמנסעפצקרשתםןףךץ" + "АБВЖЩЯЁабвжщяёЇїҒғ" + icons
    for ch in letters + tl.ELLIPSIS + "·":
        mask = font.getmask(ch)
        assert mask.getbbox() is not None, ch
        assert bytes(mask) != notdef, f"{ch!r} (U+{ord(ch):04X}) is missing from the font"


def _ink_sides(img: Image.Image) -> tuple[int, int]:
    """How many columns carry ink in the left and in the right half of the text."""
    left, _, right, _ = img.getbbox()
    mid = (left + right) // 2
    inked = [x for x in range(left, right) if img.crop((x, 0, x + 1, img.height)).getbbox()]
    return sum(x < mid for x in inked), sum(x >= mid for x in inked)


def _draw(text: str, layout: ImageFont.Layout, **kw: Any) -> Image.Image:
    font = ImageFont.truetype(str(card.FONTS / "DejaVuSans.ttf"), 40, layout_engine=layout)
    img = Image.new("L", (600, 60), 0)
    ImageDraw.Draw(img).text((10, 5), text, font=font, fill=255, **kw)
    return img


def test_raqm_puts_the_first_hebrew_letter_on_the_right() -> None:
    # Shin (wide) first, vav (narrow) last, far apart: read right to left, the wide letter
    # must be at the right end. Pillow's basic layout draws it at the left, backwards.
    text = "ש" + " " * 10 + "ו"
    raqm = _draw(text, ImageFont.Layout.RAQM, direction="rtl")
    basic = _draw(text, ImageFont.Layout.BASIC)
    left, right = _ink_sides(raqm)
    assert right > 2 * left, (left, right)
    left, right = _ink_sides(basic)
    assert left > 2 * right, (left, right)
    # the card's own helpers pick that direction from the text itself
    assert tl.direction(HEBREW) == "rtl" and tl.direction(AZERBAIJANI) == "ltr"
    assert tl.direction("2026: " + HEBREW) == "rtl"  # digits are weak: the first letter decides


@pytest.mark.parametrize("text", [HEBREW, AZERBAIJANI, CYRILLIC])
def test_cards_in_other_scripts_render_inside_the_margins(real: Any, text: str) -> None:
    claim = _variant(real, claim=text)
    _inside(card.layout_card(claim, real.scale, real.site))
    assert len(_render(real, claim)) < 150_000


def test_badge_text_contrast_is_at_least_aa_for_any_colour(real: Any) -> None:
    for v in real.scale.verdicts:
        assert colour.contrast(colour.text_on(v.colour), v.colour) >= colour.AA, v.id
    steps = range(0, 256, 17)
    for r in steps:
        for g in steps:
            for b in steps:
                bg = f"#{r:02x}{g:02x}{b:02x}"
                assert colour.contrast(colour.text_on(bg), bg) >= colour.AA, bg
    assert colour.text_on("#ffd500") == colour.BLACK  # a light verdict colour gets black text
    assert colour.contrast(card.MUTED, card.BAND) >= colour.AA
    assert colour.contrast(card.BRAND, card.BAND) >= colour.AA


def test_alt_text_says_what_the_card_shows(real: Any) -> None:
    claim = real.claims[0]
    alt = card.card_alt(claim, real.scale)
    assert claim["claim"] in alt
    assert claim["claimant"]["name"] in alt
    assert real.scale[claim["verdict"]].label in alt
    assert card.card_path(claim["id"]) == f"cards/{claim['id']}.png"
    assert card.card_url(claim["id"], real.site) == real.site.url + f"cards/{claim['id']}.png"


def test_card_key_changes_with_what_the_card_shows_only(real: Any) -> None:
    claim = real.claims[0]
    key = card.card_key(claim, real.scale, real.site)
    assert card.card_key(_variant(real, ruling="A different ruling."), real.scale, real.site) == key
    assert card.card_key(_variant(real, claim="Another claim"), real.scale, real.site) != key
    assert card.card_key(_variant(real, verdict="false"), real.scale, real.site) != key


def test_wrap_ellipsize_and_balance_keep_every_line_within_the_width() -> None:
    measure = len  # one unit per character: the helpers know nothing of fonts
    text = "one two three four five six seven eight nine ten"
    lines = tl.wrap(text, measure, 12)
    assert all(len(line) <= 12 for line in lines)
    assert " ".join(lines) == text
    assert tl.wrap("abcdefghijklmnopqrstuvwxyz", measure, 10) == [
        "abcdefghij",
        "klmnopqrst",
        "uvwxyz",
    ]
    short = tl.ellipsize(text, measure, 20)
    assert short.endswith(tl.ELLIPSIS) and len(short) <= 20
    assert tl.ellipsize("abcdefghijklmnop", measure, 6) == "abcde" + tl.ELLIPSIS
    assert tl.ellipsize("short", measure, 20) == "short"
    greedy = tl.wrap("aaaa bbbb cccc dd", measure, 14)
    assert greedy == ["aaaa bbbb cccc", "dd"]
    assert tl.balance("aaaa bbbb cccc dd", greedy, measure) == ["aaaa bbbb", "cccc dd"]
    assert tl.wrap("שָׁלוֹם", measure, 2)[0] == "שָׁ"  # a point stays with its letter


def test_the_site_card_shows_its_name_and_description_inside_the_margins(real: Any) -> None:
    import dataclasses

    layout = card.layout_site_card(real.site)
    _inside(layout)
    shown = [t.text for t in layout.texts]
    assert shown[0] == real.site.name and real.site.description in shown
    png = card.render_site_card(real.site)
    assert png == card.render_site_card(real.site) and png.startswith(b"\x89PNG")
    assert set(_chunks(png)) == {"IHDR", "PLTE", "IDAT", "IEND"}
    long = dataclasses.replace(real.site, name=HEBREW * 3, description="Every source. " * 40)
    layout = card.layout_site_card(long)
    _inside(layout)
    described = [t for t in layout.texts if t.size == card.DESCRIPTION_SIZE]
    assert len(described) == card.DESCRIPTION_LINES and described[-1].text.endswith("…")
    assert card.site_card_key(long) != card.site_card_key(real.site)


def test_the_theme_shares_the_site_card_where_render_writes_it() -> None:
    from factsite.render import theme

    assert f"'{card.SITE_CARD}'" in theme.overrides()["main.html"].decode()
