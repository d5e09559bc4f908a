"""`factsite archive` against a stand-in of the Save Page Now 2 API on 127.0.0.1.

The stand-in (a thread running http.server) answers as the API does: a job id for a capture
request, "pending" then "success" with a timestamp for its status; a 429 with Retry-After; a
job that fails; a connection closed without an answer. Time is the test's: the client sleeps on
a fake clock, so the pacing and the waits are checked without waiting.
"""

from __future__ import annotations

import io
import json
import threading
import urllib.parse
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from conftest import copy_project, run_factsite
from factsite.check.project import check_project
from factsite.cli import main
from factsite.commands.archive import archive_sources
from factsite.edit import archive_links, wayback
from factsite.load.files import Layout
from factsite.load.strict_yaml import parse

REL = "claims/ynet-2026-01-azerbaijan-gaza/archive-me.yaml"
STAMP = "20261201120000"
# A claim file with the habits of a hand-written one: comments, quoted and plain values, a
# flow list, one source already archived, a source written with its url last.
CLAIM = """\
# yaml-language-server: $schema=../../schema/claim.schema.json
# A hand-written file: comments, quoting and order must survive `factsite archive`.
id: archive-me
article: ynet-2026-01-azerbaijan-gaza
claim: Azerbaijan is a predominantly Shia Muslim country
quote: 'despite Azerbaijan being a predominantly Shia Muslim country'
claimant: {name: Ynet News, type: Organization}
claim_date: "2026-01-06"
verdict: "true"
ruling: Bloomberg and The Jewish Press both describe a Shia majority among Azerbaijanis.
analysis: |
  Both describe a Shia majority.
  Neither gives a census figure, and we found none.
sources:
  # the first source
  - url: https://ok.example/bloomberg  # a comment after the url
    title: "Israel's top oil supplier endures Gaza as Azeri ties grow"
    publisher: Bloomberg
    kind: news-report
    stance: supports
    note: Estimates that roughly two in three Azerbaijanis are Shia.
  - title: Azerbaijanis condemn Hamas terrorism
    publisher: The Jewish Press
    kind: news-report
    stance: supports
    note: Describes Azerbaijan as a majority Shia Muslim country.
    url: "https://busy.example/jewish-press"
  - url: https://fails.example/state-department
    title: International Religious Freedom Report 2006
    publisher: US Department of State
    kind: primary-document
    archive_url: https://web.archive.org/web/2024/https://fails.example/state-department
    stance: context
    note: About 96% of the population is Muslim by background.
  - url: https://fails.example/pew
    title: Mapping the Global Muslim Population
    publisher: Pew Research Center
    kind: primary-document
    stance: context
    note: Explains how Pew built its Sunni and Shia estimates.
topics: [religion]
published: "2026-11-28"
"""


class Clock:
    """The client's time: sleeping moves it on at once."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.sleeps: list[float] = []

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds

    def __call__(self) -> float:
        return self.now


class StandIn(ThreadingHTTPServer):
    """The API's two endpoints, with a behaviour chosen by the host of the URL to capture."""

    def __init__(self, clock: Clock) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.clock = clock
        self.submits: list[tuple[float, str]] = []  # (client time, url) of each capture request
        self.jobs: dict[str, dict[str, Any]] = {}
        self.refused_once: set[str] = set()
        self.auth: set[str | None] = set()

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


