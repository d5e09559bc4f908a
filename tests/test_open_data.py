"""render/open_data.py: every claim as JSON and CSV (docs/data.md), read back exactly; no CSV
cell can start a spreadsheet formula. (With hostile payloads through a full build:
test_injection.py.)"""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from conftest import REPO, rendered, site_of
from factsite.check.model import Project
from factsite.check.project import check_project
from factsite.render import open_data, render_site
from factsite.render.open_data import CSV_COLUMNS, DATA_VERSION, _cell


@pytest.fixture(scope="module")
def project() -> Project:
    proj = check_project(REPO)
    assert proj.problems == []
    return proj


@pytest.fixture(scope="module")
def pages(project: Project) -> dict[str, str]:
    return rendered(render_site(project, site_of(REPO)))


def test_claims_json_holds_every_claim_and_the_scale(
    project: Project, pages: dict[str, str]
) -> None:
    data = json.loads(pages["data/claims.json"])
    assert data["version"] == DATA_VERSION
    assert [v["id"] for v in data["scale"]] == project.scale.ids
    assert [r["id"] for r in data["claims"]] == [c["id"] for c in project.claims]
    site = site_of(REPO)
    for record, claim in zip(data["claims"], project.claims, strict=True):
        for key in ("claim", "quote", "claimant", "claim_date", "ruling", "analysis", "sources"):
            assert record[key] == claim[key], key
        assert record["media"] == claim.get("media")
        assert record["url"] == f"{site.url}claims/{claim['id']}/"
        verdict = project.scale[claim["verdict"]]
        assert record["verdict"] == {
            "id": verdict.id,
            "label": verdict.label,
            "rating": verdict.rating,
        }
        assert record["updated"] == claim.get("updated", claim["published"])
        assert record["article"]["id"] == claim["article"]


def test_claims_csv_reads_back(project: Project, pages: dict[str, str]) -> None:
    rows = list(csv.DictReader(io.StringIO(pages["data/claims.csv"])))
    assert list(rows[0]) == list(CSV_COLUMNS)
    assert [r["id"] for r in rows] == [c["id"] for c in project.claims]
    for row, claim in zip(rows, project.claims, strict=True):
        assert row["claim"] == _cell(claim["claim"]) and row["claimant"] == _cell(
            claim["claimant"]["name"]
        )
        assert row["topics"] == ";".join(claim["topics"])
        assert row["sources"] == " ".join(s["url"] for s in claim["sources"])


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ('=HYPERLINK("https://evil.example")', '\'=HYPERLINK("https://evil.example")'),
        ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
        ("-2+3", "'-2+3"),
        ("@SUM(1+1)", "'@SUM(1+1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("Plain text = fine", "Plain text = fine"),
        (None, ""),
        (4, "4"),
    ],
)
def test_no_cell_starts_a_formula(value: Any, cell: str) -> None:
    assert _cell(value) == cell


def test_the_data_package_describes_every_column_and_frictionless_validates_it(
    tmp_path: Path,
) -> None:
    project = check_project(REPO)
    pages = rendered(render_site(project, site_of(REPO)))
    for name in ("claims.csv", "claims.json", "claimreview.json", "datapackage.json"):
        (tmp_path / name).write_text(pages[f"data/{name}"], encoding="utf-8")
    package = json.loads(pages["data/datapackage.json"])
    (csv_resource,) = [r for r in package["resources"] if r["path"] == "claims.csv"]
    assert [f["name"] for f in csv_resource["schema"]["fields"]] == list(open_data.CSV_COLUMNS)
    tool = Path(sys.executable).with_name("frictionless")
    result = subprocess.run(
        [str(tool), "validate", "--json", "datapackage.json"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    assert json.loads(result.stdout)["valid"] is True


def test_the_csv_sources_are_the_urls_of_the_json_sources() -> None:
    project = check_project(REPO)
    pages = rendered(render_site(project, site_of(REPO)))
    rows = list(csv.DictReader(io.StringIO(pages["data/claims.csv"])))
    by_id = {c["id"]: c for c in json.loads(pages["data/claims.json"])["claims"]}
    for row in rows:
        assert row["sources"].split(" ") == [s["url"] for s in by_id[row["id"]]["sources"]]


def test_the_exports_joined_from_each_claims_serialised_record_are_json_of_the_whole(
    project: Project, pages: dict[str, str]
) -> None:
    """render_site serialises each claim's record and ClaimReview once (render.Memo keeps
    them between the rounds of `factsite serve`) and joins them: byte for byte what one
    json.dumps of the whole writes, as data for programs (compact, keys as made)."""
    whole = json.loads(pages["data/claims.json"])
    assert pages["data/claims.json"] == (
        json.dumps(whole, ensure_ascii=False, separators=(",", ":")) + "\n"
    )
    feed = json.loads(pages["data/claimreview.json"])
    assert len(feed["dataFeedElement"]) == len(project.claims) > 1
    assert pages["data/claimreview.json"] == (
        json.dumps(feed, ensure_ascii=False, separators=(",", ":")) + "\n"
    )
    rows = list(csv.reader(io.StringIO(pages["data/claims.csv"])))
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    assert pages["data/claims.csv"] == out.getvalue()
    assert len(rows) == len(project.claims) + 1
