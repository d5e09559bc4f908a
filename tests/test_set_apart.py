"""Text the page sets apart from the paragraphs trafilatura reads (load/set_apart.py).

The corpus test (tests/test_corpus.py) checks both rules on the pages they were written for
(lopinion.fr's box of facts, salon.com's "This post originally appeared on Grist."); these
check what each rule must leave alone.
"""

from __future__ import annotations

from lxml import html as lxml_html

from factsite.load.set_apart import facts_boxes, place_boxes, republication

FACTS = (
    "La firme Bayer, propriétaire de Monsanto, a été condamnée lundi à payer deux milliards "
    "de dollars à deux personnes atteintes de cancers."
)
BODY = "<p>A chaque civilisation, ses démons. La nôtre a le sien : le glyphosate.</p>"


def tree(body: str) -> lxml_html.HtmlElement:
    return lxml_html.fromstring(f"<html><body>{body}</body></html>")


def test_a_box_of_facts_in_the_body_is_added_once() -> None:
    page = tree(f'<div class="article_body"><div class="article_faits">{FACTS}</div>{BODY}</div>')
    lines = ["A chaque civilisation, ses démons. La nôtre a le sien : le glyphosate."]
    assert facts_boxes(page, lines) == [FACTS]
    assert facts_boxes(page, [*lines, FACTS]) == []  # trafilatura kept it: not twice


def test_a_box_goes_where_the_page_has_it() -> None:
    lead = "Un jugement ne fait pas une vérité scientifique."
    first = "A chaque civilisation, ses démons. La nôtre a le sien : le glyphosate."
    page = tree(
        f'<p class="lead">{lead}</p><div class="article_body">'
        f'<div class="article_faits">{FACTS}</div><div>{BODY}</div></div>'
    )
    lines = ["Glyphosate", lead, first]
    assert place_boxes(page, lines, 1) == [2]  # before the paragraph after it on the page
    assert lines == ["Glyphosate", lead, FACTS, first]
    alone = tree(f'<div class="article_body"><div>{FACTS}</div></div>')
    lines = ["Glyphosate", lead]
    assert place_boxes(alone, lines, 1) == [1]  # nothing after it that the text holds
    assert lines == ["Glyphosate", FACTS, lead]


def test_what_is_no_box_of_running_text_is_left_alone() -> None:
    for box in [
        f'<div class="caption"><span>{FACTS}</span></div>',  # a caption
        f"<div><img src='a.png'>{FACTS}</div>",  # a picture's box
        f"<div>{FACTS.replace(', ', '<br>')}</div>",  # lines of a list
        f"<div><a href='/x'>{FACTS}</a></div>",  # a link
        "<div>Abonnez-vous à notre lettre pour ne rien manquer</div>",  # short
        f"<div>{FACTS.rstrip('.')} et</div>",  # no end of a sentence
    ]:
        assert facts_boxes(tree(f'<div itemprop="articleBody">{box}{BODY}</div>'), []) == [], box
    # outside the body, or in a page of several posts: not the article's
    assert facts_boxes(tree(f"<div>{FACTS}</div>{BODY}"), []) == []
    two = f'<div class="entry-content"><div>{FACTS}</div></div>' * 2
    assert facts_boxes(tree(two), []) == []


def test_the_line_saying_where_the_article_first_appeared() -> None:
    note = "This post originally appeared on Grist."
    page = tree(f'<section><p class="editors_note">{note}</p></section><article>{BODY}</article>')
    assert republication(page, ["A chaque civilisation"]) == note
    assert republication(page, ["A chaque civilisation", note]) is None
    german = tree("<p><em>Dieser Text erschien zuerst in der taz.</em></p>")
    assert republication(german, []) == "Dieser Text erschien zuerst in der taz."
    # a paragraph that mentions a first publication is not such a line
    long = "The study, first published in 2019, " + "found many things. " * 20
    assert republication(tree(f"<p>{long}</p>"), []) is None
