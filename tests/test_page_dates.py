"""Publication dates (load/page_dates.py): stated dates first, in the forms outlets write."""

from __future__ import annotations

import pytest
from trafilatura.utils import load_html

from factsite.load import page_meta
from factsite.load.page_dates import machine_date, markup_date, published, text_date


def page_of(html: str) -> page_meta.Page:
    return page_meta.read_page(load_html(html))


MIDNIGHT = "stated in UTC, at {}: where the outlet is, it may be the day before or after"


@pytest.mark.parametrize(
    ("value", "near", "expected"),
    [
        ("2026-02-03T23:59:00-05:00", None, ("2026-02-03", None)),  # the outlet's own day
        ("2020-02-19T12:00:10.372Z", None, ("2020-02-19", None)),  # midday UTC: one day
        ("Wed, 04 May 2022 02:41:00 GMT", None, ("2022-05-04", MIDNIGHT.format("02:41"))),
        ("2019-10-19T22:14:55+0000", None, ("2019-10-19", MIDNIGHT.format("22:14"))),
        ("2022/05/10 17:36:11", None, ("2022-05-10", None)),
        ("10/05/2022 05:22 pm", "2022-05-10", ("2022-05-10", None)),  # the other is near
        ("10/05/2022 05:22 pm", None, ("2022-05-10", "its day and month may be swapped")),
        ("25/12/2021", None, ("2021-12-25", None)),  # only one reading is a date
        ("19.2.2020", None, ("2020-02-19", None)),
        ("2026-02-30", None, None),
        ("last Tuesday", None, None),
        (None, None, None),
    ],
)
def test_machine_dates_in_the_forms_outlets_write(
    value: str | None, near: str | None, expected: tuple[str, str | None] | None
) -> None:
    assert machine_date(value, near=near) == expected


def test_microdata_and_dublin_core_are_publication_dates() -> None:
    # issue 29: refused for "no publication date" although both say it
    html = (
        '<html><head><meta name="date" content="2020-02-18"></head><body><article>'
        '<time itemprop="datePublished" datetime="2020-02-19T08:00">19.2.</time>'
        "<p>Text.</p></article></body></html>"
    )
    assert published(page_of(html)) == ("2020-02-19", "microdata datePublished", None)
    assert published(page_of(html.replace('itemprop="datePublished" ', ""))) == (
        "2020-02-18",
        "<meta date>",
        None,
    )


def test_the_header_time_comes_before_a_modification_date() -> None:
    html = (
        '<html><head><meta http-equiv="last-modified" content="2019-10-21"></head><body>'
        '<article><header><time datetime="2019-10-19">19 Oct</time></header><p>x</p>'
        "</article></body></html>"
    )
    assert published(page_of(html)) == (
        "2019-10-19",
        "<time datetime> in the article's header",
        None,
    )


def test_a_modification_date_is_never_a_publication_date() -> None:
    html = (
        '<html><head><meta property="article:modified_time" content="2026-03-15T10:00:00Z">'
        "</head><body><p>Text without a date, © 2026 Example.</p></body></html>"
    )
    page = page_of(html)
    assert published(page) is None
    assert markup_date(html, "https://www.example.com/a", page) is None
    assert text_date(html, "https://www.example.com/a", page) is None  # a year alone is none
