"""render/contact.py: the route to the newsroom on the about, suggest and corrections pages
(issue 30, item 7): the repository's issue forms and the address of extra.factsite.contact."""

from __future__ import annotations

import dataclasses
import io
import re
from pathlib import Path

import pytest

from conftest import REPO, run_main, site_of
from factsite.commands.init import init
from factsite.commands.options import Options
from factsite.render import i18n
from factsite.render.contact import CONTACT, contact_fragment

ROUTE_PAGES = ("about", "suggest", "corrections")
REPO_URL = "https://github.com/riverton/checks"


def _site(root: Path, **options: str) -> Path:
    opts = Options(init_dir=root, repo_url=REPO_URL, **options)  # type: ignore[arg-type]
    assert init(opts, io.StringIO()) == 0
    return root


def test_the_fragment_gives_both_forms_and_the_address(tmp_path: Path) -> None:
    site = site_of(_site(tmp_path / "s", contact="desk@riverton.example"))
    text = contact_fragment(site)
    assert f"]({REPO_URL}/issues/new?template=suggest-claim.yml)" in text
    assert f"]({REPO_URL}/issues/new?template=correction.yml)" in text
    assert "[desk@riverton.example](mailto:desk@riverton.example)" in text
    url = dataclasses.replace(site, contact="https://riverton.example/contact?from=site")
    assert "(https://riverton.example/contact?from=site)" in contact_fragment(url)
    # no address configured: the forms only, and nothing that looks like one
    none = contact_fragment(dataclasses.replace(site, contact=""))
    assert "mailto:" not in none and "issues/new?template=correction.yml" in none
    # no repository: the address only, no link to a form that does not exist
    alone = contact_fragment(dataclasses.replace(site, repo_url=""))
    assert "issues/new" not in alone and "mailto:desk@riverton.example" in alone


def test_the_fragment_speaks_the_site_language(tmp_path: Path) -> None:
    site = site_of(_site(tmp_path / "s", contact="desk@riverton.example", language="de"))
    text = contact_fragment(site)
    words = i18n.words("de")
    assert words.gettext("To write to us: %(address)s", address="") in text
    assert "To write to us" not in text and "GitHub" in text


def test_an_address_cannot_bring_markup_or_end_the_link(tmp_path: Path) -> None:
    """The schema refuses such an address (validate); the fragment escapes it all the same."""
    site = site_of(_site(tmp_path / "s"))
    hostile = dataclasses.replace(site, contact="https://x.example/a)<script>[b](javascript:c)")
    text = contact_fragment(hostile)
    assert "<script>" not in text and "](javascript:" not in text
    [line] = [ln for ln in text.splitlines() if "x.example" in ln]
    assert line.count("](") == 1  # one link, whose target is the percent-encoded address


@pytest.mark.parametrize(
    "value", ["desk at riverton", "javascript:alert(1)", "mailto:desk@riverton.example", "a@b"]
)
def test_validate_refuses_an_address_that_is_neither_with_its_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], value: str
) -> None:
    root = _site(tmp_path / "s", contact="desk@riverton.example")
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace('"desk@riverton.example"', repr(value)), encoding="utf-8")
    line = next(
        n for n, ln in enumerate(config.read_text("utf-8").splitlines(), 1) if "contact:" in ln
    )
    result = run_main(capsys, root, "validate")
    assert result.returncode == 1
    found = [ln for ln in result.stdout.splitlines() if "$.extra.factsite.contact" in ln]
    assert len(found) == 1 and found[0].startswith(f"mkdocs.yml:{line}:")
    assert "error[invalid-value]" in found[0] and "an e-mail address or an http(s) URL" in found[0]


@pytest.mark.parametrize("language", ["en", "ar"])
def test_the_three_pages_of_a_built_site_show_the_route(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], language: str
) -> None:
    root = _site(tmp_path / "s", contact="desk@riverton.example", language=language)
    result = run_main(capsys, root, "build")
    assert result.returncode == 0, result.stdout + result.stderr
    for page in ROUTE_PAGES:
        html = (root / "site" / page / "index.html").read_text(encoding="utf-8")
        assert f'href="{REPO_URL}/issues/new?template=suggest-claim.yml"' in html, page
        assert f'href="{REPO_URL}/issues/new?template=correction.yml"' in html, page
        assert 'href="mailto:desk@riverton.example"' in html, page
    # written once: in mkdocs.yml and nowhere in the hand-written pages
    for page in (root / "docs").glob("*.md"):
        assert "desk@riverton.example" not in page.read_text(encoding="utf-8"), page


def test_this_repositorys_pages_link_its_forms_and_no_address() -> None:
    site = site_of(REPO)
    assert site.contact == ""  # the repository has no address: none is invented
    text = contact_fragment(site)
    assert "https://github.com/factsite/factsite/issues/new?template=suggest-claim.yml" in text
    assert "https://github.com/factsite/factsite/issues/new?template=correction.yml" in text
    assert "mailto:" not in text
    for form in ("suggest-claim.yml", "correction.yml"):
        assert (REPO / ".github" / "ISSUE_TEMPLATE" / form).is_file()
    for page in ROUTE_PAGES:
        text = (REPO / "docs" / f"{page}.md").read_text(encoding="utf-8")
        assert f'--8<-- "{CONTACT}"' in text, page
        assert not re.search(r"[\w.+-]+@[\w-]+\.[\w.]+", text), page  # no address written
