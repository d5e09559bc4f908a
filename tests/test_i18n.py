"""factsite's own words in every shipped language (issue 28): complete catalogues, the pages in
the site's language, dates from CLDR, a site's own messages and templates."""

from __future__ import annotations

import dataclasses
import io
import re
from collections.abc import Callable
from importlib.resources import files
from pathlib import Path

import pytest
import yaml
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from conftest import example_project, rendered, site_of
from factsite.check.project import check_project
from factsite.load.site_config import _ConfigLoader
from factsite.render import i18n, render_site, site_words
from factsite.render.site_template import Settings, site_files

REPO = Path(__file__).parent.parent
LOCALES = files("factsite").joinpath("locales")
TRANSLATED = [lang for lang in i18n.SHIPPED if lang != "en"]  # English is the source


def _template() -> list[str | tuple[str, ...]]:
    pot = read_po(io.BytesIO(LOCALES.joinpath("factsite.pot").read_bytes()))
    return [m.id for m in pot if m.id]


def _page_words() -> list[str | tuple[str, ...]]:
    """The messages of factsite's pages, less the verdict presets' (a site's verdicts.yaml is
    its own data, in its own words: init writes it once, in the site's language) and less the
    words that only the files init writes use (their own test: init_files below)."""
    pot = read_po(io.BytesIO(LOCALES.joinpath("factsite.pot").read_bytes()))
    init_only = _init_words() - _marked(lambda method: method in ("python", "jinja2"))
    return [
        m.id
        for m in pot
        if m.id and m.id not in init_only and not any("scale preset" in c for c in m.auto_comments)
    ]


def _init_words() -> set[str | tuple[str, ...]]:
    """The messages of the files `factsite init` writes in the site's language."""
    out: set[str | tuple[str, ...]] = set()
    for rel, text in site_files(
        Settings("S", "https://s.example/", "https://github.com/a/b", "P")
    ).items():
        out |= {message for _, message in site_words.messages(rel, text)}
    return out


def _marked(wanted: Callable[[str], bool]) -> set[str | tuple[str, ...]]:
    """The messages that pybabel extracts (babel.cfg) with the methods `wanted` accepts."""
    method_map, options_map = [], {}
    section = ""
    for line in (REPO / "babel.cfg").read_text("utf-8").splitlines():
        if m := re.match(r"\[([\w.]+): (.+)\]", line):
            section = m.group(2)
            if wanted(m.group(1)):
                method_map.append((section, m.group(1)))
            options_map[section] = {}
        elif "=" in line and section and not line.startswith("#"):
            key, value = (s.strip() for s in line.split("=", 1))
            options_map[section][key] = value
    keywords = {"_": None, "gettext": None, "ngettext": (1, 2), "N_": None}
    return {
        msgid
        for _, _, msgid, _, _ in extract_from_dir(
            str(REPO), method_map, options_map, keywords=keywords
        )
        if msgid
    }


def _catalogue(lang: str):
    raw = LOCALES.joinpath(lang, "LC_MESSAGES", "factsite.po").read_bytes()
    return read_po(io.BytesIO(raw), locale=lang)


def test_the_template_holds_every_message_the_sources_mark() -> None:
    """`make messages` was run: no message in the code or the templates is missing from the
    template catalogue, and none in it is stale."""
    assert _marked(lambda method: True) == set(_template())


@pytest.mark.parametrize("lang", TRANSLATED)
def test_every_message_is_translated_and_none_is_fuzzy(lang: str) -> None:
    cat = _catalogue(lang)
    ids = {m.id for m in cat if m.id}
    assert set(_template()) <= ids, f"{lang}: run `make messages` and translate"
    for m in cat:
        if not m.id:
            continue
        strings = m.string if isinstance(m.string, tuple) else (m.string,)
        assert all(strings), f"{lang}: {m.id!r} is not translated"
        assert not m.fuzzy, f"{lang}: {m.id!r} is fuzzy: check it and remove the flag"
        if isinstance(m.string, tuple):  # as many forms as CLDR's rule for the language
            assert len(m.string) == cat.num_plurals, (lang, m.id)
    problems = [(m.id, [str(e) for e in errors]) for m, errors in cat.check()]
    assert problems == [], problems  # placeholders of every translation match the message's


def _site_in(root: Path, lang: str):
    return dataclasses.replace(site_of(root), language=lang)


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory):
    root = example_project(tmp_path_factory.mktemp("i18n"))
    return root, check_project(root)


