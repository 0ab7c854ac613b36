"""The HTTP edge shared by the service clients.

One ``requests.Session`` per client, with a timeout on every read, a deadline on every
attempt and on every request as a whole (a server that trickles its answer a byte at a
time cannot hold a command forever), bounded retries of 429/5xx answers and dropped
connections (urllib3's ``Retry``, honouring ``Retry-After``), pacing between requests,
optional one-line-per-attempt logging, secrets scrubbed from everything fetched, and
every failure turned into one typed error from :mod:`paperlist.errors` whose message is
one actionable line. Sleep and clock are injectable so tests never wait.
"""

from __future__ import annotations

import http.client
import json
import math
import os
import socket
import ssl
import threading
import time
import unicodedata
from dataclasses import dataclass
from http import HTTPStatus
from typing import Any
from collections.abc import Callable, Collection, Iterator
from urllib.parse import urlsplit

import requests
import urllib3.exceptions as u3
from requests.adapters import HTTPAdapter
from urllib3 import ProxyManager
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.util.retry import Retry

from paperlist import __version__
from paperlist.errors import RateLimitError, ServiceError

Log = Callable[[str], None]
Sleep = Callable[[float], None]
Clock = Callable[[], float]

#: (connect, read) timeout in seconds for every request.
DEFAULT_TIMEOUT: tuple[float, float] = (10.0, 30.0)
#: Seconds one attempt may take, from sending the request to the last byte of the answer.
DEFAULT_DEADLINE = 60.0
DEADLINE_ENV = "PAPERLIST_HTTP_DEADLINE"
#: Without an explicit ``request_deadline``, a request with all its retries and waits
#: may take this many attempt deadlines.
REQUEST_DEADLINE_FACTOR = 3
#: Answers worth retrying: rate limited, or the service is having trouble.
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
#: Both clients only read, so POST (the batch endpoint) is as safe to repeat as GET.
RETRY_METHODS = frozenset({"GET", "HEAD", "POST"})
USER_AGENT = f"paperlist/{__version__} (python-requests)"


@dataclass(frozen=True)
class RetryPolicy:
    """How hard to retry, and the caps that bound the total time spent waiting.

    With the defaults a request is tried at most 6 times on 429/5xx, waiting 0, 2, 4,
    8 and 16 s between attempts (or what ``Retry-After`` asks, at most
    ``retry_after_cap`` s), never less than the client's pace, and never more than
    ``total_wait_cap`` s in all.

    Each attempt must be complete (status line, headers and body) within
    ``attempt_deadline`` s (None: ``$PAPERLIST_HTTP_DEADLINE``, else 60), and the whole
    request, attempts and waits together, within ``request_deadline`` s (None: three
    attempt deadlines). The read timeout only bounds each wait for the next bytes.
    """

    retries: int = 5  # for 429 and 5xx answers
    connect_retries: int = 2  # connection refused, DNS failure, connect timeout
    read_retries: int = 2  # read timeout, connection dropped before the answer
    backoff_factor: float = 1.0
    backoff_max: float = 30.0
    retry_after_cap: float = 60.0
    total_wait_cap: float = 120.0
    attempt_deadline: float | None = None
    request_deadline: float | None = None


