"""The preview of `factsite serve`: the built site over HTTP, and a reload when it is rebuilt.

A stdlib ThreadingHTTPServer serves the site folder as http.server.SimpleHTTPRequestHandler
does (a path that leads out of the folder is refused; a folder without index.html is listed).
The folder is named by its path, not opened once, so the site that publish/swap.py renames
into place is the one the next request sees.

Every HTML page it sends gets one tag before its last `</body>`:
`<script src="/.factsite/livereload.js" data-epoch="N" data-stamp="D" defer></script>`, a
script that ships with the package (theme/livereload.js), never an inline one. N is the
server's epoch when the page was sent: a number that `reload()` increases after each rebuild
(it starts from the clock, so a restarted server's epochs are newer than its predecessor's);
D is a digest of the page's file as sent. The script asks
`/.factsite/reload?epoch=N&page=PATH&stamp=D`, which waits (up to WAIT_S) until the epoch is
past N and answers the epoch: a newer one reloads the page, unless the answer adds ` kept`
(the page's file is still the one sent, and the banner's problems are those it showed), and
then the script waits for the epoch after that one. So a round that shows the saved claim's
page first and builds the rest after (commands/serve.py) reloads each open page once, when
its own file changed. Other paths under `/.factsite/` are 404. Nothing is
fetched from another origin, and every answer says `Cache-Control: no-cache`, so a reloaded
page never shows a stale stylesheet.
"""

from __future__ import annotations

import functools
import hashlib
import io
import ipaddress
import json
import os
import socket
import sys
import threading
import time
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from importlib.resources import files
from pathlib import Path
from typing import Any, BinaryIO
from urllib.parse import parse_qs, unquote, urlsplit

from factsite.problems import Problem, format_json

OWN = "/.factsite/"  # the preview's own paths: never a file of the site
SCRIPT_PATH = f"{OWN}livereload.js"
RELOAD_PATH = f"{OWN}reload"
PROBLEMS_PATH = f"{OWN}problems"  # the last rebuild's problems, as JSON, for the banner
WAIT_S = 25.0  # how long a reload request waits: under the usual proxies' idle timeouts


@functools.cache
def _script() -> bytes:
    return files("factsite").joinpath("theme", "livereload.js").read_bytes()


def _stamp(page: bytes) -> str:
    """A page file's digest, in the reload script's tag: whether the page changed."""
    return hashlib.blake2b(page, digest_size=8).hexdigest()


def parse_addr(addr: str) -> tuple[str, int] | str:
    """("host", port) of "host:port" (an IPv6 host in brackets), or why it is not one."""
    host, sep, port = addr.rpartition(":")
    host = host.removeprefix("[").removesuffix("]")
    if not sep or not host or not port.isdigit() or int(port) > 65535:
        return f"--dev-addr {addr!r} is not HOST:PORT (for example 127.0.0.1:8000)"
    return host, int(port)


class _Server(ThreadingHTTPServer):
    daemon_threads = True  # a waiting reload request never keeps the process alive
    problems: bytes = b'{"problems": []}'
    shown_problems: bytes = b'{"problems": []}'  # the banner's as of the last reload
    epoch: int
    everything: int = 0  # the last epoch that reloads every page (the banner changed)
    changed: threading.Condition
    closed: bool

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A browser that closed its tab mid-answer is no error; anything else is one line,
        never a traceback in the writer's terminal."""
        exc = sys.exc_info()[1]
        if isinstance(exc, (ConnectionError, TimeoutError)):
            return
        print(f"serve: a request failed: {type(exc).__name__}: {exc}", file=sys.stderr)


def allowed_host(header: str | None) -> bool:
    """Whether a request's Host names the preview by address or as localhost."""
    if not header:
        return True  # HTTP/1.0 without Host: no browser sends that
    host = header.strip().lower()
    if host.startswith("["):
        host = host[1 : host.find("]")] if "]" in host else host
    else:
        host = host.rsplit(":", 1)[0] if host.count(":") == 1 else host
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


class _Server6(_Server):
    address_family = socket.AF_INET6