# Messages that are the same word in a language (German "Definition", "Pages" in French...)
# are left out of that language's search for English: only the words that differ are looked for.
READER_PAGES = (
    "claims/full.md",
    "claims/index.md",
    "verdicts/index.md",
    "topics/index.md",
    "claimants/index.md",
    "articles/index.md",
    "articles/ynet-2026-01-azerbaijan-gaza.md",
    "_generated/featured.md",
    "_generated/latest-checks.md",
    "_generated/browse.md",
    "_generated/verdict-chart.md",
    "_generated/articles.md",
    "_generated/scale.md",
    "_generated/corrections-log.md",
    "embed/full.html",
)


@pytest.mark.parametrize("lang", TRANSLATED)
def test_a_page_in_the_site_language_has_no_english_words_of_factsite(
    project: tuple[Path, object], lang: str
) -> None:
    root, proj = project
    site = _site_in(root, lang)
    pages = rendered(render_site(proj, site))  # type: ignore[arg-type]
    words = i18n.words(lang)
    english = [
        msgid
        for msgid in _page_words()
        if isinstance(msgid, str) and "%" not in msgid and "<" not in msgid
        if words.gettext(msgid) != msgid and len(msgid) > 3
    ]
    for path in READER_PAGES:
        text = pages[path]
        # what readers see: not the front matter, not the URLs (an issue's title is for the
        # newsroom's own repository)
        body = re.sub(r'href="[^"]*"', "", text.split("\n---\n", 1)[-1])
        found = [m for m in english if re.search(rf"(?<![\w-]){re.escape(m)}(?![\w-])", body)]
        # "Analysis" and "Context" are also source kinds and stances, in the claim's own text
        found = [m for m in found if m not in ("Analysis", "Context", "Sources")]
        assert found == [], f"{lang} {path}: {found}"


def test_dates_and_plurals_follow_the_locale(project: tuple[Path, object]) -> None:
    root, proj = project
    de = rendered(render_site(proj, _site_in(root, "de")))  # type: ignore[arg-type]
    page = de["claims/full.md"]
    assert '<time datetime="2026-01-06">6. Januar 2026</time>' in page
    assert "Die 3 Quellen dieses Faktenchecks ansehen" in page
    assert "## Quellen" in page and "## Analyse" in page
    ru = i18n.words("ru")
    assert [ru.ngettext("%(num)s claim", "%(num)s claims", n) for n in (1, 3, 5, 21)] == [
        "1 утверждение",
        "3 утверждения",
        "5 утверждений",
        "21 утверждение",
    ]
    assert i18n.words("en").date("2026-01-06") == "6 January 2026"  # as factsite always wrote
    assert i18n.words("ar").date("2026-01") == "يناير 2026"
    assert i18n.words("ja").gettext("In brief") == "In brief"  # not shipped: English words


def test_right_to_left_sites_isolate_names_and_mark_the_quote_language(
    project: tuple[Path, object],
) -> None:
    root, proj = project
    for lang in ("ar", "he"):
        assert i18n.words(lang).direction == "rtl"
        page = rendered(render_site(proj, _site_in(root, lang)))["claims/full.md"]  # type: ignore[arg-type]
        assert "<bdi>Ynet News</bdi>" in page
        assert '<p dir="auto" lang="en">' in page  # the English article's words, in voice
    page = rendered(render_site(proj, site_of(root)))["claims/full.md"]  # type: ignore[arg-type]
    assert '<p dir="auto">' in page  # an English site with an English quote: no lang needed


def test_a_site_overrides_a_message_and_a_template(tmp_path: Path) -> None:
    root = example_project(tmp_path)
    (root / "locales").mkdir()
    (root / "locales" / "en.po").write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=utf-8\\n"\n\n'
        'msgid "In brief"\nmsgstr "The short answer"\n',
        "utf-8",
    )
    (root / "templates").mkdir()
    own = i18n.english().env.loader.get_source(i18n.english().env, "claim_page.md.j2")[0]  # type: ignore[union-attr]
    (root / "templates" / "claim_page.md.j2").write_text(own + "\n<!-- ours -->\n", "utf-8")
    site = site_of(root)
    page = rendered(render_site(check_project(root), site))["claims/full.md"]
    assert '<h2 id="in-brief">The short answer</h2>' in page
    assert "<!-- ours -->" in page


