"""Benchmark: validate, render and build synthetic projects of 100, 1,000 and 10,000 claims.

    .venv/bin/python scripts/bench.py [--sizes 100,1000,10000] [--repeat 3]

Each size is a complete, valid project under .bench/data/<n>/ (generated once, deterministic;
regenerated when missing or when GENERATOR_VERSION changes). Every step runs as its own
subprocess, so its wall time includes interpreter start-up and its peak RSS (the largest process
of the step, from os.wait4) is its own. Prints a table and writes .bench/latest.json.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import platform
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import textwrap
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

from factsite.check.site_config import load_config
from factsite.cli import main as factsite_main
from factsite.load.files import Layout

sys.path.insert(0, str(Path(__file__).resolve().parent))  # scripts/, also when loaded by path
from bench_reader import material_index_bytes, reader_bytes
from bench_serve import free_port, serve_latency

REPO = Path(__file__).resolve().parent.parent
BENCH = REPO / ".bench"
GENERATOR_VERSION = 2  # 2: sources have a kind; half the analyses cite by footnotes
SEED = 7
TODAY = "2026-11-28"  # validation compares dates with today: fixed, like the tests
STAMP = ".bench-generator.json"
NAV_ARTICLE = "ynet-2026-01-azerbaijan-gaza"  # mkdocs.yml's nav links to this article's page
ARTICLES = 5

# --- synthetic data ----------------------------------------------------------------------------

PEOPLE = [
    ("Ilham Aliyev", "President of Azerbaijan"),
    ("Hikmet Hajiyev", "Foreign policy adviser"),
    ("Jeyhun Bayramov", "Foreign minister"),
    ("Parviz Shahbazov", "Energy minister"),
    ("Mikayil Jabbarov", "Economy minister"),
    ("Leyla Abdullayeva", "Foreign ministry spokesperson"),
    ("Nikol Pashinyan", "Prime minister of Armenia"),
    ("Recep Tayyip Erdogan", "President of Turkey"),
    ("Eli Cohen", "Energy minister of Israel"),
    ("Gideon Saar", "Foreign minister of Israel"),
    ("Mahmoud Abbas", "President of the Palestinian Authority"),
    ("Riyad Mansour", "Palestinian envoy to the UN"),
    ("Mike Waltz", "US ambassador to the UN"),
    ("Tom Barrack", "US special envoy"),
    ("Steve Witkoff", "US special envoy"),
    ("Farid Shafiyev", "Analyst"),
]
ORGS = [
    ("Ynet News", "https://www.ynetnews.com/"),
    ("Reuters", "https://www.reuters.com/"),
    ("Report.az", "https://report.az/en/"),
    ("Azernews", "https://www.azernews.az/"),
    ("Times of Israel", "https://www.timesofisrael.com/"),
    ("Anadolu Agency", "https://www.aa.com.tr/en"),
    ("Kpler", "https://www.kpler.com/"),
    ("SOCAR", "https://socar.az/"),
]
PUBLISHERS = [  # (name, host, kind): every kind counts as independent of the claimants here
    ("United Nations", "press.un.org", "primary-document"),
    ("Reuters", "www.reuters.com", "news-report"),
    ("Report.az", "report.az", "state-affiliated-media"),
    ("Azernews", "www.azernews.az", "state-affiliated-media"),
    ("Times of Israel", "www.timesofisrael.com", "news-report"),
    ("Haaretz", "www.haaretz.com", "news-report"),
    ("Kpler", "www.kpler.com", "primary-document"),
    ("Eurasianet", "eurasianet.org", "analysis"),
    ("OC Media", "oc-media.org", "news-report"),
    ("Anadolu Agency", "www.aa.com.tr", "state-affiliated-media"),
    ("Al Jazeera", "www.aljazeera.com", "news-report"),
    ("BBC News", "www.bbc.com", "news-report"),
    ("Associated Press", "apnews.com", "news-report"),
    ("US Department of State", "www.state.gov", "primary-document"),
    ("State Statistical Committee of Azerbaijan", "www.stat.gov.az", "primary-document"),
    ("Israel Central Bureau of Statistics", "www.cbs.gov.il", "primary-document"),
]
SUBJECTS = [
    "The energy ministry",
    "Officials in Baku",
    "The central bank",
    "A government spokesperson",
    "The opposition leader",
    "Regional analysts",
    "The port authority",
    "Local media",
    "The foreign minister",
    "The customs office",
    "Diplomats in Ankara",
    "The state oil company",
    "A senior adviser",
    "The defence ministry",
    "Observers at the UN",
    "Shipping data",
]
VERBS = ["said", "reported", "announced", "estimated", "confirmed", "stated", "noted", "argued"]
GOODS = ["crude oil", "natural gas", "wheat", "cotton", "steel", "fertiliser", "diesel", "copper"]
PLACES = ["Israel", "Turkey", "Georgia", "Italy", "Ceyhan", "Baku", "Haifa", "Tbilisi", "Gaza"]
PROJECTS = ["pipeline", "stabilization force", "rail link", "embassy", "trade corridor", "port"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "September"]
FILLER = [
    "The figure comes from the customs register, which counts deliveries when they leave port.",
    "Officials gave no breakdown by month, and the ministry did not answer our questions.",
    "Independent trackers reach a similar total, though they count cargoes rather than tonnes.",
    "The claim leaves out that the comparison year was unusually low after the shutdown.",
    "Two of the sources are state-aligned: good records of what was said, not of what happened.",
    "The statement was made in an interview and repeated, with different wording, a week later.",
    "Earlier reports had given a lower number, which the agency later revised upwards.",
    "Neither side published the text of the agreement, so its terms cannot be checked directly.",
    "The article’s wording follows the wire story closely, including its rounding.",
    "What would change the verdict is a full year of data from an independent source.",
]


def _sentence(rng: random.Random, k: int) -> tuple[str, str]:
    """One sentence of a synthetic news article and a short claim made of it.

    The counter k keeps every sentence unique, so each quote is found where it was taken.
    """
    subject, verb = rng.choice(SUBJECTS), rng.choice(VERBS)
    good, place, project = rng.choice(GOODS), rng.choice(PLACES), rng.choice(PROJECTS)
    year, month = rng.choice([2023, 2024, 2025]), rng.choice(MONTHS)
    pct, count = rng.randint(3, 95), rng.randint(2, 900) * 10 + k
    form = rng.randrange(5)
    if form == 0:
        return (
            f"{subject} {verb} that exports of {good} to {place} rose by {pct}% in {year}.",
            f"Exports of {good} to {place} rose by {pct}% in {year}",
        )
    if form == 1:
        return (
            f"{subject} {verb} that {count:,} tonnes of {good} reached {place} by {month} {year}.",
            f"{count:,} tonnes of {good} reached {place} by {month} {year}",
        )
    if form == 2:
        who = rng.choice(PEOPLE)[0]
        return (
            f"“We will not give up the {project},” {who} said on {month} {k % 28 + 1}.",
            f"{who} refused to give up the {project}",
        )
    if form == 3:
        return (
            f"According to {subject.lower()}, the {project} near {place} would cost {count:,} "
            f"million dollars and open in {year + 2}.",
            f"The {project} near {place} costs {count:,} million dollars",
        )
    return (
        f"{subject} {verb} the country’s share of {good} in {place} at {pct}% (ref. {k}).",
        f"The country supplies {pct}% of the {good} used in {place}",
    )


def _snapshot(
    rng: random.Random, title: str, sentences: int, first: int
) -> tuple[str, list[tuple[str, str]]]:
    made = [_sentence(rng, first + i) for i in range(sentences)]
    paragraphs, i = [title, ""], 0
    while i < len(made):
        step = rng.randint(2, 5)
        paragraphs.append(" ".join(s for s, _ in made[i : i + step]))
        i += step
    return "\n".join(paragraphs) + "\n", made


def _day(base: dt.date, days: int) -> str:
    return (base + dt.timedelta(days=days)).isoformat()


def _analysis(rng: random.Random, urls: list[str], footnotes: bool) -> str:
    """Four paragraphs citing the sources, by inline links or (footnotes) by [^n] markers."""
    heads = [
        "What the article says.",
        "What the evidence shows.",
        "What it does not show.",
        "Our verdict.",
    ]
    paragraphs = []
    for n, head in enumerate(heads):
        body = " ".join(rng.sample(FILLER, rng.randint(2, 4)))
        if n < len(urls) and footnotes:
            body += f" The source has the full figures.[^{n + 1}]"
        elif n < len(urls):
            body += f" See [the source]({urls[n]}) for the full figures."
        paragraphs.append(
            textwrap.fill(f"**{head}** {body}", 96, break_on_hyphens=False, break_long_words=False)
        )
    if footnotes:
        paragraphs.append("\n".join(f"[^{n + 1}]: {url}" for n, url in enumerate(urls[:4])))
    return "\n\n".join(paragraphs) + "\n"


def _claim(
    rng: random.Random,
    i: int,
    article: dict[str, Any],
    sentence: tuple[str, str],
    verdicts: list[str],
    topics: list[str],
) -> dict[str, Any]:
    sentence, claim = sentence
    words = sentence.split(" ")
    # Most quotes are a whole sentence; some are its first words, as contributors often quote.
    quote = sentence if rng.random() < 0.7 else " ".join(words[: max(5, len(words) * 2 // 3)])
    cid = re.sub(r"[^a-z0-9]+", "-", claim.lower()).strip("-")[:60].strip("-") + f"-{i}"
    if rng.random() < 0.5:
        name, role = rng.choice(PEOPLE)
        claimant: dict[str, Any] = {"name": name, "type": "Person", "role": role}
    else:
        name, url = rng.choice(ORGS)
        claimant = {"name": name, "type": "Organization", "url": url}
    base = dt.date.fromisoformat(article["published"])
    claim_date = _day(base, -rng.randint(0, 1))
    published = _day(base, rng.randint(1, 40))
    sources = []
    for j in range(rng.randint(2, 6)):
        publisher, host, kind = rng.choice(PUBLISHERS)
        src: dict[str, Any] = {
            "url": f"https://{host}/news/{2025 + j % 2}/{cid[:40]}-{j}",
            "title": f"{rng.choice(SUBJECTS)} on {rng.choice(GOODS)} and the "
            f"{rng.choice(PROJECTS)}",
            "publisher": publisher,
            "kind": kind,
        }
        r = rng.random()
        if r < 0.7:
            src["date"] = _day(base, -rng.randint(0, 300))
        elif r < 0.9:
            src["date"] = _day(base, -rng.randint(0, 300))[:7]
        if rng.random() < 0.3:
            src["archive_url"] = f"https://web.archive.org/web/2026/{src['url']}"
        src["stance"] = rng.choice(["supports", "supports", "contradicts", "context"])
        src["note"] = rng.choice(FILLER)
        sources.append(src)
    data: dict[str, Any] = {
        "id": cid,
        "article": article["id"],
        "claim": claim,
        "quote": quote,
        "claimant": claimant,
        "claim_date": claim_date,
        "verdict": rng.choices(verdicts, weights=[15, 20, 20, 15, 20, 10][: len(verdicts)])[0],
        "ruling": " ".join(rng.sample(FILLER, 2)),
        "analysis": _analysis(rng, [s["url"] for s in sources], footnotes=i % 2 == 0),
        "sources": sources,
        "topics": rng.sample(topics, rng.randint(1, 3)),
        "published": published,
    }
    if rng.random() < 0.1:
        when = _day(dt.date.fromisoformat(published), rng.randint(1, 60))
        data["updated"] = when
        data["updates"] = [
            {
                "date": when,
                "type": rng.choice(["correction", "update", "clarification"]),
                "note": rng.choice(FILLER),
            }
        ]
    return data


class _Dumper(yaml.CSafeDumper):  # type: ignore[misc,name-defined]
    pass


def _str(dumper: yaml.Dumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else (">" if len(value) > 100 else None)
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str)


def generate(n: int, dest: Path) -> None:
    """A complete project of n valid claims across ARTICLES articles, written to `dest`."""
    sys.path.insert(0, str(REPO / "tests"))
    from conftest import copy_project  # the project files a site is made of, like the tests

    tmp = dest.with_name(dest.name + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    copy_project(tmp, claims=False)
    for old in (tmp / "articles").iterdir():
        old.unlink()
    verdicts = [v["id"] for v in yaml.safe_load((REPO / "verdicts.yaml").read_text("utf-8"))]
    topics = list(yaml.safe_load((REPO / "topics.yaml").read_text("utf-8")))
    rng = random.Random(f"{SEED}-{n}")  # noqa: S311 - synthetic data, reproducible on purpose
    per_article = -(-n // ARTICLES)
    i = 0
    for a in range(ARTICLES):
        aid = NAV_ARTICLE if a == 0 else f"bench-outlet-2026-0{a + 1}-article-{a + 1}"
        title = f"Synthetic article {a + 1}: trade, energy and diplomacy in the region"
        article = {
            "id": aid,
            "title": title,
            "outlet": "Bench News",
            "outlet_url": "https://bench.example.org/",
            "url": f"https://bench.example.org/article/{a + 1}",
            "published": _day(dt.date(2026, 1, 6), 20 * a),
            "language": "en",
        }
        count = min(per_article, n - i)
        text, sentences = _snapshot(rng, title, count + 20, first=a * 100_000)
        (tmp / "articles" / f"{aid}.yaml").write_text(
            yaml.dump(article, Dumper=_Dumper, sort_keys=False, allow_unicode=True), "utf-8"
        )
        (tmp / "articles" / f"{aid}.txt").write_text(text, "utf-8")
        folder = tmp / "claims" / aid
        folder.mkdir(parents=True)
        order = rng.sample(range(len(sentences)), count)
        for k in order:
            data = _claim(rng, i, article, sentences[k], verdicts, topics)
            body = yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=96)
            (folder / f"{data['id']}.yaml").write_text(
                "# yaml-language-server: $schema=../../schema/claim.schema.json\n" + body, "utf-8"
            )
            i += 1
    (tmp / STAMP).write_text(json.dumps({"version": GENERATOR_VERSION, "n": n, "seed": SEED}))
    shutil.rmtree(dest, ignore_errors=True)
    tmp.rename(dest)


def ensure_data(n: int) -> Path:
    dest = BENCH / "data" / str(n)
    want = {"version": GENERATOR_VERSION, "n": n, "seed": SEED}
    try:
        if json.loads((dest / STAMP).read_text()) == want:
            return dest
    except (OSError, ValueError):
        pass
    t0 = time.perf_counter()
    generate(n, dest)
    print(f"generated {n} claims in {time.perf_counter() - t0:.1f} s: {dest}", file=sys.stderr)
    return dest


# --- measurement ---------------------------------------------------------------------------------

FLOOR = """
import os, sys, time, yaml
t0 = time.perf_counter()
paths = sorted(os.path.join(d, f) for d, _, fs in os.walk(sys.argv[1]) for f in fs
               if f.endswith(".yaml"))
