"""`factsite serve`: the preview server (publish/preview.py), the watcher (commands/watch.py),
and the command end to end: build, serve, rebuild on a change, keep the last good site.

The preview and the watcher are tested on their own, on a loopback port and a temporary copy
of the project; the end-to-end test runs the command in a process of its own (slow: it builds).
"""

from __future__ import annotations

import html
import http.client
import os
import re
import shutil
import signal
import socket
import struct
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Callable, Iterator
from importlib.resources import files
from pathlib import Path

import pytest

import bench_serve  # scripts/, on the path by tests/conftest.py
from conftest import TODAY, run_main
from factsite.commands.watch import Watcher, watched
from factsite.load.files import INPUT_DIRS, INPUT_FILES
from factsite.problems import Problem
from factsite.publish.preview import Preview, parse_addr

CLAIM = "claims/ynet-2026-01-azerbaijan-gaza/embassy-tel-aviv-march-2023.yaml"
CLAIM_PAGE = "claims/embassy-tel-aviv-march-2023/"
PAGE = b"<!doctype html>\n<html><body><p>Hello</p><!-- not this </body> -->\n</BODY>\n</html>\n"
TAG = re.compile(
    rb'<script src="/\.factsite/livereload\.js" data-epoch="(\d+)" data-stamp="[0-9a-f]{16}" '
    rb"defer></script>"
)


# --- the preview server -----------------------------------------------------------------


@pytest.fixture
def site(tmp_path: Path) -> Path:
    folder = tmp_path / "site"
    (folder / "sub").mkdir(parents=True)
    (folder / "index.html").write_bytes(PAGE)
    (folder / "sub" / "index.html").write_bytes(b"<p>no body tag</p>")
    (folder / "style.css").write_bytes(b"body { color: red }\n</body>\n")
    (tmp_path / "secret.txt").write_text("not for the web\n")
    return folder


@pytest.fixture
def preview(site: Path) -> Iterator[Preview]:
    server = Preview(site, "127.0.0.1", 0)
    server.start()
    try:
        yield server
    finally:
        server.close()


def _get(server: Preview, path: str) -> tuple[int, http.client.HTTPMessage, bytes]:
    """GET `path` as written (no normalisation by the client): status, headers, body."""
    conn = http.client.HTTPConnection(*server.address, timeout=30)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        return response.status, response.headers, response.read()
    finally:
        conn.close()


def test_the_port_is_the_one_the_system_chose(preview: Preview) -> None:
    host, port = preview.address
    assert host == "127.0.0.1" and port > 0
    assert preview.url == f"http://127.0.0.1:{port}/"


@pytest.mark.parametrize("path", ["/", "/index.html"])
def test_a_page_gets_the_reload_script_once_before_its_last_body_tag(
    preview: Preview, path: str
) -> None:
    status, headers, body = _get(preview, path)
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    assert int(headers["Content-Length"]) == len(body)
    [tag] = TAG.findall(body)
    assert int(tag) == preview.epoch
    assert TAG.sub(b"", body) == PAGE  # nothing else changed
    assert body.index(b"<script") == PAGE.rindex(b"</BODY>")  # before the last one, any case
    assert b"<script>" not in body  # no inline script


def test_a_page_without_a_body_tag_gets_it_at_the_end(preview: Preview) -> None:
    status, headers, body = _get(preview, "/sub/")
    assert status == 200 and int(headers["Content-Length"]) == len(body)
    assert body.startswith(b"<p>no body tag</p><script src=") and len(TAG.findall(body)) == 1
    assert _get(preview, "/sub")[0] == 301  # to the folder's URL, as SimpleHTTPRequestHandler


def test_other_files_are_sent_as_they_are(preview: Preview, site: Path) -> None:
    status, headers, body = _get(preview, "/style.css")
    assert (status, headers["Content-Type"], body) == (
        200,
        "text/css",
        b"body { color: red }\n</body>\n",
    )
    assert headers["Cache-Control"] == "no-cache"  # a reloaded page never shows stale styles


