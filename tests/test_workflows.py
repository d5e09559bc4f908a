"""GitHub configuration: workflows (actionlint, zizmor, structure), forms, pre-commit, reports.

Nothing here reaches the network: actionlint runs as WebAssembly under Node (installed by
`make test` with `npm ci`), zizmor runs `--offline`, and pre-commit only validates its config.
"""

from __future__ import annotations

import importlib.util
import io
import json
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import REPO, copy_project
from factsite.load.strict_yaml import parse

GITHUB = REPO / ".github"
WORKFLOWS = sorted((GITHUB / "workflows").glob("*.yml"))
BIN = Path(sys.executable).parent
SHA_PIN = re.compile(r"^[\w.-]+/[\w./-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$")


def load(path: Path) -> Any:
    """YAML 1.2 reading (factsite's loader): `on:` stays the string "on", not True."""
    doc = parse(path.name, path.read_text(encoding="utf-8"))
    assert doc.ok, doc.problems
    return doc.data


def workflow(name: str) -> dict[str, Any]:
    return load(GITHUB / "workflows" / name)


def steps(job: dict[str, Any]) -> list[dict[str, Any]]:
    return job["steps"]


SITE_WORKFLOWS = ["deploy.yml", "links.yml", "pr.yml"]  # rendered from the site template


def test_the_workflows_exist() -> None:
    names = [p.name for p in WORKFLOWS]
    assert names == ["deploy.yml", "links.yml", "pr.yml", "release.yml", "test.yml"]


def test_this_repositorys_site_workflows_are_rendered_from_the_site_template() -> None:
    """One source: .github/workflows/{deploy,links,pr}.yml are the template's, with this
    repository's settings (scripts/github_workflows.py), byte for byte."""
    sys.path.insert(0, str(REPO / "scripts"))
    try:
        import github_workflows
    finally:
        sys.path.remove(str(REPO / "scripts"))
    from factsite.render.site_template import workflow_files

    rendered = workflow_files(github_workflows.SETTINGS)
    assert sorted(rendered) == [f".github/workflows/{n}" for n in SITE_WORKFLOWS]
    for rel, text in rendered.items():
        assert (REPO / rel).read_text(encoding="utf-8") == text, (
            f"{rel} differs from the site template: run python scripts/github_workflows.py"
        )
    assert "@@" not in "".join(rendered.values())
    check = [sys.executable, str(REPO / "scripts" / "github_workflows.py"), "--check"]
    assert subprocess.run(check, capture_output=True, check=False).returncode == 0


def _actionlint(*paths: Path) -> subprocess.CompletedProcess[str]:
    node = shutil.which("node")
    assert node, "actionlint needs Node.js (node) on PATH"
    assert (REPO / "node_modules" / "@tktco" / "node-actionlint").is_dir(), (
        "actionlint is not installed: run `make test` (it runs `npm ci`)"
    )
    cmd = [node, str(REPO / "scripts" / "actionlint.cjs"), *map(str, paths)]
    return subprocess.run(cmd, capture_output=True, text=True, check=False, timeout=300)


def test_actionlint_passes_on_every_workflow() -> None:
    result = _actionlint(*WORKFLOWS)
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"{len(WORKFLOWS)} file(s), 0 problem(s)" in result.stderr


BAD_WORKFLOW = """\
on: pull_request_target
permissions: write-all
jobs:
  x:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          ref: ${{ github.event.pull_request.head.sha }}
      - run: echo "${{ github.event.pull_request.title }}"
"""


def test_the_linters_do_catch_a_bad_workflow(tmp_path: Path) -> None:
    """Guard against a linter that silently checks nothing."""
    bad = tmp_path / ".github" / "workflows" / "bad.yml"
    bad.parent.mkdir(parents=True)
    bad.write_text(BAD_WORKFLOW, encoding="utf-8")
    lint = _actionlint(bad)
    assert lint.returncode == 1 and "potentially untrusted" in lint.stdout
    found = {f["ident"] for f in _zizmor(bad.parent)}
    assert {"dangerous-triggers", "template-injection", "unpinned-uses"} <= found


