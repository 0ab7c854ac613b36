"""The Semantic Scholar client: request shapes, answers, retries, pacing and every failure.

Answers are the real recorded responses in tests/fixtures/semantic-scholar/ (served by
``responses``), or small hand-made ones where no recording exists. Nothing here waits:
sleep and clock are fakes, and retries have no backoff unless a test says otherwise.
"""

from __future__ import annotations

import http.server
import json
import re
import socket
import socketserver
import threading
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
import responses
import yaml
from urllib3.exceptions import MaxRetryError, NameResolutionError, NewConnectionError
from urllib3.response import HTTPResponse

from paperlist.errors import NotFoundError, RateLimitError, ServiceError
from paperlist.sources.http import BoundedRetry, RetryPolicy, make_retry
from paperlist.sources.semantic_scholar import (
    API_KEY_ENV,
    BASE_URL_ENV,
    FIELDS,
    MIN_INTERVAL_ENV,
    SemanticScholar,
    paper_path,
)

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "semantic-scholar"
BASE = "https://api.semanticscholar.org"
MATCH = f"{BASE}/graph/v1/paper/search/match"
SEARCH = f"{BASE}/graph/v1/paper/search"
BATCH = f"{BASE}/graph/v1/paper/batch"
TURING = f"{BASE}/graph/v1/paper/DOI:10.1093/mind/lix.236.433"
KEY = "s2-key-that-must-never-leak-7f3a"
NO_BACKOFF = RetryPolicy(backoff_factor=0)


# --- fixtures and helpers ------------------------------------------------------------


@dataclass(frozen=True)
class Recorded:
    """One interaction of a recorded cassette."""

    method: str
    uri: str
    request_body: str
    status: int
    body: str


def cassette(name: str) -> list[Recorded]:
    """The interactions of a vcrpy cassette in tests/fixtures/semantic-scholar/."""
    data = yaml.safe_load((FIXTURES / name).read_text(encoding="utf-8"))
    out = []
    for item in data["interactions"]:
        answer = item["response"]
        body = answer["body"]["string"] if "body" in answer else answer["content"]
        status = answer["status"]["code"] if "status" in answer else answer["status_code"]
        asked = item["request"]
        out.append(Recorded(asked["method"], asked["uri"], asked["body"], status, body))
    return out


@pytest.fixture(autouse=True)
def api(monkeypatch):
    """Every HTTP request is served by ``responses``; unregistered ones fail, unused ones too."""
    for name in (API_KEY_ENV, BASE_URL_ENV, MIN_INTERVAL_ENV):
        monkeypatch.delenv(name, raising=False)
    with responses.RequestsMock(assert_all_requests_are_fired=True) as mock:
        yield mock


@pytest.fixture
def s2(fake_time):
    """A client that never really sleeps, retries without backoff, and no pacing."""
    return SemanticScholar(retry=NO_BACKOFF, min_interval=0, sleep=fake_time.sleep, clock=fake_time.clock)


def query_of(call) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlsplit(call.request.url).query).items()}


def path_of(call) -> str:
    return urlsplit(call.request.url).path


# --- match_title -----------------------------------------------------------------------


def test_match_title_returns_the_best_match_with_its_score(api, s2):
    recorded = cassette("test_search_paper_match_title.yaml")[0]
    api.get(MATCH, body=recorded.body, status=recorded.status, content_type="application/json")

    found = s2.match_title("Mining association rules between sets of items in large databases")

    assert found.paper_id == "6fe8c5bf8dddaadf10c765133d38dfef5714347f"
    assert found.title == "Mining association rules between sets of items in large databases"
    assert found.match_score == pytest.approx(109.55098)


def test_match_title_asks_once_for_every_field_a_record_needs(api, s2):
    api.get(MATCH, body=cassette("test_search_paper_match_title.yaml")[0].body, content_type="application/json")

    s2.match_title("  Mining association rules\nbetween sets  ")

    (call,) = api.calls
    assert call.request.method == "GET"
    assert query_of(call) == {"query": "Mining association rules between sets", "fields": FIELDS}
    assert set(FIELDS.split(",")) >= {
        "paperId",
        "externalIds",
        "title",
        "abstract",
        "venue",
        "year",
        "publicationDate",
        "authors",
        "tldr",
        "openAccessPdf",
    }


