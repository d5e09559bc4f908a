"""commands/init.py: `factsite init` with flags, in a terminal, and with no terminal at all."""

from __future__ import annotations

import io
import os
import select
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import REPO
from factsite.cli import _parser, main
from factsite.commands.init import init
from factsite.commands.options import Options
from factsite.load.site_config import _ConfigLoader

FLAGS = (
    *("--name", "Riverton Checks", "--url", "https://checks.example.org"),
    *("--repo", "https://github.com/riverton/checks", "--publisher", "Riverton Gazette Ltd"),
    *("--language", "fr", "--scale", "labels", "--contact", "desk@riverton.example"),
)


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def _config(site: Path) -> dict[str, Any]:
    """mkdocs.yml as MkDocs reads it (its !ENV tag honoured)."""
    text = (site / "mkdocs.yml").read_text(encoding="utf-8")
    data: dict[str, Any] = yaml.load(text, Loader=_ConfigLoader)  # noqa: S506 - safe subclass
    return data


def test_flags_alone_make_the_site(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    site = tmp_path / "checks"
    argv = ["init", str(site), *FLAGS, "--branch", "gh-pages-source"]
    assert main(argv) == 0
    out, err = capsys.readouterr()
    assert "not a terminal" not in err  # nothing was missing
    config = _config(site)
    assert config["site_name"] == "Riverton Checks"
    assert config["theme"]["language"] == "fr"
    assert config["extra"]["factsite"] == {
        "publisher": "Riverton Gazette Ltd",
        "branch": "gh-pages-source",
        "contact": "desk@riverton.example",
        "standards": ["ifcn", "efcsn"],
    }
    deploy = (site / ".github" / "workflows" / "deploy.yml").read_text(encoding="utf-8")
    assert "branches: [gh-pages-source]" in deploy
    # the preset in the site's language (issue 28)
    assert yaml.safe_load((site / "verdicts.yaml").read_text())[0]["label"] == "Faux"
    assert out.startswith(f"wrote {len(list(_files(site)))} files into {site} (scale: labels)")
    assert "git push -u origin gh-pages-source" in out  # the closing note gives the commands
    assert "make " not in out


def _files(site: Path) -> list[Path]:
    return [p for p in site.rglob("*") if p.is_file()]


@pytest.mark.parametrize(
    ("flag", "value", "says"),
    [
        ("--repo", "https://gitlab.com/riverton/checks", "gitlab.com is not GitHub"),
        ("--repo", "https://github.com/riverton", "https://github.com/OWNER/NAME"),
        ("--url", "checks.example.org", "not an http(s) URL"),
        ("--language", "xx", "the theme has no 'xx'"),
        ("--name", 'The "Checks"', "may not be empty or hold quotes"),
        ("--branch", "a branch", "not a branch name"),
        ("--contact", "the news desk", "not an e-mail address (name@example.org) or an http"),
        ("--contact", "javascript:alert(1)", "not an e-mail address"),
    ],
)
def test_a_bad_flag_is_refused_and_nothing_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], flag: str, value: str, says: str
) -> None:
    site = tmp_path / "checks"
    assert main(["init", str(site), *FLAGS, flag, value]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"factsite init: error: {flag} {value!r}: ") and says in err
    assert not site.exists()