def _zizmor(path: Path, *, auditor: bool = False) -> list[dict[str, Any]]:
    """zizmor's findings: of medium severity or above, or (auditor) every finding at all."""
    zizmor = BIN / "zizmor"
    assert zizmor.is_file(), "zizmor is not installed: run `make test` (the test extra has it)"
    scope = ["--persona=auditor"] if auditor else ["--min-severity", "medium"]
    cmd = [str(zizmor), "--offline", *scope, "--format", "json", str(path)]
    result = subprocess.run(cmd, capture_output=True, text=True, check=False, timeout=300)
    assert result.stdout.strip(), result.stderr
    return json.loads(result.stdout)


@pytest.mark.parametrize("auditor", [False, True], ids=["default", "auditor"])
def test_zizmor_finds_nothing(auditor: bool) -> None:
    findings = _zizmor(GITHUB, auditor=auditor)
    summary = [(f["ident"], f["determinations"]["severity"], f["desc"]) for f in findings]
    assert summary == []


def test_the_auditor_persona_sees_more() -> None:
    """Guard: the auditor run does report what the default run leaves out (a secret used
    outside an environment), so its silence on our workflows means something."""
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / ".github" / "workflows"
        folder.mkdir(parents=True)
        text = (GITHUB / "workflows" / "links.yml").read_text(encoding="utf-8")
        (folder / "links.yml").write_text(text.replace("    environment: wayback\n", ""))
        assert _zizmor(folder) == []
        assert "secrets-outside-env" in {f["ident"] for f in _zizmor(folder, auditor=True)}


def test_the_release_workflow_publishes_a_tested_wheel_with_trusted_publishing() -> None:
    wf = workflow("release.yml")
    assert wf["on"] == {"push": {"tags": ["v*"]}} and wf["permissions"] == {}
    build, test, publish = (wf["jobs"][n] for n in ("build", "test", "publish"))
    assert "python -m build" in "".join(s.get("run", "") for s in steps(build))
    assert "--require-hashes" in "".join(s.get("run", "") for s in steps(build))
    assert test["needs"] == "build" and test["permissions"] == {}
    tried = "".join(s.get("run", "") for s in steps(test))
    assert "python -m venv" in tried and "factsite init" in tried and "factsite build" in tried
    assert publish["needs"] == ["build", "test"]
    assert publish["permissions"] == {"id-token": "write"}  # no token stored: OIDC
    assert publish["environment"]["name"] == "pypi"
    [upload] = [s for s in steps(publish) if "gh-action-pypi-publish" in s.get("uses", "")]
    assert upload["with"] == {"attestations": True}
    for name, job in wf["jobs"].items():
        if name != "publish":
            assert "id-token" not in job["permissions"], name
    pins = (GITHUB / "release-requirements.txt").read_text(encoding="utf-8")
    assert pins.count("--hash=sha256:") == len(re.findall(r"^\S+==", pins, re.MULTILINE)) == 3


def test_no_pull_request_target_anywhere() -> None:
    for path in GITHUB.rglob("*.y*ml"):
        data = load(path)
        if path.parent.name == "workflows":
            triggers = data["on"]
            assert "pull_request_target" not in triggers, path
            assert "workflow_run" not in triggers, path
    for path in WORKFLOWS:
        active = "\n".join(ln.split("#", 1)[0] for ln in path.read_text().splitlines())
        assert "pull_request_target" not in active, path


def test_every_action_is_pinned_to_a_full_sha_with_its_version() -> None:
    for path in WORKFLOWS:
        for line in path.read_text(encoding="utf-8").splitlines():
            match = re.match(r"^\s*(?:- )?uses:\s*(.+)$", line)
            if match:
                assert SHA_PIN.match(match.group(1).strip()), f"{path.name}: {line.strip()}"
        for job in workflow(path.name)["jobs"].values():
            for step in steps(job):
                if "uses" in step:
                    assert re.fullmatch(r"[\w.-]+/[\w./-]+@[0-9a-f]{40}", step["uses"])


