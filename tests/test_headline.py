"""Headlines and outlet names (load/headline.py): the cases issue 29 names, on small pages."""

from __future__ import annotations

import pytest
from trafilatura.utils import load_html

from factsite.load import page_meta
from factsite.load.headline import headline, outlet_name, strip_site


def page_of(head: str, body: str = "") -> page_meta.Page:
    tree = load_html(f"<html><head>{head}</head><body>{body}<p>text</p></body></html>")
    return page_meta.read_page(tree)


@pytest.mark.parametrize(
    ("title", "names", "stripped"),
    [  # names as site_names gives them: the metadata's, the host, its first label
        (
            "Klimawandel: Was tun? | DW | 19.01.2020",
            ["DW.COM", "dw.com", "dw"],
            "Klimawandel: Was tun?",
        ),
        ("Losing face | The Japan Times", ["japantimes.co.jp", "japantimes"], "Losing face"),
        (
            "A Paris-8, un peu de tension - Bondy Blog",
            ["bondyblog.fr"],
            "A Paris-8, un peu de tension",
        ),
        ("NEWS WEB EASY|子どもへの体罰", ["NEWS WEB EASY"], "子どもへの体罰"),
        ("武汉的声音：有英勇的你！-新华网", ["xinhuanet.com"], "武汉的声音：有英勇的你！"),
        ("Pferdesport bei Olympia dabei -", ["st-georg.de"], "Pferdesport bei Olympia dabei"),
        (
            "Reparaturcafé am 31. Januar: Stadt Ahlen",
            ["ahlen.de", "ahlen"],
            "Reparaturcafé am 31. Januar",
        ),
        ("Netzpolitik - Netz Für Alle Netz Für Alle", ["Netz Für Alle"], "Netzpolitik"),
        # a site's name inside a headline is no site name ("TINE", "Hummeln")
        (
            "NFF: TINE Fotballskole viktig for barna",
            ["tine.no", "tine"],
            "NFF: TINE Fotballskole viktig for barna",
        ),
        (
            "Tote Hummeln unter Linden: Die Erklärung",
            ["Hummeln"],
            "Tote Hummeln unter Linden: Die Erklärung",
        ),
        (
            ".:: NMB-MEDIA ::. eBay-Templates",
            ["nmb-media.de", "nmb-media"],
            ".:: NMB-MEDIA ::. eBay-Templates",
        ),
        # a colon inside the headline, a hyphenated word and an unrelated ending stay
        (
            "Brexit-Deal: Unterhaus vertagt - Was nun?",
            ["stern.de"],
            "Brexit-Deal: Unterhaus vertagt - Was nun?",
        ),
    ],
)
def test_a_site_name_or_a_date_around_a_headline_is_stripped(
    title: str, names: list[str], stripped: str
) -> None:
    assert strip_site(title, names)[0] == stripped


def test_the_visible_headline_wins_when_a_metadata_headline_agrees() -> None:
    ld = '{"@type": "NewsArticle", "headline": "Bloomberg has to answer questions"}'
    head = (
        f'<script type="application/ld+json">{ld}</script>'
        '<meta property="og:title" content="As his debate nears, Bloomberg answers">'
    )
    page = page_of(head, "<h1>As his debate nears, Bloomberg answers</h1>")
    assert headline(page, "https://www.example.com/a") == (
        "As his debate nears, Bloomberg answers",
        "the page's <h1>, as its og:title",
        True,
    )


def test_ruby_readings_are_not_part_of_a_headline() -> None:
    page = page_of("<title>x</title>", "<h1><ruby>子<rt>こ</rt></ruby>どもの話</h1>")
    assert page.h1s == ("子どもの話",)