def test_match_title_is_none_when_no_title_matches(api, s2):
    api.get(MATCH, json={"error": "Title match not found"}, status=404)

    assert s2.match_title("totalGarbageNonsense") is None


def test_match_title_404_that_is_not_the_api_is_an_error(api, s2):
    api.get(MATCH, body="<html><body>Not Found</body></html>", status=404, content_type="text/html")

    with pytest.raises(ServiceError, match=f"404 Not Found: check {BASE_URL_ENV}"):
        s2.match_title("Attention is all you need")


# --- paper -------------------------------------------------------------------------------


def test_paper_by_doi_keeps_the_doi_slashes_in_the_path(api, s2):
    recorded = cassette("test_get_paper.yaml")[0]
    api.get(TURING, body=recorded.body, content_type="application/json")

    found = s2.paper("DOI:10.1093/mind/lix.236.433")

    assert found.paper_id == "2d5673caa9e6af3a7b82a43f19ee920992db07ad"
    assert found.title == "Computing Machinery and Intelligence"
    (call,) = api.calls
    assert path_of(call) == "/graph/v1/paper/DOI:10.1093/mind/lix.236.433"
    assert query_of(call) == {"fields": FIELDS}


def test_paper_quotes_what_would_change_the_request():
    assert paper_path("arXiv:2408.03314") == "/graph/v1/paper/arXiv:2408.03314"
    assert paper_path("URL:https://arxiv.org/abs/2106.15928v1") == (
        "/graph/v1/paper/URL:https://arxiv.org/abs/2106.15928v1"
    )
    assert paper_path("DOI:10.1000/a b?c=1#d%") == "/graph/v1/paper/DOI:10.1000/a%20b%3Fc%3D1%23d%25"
    assert paper_path("DOI:10.1000/../../author/1") == "/graph/v1/paper/DOI:10.1000/%2E%2E/%2E%2E/author/1"


def test_paper_with_a_question_mark_sends_only_the_fields_query(api, s2):
    api.get(re.compile(re.escape(BASE) + r"/graph/v1/paper/.*"), body=cassette("test_get_paper.yaml")[0].body)

    s2.paper("DOI:10.1000/x?fields=title")

    (call,) = api.calls
    assert path_of(call) == "/graph/v1/paper/DOI:10.1000/x%3Ffields%3Dtitle"
    assert query_of(call) == {"fields": FIELDS}


def test_paper_unknown_is_not_found(api, s2):
    recorded = cassette("test_not_found.yaml")[0]
    api.get(f"{BASE}/graph/v1/paper/arXiv:1234.56789", body=recorded.body, status=recorded.status)

    with pytest.raises(NotFoundError) as caught:
        s2.paper("arXiv:1234.56789")

    assert str(caught.value) == "Semantic Scholar has no paper for 'arXiv:1234.56789'"


def test_bad_request_quotes_the_api_error(api, s2):
    recorded = cassette("test_bad_query_parameters.yaml")[0]
    api.get(TURING, body=recorded.body, status=recorded.status, content_type="application/json")

    with pytest.raises(ServiceError) as caught:
        s2.paper("DOI:10.1093/mind/lix.236.433")

    assert not isinstance(caught.value, NotFoundError)
    assert "Unrecognized or unsupported fields: [unknown]" in str(caught.value)
    assert "\n" not in str(caught.value)


# --- search ------------------------------------------------------------------------------


def test_search_returns_papers_most_relevant_first(api, s2):
    api.get(SEARCH, body=cassette("test_search_paper.yaml")[0].body, content_type="application/json")

    found = s2.search("turing", limit=5)

    assert [f.title for f in found][:2] == [
        "Using DeepSpeed and Megatron to Train Megatron-Turing NLG 530B, A Large-Scale Generative Language Model",
        "Quantum theory, the Church\u2013Turing principle and the universal quantum computer",
    ]
    assert len(found) == 5
    (call,) = api.calls
    assert query_of(call) == {"query": "turing", "limit": "5", "fields": FIELDS}