def test_no_expression_is_interpolated_into_a_shell_script() -> None:
    for path in WORKFLOWS:
        for job in workflow(path.name)["jobs"].values():
            for step in steps(job):
                assert "${{" not in step.get("run", ""), f"{path.name}: {step.get('name')}"


def test_checkouts_keep_no_credentials() -> None:
    for path in WORKFLOWS:
        for job in workflow(path.name)["jobs"].values():
            for step in steps(job):
                if step.get("uses", "").startswith("actions/checkout@"):
                    assert step["with"]["persist-credentials"] is False, path.name


def test_pull_request_workflows() -> None:
    for name in ("pr.yml", "test.yml"):
        wf = workflow(name)
        assert list(wf["on"]) == ["pull_request"]
        assert wf["permissions"] == {"contents": "read"}
        assert wf["concurrency"]["cancel-in-progress"] is True
        assert "github.workflow" in wf["concurrency"]["group"]
        (job,) = wf["jobs"].values()
        assert "permissions" not in job  # inherits read-only contents
    (tests,) = workflow("test.yml")["jobs"].values()
    assert tests["env"]["FACTSITE_CHROMIUM"] == tests["env"]["CHROMIUM"]
    assert {"make venv", "make lint", "make test"} <= {s.get("run", "") for s in steps(tests)}
    (job,) = workflow("pr.yml")["jobs"].values()
    runs = [s.get("run", "") for s in steps(job)]
    for command in (
        "python -m pip install --quiet --require-hashes -r requirements.lock"
        " && python -m pip install --quiet --no-deps .",
        "factsite validate --format github",
        "factsite build --format github",
    ):
        assert command in runs
    setup = next(s for s in steps(job) if s.get("uses", "").startswith("actions/setup-python@"))
    assert setup["with"]["python-version"] == "3.11" and setup["with"]["cache"] == "pip"
    checkout = next(s for s in steps(job) if s.get("uses", "").startswith("actions/checkout@"))
    assert checkout["with"]["fetch-depth"] == 0  # the backdating rule needs the history
    upload = next(s for s in steps(job) if s.get("uses", "").startswith("actions/upload-artifact@"))
    assert upload["with"]["path"] == "site/"
    assert "secrets." not in (GITHUB / "workflows" / "pr.yml").read_text(encoding="utf-8")


def test_only_the_deploy_job_can_write_to_pages() -> None:
    wf = workflow("deploy.yml")
    assert wf["on"]["push"] == {"branches": ["main"]} and "workflow_dispatch" in wf["on"]
    assert wf["permissions"] == {}
    assert wf["concurrency"] == {"group": "pages", "cancel-in-progress": False}
    build, deploy = wf["jobs"]["build"], wf["jobs"]["deploy"]
    assert build["permissions"] == {"contents": "read", "pages": "read"}
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["needs"] == ["build", "merge"] and deploy["environment"]["name"] == "github-pages"
    assert [s["uses"].split("@")[0] for s in steps(deploy)] == ["actions/deploy-pages"]
    uses = [s.get("uses", "").split("@")[0] for s in steps(build)]
    assert uses.index("actions/configure-pages") < uses.index("actions/upload-pages-artifact")
    pages = next(s for s in steps(build) if s.get("id") == "pages")
    assert pages["uses"].startswith("actions/configure-pages@")
    make = next(s for s in steps(build) if s.get("run") == "factsite build")
    assert make["env"]["SITE_URL"] == "${{ steps.pages.outputs.base_url }}/"
    artifact = next(s for s in steps(build) if "upload-pages-artifact" in s.get("uses", ""))
    assert artifact["with"]["path"] == "site"
    for path in WORKFLOWS:
        text = path.read_text(encoding="utf-8")
        if path.name != "deploy.yml":
            assert "pages: write" not in text, path.name
        if path.name not in ("deploy.yml", "release.yml"):  # release: PyPI's trusted publishing
            assert "id-token" not in text, path.name


