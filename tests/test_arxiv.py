"""The arXiv query API client: Atom feeds in tests/fixtures/arxiv/ served by ``responses``."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import responses

from paperlist.errors import ServiceError
from paperlist.sources.arxiv import BASE_URL_ENV, ArxivClient, ArxivEntry, parse_feed, title_phrase
from paperlist.sources.http import RetryPolicy

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "arxiv"
API = "https://export.arxiv.org/api/query"


def feed(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


@pytest.fixture(autouse=True)
def api(monkeypatch):
    """Every HTTP request is served by ``responses``; unregistered ones fail, unused ones too."""
    monkeypatch.delenv(BASE_URL_ENV, raising=False)
    with responses.RequestsMock(assert_all_requests_are_fired=True) as mock:
        yield mock


@pytest.fixture
def arxiv(fake_time) -> ArxivClient:
    return ArxivClient(retry=RetryPolicy(backoff_factor=0), sleep=fake_time.sleep, clock=fake_time.clock)


def query_of(call) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlsplit(call.request.url).query).items()}


def test_entry_is_read_from_the_feed(api, arxiv):
    api.get(API, body=feed("entry_2408.03314.xml"), content_type="application/atom+xml")

    entry = arxiv.entry("2408.03314")

    assert entry == ArxivEntry(
        arxiv_id="2408.03314",
        title="Scaling LLM Test-Time Compute Optimally can be More Effective than Scaling Model Parameters",
        authors=("Charlie Snell", "Jaehoon Lee", "Kelvin Xu", "Aviral Kumar"),
        abstract=(
            "Enabling LLMs to improve their outputs by using more test-time computation is a critical step "
            "towards building generally self-improving agents that can operate on open-ended natural language. "
            "In this paper, we study the scaling of inference-time computation in LLMs."
        ),
        published="2024-08-06",
        doi=None,
        pdf="https://arxiv.org/pdf/2408.03314v1",
    )
    (call,) = api.calls
    assert query_of(call) == {"id_list": "2408.03314", "max_results": "1"}


def test_entry_asks_for_the_id_without_its_version(api, arxiv):
    api.get(API, body=feed("entry_2408.03314.xml"))

    assert arxiv.entry("arXiv:2408.03314v2").arxiv_id == "2408.03314"
    assert query_of(api.calls[0])["id_list"] == "2408.03314"


def test_entry_reads_the_doi(api, arxiv):
    api.get(API, body=feed("entry_with_doi.xml"))

    entry = arxiv.entry("0710.2073")

    assert entry.doi == "10.1134/S0021364007210011"
    assert entry.title == (
        "On coincidence of Alday-Maldacena-regularized $σ$-model and Nambu-Goto areas of minimal surfaces"
    )
    assert entry.published == "2007-10-10"


@pytest.mark.parametrize("answer", ["empty.xml", "error_bad_id.xml"])
def test_entry_arxiv_does_not_have_is_none(api, arxiv, answer):
    api.get(API, body=feed(answer))

    assert arxiv.entry("2408.99999") is None


def test_entry_for_text_that_is_no_arxiv_id_asks_nothing(arxiv):
    assert arxiv.entry("not an id") is None


def test_entry_for_another_paper_than_asked_is_none(api, arxiv):
    api.get(API, body=feed("entry_with_doi.xml"))

    assert arxiv.entry("2408.03314") is None


def test_title_search_sends_a_quoted_title_phrase(api, arxiv):
    api.get(API, body=feed("search_title.xml"))

    found = arxiv.search_title("Scaling LLM Test-Time Compute", max_results=5)

    assert [e.arxiv_id for e in found] == ["2408.03314", "2501.19393"]
    assert found[1].title == "s1: Simple test-time scaling"
    assert query_of(api.calls[0]) == {"search_query": 'ti:"scaling llm test time compute"', "max_results": "5"}


def test_title_phrase_strips_query_syntax():
    assert title_phrase('s1: "Simple" (test-time) scaling AND [more]\n') == "s1 simple test time scaling and more"
    assert title_phrase("Café_au_lait") == "café au lait"
    assert title_phrase('":()') == ""


def test_title_search_with_nothing_left_asks_nothing(arxiv):
    assert arxiv.search_title('"()"') == []


def test_title_search_arxiv_rejects_is_a_service_error(api, arxiv):
    api.get(API, body=feed("error_bad_id.xml"), status=400)

    with pytest.raises(ServiceError, match="arXiv rejected the title search for 'x': incorrect id format"):
        arxiv.search_title("x")


@pytest.mark.parametrize(
    "body, message",
    [
        ("<feed xmlns='http://www.w3.org/2005/Atom'><entry>", r"arXiv sent malformed XML \(.*\): try again later"),
        ("<!DOCTYPE html><html><body>503</body></html>", "arXiv sent an HTML page, not an Atom feed"),
        ("<?xml version='1.0'?><rss><channel/></rss>", r"not an Atom feed \(root <rss>\)"),
        (
            "<?xml version='1.0'?><!DOCTYPE feed [<!ENTITY a 'aaaa'>]><feed xmlns='http://www.w3.org/2005/Atom'/>",
            "entity declarations",
        ),
    ],
)
def test_a_body_that_is_not_an_atom_feed_is_a_service_error(body, message):
    with pytest.raises(ServiceError, match=message) as caught:
        parse_feed(body.encode())

    assert "\n" not in str(caught.value)


def test_malformed_xml_from_the_api_is_a_service_error(api, arxiv):
    api.get(API, body=feed("entry_2408.03314.xml")[:700])

    with pytest.raises(ServiceError, match="arXiv sent malformed XML"):
        arxiv.entry("2408.03314")


def test_a_503_is_retried_then_a_service_error(api, fake_time):
    retry = RetryPolicy(retries=1, backoff_factor=0)
    client = ArxivClient(retry=retry, sleep=fake_time.sleep, clock=fake_time.clock)
    api.get(API, status=503, body="")

    with pytest.raises(ServiceError, match="arXiv answered 503 Service Unavailable after 1 retry"):
        client.entry("2408.03314")

    assert len(api.calls) == 2


def test_requests_are_three_seconds_apart(api, fake_time):
    client = ArxivClient(sleep=fake_time.sleep, clock=fake_time.clock)
    api.get(API, body=feed("empty.xml"))

    client.entry("2408.99999")
    fake_time.now += 1.0
    client.entry("2408.99999")

    assert client.min_interval == 3.0
    assert fake_time.sleeps == [pytest.approx(2.0)]


def test_the_endpoint_comes_from_the_environment(api, monkeypatch, fake_time):
    monkeypatch.setenv(BASE_URL_ENV, "http://localhost:8124/api/query")
    api.get("http://localhost:8124/api/query", body=feed("empty.xml"))

    assert ArxivClient(min_interval=0, sleep=fake_time.sleep, clock=fake_time.clock).entry("2408.99999") is None


def test_entries_asks_for_100_ids_a_request(api, arxiv):
    ids = [f"2501.{i:05d}" for i in range(150)] + ["2408.03314v2", "not an id"]
    api.get(API, body=feed("empty.xml"))
    api.get(API, body=feed("entry_2408.03314.xml"))

    found = arxiv.entries(ids)

    asked = [query_of(c)["id_list"].split(",") for c in api.calls]
    assert [len(a) for a in asked] == [100, 51] and asked[1][-1] == "2408.03314"
    assert list(found) == ["2408.03314"]


# --- the Semantic Scholar key, should a mirror echo it ---------------------------------------

KEY = "Zq7xW9mP3vR8tL2nK5yBd4Hc6Jf1Gs0aEuTo"


def test_the_semantic_scholar_key_never_comes_back_from_arxiv(api, monkeypatch, fake_time):
    monkeypatch.setenv("SEMANTIC_SCHOLAR_API_KEY", KEY)
    as_references = "".join(f"&#{ord(c)};" for c in KEY)  # parsed XML, so these are the key too
    body = (
        feed("entry_2408.03314.xml")
        .replace("Scaling LLM", f"Scaling {as_references} LLM")
        .replace("Enabling LLMs", f"Enabling {KEY} LLMs")
        .replace("<name>Kelvin Xu</name>", f"<name>{KEY}</name>")
    )
    api.get(API, body=body)
    arxiv = ArxivClient(sleep=fake_time.sleep, clock=fake_time.clock)

    entry = arxiv.entry("2408.03314")

    assert entry.title.startswith("Scaling *** LLM")
    assert entry.abstract.startswith("Enabling *** LLMs")
    assert entry.authors == ("Charlie Snell", "Jaehoon Lee", "***", "Aviral Kumar")
    assert KEY not in repr(entry)


def test_a_feed_that_names_the_key_is_refused_without_naming_it(api, fake_time):
    api.get(API, body=f'<?xml version="1.0"?><{KEY} xmlns="http://www.w3.org/2005/Atom"/>')
    arxiv = ArxivClient(secrets=[KEY], sleep=fake_time.sleep, clock=fake_time.clock)

    with pytest.raises(ServiceError) as caught:
        arxiv.search_title("Scaling test-time compute")

    assert str(caught.value) == f"arXiv sent XML that is not an Atom feed (root <***>): check {BASE_URL_ENV}"
