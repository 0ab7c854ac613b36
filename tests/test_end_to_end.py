"""The installed command against a local server that speaks the Semantic Scholar API.

The server listens on 127.0.0.1 only; nothing leaves the machine. This checks what the
mocked tests cannot: the environment variables, urllib3's real retry loop honouring
Retry-After, and that the API key reaches the server and nowhere else.
"""

from __future__ import annotations

import http.server
import json
import os
import subprocess
import sys
import threading

import pytest

from conftest import REPO
from test_add import arxiv_paper

KEY = "e2e-key-that-must-stay-secret-91c2"


class Scholar(http.server.BaseHTTPRequestHandler):
    """A quiet handler that can answer with JSON."""

    def send_json(self, data) -> None:
        body = json.dumps(data).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


class FlakyScholar(Scholar):
    """Answers 429 with Retry-After to the first request, then the paper."""

    seen: list[tuple[str, str | None]] = []

    def do_GET(self):  # noqa: N802 (http.server's name)
        FlakyScholar.seen.append((self.path, self.headers.get("x-api-key")))
        if len(FlakyScholar.seen) == 1:
            self.send_response(429)
            self.send_header("Retry-After", "1")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        self.send_json(arxiv_paper())


class EchoingScholar(Scholar):
    """Answers with a paper whose title and first author are the API key it was sent."""

    def do_GET(self):  # noqa: N802 (http.server's name)
        key = self.headers.get("x-api-key", "")
        self.send_json(arxiv_paper(title=f"Echo {key}", authors=[{"authorId": "1", "name": key}]))


def serve(handler):
    """A server on 127.0.0.1 answering with ``handler``: yields its URL, then stops it."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture
def scholar():
    FlakyScholar.seen = []
    yield from serve(FlakyScholar)


@pytest.fixture
def echoing_scholar():
    yield from serve(EchoingScholar)


def add(list_root, scholar: str, *args: str) -> subprocess.CompletedProcess:
    """``paperlist add -v ARGS`` in its own process, against ``scholar``, with the key set."""
    env = {
        **os.environ,
        # The package of this checkout, installed or not.
        "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")])),
        "PAPERLIST_S2_API_URL": scholar,
        "SEMANTIC_SCHOLAR_API_KEY": KEY,
        "PAPERLIST_S2_MIN_INTERVAL": "0",
        "PAPERLIST_ARXIV_API_URL": "http://127.0.0.1:9/unused",
    }
    return subprocess.run(
        [sys.executable, "-m", "paperlist", "add", "-v", *args],
        cwd=list_root,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_add_retries_a_429_and_keeps_the_key_secret(list_root, scholar):
    done = add(list_root, scholar, "https://arxiv.org/abs/2408.03314v2")

    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Added papers/2408.03314.yaml: ")
    assert "-> 429" in done.stderr and "retry 1 in 1 s" in done.stderr
    assert [key for _, key in FlakyScholar.seen] == [KEY, KEY]
    assert FlakyScholar.seen[0][0].startswith("/graph/v1/paper/arXiv:2408.03314?fields=")
    assert KEY not in done.stdout + done.stderr
    assert all(KEY not in p.read_text(encoding="utf-8") for p in list_root.rglob("*") if p.is_file())


def test_a_server_that_echoes_the_key_gets_it_into_no_output_and_no_file(list_root, echoing_scholar):
    done = add(list_root, echoing_scholar, "2408.03314")

    assert done.returncode == 0, done.stderr
    assert done.stdout == "Added papers/2408.03314.yaml: Echo ***\n"
    assert KEY not in done.stdout + done.stderr
    assert all(KEY not in p.read_text(encoding="utf-8") for p in list_root.rglob("*") if p.is_file())