class Preview:
    """The preview server, bound at once; `start()` serves in a thread of its own."""

    def __init__(self, site_dir: Path, host: str, port: int) -> None:
        handler = functools.partial(_Handler, directory=os.fspath(site_dir))
        kind = _Server6 if ":" in host else _Server
        self._httpd = kind((host, port), handler)  # OSError: the address is taken, or wrong
        self._httpd.epoch = time.time_ns() // 1_000_000
        self._httpd.changed = threading.Condition()
        self._httpd.closed = False
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)

    @property
    def address(self) -> tuple[str, int]:
        """The host and port it listens on (the port the system chose, if 0 was asked)."""
        host, port = self._httpd.server_address[:2]
        return str(host), int(port)

    @property
    def url(self) -> str:
        host, port = self.address
        return f"http://{f'[{host}]' if ':' in host else host}:{port}/"

    @property
    def epoch(self) -> int:
        return self._httpd.epoch

    def start(self) -> None:
        self._thread.start()

    def set_problems(self, problems: list[Problem], banner: dict[str, str]) -> None:
        """The problems the pages' banner shows (none: no banner), until the next rebuild,
        with the banner's words in the site's language (render/preview.py's banner())."""
        rows = json.loads(format_json(problems))
        data = {"banner": banner, "problems": rows}
        self._httpd.problems = json.dumps(data, ensure_ascii=False).encode()

    def reload(self) -> None:
        """Tell the open pages that the site was rebuilt: each reloads if its file changed,
        every one if the banner's problems did."""
        httpd = self._httpd
        with httpd.changed:
            httpd.epoch += 1
            if httpd.problems != httpd.shown_problems:
                httpd.everything, httpd.shown_problems = httpd.epoch, httpd.problems
            httpd.changed.notify_all()

    def close(self) -> None:
        """Stop serving, answer the waiting reload requests and release the port."""
        with self._httpd.changed:
            self._httpd.closed = True
            self._httpd.changed.notify_all()
        if self._thread.is_alive():
            self._httpd.shutdown()
            self._thread.join(timeout=5)
        self._httpd.server_close()


class _Handler(SimpleHTTPRequestHandler):
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:
        pass  # quiet: no line per request (and errors are the browser's to show)

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-cache")
        super().end_headers()

    def send_head(self) -> io.BytesIO | BinaryIO | None:
        """What GET and HEAD send: the preview's own paths, a page with the script, or the
        file as SimpleHTTPRequestHandler sends it."""
        url = urlsplit(self.path)
        if not allowed_host(self.headers.get("Host")):
            # DNS rebinding: a page of another site whose name now points at 127.0.0.1 would
            # read the preview; a browser sends that name as Host. IP addresses and localhost
            # cannot be rebound.
            self.send_error(HTTPStatus.MISDIRECTED_REQUEST, "Host not allowed")
            return None
        if "\x00" in unquote(url.path):
            self.send_error(HTTPStatus.BAD_REQUEST, "Bad path")
            return None
        if url.path.startswith(OWN):
            return self._own(url.path, url.query)
        found = self._page()
        if found is None:
            return super().send_head()
        page, ctype = found
        with self.server.changed:
            epoch = self.server.epoch
        stamp = _stamp(page)
        tag = f'<script src="{SCRIPT_PATH}" data-epoch="{epoch}" data-stamp="{stamp}" defer>'
        tag = (tag + "</script>").encode()
        at = page.lower().rfind(b"</body>")
        body = page[:at] + tag + page[at:] if at >= 0 else page + tag
        return self._send(body, ctype)

    def _page(self, url: str | None = None) -> tuple[bytes, str] | None:
        """The HTML page the request (or `url`) names and its type, or None for anything else
        (left to SimpleHTTPRequestHandler: a redirect to the folder's URL with its /, a
        listing, a 404, any other file)."""
        url = self.path if url is None else url
        path = self.translate_path(url)
        if os.path.isdir(path):
            if not urlsplit(url).path.endswith("/"):
                return None
            path = os.path.join(path, "index.html")
        ctype = self.guess_type(path)
        if path.endswith("/") or ctype != "text/html":
            return None
        try:
            with open(path, "rb") as fh:
                return fh.read(), ctype
        except OSError:
            return None

    def _own(self, path: str, query: str) -> io.BytesIO | None:
        if path == SCRIPT_PATH:
            return self._send(_script(), "text/javascript; charset=utf-8")
        if path == PROBLEMS_PATH:
            return self._send(self.server.problems, "application/json; charset=utf-8")
        if path != RELOAD_PATH:
            self.send_error(HTTPStatus.NOT_FOUND, "File not found")
            return None
        asked = parse_qs(query)
        try:
            seen = int(asked.get("epoch", ["0"])[0])
        except ValueError:
            seen = 0
        server = self.server
        with server.changed:
            server.changed.wait_for(lambda: server.epoch > seen or server.closed, WAIT_S)
            epoch, everything = server.epoch, server.everything
        answer = str(epoch)
        page, stamp = asked.get("page", [""])[0], asked.get("stamp", [""])[0]
        if (
            epoch > seen
            and everything <= seen
            and page.startswith("/")
            and "\x00" not in unquote(page)
        ):
            found = self._page(page) if stamp else None  # None: gone, or no page: reloaded
            if found is not None and _stamp(found[0]) == stamp:
                answer += " kept"
        return self._send(answer.encode(), "text/plain; charset=utf-8")

    def _send(self, body: bytes, ctype: str) -> io.BytesIO:
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)