def test_search_replaces_hyphens_that_would_match_nothing(api, s2):
    api.get(SEARCH, json={"total": 0, "offset": 0, "data": []})

    assert s2.search("test-time compute") == []
    assert query_of(api.calls[0])["query"] == "test time compute"


@pytest.mark.parametrize("answer", [{"total": 0, "offset": 0, "data": []}, {"total": 0, "offset": 0}])
def test_search_without_results_is_empty(api, s2, answer):
    api.get(SEARCH, json=answer)

    assert s2.search("totalGarbageNonsense") == []


# --- batch -------------------------------------------------------------------------------


def test_batch_posts_the_ids_and_reads_the_recorded_answer(api, s2):
    recorded = cassette("test_get_papers.yaml")[0]
    api.post(BATCH, body=recorded.body, content_type="application/json")
    ids = json.loads(recorded.request_body)["ids"]

    found = s2.batch(ids)

    assert [f.paper_id for f in found] == [
        "c31c87c591a25c64fbaa82e8ac6a81831b6ac7ce",
        "cb1ebd913c3724c599f6b276b14b5c6253da68f3",
        "0f40b1f08821e22e859c6050916cec3667778613",
    ]
    assert found[0].authors == ("Marianne Bertrand", "E. Duflo", "S. Mullainathan")
    (call,) = api.calls
    assert call.request.method == "POST"
    assert json.loads(call.request.body) == {"ids": ids}
    assert query_of(call) == {"fields": FIELDS}


def test_batch_of_1200_ids_makes_three_posts_aligned_with_nulls(api, s2):
    def answer(request):
        ids = json.loads(request.body)["ids"]
        papers = [
            None if int(i.split(":")[1]) % 7 == 0 else {"paperId": f"{int(i.split(':')[1]):040x}", "title": i}
            for i in ids
        ]
        return 200, {}, json.dumps(papers)

    api.add_callback(responses.POST, BATCH, callback=answer, content_type="application/json")
    ids = [f"CorpusId:{n}" for n in range(1, 1201)]

    found = s2.batch(ids)

    assert [len(json.loads(c.request.body)["ids"]) for c in api.calls] == [500, 500, 200]
    assert len(found) == 1200
    for n, item in zip(range(1, 1201), found):
        assert (item is None) == (n % 7 == 0)
        assert item is None or item.title == f"CorpusId:{n}"


def test_batch_of_nothing_asks_nothing(s2):
    assert s2.batch([]) == []


def test_batch_answer_of_the_wrong_length_is_an_error(api, s2):
    api.post(BATCH, json=[None])

    with pytest.raises(ServiceError, match="expected a list of 2, got 1 items"):
        s2.batch(["CorpusId:1", "CorpusId:2"])


# --- the API key -------------------------------------------------------------------------


def test_api_key_is_sent_on_every_request(api, monkeypatch, fake_time):
    monkeypatch.setenv(API_KEY_ENV, KEY)
    client = SemanticScholar(retry=NO_BACKOFF, sleep=fake_time.sleep, clock=fake_time.clock)
    api.get(MATCH, body=cassette("test_search_paper_match_title.yaml")[0].body)
    api.get(TURING, body=cassette("test_get_paper.yaml")[0].body)
    api.get(SEARCH, json={"total": 0, "offset": 0, "data": []})
    api.post(BATCH, body=cassette("test_get_papers.yaml")[0].body)

    client.match_title("Mining association rules")
    client.paper("DOI:10.1093/mind/lix.236.433")
    client.search("turing")
    client.batch(["CorpusId:470667", "10.2139/ssrn.2250500", "0f40b1f08821e22e859c6050916cec3667778613"])

    assert len(api.calls) == 4
    assert all(call.request.headers.get("x-api-key") == KEY for call in api.calls)


def test_no_api_key_header_without_a_key(api, s2):
    api.get(TURING, body=cassette("test_get_paper.yaml")[0].body)

    s2.paper("DOI:10.1093/mind/lix.236.433")

    assert "x-api-key" not in {k.lower() for k in api.calls[0].request.headers}