def test_a_broken_site_catalogue_is_a_located_problem(tmp_path: Path) -> None:
    from factsite.check.site_config import load_config
    from factsite.load.files import Layout

    root = example_project(tmp_path)
    (root / "locales").mkdir()
    (root / "locales" / "en.po").write_text('msgid "x"\nmsgstr "y"\nmsgid\n', "utf-8")
    config, problems = load_config(Layout(root))
    assert config is None
    assert [(p.path, p.code) for p in problems] == [("locales/en.po", "po-invalid")]


def test_the_theme_gets_the_catalogue_mkdocs_loads() -> None:
    from factsite.render import theme

    site = type("S", (), {"language": "tr", "messages": ()})()
    ((path, mo),) = theme.messages(site).items()  # type: ignore[arg-type]
    assert path == "locales/tr/LC_MESSAGES/messages.mo"
    from babel.support import Translations

    assert Translations(io.BytesIO(mo)).gettext("Search the fact-checks") == "Doğrulamalarda ara"
    assert theme.messages(site) == theme.messages(site)  # the same bytes every render


@pytest.mark.parametrize("lang", TRANSLATED)
def test_every_verdict_preset_comes_in_every_language(lang: str) -> None:
    """`init --language` writes the preset in the site's language: each label and definition
    translated, the file still valid against the scale schema, ids and colours untouched."""
    import jsonschema
    import yaml

    from factsite.check.schemas import scale_schema
    from factsite.render.site_template import SCALES, scale_preset

    for name in SCALES:
        english = yaml.safe_load(scale_preset(name))
        theirs = yaml.safe_load(scale_preset(name, lang))
        jsonschema.validate(theirs, scale_schema())
        for en, it in zip(english, theirs, strict=True):
            assert {k: v for k, v in it.items() if k not in ("label", "definition")} == {
                k: v for k, v in en.items() if k not in ("label", "definition")
            }
            assert it["label"] != en["label"] or en["label"] == "Satire", (lang, en["label"])
            assert it["definition"] != " ".join(en["definition"].split()), (lang, en["id"])


def test_a_right_to_left_card_is_laid_out_from_the_right(project: tuple[Path, object]) -> None:
    from factsite.render import card

    root, proj = project
    claim = proj.claims[0]  # type: ignore[attr-defined]
    ltr = card.layout_card(claim, proj.scale, site_of(root))  # type: ignore[attr-defined]
    rtl = card.layout_card(claim, proj.scale, _site_in(root, "ar"))  # type: ignore[attr-defined]
    assert ltr.badge[0] == card.MARGIN and rtl.badge[2] == card.WIDTH - card.MARGIN
    who = rtl.texts[0]
    assert who.anchor == "rs" and who.direction == "rtl"
    assert who.text.startswith("صاحب الادعاء: \u2068") and "\u2069 · \u2068" in who.text
    name, host = rtl.texts[-2:]
    assert name.xy[0] == card.WIDTH - card.MARGIN and host.xy[0] == card.MARGIN


# --- in a browser: Arabic and Hebrew sites, built and served ------------------------------

RTL_PAGES = {
    "home": "",
    "claim": "claims/aliyev-quote-palestine-did-not-protect-us/",
    "listing": "claims/",
    "article": "articles/ynet-2026-01-azerbaijan-gaza/",
}
ARTIFACTS = REPO / "test-artifacts" / "i18n"


@pytest.fixture(scope="module")
def rtl_sites(tmp_path_factory: pytest.TempPathFactory):
    """The repository's claims built as an Arabic and a Hebrew site (theme.language and
    theme.locale set as `factsite init --language` sets them)."""
    from conftest import copy_project, run_factsite

    built = {}
    for lang in ("ar", "he"):
        root = copy_project(tmp_path_factory.mktemp(lang) / "project")
        config = (root / "mkdocs.yml").read_text("utf-8")
        assert "  language: en\n" in config
        config = config.replace("  language: en\n", f"  language: {lang}\n  locale: {lang}\n")
        (root / "mkdocs.yml").write_text(config, "utf-8")
        result = run_factsite(root, "build")
        assert result.returncode == 0, result.stdout + result.stderr
        built[lang] = root / "site"
    return built