def test_a_kicker_set_apart_in_the_h1_is_spaced_and_left_out_of_the_headline() -> None:
    # swim.de (tests/fixtures/corpus): "<small>Einheit der Woche</small><br>Lagen-Pyramide"
    # read as "Einheit der WocheLagen-Pyramide mit GA2"
    h1 = "<h1><span><small>Einheit der Woche</small><br>Lagen-Pyramide mit GA2</span></h1>"
    for meta, where in [
        ("Einheit der Woche | Lagen-Pyramide mit GA2 - SWIM.DE", "og:title, less '- SWIM.DE'"),
        ("Lagen-Pyramide mit GA2", "og:title"),
    ]:
        page = page_of(f'<meta property="og:title" content="{meta}">', h1)
        assert page.h1s == ("Einheit der Woche Lagen-Pyramide mit GA2",)
        assert headline(page, "https://swim.de/training/lagen-pyramide-mit-ga2/") == (
            "Lagen-Pyramide mit GA2",
            f"the page's <h1> less its kicker 'Einheit der Woche', as its {where}",
            True,
        )
    # metadata that states the whole <h1> some other way: the <h1> as a reader sees it
    page = page_of('<meta property="og:title" content="Einheit der Woche Lagen-Pyramide GA2">', h1)
    assert headline(page, "https://swim.de/a")[0] == "Einheit der Woche Lagen-Pyramide mit GA2"
    # words inside a line (<em>) and scripts written without spaces are not set apart
    page = page_of("<title>x</title>", "<h1>Trump <em>wins</em>again <span>東京</span>都</h1>")
    assert page.h1s == ("Trump winsagain 東京都",)
    assert page.h1_parts == (("Trump winsagain", "東京", "都"),)


def test_a_headline_cut_at_a_quotation_mark_gives_way_to_the_whole() -> None:
    head = (
        '<meta property="og:title" content="Senador califica a Biden de ">'
        '<title>Senador califica a Biden de "incapacitado"</title>'
    )
    found = headline(page_of(head), "https://www.example.com/a")
    assert found == ('Senador califica a Biden de "incapacitado"', "<title>", True)


def test_a_headline_no_second_source_confirms_is_a_guess() -> None:
    found = headline(page_of("<title>Only here</title>"), "https://www.example.com/a")
    assert found == ("Only here", "<title>", False)


@pytest.mark.parametrize(
    ("head", "url", "expected"),
    [
        (  # a host-like og:site_name gives way to the name the <title> ends with
            '<meta property="og:site_name" content="lastampa.it">'
            "<title>Temperature alte - La Stampa</title>",
            "https://www.lastampa.it/cronaca/a",
            ("La Stampa", "the end of the page's <title>", True),
        ),
        (  # a section name in og:site_name is only a guess
            '<meta property="og:site_name" content="Política"><title>Pacheco e Fux</title>',
            "https://www.correiobraziliense.com.br/politica/a",
            (
                "Política",
                "og:site_name, which neither the <title> nor the address bears out",
                False,
            ),
        ),
        (  # the company in JSON-LD, the newspaper in og:site_name
            '<script type="application/ld+json">{"@type": "NewsArticle", "publisher": '
            '{"name": "Ediciones EL PAÍS S.L."}}</script>'
            '<meta property="og:site_name" content="EL PAÍS">',
            "https://elpais.com/ciencia/a",
            ("EL PAÍS", "og:site_name", True),
        ),
        ("<title>Headline</title>", "https://www.example.com/a", None),
    ],
    ids=["host-like", "section", "company", "nothing"],
)
def test_the_outlet_name_as_the_outlet_writes_it(
    head: str, url: str, expected: tuple[str, str, bool] | None
) -> None:
    assert outlet_name(page_of(head), url) == expected


@pytest.mark.parametrize(
    ("h1", "og_title"),
    [
        ("Пожар в центре города", "Пожар в центре города: новости, фото 2018"),
        ("円安が進む", "円安が進む（写真＝ロイター） ：日本経済新聞"),
    ],
)
def test_the_visible_headline_without_what_the_metadata_adds(h1: str, og_title: str) -> None:
    page = page_of(f'<meta property="og:title" content="{og_title}">', f"<h1>{h1}</h1>")
    assert headline(page, "https://www.example.com/a") == (
        h1,
        "the page's <h1>, as its og:title",
        True,
    )