def test_each_answer_is_checked_and_asked_again_on_the_spot(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    answers = [
        "",  # the site's name: the folder's, as offered
        "checks.example.org",  # refused: not a URL
        "https://checks.example.org",
        "https://gitlab.com/riverton/checks",  # refused: not GitHub
        "https://github.com/riverton/checks",
        "Riverton Gazette Ltd",
        "call the desk",  # refused: neither an e-mail address nor a URL
        "https://riverton.example/contact",
        "klingon",  # refused: no such language in the theme
        "pt-BR",
        "stars",  # refused: no such scale
        "conclusion",
        "n",  # no git init
    ]
    site = tmp_path / "riverton-checks"
    assert init(Options(init_dir=site), _Terminal("\n".join(answers) + "\n")) == 0
    out = capsys.readouterr().out
    assert out.count("not an http(s) URL; try again") == 1
    assert out.count("is not GitHub") == 1
    assert out.count("the theme has no 'klingon'") == 1
    assert out.count("one of ordinal, labels, conclusion; try again") == 1
    assert out.count("not an e-mail address (name@example.org) or an http(s) URL; try") == 1
    assert out.count("Verdict scale (") == 2
    # the scales explained before the question, from the presets' own labels
    assert "ordinal    points on the true-false line: True, Mostly true" in out
    assert "conclusion no scale: each check states its own conclusion" in out
    config = _config(site)
    assert config["site_name"] == "riverton checks"
    assert config["theme"]["language"] == "pt-BR"
    assert config["extra"]["factsite"]["publisher"] == "Riverton Gazette Ltd"
    assert config["extra"]["factsite"]["contact"] == "https://riverton.example/contact"
    assert config["repo_url"] == "https://github.com/riverton/checks"
    assert not (site / ".git").exists()
    assert "git init --initial-branch=main" in out


def test_the_end_of_input_mid_way_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    site = tmp_path / "checks"
    assert init(Options(init_dir=site), _Terminal("My checks\n")) == 2
    assert "no answer (end of input): nothing written" in capsys.readouterr().err
    assert not site.exists()


@pytest.mark.parametrize("stdin", ["closed", "devnull"])
def test_no_terminal_is_no_question_and_names_the_missing_flags(tmp_path: Path, stdin: str) -> None:
    site = tmp_path / "checks"
    command = [sys.executable, "-m", "factsite", "init", str(site), "--name", "Checks"]
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    if stdin == "closed":  # `<&-`: Python starts with sys.stdin None
        done = subprocess.run(
            ["/bin/sh", "-c", 'exec "$@" <&-', "sh", *command],
            capture_output=True,
            text=True,
            env=env,
            check=False,
        )
    else:
        done = subprocess.run(
            command, stdin=subprocess.DEVNULL, capture_output=True, text=True, env=env
        )
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    assert "not a terminal, so nothing was asked; not given: --url, --repo, --publisher, " in (
        done.stderr
    )
    assert "--name" not in done.stderr.split("not given:")[1].split("(")[0]
    assert (site / "mkdocs.yml").is_file()
    assert "Site name [" not in done.stdout  # nothing was asked


needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")


@needs_git
def test_git_flag_makes_a_repository_on_the_branch(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    site = tmp_path / "checks"
    assert main(["init", str(site), *FLAGS, "--git", "--branch", "live"]) == 0
    out = capsys.readouterr().out
    assert f"made {site} a git repository (branch live)" in out
    head = subprocess.run(
        ["git", "-C", str(site), "symbolic-ref", "HEAD"], capture_output=True, text=True
    )
    assert head.stdout.strip() == "refs/heads/live"
    assert "git init" not in out.split("Next steps:")[1]  # done already


@needs_git
def test_in_a_real_terminal(tmp_path: Path) -> None:
    """A person at a shell: a pseudo-terminal, one wrong answer, git init accepted."""
    main_fd, secondary = os.openpty()
    site = tmp_path / "checks"
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    proc = subprocess.Popen(
        [sys.executable, "-m", "factsite", "init", str(site), "--name", "Checks"],
        stdin=secondary,
        stdout=secondary,
        stderr=secondary,
        env=env,
        cwd=tmp_path,
    )
    os.close(secondary)
    seen = b""

    def until(prompt: bytes) -> None:
        nonlocal seen
        deadline = time.monotonic() + 60
        while prompt not in seen and time.monotonic() < deadline:
            if select.select([main_fd], [], [], 1)[0]:
                seen += os.read(main_fd, 65536)
        assert prompt in seen, seen.decode(errors="replace")

    try:
        for prompt, answer in [
            (b"Where it will be published (URL) [", b"https://checks.example.org\n"),
            (b"GitHub repository (", b"https://gitlab.com/a/b\n"),
            (b"is not GitHub", b"https://github.com/a/b\n"),
            (b"Publisher (who is responsible) [Checks]: ", b"\n"),
            (b"an e-mail address or a URL (empty: the issue forms only): ", b"\n"),
            (b"Language of the site", b"de\n"),
            (b"Verdict scale (", b"labels\n"),
            (b"(git init)? History needs it [Y/n]: ", b"\n"),
        ]:
            until(prompt)
            os.write(main_fd, answer)
        assert proc.wait(timeout=60) == 0
        until(b"Next steps:")
    finally:
        if proc.poll() is None:
            proc.kill()
        os.close(main_fd)
    text = seen.decode()
    assert "Traceback" not in text and "Site name [" not in text  # --name was given
    assert "labels     labels in the style of the platforms' ratings: False, Partly false" in text
    assert (site / ".git").is_dir()
    assert _config(site)["theme"]["language"] == "de"
    assert _config(site)["extra"]["factsite"]["contact"] == ""  # none given: the forms only


def test_help_speaks_to_users_and_every_option_has_help(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit):
        main(["--help"])
    text = capsys.readouterr().out
    assert "Start a site with `factsite init DIR`" in text and "parse options" not in text
    parser = _parser()
    parsers = [parser]
    while parsers:
        current = parsers.pop()
        for action in current._actions:
            if action.choices and isinstance(action.choices, dict):  # sub-commands
                parsers.extend(action.choices.values())
                continue
            if action.dest != "help":
                assert action.help, f"{current.prog}: {action.option_strings or action.dest}"


def test_no_file_a_site_gets_tells_it_to_run_make() -> None:
    template = REPO / "src" / "factsite" / "site_template"
    for path in template.rglob("*"):
        if path.is_file():
            assert "make serve" not in path.read_text(encoding="utf-8"), path


def test_codeowners_is_written_inert_and_the_guide_ties_it_to_the_review_rule(
    tmp_path: Path,
) -> None:
    from factsite.cli import main

    root = tmp_path / "site"
    argv = ["init", str(root), "--name", "X", "--url", "https://x.github.io/s/"]
    assert main([*argv, "--repo", "https://github.com/x/s"]) == 0
    text = (root / ".github" / "CODEOWNERS").read_text(encoding="utf-8")
    # every line a comment: no owner is invented, and GitHub reads no rule until one is named
    assert all(line.startswith("#") for line in text.splitlines() if line.strip())
    assert "extra.factsite.review" in text and "review from Code Owners" in text


PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32  # the signature is what init checks; the engine copies it


def test_the_publication_s_logo_is_copied_and_named_in_mkdocs_yml(tmp_path: Path) -> None:
    logo = tmp_path / "masthead.png"
    logo.write_bytes(PNG)
    site = tmp_path / "checks"
    assert main(["init", str(site), *FLAGS, "--logo", str(logo)]) == 0
    assert (site / "docs" / "assets" / "logo.png").read_bytes() == PNG
    theme = _config(site)["theme"]
    assert theme["logo"] == "assets/logo.png" and "icon" not in theme
    # upgrade sees the logo as the site's own edit: the record keeps the template's icon
    record = (site / ".factsite" / "init.json").read_text(encoding="utf-8")
    assert "assets/logo.png" not in record


@pytest.mark.parametrize(
    ("name", "data", "said"),
    [
        ("logo.gif", b"GIF89a", "an SVG or PNG file"),
        ("logo.png", b"<svg/>", "not a PNG image"),
        ("logo.svg", b"\x89PNG\r\n\x1a\n", "not an SVG image"),
        ("logo.svg", b"<svg>" + b" " * (1024 * 1024), "larger than 1 MB"),
    ],
)
def test_a_file_that_is_no_logo_is_refused_and_nothing_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, data: bytes, said: str
) -> None:
    logo = tmp_path / name
    logo.write_bytes(data)
    site = tmp_path / "checks"
    assert main(["init", str(site), *FLAGS, "--logo", str(logo)]) == 2
    assert said in capsys.readouterr().err and not site.exists()


def test_a_missing_logo_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["init", str(tmp_path / "s"), *FLAGS, "--logo", str(tmp_path / "no.svg")]) == 2
    assert "--logo" in capsys.readouterr().err
