"""The theme (src/factsite/theme/): both colour schemes keep every text, link and badge at 4.5:1
contrast or more, computed from the stylesheet's own declarations; the palette toggle; print.

The browser tests scan the built pages with axe in both schemes and print a claim page; these
tests read the CSS itself, so that a colour changed in the stylesheet or in verdicts.yaml fails
at once, with the pair that broke.
"""

from __future__ import annotations

import html.parser
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import REPO
from factsite.check.project import load_scale
from factsite.load.files import Layout
from factsite.load.scale import Scale, Verdict
from factsite.render import styles, theme
from factsite.render.colour import AA, contrast

LIGHT = ':root, [data-md-color-scheme="default"]'
SLATE = '[data-md-color-scheme="slate"][data-md-color-primary]'
NON_TEXT = 3.0  # WCAG 2.1 1.4.11: a focus outline against the page
TEMPLATE = REPO / "src" / "factsite" / "site_template" / "mkdocs.yml"


def rules(css: str) -> list[tuple[str, str, dict[str, str]]]:
    """(media query or "", selector, {property: value}) of every rule, one @media level deep."""
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    found: list[tuple[str, str, dict[str, str]]] = []

    def block(text: str, media: str) -> None:
        i = 0
        while (open_ := text.find("{", i)) != -1:
            head = " ".join(text[i:open_].split())
            depth, j = 1, open_ + 1
            while depth:
                depth += {"{": 1, "}": -1}.get(text[j], 0)
                j += 1
            body = text[open_ + 1 : j - 1]
            if head.startswith("@media"):
                block(body, head.removeprefix("@media").strip())
            else:
                decls = dict(
                    (k.strip(), v.strip())
                    for k, _, v in (d.partition(":") for d in body.split(";"))
                    if v.strip()
                )
                found.append((media, head, decls))
            i = j

    block(css, "")
    return found


def _rule(css: str, media: str, selector: str) -> dict[str, str]:
    (decls,) = [d for m, s, d in rules(css) if (m, s) == (media, selector)]
    return decls


def _rgb(colour: str) -> tuple[float, float, float, float]:
    h = colour.lstrip("#")
    assert re.fullmatch(r"[0-9a-fA-F]{6}([0-9a-fA-F]{2})?", h), colour
    alpha = int(h[6:8], 16) / 255 if len(h) == 8 else 1.0
    return int(h[0:2], 16), int(h[2:4], 16), int(h[4:6], 16), alpha


def over(colour: str, background: str) -> str:
    """`colour` (#rrggbb or #rrggbbaa) as it shows on the opaque `background`."""
    r, g, b, a = _rgb(colour)
    br, bg, bb, _ = _rgb(background)
    mixed = (round(a * c + (1 - a) * d) for c, d in ((r, br), (g, bg), (b, bb)))
    return "#" + "".join(f"{c:02x}" for c in mixed)


def mix(colour: str, base: str, share: float) -> str:
    """CSS color-mix(in srgb, colour share, base)."""
    r, g, b, _ = _rgb(colour)
    br, bg, bb, _ = _rgb(base)
    mixed = (round(share * c + (1 - share) * d) for c, d in ((r, br), (g, bg), (b, bb)))
    return "#" + "".join(f"{c:02x}" for c in mixed)


def schemes() -> dict[str, dict[str, str]]:
    """The custom properties of each scheme as the page sees them: slate inherits what it
    does not set from the light block, and so does print."""
    css = theme.stylesheet()
    light = _rule(css, "", LIGHT)
    return {
        "light": light,
        "slate": light | _rule(css, "screen", SLATE),
        "slate printed": light | _rule(css, "print", SLATE),
    }


def verdict_colours() -> dict[str, str]:
    scale, problems = load_scale(Layout(REPO))
    assert not problems
    css = styles.verdict_css(scale)
    found = dict(re.findall(r"\.fs-v-([\w-]+) \{ --fs-verdict: (#[0-9a-fA-F]{6});", css))
    assert list(found) == scale.ids
    return found


def verdict_text(css: str) -> dict[str, tuple[str, str]]:
    """{verdict id: (badge colour, badge text colour)} of a generated verdicts.css."""
    rule = (
        r"\.fs-v-([\w-]+) \{ --fs-verdict: (#[0-9a-fA-F]{6}); --fs-verdict-text: (#[0-9a-f]{6}); \}"
    )
    return {v: (bg, fg) for v, bg, fg in re.findall(rule, css)}