def test_api_key_never_appears_in_errors_logs_or_repr(api, monkeypatch, fake_time):
    monkeypatch.setenv(API_KEY_ENV, KEY)
    lines: list[str] = []
    client = SemanticScholar(retry=NO_BACKOFF, sleep=fake_time.sleep, clock=fake_time.clock, log=lines.append)
    api.get(f"{BASE}/graph/v1/paper/a", json={"error": "Paper with id a not found"}, status=404)
    api.get(f"{BASE}/graph/v1/paper/b", json={"error": f"Invalid API key {KEY}"}, status=400)
    api.get(f"{BASE}/graph/v1/paper/c", json={"message": f"Forbidden for {KEY}"}, status=403)
    api.get(f"{BASE}/graph/v1/paper/d", status=429)
    api.get(f"{BASE}/graph/v1/paper/e", status=500)
    api.get(f"{BASE}/graph/v1/paper/f", body=requests.ConnectionError(f"refused, key {KEY}"))
    api.get(f"{BASE}/graph/v1/paper/g", body="<html>oops</html>", content_type="text/html")

    messages = []
    for identifier in "abcdefg":
        with pytest.raises(ServiceError) as caught:
            client.paper(identifier)
        messages.append(str(caught.value))

    assert len(lines) > 7  # every attempt, retries included
    for text in messages + lines + [repr(client)]:
        assert KEY not in text
    assert "***" in messages[1]


# --- retries -----------------------------------------------------------------------------


def test_429_with_retry_after_is_retried_once_then_succeeds(api, fake_time):
    lines: list[str] = []
    client = SemanticScholar(min_interval=0, sleep=fake_time.sleep, clock=fake_time.clock, log=lines.append)
    api.get(TURING, status=429, headers={"Retry-After": "7"}, json={"message": "Too Many Requests"})
    api.get(TURING, body=cassette("test_get_paper.yaml")[0].body)

    found = client.paper("DOI:10.1093/mind/lix.236.433")

    assert found.title == "Computing Machinery and Intelligence"
    assert len(api.calls) == 2
    assert [line.split(" -> ")[1] for line in lines] == ["429 (0 ms); retry 1 in 7 s", "200 (0 ms)"]


def _answer(status: int, headers: dict[str, str] | None = None) -> HTTPResponse:
    return HTTPResponse(body=b"", status=status, headers=headers or {}, preload_content=False)


def test_retry_waits_what_retry_after_asks():
    slept: list[float] = []
    retry = make_retry(RetryPolicy(), sleep=slept.append)
    answer = _answer(429, {"Retry-After": "7"})

    retry.increment("GET", "/graph/v1/paper/x", response=answer).sleep(answer)

    assert slept == [7]


def test_retry_after_is_capped():
    retry = make_retry(RetryPolicy(retry_after_cap=60))

    assert retry.get_retry_after(_answer(429, {"Retry-After": "3600"})) == 60
    assert retry.get_retry_after(_answer(503, {"Retry-After": "Wed, 21 Oct 2015 07:28:00 GMT"})) == 0
    assert retry.get_retry_after(_answer(429, {"Retry-After": "soon"})) is None


def test_backoff_grows_and_is_capped_without_retry_after():
    slept: list[float] = []
    policy = RetryPolicy(retries=8, backoff_factor=1, backoff_max=5, total_wait_cap=1000)
    retry: BoundedRetry = make_retry(policy, sleep=slept.append)
    for _ in range(5):
        retry = retry.increment("GET", "/x", response=_answer(503))
        retry.sleep(_answer(503))

    assert slept == [2, 4, 5, 5]  # the first retry is immediate


def test_total_wait_is_bounded():
    retry = make_retry(RetryPolicy(retries=10, retry_after_cap=60, total_wait_cap=100))
    answer = _answer(429, {"Retry-After": "50"})
    retry = retry.increment("GET", "/x", response=answer)
    retry = retry.increment("GET", "/x", response=answer)

    with pytest.raises(MaxRetryError):
        retry.increment("GET", "/x", response=answer)


