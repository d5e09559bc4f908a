"""The Wayback Machine's Save Page Now 2 (SPN2) API: ask for a capture of a page, wait for it.

Two calls, as the API's public documentation gives them:

- `POST {base}/save` with the form field `url` (and `skip_first_archive=1`, which makes it
  faster), headers `Accept: application/json` and `Authorization: LOW <key>:<secret>` (an
  archive.org account's S3 keys); the answer is `{"url": ..., "job_id": ...}`, or
  `{"status": "error", "status_ext": ..., "message": ...}`;
- `GET {base}/save/status/<job_id>`, polled until `status` is `success` (with the capture's
  `timestamp`, YYYYMMDDhhmmss) or `error` (`status_ext`, `message`).

The capture is then at https://web.archive.org/web/<timestamp>/<url>.

Limits. The Internet Archive allows an authenticated account 6 capture requests a minute (it
has changed the figure before), blocks an address that sends more than 15 a minute for five
minutes, captures one URL at most 10 times a day, and caps an account's captures a day. So this
client sends one capture at a time, at least MIN_INTERVAL seconds after the previous one,
waits out a 429 (its Retry-After, else a backoff doubling from BACKOFF) at most MAX_RETRIES
times, and then tells the caller to stop: every further request would be refused too.

The API base is `FACTSITE_WAYBACK_API` (default https://web.archive.org), so that the tests
talk to a stand-in on 127.0.0.1. Network failures and answers that cannot be read are values
(Capture.error), never exceptions.
"""

from __future__ import annotations

import email.utils
import http.client
import json
import re
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

API_ENV = "FACTSITE_WAYBACK_API"
KEY_ENV = "FACTSITE_WAYBACK_ACCESS_KEY"
SECRET_ENV = "FACTSITE_WAYBACK_SECRET_KEY"  # noqa: S105 - a variable's name, not a secret
DEFAULT_API = "https://web.archive.org"
REPLAY = "https://web.archive.org/web/"  # where a capture is read, whatever the API base

MIN_INTERVAL = 10.0  # seconds between capture requests: 6 a minute
POLL_INTERVAL = 5.0  # seconds between status requests of one job
JOB_TIMEOUT = 300.0  # a capture not done after this is reported as failed
MAX_RETRIES = 3  # 429s or network failures in a row on one request before giving up
BACKOFF = 60.0  # the first wait after a 429 without Retry-After, then doubled
MAX_WAIT = 900.0  # never wait longer than this on one Retry-After
TIMEOUT = 60.0  # seconds for one HTTP request
USER_AGENT = "factsite-archive/0.1 (fact-check sources; one capture at a time)"
_TIMESTAMP = re.compile(r"[0-9]{14}")
# Answers after which no further capture can succeed today.
_STOPPERS = ("error:too-many-daily-captures", "error:user-session-limit")


@dataclass(frozen=True)
class Capture:
    url: str
    archive_url: str | None = None
    error: str | None = None
    stop: bool = False  # the run should end: rate limit, refused keys, service unreachable


@dataclass(frozen=True)
class _Answer:
    status: int
    data: Any  # the parsed JSON, or None
    retry_after: float | None


def origin(url: str) -> tuple[str, str, int | None]:
    """(scheme, host, port) of `url`, the port made explicit: what a browser calls its origin."""
    parts = urllib.parse.urlsplit(url)
    port = parts.port or {"http": 80, "https": 443}.get(parts.scheme)
    return parts.scheme, (parts.hostname or "").lower(), port


class _KeysStayHome(urllib.request.HTTPRedirectHandler):
    """Follows a redirect, and gives the keys only to a request for the API's own origin.

    urllib copies a request's headers into the redirected request, wherever it points (another
    host, port or scheme). Here the keys are an unredirected header, which urllib never copies,
    added back only when the redirect stays on the configured origin.
    """

    def __init__(self, home: tuple[str, str, int | None], auth: str) -> None:
        self.home, self.auth = home, auth

    def redirect_request(
        self, req: Any, fp: Any, code: int, msg: str, headers: Any, newurl: str
    ) -> Any:
        new = super().redirect_request(req, fp, code, msg, headers, newurl)
        if new is not None and origin(new.full_url) == self.home:
            new.add_unredirected_header("Authorization", self.auth)
        return new


