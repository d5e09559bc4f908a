"""A catalogue of hostile claim files, each with its exact outcome.

Every case is a claim file written over the repository's `embassy-tel-aviv-march-2023.yaml` in
a copy of the project. Its expected outcome is either the full list of (line, column, code) that
the validator reports for the file, with words the message must contain to be of use, or "no
problem at all", in which case the claim is rendered and its page checked for escaping.

The claim is rebuilt from the real file's data in a fixed layout (`base_parts`), one field per
line and the analysis last, so that line numbers below do not move when the claim's wording is
edited. Positions are 1-based, as the validator prints them.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys
import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import frontmatter
import markdown
import pytest
import yaml

from conftest import REPO, copy_project, run_factsite, site_of
from factsite.check import citations
from factsite.check.project import check_project
from factsite.load.strict_yaml import parse
from factsite.problems import CATALOGUE
from factsite.render import render_site
from factsite.render.escape import meta
from test_injection import audit, violations, visible_text

ARTICLE = "ynet-2026-01-azerbaijan-gaza"
CLAIM_ID = "embassy-tel-aviv-march-2023"
REL = f"claims/{ARTICLE}/{CLAIM_ID}.yaml"
MODELINE = "# yaml-language-server: $schema=../../schema/claim.schema.json"


def _q(value: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(value, ensure_ascii=False)


def uncited(analysis: str) -> str:
    """The analysis without its footnote citations: the base claim keeps only two of the real
    claim's sources, which its citations may not name."""
    _, definitions = citations.parse(analysis)
    for d in reversed(definitions):
        analysis = analysis[: d.start] + analysis[d.end :]
    return citations.MARKER.sub("", analysis).rstrip("\n") + "\n"


@cache
def base_data() -> dict:
    doc = parse(REL, (REPO / REL).read_text(encoding="utf-8"))
    assert doc.ok, doc.problems
    return doc.data


@cache
def base_parts() -> dict[str, str]:
    """Named lines of the base claim; the analysis block comes last (line 27 on)."""
    d = base_data()
    parts = {
        "modeline": MODELINE,  # 1
        "id": f"id: {CLAIM_ID}",  # 2
        "article": f"article: {ARTICLE}",  # 3
        "claim": f"claim: {_q(d['claim'])}",  # 4
        "quote": f"quote: {_q(d['quote'])}",  # 5
        "claimant": "claimant:",  # 6
        "name": f"  name: {_q(d['claimant']['name'])}",  # 7
        "type": f"  type: {d['claimant']['type']}",  # 8
        "claim_date": f'claim_date: "{d["claim_date"]}"',  # 9
        "verdict": f"verdict: {d['verdict']}",  # 10
        "ruling": f"ruling: {_q(d['ruling'])}",  # 11
        "topics": f"topics: [{', '.join(d['topics'])}]",  # 12
        "published": f'published: "{d["published"]}"',  # 13
        "sources": "sources:",  # 14
    }
    for i, s in enumerate(d["sources"][:2]):  # 15-20 and 21-26
        parts[f"s{i}_url"] = f"  - url: {s['url']}"
        parts[f"s{i}_title"] = f"    title: {_q(s['title'])}"
        parts[f"s{i}_publisher"] = f"    publisher: {_q(s['publisher'])}"
        parts[f"s{i}_kind"] = f"    kind: {s['kind']}"
        parts[f"s{i}_stance"] = f"    stance: {s['stance']}"
        parts[f"s{i}_note"] = f"    note: {_q(s['note'])}"
    analysis = uncited(d["analysis"]).rstrip("\n")
    parts["analysis"] = "analysis: |\n" + textwrap.indent(analysis, "  ")
    return parts


LINE = {key: n for n, key in enumerate(base_parts(), start=1)}


def claim(**lines: str | None) -> str:
    """The base claim with some named lines replaced (None deletes the line)."""
    parts = dict(base_parts())
    for key, value in lines.items():
        assert key in parts, key
        parts[key] = value
    return "\n".join(v for v in parts.values() if v is not None) + "\n"


def analysis(body: str) -> str:
    """An `analysis: |` block holding `body` (at least 50 characters)."""
    return "analysis: |\n" + textwrap.indent(body.strip("\n"), "  ")


def dump(data: dict) -> str:
    """A claim file for arbitrary data: the modeline, then the data as JSON (valid YAML)."""
    return MODELINE + "\n" + json.dumps(data, ensure_ascii=False, indent=2) + "\n"


# ---------------------------------------------------------------------------------------------
# The catalogue