@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.parametrize("lang", ["ar", "he"])
def test_right_to_left_sites_mirror_speak_their_language_and_pass_axe(
    rtl_sites: dict[str, Path], lang: str
) -> None:
    """dir="rtl" pages whose card border sits on the right, the search dialog in the site's
    language, no serious axe finding at 390 and 1280 px; screenshots kept for a look."""
    import os

    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import sync_playwright

    from conftest import serve_folder

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    executable = os.environ.get("FACTSITE_CHROMIUM", "/usr/bin/chromium")
    words = i18n.words(lang)
    found = {}
    with serve_folder(rtl_sites[lang]) as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, headless=True)
        try:
            for width in (390, 1280):
                context = browser.new_context(viewport={"width": width, "height": 900})
                page = context.new_page()
                for name, path in RTL_PAGES.items():
                    page.goto(url + path)
                    assert page.evaluate("document.body.dir") == "rtl", name
                    assert page.evaluate("document.documentElement.lang") == lang
                    title = page.locator("#fs-search-title")
                    assert title.text_content() == words.gettext("Search the fact-checks")
                    if name == "claim":  # the accent border is on the reading side: right
                        card = page.locator(".fs-card").first
                        widths = card.evaluate(
                            "el => [getComputedStyle(el).borderRightWidth,"
                            " getComputedStyle(el).borderLeftWidth].map(parseFloat)"
                        )
                        assert widths[0] > widths[1], widths
                        brief = page.locator("#in-brief").text_content()
                        assert brief == words.gettext("In brief")
                    page.screenshot(
                        path=str(ARTIFACTS / f"{lang}-{name}-{width}.png"), full_page=width > 400
                    )
                    tags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
                    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": tags}})
                    bad = [
                        v
                        for v in results.response["violations"]
                        if v["impact"] in ("serious", "critical")
                    ]
                    if bad:
                        found[f"{name} {width}"] = [(v["id"], v["nodes"][0]["target"]) for v in bad]
                if width == 1280:  # the dialog counts its results in the site's language
                    page.locator("#fs-search-open").click()
                    page.keyboard.type("Aliyev")
                    page.locator(".fs-search__result").first.wait_for()
                    status = page.locator("#fs-search-status").text_content() or ""
                    n = int(re.sub(r"\D", "", status))
                    assert status == words.ngettext("%(num)s result", "%(num)s results", n)
                context.close()
        finally:
            browser.close()
    assert found == {}, found


def test_a_source_in_another_language_carries_its_lang() -> None:
    from factsite.render.sources import sources_html

    source = {
        "url": "https://az.example/x",
        "title": "Azərbaycan səfirliyi",
        "publisher": "Report.az",
        "kind": "news-report",
        "stance": "supports",
        "note": "n",
    }
    html = sources_html([source | {"language": "az"}], i18n.words("he"))
    assert '<a href="https://az.example/x" dir="auto" lang="az">' in html
    assert "עדיין לא שמרנו עותקים של המקורות האלה בארכיון רשת" in html
    assert "<bdi>Report.az</bdi>" in html
    assert ' lang="' not in sources_html([source], i18n.words("he"))


def test_a_role_inside_a_translated_sentence_is_escaped_as_text(
    project: tuple[Path, object],
) -> None:
    """A message escapes its values as HTML only; the renderer gives them escape.text's
    escaping (Markdown syntax too) first, in every language."""
    root, proj = project
    claim = next(c for c in proj.claims if c["claimant"].get("role"))  # type: ignore[attr-defined]
    hostile = dict(claim, claimant=dict(claim["claimant"], role="*bold* [link](x) <b>"))
    for lang in ("en", "ar"):
        site = _site_in(root, lang)
        from factsite.render import structured_data
        from factsite.render.claim_page import render_claim_page

        art = proj.articles[claim["article"]].data  # type: ignore[attr-defined]
        review = structured_data.claim_review(hostile, art, proj.scale, site)  # type: ignore[attr-defined]
        _, page = render_claim_page(hostile, art, proj.scale, site, "x.yaml", {}, review)  # type: ignore[attr-defined]
        assert "&#42;bold&#42; &#91;link&#93;&#40;x&#41; &lt;b&gt;" in page, lang


def test_a_long_listing_is_paged_in_the_site_language(project: tuple[Path, object]) -> None:
    from factsite.render import listings

    _, proj = project
    claims = [dict(c, id=f"{c['id']}-{i}") for i in range(231) for c in proj.claims]  # type: ignore[attr-defined]
    assert len(claims) == 462
    de = i18n.words("de")
    arts = {a: art.data for a, art in proj.articles.items()}  # type: ignore[attr-defined]
    pages = listings.paginate("claims/index", "Alle", "intro", claims, proj.scale, de, arts)
    assert sorted(pages) == ["claims/index-2.md", "claims/index-3.md", "claims/index.md"]
    second = pages["claims/index-2.md"]
    assert "# Alle (Seite 2)\n" in second and "title: Alle (Seite 2)\n" in second
    assert (
        '<nav class="fs-pager" aria-label="Seiten"><a href="../index/">Vorherige Seite</a> · '
        '<a href="../index-3/">Nächste Seite</a> (Seite 2 von 3)</nav>'
    ) in second
    assert second.count('<li class="fs-row">') == listings.PAGE_SIZE
    assert (
        '<a href="../index-2/">Vorherige Seite</a> (Seite 3 von 3)</nav>'
        in pages["claims/index-3.md"]
    )
    assert (
        "fs-pager"
        not in listings.paginate("x/y", "T", "i", claims[:3], proj.scale, de, arts)["x/y.md"]
    )


