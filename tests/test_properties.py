"""Property-based tests: whatever a contributor's file holds, the validator answers with problems.

(a) Random YAML-ish text and random bytes, (b) random mutations of a valid claim: loading and
checking never raises, and every problem has a position inside the file and a code of the
catalogue. (c) The escaping functions never let markup or Markdown link syntax through, and
escaped text reads back as the (whitespace-normalised) original.

Deterministic: derandomize=True and no example database, so CI runs the same examples each time.
"""

from __future__ import annotations

import copy
import html
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import REPO, TODAY, copy_project
from factsite.check import rules
from factsite.check.claim import ClaimContext, check_claim
from factsite.check.markup import html_of, refused
from factsite.check.project import check_project, load_articles, load_scale, load_topics
from factsite.check.rules import markdown_problems, url_problem
from factsite.check.schemas import claim_schema
from factsite.load.files import Layout, load_document
from factsite.load.strict_yaml import parse
from factsite.problems import CATALOGUE, Problem
from factsite.render.escape import isolated, markdown, meta, text
from test_hostile import REL, base_claim, markdown_to_html
from test_injection import violations

SETTINGS = settings(
    max_examples=300,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


class Checker:
    """Writes a claim file into a copy of the project and runs every per-file check on it."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.layout = Layout(root)
        scale, problems = load_scale(self.layout)
        topics, more = load_topics(self.layout)
        articles, most = load_articles(self.layout)
        assert problems == more == most == []
        self.ctx = ClaimContext(
            claim_schema(scale),
            [v.label for v in scale.verdicts],
            set(topics),
            {a: art.normalised for a, art in articles.items()},
            rules.today(),
            rated=frozenset(v.id for v in scale.verdicts if v.rating is not None),
        )
        self.path = root / REL
        self.path.parent.mkdir(parents=True, exist_ok=True)

    def check(self, content: str | bytes) -> list[Problem]:
        raw = content.encode("utf-8", "surrogatepass") if isinstance(content, str) else content
        self.path.write_bytes(raw)
        doc = check_claim(load_document(self.layout, self.path), self.ctx)
        assert_well_formed(doc.problems, raw)
        return doc.problems


def assert_well_formed(problems: list[Problem], raw: bytes) -> None:
    """Each problem names the file, a position inside it and a code of the catalogue."""
    assert isinstance(problems, list)
    decoded = raw.decode("utf-8", "replace").lstrip("\ufeff")
    for p in problems:
        assert isinstance(p, Problem)
        assert p.path == REL
        assert p.code in CATALOGUE, p
        assert isinstance(p.message, str) and p.message.strip(), p
        # Reading counts lines by "\n"; YAML also breaks lines at a lone "\r", U+2028, U+2029.
        breaks = "\n" if p.code.startswith("file-") else "\r\n|[\r\n\u2028\u2029]"
        lines = re.split(breaks, decoded)
        assert 1 <= p.line <= len(lines) + 1, (p, len(lines))
        assert p.col >= 1, p
        if p.line <= len(lines) and p.code != "file-encoding":  # bytes, not characters
            assert p.col <= len(lines[p.line - 1]) + 2, (p, lines[p.line - 1][:80])


@pytest.fixture(scope="module")
def checker(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Checker]:
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("FACTSITE_TODAY", TODAY)  # the autouse fixture is function-scoped
        root = copy_project(tmp_path_factory.mktemp("properties") / "project", claims=False)
        yield Checker(root)


# ---------------------------------------------------------------------------------------------
# (a) Random text and bytes

FRAGMENTS = [
    "id: ",
    "claim: ",
    "verdict: ",
    "sources:",
    "claimant:",
    "  name: ",
    "  - url: ",
    "- ",
    "? ",
    ": ",
    "&a ",
    "*a",
    "<<: ",
    "!!python/object/apply:os.system ",
    "!!int ",
    "!!binary ",
    "!!set ",
    "!!timestamp ",
    "!custom ",
    "{",
    "}",
    "[",
    "]",
    ",",
    '"',
    "'",
    "|",
    ">-",
    "---",
    "...",
    "# ",
    "%YAML 1.2",
    "%TAG ! tag:x,2000:",
    "\t",
    "\r\n",
    "\n",
    "  ",
    "true",
    "no",
    "~",
    "2026-02-30",
    "0x1F",
    "1e999",
    ".nan",
    "9" * 30,
    "\\",
    "\ufeff",
    "\u202e",
    "\x00",
    "\x85",
    "javascript:alert(1)",
    "<script>",
    "ü",
    "😀",
    "שלום",
]
yamlish = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=8)), max_size=60).map(
    "".join
)


@SETTINGS
@given(yamlish)
def test_yamlish_text_never_raises(checker: Checker, content: str) -> None:
    checker.check(content)


@SETTINGS
@given(st.binary(max_size=3000))
def test_random_bytes_never_raise(checker: Checker, content: bytes) -> None:
    checker.check(content)


@settings(SETTINGS, max_examples=60)
@given(st.binary(min_size=1, max_size=40), st.integers(min_value=0))
def test_bytes_spliced_into_a_valid_claim_never_raise(
    checker: Checker, junk: bytes, at: int
) -> None:
    base = base_claim().encode("utf-8")
    at %= len(base)
    checker.check(base[:at] + junk + base[at:])


@settings(SETTINGS, max_examples=15)
@given(yamlish)
def test_check_project_never_raises(checker: Checker, content: str) -> None:
    checker.path.write_bytes(content.encode("utf-8", "surrogatepass"))
    project = check_project(checker.root, [checker.path])
    for p in project.problems:
        assert p.code in CATALOGUE


# ---------------------------------------------------------------------------------------------
# (b) Mutations of a valid claim


def base_data() -> dict[str, Any]:
    return parse(REL, base_claim()).data


def paths_of(data: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every path to a value inside `data`."""
    found = [prefix] if prefix else []
    if isinstance(data, dict):
        for k, v in data.items():
            found += paths_of(v, (*prefix, k))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            found += paths_of(v, (*prefix, i))
    return found


def parent_of(data: Any, path: tuple[Any, ...]) -> Any:
    for part in path[:-1]:
        data = data[part]
    return data


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=6,
)