class BoundedRetry(Retry):
    """urllib3's ``Retry`` with a capped ``Retry-After``, a floor under every wait
    (``min_wait``, the service's pace), a cap on the total wait, an injectable
    ``sleeper``, an ``on_retry(response, error, wait)`` callback told about every
    attempt that is going to be retried, and ``time_left()``, the seconds the request
    still has: no retry whose wait would use them all up."""

    _OWN = ("retry_after_cap", "min_wait", "total_wait_cap", "sleeper", "on_retry", "time_left", "waited")

    def __init__(
        self,
        *args: Any,
        retry_after_cap: float = 60.0,
        min_wait: float = 0.0,
        total_wait_cap: float = math.inf,
        sleeper: Sleep = time.sleep,
        on_retry: Callable[[Any, Exception | None, float], None] | None = None,
        time_left: Callable[[], float] | None = None,
        waited: float = 0.0,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.retry_after_cap = retry_after_cap
        self.min_wait = min_wait
        self.total_wait_cap = total_wait_cap
        self.sleeper = sleeper
        self.on_retry = on_retry
        self.time_left = time_left
        self.waited = waited  # seconds this request has waited (or is about to) so far

    def new(self, **kw: Any) -> BoundedRetry:
        for name in self._OWN:
            kw.setdefault(name, getattr(self, name))
        return super().new(**kw)

    def get_retry_after(self, response: Any) -> float | None:
        """``Retry-After`` in seconds, at most ``retry_after_cap``; None when absent or unreadable."""
        try:
            seconds = super().get_retry_after(response)
        except u3.InvalidHeader:
            return None
        if seconds is None:
            return None
        return min(float(seconds), self.retry_after_cap)

    def next_wait(self, response: Any = None) -> float:
        """Seconds to wait before the next attempt: ``Retry-After`` when given, else the
        backoff; never less than ``min_wait``."""
        after = None
        if self.respect_retry_after_header and response is not None:
            after = self.get_retry_after(response)
        return max(after or self.get_backoff_time(), self.min_wait)

    def increment(  # type: ignore[override]
        self,
        method: str | None = None,
        url: str | None = None,
        response: Any = None,
        error: Exception | None = None,
        _pool: Any = None,
        _stacktrace: Any = None,
    ) -> BoundedRetry:
        retry = super().increment(method, url, response, error, _pool, _stacktrace)
        wait = retry.next_wait(response)
        left = self.time_left() if self.time_left is not None else math.inf
        if self.waited + wait > self.total_wait_cap or wait >= left:
            reason = error or u3.ResponseError(f"waiting {wait:g} s more would exceed the time allowed")
            raise u3.MaxRetryError(_pool, url or "", reason) from reason  # type: ignore[arg-type]
        retry.waited = self.waited + wait
        if self.on_retry is not None:
            self.on_retry(response, error, wait)
        return retry

    # urllib3 sleeps through these three; all of them go through ``sleeper``.
    def sleep(self, response: Any = None) -> None:
        self._wait(self.next_wait(response))

    def sleep_for_retry(self, response: Any) -> bool:
        after = self.get_retry_after(response)
        if after:
            self._wait(after)
            return True
        return False

    def _sleep_backoff(self) -> None:
        self._wait(self.get_backoff_time())

    def _wait(self, seconds: float) -> None:
        if seconds > 0:
            self.sleeper(seconds)


def make_retry(
    policy: RetryPolicy,
    *,
    min_wait: float = 0.0,
    sleep: Sleep = time.sleep,
    on_retry: Callable[[Any, Exception | None, float], None] | None = None,
    time_left: Callable[[], float] | None = None,
) -> BoundedRetry:
    """The ``Retry`` a client's adapter uses: 429/5xx, connect and read failures, bounded;
    ``min_wait`` keeps retries to the service's pace; ``time_left`` bounds them in time."""
    return BoundedRetry(
        total=None,
        connect=policy.connect_retries,
        read=policy.read_retries,
        status=policy.retries,
        other=0,
        allowed_methods=RETRY_METHODS,
        status_forcelist=RETRY_STATUSES,
        backoff_factor=policy.backoff_factor,
        backoff_max=policy.backoff_max,
        respect_retry_after_header=True,
        raise_on_status=False,
        raise_on_redirect=False,
        retry_after_cap=policy.retry_after_cap,
        min_wait=min_wait,
        total_wait_cap=policy.total_wait_cap,
        sleeper=sleep,
        on_retry=on_retry,
        time_left=time_left,
    )


def make_session(retry: Retry, *, headers: dict[str, str] | None = None) -> requests.Session:
    """A ``requests.Session`` whose http and https adapters retry with ``retry`` and
    whose connections an active :class:`Deadline` can cut."""
    session = requests.Session()
    adapter = DeadlineAdapter(max_retries=retry)
    session.mount("https://", adapter)
    session.mount("http://", adapter)
    session.headers["User-Agent"] = USER_AGENT
    session.headers.update(headers or {})
    return session


# --- deadlines ---------------------------------------------------------------------------
#
# A read timeout bounds each wait for the next bytes, so a server that sends one byte every
# few seconds never trips it. A Deadline bounds the attempt as a whole: a watchdog timer
# shuts the connection's socket down when time is up, which ends any read blocked on it
# (status line, headers or body) at once. The connections of a DeadlineAdapter report
# their socket to the Deadline active in their thread.

_active = threading.local()


class Deadline:
    """The deadlines of one request: ``attempt`` seconds for each attempt (from its start,
    or from the end of the wait before it), ``total`` seconds for the whole request.

    Use ``with deadline:`` around the request, ``arm`` at the start of every attempt; the
    watchdog thread is stopped (and joined) on leaving the block. ``expired`` is None, or
    ``"attempt"`` or ``"request"`` once that deadline has passed.
    """

    def __init__(self, attempt: float, total: float, *, clock: Clock = time.monotonic) -> None:
        self.attempt = attempt
        self.total = total
        self.expired: str | None = None
        self._clock = clock
        self._end = clock() + total
        self._lock = threading.Lock()
        self._timer: threading.Timer | None = None
        self._sock: Any = None

    def __enter__(self) -> Deadline:
        self._outer = getattr(_active, "deadline", None)
        _active.deadline = self
        return self

    def __exit__(self, *exc_info: Any) -> None:
        self.stop()
        _active.deadline = self._outer

    def time_left(self) -> float:
        """Seconds the request has left; minus infinity once a deadline has passed."""
        return -math.inf if self.expired else self._end - self._clock()

    def arm(self, after: float = 0.0) -> None:
        """Start the clock of an attempt that begins ``after`` seconds from now."""
        self.stop()
        left = self._end - self._clock()
        which = "attempt" if self.attempt + after < left else "request"
        with self._lock:
            self.expired = None
        self._timer = threading.Timer(max(0.0, min(self.attempt + after, left)), self._expire, (which,))
        self._timer.daemon = True
        self._timer.start()

    def stop(self) -> None:
        """Stop the watchdog and wait for its thread to end."""
        timer, self._timer = self._timer, None
        if timer is not None:
            timer.cancel()
            timer.join()

    def watch(self, sock: Any) -> None:
        """The socket the attempt reads from; shut down at once if time is already up."""
        with self._lock:
            self._sock = sock
            if self.expired:
                _shut(sock)

    def _expire(self, which: str) -> None:
        with self._lock:
            self.expired = which
            if self._sock is not None:
                _shut(self._sock)


def _shut(sock: Any) -> None:
    """Shut ``sock`` down for reading and writing, which wakes a thread blocked reading it."""
    while not isinstance(sock, socket.socket) and hasattr(sock, "socket"):
        sock = sock.socket  # urllib3's SSLTransport, for TLS inside a TLS proxy
    try:
        # socket.socket's own method: SSLSocket.shutdown would also unset the SSL object
        # that the reading thread is using.
        socket.socket.shutdown(sock, socket.SHUT_RDWR)
    except (OSError, TypeError):
        pass  # already closed


def _watched(sock: Any) -> None:
    deadline = getattr(_active, "deadline", None)
    if deadline is not None and sock is not None:
        deadline.watch(sock)


class _Watched:
    """Tells the active Deadline which socket a connection is about to use."""

    sock: Any

    def connect(self) -> None:
        super().connect()  # type: ignore[misc]
        _watched(self.sock)

    def request(self, *args: Any, **kwargs: Any) -> None:
        _watched(self.sock)  # a kept-alive connection; a new one reports from connect()
        super().request(*args, **kwargs)  # type: ignore[misc]


class _WatchedHTTPConnection(_Watched, HTTPConnection):
    pass


class _WatchedHTTPSConnection(_Watched, HTTPSConnection):
    pass


class _WatchedHTTPPool(HTTPConnectionPool):
    ConnectionCls = _WatchedHTTPConnection


class _WatchedHTTPSPool(HTTPSConnectionPool):
    ConnectionCls = _WatchedHTTPSConnection


_WATCHED_POOLS = {"http": _WatchedHTTPPool, "https": _WatchedHTTPSPool}


class DeadlineAdapter(HTTPAdapter):
    """An ``HTTPAdapter`` whose connections (direct or through an HTTP proxy) can be cut
    by the active :class:`Deadline`."""

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = _WATCHED_POOLS

    def proxy_manager_for(self, proxy: str, **proxy_kwargs: Any) -> Any:
        manager = super().proxy_manager_for(proxy, **proxy_kwargs)
        if isinstance(manager, ProxyManager):  # SOCKS proxies keep their own pools
            manager.pool_classes_by_scheme = _WATCHED_POOLS
        return manager


class Pacer:
    """Keeps at least ``interval`` seconds between the end of one request and the start of
    the next, sleeping only what remains of it."""

    def __init__(self, interval: float, *, sleep: Sleep = time.sleep, clock: Clock = time.monotonic) -> None:
        self.interval = interval
        self._sleep = sleep
        self._clock = clock
        self._last: float | None = None

    def wait(self) -> None:
        """Sleep until ``interval`` has passed since the last request ended."""
        if self._last is None or self.interval <= 0:
            return
        remaining = self._last + self.interval - self._clock()
        if remaining > 0:
            self._sleep(remaining)

    def mark(self) -> None:
        """Note that a request has just ended."""
        self._last = self._clock()


def interval_from_env(name: str, default: float, *, positive: bool = False) -> float:
    """Seconds from environment variable ``name``, else ``default``; above 0 when ``positive``."""
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError:
        value = math.nan
    if not math.isfinite(value) or value < 0 or (positive and value == 0):
        example = f"above 0, such as {default:g}" if positive else "such as 1.5"
        raise ServiceError(f"{name} must be a number of seconds {example}, got {raw!r}")
    return value


def url_from_env(name: str, default: str) -> str:
    """An http(s) URL from environment variable ``name``, else ``default``."""
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    parts = urlsplit(raw)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise ServiceError(f"{name} must be an http(s) URL such as {default}, got {raw!r}")
    return raw


def _seconds(value: float) -> str:
    return f"{value:g} s"


class HttpClient:
    """Sends a service's requests: paced, retried, timed out, logged, errors typed.

    ``service`` names the service in messages ("Semantic Scholar"); ``url_setting`` is
    the environment variable that points at it, named in hints. ``secrets`` are
    replaced by ``***`` in every log line and error message, and in everything fetched
    (see :class:`Secrets`).
    """

    def __init__(
        self,
        service: str,
        *,
        url_setting: str,
        min_interval: float,
        timeout: tuple[float, float] = DEFAULT_TIMEOUT,
        policy: RetryPolicy = RetryPolicy(),
        headers: dict[str, str] | None = None,
        secrets: Collection[str] = (),
        follow_redirects: bool = True,
        rate_limit_hint: str = "wait a minute and try again",
        auth_hint: str = "the service refused access",
        sleep: Sleep = time.sleep,
        clock: Clock = time.monotonic,
        log: Log | None = None,
    ) -> None:
        self.service = service
        self.url_setting = url_setting
        self.deadline = policy.attempt_deadline or interval_from_env(DEADLINE_ENV, DEFAULT_DEADLINE, positive=True)
        self.request_deadline = policy.request_deadline or REQUEST_DEADLINE_FACTOR * self.deadline
        # The deadline cannot cut a connection still being made, so no timeout outlasts it.
        self.timeout = (min(timeout[0], self.deadline), min(timeout[1], self.deadline))
        self.rate_limit_hint = rate_limit_hint
        self.auth_hint = auth_hint
        self._secrets = Secrets(secrets)
        self._follow_redirects = follow_redirects
        self._clock = clock
        self._log = log
        self._pacer = Pacer(min_interval, sleep=sleep, clock=clock)
        self._sleep = sleep
        self._policy = policy
        retry = make_retry(
            policy, min_wait=min_interval, sleep=sleep, on_retry=self._on_retry, time_left=self._time_left
        )
        self._session = make_session(retry, headers=headers)
        # The request in flight, for logging its attempts and bounding them.
        self._method = ""
        self._shown_url = ""
        self._attempt_started = 0.0
        self._retries = 0
        self._deadline: Deadline | None = None

    @property
    def min_interval(self) -> float:
        return self._pacer.interval

    def __repr__(self) -> str:
        return f"HttpClient({self.service!r}, min_interval={self.min_interval:g})"

    def close(self) -> None:
        self._session.close()

    # --- sending ---------------------------------------------------------------------

    def send(
        self,
        method: str,
        url: str,
        *,
        params: dict[str, Any] | None = None,
        json_body: Any = None,
        handled: Collection[int] = (),
    ) -> requests.Response:
        """Send one request and return its response when it is 2xx or its status is in
        ``handled``; raise ServiceError (RateLimitError for 429) otherwise."""
        self._method, self._shown_url = method, self._redact(url)
        try:
            prepared = self._session.prepare_request(requests.Request(method, url, params=params, json=json_body))
        except (requests.RequestException, u3.HTTPError, ValueError) as exc:
            raise ServiceError(self._redact(self._transport_message(exc))) from None
        self._shown_url = self._redact(prepared.url or url)
        self._retries = 0
        settings = self._session.merge_environment_settings(prepared.url, {}, None, None, None)
        settings["stream"] = True  # the body is read under the deadline, in _attempts
        self._pacer.wait()
        with Deadline(self.deadline, self.request_deadline, clock=self._clock) as deadline:
            self._deadline = deadline
            try:
                response = self._attempts(prepared, settings, deadline)
            finally:
                self._deadline = None
        self._note(str(response.status_code))
        if 200 <= response.status_code < 300 or response.status_code in handled:
            return response
        raise self.status_error(response)

    def _attempts(self, prepared: requests.PreparedRequest, settings: dict, deadline: Deadline) -> requests.Response:
        """The response to ``prepared``, body read, within the deadlines; urllib3 retries
        what fails before the body; a connection dropped during the body is retried here."""
        cut_short = 0
        while True:
            self._attempt_started = self._clock()
            deadline.arm()
            try:
                response = self._session.send(
                    prepared, timeout=self.timeout, allow_redirects=self._follow_redirects, **settings
                )
                _read_body(response)
            except (requests.RequestException, u3.HTTPError, http.client.HTTPException, OSError, ValueError) as exc:
                retry = isinstance(exc, requests.exceptions.ChunkedEncodingError) and not deadline.expired
                wait = min(self._policy.backoff_factor * 2**cut_short, self._policy.backoff_max)
                if not retry or cut_short >= self._policy.read_retries or wait >= deadline.time_left():
                    self._note(f"failed, {self._failure(exc)}")
                    raise ServiceError(self._redact(self._transport_message(exc))) from None
                cut_short += 1
                self._on_retry(None, exc, wait)
                self._sleep(wait)
                self._pacer.wait()
            else:
                if deadline.expired:  # the watchdog cut the answer short
                    response.close()
                    self._note(f"failed, {self._failure(None)}")
                    raise ServiceError(self._transport_message(None))
                return response
            finally:
                self._pacer.mark()

    def _on_retry(self, response: Any, error: Exception | None, wait: float) -> None:
        self._retries += 1
        status = getattr(response, "status", None)
        outcome = str(status) if status else f"failed, {_reason(error)}"
        self._note(outcome, f"; retry {self._retries} in {_seconds(round(wait, 3))}")
        self._attempt_started = self._clock() + wait
        if self._deadline is not None:
            self._deadline.arm(after=wait)

    def _time_left(self) -> float:
        return self._deadline.time_left() if self._deadline is not None else math.inf

    def _failure(self, exc: BaseException | None) -> str:
        """A few words on why an attempt failed, for the log."""
        if self._deadline is not None and self._deadline.expired:
            return f"no complete response within {_seconds(self._deadline_seconds())}"
        return _reason(exc)

    def _deadline_seconds(self) -> float:
        expired = self._deadline.expired if self._deadline is not None else None
        return self.request_deadline if expired == "request" else self.deadline

    def _note(self, outcome: str, then: str = "") -> None:
        """Log one attempt: method, URL, outcome, elapsed milliseconds, what happens next."""
        if self._log is None:
            return
        elapsed = max(0, round((self._clock() - self._attempt_started) * 1000))
        self._log(self._redact(f"{self._method} {self._shown_url} -> {outcome} ({elapsed} ms){then}"))

    def _redact(self, text: str) -> str:
        return self._secrets.redact(text)

    def scrub(self, value: Any) -> Any:
        """``value`` (fetched text, or JSON-like data holding it) with every secret removed."""
        return self._secrets.scrub(value)

    # --- errors ----------------------------------------------------------------------

    def status_error(self, response: requests.Response) -> ServiceError:
        """The error for a response whose status the caller did not handle."""
        code = response.status_code
        status = f"{code} {self.scrub(response.reason) or _phrase(code)}".strip()
        said = self.scrub(api_message(response))
        quoted = f" ({said})" if said else ""
        n = self._retries
        after = f" after {n} retr{'y' if n == 1 else 'ies'}" if n else ""
        if code == 429:
            verb = "kept answering" if n else "answered"
            message = f"{self.service} {verb} {status}{after}: {self.rate_limit_hint}"
            return RateLimitError(self._redact(message))
        if code >= 500:
            message = f"{self.service} answered {status}{after}{quoted}: it is having trouble, try again later"
        elif 300 <= code < 400:
            location = self.scrub(response.headers.get("Location", ""))
            where = f" to {location}" if location else ""
            message = f"{self.service} answered {status}, a redirect{where}: check {self.url_setting}"
        elif code == 400:
            message = f"{self.service} rejected the request: {said or status}"
        elif code in (401, 403):
            message = f"{self.service} answered {status}{quoted}: {self.auth_hint}"
        elif code == 404:
            message = f"{self.service} answered {status}{quoted}: check {self.url_setting}"
        else:
            message = f"{self.service} answered {status}{quoted}"
        return ServiceError(self._redact(message))

    def _transport_message(self, exc: BaseException | None) -> str:
        service, setting = self.service, self.url_setting
        expired = self._deadline.expired if self._deadline is not None else None
        if expired == "attempt":
            within = _seconds(self.deadline)
            return f"{service} sent its answer too slowly (no complete response within {within}): try again later"
        if expired == "request":
            within = _seconds(self.request_deadline)
            return f"{service} sent no complete answer within {within}, retries included: try again later"
        kind = _classify(exc)
        if kind == "dns":
            host = urlsplit(self._shown_url).hostname or "the host"
            return f"{service} is unreachable (cannot resolve {host}): check your network or {setting}"
        if kind == "refused":
            return f"{service} is unreachable (connection refused): check your network or {setting}"
        if kind == "connect-timeout":
            within = _seconds(self.timeout[0])
            return f"{service} is unreachable (no connection within {within}): check your network or {setting}"
        if kind == "read-timeout":
            return f"{service} timed out after {_seconds(self.timeout[1])}: try again later"
        if kind == "dropped":
            return f"{service} dropped the connection before the response was complete: try again later"
        if kind == "tls":
            return f"{service} failed the TLS handshake ({_reason(exc)}): check your network, proxy or {setting}"
        if kind == "proxy":
            return f"{service} is unreachable through the proxy: check HTTPS_PROXY / HTTP_PROXY"
        if kind == "bad-url":
            return f"{service} address is not a valid URL: check {setting}"
        if kind == "redirects":
            return f"{service} redirected too many times: check {setting}"
        if kind == "decoding":
            return f"{service} sent a body that could not be decoded: try again later"
        return f"{service} is unreachable ({_reason(exc)}): check your network or {setting}"

    # --- bodies ----------------------------------------------------------------------

    def parse_json(self, response: requests.Response) -> Any:
        """The response's JSON, scrubbed of secrets; ServiceError when it is an HTML page or malformed."""
        body = response.content or b""
        if _looks_like_html(response):
            raise ServiceError(
                f"{self.service} sent a response that is not JSON (an HTML error page?): "
                f"try again later, or check {self.url_setting}"
            )
        try:
            return self.scrub(json.loads(body))
        except (ValueError, RecursionError) as exc:
            detail = exc.msg if isinstance(exc, json.JSONDecodeError) else type(exc).__name__
            kind = "an empty response" if not body.strip() else f"malformed JSON ({detail})"
            raise ServiceError(f"{self.service} sent {kind} instead of JSON: try again later") from None


def _read_body(response: requests.Response) -> None:
    """Read the body of a streamed response now, closing the response if that fails."""
    try:
        response.content  # noqa: B018 (reading it is the point)
    except BaseException:
        response.close()
        raise


# --- secrets ---------------------------------------------------------------------------

#: A secret is looked for in disguise only when it has this many letters and digits.
_MIN_FOLDED = 8


class Secrets:
    """Values that must never be shown, such as an API key.

    ``redact`` replaces each exact occurrence with ``***`` (for log lines and messages).
    ``scrub`` is for what a server sent back: every string in JSON-like data (keys too)
    is redacted, and a string that still holds a secret in disguise (broken up by
    spaces, punctuation, control or invisible characters, in other letter case or in
    full-width letters, any of which a clean-up of the text or a file name made from it
    could undo) is replaced by ``***`` as a whole.
    """

    def __init__(self, secrets: Collection[str] = ()) -> None:
        self._exact = tuple(sorted({s for s in secrets if s}, key=len, reverse=True))
        self._folded = tuple(f for f in map(_fold, self._exact) if len(f) >= _MIN_FOLDED)

    def redact(self, text: str) -> str:
        for secret in self._exact:
            text = text.replace(secret, "***")
        return text

    def scrub(self, value: Any) -> Any:
        if not self._exact:
            return value
        if isinstance(value, str):
            text = self.redact(value)
            folded = _fold(text) if self._folded else ""
            return "***" if any(secret in folded for secret in self._folded) else text
        if isinstance(value, dict):
            return {self.scrub(k): self.scrub(v) for k, v in value.items()}
        if isinstance(value, (list, tuple)):
            return type(value)(self.scrub(v) for v in value)
        return value


def _fold(text: str) -> str:
    """Only the letters and digits of ``text``, in compatibility form and folded case."""
    return "".join(c for c in unicodedata.normalize("NFKD", text).casefold() if c.isalnum())


def api_message(response: requests.Response) -> str | None:
    """The ``error`` (or ``message``) an API put in a JSON error body, as one short line."""
    try:
        data = json.loads(response.content or b"")
    except (ValueError, RecursionError):
        return None
    if not isinstance(data, dict):
        return None
    for key in ("error", "message"):
        value = data.get(key)
        if isinstance(value, str) and value.strip():
            text = " ".join(value.split())
            return text if len(text) <= 200 else text[:199] + "…"
    return None


def _looks_like_html(response: requests.Response) -> bool:
    kind = response.headers.get("Content-Type", "").lower()
    return "html" in kind or (response.content or b"").lstrip().startswith(b"<")


def _phrase(code: int) -> str:
    try:
        return HTTPStatus(code).phrase
    except ValueError:
        return ""


# --- what went wrong on the wire -------------------------------------------------------


def _causes(exc: BaseException | None) -> Iterator[BaseException]:
    """``exc`` and every exception it wraps: MaxRetryError reasons, args, causes, contexts."""
    seen: set[int] = set()
    stack = [exc] if exc is not None else []
    while stack:
        current = stack.pop(0)
        if id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        inner = [getattr(current, "reason", None), current.__cause__, current.__context__]
        inner += [a for a in getattr(current, "args", ()) if isinstance(a, BaseException)]
        stack.extend(e for e in inner if isinstance(e, BaseException))


def _classify(exc: BaseException | None) -> str:
    """What kind of transport failure ``exc`` is (dns, refused, read-timeout, ...)."""
    causes = list(_causes(exc))

    def has(*types: type) -> bool:
        return any(isinstance(c, types) for c in causes)

    if has(u3.NameResolutionError, socket.gaierror):
        return "dns"
    if has(ConnectionRefusedError):
        return "refused"
    if has(requests.exceptions.ProxyError, u3.ProxyError):
        return "proxy"
    if has(requests.ConnectTimeout) or any(
        isinstance(c, u3.ConnectTimeoutError) and not isinstance(c, u3.NewConnectionError) for c in causes
    ):
        return "connect-timeout"
    if has(requests.ReadTimeout, u3.ReadTimeoutError, socket.timeout, TimeoutError):
        return "read-timeout"
    if has(requests.exceptions.SSLError, u3.SSLError, ssl.SSLError):
        return "tls"
    if has(
        requests.exceptions.ChunkedEncodingError,
        u3.ProtocolError,
        http.client.IncompleteRead,
        http.client.RemoteDisconnected,
        ConnectionResetError,
        ConnectionAbortedError,
        BrokenPipeError,
    ):
        return "dropped"
    if has(
        requests.exceptions.InvalidURL,
        requests.exceptions.MissingSchema,
        requests.exceptions.InvalidSchema,
        u3.LocationValueError,
    ):
        return "bad-url"
    if has(requests.TooManyRedirects):
        return "redirects"
    if has(requests.exceptions.ContentDecodingError, u3.DecodeError):
        return "decoding"
    return "connection"


def _reason(exc: BaseException | None) -> str:
    """A few words on a transport failure, for log lines and messages."""
    kind = _classify(exc)
    words = {
        "dns": "cannot resolve host",
        "refused": "connection refused",
        "proxy": "proxy error",
        "connect-timeout": "connect timeout",
        "read-timeout": "read timeout",
        "dropped": "connection dropped",
        "bad-url": "invalid URL",
        "redirects": "too many redirects",
        "decoding": "undecodable body",
    }
    if kind in words:
        return words[kind]
    for cause in _causes(exc):
        if isinstance(cause, ssl.SSLError) and getattr(cause, "reason", None):
            return str(cause.reason).lower().replace("_", " ")
        if isinstance(cause, OSError) and cause.strerror:
            return cause.strerror.lower()
    return "TLS error" if kind == "tls" else "could not connect"