def test_the_feeds_say_their_language_and_speak_it(project: tuple[Path, object]) -> None:
    import json

    from factsite.render import feeds

    root, proj = project
    site = _site_in(root, "tr")
    atom = feeds.atom_feed(proj.claims, proj.scale, site)  # type: ignore[attr-defined]
    assert '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="tr">' in atom
    assert f"<title>{site.name}: doğrulamalar</title>" in atom
    feed = json.loads(feeds.json_feed(proj.claims, proj.scale, site))  # type: ignore[attr-defined]
    assert feed["language"] == "tr" and feed["title"] == f"{site.name}: doğrulamalar"
    assert "T00:00:00Z" in feed["items"][0]["date_published"]  # RFC 3339, in any language


def test_the_readme_example_of_a_site_catalogue_works(tmp_path: Path) -> None:
    """README, Language: the `locales/de.po` it shows changes that word on a German site."""
    readme = (REPO / "README.md").read_text("utf-8")
    block = re.search(r"`locales/de\.po`:\n\n```po\n(.*?)```", readme, re.S)
    assert block, "the README's example moved: keep this test with it"
    root = example_project(tmp_path)
    (root / "locales").mkdir()
    (root / "locales" / "de.po").write_text(block.group(1), "utf-8")
    config = (
        (root / "mkdocs.yml")
        .read_text("utf-8")
        .replace("  language: en\n", "  language: de\n  locale: de\n")
    )
    (root / "mkdocs.yml").write_text(config, "utf-8")
    page = rendered(render_site(check_project(root), site_of(root)))["claims/full.md"]
    assert '<h2 id="in-brief">Auf einen Blick</h2>' in page
    assert "## Quellen" in page  # the rest from factsite's German catalogue


@pytest.mark.parametrize(
    ("theme", "found"),
    [
        ("  language: en\n", []),
        ("  language: de\n  locale: de\n", []),
        ("  language: pt-BR\n  locale: pt_BR\n", []),
        ("  language: de\n", [("mkdocs.yml", "theme-locale", "add `locale: de` under theme")]),
        ("  language: ar\n  locale: en\n", [("mkdocs.yml", "theme-locale", "set it to 'ar'")]),
    ],
)
def test_a_site_in_another_language_names_it_for_the_theme_too(
    tmp_path: Path, theme: str, found: list[tuple[str, str, str]]
) -> None:
    from factsite.check.site_config import load_config
    from factsite.load.files import Layout

    root = example_project(tmp_path)
    config = (root / "mkdocs.yml").read_text("utf-8").replace("  language: en\n", theme)
    (root / "mkdocs.yml").write_text(config, "utf-8")
    _, problems = load_config(Layout(root))
    got = [(p.path, p.code, p.message) for p in problems]
    assert len(got) == len(found)
    for (path, code, message), (want_path, want_code, words) in zip(got, found, strict=True):
        assert (path, code) == (want_path, want_code) and words in message


def test_numbers_and_lists_follow_the_locale() -> None:
    assert i18n.words("de").ngettext("%(num)s claim", "%(num)s claims", 10_500) == (
        "10.500 Behauptungen"
    )
    assert i18n.words("en").ngettext("%(num)s claim", "%(num)s claims", 10_500) == "10,500 claims"
    assert i18n.words("ru").ngettext("%(num)s claim", "%(num)s claims", 2) == "2 утверждения"
    assert i18n.words("de").join(["A", "B", "C"]) == "A, B und C"
    assert i18n.words("en").join(["A", "B"]) == "A and B"


# The files `factsite init` writes in the site's language (render/site_words.py): its pages,
# the issue forms, the pull request template and mkdocs.yml's words (navigation, toggle).
INIT_FILES = ("docs/", ".github/ISSUE_TEMPLATE/", ".github/PULL_REQUEST_TEMPLATE.md", "mkdocs.yml")


