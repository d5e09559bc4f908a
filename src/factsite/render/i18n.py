"""factsite's own words in the site's language: gettext catalogues, CLDR dates, templates.

One catalogue per language, `factsite/locales/<lang>/LC_MESSAGES/factsite.po`, managed with
Babel (`make messages`: pybabel extract, update, compile; babel.cfg maps the sources). The
`.po` files are the only copy: they are compiled here, in memory, once per process and
language, so no compiled file can drift from its source. A site corrects or replaces any
message in `locales/<lang>.po` of its own (load/site_config.py reads it into
`Site.messages`), and any template in `templates/` (`Site.templates`): both win over the
package's, as `overrides/` wins over Material's partials.

The same translations serve Python (`Words.gettext`) and the Jinja2 templates of
`factsite/templates/` (jinja2.ext.i18n, new-style gettext). What a template prints goes
through `_finalize`: a value that is not already markup is contributor text and gets
escape.text(), as an f-string of the renderer would have given it. The renderers pass
contributor text pre-escaped (escape.text) wherever a template or a translated message
interpolates it, so that both paths escape the same way.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from importlib.resources import files
from typing import Any

import jinja2
from anyascii import anyascii
from babel import Locale
from babel.dates import format_date, format_skeleton
from babel.lists import format_list
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal
from babel.support import Translations
from markupsafe import Markup

from factsite.render.escape import attr, text

DOMAIN = "factsite"
SHIPPED = ("en", "de", "fr", "es", "pt", "ar", "he", "ru", "tr", "az")
# English dates as factsite always wrote them ("6 January 2026"): CLDR's en is "January 6,
# 2026". Every other language takes its own CLDR patterns.
_DATE_LOCALE = {"en": "en_GB"}

_EPOCH = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
Message = tuple[str | tuple[str, ...], str | tuple[str, ...]]  # (msgid, msgstr), plurals as tuples


def N_(message: str) -> str:
    """A message marked for the catalogue, translated later by the Words of a page."""
    return message


def _po_text(language: str) -> bytes | None:
    """The catalogue of `language`, or of its base language ("pt" for "pt-BR")."""
    for name in dict.fromkeys((language, language.replace("-", "_").split("_")[0])):
        path = files("factsite").joinpath("locales", name, "LC_MESSAGES", f"{DOMAIN}.po")
        if path.is_file():
            return path.read_bytes()
    return None


def catalogue(language: str, overrides: Sequence[Message] = ()) -> Catalog:
    """The package's catalogue for `language` (empty for a language factsite does not ship:
    its words stay English), with the site's own messages laid over it."""
    po = _po_text(language)
    # An empty catalogue gets fixed dates: the same input compiles to the same bytes.
    cat = (
        read_po(io.BytesIO(po), locale=_locale(language))
        if po
        else Catalog(locale=_locale(language), creation_date=_EPOCH, revision_date=_EPOCH)
    )
    for msgid, string in overrides:
        if msgid in cat:
            cat[msgid].string = string
            cat[msgid].flags.discard("fuzzy")
        else:
            cat.add(msgid, string)
    return cat


def compiled(language: str, overrides: Sequence[Message] = ()) -> bytes:
    """The catalogue as a .mo file: what gettext reads, and what MkDocs loads for the theme's
    own templates (overrides/locales/<lang>/LC_MESSAGES/messages.mo, render/theme.py)."""
    out = io.BytesIO()
    write_mo(out, catalogue(language, overrides))
    return out.getvalue()


def _locale(language: str) -> Locale:
    try:
        return Locale.parse(language.replace("-", "_"))
    except (ValueError, LookupError):
        return Locale("en")


@dataclass(frozen=True)
class Words:
    """The words, dates and direction of one site language."""

    language: str
    translations: Translations
    env: jinja2.Environment

    @property
    def locale(self) -> Locale:
        return _locale(self.language)

    @property
    def rtl(self) -> bool:
        return self.locale.character_order == "right-to-left"

    @property
    def direction(self) -> str:
        return "rtl" if self.rtl else "ltr"

    def gettext(self, message: str, **values: Any) -> str:
        """A message in the site's language; `values` fill its %(name)s placeholders."""
        out = self.translations.gettext(message)
        return out % values if values else out

    def ngettext(self, singular: str, plural: str, n: int, **values: Any) -> str:
        """The plural form CLDR gives for `n` in the site's language; `num` is `n` as the
        locale writes numbers ("10,500", "10.500", "10 500")."""
        num = self.number(n)
        return self.translations.ngettext(singular, plural, n) % {"num": num, **values}

    def number(self, n: int) -> str:
        return format_decimal(n, locale=_DATE_LOCALE.get(self.language) or self.locale)

    def date(self, value: str, *, estimated: bool = False) -> str:
        """'2026-01-05' as the locale writes it ('5 January 2026', '5. Januar 2026'); a
        partial date as far as it goes ('January 2026'); anything else unchanged. An
        `estimated` date says so ('6 January 2026 (estimated)'): render/common.py knows which."""
        shown = _date(_DATE_LOCALE.get(self.language) or str(self.locale), value)
        return self._estimated(shown) if estimated else shown

    def time_tag(self, value: str, *, estimated: bool = False) -> Markup:
        tag = f'<time datetime="{attr(value)}">{self.date(value)}</time>'
        return html(self._estimated(tag) if estimated else tag)

    def _estimated(self, date: str) -> str:
        # After the date, not "about" before it: a parenthesis fits every sentence the date
        # stands in, in every language ("am 6. Januar 2026 (geschätzt)").
        return self.gettext("%(date)s (estimated)", date=date)

    def join(self, items: Sequence[str]) -> str:
        """'a, b and c' with the locale's words and commas."""
        return format_list(list(items), locale=_DATE_LOCALE.get(self.language) or self.locale)

    def render(self, template: str, **values: Any) -> str:
        return self.env.get_template(template).render(**values)