def test_retries_keep_to_the_pace_when_the_answer_sets_no_wait(api, fake_time):
    lines: list[str] = []
    client = SemanticScholar(sleep=fake_time.sleep, clock=fake_time.clock, log=lines.append)  # no key: 3 s
    api.get(TURING, status=503, body="")
    api.get(TURING, body=cassette("test_get_paper.yaml")[0].body)

    client.paper("DOI:10.1093/mind/lix.236.433")

    assert lines[0].endswith("-> 503 (0 ms); retry 1 in 3 s")


def test_429_that_outlasts_the_retries_is_a_rate_limit_error(api, s2):
    api.get(TURING, status=429, json={"message": "Too Many Requests"})

    with pytest.raises(RateLimitError) as caught:
        s2.paper("DOI:10.1093/mind/lix.236.433")

    assert len(api.calls) == 6
    assert str(caught.value) == (
        f"Semantic Scholar kept answering 429 Too Many Requests after 5 retries: wait a minute, or set {API_KEY_ENV}"
    )


@pytest.mark.parametrize(
    "status, phrase",
    [(500, "Internal Server Error"), (502, "Bad Gateway"), (503, "Service Unavailable"), (504, "Gateway Timeout")],
)
def test_5xx_is_retried_then_a_service_error(api, fake_time, status, phrase):
    retry = RetryPolicy(retries=2, backoff_factor=0)
    client = SemanticScholar(retry=retry, min_interval=0, sleep=fake_time.sleep, clock=fake_time.clock)
    api.get(TURING, status=status, body="")

    with pytest.raises(ServiceError) as caught:
        client.paper("DOI:10.1093/mind/lix.236.433")

    assert len(api.calls) == 3
    assert str(caught.value).startswith(f"Semantic Scholar answered {status} {phrase} after 2 retries: ")


def test_a_redirect_is_not_followed_with_the_key(api, s2):
    api.get(TURING, status=301, headers={"Location": "https://elsewhere.example/paper"})

    with pytest.raises(ServiceError, match=f"a redirect to https://elsewhere.example/paper: check {BASE_URL_ENV}"):
        s2.paper("DOI:10.1093/mind/lix.236.433")


def test_forbidden_with_a_key_points_at_the_key(api, monkeypatch, fake_time):
    monkeypatch.setenv(API_KEY_ENV, KEY)
    client = SemanticScholar(retry=NO_BACKOFF, min_interval=0, sleep=fake_time.sleep, clock=fake_time.clock)
    api.get(TURING, status=403, json={"message": "Forbidden"})

    with pytest.raises(ServiceError, match=f"403 Forbidden \\(Forbidden\\): check {API_KEY_ENV}"):
        client.paper("DOI:10.1093/mind/lix.236.433")


# --- bodies that are not what was asked for ------------------------------------------------


def test_html_error_page_is_a_service_error(api, s2):
    api.get(TURING, body="<!DOCTYPE html><html><body>Bad gateway</body></html>", content_type="text/html")

    with pytest.raises(ServiceError, match=r"sent a response that is not JSON \(an HTML error page\?\)"):
        s2.paper("DOI:10.1093/mind/lix.236.433")


def test_malformed_json_is_a_service_error(api, s2):
    api.get(TURING, body='{"paperId": "2d5673caa9e6af3a7b82a43f19ee920992db07ad", "title": ', status=200)

    with pytest.raises(ServiceError, match="sent malformed JSON"):
        s2.paper("DOI:10.1093/mind/lix.236.433")


@pytest.mark.parametrize(
    "method, url, answer",
    [
        ("paper", f"{BASE}/graph/v1/paper/DOI:10.1", ["not", "an", "object"]),
        ("paper", f"{BASE}/graph/v1/paper/DOI:10.1", {"title": "no paperId"}),
        ("match_title", MATCH, {"paperId": "x"}),
        ("match_title", MATCH, {"data": ["not an object"]}),
        ("search", SEARCH, {"total": 3, "offset": 0}),
        ("search", SEARCH, {"total": 3, "data": {"paperId": "x"}}),
        ("batch", BATCH, {"data": []}),
    ],
)
def test_json_of_the_wrong_shape_is_a_service_error(api, s2, method, url, answer):
    api.add(responses.POST if method == "batch" else responses.GET, url, json=answer)
    argument = {"paper": "DOI:10.1", "match_title": "a title", "search": "a query", "batch": ["CorpusId:1"]}

    with pytest.raises(ServiceError) as caught:
        getattr(s2, method)(argument[method])

    assert "\n" not in str(caught.value)