def test_the_reload_script_is_served_from_the_package(preview: Preview) -> None:
    status, headers, body = _get(preview, "/.factsite/livereload.js")
    assert (status, headers["Content-Type"]) == (200, "text/javascript; charset=utf-8")
    assert body == files("factsite").joinpath("theme", "livereload.js").read_bytes()
    assert b"/.factsite/reload?epoch=" in body and b"location.reload()" in body
    assert not re.search(rb"https?://", body)  # nothing from another origin


def test_a_reload_request_waits_for_the_next_rebuild(preview: Preview) -> None:
    epoch = preview.epoch
    answer: list[tuple[int, bytes]] = []
    started = time.monotonic()

    def ask() -> None:
        status, _, body = _get(preview, f"/.factsite/reload?epoch={epoch}")
        answer.append((status, body))

    waiting = threading.Thread(target=ask)
    waiting.start()
    time.sleep(0.5)
    assert not answer  # still waiting: nothing was rebuilt
    preview.reload()
    waiting.join(timeout=10)
    assert answer == [(200, str(epoch + 1).encode())]
    assert time.monotonic() - started < 5
    # a page older than the last rebuild is answered at once
    assert _get(preview, f"/.factsite/reload?epoch={epoch}")[2] == str(epoch + 1).encode()
    [tag] = TAG.findall(_get(preview, "/")[2])
    assert int(tag) == epoch + 1  # the page sent now knows it is current


def _stamp_of(body: bytes) -> str:
    found = re.search(rb'data-stamp="([0-9a-f]+)"', body)
    assert found is not None
    return found.group(1).decode()


def test_a_rebuild_reloads_only_the_pages_whose_file_changed(preview: Preview, site: Path) -> None:
    # A round shows the saved claim's page first and builds the rest after (serve.rebuild):
    # a page open in another tab reloads when its own file changes, not at each step.
    epoch = preview.epoch
    home, sub = _stamp_of(_get(preview, "/")[2]), _stamp_of(_get(preview, "/sub/")[2])

    def ask(page: str, stamp: str, seen: int = epoch) -> bytes:
        return _get(preview, f"/.factsite/reload?epoch={seen}&page={page}&stamp={stamp}")[2]

    (site / "sub" / "index.html").write_bytes(b"<p>the saved claim</p>")
    preview.reload()
    assert ask("/sub/", sub) == str(epoch + 1).encode()  # changed: reload
    assert ask("/", home) == f"{epoch + 1} kept".encode()  # the same file: wait on
    assert ask("/", "0" * 16) == str(epoch + 1).encode()  # another file than the one sent
    assert ask("/gone/", home) == str(epoch + 1).encode()  # no page there any more
    assert ask("/", "") == str(epoch + 1).encode()  # an old script: every page reloads
    (site / "index.html").write_bytes(PAGE.replace(b"Hello", b"Hello again"))
    preview.reload()
    assert ask("/", home, epoch + 1) == str(epoch + 2).encode()  # its turn: reload
    # the banner's problems changed: every open page reloads to show them
    preview.set_problems([Problem("claims/a.yaml", 1, 1, "yaml-syntax", "x")], {"title": "t"})
    preview.reload()
    assert ask("/sub/", _stamp_of(_get(preview, "/sub/")[2]), epoch + 2) == b"%d" % (epoch + 3)
    preview.reload()  # the same problems: the banner is as it was
    assert ask("/sub/", _stamp_of(_get(preview, "/sub/")[2]), epoch + 3) == (
        b"%d kept" % (epoch + 4)
    )


@pytest.mark.parametrize(
    "path", ["/../secret.txt", "/%2e%2e/secret.txt", "/sub/../../secret.txt", "//secret.txt"]
)
def test_a_path_out_of_the_site_is_refused(preview: Preview, path: str) -> None:
    status, _, body = _get(preview, path)
    assert status == 404 and b"not for the web" not in body