def test_the_deploy_workflow_splits_the_build_only_when_asked() -> None:
    """FACTSITE_SHARDS unset or 1: the one build job; 2 or more: plan validates, a matrix of
    `part` jobs builds one part each, `merge` combines them into the Pages artifact. Exactly
    one of build and merge runs, and deploy publishes whichever did."""
    jobs = workflow("deploy.yml")["jobs"]
    one = "vars.FACTSITE_SHARDS == '' || vars.FACTSITE_SHARDS == '1'"
    assert jobs["build"]["if"] == one
    assert jobs["plan"]["if"] == "vars.FACTSITE_SHARDS != '' && vars.FACTSITE_SHARDS != '1'"
    plan, part, merge = jobs["plan"], jobs["part"], jobs["merge"]
    assert "factsite validate" in [s.get("run") for s in steps(plan)]
    assert part["needs"] == "plan" and merge["needs"] == "part"
    assert part["strategy"]["matrix"]["part"] == "${{ fromJSON(needs.plan.outputs.parts) }}"
    build = next(s for s in steps(part) if s.get("run", "").startswith("factsite build"))
    assert build["run"] == 'factsite build --shard "$PART/$SHARDS" --site-dir part'
    assert build["env"]["SITE_URL"] == "${{ needs.plan.outputs.base_url }}/"
    upload = next(s for s in steps(part) if "upload-artifact" in s.get("uses", ""))
    assert upload["with"]["name"] == "part-${{ matrix.part }}" and upload["with"]["path"] == "part/"
    download = next(s for s in steps(merge) if "download-artifact" in s.get("uses", ""))
    assert download["with"] == {"pattern": "part-*", "path": "parts/"}
    assert "factsite merge parts/part-*" in [s.get("run") for s in steps(merge)]
    uses = [s.get("uses", "").split("@")[0] for s in steps(merge)]
    assert uses[-1] == "actions/upload-pages-artifact"
    for job in (plan, part, merge):
        assert job["permissions"].get("contents") == "read"
        assert set(job["permissions"]) <= {"contents", "pages"}
        assert "write" not in job["permissions"].values()
    assert "needs.merge.result == 'success'" in jobs["deploy"]["if"]
    # the parts, 1 to N, as the plan's step makes them
    script = next(s for s in steps(plan) if s.get("id") == "parts")["run"]
    out = subprocess.run(
        ["bash", "-ec", script.replace('"$GITHUB_OUTPUT"', "/dev/stdout")],
        env={"SHARDS": "3", "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=True,
    )
    assert out.stdout == "parts=[1,2,3]\n"


def test_links_workflow_writes_issues_only_from_its_job() -> None:
    wf = workflow("links.yml")
    assert set(wf["on"]) == {"schedule", "workflow_dispatch"}
    assert wf["permissions"] == {}
    assert set(wf["jobs"]) == {"links", "archive"}
    job = wf["jobs"]["links"]
    assert job["permissions"] == {"contents": "read", "issues": "write"}
    lychee = next(s for s in steps(job) if "lychee-action" in s.get("uses", ""))
    assert lychee["with"]["fail"] is False and "claims/**/*.yaml" in lychee["with"]["args"]
    assert any("factsite.edit.links_report" in s.get("run", "") for s in steps(job))
    issue = next(s for s in steps(job) if "create-issue-from-file" in s.get("uses", ""))
    assert issue["with"]["title"] == "${{ env.REPORT_TITLE }}" and job["env"]["REPORT_TITLE"]
    assert issue["with"]["issue-number"] == "${{ steps.existing.outputs.number }}"


def test_every_module_a_workflow_runs_is_in_the_package() -> None:
    """A step's `python -m factsite.…` names a module that exists: a module moved in the
    package (publish/ to edit/) takes the workflows, the site's template's too, with it."""
    template = REPO / "src" / "factsite" / "site_template" / "dot-github" / "workflows"
    named = {
        (path.name, module)
        for path in [*WORKFLOWS, *sorted(template.glob("*.yml"))]
        for module in re.findall(r"python -m (factsite[\w.]*)", path.read_text(encoding="utf-8"))
    }
    assert ("links.yml", "factsite.edit.links_report") in named
    assert [m for _, m in named if importlib.util.find_spec(m) is None] == []


def test_the_archive_job_alone_can_push_and_open_pull_requests() -> None:
    wf = workflow("links.yml")
    job = wf["jobs"]["archive"]
    assert job["permissions"] == {"contents": "write", "pull-requests": "write"}
    assert job["environment"] == "wayback"  # its secrets are the environment's, no other job's
    for name, other in wf["jobs"].items():
        if name != "archive":
            assert "pull-requests" not in other["permissions"]
            assert other["permissions"].get("contents") == "read"
    run = next(s for s in steps(job) if "factsite archive" in s.get("run", ""))
    assert run["env"] == {
        "FACTSITE_WAYBACK_ACCESS_KEY": "${{ secrets.WAYBACK_ACCESS_KEY }}",
        "FACTSITE_WAYBACK_SECRET_KEY": "${{ secrets.WAYBACK_SECRET_KEY }}",
    }
    assert "--limit" in run["run"] and "--format github" in run["run"]
    opened = next(s for s in steps(job) if "gh pr create" in s.get("run", ""))
    assert "secrets." not in str(opened) and "factsite validate" in opened["run"]
    assert opened["env"] == {"GH_TOKEN": "${{ github.token }}"}


def test_dependabot_updates_pip_and_actions_weekly() -> None:
    config = load(GITHUB / "dependabot.yml")
    by_kind = {u["package-ecosystem"]: u for u in config["updates"]}
    assert {"pip", "github-actions"} <= set(by_kind)
    assert all(u["schedule"]["interval"] == "weekly" for u in config["updates"])


# --- issue forms and the pull request template ---------------------------------------------


def _form(name: str) -> dict[str, Any]:
    form = load(GITHUB / "ISSUE_TEMPLATE" / name)
    assert form["name"] and form["description"] and form["body"]
    ids = [item["id"] for item in form["body"] if "id" in item]
    assert len(ids) == len(set(ids)), f"{name}: duplicate ids"
    for item in form["body"]:
        assert item["type"] in {"markdown", "input", "textarea", "dropdown", "checkboxes"}
        assert item["type"] == "markdown" or item["attributes"]["label"]
        assert all(re.fullmatch(r"[A-Za-z0-9_-]+", i) for i in ids)
    return form


def test_correction_form_takes_the_claim_id_from_the_claim_pages() -> None:
    form = _form("correction.yml")
    assert form["name"] == "Report an error / request a correction"
    claim = next(item for item in form["body"] if item.get("id") == "claim")
    assert claim["type"] == "input" and claim["validations"]["required"] is True
    # The claim pages prefill exactly this template and field.
    from conftest import site_of
    from factsite.render.claim_page import report_url

    url = report_url(site_of(REPO), {"id": "some-claim"})
    assert "template=correction.yml" in url and "claim=some-claim" in url


def test_suggestion_form_offers_every_topic() -> None:
    form = _form("suggest-claim.yml")
    topics = yaml.safe_load((REPO / "topics.yaml").read_text(encoding="utf-8"))
    dropdown = next(item for item in form["body"] if item.get("id") == "topic")
    assert dropdown["attributes"]["options"][:-1] == list(topics.values())
    required = {i["id"] for i in form["body"] if i.get("validations", {}).get("required")}
    assert {"claim", "claimant", "url"} <= required


def test_issue_chooser_config() -> None:
    config = load(GITHUB / "ISSUE_TEMPLATE" / "config.yml")
    assert config["blank_issues_enabled"] is False
    assert any("security/advisories/new" in link["url"] for link in config["contact_links"])


def test_pull_request_template_has_the_reviewer_checklist() -> None:
    text = (GITHUB / "PULL_REQUEST_TEMPLATE.md").read_text(encoding="utf-8").lower()
    for item in ("verbatim", "claimant", "dates", "no invented or guessed urls", "sufficient"):
        assert item in text
    assert "methodology" in text and text.count("- [ ]") >= 8


# --- pre-commit ---------------------------------------------------------------------------


def test_pre_commit_config_is_valid() -> None:
    cmd = [str(BIN / "pre-commit"), "validate-config", str(REPO / ".pre-commit-config.yaml")]
    result = subprocess.run(cmd, capture_output=True, text=True, check=False, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    config = load(REPO / ".pre-commit-config.yaml")
    hooks = {h["id"]: h for repo in config["repos"] for h in repo["hooks"]}
    for hook in ("check-yaml", "end-of-file-fixer", "trailing-whitespace", "check-merge-conflict"):
        assert hook in hooks
    assert {"ruff-check", "ruff-format", "factsite-validate", "claim-schema-metaschema"} <= set(
        hooks
    )
    assert re.search(hooks["check-yaml"]["exclude"], "mkdocs.yml")
    assert re.search(hooks["factsite-validate"]["files"], "claims/a/b.yaml")


def _local_hook(hook_id: str) -> list[str]:
    config = load(REPO / ".pre-commit-config.yaml")
    hook = next(h for r in config["repos"] for h in r["hooks"] if h["id"] == hook_id)
    argv = shlex.split(hook["entry"])
    assert argv[0].startswith(".venv/bin/")
    return [str(BIN / Path(argv[0]).name), *argv[1:]]  # this interpreter's environment


def test_local_hooks_run_offline(tmp_path: Path) -> None:
    """The local hooks' commands work as written (pre-commit itself would fetch other repos)."""
    project = copy_project(tmp_path / "project", claims=False)
    validate = subprocess.run(
        _local_hook("factsite-validate"), cwd=project, capture_output=True, text=True, check=False
    )
    assert validate.returncode == 0, validate.stdout + validate.stderr
    meta = _local_hook("claim-schema-metaschema")
    good = subprocess.run([*meta, "schema/claim.schema.json"], cwd=project, check=False)
    assert good.returncode == 0
    (project / "schema" / "broken.json").write_text('{"type": "strnig"}', encoding="utf-8")
    bad = subprocess.run(
        [*meta, "schema/broken.json"], cwd=project, capture_output=True, check=False
    )
    assert bad.returncode != 0


# --- the weekly links report --------------------------------------------------------------


def _links_report(*args: str, env: dict[str, str] | None = None) -> str:
    cmd = [sys.executable, str(REPO / "scripts" / "links_report.py"), *args]
    result = subprocess.run(cmd, capture_output=True, text=True, check=False, env=env)
    assert result.returncode == 0, result.stderr
    return result.stdout


CLAIM_WITH_ODD_SOURCES = """\
id: odd
sources:
  - url: https://example.org/with-archive
    archive_url: https://web.archive.org/web/2026/https://example.org/with-archive
  - url: https://example.org/a_(b)|c
  - url: "javascript:alert(1)"
"""


def test_links_report_lists_dead_links_and_proposes_archive_searches(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = copy_project(tmp_path / "project", claims=False)
    (project / "claims" / "a").mkdir()
    (project / "claims" / "a" / "odd.yaml").write_text(CLAIM_WITH_ODD_SOURCES, encoding="utf-8")
    lychee = tmp_path / "out.md"
    lychee.write_text("# Summary\n\n* [404] <https://example.org/gone>\n", encoding="utf-8")
    out, github_output = tmp_path / "report.md", tmp_path / "github_output"
    env = {"PATH": str(BIN), "GITHUB_OUTPUT": str(github_output)}
    args = ["--root", str(project), "--lychee", str(lychee), "--out", str(out)]
    _links_report(*args, "--lychee-exit", "2", env=env)
    body = out.read_text(encoding="utf-8")
    assert "[404] <https://example.org/gone>" in body and "### Summary" in body
    # The article's URL has no archive_url, nor has the odd claim's second source.
    assert "(https://web.archive.org/web/*/https://www.ynetnews.com/article/hj11v2pkebg)" in body
    assert "<https://example.org/a_%28b%29%7Cc>" in body  # cannot break the table or the link
    assert "with-archive" not in body and "javascript" not in body
    assert "does not mean that one exists" in body
    assert github_output.read_text(encoding="utf-8") == "needed=true\n"

    (project / "articles" / "ynet-2026-01-azerbaijan-gaza.yaml").write_text(
        (REPO / "articles" / "ynet-2026-01-azerbaijan-gaza.yaml").read_text(encoding="utf-8")
        + "archive_url: https://web.archive.org/web/2026/https://www.ynetnews.com/\n",
        encoding="utf-8",
    )
    (project / "claims" / "a" / "odd.yaml").unlink()
    _links_report(*args, "--lychee-exit", "0", env=env)
    body = out.read_text(encoding="utf-8")
    assert "lychee found no dead link" in body and "Every source has an `archive_url`" in body
    assert github_output.read_text(encoding="utf-8").endswith("needed=false\n")


def test_security_policy_describes_every_workflow() -> None:
    policy = (REPO / "SECURITY.md").read_text(encoding="utf-8")
    for path in WORKFLOWS:
        assert f".github/workflows/{path.name}" in policy
        for event in workflow(path.name)["on"]:
            assert f"`{event}`" in policy, (path.name, event)
    assert "security/advisories/new" in policy


# --- the workflows a new site gets (factsite init) ------------------------------------------


@pytest.fixture(scope="module")
def new_site_github(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from factsite.commands.init import init
    from factsite.commands.options import Options

    site = tmp_path_factory.mktemp("init") / "site"
    options = Options(init_dir=site, site_name="Checks", repo_url="https://github.com/a/b")
    assert init(options, io.StringIO()) == 0
    return site / ".github"


def test_new_sites_workflows_pass_actionlint(new_site_github: Path) -> None:
    workflows = sorted((new_site_github / "workflows").glob("*.yml"))
    assert [p.name for p in workflows] == ["deploy.yml", "links.yml", "pr.yml"]
    result = _actionlint(*workflows)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "3 file(s), 0 problem(s)" in result.stderr


@pytest.mark.parametrize("auditor", [False, True], ids=["default", "auditor"])
def test_new_sites_workflows_pass_zizmor(new_site_github: Path, auditor: bool) -> None:
    findings = _zizmor(new_site_github, auditor=auditor)
    assert [(f["ident"], f["desc"]) for f in findings] == []


@pytest.mark.parametrize("where", ["repository", "new-site"])
def test_every_job_that_validates_has_the_whole_history(new_site_github: Path, where: str) -> None:
    """The backdating rule reads the history: a shallow checkout would skip it."""
    github = GITHUB if where == "repository" else new_site_github
    validating = 0
    for path in (github / "workflows").glob("*.yml"):
        for job in load(path)["jobs"].values():
            runs = " ".join(str(s.get("run", "")) for s in job.get("steps", []))
            if "factsite validate" in runs or "factsite build" in runs:
                if "factsite init" in runs:
                    continue  # the release test's own new site, not a checkout
                validating += 1
                [checkout] = [
                    s for s in job["steps"] if s.get("uses", "").startswith("actions/checkout@")
                ]
                assert checkout["with"].get("fetch-depth") == 0, (path.name, job["name"])
    assert validating >= 2


def test_a_new_site_installs_its_requirements_and_keys_its_cache_by_them(
    new_site_github: Path,
) -> None:
    site = new_site_github.parent
    assert (site / "requirements.txt").is_file() and not (site / "pyproject.toml").exists()
    text = "".join(p.read_text() for p in (new_site_github / "workflows").glob("*.yml"))
    assert "pyproject.toml" not in text
    # pr, deploy (build; and the split: plan, part, merge), links (links, archive)
    assert text.count("python -m pip install --quiet -r requirements.txt") == 7
    deploy = load(new_site_github / "workflows" / "deploy.yml")
    [cache] = [s for s in deploy["jobs"]["build"]["steps"] if "cache@" in s.get("uses", "")]
    assert "hashFiles('requirements.txt')" in cache["with"]["key"]
    links = load(new_site_github / "workflows" / "links.yml")
    assert set(links["jobs"]) == {"links", "archive"}


def test_a_new_sites_forms_say_nothing_of_this_site(new_site_github: Path) -> None:
    """The correction form's placeholder is generic; the chooser links only to pages the new
    site has (its own SECURITY.md, its corrections page)."""
    from factsite.load.files import CLAIMS_DIR

    form = load(new_site_github / "ISSUE_TEMPLATE" / "correction.yml")
    [claim] = [i for i in form["body"] if i.get("id") == "claim"]
    ours = {p.stem for p in (REPO / CLAIMS_DIR).rglob("*.yaml")}
    assert claim["attributes"]["placeholder"] not in ours
    everything = "".join(p.read_text() for p in new_site_github.rglob("*.y*ml"))
    assert not any(claim_id in everything for claim_id in ours)
    site = new_site_github.parent
    config = (new_site_github / "ISSUE_TEMPLATE" / "config.yml").read_text(encoding="utf-8")
    for name in re.findall(r"\b([A-Z]+\.md)\b", config):
        assert (site / name).is_file(), name
    for link in load(new_site_github / "ISSUE_TEMPLATE" / "config.yml")["contact_links"]:
        assert link["url"].startswith(("https://github.com/a/b/", "http://127.0.0.1:8000/"))
    assert (site / "docs" / "corrections.md").is_file()


def test_new_sites_workflows_pin_actions_and_run_its_own_validation(new_site_github: Path) -> None:
    for path in (new_site_github / "workflows").glob("*.yml"):
        for job in load(path)["jobs"].values():
            for step in job.get("steps", []):
                if "uses" in step:  # a full commit SHA, never a movable tag
                    assert re.fullmatch(r"[\w.-]+/[\w./-]+@[0-9a-f]{40}", step["uses"]), step
    pr = load(new_site_github / "workflows" / "pr.yml")
    runs = [s.get("run", "") for s in pr["jobs"]["check"]["steps"]]
    assert "factsite validate --format github" in runs
    deploy = load(new_site_github / "workflows" / "deploy.yml")
    assert "factsite validate" in [s.get("run", "") for s in deploy["jobs"]["build"]["steps"]]


@pytest.mark.parametrize("where", ["repository", "new-site"])
def test_deploy_restores_and_saves_the_build_cache_before_building(
    new_site_github: Path, where: str
) -> None:
    from factsite.load.files import MANIFEST, OWNED_DIRS, OWNED_FILES
    from factsite.publish.cache import CACHE_DIR

    path = (GITHUB if where == "repository" else new_site_github) / "workflows" / "deploy.yml"

    build = steps(load(path)["jobs"]["build"])
    [cache] = [s for s in build if str(s.get("uses", "")).startswith("actions/cache@")]
    builds = [i for i, s in enumerate(build) if "factsite build" in str(s.get("run", ""))]
    assert builds and build.index(cache) < builds[0]
    paths = cache["with"]["path"].split()
    generated = [f"docs/{n}" for n in (MANIFEST, *OWNED_DIRS, *OWNED_FILES)]
    assert sorted(paths) == sorted(["site", CACHE_DIR, *generated])  # never a hand-written page
    assert cache["with"]["key"].endswith("${{ github.sha }}")  # a new cache for each commit
    assert cache["with"]["key"].startswith(cache["with"]["restore-keys"])


def test_the_lock_pins_every_dependency_with_hashes() -> None:
    """requirements.lock (make lock) satisfies pyproject.toml's dependencies, each requirement
    pinned to one version and its files' hashes: what the workflows install."""
    import tomllib

    from packaging.requirements import Requirement

    lock = (REPO / "requirements.lock").read_text(encoding="utf-8")
    pinned: dict[str, str] = {}
    for block in re.split(r"\n(?=[A-Za-z0-9])", lock.split("\n\n", 1)[-1]):
        head = block.split(" ", 1)[0].strip()
        if not head or head.startswith("#"):
            continue
        name, _, version = head.partition("==")
        assert version and "--hash=sha256:" in block, head
        pinned[name.lower().replace("_", "-")] = version
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    for spec in project["dependencies"]:
        req = Requirement(spec)
        name = req.name.lower().replace("_", "-")
        assert name in pinned, f"{name} is not in requirements.lock: run make lock"
        assert req.specifier.contains(pinned[name]), (name, pinned[name], str(req.specifier))