# --- the wire failing --------------------------------------------------------------------


CHECK = f"check your network or {BASE_URL_ENV}"


def _refused() -> Exception:
    error = NewConnectionError(None, "Failed to establish a new connection: [Errno 111] Connection refused")
    error.__cause__ = ConnectionRefusedError(111, "Connection refused")
    return requests.ConnectionError(MaxRetryError(None, "/graph/v1/paper/x", error))


def _unresolvable() -> Exception:
    error = NameResolutionError("api.semanticscholar.org", None, socket.gaierror(-2, "Name or service not known"))
    return requests.ConnectionError(MaxRetryError(None, "/graph/v1/paper/x", error))


@pytest.mark.parametrize(
    "failure, message",
    [
        (_unresolvable(), f"Semantic Scholar is unreachable (cannot resolve api.semanticscholar.org): {CHECK}"),
        (_refused(), f"Semantic Scholar is unreachable (connection refused): {CHECK}"),
        (requests.ConnectTimeout("timed out"), f"Semantic Scholar is unreachable (no connection within 10 s): {CHECK}"),
        (requests.ReadTimeout("read timed out"), "Semantic Scholar timed out after 30 s: try again later"),
        (
            requests.exceptions.ChunkedEncodingError("Connection broken: IncompleteRead"),
            "Semantic Scholar dropped the connection before the response was complete: try again later",
        ),
        (
            requests.ConnectionError("Connection aborted"),
            f"Semantic Scholar is unreachable (could not connect): {CHECK}",
        ),
    ],
)
def test_transport_failures_are_one_line_service_errors(api, s2, failure, message):
    api.get(TURING, body=failure)

    with pytest.raises(ServiceError) as caught:
        s2.paper("DOI:10.1093/mind/lix.236.433")

    assert str(caught.value) == message
    assert caught.value.__cause__ is None and caught.value.__suppress_context__


def test_a_connection_dropped_mid_body_is_tried_again(api, s2, fake_time):
    api.get(TURING, body=requests.exceptions.ChunkedEncodingError("Connection broken: IncompleteRead"))
    api.get(TURING, json={"paperId": "2d5673caa9e6af3a7b82a43f19ee920992db07ad", "title": "Computing Machinery"})

    paper = s2.paper("DOI:10.1093/mind/lix.236.433")

    assert paper.title == "Computing Machinery" and len(api.calls) == 2


# --- pacing and settings ---------------------------------------------------------------


def test_the_second_request_waits_only_what_remains_of_the_interval(api, fake_time):
    client = SemanticScholar(min_interval=1.0, sleep=fake_time.sleep, clock=fake_time.clock)
    api.get(TURING, body=cassette("test_get_paper.yaml")[0].body)

    client.paper("DOI:10.1093/mind/lix.236.433")
    assert fake_time.sleeps == []
    fake_time.now += 0.25
    client.paper("DOI:10.1093/mind/lix.236.433")

    assert fake_time.sleeps == [pytest.approx(0.75)]


def test_interval_is_slower_without_a_key_and_overridable(monkeypatch):
    assert SemanticScholar().min_interval == 3.0
    assert SemanticScholar(api_key=KEY).min_interval == 1.0
    monkeypatch.setenv(MIN_INTERVAL_ENV, "2.5")
    assert SemanticScholar().min_interval == 2.5
    assert SemanticScholar(min_interval=0.5).min_interval == 0.5
    monkeypatch.setenv(MIN_INTERVAL_ENV, "fast")
    with pytest.raises(ServiceError, match=f"{MIN_INTERVAL_ENV} must be a number of seconds"):
        SemanticScholar()