@pytest.mark.parametrize("path", ["/.factsite/", "/.factsite/other.js", "/.factsite/reload/x"])
def test_the_preview_owns_nothing_else_under_its_folder(preview: Preview, path: str) -> None:
    assert _get(preview, path)[0] == 404


@pytest.mark.parametrize("path", ["/%00", "/sub/%00/index.html", "/a%00.html"])
def test_a_nul_in_the_path_is_a_bad_request_not_a_traceback(
    preview: Preview, path: str, capfd: pytest.CaptureFixture[str]
) -> None:
    assert _get(preview, path)[0] == 400
    assert "Traceback" not in capfd.readouterr().err


@pytest.mark.parametrize(
    ("host", "status"),
    [
        ("127.0.0.1:8000", 200),
        ("localhost:8000", 200),
        ("[::1]:8000", 200),
        ("preview.localhost", 200),
        ("192.168.1.20:8000", 200),
        ("attacker.example:8000", 421),
        ("attacker.example", 421),
        ("127.0.0.1.nip.io", 421),
    ],
)
def test_only_addresses_and_localhost_are_accepted_as_host(
    preview: Preview, host: str, status: int
) -> None:
    conn = http.client.HTTPConnection(*preview.address, timeout=30)
    try:
        conn.putrequest("GET", "/", skip_host=True)
        conn.putheader("Host", host)
        conn.endheaders()
        response = conn.getresponse()
        body = response.read()
    finally:
        conn.close()
    assert response.status == status
    assert (b"<script src=" in body) == (status == 200)