@dataclass
class Case:
    name: str
    content: str | bytes  # the claim file's content, written to `path`
    expected: list[tuple[int, int, str]]  # every problem of the file: (line, column, code)
    says: tuple[str, ...] = ()  # words that the problems' messages must contain
    shows: tuple[str, ...] = ()  # accepted cases: strings the rendered claim page must contain
    path: str = REL
    setup: Callable[[Path], None] | None = None  # prepares the project beforehand


SAFE_ANALYSIS = (
    "**Plain text.** An analysis long enough for the schema's minimum of fifty characters."
)
SHORT = {"analysis": analysis(SAFE_ANALYSIS)}  # the analysis on lines 25-26
P = base_parts()
NO_SOURCES = {
    f"s{i}_{k}": None
    for i in (0, 1)
    for k in ("url", "title", "publisher", "kind", "stance", "note")
}
ALIAS_BOMB = (
    "\n".join(
        [MODELINE, 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
        + [
            f"{c}: &{c} [" + ",".join([f"*{p}"] * 9) + "]"
            for p, c in zip("abcdefgh", "bcdefghi", strict=True)
        ]
    )
    + "\n"
)
HTML_EVERYWHERE = claim(
    claim='claim: "<b>Aliyev</b> opened the <script>alert(1)</script> embassy"',
    name='  name: "<img src=x onerror=alert(2)>"',
    type='  type: Organization\n  role: "\\" onmouseover=\\"alert(3)"',
    ruling='ruling: "</p><script>alert(4)</script> The embassy opened on 29 March 2023."',
    s0_title='    title: "<iframe src=\\"https://example.org/\\"></iframe>"',
    s0_publisher='    publisher: "<svg onload=alert(5)>"',
    s0_note='    note: "</li></ul><script>alert(6)</script> The official opening."',
    published=P["published"]
    + '\nupdates:\n  - date: "2026-11-30"\n    note: "<style>body{display:none}</style> Fixed."',
    analysis=analysis(
        '<script>alert(7)</script>\n\n<div onclick="alert(8)">clickable</div>\n\n' + SAFE_ANALYSIS
    ),
)
WORLD = claim(
    claim="claim: Aliyev opened the embassy 🇦🇿 — 阿利耶夫 — Алиев — עליyev",
    name="  name: ידיעות אחרונות",
    type="  type: Organization\n  role: رئيس التحرير",
    ruling="ruling: Посольство открылось 29 марта 2023 года. 大使馆于2023年3月29日开馆。🏛️",
    analysis=analysis(
        "השגרירות נפתחה בתל אביב במרץ 2023.\n\nافتتحت السفارة في تل أبيب في مارس 2023.\n\n"
        + SAFE_ANALYSIS
    ),
)


def _duplicate_elsewhere(root: Path) -> None:
    other = root / "claims" / "another-article" / f"{CLAIM_ID}.yaml"
    other.parent.mkdir(parents=True)
    other.write_text(claim(), encoding="utf-8")


def _symlink_outside(root: Path) -> None:
    outside = root.parent / "outside"
    outside.mkdir()
    (outside / "evil.yaml").write_text(claim(id="id: evil"), encoding="utf-8")
    (root / "claims" / ARTICLE / "evil.yaml").symlink_to(outside / "evil.yaml")


C = Case
CASES: list[Case] = [
    # YAML syntax
    C(
        "unclosed-flow-sequence",
        claim(verdict="verdict: [mostly-true"),
        [(11, 7, "yaml-syntax")],
        ("flow sequence started on line 10, column 10", "']'"),
    ),
    C(
        "unclosed-double-quote",
        claim(claim='claim: "Aliyev oversaw the opening'),
        [(5, 9, "yaml-syntax")],
        ("did not find expected key",),
    ),
    C(
        "bad-indentation",
        claim(type=" type: Organization"),
        [(8, 2, "yaml-syntax")],
        ("did not find expected key",),
    ),
    C(
        "tab-indentation",
        claim(type="\ttype: Organization"),
        [(8, 1, "yaml-syntax")],
        ("tab", "spaces"),
    ),
    C(
        "duplicate-key-top-level",
        claim(verdict="verdict: mostly-true\nverdict: false"),
        [(11, 1, "yaml-duplicate-key")],
        ("'verdict'", "first defined on line 10"),
    ),
    C(
        "duplicate-key-nested",
        claim(type="  type: Organization\n  name: Someone else"),
        [(9, 3, "yaml-duplicate-key")],
        ("'name'", "first defined on line 7"),
    ),
    C(
        "duplicate-key-in-source",
        claim(s1_note=P["s1_note"] + "\n    stance: supports"),
        [(27, 5, "yaml-duplicate-key")],
        ("'stance'", "first defined on line 25"),
    ),
    # YAML 1.1 scalars: `no`, `on`, `yes` stay text; `true` is a boolean; dates stay text
    C(
        "yaml11-no-as-verdict",
        claim(verdict="verdict: no"),
        [(10, 10, "unknown-verdict")],
        ("'no' is not a verdict", "mostly-true"),
    ),
    C("yaml11-on-as-name", claim(name="  name: on"), [], shows=(">on</a>",)),
    C("yaml11-yes-as-role", claim(type="  type: Organization\n  role: yes"), [], shows=(", yes,",)),
    C(
        "true-as-name",
        claim(name="  name: true"),
        [(7, 9, "wrong-type")],
        ("$.claimant.name", "found a boolean", 'quote it, as in "true"'),
    ),
    C(
        "true-as-verdict",
        claim(verdict="verdict: true"),
        [(10, 10, "wrong-type")],
        ('quote it, as in "true"',),
    ),
    C(
        "unquoted-dates",
        claim(claim_date="claim_date: 2026-01-06", published="published: 2026-01-08"),
        [],
        shows=('datetime="2026-01-06"', 'datetime="2026-01-08"'),
    ),
    # Anchors, aliases, merge keys, tags
    C(
        "anchor-and-alias",
        claim(name="  name: &who Ynet News", type="  type: Organization\n  role: *who"),
        [(9, 9, "yaml-alias")],
        ("write the value out in full",),
    ),
    C("alias-bomb", ALIAS_BOMB, [(3, 8, "yaml-alias")], ("aliases",)),
    C("recursive-alias", claim(topics="topics: &t [*t]"), [(12, 13, "yaml-alias")], ("aliases",)),
    C(
        "merge-key",
        claim(claimant="claimant:\n  <<: {role: Editor}"),
        [(7, 3, "yaml-alias")],
        ("merge keys",),
    ),
    C(
        "python-object-tag",
        claim(verdict='verdict: !!python/object/apply:os.system ["echo pwned"]'),
        [(10, 10, "yaml-tag")],
        ("unsupported tag", "python/object/apply:os.system"),
    ),
    C(
        "python-name-tag",
        claim(verdict="verdict: !!python/name:os.system"),
        [(10, 10, "yaml-tag")],
        ("unsupported tag",),
    ),
    C(
        "custom-tag",
        claim(verdict="verdict: !verdict mostly-true"),
        [(10, 10, "yaml-tag")],
        ("unsupported tag '!verdict'",),
    ),
    C(
        "standard-tag-bad-value",
        claim(verdict="verdict: !!int 0x1F"),
        [(10, 10, "yaml-tag")],
        ("cannot read '0x1F' as !!int", "remove the tag"),
    ),
    C(
        "standard-tag-bad-bool",
        claim(name="  name: !!bool maybe"),
        [(7, 9, "yaml-tag")],
        ("!!bool",),
    ),
    # Documents
    C("empty-file", "", [(1, 1, "yaml-empty")], ("empty",)),
    C("only-comments", "# nothing here\n# still nothing\n", [(1, 1, "yaml-empty")], ("empty",)),
    C(
        "several-documents",
        claim(**SHORT) + "---\n" + claim(**SHORT),
        [(29, 1, "yaml-multiple-documents")],
        ("one claim per file",),
    ),
    # Bytes and encodings
    C("byte-order-mark", "\ufeff" + claim(), [], shows=("Ynet News",)),
    C("crlf-line-endings", claim().replace("\n", "\r\n"), [], shows=("Ynet News",)),
    C(
        "not-utf8",
        claim().encode().replace(b"verdict: mostly-true", b"verdict: mostly-\xfftrue"),
        [(10, 17, "file-encoding")],
        ("0xff", "UTF-8"),
    ),
    C(
        "latin1-file",
        claim(s0_title='    title: "Eröffnung"').encode().replace("ö".encode(), b"\xf6"),
        [(16, 15, "file-encoding")],
        ("0xf6",),
    ),
    C("utf16-file", claim().encode("utf-16"), [(1, 1, "file-encoding")], ("UTF-8",)),
    C(
        "nul-byte",
        claim(verdict="verdict: mostly\x00-true"),
        [(10, 16, "file-control-char")],
        ("U+0000", "delete it"),
    ),
    C(
        "terminal-escape",
        claim(ruling='ruling: "\x1b[31mred\x1b[0m is a terminal colour sequence"'),
        [(11, 10, "file-control-char")],
        ("U+001B",),
    ),
    C(
        "over-size-cap",
        claim() + "# " + "x" * 70_000 + "\n",
        [(1, 1, "file-too-large")],
        ("64 KiB",),
    ),
    C(
        "too-long-string",
        claim(type="  type: Organization\n  role: " + "r" * 5000),
        [(9, 9, "invalid-value")],
        ("$.claimant.role", "too long", "at most 120"),
    ),
    C(
        "deep-flow-nesting",
        claim(topics="topics: " + "[" * 500 + "]" * 500),
        [(12, 59, "yaml-too-deep")],
        ("nested",),
    ),
    C(
        "deep-block-nesting",
        claim(topics="topics:\n  " + "- " * 500 + "x"),
        [(13, 103, "yaml-too-deep")],
        ("nested",),
    ),
    C(
        "libyaml-depth-limit",
        claim(topics="topics: " + "{a: " * 2000 + "b" + "}" * 2000),
        [(12, 4005, "yaml-too-deep")],
        ("nested",),
    ),
    C(
        "huge-number",
        claim(verdict="verdict: " + "9" * 5000),
        [(10, 10, "yaml-syntax")],
        ("5000 digits", "quote it"),
    ),
    # Wrong types at every level
    C(
        "top-level-list",
        MODELINE + "\n- id: x\n- id: y\n",
        [(2, 1, "wrong-type")],
        ("expected a mapping, found a list",),
    ),
    C(
        "top-level-text",
        MODELINE + "\njust some text\n",
        [(2, 1, "wrong-type")],
        ("expected a mapping, found text",),
    ),
    C(
        "claimant-as-text",
        claim(claimant="claimant: Ynet News", name=None, type=None),
        [(6, 11, "wrong-type")],
        ("$.claimant", "expected a mapping, found text"),
    ),
    C(
        "sources-as-mapping",
        claim(sources="sources:\n  first: https://example.org/", **NO_SOURCES),
        [(15, 3, "wrong-type")],
        ("$.sources", "expected a list, found a mapping"),
    ),
    C(
        "number-as-source-title",
        claim(s0_title="    title: 2023"),
        [(16, 12, "wrong-type")],
        ("$.sources[0].title", 'quote it, as in "2023"'),
    ),
    C(
        "list-as-verdict",
        claim(verdict="verdict: [mostly-true, half-true]"),
        [(10, 10, "wrong-type")],
        ("expected text, found a list",),
    ),
    C("empty-claim", claim(claim="claim:"), [(4, 7, "wrong-type")], ("found empty",)),
    C(
        "mapping-as-topic",
        claim(topics="topics: [{diplomacy: yes}]"),
        [(12, 10, "wrong-type")],
        ("$.topics[0]",),
    ),
    C(
        "number-as-key",
        claim(verdict="verdict: mostly-true\n1: one"),
        [(11, 1, "unknown-field")],
        ("$.1: unknown field",),
    ),
    C(
        "list-as-key",
        claim(verdict="verdict: mostly-true\n? [a, b]\n: c"),
        [(11, 3, "yaml-syntax")],
        ("plain text",),
    ),
    # Fields
    C(
        "unknown-field-top-level",
        claim(verdict="verdikt: mostly-true"),
        [(2, 1, "missing-field"), (10, 1, "unknown-field")],
        ("missing required field 'verdict'", "did you mean 'verdict'?"),
    ),
    C(
        "unknown-field-in-source",
        claim(s0_title=P["s0_title"].replace("title:", "titel:")),
        [(15, 5, "missing-field"), (16, 5, "unknown-field")],
        ("$.sources[0].titel", "did you mean 'title'?"),
    ),
    C(
        "missing-required-field",
        claim(ruling=None),
        [(2, 1, "missing-field")],
        ("'ruling'", "one or two sentences"),
    ),
    C(
        "missing-field-in-claimant",
        claim(type=None),
        [(7, 3, "missing-field")],
        ("$.claimant", "'type'"),
    ),
    C(
        "unknown-verdict",
        claim(verdict="verdict: mostly-correct"),
        [(10, 10, "unknown-verdict")],
        ("did you mean 'mostly-true'?",),
    ),
    C(
        "unknown-article",
        claim(article="article: ynet-2026-01-somewhere-else"),
        [(3, 10, "unknown-article")],
        ("known: ynet-2026-01-azerbaijan-gaza",),
    ),
    C(
        "id-not-file-name",
        claim(id="id: embassy-in-tel-aviv"),
        [(2, 5, "id-mismatch")],
        ("differs from the file name",),
    ),
    C(
        "duplicate-id",
        claim(),
        [(2, 5, "duplicate-id")],
        (f"claims/another-article/{CLAIM_ID}.yaml",),
        setup=_duplicate_elsewhere,
    ),
    C(
        "id-with-dot-dot",
        claim(id="id: ../../etc/passwd"),
        [(2, 5, "id-mismatch"), (2, 5, "invalid-value")],
        ("required form",),
    ),
    C(
        "id-with-slash",
        claim(id="id: claims/embassy"),
        [(2, 5, "id-mismatch"), (2, 5, "invalid-value")],
        ("required form",),
    ),
    C(
        "article-with-dot-dot",
        claim(article="article: ../articles/ynet"),
        [(3, 10, "invalid-value"), (3, 10, "unknown-article")],
        ("required form",),
    ),
    C(
        "id-with-zero-width-space",
        claim(id="id: embassy-tel-aviv-march-2023\u200b"),
        [(2, 5, "id-mismatch"), (2, 5, "invalid-value")],
        ("required form", "differs from the file name"),
    ),
    C(
        "symlink-out-of-the-project",
        "",
        [(1, 1, "file-outside-repo")],
        ("outside the project",),
        path=f"claims/{ARTICLE}/evil.yaml",
        setup=_symlink_outside,
    ),
    C(
        "quote-not-in-article",
        claim(quote='quote: "Aliyev oversaw the opening of Azerbaijan’s consulate in Haifa"'),
        [(5, 8, "quote-not-found")],
        ("first 6 word(s)", "'consulate'"),
    ),
    # URLs
    C(
        "javascript-url-in-source",
        claim(s0_url="  - url: javascript:alert(1)"),
        [(15, 10, "bad-url")],
        ("$.sources[0].url", "http(s)"),
    ),
    C(
        "data-url-in-source",
        claim(s0_url="  - url: data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=="),
        [(15, 10, "bad-url")],
        ("'data:text/html", "http(s)"),
    ),
    C(
        "file-url-in-source",
        claim(s0_url="  - url: file:///etc/passwd"),
        [(15, 10, "bad-url")],
        ("'file:///etc/passwd'", "http(s)"),
    ),
    C(
        "vbscript-url-as-archive",
        claim(s0_note=P["s0_note"] + "\n    archive_url: vbscript:msgbox(1)"),
        [(21, 18, "bad-url")],
        ("$.sources[0].archive_url",),
    ),
    C(
        "javascript-url-of-claimant",
        claim(type="  type: Organization\n  url: JavaScript:alert(1)"),
        [(9, 8, "bad-url")],
        ("$.claimant.url",),
    ),
    C(
        "url-with-credentials",
        claim(s1_url="  - url: https://admin:hunter2@en.trend.az/azerbaijan/politics/3728529.html"),
        [(21, 10, "bad-url")],
        ("user name or password",),
    ),
    # Dates
    C(
        "future-date",
        claim(published='published: "2027-01-08"'),
        [(13, 12, "future-date")],
        ("in the future", "today is 2026-12-01"),
    ),
    C(
        "impossible-date",
        claim(claim_date='claim_date: "2026-02-30"'),
        [(9, 13, "bad-date")],
        ("not a real date",),
    ),
    C(
        "claim-after-publication",
        claim(claim_date='claim_date: "2026-11-29"'),
        [(9, 13, "date-order")],
        ("made after its check was published",),
    ),
    C(
        "update-before-publication",
        claim(
            published=P["published"]
            + '\nupdates:\n  - date: "2026-01-07"\n    note: "Fixed the date."'
        ),
        [(15, 11, "date-order")],
        ("before the check was published",),
    ),
    # HTML and Markdown
    C(
        "html-in-every-text-field",
        HTML_EVERYWHERE,
        [],
        shows=(
            "&lt;b&gt;Aliyev&lt;/b&gt;",
            "&lt;img src=x onerror=alert&#40;2&#41;&gt;",
            "&lt;script>alert(7)&lt;/script>",
        ),
    ),
    C(
        "front-matter-markers-in-analysis",
        claim(analysis=analysis("---\ntitle: Hijacked\nhide: [toc]\n---\n\n" + SAFE_ANALYSIS)),
        [],
        shows=("#### hide: [toc]",),
    ),
    C(
        "attribute-list-in-analysis",
        claim(
            analysis=analysis(SAFE_ANALYSIS + '\n{: onclick="alert(1)" }\n\nMore text {: #x .y }')
        ),
        [],
        shows=('{: onclick="alert(1)" }',),
    ),
    C(
        "short-snippet-marker-in-analysis",
        claim(analysis=analysis(SAFE_ANALYSIS + '\n\n-8<- "about.md"')),
        [],
        shows=('-8&lt;- "about.md"',),
    ),
    C(
        "javascript-link-in-analysis",
        claim(analysis=analysis(SAFE_ANALYSIS + "\nSee [the source](javascript:alert(1)) here.")),
        [(29, 20, "unsafe-markdown")],
        ("link target", "http(s)"),
    ),
    C(
        "data-link-in-analysis",
        claim(analysis=analysis(SAFE_ANALYSIS + "\nSee [it]( <data:text/html,x>) here.")),
        [(29, 14, "unsafe-markdown")],
        ("'data:text/html,x'",),
    ),
    C(
        "file-link-in-analysis",
        claim(analysis=analysis(SAFE_ANALYSIS + "\nSee [the file](file:///etc/passwd).")),
        [(29, 18, "unsafe-markdown")],
        ("'file:///etc/passwd'",),
    ),
    C(
        "reference-link-in-analysis",
        claim(analysis=analysis(SAFE_ANALYSIS + "\n\n[src]: javascript:alert(1)")),
        [(30, 10, "unsafe-markdown")],
        ("'javascript:alert(1)'",),
    ),
    C(
        "autolink-in-analysis",
        claim(analysis=analysis(SAFE_ANALYSIS + "\nSee <vbscript:msgbox(1)>.")),
        [(29, 8, "unsafe-markdown")],
        ("'vbscript:msgbox(1)'",),
    ),
    C(
        "entity-obfuscated-link-in-analysis",
        claim(analysis=analysis(SAFE_ANALYSIS + "\n[x](&#106;avascript:alert(1))")),
        [(29, 7, "unsafe-markdown")],
        ("'&#106;avascript:alert(1'",),
    ),
    C(
        "raw-html-in-analysis",
        claim(
            analysis=analysis(
                '<script>alert(1)</script>\n<iframe src="https://example.org/"></iframe>\n\n'
                '<a href="javascript:alert(2)" onclick="alert(3)">click</a>\n\n' + SAFE_ANALYSIS
            )
        ),
        [],
        shows=("&lt;script>alert(1)&lt;/script>", '&lt;a href="javascript:alert(2)"'),
    ),
    C(
        "image-in-analysis",
        claim(analysis=analysis(SAFE_ANALYSIS + "\n![tracker](https://example.org/pixel.png)")),
        [(29, 3, "unsafe-markdown")],
        ("images are not allowed",),
    ),
    C(
        "snippet-marker-in-analysis",
        claim(analysis=analysis(SAFE_ANALYSIS + '\n--8<-- "mkdocs.yml"')),
        [(29, 3, "unsafe-markdown")],
        ("--8<--",),
    ),
    C(
        "footnote-to-a-script",
        claim(analysis=analysis(SAFE_ANALYSIS + "[^1]\n\n[^1]: javascript:alert(1)")),
        [(30, 9, "bad-citation"), (30, 9, "unsafe-markdown")],
        ("not the url of a source", "not an absolute http(s) URL"),
    ),
    C(
        "footnote-label-with-markup",
        claim(analysis=analysis(SAFE_ANALYSIS + " [^<script>alert(1)</script>]")),
        [],
        shows=("[^&lt;script>alert(1)&lt;/script>]",),
    ),
    # Scripts of the world
    C(
        "right-to-left-and-non-latin-text",
        WORLD,
        [],
        shows=(
            "ידיעות אחרונות",
            "رئيس التحرير",
            "阿利耶夫",
            "Алиев",
            "🇦🇿",
            "🏛️",
            "השגרירות נפתחה",
            "افتتحت السفارة",
        ),
    ),
]


def write_case(root: Path, c: Case) -> Path:
    if c.setup:
        c.setup(root)
    path = root / c.path
    if not path.is_symlink():
        path.write_bytes(c.content.encode("utf-8") if isinstance(c.content, str) else c.content)
    return path


def only_this_claim(root: Path, path: Path) -> None:
    """Remove every other claim, so that rendering does not depend on the others."""
    for other in (root / "claims").rglob("*.yaml"):
        if other != path:
            other.unlink()


def test_the_catalogue_is_large_and_its_codes_exist() -> None:
    assert len(CASES) >= 35
    assert len({c.name for c in CASES}) == len(CASES)
    assert [c.name for c in CASES if c.expected and not c.says] == []  # every message is read
    codes = {code for c in CASES for _, _, code in c.expected}
    assert codes <= set(CATALOGUE), codes - set(CATALOGUE)


def test_the_base_claim_is_valid_and_is_the_real_one(project: Path) -> None:
    path = project / REL
    path.write_text(claim(), encoding="utf-8")
    assert check_project(project, [path]).problems == []
    data = parse(REL, claim()).data
    real = base_data()
    for key in ("id", "claim", "quote", "claim_date", "verdict", "ruling", "topics"):
        assert data[key] == real[key], key
    assert data["analysis"] == uncited(real["analysis"]).rstrip("\n") + "\n"
    assert LINE["verdict"] == 10 and LINE["s0_url"] == 15 and LINE["analysis"] == 27


@pytest.mark.parametrize("c", CASES, ids=lambda c: c.name)
def test_catalogue(project: Path, c: Case, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write_case(project, c)
    if path.is_symlink():  # reported by the walk of claims/, as `factsite validate` does
        problems = [p for p in check_project(project).problems if p.path == c.path]
    else:
        problems = check_project(project, [path]).problems
    assert [(p.line, p.col, p.code) for p in problems] == c.expected
    for p in problems:
        assert p.path == c.path
        assert p.code in CATALOGUE
        assert p.message.strip() and "\n" not in p.message and "Traceback" not in p.message
        assert p.text() == f"{c.path}:{p.line}:{p.col}: error[{p.code}] {p.message}"
    said = " ".join(p.message for p in problems)
    assert [w for w in c.says if w not in said] == [], said
    if not c.expected:
        assert_rendered_safely(project, path, c.shows, monkeypatch)


def assert_rendered_safely(
    root: Path, path: Path, shows: tuple[str, ...], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Render the accepted claim; its page, converted as MkDocs would, runs no script."""
    only_this_claim(root, path)
    proj = check_project(root)
    assert proj.problems == []
    pages = render_site(proj, site_of(root))
    text = pages[f"claims/{CLAIM_ID}.md"]
    assert [s for s in shows if s not in text] == []
    post = frontmatter.loads(text)
    assert post["title"] == meta(proj.claims[0]["claim"])  # the analysis adds no front matter
    monkeypatch.chdir(root)  # pymdownx.snippets reads docs/ from the working directory
    body = markdown_to_html(root, post.content)
    assert violations(body) == []
    analysed = re.search(r">Analysis</h2>(.*)<h2[^>]*>Sources</h2>", body, re.S)
    assert analysed, body
    assert not re.search(r"<h[12][ >]", analysed[1])  # its headings rank below the page's


def markdown_to_html(root: Path, text: str) -> str:
    """Convert with the Markdown extensions of the project's mkdocs.yml."""

    class ConfigLoader(yaml.SafeLoader):
        pass

    ConfigLoader.add_constructor("!ENV", lambda loader, node: None)
    config = yaml.load((root / "mkdocs.yml").read_text("utf-8"), Loader=ConfigLoader)  # noqa: S506
    names, settings = [], {}
    for ext in config["markdown_extensions"]:
        name = next(iter(ext)) if isinstance(ext, dict) else ext
        names.append(name)
        if isinstance(ext, dict):
            settings[name] = ext[name]
    return markdown.markdown(text, extensions=names, extension_configs=settings)


# ---------------------------------------------------------------------------------------------
# Through the command line: exit code 1, the same positions, never a traceback

CLI_CASES = [
    "standard-tag-bad-value",
    "huge-number",
    "not-utf8",
    "nul-byte",
    "python-object-tag",
    "libyaml-depth-limit",
    "alias-bomb",
    "over-size-cap",
]
PROBLEM_LINE = re.compile(
    r"^(?P<path>[^:]+):(?P<line>\d+):(?P<col>\d+): error\[(?P<code>[a-z-]+)\] "
)


@pytest.mark.parametrize("name", CLI_CASES)
def test_cli_reports_the_same_problems(project: Path, name: str) -> None:
    (c,) = [c for c in CASES if c.name == name]
    write_case(project, c)
    result = run_factsite(project, "validate", c.path)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    found = [PROBLEM_LINE.match(line) for line in result.stdout.splitlines()]
    assert all(found), result.stdout
    assert [(m["path"], int(m["line"]), int(m["col"]), m["code"]) for m in found if m] == [
        (c.path, line, col, code) for line, col, code in c.expected
    ]


def test_alias_bomb_is_refused_in_well_under_a_second(project: Path) -> None:
    """Measured in a subprocess with a timeout, so that a regression fails instead of hanging."""
    (project / REL).write_text(ALIAS_BOMB, encoding="utf-8")
    script = textwrap.dedent(
        """
        import json, sys, time
        from pathlib import Path
        from factsite.check.project import check_project
        from factsite.load.strict_yaml import parse
        root, path, rel = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]
        start = time.perf_counter()
        doc = parse(rel, path.read_text(encoding="utf-8"))
        parsed = time.perf_counter() - start
        project = check_project(root, [path])
        checked = time.perf_counter() - start
        found = [(p.line, p.col, p.code) for p in project.problems if p.path == rel]
        print(json.dumps([parsed, checked, found, len(doc.problems)]))
        """
    )
    env = {**os.environ, "FACTSITE_TODAY": "2026-12-01"}
    result = subprocess.run(
        [sys.executable, "-c", script, str(project), str(project / REL), REL],
        capture_output=True,
        text=True,
        timeout=20,
        check=True,
        env=env,
    )
    parsed, checked, found, n = json.loads(result.stdout)
    assert found == [[3, 8, "yaml-alias"]] and n == 1
    assert parsed < 0.1, parsed  # the bomb is refused at the first alias, not expanded
    assert checked < 10, checked  # the whole project, with the bomb in it


def test_symlinked_claim_given_on_the_command_line(project: Path) -> None:
    """A symlink out of the project, named explicitly, is refused, and reported once."""
    _symlink_outside(project)
    link = project / "claims" / ARTICLE / "evil.yaml"
    problems = check_project(project, [link]).problems
    assert [(p.path, p.line, p.col, p.code) for p in problems] == [
        (f"claims/{ARTICLE}/evil.yaml", 1, 1, "file-outside-repo")
    ]


def test_symlinked_directory_is_not_followed(project: Path) -> None:
    outside = project.parent / "outside"
    outside.mkdir()
    (outside / "smuggled.yaml").write_text(claim(id="id: smuggled"), encoding="utf-8")
    (project / "claims" / "linked").symlink_to(outside, target_is_directory=True)
    proj = check_project(project)
    assert "smuggled" not in proj.claim_paths
    assert not [p for p in proj.problems if "linked" in p.path]
    # Named explicitly, it is refused rather than read.
    named = check_project(project, [project / "claims" / "linked" / "smuggled.yaml"])
    assert [(p.path, p.code) for p in named.problems] == [
        ("claims/linked/smuggled.yaml", "file-outside-repo")
    ]
    assert "smuggled" not in named.claim_paths


# ---------------------------------------------------------------------------------------------
# Full builds: scripts of the world survive; a failure leaves everything as it was


def solo_project(tmp_path: Path, content: str) -> Path:
    """A project whose only claim is `content`, at the base claim's path."""
    root = copy_project(tmp_path / "project", claims=False)
    (root / REL).parent.mkdir(parents=True)
    (root / REL).write_text(content, encoding="utf-8")
    return root


@pytest.mark.slow
def test_right_to_left_and_non_latin_text_is_intact_in_the_built_html(tmp_path: Path) -> None:
    root = solo_project(tmp_path, WORLD)
    result = run_factsite(root, "build")
    assert result.returncode == 0, result.stdout + result.stderr
    data = parse(REL, WORLD).data
    built = (root / "site" / "claims" / CLAIM_ID / "index.html").read_text("utf-8")
    a = audit(built)
    assert a.titles == [f"{data['claim']} - factsite"]
    text = "\n".join(visible_text(built))
    for value in (
        data["claim"],
        data["claimant"]["name"],
        data["claimant"]["role"],
        data["ruling"],
    ):
        assert value in text
    for paragraph in data["analysis"].split("\n\n")[:2]:
        assert paragraph in text
    assert '<blockquote class="fs-quote"><p dir="auto">' in built
    assert violations(built) == []
    listing = "\n".join(visible_text((root / "site/claimants/index.html").read_text("utf-8")))
    assert data["claimant"]["name"] in listing


def tree(path: Path) -> dict[str, str]:
    """Every file under `path` with the SHA-256 of its bytes."""
    return {
        p.relative_to(path).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(path.rglob("*"))
        if p.is_file()
    }


@pytest.mark.slow
def test_a_failure_leaves_docs_and_site_untouched(tmp_path: Path) -> None:
    root = solo_project(tmp_path, claim())
    assert run_factsite(root, "build").returncode == 0
    docs, site = tree(root / "docs"), tree(root / "site")
    assert f"claims/{CLAIM_ID}/index.html" in site and f"claims/{CLAIM_ID}.md" in docs

    # An invalid claim: render and build write nothing.
    (root / REL).write_text(claim(verdict="verdict: [mostly-true"), encoding="utf-8")
    for command in ("render", "build"):
        result = run_factsite(root, command)
        assert result.returncode == 1, command
        assert "Traceback" not in result.stderr
        assert f"{REL}:11:7: error[yaml-syntax]" in result.stdout
        assert tree(root / "docs") == docs and tree(root / "site") == site, command

    # A valid claim but a site that mkdocs --strict refuses: the previous site/ stays.
    (root / REL).write_text(claim(), encoding="utf-8")
    config = root / "mkdocs.yml"
    config.write_text(
        config.read_text("utf-8").replace(
            "  - Open data: data.md\n", "  - Open data: data.md\n  - Missing: no-such-page.md\n"
        ),
        encoding="utf-8",
    )
    assert "no-such-page.md" in config.read_text("utf-8")
    result = run_factsite(root, "build")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "previous site/ is unchanged" in result.stderr
    assert tree(root / "site") == site and tree(root / "docs") == docs
    assert not list(root.glob(".site-build-*")) and not list(root.glob(".site-old-*"))