def _shown(rel: str, text: str) -> str:
    """What a reader or a newsroom sees of a file init wrote: not the YAML comments (notes for
    whoever edits the file), code spans (names of fields and commands), link targets, snippet
    lines, or the issue labels, field ids and types (names GitHub reads, never shown)."""
    if rel.endswith(".yml"):
        text = "\n".join(ln for ln in text.splitlines() if not ln.lstrip().startswith("#"))
        text = re.sub(r"^\s*(?:- )?(?:labels|id|type): .*$", "", text, flags=re.M)
    text = re.sub(r"`[^`\n]*`", "", text)
    text = re.sub(r"\]\([^)\s]*\)", "]", text)
    return re.sub(r'^--8<-- ".*"$', "", text, flags=re.M)


@pytest.mark.parametrize("lang", TRANSLATED)
def test_the_files_init_writes_have_no_english_words_of_factsite(lang: str) -> None:
    settings = Settings("S", "https://s.example/", "https://github.com/a/b", "P", language=lang)
    written = {k: v for k, v in site_files(settings).items() if k.startswith(INIT_FILES)}
    assert len([k for k in written if k.startswith("docs/")]) == 6
    words = i18n.words(lang)
    english = [
        msgid
        for msgid in {*_init_words(), *_page_words()}
        if isinstance(msgid, str) and "%" not in msgid and "<" not in msgid
        if words.gettext(msgid) != msgid and len(msgid.strip()) > 3
    ]
    for rel, text in written.items():
        shown = _shown(rel, text)
        found = [m for m in english if re.search(rf"(?<![\w-]){re.escape(m)}(?![\w-])", shown)]
        assert found == [], f"{lang} {rel}: {found}"
    # in the language, from the catalogue: a heading, a form's name, the navigation
    assert f"\n## {words.gettext('Legal status')}\n" in written["docs/about.md"]
    form = yaml.safe_load(written[".github/ISSUE_TEMPLATE/correction.yml"])
    assert form["name"] == words.gettext("Report an error / request a correction")
    config = yaml.load(written["mkdocs.yml"], Loader=_ConfigLoader)  # noqa: S506 - safe subclass
    assert config["nav"][0] == {words.gettext("Home"): "index.md"}
    toggle = config["theme"]["palette"][0]["toggle"]["name"]
    assert toggle == words.gettext("Switch to the dark scheme")


@pytest.mark.parametrize("lang", TRANSLATED)
def test_a_translation_keeps_what_init_and_validate_rely_on(lang: str) -> None:
    """A translated page keeps its settings (@@NAME@@), its TODO markers (validate refuses the
    site until they are replaced), its links and its code, so that a translated page works
    as the English one does."""
    kept = re.compile(r"@@[A-Z_]+@@|\bTODO\b|\]\([^)]*\)|`[^`]*`")
    for msgid in _init_words():
        assert isinstance(msgid, str)
        said = i18n.words(lang).gettext(msgid)
        assert sorted(kept.findall(said)) == sorted(kept.findall(msgid)), (lang, msgid, said)


def test_english_files_are_the_template_as_written() -> None:
    """English is the source: init writes it without a round through the catalogue."""
    settings = Settings("S", "https://s.example/", "https://github.com/a/b", "P")
    written = site_files(settings)
    root = files("factsite").joinpath("site_template")
    about = root.joinpath("docs", "about.md").read_text("utf-8")
    assert written["docs/about.md"] == about
    form = root.joinpath("dot-github", "ISSUE_TEMPLATE", "suggest-claim.yml").read_text("utf-8")
    assert written[".github/ISSUE_TEMPLATE/suggest-claim.yml"] == form


def test_the_preview_banner_speaks_the_site_language() -> None:
    """`factsite serve`'s banner: its words from the catalogue, in the site's plural forms and
    direction; the script shows them as given and marks validate's English lines as English."""
    from factsite.render.preview import banner

    ru = banner(5, i18n.words("ru"))
    assert ru == {
        "title": "Не опубликовано: 5 проблем. factsite validate и build не принимают файлы с ними.",
        "lang": "ru",
        "dir": "ltr",
    }
    assert banner(1, i18n.words("ar"))["dir"] == "rtl"
    assert banner(2, i18n.words("en"))["title"].startswith("Not published: 2 problems.")
    script = files("factsite").joinpath("theme", "livereload.js").read_text("utf-8")
    assert "words.title" in script and "Not published" not in script
    assert 'item.lang = "en"' in script