def dump(data: Any, style: int) -> str:
    """The data as a claim file, in one of three YAML styles."""
    head = "# yaml-language-server: $schema=../../schema/claim.schema.json\n"
    if style == 0:
        return head + json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    return head + yaml.safe_dump(
        data, sort_keys=False, allow_unicode=True, default_flow_style=(style == 2)
    )


@settings(SETTINGS, max_examples=120)
@given(st.data())
def test_mutated_data_gives_problems_not_exceptions(checker: Checker, data: st.DataObject) -> None:
    claim_data = copy.deepcopy(base_data())
    paths = paths_of(claim_data)
    for _ in range(data.draw(st.integers(1, 3), label="mutations")):
        path = data.draw(st.sampled_from(paths), label="path")
        try:
            parent = parent_of(claim_data, path)
            parent[path[-1]]
        except (KeyError, IndexError, TypeError):
            continue
        action = data.draw(st.sampled_from(["delete", "retype", "unicode"]), label="action")
        if action == "delete":
            del parent[path[-1]]
        elif action == "retype":
            parent[path[-1]] = data.draw(json_values, label="value")
        elif isinstance(parent[path[-1]], str):
            value = parent[path[-1]]
            at = data.draw(st.integers(0, len(value)), label="at")
            parent[path[-1]] = (
                value[:at] + data.draw(st.text(min_size=1), label="text") + value[at:]
            )
    style = data.draw(st.integers(0, 2), label="style")
    try:
        content = dump(claim_data, style)
    except (ValueError, yaml.YAMLError):  # e.g. lone surrogates, which no file can hold
        return
    checker.check(content)


KEY_LINE = re.compile(r"^ *[a-z_]+:", re.M)  # a key that is not the first of a list item


@settings(SETTINGS, max_examples=120)
@given(st.data())
def test_mutated_text_gives_problems_not_exceptions(checker: Checker, data: st.DataObject) -> None:
    source = data.draw(
        st.sampled_from([base_claim(), (REPO / REL).read_text(encoding="utf-8")]), label="base"
    )
    action = data.draw(
        st.sampled_from(["truncate", "insert", "duplicate-key", "delete-line", "swap-lines"]),
        label="action",
    )
    lines = source.split("\n")
    if action == "truncate":
        content = source[: data.draw(st.integers(0, len(source)), label="at")]
    elif action == "insert":
        at = data.draw(st.integers(0, len(source)), label="at")
        content = (
            source[:at] + data.draw(st.text(min_size=1, max_size=20), label="text") + source[at:]
        )
    elif action == "duplicate-key":
        source = base_claim()  # its analysis block comes last: every key line before it is a key
        keys = [m.start() for m in KEY_LINE.finditer(source, 0, source.index("analysis: |"))]
        at = data.draw(st.sampled_from(keys), label="key")
        end = source.index("\n", at) + 1
        content = source[:end] + source[at:end] + source[end:]
    elif action == "delete-line":
        i = data.draw(st.integers(0, len(lines) - 1), label="line")
        content = "\n".join(lines[:i] + lines[i + 1 :])
    else:
        i = data.draw(st.integers(0, len(lines) - 2), label="line")
        lines[i], lines[i + 1] = lines[i + 1], lines[i]
        content = "\n".join(lines)
    problems = checker.check(content)
    if action == "duplicate-key":
        assert [p.code for p in problems] == ["yaml-duplicate-key"]