class Handler(BaseHTTPRequestHandler):
    server: StandIn

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def _json(self, status: int, data: Any, headers: dict[str, str] | None = None) -> None:
        body = json.dumps(data).encode()
        self.send_response(status)
        for k, v in {"Content-Type": "application/json", **(headers or {})}.items():
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_POST(self) -> None:
        self.server.auth.add(self.headers.get("Authorization"))
        if self.path != "/save" or self.headers.get("Authorization") != "LOW key:secret":
            self._json(401, {"message": "You need to be logged in to use Save Page Now."})
            return
        length = int(self.headers.get("Content-Length") or 0)
        form = urllib.parse.parse_qs(self.rfile.read(length).decode())
        url = form["url"][0]
        self.server.submits.append((self.server.clock.now, url))
        host = urllib.parse.urlsplit(url).hostname
        if host == "busy.example" and url not in self.server.refused_once:
            self.server.refused_once.add(url)
            self._json(429, {"message": "Too Many Requests"}, {"Retry-After": "7"})
            return
        if host == "down.example":
            self.close_connection = True  # no answer at all: the connection just closes
            return
        job = f"spn2-{len(self.server.jobs):040x}"
        self.server.jobs[job] = {"url": url, "polls": 0, "fails": host == "fails.example"}
        self._json(200, {"url": url, "job_id": job})

    def do_GET(self) -> None:
        job = self.server.jobs.get(self.path.removeprefix("/save/status/"))
        if job is None:
            self._json(404, {"status": "error", "message": "no such job"})
            return
        job["polls"] += 1
        if job["polls"] == 1:
            self._json(200, {"status": "pending", "job_id": self.path.rsplit("/", 1)[1]})
        elif job["fails"]:
            self._json(
                200,
                {
                    "status": "error",
                    "status_ext": "error:not-found",
                    "message": "The server cannot find the requested resource.",
                },
            )
        else:
            self._json(200, {"status": "success", "timestamp": STAMP, "original_url": job["url"]})


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def api(clock: Clock) -> Iterator[StandIn]:
    server = StandIn(clock)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()
    thread.join()


@pytest.fixture
def root(tmp_path: Path) -> Path:
    root = copy_project(tmp_path / "project", claims=False)
    path = root / REL
    path.parent.mkdir(parents=True)
    path.write_text(CLAIM, encoding="utf-8")
    return root


def run(
    root: Path, api: StandIn, clock: Clock, *paths: Path, limit: int | None = None
) -> tuple[int, str]:
    client = wayback.Client(api.base, "key", "secret", sleep=clock.sleep, clock=clock)
    out = io.StringIO()
    code = archive_sources(Layout(root), list(paths), client=client, limit=limit, out=out)
    return code, out.getvalue()


def inserted(before: str, after: str) -> list[str]:
    """The lines of `after` that are not in `before`, which must be otherwise unchanged."""
    old, new = before.splitlines(), after.splitlines()
    added = [line for line in new if line not in old]
    assert [line for line in new if line not in added] == old  # nothing else moved or changed
    return added


