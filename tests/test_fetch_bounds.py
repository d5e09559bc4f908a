"""load/fetch.py: every download has a bound in time and size, whatever the server does, and an
import fetches only public addresses."""

from __future__ import annotations

import os
import socket
import threading
import time
import urllib.error
from collections.abc import Iterator
from pathlib import Path

import pytest

from factsite.load import fetch as fetching
from factsite.load.fetch import fetch, private_address


class Trickle:
    """A server on 127.0.0.1 that sends `head` at once, then one byte of `tail` every `every`
    seconds (a slowloris in reverse), until the client goes away or the test ends."""

    def __init__(self, head: bytes, tail: bytes, every: float) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(4)
        self.head, self.tail, self.every = head, tail, every
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.sock.getsockname()[1]}/news"

    def _serve(self) -> None:
        self.sock.settimeout(0.2)
        while not self.stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            with conn:
                try:
                    conn.recv(65536)
                    conn.sendall(self.head)
                    for i in range(len(self.tail)):
                        if self.stop.wait(self.every):
                            return
                        conn.sendall(self.tail[i : i + 1])
                except OSError:
                    continue

    def close(self) -> None:
        self.stop.set()
        self.thread.join()
        self.sock.close()


@pytest.fixture
def trickle_body() -> Iterator[Trickle]:
    head = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<html><body><p>"
    server = Trickle(head, b"x" * 10_000, 0.05)
    yield server
    server.close()


@pytest.fixture
def trickle_headers() -> Iterator[Trickle]:
    server = Trickle(b"HTTP/1.1 200 OK\r\n", b"X-Slow: " + b"y" * 10_000, 0.05)
    yield server
    server.close()


@pytest.mark.parametrize("which", ["trickle_body", "trickle_headers"])
def test_a_server_sending_a_byte_at_a_time_meets_the_deadline(
    which: str, request: pytest.FixtureRequest
) -> None:
    server = request.getfixturevalue(which)
    start = time.monotonic()
    found = fetch(server.url, timeout=1.0)
    took = time.monotonic() - start
    assert not isinstance(found, str)
    assert found.code == "fetch-failed" and "took too long" in found.message
    assert took < 5, took  # the bound is timeout + 1 s; a generous margin for a busy machine


def test_loopback_and_private_addresses_are_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("FACTSITE_FETCH_PRIVATE")
    for url in ("http://127.0.0.1:9/x", "http://localhost/x", "http://10.1.2.3/", "http://[::1]/"):
        assert private_address(url) is not None, url
        found = fetch(url, timeout=1.0)
        assert not isinstance(found, str)
        assert found.code == "fetch-failed" and "only public pages" in found.message, url


def test_a_redirect_to_a_private_address_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("FACTSITE_FETCH_PRIVATE")
    handler = fetching._HttpOnlyRedirects()
    with pytest.raises(urllib.error.HTTPError, match="only public pages"):
        handler.redirect_request(None, None, 302, "Found", {}, "http://169.254.169.254/latest")


def test_a_public_address_is_not_private(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("FACTSITE_FETCH_PRIVATE")
    # IP literals: getaddrinfo answers without a name server
    assert private_address("http://93.184.215.14/") is None
    assert private_address("https://[2606:2800:21f:cb07:6820:80da:af6b:8b2c]/") is None
    assert private_address("http://192.168.1.1/") == "192.168.1.1"


def test_a_saved_page_that_is_a_pipe_is_a_problem_not_a_hang(tmp_path: Path) -> None:
    pipe = tmp_path / "page.html"
    os.mkfifo(pipe)
    found = fetching.read_capped(pipe, 1 << 20)
    assert not isinstance(found, bytes)
    assert found.code == "file-unreadable" and "not a regular file" in found.message


def test_the_wayback_client_reads_a_trickling_answer_within_its_deadline(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from factsite.edit import wayback

    head = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 20000\r\n\r\n"
    server = Trickle(head, b" " * 20_000, 0.05)
    try:
        monkeypatch.setattr(wayback, "TIMEOUT", 1.0)
        client = wayback.Client(server.url.rsplit("/", 1)[0], "k", "s", sleep=lambda s: None)
        start = time.monotonic()
        answer = client._request("/save", {"url": "https://example.org/"})
        assert time.monotonic() - start < 5
        assert not isinstance(answer, str) and answer.data is None  # cut short: not JSON
    finally:
        server.close()