@pytest.mark.parametrize("setting", ["http://localhost:8123/s2", "http://localhost:8123/s2/"])
def test_base_url_comes_from_the_environment(api, monkeypatch, fake_time, setting):
    monkeypatch.setenv(BASE_URL_ENV, setting)
    client = SemanticScholar(min_interval=0, sleep=fake_time.sleep, clock=fake_time.clock)
    body = cassette("test_get_paper.yaml")[0].body
    api.get("http://localhost:8123/s2/graph/v1/paper/arXiv:2408.03314", body=body)

    client.paper("arXiv:2408.03314")

    assert len(api.calls) == 1


def test_a_base_url_that_is_not_http_is_refused(monkeypatch):
    monkeypatch.setenv(BASE_URL_ENV, "api.semanticscholar.org")

    with pytest.raises(ServiceError, match=f"{BASE_URL_ENV} must be an http\\(s\\) URL"):
        SemanticScholar()


def test_verbose_log_names_method_url_status_and_time(api, fake_time):
    lines: list[str] = []
    client = SemanticScholar(min_interval=0, sleep=fake_time.sleep, clock=fake_time.clock, log=lines.append)
    body = cassette("test_get_paper.yaml")[0].body

    def slow(request):
        fake_time.now += 0.142
        return 200, {}, body

    api.add_callback(responses.GET, TURING, callback=slow, content_type="application/json")

    client.paper("DOI:10.1093/mind/lix.236.433")

    assert lines == [f"GET {TURING}?fields={FIELDS.replace(',', '%2C')} -> 200 (142 ms)"]


# --- the real urllib3 path, over loopback only ---------------------------------------------


class _Canned(http.server.BaseHTTPRequestHandler):
    answers: list[tuple[int, dict[str, str], bytes]] = []
    served: list[str] = []

    def do_GET(self):  # noqa: N802 (http.server's naming)
        self.served.append(self.path)
        status, headers, body = self.answers.pop(0)
        self.send_response(status)
        for name, value in {**headers, "Content-Length": str(len(body))}.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def loopback(api):
    """A tiny HTTP server on 127.0.0.1 for the few tests that need urllib3's real retry loop."""
    server = socketserver.TCPServer(("127.0.0.1", 0), _Canned)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{server.server_address[1]}"
    api.add_passthru(url)
    _Canned.answers, _Canned.served = [], []
    yield url
    server.shutdown()
    server.server_close()


def test_urllib3_sleeps_what_retry_after_asks_then_retries(loopback, fake_time):
    _Canned.answers = [
        (429, {"Retry-After": "7", "Content-Type": "application/json"}, b'{"message": "Too Many Requests"}'),
        (200, {"Content-Type": "application/json"}, cassette("test_get_paper.yaml")[0].body.encode()),
    ]
    client = SemanticScholar(base_url=loopback, min_interval=0, sleep=fake_time.sleep, clock=fake_time.clock)

    found = client.paper("CorpusId:14636783")

    assert found.title == "Computing Machinery and Intelligence"
    assert fake_time.sleeps == [7]
    assert len(_Canned.served) == 2


def test_connection_refused_on_loopback_is_named(api, fake_time):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"http://127.0.0.1:{port}"
    api.add_passthru(url)
    client = SemanticScholar(
        base_url=url, retry=NO_BACKOFF, min_interval=0, sleep=fake_time.sleep, clock=fake_time.clock
    )

    with pytest.raises(ServiceError, match=r"is unreachable \(connection refused\)"):
        client.paper("CorpusId:1")


def test_a_silent_server_times_out(api, fake_time):
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)
        url = f"http://127.0.0.1:{silent.getsockname()[1]}"
        api.add_passthru(url)
        lines: list[str] = []
        client = SemanticScholar(
            base_url=url,
            timeout=(1.0, 0.05),
            retry=RetryPolicy(read_retries=1, backoff_factor=0),
            min_interval=0,
            sleep=fake_time.sleep,
            clock=fake_time.clock,
            log=lines.append,
        )

        with pytest.raises(ServiceError) as caught:
            client.paper("CorpusId:1")

    assert str(caught.value) == "Semantic Scholar timed out after 0.05 s: try again later"
    assert [line.split(" -> ")[1] for line in lines] == [
        "failed, read timeout (0 ms); retry 1 in 0 s",
        "failed, read timeout (0 ms)",
    ]
