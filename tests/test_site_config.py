"""load/site_config.py: mkdocs.yml read once, into the site's settings or located problems."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from conftest import REPO, copy_project
from factsite.check.site_config import load_config
from factsite.cli import main
from factsite.load.files import Layout
from factsite.load.site_config import CONFIG_FILE, MAX_CONFIG_BYTES

BROKEN_NAV = "site_name: x\nnav:\n  - Home: index.md\n   - bad\n"
BROKEN_NAV_LINE = (
    "mkdocs.yml:4:4: error[yaml-syntax] while parsing a block collection started on line 3, "
    "column 3; expected <block end>, but found '<block sequence start>'"
)


def _load(tmp_path: Path, text: str | bytes) -> tuple[Any, list[str]]:
    data = text.encode("utf-8") if isinstance(text, str) else text
    (tmp_path / CONFIG_FILE).write_bytes(data)
    config, problems = load_config(Layout(tmp_path))
    return config, [p.text() for p in problems]


def test_the_repository_s_mkdocs_yml(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SITE_URL", raising=False)
    config, problems = load_config(Layout(REPO))
    assert problems == [] and config is not None
    site = config.site
    assert site.name == "Claim by Claim"
    assert site.url == "https://factsite.github.io/factsite/"  # the !ENV default
    assert site.repo_url == "https://github.com/factsite/factsite"
    assert (site.branch, site.publisher, site.language) == ("main", "factsite", "en")
    assert site.page_url("claims/x/") == "https://factsite.github.io/factsite/claims/x/"
    assert site.history_url("claims/a/b.yaml") == (
        "https://github.com/factsite/factsite/commits/main/claims/a/b.yaml"
    )
    # the file as loaded, for the sharded build's configurations
    assert config.raw["site_name"] == "Claim by Claim" and "nav" in config.raw


def test_settings_and_their_defaults(tmp_path: Path) -> None:
    config, problems = _load(
        tmp_path,
        "site_name: Checks\nsite_url: https://checks.example/sub\n"
        "repo_url: https://git.example/org/repo/\n"
        "theme: {name: material, language: az, locale: az, font: false}\n"
        "extra:\n  factsite: {branch: trunk, publisher: Org, publisher_url: https://org.example/}\n",
    )
    assert problems == []
    site = config.site
    assert site.url == "https://checks.example/sub/"  # always ends with /
    assert site.repo_url == "https://git.example/org/repo"
    assert (site.name, site.branch, site.publisher, site.language) == (
        "Checks",
        "trunk",
        "Org",
        "az",
    )
    assert site.publisher_url == "https://org.example/"

    config, problems = _load(
        tmp_path, "site_name: Checks\ntheme: {name: material, font: false}\nextra: {}\n"
    )
    assert problems == []
    site = config.site
    assert site.url == "http://127.0.0.1:8000/"  # mkdocs serve's address
    assert (site.repo_url, site.branch, site.publisher, site.language) == (
        "",
        "main",
        "Checks",
        "en",
    )


def test_a_yaml_syntax_error_is_located(tmp_path: Path) -> None:
    assert _load(tmp_path, BROKEN_NAV) == (None, [BROKEN_NAV_LINE])
    config, problems = _load(tmp_path, "site_name: [x\n")
    assert config is None
    assert problems == [
        "mkdocs.yml:2:1: error[yaml-syntax] while parsing a flow sequence started on line 1, "
        "column 12; expected ',' or ']', but got '<stream end>'"
    ]


def test_a_missing_file(tmp_path: Path) -> None:
    config, problems = load_config(Layout(tmp_path))
    assert config is None
    assert [(p.path, p.line, p.col, p.code) for p in problems] == [
        ("mkdocs.yml", 1, 1, "file-missing")
    ]


def test_the_missing_file_message_advises_a_command_that_exists(tmp_path: Path) -> None:
    (problem,) = load_config(Layout(tmp_path))[1]
    advised = re.findall(r"`factsite (\w+)`", problem.message)
    assert advised
    for command in advised:
        with pytest.raises(SystemExit) as exc:
            main([command, "--help"])  # argparse: 0 for a command, 2 for an unknown one
        assert exc.value.code == 0, command


@pytest.mark.parametrize("text", ["", "# only a comment\n"])
def test_no_settings_at_all(tmp_path: Path, text: str) -> None:
    assert _load(tmp_path, text) == (
        None,
        ["mkdocs.yml:1:1: error[yaml-empty] mkdocs.yml holds no settings: restore it from git"],
    )


@pytest.mark.parametrize("text", ["- a\n- b\n", "just text\n"])
def test_not_a_mapping(tmp_path: Path, text: str) -> None:
    assert _load(tmp_path, text) == (
        None,
        [
            "mkdocs.yml:1:1: error[wrong-type] mkdocs.yml must be a mapping of settings "
            "(site_name: ..., site_url: ...)"
        ],
    )


def test_unreadable_bytes_and_size_are_problems_too(tmp_path: Path) -> None:
    assert _load(tmp_path, b"site_name: caf\xe9\n") == (
        None,
        ["mkdocs.yml:1:15: error[file-encoding] byte 0xe9 is not UTF-8: save the file as UTF-8"],
    )
    config, problems = _load(tmp_path, "site_name: x\n" + "#" * MAX_CONFIG_BYTES + "\n")
    assert config is None and problems == [
        "mkdocs.yml:1:1: error[file-too-large] the file is larger than 256 KiB"
    ]


def test_env_tags_are_honoured(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = (
        'site_url: !ENV [SITE_URL, FALLBACK_URL, "https://default.example/"]\n'
        "site_name: !ENV [SITE_NAME, Checks]\n"
    )
    for name in ("SITE_URL", "FALLBACK_URL", "SITE_NAME"):
        monkeypatch.delenv(name, raising=False)
    config, _ = _load(tmp_path, text)
    assert config.site.url == "https://default.example/"
    assert config.raw["site_name"] == "Checks"  # unset: the default
    monkeypatch.setenv("FALLBACK_URL", "https://fallback.example/")
    monkeypatch.setenv("SITE_NAME", "From the environment")
    config, _ = _load(tmp_path, text)
    assert config.site.url == "https://fallback.example/"
    assert config.site.name == "From the environment"
    monkeypatch.setenv("SITE_URL", "https://deploy.example/site")
    config, _ = _load(tmp_path, text)
    assert config.site.url == "https://deploy.example/site/"


def test_python_tags_are_refused_never_run(tmp_path: Path) -> None:
    """MkDocs would run them when it reads mkdocs.yml: factsite refuses them first, located."""
    pwned = tmp_path / "pwned"
    config, problems = _load(
        tmp_path,
        f'site_name: Checks\nhook: !!python/object/apply:os.system ["touch {pwned}"]\n'
        "emoji: !!python/name:os.system\nsite_url: https://checks.example/\n",
    )
    assert config is None and not pwned.exists()
    assert [p.split(": error[")[1].split("]")[0] for p in problems] == ["yaml-tag", "yaml-tag"]


def test_other_tags_are_located_problems(tmp_path: Path) -> None:
    assert _load(tmp_path, "site_name: !custom x\n") == (
        None,
        ["mkdocs.yml:1:12: error[yaml-tag] unsupported tag '!custom'"],
    )


# ---------------------------------------------------------------------------------------------
# Through the command line: a broken mkdocs.yml is one located line, never a traceback


@pytest.mark.parametrize("command", ["validate", "render", "build"])
def test_commands_report_a_broken_mkdocs_yml(
    tmp_path: Path, command: str, capsys: pytest.CaptureFixture[str]
) -> None:
    root = copy_project(tmp_path / "project")
    (root / CONFIG_FILE).write_text(BROKEN_NAV, encoding="utf-8")
    assert main(["--root", str(root), command]) == 1
    out, err = capsys.readouterr()
    assert out == BROKEN_NAV_LINE + "\n"
    assert "Traceback" not in err and "ParserError" not in err
    if command != "validate":
        assert err == "render: nothing written, fix the problems above\n"
        assert not (root / "docs" / "claims").exists() and not (root / "site").exists()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "site_name: x\nhooks:\n  - hooks/evil.py\n",
            ["mkdocs.yml:2:1: error[unsafe-setting] $.hooks: hooks run Python"],
        ),
        (
            "site_name: x\nextra_javascript:\n  - https://cdn.example/a.js\n  - js/own.js\n"
            "  - path: //cdn.example/b.js\n",
            [
                "mkdocs.yml:3:5: error[unsafe-setting] $.extra_javascript[0]: "
                "'https://cdn.example/a.js' loads from another origin",
                "mkdocs.yml:5:11: error[unsafe-setting] $.extra_javascript[2]: "
                "'//cdn.example/b.js' loads from another origin",
            ],
        ),
        (
            "site_name: x\nextra_css:\n  - data:text/css,body{}\n",
            ["mkdocs.yml:3:5: error[unsafe-setting] $.extra_css[0]: 'data:text/css,body{}'"],
        ),
        (
            'site_name: "<img src=x onerror=alert(1)>"\n',
            ["mkdocs.yml:1:12: error[unsafe-setting] $.site_name: the theme prints"],
        ),
    ],
)
def test_settings_that_run_code_or_load_from_elsewhere_are_refused(
    tmp_path: Path, text: str, expected: list[str]
) -> None:
    config, problems = _load(tmp_path, text)
    assert config is None
    assert len(problems) == len(expected), problems
    for got, want in zip(problems, expected, strict=True):
        assert got.startswith(want), got


def test_a_named_setting_accepts_hooks_and_remote_assets(tmp_path: Path) -> None:
    config, problems = _load(
        tmp_path,
        "site_name: Checks & Co\nhooks: [h.py]\nextra_javascript: [https://cdn.example/a.js]\n"
        "extra:\n  factsite: {allow_hooks: true, allow_remote_assets: true}\n",
    )
    assert [p.split(" $.")[1][:9] for p in problems] == ["site_name"]  # markup: no setting
    config, problems = _load(
        tmp_path,
        "site_name: Checks and Co\nhooks: [h.py]\nextra_javascript: [https://cdn.example/a.js]\n"
        "extra:\n  factsite: {allow_hooks: true, allow_remote_assets: true}\n",
    )
    assert problems == [] and config is not None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("site_name: x\ntheme: material\n", "$.theme: Material loads its fonts from Google Fonts"),
        ("site_name: x\ntheme: {name: material}\n", "$.theme: Material loads its fonts"),
        (
            "site_name: x\nextra:\n  analytics: {provider: google, property: G-X}\n",
            "$.extra.analytics: analytics load a third party's script",
        ),
        ("site_name: x\ntheme: {name: mkdocs, custom_dir: /etc}\n", "$.theme.custom_dir: '/etc'"),
        ("site_name: x\ntheme: {name: mkdocs, custom_dir: ../x}\n", "$.theme.custom_dir: '../x'"),
        (
            "site_name: x\ncopyright: '<a href=\"javascript:alert(1)\">c</a>'\n",
            "$.copyright: the theme prints it as HTML on every page, and the link target",
        ),
        (
            "site_name: x\ncopyright: '<span onmouseover=alert(1)>c</span>'\n",
            "$.copyright: the theme prints it as HTML on every page, and the attribute",
        ),
    ],
)
def test_fonts_analytics_theme_folders_and_copyright_markup(
    tmp_path: Path, text: str, expected: str
) -> None:
    config, problems = _load(tmp_path, text)
    assert config is None
    assert [p.split(": error[unsafe-setting] ")[1][: len(expected)] for p in problems] == [expected]


def test_a_copyright_with_a_plain_link_passes(tmp_path: Path) -> None:
    config, problems = _load(
        tmp_path,
        "site_name: x\ncopyright: 'Text <a href=\"https://creativecommons.org/\">CC BY</a>'\n",
    )
    assert problems == [] and config is not None