def test_a_tab_closed_before_the_answer_is_no_traceback(
    preview: Preview, site: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    (site / "big.html").write_bytes(b"<html><body>" + b"x" * 4_000_000 + b"</body></html>")
    for _ in range(5):
        sock = socket.create_connection(preview.address, timeout=30)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        sock.sendall(b"GET /big.html HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        sock.recv(10)
        sock.close()  # a reset, as a browser tab that is closed mid-answer
    assert _get(preview, "/")[0] == 200  # still serving
    time.sleep(0.5)
    err = capfd.readouterr().err
    assert "Traceback" not in err and "BrokenPipe" not in err, err


def test_a_site_swapped_in_is_what_the_next_request_sees(preview: Preview, site: Path) -> None:
    new = site.with_name("new-site")
    new.mkdir()
    (new / "index.html").write_bytes(b"<body>the new site</body>")
    site.rename(site.with_name("old-site"))
    new.rename(site)  # as publish/swap.py does
    assert b"the new site" in _get(preview, "/")[2]


def test_close_answers_the_waiting_requests_and_frees_the_port(site: Path) -> None:
    server = Preview(site, "127.0.0.1", 0)
    server.start()
    answer: list[bytes] = []
    waiting = threading.Thread(
        target=lambda: answer.append(_get(server, f"/.factsite/reload?epoch={server.epoch}")[2])
    )
    waiting.start()
    time.sleep(0.3)
    server.close()
    waiting.join(timeout=10)
    assert answer == [str(server.epoch).encode()]  # the same epoch: no reload
    again = Preview(site, *server.address)  # the port is free again
    again.close()


@pytest.mark.parametrize(
    ("addr", "parsed"),
    [
        ("127.0.0.1:8000", ("127.0.0.1", 8000)),
        ("localhost:0", ("localhost", 0)),
        ("[::1]:8000", ("::1", 8000)),
        ("8000", None),
        ("127.0.0.1:", None),
        ("127.0.0.1:http", None),
        (":8000", None),
        ("127.0.0.1:70000", None),
    ],
)
def test_the_address_is_host_and_port(addr: str, parsed: tuple[str, int] | None) -> None:
    found = parse_addr(addr)
    if parsed is None:
        assert isinstance(found, str) and "is not HOST:PORT" in found
    else:
        assert found == parsed


# --- the watcher --------------------------------------------------------------------------


def test_every_input_of_the_render_and_every_page_is_watched() -> None:
    for rel in (*INPUT_FILES, "mkdocs.yml", "docs/index.md", "docs/guides/a.md", "docs/logo.png"):
        assert watched(rel), rel
    for folder in INPUT_DIRS:
        assert watched(f"{folder}/x/y.yaml") and watched(f"{folder}/y.txt"), folder
    # the site's own words and templates (issue 28)
    assert watched("locales/de.po") and watched("templates/claim_page.md.j2")
    assert not watched("locales/.de.po.swp") and not watched("templates/.hidden/x.j2")


@pytest.fixture
def watcher(project: Path) -> Iterator[Watcher]:
    found = Watcher(project)
    assert found.start() is None
    try:
        yield found
    finally:
        found.close()


def _append(path: Path, text: str = "\n# edited\n") -> None:
    with path.open("a", encoding="utf-8") as fh:
        fh.write(text)


def _replace(path: Path, text: str) -> None:
    """Save as many editors do: write a new file beside it, then rename it into place."""
    tmp = path.with_name(path.name + ".new~")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def _add(path: Path, text: str = "id: x\n") -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


ARTICLE_TEXT = "articles/ynet-2026-01-azerbaijan-gaza.txt"
SCHEMA = "schema/claim.schema.json"
CHANGES: dict[str, tuple[Callable[[Path], object], set[str]]] = {
    "claim edited": (lambda r: _append(r / CLAIM), {CLAIM}),
    "claim saved by rename": (lambda r: _replace(r / CLAIM, "id: x\n"), {CLAIM}),
    "claim added in a new folder": (lambda r: _add(r / "claims/new/x.yaml"), {"claims/new/x.yaml"}),
    "claim removed": (lambda r: (r / CLAIM).unlink(), {CLAIM}),
    "claim moved": (
        lambda r: (r / CLAIM).rename(r / "claims/moved.yaml"),
        {CLAIM, "claims/moved.yaml"},
    ),
    "article text": (lambda r: _append(r / ARTICLE_TEXT), {ARTICLE_TEXT}),
    "scale": (lambda r: _append(r / "verdicts.yaml"), {"verdicts.yaml"}),
    "topics": (lambda r: _append(r / "topics.yaml"), {"topics.yaml"}),
    "schema": (
        lambda r: _append(r / "schema/claim.schema.json", " "),
        {"schema/claim.schema.json"},
    ),
    "mkdocs.yml": (lambda r: _append(r / "mkdocs.yml"), {"mkdocs.yml"}),
    "page": (lambda r: _append(r / "docs/about.md"), {"docs/about.md"}),
    "page added in a new folder": (lambda r: _add(r / "docs/guides/a.md"), {"docs/guides/a.md"}),
}


@pytest.mark.parametrize("change", CHANGES)
def test_a_change_that_can_change_the_site_is_seen(
    project: Path, watcher: Watcher, change: str
) -> None:
    make, expected = CHANGES[change]
    make(project)
    assert watcher.wait(5.0) == expected
    assert watcher.wait(0.3) == set()  # and reported once


def test_what_factsite_writes_is_not_a_change(project: Path, watcher: Watcher) -> None:
    """Otherwise every render and build would trigger the next one."""
    for out in (
        "docs/claims/x.md",
        "docs/cards/x.png",
        "docs/_generated/corrections-log.md",
        "docs/assets/factsite.css",
        "docs/.factsite-generated.json",
        "docs/claims/.tmp-abcd1234",
        "docs/.tmp-abcd1234",
        "site/index.html",
        ".site-build-1-x/index.html",
        ".factsite-cache/c.bin",
        "overrides/main.html",
        "claims/.x.yaml.swp",
        "docs/.about.md.swp",
    ):
        (project / out).parent.mkdir(parents=True, exist_ok=True)
        (project / out).write_text("generated\n")
    shutil.rmtree(project / "docs/claims")
    assert watcher.wait(0.5) == set()
    (project / CLAIM).read_text()  # reading is no change either
    assert watcher.wait(0.3) == set()


def test_a_folder_made_after_the_start_is_watched(project: Path) -> None:
    shutil.rmtree(project / "claims")
    watcher = Watcher(project)
    assert watcher.start() is None
    try:
        (project / "claims").mkdir()
        assert watcher.wait(5.0) == {"claims"}
        (project / "claims/x.yaml").write_text("id: x\n")
        assert watcher.wait(5.0) == {"claims/x.yaml"}
        shutil.rmtree(project / "docs")  # removed and made again: watched again
        assert "docs" in watcher.wait(5.0)
        (project / "docs").mkdir()
        assert watcher.wait(5.0) == {"docs"}
        (project / "docs/index.md").write_text("# Home\n")
        assert watcher.wait(5.0) == {"docs/index.md"}
    finally:
        watcher.close()


def test_a_burst_of_changes_is_one_batch(project: Path, watcher: Watcher) -> None:
    """A checkout or a search-and-replace writes many files: one rebuild, once they are all
    written, rather than one per file."""

    def burst() -> None:
        for i in range(5):
            (project / f"claims/burst-{i}.yaml").write_text("id: x\n")
            time.sleep(0.02)  # less than QUIET_S apart

    writing = threading.Thread(target=burst)
    writing.start()
    try:
        assert watcher.wait(5.0) == {f"claims/burst-{i}.yaml" for i in range(5)}
    finally:
        writing.join()
    started = time.monotonic()
    assert watcher.wait(0.2) == set() and time.monotonic() - started < 1


def test_a_change_is_seen_waiting_before_it_is_waited_for(project: Path, watcher: Watcher) -> None:
    """A round asks whether a change came while it ran (commands/serve.py leaves the rest of
    its work to the next round then): until the next wait takes it."""
    assert not watcher.waiting()
    (project / "claims/new.yaml").write_text("id: x\n")
    deadline = time.monotonic() + 5
    while not watcher.waiting() and time.monotonic() < deadline:
        time.sleep(0.01)
    assert watcher.waiting()
    assert watcher.wait(5.0) == {"claims/new.yaml"} and not watcher.waiting()


# --- the command --------------------------------------------------------------------------


def test_serve_stops_before_serving_when_the_first_render_fails(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # A broken claim file is previewed (tests/test_drafts.py); a broken mkdocs.yml leaves
    # nothing to render with.
    _append(project / "mkdocs.yml", "site_name: twice\n")
    done = run_main(capsys, project, "serve", "--dev-addr", "127.0.0.1:0")
    assert done.returncode == 1
    assert "mkdocs.yml:" in done.stdout and "error[yaml-duplicate-key]" in done.stdout
    assert "Serving on" not in done.stderr and not (project / "site").exists()


@pytest.mark.parametrize("addr", ["8000", "localhost:port"])
def test_serve_refuses_an_address_that_is_not_host_and_port(
    project: Path, capsys: pytest.CaptureFixture[str], addr: str
) -> None:
    done = run_main(capsys, project, "serve", "--dev-addr", addr)
    assert done.returncode == 2 and "is not HOST:PORT" in done.stderr


def test_serve_says_when_the_port_is_taken(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        addr = f"127.0.0.1:{taken.getsockname()[1]}"
        done = run_main(capsys, project, "serve", "--dev-addr", addr)
    assert done.returncode == 1 and f"cannot listen on {addr}" in done.stderr
    assert not (project / "docs/claims").exists()  # said before the first build


class _Serving:
    """`factsite serve` in a process of its own, its output read as it comes."""

    def __init__(self, root: Path, port: int) -> None:
        env = {**os.environ, "FACTSITE_TODAY": TODAY, "NO_MKDOCS_2_WARNING": "1"}
        argv = [sys.executable, "-m", "factsite", "--root", str(root)]
        self.proc = subprocess.Popen(
            [*argv, "serve", "--dev-addr", f"127.0.0.1:{port}"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
            # A shell's background job (`make test &`) ignores SIGINT, and so would this
            # child: give it back, so that the Ctrl-C of stop() reaches it as in a terminal.
            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
        )
        self.base = f"http://127.0.0.1:{port}/"
        self.out: list[str] = []
        self.err: list[str] = []
        self._readers = [
            threading.Thread(target=lines.extend, args=(stream,), daemon=True)
            for stream, lines in ((self.proc.stdout, self.out), (self.proc.stderr, self.err))
        ]
        for reader in self._readers:
            reader.start()

    def stop(self, sig: int = signal.SIGINT) -> int:
        """Ctrl-C, as in a terminal (or another signal); the exit code."""
        self.proc.send_signal(sig)
        code = self.proc.wait(timeout=30)
        for reader in self._readers:
            reader.join(timeout=10)
        for stream in (self.proc.stdout, self.proc.stderr):
            if stream is not None:
                stream.close()
        return code

    def page(self, path: str) -> str | None:
        try:
            with urllib.request.urlopen(self.base + path, timeout=10) as response:  # noqa: S310
                return html.unescape(response.read().decode("utf-8"))
        except OSError:
            return None

    def until(self, what: Callable[[], object], seconds: float) -> float:
        """Seconds until `what()` is true; fails after `seconds`, or if the process ended."""
        started = time.monotonic()
        while not what():
            assert self.proc.poll() is None, "".join(self.err)
            assert time.monotonic() - started < seconds, "".join(self.out + self.err)
            time.sleep(0.05)
        return time.monotonic() - started


_free_port = bench_serve.free_port  # the benchmark's, on scripts/ (tests/conftest.py)


@pytest.mark.slow
def test_serve_rebuilds_the_page_of_an_edited_claim(project: Path) -> None:
    claim = project / CLAIM
    text = claim.read_text(encoding="utf-8")
    old = re.search(r"^claim: (.*)$", text, re.M)
    assert old
    new = old.group(1)[:50] + " (edited)"
    serving = _Serving(project, _free_port())
    try:
        serving.until(lambda: (serving.page(CLAIM_PAGE) or "").count(old.group(1)), 300)
        assert "Serving on " + serving.base in "".join(serving.err)
        assert (project / "site/pagefind/pagefind-entry.json").is_file()  # the first is indexed

        # a good edit: the page shows it within seconds
        claim.write_text(text.replace(old.group(0), f"claim: {new}"), encoding="utf-8")
        took = serving.until(lambda: new in (serving.page(CLAIM_PAGE) or ""), 10)
        print(f"edit to page: {took:.2f} s")
        serving.until(lambda: any(line.startswith("rebuilt in ") for line in serving.err), 5)

        # a broken edit: the problem is said, where it is, and the page previews the file with
        # its problems (the rest of the site still updates: tests/test_drafts.py)
        broken = claim.read_text(encoding="utf-8")
        claim.write_text(re.sub(r"^verdict: .*$", "verdict: nonsense", broken, flags=re.M))
        located = re.compile(re.escape(CLAIM) + r":\d+:\d+: error\[[a-z-]+\] ")
        serving.until(lambda: any(located.match(line) for line in serving.out), 10)
        serving.until(
            lambda: any("shown on the preview's pages" in line for line in serving.err), 5
        )
        serving.until(lambda: "Not published." in (serving.page(CLAIM_PAGE) or ""), 10)
        assert "nonsense" in (serving.page(CLAIM_PAGE) or "")
    finally:
        code = serving.stop()
    assert code == 0, "".join(serving.err)
    assert "Traceback" not in "".join(serving.err)


@pytest.mark.slow
def test_serve_stops_cleanly_on_sigterm_too(project: Path) -> None:
    serving = _Serving(project, _free_port())
    try:
        serving.until(lambda: serving.page(CLAIM_PAGE) is not None, 300)
    finally:
        code = serving.stop(signal.SIGTERM)
    assert code == 0, "".join(serving.err)
    assert "Traceback" not in "".join(serving.err)