for p in paths:
    with open(p, encoding="utf-8") as fh:
        yaml.load(fh.read(), Loader=yaml.CSafeLoader)
print(len(paths), time.perf_counter() - t0)
"""


def run_step(cmd: list[str], cwd: Path, env: dict[str, str] | None = None) -> dict[str, Any]:
    """Run one step in a child process: wall and CPU seconds, peak RSS (MB), output."""
    env = {**os.environ, "FACTSITE_TODAY": TODAY, "NO_MKDOCS_2_WARNING": "1", **(env or {})}
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=out, stderr=err)
        # wait4 gives this child's own rusage, including the children it waited for (workers,
        # mkdocs); ru_maxrss is then the largest single process of the step (KiB).
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t0
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        result = {
            "s": wall,
            "cpu_s": usage.ru_utime + usage.ru_stime,
            "rss_mb": usage.ru_maxrss / 1024,
            "rc": proc.returncode,
            "stdout": out.read().decode("utf-8", "replace"),
            "stderr": err.read().decode("utf-8", "replace"),
        }
    if result["rc"] != 0:
        tail = (result["stdout"] + result["stderr"])[-3000:]
        raise SystemExit(f"step failed ({result['rc']}): {' '.join(cmd)}\n{tail}")
    return result


def best(
    cmd: list[str], cwd: Path, repeat: int, before: Callable[[], None] | None = None
) -> dict[str, Any]:
    """The fastest of `repeat` runs (the machine may be busy), with the highest peak RSS."""
    runs = []
    for _ in range(repeat):
        if before:
            before()
        runs.append(run_step(cmd, cwd))
    return min(runs, key=lambda r: r["s"]) | {"rss_mb": max(r["rss_mb"] for r in runs)}


def record(row: dict[str, Any], name: str, result: dict[str, Any]) -> None:
    row[f"{name}_s"] = result["s"]
    row[f"{name}_cpu_s"] = result["cpu_s"]
    row[f"{name}_rss_mb"] = result["rss_mb"]


def _forget_check(root: Path) -> None:
    """A check from nothing: neither the project's check nor the files' memo (check/memo.py)."""
    for name in ("check.bin", "claims.bin"):
        (root / ".factsite-cache" / name).unlink(missing_ok=True)


def written(result: dict[str, Any]) -> int:
    m = re.search(r"render: (\d+) written", result["stderr"])
    if not m:
        raise SystemExit(f"cannot read the render report: {result['stderr'][-500:]}")
    return int(m.group(1))


def _stats(docs: Path) -> dict[str, int]:
    return {
        p.relative_to(docs).as_posix(): p.stat().st_mtime_ns for p in docs.rglob("*") if p.is_file()
    }


def _clean_generated(root: Path) -> None:
    if factsite_main(["--root", str(root), "clean", "--quiet"]) != 0:
        raise SystemExit(f"bench: factsite clean failed in {root}")


def _edit_one_claim(root: Path, k: int = 0, note: str = "(edited)") -> tuple[Path, str, str]:
    """Change the claim sentence of one claim in the middle (the k-th after it); return
    (file, id, original text)."""
    files = sorted((root / "claims").rglob("*.yaml"))
    path = files[len(files) // 2 + k]
    original = path.read_text("utf-8")
    data = yaml.load(original, Loader=yaml.CSafeLoader)
    path.write_text(_claim_text(original, data["claim"][:50] + " " + note), "utf-8")
    return path, data["id"], original


def _claim_text(text: str, claim: str) -> str:
    line = "claim: " + json.dumps(claim, ensure_ascii=False)
    edited, n = re.subn(r"(?m)^claim: .*$", lambda _: line, text, count=1)
    if n != 1:
        raise SystemExit("no claim line in a claim file")
    return edited


# The keys every row has (tests/test_bench.py holds the script to them).
ROW_KEYS = (
    "n",
    "floor_s",
    "validate_s",
    "validate_cached_s",
    "render_cold_s",
    "render_noop_s",
    "render_noop_files_written",
    "render_noop_uncached_s",
    "render_one_change_files_written",
    "build_s",
    "build_one_change_s",
    "incremental_identical",
    "serve_start_s",
    "serve_edit_s",
    "serve_saves_s",
    "mkdocs_serve_start_s",
    "mkdocs_serve_edit_s",
    "claim_page_bytes",
    "claim_page_median_bytes",
    "site_bytes",
    "search_index_bytes",
    "search_index_s",
    "material_index_bytes",
    "material_index_gzip_bytes",
    "page_view_bytes",
    "page_view_search_bytes",
    "first_search_bytes",
    "first_search_s",
    "peak_rss_mb",
    "floor_rss_mb",
    "validate_rss_mb",
    "render_cold_rss_mb",
    "render_noop_rss_mb",
    "render_one_change_rss_mb",
    "build_rss_mb",
    "validate_over_floor",
    "noop_over_cold",
    "build_10k_over_1k",
    "load_average",
    "cores",
    "cpu",
    "python",
)


def measure(n: int, root: Path, repeat: int) -> dict[str, Any]:
    """Every step on the project at `root` (n claims), each in its own process."""
    fs = [sys.executable, "-m", "factsite", "--root", str(root)]
    row: dict[str, Any] = {"n": n, "load_average": [round(x, 2) for x in os.getloadavg()]}

    floor = best([sys.executable, "-c", FLOOR, str(root / "claims")], root, repeat)
    files, inner = floor["stdout"].split()
    if int(files) != n:
        raise SystemExit(f"{root} has {files} claim files, not {n}: delete it to regenerate")
    record(row, "floor", floor)
    row["floor_parse_s"] = float(inner)

    # validate as after any change (no cached check; the run then stores one), then cached
    record(row, "validate", best([*fs, "validate"], root, repeat, lambda: _forget_check(root)))
    record(row, "validate_cached", best([*fs, "validate"], root, repeat))

    _clean_generated(root)
    for name, result in (
        ("render_cold", run_step([*fs, "render"], root)),
        ("render_noop", best([*fs, "render"], root, repeat)),
        ("render_noop_uncached", run_step([*fs, "render"], root, {"FACTSITE_CACHE": "0"})),
    ):
        record(row, name, result)
        row[f"{name}_files_written"] = written(result)

    docs = root / "docs"
    before = _stats(docs)
    path, cid, original = _edit_one_claim(root)
    # As after an edit by hand: the cache does not trust files changed within the last
    # RACY_SECONDS (their mtime may not have moved), so such a render would not store its key.
    time.sleep(2.1)
    try:
        one = run_step([*fs, "render"], root)
        record(row, "render_one_change", one)
        row["render_one_change_files_written"] = written(one)
        after = _stats(docs)
        row["render_one_change_pages"] = sorted(
            p for p, t in after.items() if before.get(p) != t and not p.startswith(".")
        )
        record(row, "build", run_step([*fs, "build"], root))
        site = root / "site"
        row["claim_page_bytes"] = (site / "claims" / cid / "index.html").stat().st_size
        sizes = sorted(p.stat().st_size for p in (site / "claims").glob("*/index.html"))
        row["claim_page_median_bytes"] = sizes[len(sizes) // 2]
        files = [p for p in site.rglob("*") if p.is_file()]
        row["site_files"] = len(files)
        row["site_bytes"] = sum(p.stat().st_size for p in files)  # what the host counts
        reader(row, root, site, cid)
    finally:
        path.write_text(original, "utf-8")
    contributor(row, root, fs)
    row["validate_over_floor"] = row["validate_s"] / row["floor_s"]
    row["noop_over_cold"] = row["render_noop_s"] / row["render_cold_s"]
    row["peak_rss_mb"] = max(v for k, v in row.items() if k.endswith("_rss_mb"))
    return row


IDENTITY_MAX = 1000  # the largest tree whose incremental build is compared with a clean one
SAVES = 3  # saves of one claim while `factsite serve` runs: its figure is their median


def contributor(row: dict[str, Any], root: Path, fs: list[str]) -> None:
    """What a contributor waits for: `factsite build` after one more claim changed (the
    previous site reused: publish/incremental.py), checked file by file against a clean build
    of the same inputs; then edit-to-preview of `factsite serve` and of plain `mkdocs serve`."""
    n = row["n"]
    path, _, original = _edit_one_claim(root, k=1)
    time.sleep(2.1)  # as after an edit by hand (see measure)
    try:
        record(row, "build_one_change", run_step([*fs, "build"], root))
        row["incremental_identical"] = identical(root) if n <= IDENTITY_MAX else None
    finally:
        path.write_text(original, "utf-8")
    files = sorted((root / "claims").rglob("*.yaml"))
    path = files[len(files) // 2 + 2]
    data = yaml.load(path.read_text("utf-8"), Loader=yaml.CSafeLoader)
    marker, env = f"preview edit {n}", {"FACTSITE_TODAY": TODAY, "NO_MKDOCS_2_WARNING": "1"}
    port = free_port()
    got = serve_latency(
        [*fs, "serve", "--dev-addr", f"127.0.0.1:{port}"],
        root,
        f"http://127.0.0.1:{port}/claims/{data['id']}/",
        path,
        lambda text, mark: _claim_text(text, data["claim"][:40] + " " + mark),
        marker,
        env,
        saves=SAVES,
        done="rebuilt in ",
    )
    row["serve_start_s"], row["serve_saves_s"] = got["start_s"], got["saves_s"]
    row["serve_edit_s"] = sorted(got["saves_s"])[len(got["saves_s"]) // 2]  # the median
    # Plain MkDocs serves docs/ as rendered (again, now the claim is as it was): the same
    # page, edited where MkDocs reads it.
    run_step([*fs, "render"], root)
    marker = f"mkdocs {marker}"
    config, _ = load_config(Layout(root))
    base = urlsplit(config.site.url if config else "/").path.rstrip("/")
    port = free_port()
    got = serve_latency(
        [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}", "-f", "mkdocs.yml"],
        root,
        f"http://127.0.0.1:{port}{base}/claims/{data['id']}/",
        root / "docs" / "claims" / f"{data['id']}.md",
        lambda text, mark: text + f"\n\n{mark}\n",
        marker,
        env,
    )
    row["mkdocs_serve_start_s"], row["mkdocs_serve_edit_s"] = got["start_s"], got["edit_s"]


def identical(root: Path) -> bool:
    """Whether site/ equals, file by file, a clean build (no cache) of a copy of the inputs."""
    with tempfile.TemporaryDirectory(dir=BENCH) as tmp:
        clean = Path(tmp) / "clean"
        skip = shutil.ignore_patterns("site", ".factsite-cache", ".site-*")
        shutil.copytree(root, clean, ignore=skip, symlinks=True)
        _clean_generated(clean)
        fs = [sys.executable, "-m", "factsite", "--root", str(clean)]
        run_step([*fs, "build"], clean, {"FACTSITE_CACHE": "0"})
        return _tree(root / "site") == _tree(clean / "site")


def _tree(site: Path) -> dict[str, str]:
    return {
        p.relative_to(site).as_posix(): hashlib.blake2b(p.read_bytes()).hexdigest()
        for p in site.rglob("*")
        if p.is_file()
    }


SEARCH_WORD = "copper"  # a word of many synthetic claims (GOODS): a first search with results
SEARCH_STEP = (
    "import sys; from pathlib import Path; from factsite.publish.search import index_site; "
    "sys.exit(index_site(Path(sys.argv[1]), into=Path(sys.argv[2])) or 0)"
)
MATERIAL_CONFIG = ".bench-material.yml"  # beside mkdocs.yml, so that custom_dir resolves


def reader(row: dict[str, Any], root: Path, site: Path, cid: str) -> None:
    """What a reader fetches (scripts/bench_reader.py), next to what Material's search made
    every page view fetch: its index, from a build of the same tree with its plugin on."""
    bundle = [p for p in (site / "pagefind").rglob("*") if p.is_file()]
    row["search_index_bytes"] = sum(p.stat().st_size for p in bundle)
    with tempfile.TemporaryDirectory(dir=root) as tmp:
        # the index alone, as `factsite build` makes it from nothing (publish/search.py: a
        # bundle per part, one after another), into a spare folder
        cmd = [sys.executable, "-c", SEARCH_STEP, str(site), tmp]
        record(row, "search_index", run_step(cmd, root))
    found = reader_bytes(site, f"claims/{cid}/", SEARCH_WORD)
    row["page_view_bytes"] = found["page_view"]["bytes"]
    row["page_view_search_bytes"] = found["page_view"]["search_bytes"]
    row["first_search_bytes"] = found["first_search"]["bytes"]
    row["first_search_s"] = found["results_s"]
    config = root / MATERIAL_CONFIG
    config.write_text("INHERIT: mkdocs.yml\nplugins: [search]\n", "utf-8")
    try:
        with tempfile.TemporaryDirectory(dir=root) as tmp:
            cmd = [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config), "-d", tmp]
            run_step(cmd, root)
            material = material_index_bytes(Path(tmp)) or {}
    finally:
        config.unlink()
    row["material_index_bytes"] = material.get("bytes")
    row["material_index_gzip_bytes"] = material.get("gzip_bytes")


def finish(rows: list[dict[str, Any]], info: dict[str, Any]) -> None:
    """Add the machine and the growth of the build from the size ten times smaller."""
    by_n = {r["n"]: r for r in rows}
    for r in rows:
        r.update(info)
        small = by_n.get(r["n"] // 10)
        r["build_10k_over_1k"] = r["build_s"] / small["build_s"] if small else None


def machine() -> dict[str, Any]:
    cpu = ram = ""
    try:
        cpu = next(
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        )
        kib = int(
            next(
                line.split()[1]
                for line in Path("/proc/meminfo").read_text().splitlines()
                if line.startswith("MemTotal")
            )
        )
        ram = f"{kib / 1024 / 1024:.1f} GiB"
    except (OSError, StopIteration, ValueError):
        pass
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"],
        cwd=REPO,
        check=False,
        capture_output=True,
        text=True,
    ).stdout.strip()
    return {
        "cores": os.cpu_count(),
        "cpu": cpu or platform.processor(),
        "ram": ram,
        "python": platform.python_version(),
        "platform": platform.platform(),
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "commit": commit,
    }


def table(rows: list[dict[str, Any]]) -> str:
    """Two Markdown tables: the figures with their ratios, then CPU time and peak RSS by step."""
    out = [
        "| claims | parse floor | validate | validate, cached | render cold | no-op render "
        "| no-op, no cache | one claim changed | build | claim page (median) | site per claim |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        grow = (
            f" ({r['build_10k_over_1k']:.1f}× {r['n'] // 10:,})" if r["build_10k_over_1k"] else ""
        )
        out.append(
            f"| {r['n']:,} | {r['floor_s']:.2f} s "
            f"| {r['validate_s']:.2f} s ({r['validate_over_floor']:.2f}× floor) "
            f"| {r['validate_cached_s']:.2f} s | {r['render_cold_s']:.2f} s "
            f"| {r['render_noop_s']:.2f} s ({100 * r['noop_over_cold']:.0f}% of cold, "
            f"{r['render_noop_files_written']} written) "
            f"| {r['render_noop_uncached_s']:.2f} s "
            f"| {r['render_one_change_files_written']} files written "
            f"| {r['build_s']:.1f} s{grow} "
            f"| {r['claim_page_bytes'] / 1000:.1f} kB "
            f"({r['claim_page_median_bytes'] / 1000:.1f} kB) "
            f"| {r['site_bytes'] / r['n'] / 1000:.1f} kB ({r['site_files'] / r['n']:.1f} files) |"
        )
    out += [
        "",
        "| claims | Material: index every page view fetched | page view | search data in it "
        "| first search | results after | Pagefind index | indexing |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        out.append(
            f"| {r['n']:,} | {r['material_index_bytes'] / 1e6:.1f} MB "
            f"({r['material_index_gzip_bytes'] / 1e6:.2f} MB gzipped) "
            f"| {r['page_view_bytes'] / 1000:.0f} kB | {r['page_view_search_bytes']} B "
            f"| {r['first_search_bytes'] / 1000:.0f} kB | {r['first_search_s']:.2f} s "
            f"| {r['search_index_bytes'] / 1e6:.1f} MB | {r['search_index_s']:.1f} s |"
        )
    out += [
        "",
        "| claims | cold build | build after one claim changed | same as a clean build "
        f"| `factsite serve`: first page, save → page shows it (median of {SAVES}) "
        "| `mkdocs serve`: first page, edit → page |",
        "|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        same = {True: "yes", False: "**no**", None: "not compared"}[r["incremental_identical"]]
        out.append(
            f"| {r['n']:,} | {r['build_s']:.1f} s | {r['build_one_change_s']:.1f} s "
            f"({r['build_s'] / r['build_one_change_s']:.1f}× faster) | {same} "
            f"| {r['serve_start_s']:.1f} s, {r['serve_edit_s']:.2f} s "
            f"| {r['mkdocs_serve_start_s']:.1f} s, {r['mkdocs_serve_edit_s']:.2f} s |"
        )
    steps = ("floor", "validate", "render_cold", "render_noop", "render_one_change", "build")
    steps += ("build_one_change",)
    out += [
        "",
        "| claims | " + " | ".join(s.replace("_", " ") for s in steps) + " | load average |",
        "|---:|" + "---:|" * (len(steps) + 1),
    ]
    for r in rows:
        cells = [f"{r[f'{s}_cpu_s']:.1f} s CPU, {r[f'{s}_rss_mb']:.0f} MB" for s in steps]
        load = " / ".join(f"{x:.1f}" for x in r["load_average"])
        out.append(f"| {r['n']:,} | " + " | ".join(cells) + f" | {load} |")
    return "\n".join(out) + "\n"


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--sizes", default="100,1000,10000", help="claim counts, comma-separated")
    p.add_argument(
        "--repeat",
        type=int,
        default=3,
        help="runs of the quick steps (floor, validate, no-op render); best is kept",
    )
    p.add_argument("--generate-only", action="store_true", help="only make the data sets")
    p.add_argument(
        "--into",
        type=Path,
        help="with --generate-only and one size: make that project in this folder instead "
        "(to profile a step on it without the benchmark)",
    )
    p.add_argument("--out", type=Path, default=BENCH / "latest.json")
    args = p.parse_args(argv)
    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    if args.into is not None:
        if not args.generate_only or len(sizes) != 1:
            p.error("--into takes --generate-only and one size")
        generate(sizes[0], args.into.resolve())
        print(f"generated {sizes[0]} claims: {args.into}", file=sys.stderr)
        return 0
    # A benchmark stopped by SIGTERM (kill, a CI timeout) puts back the claim it edited, as on
    # Ctrl-C: the finally blocks run. Otherwise the next run finds the edit already made.
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
    info = machine()
    rows = []
    for n in sizes:
        root = ensure_data(n)
        if args.generate_only:
            continue
        t0 = time.perf_counter()
        rows.append(measure(n, root, args.repeat))
        print(f"measured {n} claims in {time.perf_counter() - t0:.0f} s", file=sys.stderr)
    if args.generate_only:
        return 0
    finish(rows, info)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(rows, indent=2) + "\n", "utf-8")
    print(
        f"{info['cores']} cores, {info['cpu']}, {info['ram']} RAM, Python {info['python']}, "
        f"{info['date']}, commit {info['commit']}\n"
    )
    print(table(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
