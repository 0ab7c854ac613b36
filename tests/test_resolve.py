"""Resolving what a list wrote: ids in one batch, titles only when sure, wrong links reported."""

from __future__ import annotations

import json

import pytest
import requests
import responses

from paperlist.query import parse_query
from paperlist.resolve import (
    FAILED,
    FOUND,
    NOT_A_PAPER,
    NOT_FOUND,
    WRONG_LINK,
    Resolver,
    Written,
    merge_repeats,
    titles_agree,
    written_from_links,
)
from paperlist.sources.arxiv import ArxivClient
from paperlist.sources.semantic_scholar import SemanticScholar
from test_add import ARXIV, BATCH, MATCH, SEARCH, SNELL_TITLE, arxiv_feed, arxiv_paper

pytestmark = pytest.mark.usefixtures("http")


def resolver() -> Resolver:
    return Resolver(SemanticScholar(), lambda: ArxivClient(), today="2026-11-25")


def entry(title: str, *urls: str, line: int = 1, **extra) -> Written:
    return written_from_links(line, title, urls, **extra)


def batch_answer(http, by_id: dict):
    def reply(request):
        ids = json.loads(request.body)["ids"]
        return 200, {}, json.dumps([by_id.get(i) for i in ids])

    http.add_callback(responses.POST, BATCH, callback=reply, content_type="application/json")


# --- titles -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "written, resolved",
    [
        ("Scaling LLM Test-Time Compute", SNELL_TITLE),  # shortened: contained in the full title
        ("scaling llm test time compute optimally can be more effective than scaling model parameters", SNELL_TITLE),
        ("Tree of Thoughts: Deliberate Problem Solving", "Tree of Thoughts: Deliberate Problem Solving with LLMs"),
        ("", "Anything"),
    ],
)
def test_titles_that_name_the_same_paper_agree(written, resolved):
    assert titles_agree(written, resolved)


@pytest.mark.parametrize(
    "written, resolved",
    [
        ("Attention Is All You Need", SNELL_TITLE),
        ("LLM", "LLM Agents: A Survey"),  # one word is not enough to be contained
    ],
)
def test_titles_of_different_papers_disagree(written, resolved):
    assert not titles_agree(written, resolved)


# --- resolving ----------------------------------------------------------------------------------------


def test_every_identifier_goes_in_one_batch_request(http):
    ids = [f"2501.{i:05d}" for i in range(3)]
    batch_answer(http, {f"arXiv:{i}": arxiv_paper(i, f"Paper {i}") for i in ids})
    items = [entry(f"Paper {i}", f"https://arxiv.org/pdf/{i}v2.pdf", line=n) for n, i in enumerate(ids, 1)]
    results = resolver().resolve(items)
    assert [r.status for r in results] == [FOUND, FOUND, FOUND]
    assert [r.paper.arxiv for r in results] == ids
    assert len(http.calls) == 1


def test_a_link_to_another_paper_is_reported_and_the_written_title_used_when_sure(http):
    batch_answer(http, {"arXiv:2501.00001": arxiv_paper("2501.00001", "Something Else Entirely")})
    http.get(MATCH, json={"data": [arxiv_paper()]})
    [result] = resolver().resolve([entry(SNELL_TITLE, "https://arxiv.org/abs/2501.00001")])
    assert result.status == WRONG_LINK
    assert result.paper.arxiv == "2408.03314"
    assert result.note == "the link is to 'Something Else Entirely'; imported by the written title instead"


def test_a_wrong_link_whose_title_finds_nothing_sure_is_reported_not_imported(http):
    batch_answer(http, {"arXiv:2501.00001": arxiv_paper("2501.00001", "Something Else Entirely")})
    http.get(MATCH, status=404, json={"error": "Title match not found"})
    http.get(SEARCH, json={"total": 0, "offset": 0, "data": []})
    [result] = resolver().resolve([entry("A Paper Nobody Wrote", "https://arxiv.org/abs/2501.00001")])
    assert result.status == WRONG_LINK and result.paper is None
    assert "fix the link" in result.note


def test_an_entry_without_a_link_is_found_by_its_title(http):
    http.get(MATCH, json={"data": [arxiv_paper()]})
    [result] = resolver().resolve([entry(SNELL_TITLE)])
    assert result.status == FOUND and result.paper.title == SNELL_TITLE


def test_an_uncertain_title_match_is_not_taken(http):
    http.get(MATCH, status=404, json={"error": "Title match not found"})
    http.get(
        SEARCH,
        json={
            "data": [arxiv_paper("2501.00001", "Test-Time Scaling A"), arxiv_paper("2501.00002", "Test-Time Scaling B")]
        },
    )
    [result] = resolver().resolve([entry("Test-Time Scaling")])
    assert result.status == NOT_FOUND and result.paper is None
    assert result.note.startswith("no confident match for the title (closest: ")


def test_an_entry_whose_links_name_no_paper_and_whose_title_finds_none_is_not_a_paper(http):
    http.get(MATCH, status=404, json={"error": "Title match not found"})
    http.get(SEARCH, json={"total": 0, "offset": 0, "data": []})
    item = entry("Awesome Prompting Tricks", has_other_links=True)
    [result] = resolver().resolve([item])
    assert result.status == NOT_A_PAPER


def test_a_preprint_semantic_scholar_lacks_comes_from_arxiv(http):
    batch_answer(http, {})
    http.get(ARXIV, body=arxiv_feed("entry_2408.03314.xml"))
    [result] = resolver().resolve([entry(SNELL_TITLE, "https://arxiv.org/abs/2408.03314v1")])
    assert result.status == FOUND
    assert result.paper.abstract.startswith("Enabling LLMs")


def test_the_lists_venue_date_topic_and_code_fill_what_the_service_lacks(http):
    batch_answer(http, {"arXiv:2408.03314": arxiv_paper(publicationDate=None, year=None)})
    item = entry(
        SNELL_TITLE,
        "https://arxiv.org/abs/2408.03314",
        topic="Search",
        code="https://github.com/owner/repo",
        date="2024-08",
        venue="ICLR 2025",
    )
    [result] = resolver().resolve([item])
    paper = result.paper
    assert (paper.date, paper.venue, paper.topics, paper.code) == (
        "2024-08",
        "ICLR 2025",
        ("Search",),
        "https://github.com/owner/repo",
    )


def test_a_service_that_keeps_failing_stops_being_asked(http):
    http.get(MATCH, body=requests.ConnectionError("refused"))
    items = [entry(f"Paper number {i}", line=i) for i in range(5)]
    results = resolver().resolve(items)
    assert [r.status for r in results] == [FAILED] * 5
    assert results[-1].note == "not tried: Semantic Scholar kept failing"


def test_the_same_paper_twice_is_one_record_with_both_topics(http):
    batch_answer(http, {"arXiv:2408.03314": arxiv_paper()})
    items = [
        entry(SNELL_TITLE, "https://arxiv.org/abs/2408.03314", topic="Search", line=3),
        entry(SNELL_TITLE, "https://www.arxiv.org/pdf/2408.03314v2", topic="Scaling", line=9),
    ]
    merged = merge_repeats(resolver().resolve(items))
    assert len(merged.papers) == 1 and len(merged.repeats) == 1
    assert merged.papers[0][1].topics == ("Search", "Scaling")


def test_a_real_identifier_is_tried_before_a_bare_paper_url():
    item = entry("T", "https://openreview.net/forum?id=abc", "https://arxiv.org/abs/2408.03314")
    assert [q.kind for q in item.ids] == ["arxiv", "url"]
    assert item.ids[0] == parse_query("https://arxiv.org/abs/2408.03314")
