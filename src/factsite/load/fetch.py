"""Get an article page's HTML: from its URL, or from a file saved by a browser.

Only http(s), a time limit for the whole download (not only for each read, which a slow
server could stretch forever), a size cap, and a problem instead of an exception for every
network failure. Each message ends with the way around it: save the page and use --html.
"""

from __future__ import annotations

import http.client
import ipaddress
import os
import re
import socket
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any

from factsite.load.files import read_regular
from factsite.load.page_meta import http_url
from factsite.problems import Problem

TIMEOUT = 20.0  # seconds for the whole download
MAX_PAGE_BYTES = 5 * 1024 * 1024  # news pages with inline scripts reach 1-2 MiB
USER_AGENT = "factsite-article-add/0.1 (fact-check import; one request per command)"
_HTML_TYPES = frozenset(("text/html", "application/xhtml+xml"))
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_SAVE_IT = (
    ": if the page opens in your browser, save it (Save Page As, HTML) and import the file "
    "with --html FILE --url URL"
)


# An import publishes what it fetched: it fetches only from the public internet, never from the
# machine itself or its private network (a CI runner's metadata service, a newsroom's intranet).
PRIVATE_ENV = "FACTSITE_FETCH_PRIVATE"  # "1": allow them (a newsroom's own test server)


def private_address(url: str) -> str | None:
    """The first address of `url`'s host that is not on the public internet, or None."""
    if os.environ.get(PRIVATE_ENV) == "1":
        return None
    host = urllib.parse.urlsplit(url).hostname or ""
    try:
        infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    except (OSError, UnicodeError):
        return None  # the request itself will say it cannot reach the host
    for info in infos:
        address = ipaddress.ip_address(str(info[4][0]).split("%")[0])
        if not address.is_global:
            return str(address)
    return None


def _private_refused(url: str, address: str) -> str:
    return (
        f"{url!r} leads to {address}, an address of this machine or a private network; "
        f"factsite imports only public pages (set {PRIVATE_ENV}=1 to allow it)"
    )


class _HttpOnlyRedirects(urllib.request.HTTPRedirectHandler):
    """urllib follows redirects to ftp:// too; an article import follows only http(s), and
    only to public addresses."""

    def redirect_request(
        self, req: Any, fp: Any, code: int, msg: str, headers: Any, newurl: str
    ) -> Any:
        if not http_url(newurl):
            why = f"a redirect to {newurl!r}, which is not http(s), was refused"
            raise urllib.error.HTTPError(newurl, code, why, headers, fp)
        address = private_address(newurl)
        if address is not None:
            raise urllib.error.HTTPError(
                newurl, code, _private_refused(newurl, address), headers, fp
            )
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def decode_html(raw: bytes, charset: str | None = None) -> str:
    """Text of a page: the declared charset (HTTP header, then <meta>), else detected."""
    match = _META_CHARSET.search(raw[:4096])
    for name in (charset, match.group(1).decode("ascii") if match else None):
        if name:
            try:
                return raw.decode(name)
            except (LookupError, UnicodeDecodeError):
                pass  # a wrong declaration is common; detection below decides
    from trafilatura.utils import decode_file  # UTF-8 first, then charset detection

    return decode_file(raw, MAX_PAGE_BYTES)


def _failed(url: str, why: str) -> Problem:
    return Problem(url, 1, 1, "fetch-failed", why + _SAVE_IT)


def _read_body(response: Any, url: str, limit: int, deadline: float) -> bytes | Problem:
    length = response.headers.get("Content-Length")
    if length and length.isdigit() and int(length) > limit:
        return _failed(url, f"the page is larger than {limit // 1024 // 1024} MiB")
    chunks: list[bytes] = []
    size = 0
    # read1: whatever has arrived, at once; read(n) would wait for n bytes, and a server sending
    # a byte a second would never reach the deadline check below
    while chunk := response.read1(64 * 1024):
        size += len(chunk)
        if size > limit:
            return _failed(url, f"the page is larger than {limit // 1024 // 1024} MiB")
        if time.monotonic() > deadline:
            return _failed(url, "the download took too long")
        chunks.append(chunk)
    return b"".join(chunks)


def fetch(url: str, *, timeout: float = TIMEOUT, limit: int = MAX_PAGE_BYTES) -> str | Problem:
    """The HTML at `url`, or why it could not be had, within `timeout` seconds in all: the
    download runs in a thread that is left behind (and dies with the command) if a server
    stretches even its headers past the deadline."""
    if not http_url(url):
        why = f"{url!r} is not an absolute http(s) address"
        return Problem(url, 1, 1, "bad-url", why)
    address = private_address(url)
    if address is not None:
        return Problem(url, 1, 1, "fetch-failed", _private_refused(url, address))
    result: list[str | Problem] = []
    worker = threading.Thread(
        target=lambda: result.append(_download(url, timeout, limit)), daemon=True
    )
    worker.start()
    worker.join(timeout + 1)
    return result[0] if result else _failed(url, "the download took too long")


def _download(url: str, timeout: float, limit: int) -> str | Problem:
    opener = urllib.request.build_opener(_HttpOnlyRedirects)
    accept = "text/html,application/xhtml+xml;q=0.9"
    headers = {"User-Agent": USER_AGENT, "Accept": accept}
    # S310: the scheme is checked above, and on every redirect by _HttpOnlyRedirects
    request = urllib.request.Request(url, headers=headers)  # noqa: S310
    deadline = time.monotonic() + timeout
    try:
        with opener.open(request, timeout=timeout) as response:
            kind = response.headers.get_content_type()
            if kind not in _HTML_TYPES:
                return _failed(url, f"the address serves {kind}, not a web page")
            body = _read_body(response, url, limit, deadline)
            charset = response.headers.get_content_charset()
    except urllib.error.HTTPError as exc:
        exc.close()  # it holds the response open
        return _failed(url, f"the server answered {exc.code} {exc.reason}")
    except urllib.error.URLError as exc:
        return _failed(url, f"could not reach the server ({exc.reason})")
    except (OSError, http.client.HTTPException, ValueError) as exc:
        return _failed(url, f"the download failed ({type(exc).__name__}: {exc})")
    return body if isinstance(body, Problem) else decode_html(body, charset)


def read_capped(path: Path, limit: int) -> bytes | Problem:
    """A local file's bytes, refused when larger than `limit`."""
    raw = read_regular(path, limit + 1)
    if isinstance(raw, str):
        return Problem(str(path), 1, 1, "file-unreadable", raw)
    if len(raw) > limit:
        why = f"the file is larger than {limit // 1024 // 1024} MiB"
        return Problem(str(path), 1, 1, "file-too-large", why)
    return raw