def pairs(v: dict[str, str]) -> list[tuple[str, str, str, float]]:
    """(what, text colour, background, minimum) of everything the stylesheet shows."""
    page, card, brief = v["--md-default-bg-color"], v["--fs-card-bg"], v["--fs-brief-bg"]
    grounds = {"page": page, "card": card, "in brief": brief}
    out = []
    for where, ground in grounds.items():
        for name in ("--md-typeset-color", "--md-typeset-a-color", "--fs-link-hover"):
            out.append((f"{name} on the {where}", over(v[name], ground), ground, AA))
    out.append(("the quote on the card", v["--fs-quote"], card, AA))
    out.append(("a source's note on the page", v["--fs-text-note"], page, AA))
    out.append(("muted text on the page", v["--fs-text-muted"], page, AA))
    for verdict, colour in verdict_colours().items():
        for share in (0.14, 0.28):  # a highlight, and a highlight under the pointer
            ground = mix(colour, v["--fs-hl-base"], share)
            out.append((f"highlighted {verdict} ({share:.0%})", v["--fs-hl-text"], ground, AA))
    out.append(("the focus outline on the page", v["--fs-focus"], page, NON_TEXT))
    return out


@pytest.mark.parametrize("scheme", ["light", "slate", "slate printed"])
def test_every_text_and_link_reaches_aa_in_each_scheme(scheme: str) -> None:
    found = pairs(schemes()[scheme])
    low = [
        f"{what}: {fg} on {bg} is {contrast(fg, bg):.2f}:1, under {least}:1"
        for what, fg, bg, least in found
        if contrast(fg, bg) < least
    ]
    assert not low, "\n".join(low)
    assert len(found) > 20


def test_printed_colours_are_the_light_schemes() -> None:
    printed, light = schemes()["slate printed"], schemes()["light"]
    for name in ("--md-default-bg-color", "--md-typeset-color", "--md-typeset-a-color"):
        assert printed[name] == light[name], name


def test_badge_text_reaches_aa_on_each_verdict_colour_in_both_schemes() -> None:
    css = theme.stylesheet()
    badge = _rule(css, "", ".fs-badge")
    # the text colour is the verdict's own, from verdicts.css (white where none is set)
    assert badge["color"] == "var(--fs-verdict-text, #ffffff)"
    # no scheme gives badges colours of its own: the same pairs hold in both
    assert not [s for m, s, _ in rules(css) if "fs-badge" in s and "color-scheme" in s]
    scale, _ = load_scale(Layout(REPO))
    found = verdict_text(styles.verdict_css(scale))
    assert list(found) == scale.ids
    for verdict, (colour, text) in found.items():
        assert contrast(text, colour) >= AA, verdict


@pytest.mark.parametrize(
    ("colour", "text"),
    [
        ("#ffd400", "#000000"),
        ("#f5f5f5", "#000000"),
        ("#1a7f37", "#ffffff"),
        ("#777777", "#000000"),
    ],
)
def test_a_light_verdict_colour_gets_black_badge_text(colour: str, text: str) -> None:
    """White on "#ffd400" is about 1.4:1; the generated stylesheet gives its badge black text
    (about 14:1), as the share card and the embed already did."""
    verdict = Verdict("yellow", "Yellow", 3, colour, "!", "A light colour.")
    found = verdict_text(styles.verdict_css(Scale((verdict,))))
    assert found == {"yellow": (colour, text)}
    assert contrast(text, colour) >= AA
    if colour == "#ffd400":
        assert contrast("#ffffff", colour) < 1.5  # what every badge showed before


def test_the_stylesheet_has_no_colour_outside_the_scheme_blocks() -> None:
    """A hard-coded colour would be the same in both schemes: only the badge's white text,
    the footer's light text (Material's footer is dark in both) and print may have one."""
    allowed = {".fs-badge", ".md-footer-meta, .md-copyright", ".md-copyright__highlight"}
    allowed |= {".md-footer-meta a, .md-copyright a"}
    for media, selector, decls in rules(theme.stylesheet()):
        if selector in (LIGHT, SLATE) or media == "print" or selector in allowed:
            continue
        for prop, value in decls.items():
            assert not re.search(r"#[0-9a-fA-F]{3,8}\b", value), (selector, prop, value)


# --- the palette toggle -----------------------------------------------------------------


def _palette(path: Path) -> list[dict[str, Any]]:
    class Loader(yaml.SafeLoader):
        pass

    Loader.add_constructor("!ENV", lambda loader, node: None)
    # the template's placeholders (@@BRANCH@@ is a plain scalar once init fills it)
    text = re.sub(r"@@[A-Z_]+@@", "x", path.read_text(encoding="utf-8"))
    return yaml.load(text, Loader=Loader)["theme"]["palette"]  # noqa: S506


@pytest.mark.parametrize("path", [REPO / "mkdocs.yml", TEMPLATE], ids=["site", "template"])
def test_a_light_and_a_dark_scheme_each_with_a_labelled_toggle(path: Path) -> None:
    palette = _palette(path)
    assert [p["scheme"] for p in palette] == ["default", "slate"]
    # a publication's masthead, white by day and black at night; the stylesheet's slate block
    # relies on a primary colour being set
    assert [p["primary"] for p in palette] == ["white", "black"]
    for option in palette:
        assert option["toggle"]["icon"].startswith("material/")
        assert re.fullmatch(r"Switch to the (dark|light) scheme", option["toggle"]["name"])
    assert "prefers-color-scheme: light" in palette[0]["media"]
    assert "prefers-color-scheme: dark" in palette[1]["media"]
    assert palette == _palette(REPO / "mkdocs.yml")  # a new site gets the same