class Client:
    """One account's captures, paced. `sleep` and `clock` are the tests' handles on time."""

    def __init__(
        self,
        base: str,
        key: str,
        secret: str,
        *,
        sleep: Callable[[float], None] | None = None,
        clock: Callable[[], float] | None = None,
    ) -> None:
        self.base = base.rstrip("/")
        self._auth = f"LOW {key}:{secret}"
        self._open = urllib.request.build_opener(_KeysStayHome(origin(self.base), self._auth)).open
        self.sleep = sleep or time.sleep
        self.clock = clock or time.monotonic
        self._last_submit: float | None = None

    def capture(self, url: str) -> Capture:
        """Ask for a capture of `url` and wait until it is done."""
        if self._last_submit is not None:
            wait = self._last_submit + MIN_INTERVAL - self.clock()
            if wait > 0:
                self.sleep(wait)
        self._last_submit = self.clock()
        form = {"url": url, "skip_first_archive": "1"}
        answer = self._send("/save", form)
        if isinstance(answer, Capture):
            return Capture(url, error=answer.error, stop=answer.stop)
        data = answer.data if isinstance(answer.data, dict) else {}
        if answer.status in (401, 403):
            return Capture(url, error=f"the keys were refused (HTTP {answer.status})", stop=True)
        if answer.status != 200 or not isinstance(data.get("job_id"), str):
            return _refused(url, answer.status, data)
        return self._wait(url, data["job_id"])

    def _wait(self, url: str, job_id: str) -> Capture:
        deadline = self.clock() + JOB_TIMEOUT
        path = "/save/status/" + urllib.parse.quote(job_id, safe="")
        while True:
            self.sleep(POLL_INTERVAL)
            answer = self._send(path, None)
            if isinstance(answer, Capture):
                return Capture(url, error=answer.error, stop=answer.stop)
            data = answer.data if isinstance(answer.data, dict) else {}
            status = data.get("status")
            if answer.status == 200 and status == "success":
                stamp = data.get("timestamp")
                if isinstance(stamp, str) and _TIMESTAMP.fullmatch(stamp):
                    return Capture(url, archive_url=f"{REPLAY}{stamp}/{url}")
                return Capture(url, error="the capture succeeded without a readable timestamp")
            if answer.status != 200 or status != "pending":
                return _refused(url, answer.status, data)
            if self.clock() > deadline:
                return Capture(url, error=f"the capture was not done after {JOB_TIMEOUT:.0f} s")

    def _send(self, path: str, form: dict[str, str] | None) -> _Answer | Capture:
        """One request, repeated after a 429 or a network failure at most MAX_RETRIES times."""
        wait = BACKOFF
        for attempt in range(MAX_RETRIES + 1):
            answer = self._request(path, form)
            if isinstance(answer, _Answer) and answer.status != 429:
                return answer
            if attempt == MAX_RETRIES:
                break
            after = answer.retry_after if isinstance(answer, _Answer) else None
            self.sleep(min(MAX_WAIT, after if after is not None else wait))
            wait *= 2
        if isinstance(answer, _Answer):
            return Capture("", error="still rate-limited (HTTP 429) after waiting", stop=True)
        return Capture("", error=answer, stop=True)

    def _request(self, path: str, form: dict[str, str] | None) -> _Answer | str:
        """An HTTP answer, or why there was none."""
        body = urllib.parse.urlencode(form).encode() if form is not None else None
        headers = {"Accept": "application/json", "User-Agent": USER_AGENT}
        # S310: the base is an http(s) URL checked by the command (api_base)
        request = urllib.request.Request(self.base + path, data=body, headers=headers)  # noqa: S310
        request.add_unredirected_header("Authorization", self._auth)  # never copied elsewhere
        try:
            with self._open(request, timeout=TIMEOUT) as response:
                return _answer(response.status, response.headers, _read(response))
        except urllib.error.HTTPError as exc:
            with exc:
                return _answer(exc.code, exc.headers, _read(exc))
        except (urllib.error.URLError, OSError, http.client.HTTPException) as exc:
            reason = getattr(exc, "reason", None) or exc
            return f"could not reach the Wayback Machine ({reason})"


MAX_ANSWER = 1 << 20  # the API answers with a few hundred bytes of JSON


def _read(response: Any) -> bytes:
    """At most MAX_ANSWER bytes, within TIMEOUT in all: read1 returns what has arrived, so a
    server that sends a byte at a time meets the deadline instead of stretching each read."""
    deadline = time.monotonic() + TIMEOUT
    chunks, size = [], 0
    while size < MAX_ANSWER and time.monotonic() < deadline:
        chunk = getattr(response, "read1", response.read)(MAX_ANSWER - size)
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    return b"".join(chunks)


def _answer(status: int, headers: Any, raw: bytes) -> _Answer:
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        data = None
    return _Answer(status, data, retry_after(headers.get("Retry-After")))


def retry_after(value: str | None, now: float | None = None) -> float | None:
    """Seconds to wait from a Retry-After header: a number of seconds or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - (time.time() if now is None else now))


def printable(value: str) -> str:
    """A server's words for a terminal: control and format characters (an ESC that starts a
    terminal escape, a bidi override) shown as U+FFFD."""
    return "".join(c if c.isprintable() else "\ufffd" for c in value)


def _refused(url: str, status: int, data: dict[str, Any]) -> Capture:
    ext, message = data.get("status_ext"), data.get("message")
    words = printable(" ".join(str(message).split())[:200]) if message else f"HTTP {status}"
    why = f"{words} ({printable(ext[:80])})" if isinstance(ext, str) else words
    return Capture(url, error=f"the Wayback Machine made no capture: {why}", stop=ext in _STOPPERS)


def api_base(value: str | None) -> str | None:
    """The API base from FACTSITE_WAYBACK_API (default web.archive.org); None if not http(s)."""
    base = value or DEFAULT_API
    parts = urllib.parse.urlsplit(base)
    return base if parts.scheme in ("http", "https") and parts.hostname else None