def test_captures_are_written_in_and_the_rest_of_the_file_is_untouched(
    root: Path, api: StandIn, clock: Clock, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out = run(root, api, clock)
    after = (root / REL).read_text(encoding="utf-8")
    assert inserted(CLAIM, after) == [
        f"    archive_url: https://web.archive.org/web/{STAMP}/https://ok.example/bloomberg",
        f"    archive_url: https://web.archive.org/web/{STAMP}/https://busy.example/jewish-press",
    ]
    lines = after.splitlines()
    url_line = lines.index("  - url: https://ok.example/bloomberg  # a comment after the url")
    assert lines[url_line + 1].startswith("    archive_url: ")  # right under its url
    assert lines[lines.index('    url: "https://busy.example/jewish-press"') + 1].startswith(
        "    archive_url: "
    )
    assert f"archived https://ok.example/bloomberg -> https://web.archive.org/web/{STAMP}/" in out
    # The failed job: a located problem at the source's url, the file line left alone.
    assert code == 1
    err = capsys.readouterr()
    assert (
        f"{REL}:37:10: error[archive-failed] $.sources[3].url: no capture of "
        "https://fails.example/pew: the Wayback Machine made no capture: The server cannot find "
        "the requested resource. (error:not-found)"
    ) in err.out
    assert "3 capture(s) asked for, 2 archive_url line(s) written, 1 problem(s)" in err.err
    # The file still validates, and the data is the old data plus the two archive_url fields.
    assert [p.text() for p in check_project(root).problems] == []
    old, new = parse(REL, CLAIM).data, parse(REL, after).data
    assert [s.get("archive_url") for s in new["sources"]][:2] == [
        f"https://web.archive.org/web/{STAMP}/https://ok.example/bloomberg",
        f"https://web.archive.org/web/{STAMP}/https://busy.example/jewish-press",
    ]
    for s in new["sources"][:2]:
        del s["archive_url"]
    assert new == old
    assert api.auth == {"LOW key:secret"}


def test_the_published_limits_are_kept(root: Path, api: StandIn, clock: Clock) -> None:
    run(root, api, clock)
    # One capture at a time, at least MIN_INTERVAL apart; the 429's Retry-After was waited out.
    times = [t for t, _ in api.submits]
    assert [u for _, u in api.submits] == [
        "https://ok.example/bloomberg",
        "https://busy.example/jewish-press",
        "https://busy.example/jewish-press",
        "https://fails.example/pew",
    ]
    assert times[1] - times[0] >= wayback.MIN_INTERVAL
    assert times[2] - times[1] == 7  # Retry-After: 7
    assert times[3] - times[2] >= wayback.MIN_INTERVAL
    assert 7 in clock.sleeps and max(clock.sleeps) <= wayback.MAX_WAIT


def test_a_network_failure_is_retried_then_ends_the_run(
    root: Path, api: StandIn, clock: Clock, capsys: pytest.CaptureFixture[str]
) -> None:
    path = root / REL
    path.write_text(CLAIM.replace("https://ok.example/bloomberg", "https://down.example/x"))
    code, out = run(root, api, clock)
    assert code == 1 and out == ""
    urls = [u for _, u in api.submits]
    assert urls == ["https://down.example/x"] * (wayback.MAX_RETRIES + 1)
    assert clock.sleeps == [60.0, 120.0, 240.0]  # backoff, doubling, then give up
    err = capsys.readouterr()
    assert (
        "error[archive-failed] $.sources[0].url: no capture of https://down.example/x: could "
        "not reach the Wayback Machine" in err.out
    )
    assert "1 capture(s) asked for, 0 archive_url line(s) written" in err.err
    assert "2 URL(s) left for a later run" in err.err
    assert path.read_text() == CLAIM.replace(
        "https://ok.example/bloomberg", "https://down.example/x"
    )


def test_persistent_rate_limit_ends_the_run(root: Path, clock: Clock) -> None:
    class Always429(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            pass

        def do_POST(self) -> None:
            self.send_response(429)
            self.send_header("Content-Length", "0")
            self.end_headers()

    server = ThreadingHTTPServer(("127.0.0.1", 0), Always429)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        base = f"http://127.0.0.1:{server.server_address[1]}"
        client = wayback.Client(base, "key", "secret", sleep=clock.sleep, clock=clock)
        result = client.capture("https://ok.example/a")
    finally:
        server.shutdown()
        server.server_close()
    assert result.stop and result.archive_url is None and "429" in (result.error or "")
    assert clock.sleeps == [60.0, 120.0, 240.0]  # no Retry-After: a doubling backoff


def test_one_capture_for_a_url_cited_twice_and_limit_and_dry_run(
    root: Path, api: StandIn, clock: Clock, capsys: pytest.CaptureFixture[str]
) -> None:
    other = root / REL.replace("archive-me", "archive-too")
    other.write_text(CLAIM.replace("id: archive-me", "id: archive-too"), encoding="utf-8")
    code, _ = run(root, api, clock, limit=1)
    assert code == 0 and [u for _, u in api.submits] == ["https://ok.example/bloomberg"]
    for path in (root / REL, other):
        assert f"web/{STAMP}/https://ok.example/bloomberg" in path.read_text(encoding="utf-8")
    assert "1 capture(s) asked for, 2 archive_url line(s) written" in capsys.readouterr().err
    out_io = io.StringIO()
    assert archive_sources(Layout(root), [], client=None, out=out_io) == 0
    listed = out_io.getvalue().splitlines()
    assert listed[0].startswith("would capture https://busy.example/jewish-press (")
    assert len(listed) == 2 and len(api.submits) == 1  # a dry run asks for nothing


def test_the_command_line_reads_the_keys_and_the_api_base_from_the_environment(
    root: Path, api: StandIn, clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(wayback.KEY_ENV, raising=False)
    assert main(["--root", str(root), "archive"]) == 2  # no keys: nothing is asked for
    assert main(["--root", str(root), "archive", "--limit", "0"]) == 2
    monkeypatch.setenv(wayback.KEY_ENV, "key")
    monkeypatch.setenv(wayback.SECRET_ENV, "secret")
    monkeypatch.setenv(wayback.API_ENV, api.base)
    monkeypatch.setattr(wayback.time, "sleep", clock.sleep)
    monkeypatch.setattr(wayback.time, "monotonic", clock)
    assert main(["--root", str(root), "archive", "--limit", "1", REL]) == 0
    assert [u for _, u in api.submits] == ["https://ok.example/bloomberg"]


def test_retry_after_as_seconds_or_date() -> None:
    assert wayback.retry_after("120") == 120.0
    assert wayback.retry_after("Tue, 01 Dec 2026 12:00:30 GMT", now=1796126400.0) == 30.0
    assert wayback.retry_after("soon") is None and wayback.retry_after(None) is None


def test_line_endings_and_byte_order_mark_are_kept(root: Path, api: StandIn, clock: Clock) -> None:
    path = root / REL
    original = "\ufeff" + CLAIM.replace("\n", "\r\n")
    path.write_bytes(original.encode("utf-8"))
    run(root, api, clock, path, limit=1)
    after = path.read_bytes().decode("utf-8")
    assert after.startswith("\ufeff") and "\n" not in after.replace("\r\n", "")
    assert inserted(original, after) == [
        f"    archive_url: https://web.archive.org/web/{STAMP}/https://ok.example/bloomberg"
    ]


def test_a_source_that_cannot_take_a_line_is_reported_with_the_line_to_add(
    root: Path, api: StandIn, clock: Clock, capsys: pytest.CaptureFixture[str]
) -> None:
    path = root / REL
    block = CLAIM[CLAIM.index("  - url: https://ok.example") : CLAIM.index("  - title:")]
    text = CLAIM.replace(
        block,
        "  - {url: https://ok.example/bloomberg, title: Israel's top oil supplier,\n"
        "     publisher: Bloomberg, kind: news-report, stance: supports,\n"
        "     note: Estimates that two in three Azerbaijanis are Shia.}\n",
    )
    assert text != CLAIM
    path.write_text(text, encoding="utf-8")
    code, _ = run(root, api, clock, path, limit=1)
    assert code == 1 and path.read_text(encoding="utf-8") == text
    assert (
        f"{REL}:16:11: error[archive-not-written] $.sources[0].url: only a "
        "`key: value` line of a block mapping can be followed; add this line under its url by "
        f"hand: archive_url: https://web.archive.org/web/{STAMP}/https://ok.example/bloomberg"
    ) in capsys.readouterr().out


class Recorder(ThreadingHTTPServer):
    """A server that records the Authorization header of every request and answers with a
    redirect or JSON, as `routes` says: {path: (status, Location or None, JSON or None)}."""

    def __init__(self, routes: dict[str, tuple[int, str | None, Any]]) -> None:
        super().__init__(("127.0.0.1", 0), RecorderHandler)
        self.routes = routes
        self.seen: list[tuple[str, str, str | None]] = []  # (method, path, Authorization)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


class RecorderHandler(BaseHTTPRequestHandler):
    server: Recorder

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def _answer(self) -> None:
        self.server.seen.append((self.command, self.path, self.headers.get("Authorization")))
        length = int(self.headers.get("Content-Length") or 0)
        self.rfile.read(length)
        status, location, data = self.server.routes.get(self.path, (404, None, {"x": 1}))
        self.send_response(status)
        body = json.dumps(data).encode() if data is not None else b""
        if location:
            self.send_header("Location", location)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = _answer


@pytest.fixture
def servers() -> Iterator[tuple[Recorder, Recorder]]:
    home, elsewhere = Recorder({}), Recorder({})
    threads = [threading.Thread(target=s.serve_forever, daemon=True) for s in (home, elsewhere)]
    for t in threads:
        t.start()
    yield home, elsewhere
    for s, t in zip((home, elsewhere), threads, strict=True):
        s.shutdown()
        s.server_close()
        t.join()


def test_the_keys_never_follow_a_redirect_to_another_origin(
    servers: tuple[Recorder, Recorder], clock: Clock
) -> None:
    home, elsewhere = servers
    job = "spn2-" + "0" * 40
    # The capture request is sent on to another port (another origin) by a 302, and the status
    # poll by a 307; the other origin answers as the API would.
    home.routes.update(
        {
            "/save": (302, f"{elsewhere.base}/save", None),
            f"/save/status/{job}": (307, f"{elsewhere.base}/save/status/{job}", None),
        }
    )
    elsewhere.routes.update(
        {
            "/save": (200, None, {"job_id": job}),
            f"/save/status/{job}": (200, None, {"status": "success", "timestamp": STAMP}),
        }
    )
    client = wayback.Client(home.base, "key", "secret", sleep=clock.sleep, clock=clock)
    client.capture("https://example.org/a")
    assert [auth for _, _, auth in home.seen] == ["LOW key:secret"] * len(home.seen)
    assert elsewhere.seen and all(auth is None for _, _, auth in elsewhere.seen), elsewhere.seen


def test_the_keys_follow_a_redirect_within_the_api_origin(
    servers: tuple[Recorder, Recorder], clock: Clock
) -> None:
    home, _ = servers
    job = "spn2-" + "1" * 40
    home.routes.update(
        {
            "/save": (200, None, {"job_id": job}),
            f"/save/status/{job}": (307, f"{home.base}/v2/status/{job}", None),
            f"/v2/status/{job}": (200, None, {"status": "success", "timestamp": STAMP}),
        }
    )
    client = wayback.Client(home.base, "key", "secret", sleep=clock.sleep, clock=clock)
    capture = client.capture("https://example.org/b")
    assert capture.archive_url and capture.archive_url.startswith("https://web.archive.org/web/")
    assert [p for _, p, auth in home.seen if auth == "LOW key:secret"] == [
        "/save",
        f"/save/status/{job}",
        f"/v2/status/{job}",
    ]


def test_a_server_message_reaches_the_terminal_without_escapes() -> None:
    capture = wayback._refused(
        "https://x.example/",
        500,
        {"message": "bad\x1b[2J\x1b]0;owned\x07 \u202eword", "status_ext": "e\x1b[1m"},
    )
    assert capture.error is not None
    assert not any(c in capture.error for c in "\x1b\x07\u202e"), capture.error


def test_a_killed_archive_leaves_nothing_the_next_run_does_not_remove(root: Path) -> None:
    claim = root / REL
    leftover = claim.parent / f".{claim.name}.k1ll3d_x.tmp"
    leftover.write_text("half a file", encoding="utf-8")
    mine = claim.parent / ".notes.tmp"  # not archive's: kept
    mine.write_text("a contributor's own file", encoding="utf-8")
    result = run_factsite(root, "archive", "--dry-run")
    assert result.returncode == 0, result.stderr
    assert not leftover.exists() and mine.exists()
    assert "removed what an interrupted run left" in result.stderr


def test_a_failed_write_still_gives_the_capture(
    root: Path,
    api: StandIn,
    clock: Clock,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    def full_disk(path: Path, data: bytes) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(archive_links, "_replace", full_disk)
    code, _ = run(root, api, clock, root / REL, limit=1)
    assert code == 1
    out = capsys.readouterr().out
    assert "error[write-failed]" in out and "No space left on device" in out, out
    assert f"the capture is https://web.archive.org/web/{STAMP}/https://" in out, out