# --- print ------------------------------------------------------------------------------


def test_print_hides_the_site_around_the_check_and_writes_out_source_urls() -> None:
    printed = [(s, d) for m, s, d in rules(theme.stylesheet()) if m == "print"]
    hidden = next(s for s, d in printed if d.get("display") == "none !important")
    for part in (".md-header", ".md-sidebar", ".md-search", ".md-footer", ".fs-embed"):
        assert part in hidden.split(", "), part
    after = dict(printed)['.md-typeset .fs-sources a[href^="http"]::after']
    assert after["content"] == '" (" attr(href) ")"'
    badges = next(d for s, d in printed if s.startswith(".fs-badge"))
    assert badges["print-color-adjust"] == "exact"  # white on colour needs its colour on paper


# --- the frame's partials, without Material's indentation ----------------------------------

# factsite's copies of Material's partials whose only change is their whitespace (issue 26);
# header.html, logo.html and source.html change what they show, and are not among them.
WHITESPACE_ONLY = (
    "nav.html",
    "nav-item.html",
    "toc.html",
    "toc-item.html",
    "tabs.html",
    "tabs-item.html",
    "palette.html",
)
_PAGES = {
    "index.md": "# Home\n\nText.\n",
    "checks/index.md": "# Checks\n\n## First\n\n### Inner\n\n## Second\n",
    "checks/one.md": "---\nicon: material/check\nstatus: new\nsubtitle: A subtitle\n---\n"
    "# One\n\n## Part *one*\n\n### Below\n\n## Part two\n",
    "checks/deeper/two.md": "# Two\n\n## Only\n",
    "about.md": "# About\n\nNo headings.\n",
}
_FEATURES = {
    "factsite": ["navigation.tabs", "navigation.tabs.sticky"],
    "sections": ["navigation.sections", "navigation.indexes", "navigation.expand", "toc.integrate"],
    "pruned": ["navigation.tabs", "navigation.prune", "navigation.indexes"],
}


class _Tokens(html.parser.HTMLParser):
    """A page as its elements, attributes and text, whitespace runs made one space and text
    that is only whitespace left out: what differs from Material is then a difference of DOM."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tokens: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        shown = " ".join(f"{k}={' '.join((v or '').split())!r}" for k, v in attrs)
        self.tokens.append(f"<{tag} {shown}>")

    def handle_endtag(self, tag: str) -> None:
        self.tokens.append(f"</{tag}>")

    def handle_data(self, data: str) -> None:
        if data.strip():
            self.tokens.append(" ".join(data.split()))


def _build(root: Path, features: list[str], partials: Path | None) -> dict[str, list[str]]:
    for name, text in _PAGES.items():
        (root / "docs" / name).parent.mkdir(parents=True, exist_ok=True)
        (root / "docs" / name).write_text(text, "utf-8")
    theme_: dict[str, Any] = {
        "name": "material",
        "features": features,
        "palette": _palette(REPO / "mkdocs.yml"),
        "icon": {"logo": "material/check-decagram"},
    }
    if partials is not None:
        theme_["custom_dir"] = str(partials.parent)
    nav = [
        {"Home": "index.md"},
        {"Checks": ["checks/index.md", "checks/one.md", {"Deeper": ["checks/deeper/two.md"]}]},
        {"About": "about.md"},
    ]
    config = {"site_name": "Test", "theme": theme_, "nav": nav, "plugins": []}
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config), "utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f", str(root / "mkdocs.yml")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    pages = {}
    for page in sorted((root / "site").rglob("*.html")):
        tokens = _Tokens()
        tokens.feed(page.read_text("utf-8"))
        pages[page.relative_to(root / "site").as_posix()] = tokens.tokens
    return pages


@pytest.mark.slow
@pytest.mark.parametrize("features", list(_FEATURES.values()), ids=list(_FEATURES))
def test_the_partials_without_indentation_make_materials_dom(
    tmp_path: Path, features: list[str]
) -> None:
    """Each whitespace-controlled copy, put in place of Material's own partial, gives every
    page the same elements, attributes and text as the installed Material: its stylesheet and
    script work on them unchanged. A Material release that changes one of these partials
    fails here, so the copy is brought up to date."""
    partials = tmp_path / "overrides" / "partials"
    partials.mkdir(parents=True)
    for name in WHITESPACE_ONLY:
        (partials / name).write_bytes(theme.overrides()[f"partials/{name}"])
    material = _build(tmp_path / "material", features, None)
    ours = _build(tmp_path / "ours", features, partials)
    assert material.keys() == ours.keys()
    assert len(material) == len(_PAGES) + 1  # and the 404
    for page, tokens in material.items():
        assert ours[page] == tokens, page
    for page in ("checks/one/index.html", "checks/index.html"):
        built = (tmp_path / "ours" / "site" / page).read_bytes()
        assert len(built) < len((tmp_path / "material" / "site" / page).read_bytes()) - 1500