def test_the_unmutated_claims_are_valid(checker: Checker) -> None:
    assert checker.check(base_claim()) == []
    assert checker.check((REPO / REL).read_bytes()) == []
    for style in (0, 1, 2):
        assert checker.check(dump(base_data(), style)) == []


# ---------------------------------------------------------------------------------------------
# (c) Escaping

MARKUP = set('<>"')
LINK_SYNTAX = set("[]()")


@settings(SETTINGS, max_examples=400)
@given(st.text())
def test_text_escaping_lets_no_markup_through(value: str) -> None:
    out = text(value)
    assert not MARKUP & set(out)
    assert not LINK_SYNTAX & set(out)  # so no [x](y), ![x](y) or [x]: y can form
    bare = re.sub(r"&(#[0-9]+|[a-z]+);", "", out)  # the text outside character references
    assert not set("`*_|~\\!#{}'&") & set(bare)  # no emphasis, code, tables or stray entities
    assert "\n" not in out
    assert html.unescape(out) == shown(value)


@settings(SETTINGS, max_examples=400)
@given(st.text())
def test_meta_escaping_lets_no_markup_through(value: str) -> None:
    out = meta(value)
    assert not (MARKUP | {"'"}) & set(out)
    assert html.unescape(out) == shown(value)


def shown(value: str) -> str:
    """What text() and meta() keep of `value`: one line, no control characters, every bidi
    embedding, override or isolate it opens closed at its end."""
    kept = " ".join(re.sub(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]", "", value).split())
    return isolated(kept)


MARKDOWNISH = [
    *"<>&ab \n=-#`~*[]()!{}:;8\"'\t",
    *["\n---\n", "\n===\n", "--8<--", "```\n", "    ", "> ", "- ", "1. ", "\n\n", "#x", "[a]: "],
    *["<script>", "<img src=x onerror=alert(1)>", "javascript:", "(https://example.org/)"],
]


@settings(SETTINGS, max_examples=300)
@given(st.lists(st.sampled_from(MARKDOWNISH), max_size=40).map("".join) | st.text())
def test_markdown_escaping_lets_no_raw_html_through(value: str) -> None:
    out = markdown(value)
    assert "<" not in out  # no raw HTML, no <autolink>, no --8<-- snippet marker
    converted = markdown_to_html(REPO, out)
    assert not re.search(r"<h[12][ >]", converted), (out, converted)  # headings rank h3 and below
    accepted = not markdown_problems(value) and not refused(html_of(out))
    if accepted:  # what the validator accepts reaches the page harmless
        assert violations(converted) == [], (out, converted)


@settings(SETTINGS, max_examples=300)
@given(st.text(max_size=200))
def test_accepted_urls_are_absolute_http(value: str) -> None:
    if url_problem(value) is None:
        assert re.match(r"(?i)https?://[^\s/?#@]", value)
        assert not any(c.isspace() for c in value)


@settings(SETTINGS, max_examples=300)
@given(st.text(alphabet=st.sampled_from(list("[]()<>!:#-8 ajvscript.htps/x")), max_size=60))
def test_markdown_rule_never_raises(value: str) -> None:
    for offset, why in markdown_problems(value):
        assert 0 <= offset <= len(value) and why


BIDI = ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069"]


@settings(SETTINGS, max_examples=300)
@given(st.lists(st.sampled_from([*BIDI, "a", "ب", " "]), max_size=20).map("".join))
def test_contributor_text_leaves_no_bidi_control_open(value: str) -> None:
    # Appended after the value, a character is in no embedding, override or isolate of it.
    out = isolated(value)
    depth_e, isolates = [], 0
    for ch in out:
        if ch in "\u202a\u202b\u202d\u202e":
            depth_e.append(isolates)
        elif ch == "\u202c" and depth_e and depth_e[-1] == isolates:
            depth_e.pop()
        elif ch in "\u2066\u2067\u2068":
            isolates += 1
        elif ch == "\u2069" and isolates:
            isolates -= 1
            while depth_e and depth_e[-1] > isolates:
                depth_e.pop()
    assert depth_e == [] and isolates == 0, repr(out)
    assert out.startswith(value)