@functools.lru_cache(maxsize=8192)
def _date(where: str, value: str) -> str:
    # Remembered: a site has few distinct dates, and Babel's formatting of one costs more
    # than the rest of a claim page's words together.
    try:
        parts = [int(p) for p in value.split("-")]
        if len(parts) == 3:
            return format_date(dt.date(*parts), "long", locale=where)
        if len(parts) == 2:
            return format_skeleton("yMMMM", dt.date(parts[0], parts[1], 1), locale=where)
    except ValueError:
        pass
    return value


def words(
    language: str,
    messages: Sequence[Message] = (),
    templates: Sequence[tuple[str, str]] = (),
) -> Words:
    """The Words of a site: its language, its own messages and its own templates."""
    return _words(language, tuple(messages), tuple(templates))


def for_site(site: Any) -> Words:
    return words(site.language, site.messages, site.templates)


def english() -> Words:
    """The package's own words, untranslated: for a caller that renders outside a site."""
    return words("en")


@functools.lru_cache(maxsize=16)
def _words(
    language: str, messages: tuple[Message, ...], templates: tuple[tuple[str, str], ...]
) -> Words:
    translations = Translations(io.BytesIO(compiled(language, messages)), domain=DOMAIN)
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(
            [jinja2.DictLoader(dict(templates)), jinja2.PackageLoader("factsite", "templates")]
        ),
        extensions=["jinja2.ext.i18n"],
        autoescape=True,
        finalize=_finalize,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
        # a run renders with the templates it started with: no stat() of the template file
        # on every page (a listing renders one template per row)
        auto_reload=False,
    )
    env.install_gettext_translations(translations, newstyle=True)  # type: ignore[attr-defined]
    w = Words(language, translations, env)
    env.globals |= {"date": w.time_tag, "language": language, "dir": w.direction}
    return w


def typed_forms(*texts: str) -> list[str]:
    """The words of `texts` as readers type them without their letters: "Azərbaycan" as
    "Azerbaycan", "Bakı" as "Baki", "Türkiye" as "Turkiye" (anyascii). Pagefind folds no
    letter (1.5), and ə and ı are letters of their own in any case, so the claim page gives
    these forms to the index beside the words as written (render/claim_page.py). Latin
    words only: a Hebrew or Cyrillic word is not typed in Latin letters by its readers."""
    out: dict[str, None] = {}
    for value in texts:
        if value.isascii():
            continue
        for word in _WORD.findall(value):
            if not word.isascii() and all(_latin(ch) for ch in word if ch.isalpha()):
                out[anyascii(word)] = None
    return list(out)


_WORD = re.compile(r"\w+")


def _latin(ch: str) -> bool:
    return unicodedata.name(ch, "").startswith("LATIN")


def html(value: str) -> Markup:
    """Markup the renderer made (its own tags around escaped text), passed to a template as
    it is. Contributor text is never passed through here unescaped: text() first."""
    return Markup(value)  # noqa: S704 (the one door for the renderer's own markup)


def _finalize(value: Any) -> Any:
    """Everything a template prints that is not already markup is text: escaped as the
    renderer escapes contributor text (HTML and Markdown syntax, bidi controls closed)."""
    kind = type(value)
    if kind is Markup or kind is int:  # most of what a listing prints: the quick way out
        return value
    if kind is str:
        return _escaped(value)
    if isinstance(value, Markup) or hasattr(value, "__html__"):
        return value
    if isinstance(value, int | float):
        return value
    return _escaped(str(value))


@functools.lru_cache(maxsize=1 << 16)
def _escaped(value: str) -> Markup:
    # Remembered: a listing prints each claim and claimant once per listing it is in (all
    # checks, its verdict, each topic, its claimant, the home page), the same text each time;
    # escaping it once saves a sixth of the listings' time at 10,000 claims.
    return html(text(value))
