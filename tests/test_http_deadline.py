"""Deadlines: a server that trickles its answer cannot hold a request, or a command, for long.

The read timeout bounds each wait for the next bytes, so a server sending one byte every
0.2 s never trips it. These tests run a real server on 127.0.0.1 that does exactly that,
with deadlines of about a second, and check that the clients give up in time with one
clear line, leaving no watchdog thread behind.
"""

from __future__ import annotations

import http.server
import json
import socketserver
import threading
import time

import pytest
from urllib3.exceptions import MaxRetryError
from urllib3.response import HTTPResponse

from paperlist.errors import ServiceError
from paperlist.sources.arxiv import ArxivClient
from paperlist.sources.http import DEADLINE_ENV, HttpClient, RetryPolicy, make_retry
from paperlist.sources.semantic_scholar import SemanticScholar

DRIP = 0.2  # seconds between the bytes a trickling server sends
ONE_SECOND = RetryPolicy(attempt_deadline=1.0, backoff_factor=0)
PAPER = json.dumps({"paperId": "2d5673caa9e6af3a7b82a43f19ee920992db07ad", "title": "Computing Machinery"}).encode()


class Trickler(http.server.BaseHTTPRequestHandler):
    """Sends its answer one byte every DRIP seconds: the status line and headers too when
    the server's ``slow_headers`` is set, else only the body."""

    server: TricklingServer
    protocol_version = "HTTP/1.1"

    def do_GET(self):  # noqa: N802 (http.server's name)
        self.server.requests += 1
        head = (
            f"HTTP/1.1 {self.server.status} Slow\r\nContent-Type: application/json\r\n"
            f"Content-Length: {len(PAPER)}\r\n\r\n"
        ).encode()
        if self.server.slow_headers:
            self._drip(head + PAPER)
        else:
            self.wfile.write(head)
            self._drip(PAPER)

    def _drip(self, data: bytes) -> None:
        for i in range(len(data)):
            if self.server.stopping.wait(self.server.drip):
                return
            try:
                self.wfile.write(data[i : i + 1])
            except OSError:  # the client gave up
                return

    def log_message(self, *args):
        pass


class TricklingServer(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = False  # server_close() joins every handler thread
    block_on_close = True

    def __init__(self, *, slow_headers: bool, status: int = 200, drip: float = DRIP) -> None:
        super().__init__(("127.0.0.1", 0), Trickler)
        self.slow_headers = slow_headers
        self.status = status
        self.drip = drip
        self.requests = 0
        self.stopping = threading.Event()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


@pytest.fixture
def trickling(monkeypatch):
    """Starts a trickling server (``trickling(slow_headers=...)``); stops it and its threads after the test."""
    for name in ("SEMANTIC_SCHOLAR_API_KEY", DEADLINE_ENV):
        monkeypatch.delenv(name, raising=False)
    servers: list[TricklingServer] = []

    def start(**options) -> TricklingServer:
        server = TricklingServer(**options)
        threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.stopping.set()
        server.shutdown()
        server.server_close()


def watchdogs() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if isinstance(t, threading.Timer)]


def timed(call):
    """``call()``'s ServiceError and the seconds it took to come."""
    started = time.monotonic()
    with pytest.raises(ServiceError) as caught:
        call()
    return caught.value, time.monotonic() - started


def test_a_trickled_body_gives_up_at_the_deadline(trickling):
    server = trickling(slow_headers=False)
    s2 = SemanticScholar(base_url=server.url, retry=ONE_SECOND, min_interval=0)

    error, took = timed(lambda: s2.paper("CorpusId:1"))

    assert str(error) == (
        "Semantic Scholar sent its answer too slowly (no complete response within 1 s): try again later"
    )
    assert 0.9 < took < 8  # the whole trickled answer would take far longer; generous for a busy machine
    assert server.requests == 1  # a server that slow is not asked again
    assert error.__cause__ is None and error.__suppress_context__
    assert watchdogs() == []


def test_trickled_headers_give_up_at_the_deadline(trickling):
    server = trickling(slow_headers=True)
    arxiv = ArxivClient(base_url=server.url + "/api/query", retry=ONE_SECOND, min_interval=0)

    error, took = timed(lambda: arxiv.search_title("Computing Machinery and Intelligence"))

    assert str(error) == "arXiv sent its answer too slowly (no complete response within 1 s): try again later"
    assert 0.9 < took < 8  # the whole trickled answer would take far longer; generous for a busy machine
    assert server.requests == 1
    assert watchdogs() == []


def test_the_deadline_is_logged_as_the_reason_the_attempt_failed(trickling):
    server = trickling(slow_headers=True)
    lines: list[str] = []
    s2 = SemanticScholar(base_url=server.url, retry=ONE_SECOND, min_interval=0, log=lines.append)

    timed(lambda: s2.paper("CorpusId:1"))

    assert len(lines) == 1
    assert lines[0].split(" -> ")[1].startswith("failed, no complete response within 1 s (")


def test_slow_errors_and_their_retries_are_bounded_as_a_whole(trickling):
    # Each 503 takes about 0.4 s, well within the attempt deadline, and would be retried 5 times.
    server = trickling(slow_headers=True, status=503, drip=0.4 / 110)
    policy = RetryPolicy(attempt_deadline=1.0, request_deadline=1.5, backoff_factor=0)
    s2 = SemanticScholar(base_url=server.url, retry=policy, min_interval=0)

    error, took = timed(lambda: s2.paper("CorpusId:1"))

    assert str(error) == "Semantic Scholar sent no complete answer within 1.5 s, retries included: try again later"
    assert took < 5
    assert server.requests < 6
    assert watchdogs() == []


def test_add_gives_up_on_a_trickling_server_with_one_line(trickling, list_root, run, monkeypatch):
    server = trickling(slow_headers=False)
    monkeypatch.setenv("PAPERLIST_S2_API_URL", server.url)
    monkeypatch.setenv("PAPERLIST_S2_MIN_INTERVAL", "0")
    monkeypatch.setenv(DEADLINE_ENV, "1")
    started = time.monotonic()

    result = run("add", "10.1093/mind/lix.236.433")

    assert time.monotonic() - started < 8
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: Semantic Scholar sent its answer too slowly (no complete response within 1 s): try again later\n"
    )
    assert result.stdout == ""
    assert list(list_root.joinpath("papers").iterdir()) == []


def test_the_deadline_comes_from_the_environment(monkeypatch):
    monkeypatch.setenv(DEADLINE_ENV, "2.5")
    client = HttpClient("Example", url_setting="EXAMPLE_URL", min_interval=0)

    assert client.deadline == 2.5
    assert client.request_deadline == 7.5  # three attempts' worth, waits included
    assert HttpClient("Example", url_setting="X", min_interval=0, policy=ONE_SECOND).deadline == 1.0


def test_no_timeout_outlasts_the_deadline():
    client = HttpClient("Example", url_setting="X", min_interval=0, timeout=(10, 30), policy=ONE_SECOND)

    assert client.timeout == (1.0, 1.0)


@pytest.mark.parametrize("setting", ["soon", "0", "-1", "inf"])
def test_a_deadline_that_is_not_a_positive_number_is_refused(monkeypatch, setting):
    monkeypatch.setenv(DEADLINE_ENV, setting)

    with pytest.raises(ServiceError) as caught:
        SemanticScholar()

    assert str(caught.value) == f"{DEADLINE_ENV} must be a number of seconds above 0, such as 60, got '{setting}'"


def test_no_retry_waits_past_the_time_the_request_has_left():
    retry = make_retry(RetryPolicy(retry_after_cap=60, total_wait_cap=1000), time_left=lambda: 5.0)
    answer = HTTPResponse(body=b"", status=429, headers={"Retry-After": "7"}, preload_content=False)

    with pytest.raises(MaxRetryError):
        retry.increment("GET", "/x", response=answer)
