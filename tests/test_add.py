"""`paperlist add`: each query form, uncertain matches, arXiv fallbacks, faults, batches."""

from __future__ import annotations

import json
import runpy
import shutil
import sys

import pytest
import requests
from responses import matchers

from conftest import FIXTURES, REPO, snapshot
from paperlist.store import Store

S2 = "https://api.semanticscholar.org/graph/v1"
MATCH = f"{S2}/paper/search/match"
SEARCH = f"{S2}/paper/search"
BATCH = f"{S2}/paper/batch"
ARXIV = "https://export.arxiv.org/api/query"
KEY = "test-key-never-shown-5b1e"
SNELL_TITLE = "Scaling LLM Test-Time Compute Optimally can be More Effective than Scaling Model Parameters"


def turing() -> dict:
    """The real recorded answer for Turing's paper (no arXiv id), without the bulky lists."""
    data = json.loads((FIXTURES / "semantic-scholar" / "Paper.json").read_text(encoding="utf-8"))
    for bulky in ("citations", "references", "embedding", "citationStyles"):
        data.pop(bulky, None)
    return data


def arxiv_paper(arxiv_id="2408.03314", title=SNELL_TITLE, abstract="We study test-time compute.", **extra) -> dict:
    """A paper object shaped like the Graph API's, for a preprint."""
    paper = {
        "paperId": "3" * 40 if arxiv_id == "2408.03314" else arxiv_id.replace(".", "").ljust(40, "a"),
        "externalIds": {"ArXiv": arxiv_id, "DBLP": "journals/corr/abs-" + arxiv_id, "CorpusId": 271719990},
        "title": title,
        "abstract": abstract,
        "venue": "",
        "year": 2024,
        "publicationDate": "2024-08-06",
        "authors": [{"authorId": "1", "name": "Charlie Snell"}, {"authorId": "2", "name": "Jaehoon Lee"}],
        "tldr": {"model": "tldr@v2.0.0", "text": "Test-time compute beats parameters."},
        "openAccessPdf": {"url": "", "status": None},
        "journal": {"name": "ArXiv", "volume": "abs/" + arxiv_id},
    }
    paper.update(extra)
    return paper


def arxiv_feed(name: str) -> str:
    return (FIXTURES / "arxiv" / name).read_text(encoding="utf-8")


pytestmark = pytest.mark.usefixtures("http")


def s2_calls(http) -> list:
    return [c for c in http.calls if c.request.url.startswith(S2)]


def record(root, key):
    return Store(root).load()[key]


# --- by title -------------------------------------------------------------------------------------


def test_a_title_costs_one_request_and_writes_a_record(list_root, run, http):
    http.get(MATCH, json={"data": [{**turing(), "matchScore": 190.2}]})
    http.get(ARXIV, body=arxiv_feed("empty.xml"))  # no arXiv id: arXiv is searched by title
    result = run("add", "computing machinery and intelligence")
    assert result.exit_code == 0, result.output
    assert (
        result.stdout
        == "Added papers/computing-machinery-and-intelligence.yaml: Computing Machinery and Intelligence\n"
    )
    assert len(s2_calls(http)) == 1
    paper = record(list_root, "computing-machinery-and-intelligence")
    assert (paper.authors, paper.date, paper.venue, paper.doi) == (
        ("A. Turing",),
        "1950-10-01",
        "The Philosophy of Artificial Intelligence",
        "10.1093/MIND/LIX.236.433",
    )
    assert paper.abstract.startswith("I propose to consider the question")
    assert paper.tldr and paper.added and paper.semantic_scholar == "2d5673caa9e6af3a7b82a43f19ee920992db07ad"
    assert "🔹 [Computing Machinery and Intelligence](https://doi.org/10.1093/MIND/LIX.236.433)" in (
        list_root / "README.md"
    ).read_text(encoding="utf-8")


def test_the_title_match_asks_for_every_field_at_once(list_root, run, http):
    http.get(
        MATCH,
        json={"data": [arxiv_paper()]},
        match=[
            matchers.query_param_matcher(
                {
                    "query": SNELL_TITLE,
                    "fields": "paperId,externalIds,title,abstract,venue,year,publicationDate,authors,"
                    "tldr,openAccessPdf,journal,citationCount",
                }
            )
        ],
    )
    result = run("add", SNELL_TITLE)
    assert result.exit_code == 0 and len(http.calls) == 1  # abstract and arXiv id present: nothing else


def test_a_perturbed_title_still_lands_on_the_right_paper(list_root, run, http):
    http.get(MATCH, json={"data": [arxiv_paper()]})
    result = run("add", "scaling llm test time compute optimaly can be more effective than scaling parameters")
    assert result.exit_code == 0
    assert record(list_root, "2408.03314").title == SNELL_TITLE


def test_a_shortened_title_is_taken_when_no_other_paper_comes_close(list_root, run, http):
    http.get(MATCH, json={"data": [arxiv_paper()]})
    http.get(SEARCH, json={"total": 2, "offset": 0, "data": [arxiv_paper(), arxiv_paper("2501.19393", "s1: Simple")]})
    result = run("add", "Scaling LLM Test-Time Compute Optimally")
    assert result.exit_code == 0 and len(http.calls) == 2
    assert (list_root / "papers" / "2408.03314.yaml").exists()


def test_a_short_name_before_the_colon_is_taken_when_unrivalled(list_root, run, http):
    http.get(MATCH, json={"data": [arxiv_paper("2501.04519", "rStar-Math: Small LLMs Can Master Math Reasoning")]})
    http.get(SEARCH, json={"total": 0, "offset": 0, "data": []})
    result = run("add", "rStar-Math")
    assert result.exit_code == 0 and (list_root / "papers" / "2501.04519.yaml").exists()


def test_a_wrong_title_match_loses_to_a_closer_search_result(list_root, run, http):
    wrong = arxiv_paper("2502.00001", "Scaling Test-Time Compute for Agentic Coding")
    right = arxiv_paper("2506.12928", "Scaling Test-time Compute for LLM Agents")
    http.get(MATCH, json={"data": [wrong]})
    http.get(SEARCH, json={"total": 2, "offset": 0, "data": [wrong, right]})
    result = run("add", "scaling test time compute for llm agent")
    assert result.exit_code == 0, result.output
    assert (list_root / "papers" / "2506.12928.yaml").exists()


def test_two_papers_that_fit_a_shortened_title_equally_are_a_choice(list_root, run, http):
    one = arxiv_paper("2502.00001", "Scaling Test-Time Compute for Agentic Coding")
    two = arxiv_paper("2506.12928", "Scaling Test-time Compute for LLM Agents")
    http.get(MATCH, json={"data": [one]})
    http.get(SEARCH, json={"total": 2, "offset": 0, "data": [one, two]})
    result = run("add", "Scaling Test-Time Compute for")
    assert result.exit_code == 1 and "2502.00001" in result.stderr and "2506.12928" in result.stderr
    assert list((list_root / "papers").iterdir()) == []


def test_a_search_failure_after_a_likely_match_keeps_the_match(list_root, run, http):
    http.get(MATCH, json={"data": [arxiv_paper()]})
    http.get(SEARCH, status=400, json={"error": "Unacceptable query"})
    result = run("add", "Scaling LLM Test-Time Compute Optimally")
    assert result.exit_code == 0 and (list_root / "papers" / "2408.03314.yaml").exists()


def test_a_match_for_other_words_is_not_taken_silently(list_root, run, http):
    http.get(MATCH, json={"data": [arxiv_paper()]})
    http.get(SEARCH, json={"total": 1, "offset": 0, "data": [arxiv_paper()]})
    result = run("add", "test time compute scaling")
    assert result.exit_code == 1 and "[arXiv:2408.03314]" in result.stderr
    assert not (list_root / "papers" / "2408.03314.yaml").exists()


def test_a_preprint_gets_arxiv_org_as_venue_and_no_pdf_field(list_root, run, http):
    http.get(MATCH, json={"data": [arxiv_paper()]})
    run("add", SNELL_TITLE)
    paper = record(list_root, "2408.03314")
    assert paper.venue == "arXiv.org" and paper.pdf is None and paper.pdf_link == "https://arxiv.org/pdf/2408.03314"


def test_an_open_access_pdf_is_kept(list_root, run, http):
    http.get(MATCH, json={"data": [arxiv_paper(openAccessPdf={"url": "https://openreview.net/pdf?id=x"})]})
    run("add", SNELL_TITLE)
    assert record(list_root, "2408.03314").pdf == "https://openreview.net/pdf?id=x"


# --- identifiers ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query, path",
    [
        ("https://arxiv.org/abs/2408.03314v2", "arXiv:2408.03314"),
        ("arxiv.org/pdf/2408.03314", "arXiv:2408.03314"),
        ("10.48550/arXiv.2408.03314", "arXiv:2408.03314"),
        ("https://www.semanticscholar.org/paper/Scaling/" + "3" * 40, "3" * 40),
        ("https://aclanthology.org/2024.acl-long.1/", "ACL:2024.acl-long.1"),
        ("https://openreview.net/forum?id=4FWAwZtd2n", "URL:https://openreview.net/forum%3Fid%3D4FWAwZtd2n"),
    ],
)
def test_identifiers_go_to_the_paper_endpoint(list_root, run, http, query, path):
    http.get(f"{S2}/paper/{path}", json=arxiv_paper())
    result = run("add", query)
    assert result.exit_code == 0, result.output
    assert (list_root / "papers" / "2408.03314.yaml").exists()
    assert len(http.calls) == 1


def test_a_doi_goes_to_the_paper_endpoint(list_root, run, http):
    http.get(f"{S2}/paper/DOI:10.1093/mind/lix.236.433", json=turing())
    http.get(ARXIV, body=arxiv_feed("empty.xml"))
    result = run("add", "https://doi.org/10.1093/mind/lix.236.433")
    assert result.exit_code == 0 and (list_root / "papers" / "computing-machinery-and-intelligence.yaml").exists()


def test_a_listed_identifier_is_answered_without_any_request(shipped, run, http):
    before = snapshot(shipped)
    result = run("add", "https://arxiv.org/pdf/2408.03314v1")
    assert result.exit_code == 0
    assert result.stdout == f"Already listed: papers/2408.03314.yaml ({SNELL_TITLE})\n"
    assert len(http.calls) == 0 and snapshot(shipped) == before


def test_a_listed_title_is_answered_without_any_request(shipped, run, http):
    result = run("add", "tree search for language model agents")
    assert result.exit_code == 0 and "papers/2407.01476.yaml" in result.stdout and len(http.calls) == 0


def test_a_fetched_paper_already_listed_under_another_name_is_not_added(shipped, run, http):
    http.get(f"{S2}/paper/{'3' * 40}", json=arxiv_paper())
    before = snapshot(shipped)
    result = run("add", "3" * 40)  # a Semantic Scholar id the list does not have, for a listed arXiv paper
    assert result.exit_code == 0 and "Already listed: papers/2408.03314.yaml" in result.stdout
    assert snapshot(shipped) == before


# --- uncertain matches ----------------------------------------------------------------------------


def candidates(http):
    http.get(MATCH, status=404, json={"error": "Title match not found"})
    http.get(
        SEARCH,
        json={
            "total": 2,
            "offset": 0,
            "data": [
                arxiv_paper("2408.03314"),
                arxiv_paper("2501.19393", "s1: Simple test-time scaling", publicationDate="2025-01-31", year=2025),
            ],
        },
    )


def test_keywords_without_a_terminal_add_nothing_and_list_candidates(list_root, run, http):
    candidates(http)
    before = snapshot(list_root)
    result = run("add", "test time scaling")
    assert result.exit_code == 1
    assert (
        "1. s1: Simple test-time scaling (2025, arXiv.org) [arXiv:2501.19393]" in result.stderr
        or "[arXiv:2501.19393]" in result.stderr
    )
    assert "[arXiv:2408.03314]" in result.stderr
    assert result.stderr.splitlines()[-1] == (
        "Error: no confident match for 'test time scaling': add one of the 2 candidates by its id, "
        "or rerun with --yes to take the first"
    )
    assert snapshot(list_root) == before


def test_yes_takes_the_best_candidate(list_root, run, http):
    candidates(http)
    result = run("add", "--yes", "test time scaling")
    assert result.exit_code == 0 and result.stdout.startswith("Added papers/")


def test_at_a_terminal_the_user_picks_a_candidate(list_root, run, http, monkeypatch):
    candidates(http)
    monkeypatch.setattr("paperlist.commands.add._interactive", lambda: True)
    listing = run("add", "test time scaling", input="0\n")
    assert listing.exit_code == 1
    wanted = next(line for line in listing.stderr.splitlines() if "2501.19393" in line).split(".")[0].strip()
    candidates(http)
    result = run("add", "test time scaling", input=f"{wanted}\n")
    assert result.exit_code == 0, result.output
    assert result.stdout == "Added papers/2501.19393.yaml: s1: Simple test-time scaling\n"


def test_an_empty_search_is_one_clear_line(list_root, run, http):
    http.get(MATCH, status=404, json={"error": "Title match not found"})
    http.get(SEARCH, json={"total": 0, "offset": 0, "data": []})
    result = run("add", "zzqx nothing matches this")
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: Semantic Scholar found no paper for 'zzqx nothing matches this': check the title, "
        "or add it by arXiv id, DOI or link\n"
    )


# --- arXiv fallbacks --------------------------------------------------------------------------------


def test_a_withheld_abstract_is_taken_from_arxiv(list_root, run, http):
    http.get(f"{S2}/paper/arXiv:2408.03314", json=arxiv_paper(abstract=None))
    http.get(
        ARXIV,
        body=arxiv_feed("entry_2408.03314.xml"),
        match=[matchers.query_param_matcher({"id_list": "2408.03314", "max_results": "1"})],
    )
    result = run("add", "2408.03314")
    assert result.exit_code == 0
    assert record(list_root, "2408.03314").abstract.startswith("Enabling LLMs to improve their outputs")


def test_an_arxiv_id_is_found_by_exact_title(list_root, run, http):
    http.get(MATCH, json={"data": [arxiv_paper(externalIds={"CorpusId": 1}, abstract=None)]})
    http.get(ARXIV, body=arxiv_feed("search_title.xml"))
    result = run("add", SNELL_TITLE)
    assert result.exit_code == 0
    paper = record(list_root, "2408.03314")
    assert paper.arxiv == "2408.03314" and paper.abstract.startswith("Enabling LLMs")


def test_a_similar_arxiv_title_is_not_taken(list_root, run, http):
    http.get(
        MATCH, json={"data": [arxiv_paper(title="s1: Simple test-time scaling laws", externalIds={}, abstract=None)]}
    )
    http.get(ARXIV, body=arxiv_feed("search_title.xml"))
    result = run("add", "s1: Simple test-time scaling laws")
    assert result.exit_code == 0
    paper = Store(list_root).load()["s1-simple-test-time-scaling-laws"]
    assert paper.arxiv is None and paper.abstract is None


def test_a_preprint_semantic_scholar_does_not_know_yet_is_added_from_arxiv(list_root, run, http):
    http.get(f"{S2}/paper/arXiv:2408.03314", status=404, json={"error": "Paper with id arXiv:2408.03314 not found"})
    http.get(ARXIV, body=arxiv_feed("entry_2408.03314.xml"))
    result = run("add", "https://arxiv.org/abs/2408.03314")
    assert result.exit_code == 0, result.output
    assert "Warning: Semantic Scholar does not know arXiv:2408.03314 yet; added from arXiv" in result.stderr
    paper = record(list_root, "2408.03314")
    assert (paper.title, paper.date, paper.venue) == (SNELL_TITLE, "2024-08-06", "arXiv.org")
    assert paper.abstract.startswith("Enabling LLMs")


def test_arxiv_down_still_adds_what_semantic_scholar_has(list_root, run, http):
    http.get(f"{S2}/paper/arXiv:2408.03314", json=arxiv_paper(abstract=None))
    http.get(ARXIV, body=requests.ConnectionError("connection refused"))
    result = run("add", "2408.03314")
    assert result.exit_code == 0 and "Warning: arXiv" in result.stderr
    assert record(list_root, "2408.03314").abstract is None


# --- options ----------------------------------------------------------------------------------------


def test_topic_code_and_note_go_into_the_record(list_root, run, http):
    http.get(f"{S2}/paper/arXiv:2408.03314", json=arxiv_paper())
    result = run(
        "add",
        "2408.03314",
        "--topic",
        "search",
        "--topic",
        "verifiers",
        "--code",
        "https://github.com/owner/repo",
        "--note",
        "Accepted to ICLR 2025",
    )
    assert result.exit_code == 0
    paper = record(list_root, "2408.03314")
    assert (paper.topics, paper.code, paper.note) == (
        ("search", "verifiers"),
        "https://github.com/owner/repo",
        "Accepted to ICLR 2025",
    )
    assert "- 💻 **Official Code:** [owner/repo](https://github.com/owner/repo)" in (list_root / "README.md").read_text(
        encoding="utf-8"
    )


def test_a_bad_code_url_is_refused_before_anything_is_written(list_root, run, http):
    http.get(f"{S2}/paper/arXiv:2408.03314", json=arxiv_paper())
    before = snapshot(list_root)
    result = run("add", "2408.03314", "--code", "not a url")
    assert result.exit_code == 1 and "code: 'not a url' is not an http(s) URL" in result.stderr
    assert snapshot(list_root) == before


def test_dry_run_prints_the_record_and_entry_and_writes_nothing(list_root, run, http):
    http.get(f"{S2}/paper/arXiv:2408.03314", json=arxiv_paper())
    before = snapshot(list_root)
    result = run("add", "--dry-run", "2408.03314")
    assert result.exit_code == 0
    assert f"title: {SNELL_TITLE}\n" in result.stdout
    assert f"🔹 [{SNELL_TITLE}](https://arxiv.org/abs/2408.03314)" in result.stdout
    assert snapshot(list_root) == before


def test_no_render_leaves_the_readme(list_root, run, http):
    http.get(f"{S2}/paper/arXiv:2408.03314", json=arxiv_paper())
    result = run("add", "--no-render", "2408.03314")
    assert result.exit_code == 0 and (list_root / "papers" / "2408.03314.yaml").exists()
    assert not (list_root / "README.md").exists()


def test_an_empty_query_is_a_usage_error(list_root, run, http):
    result = run("add", "  ")
    assert result.exit_code == 2 and "QUERY is empty" in result.stderr and len(http.calls) == 0


def test_a_query_and_from_file_together_are_a_usage_error(list_root, run):
    result = run("add", "x", "--from-file", "q.txt")
    assert result.exit_code == 2


# --- the API key and verbose output -------------------------------------------------------------


def test_the_api_key_is_sent_on_every_request_and_shown_nowhere(list_root, run, http, monkeypatch):
    monkeypatch.setenv("SEMANTIC_SCHOLAR_API_KEY", KEY)
    candidates(http)
    result = run("add", "--yes", "-v", "test time scaling")
    assert result.exit_code == 0
    assert [c.request.headers.get("x-api-key") for c in s2_calls(http)] == [KEY, KEY]
    assert "GET https://api.semanticscholar.org/graph/v1/paper/search/match?" in result.stderr
    assert KEY not in result.output
    assert all(KEY not in p.read_text(encoding="utf-8") for p in list_root.rglob("*") if p.is_file())


# --- faults -----------------------------------------------------------------------------------------

FAULTS = {
    "no network": dict(body=requests.ConnectionError("Failed to establish a new connection: [Errno 111]")),
    "timeout": dict(body=requests.ReadTimeout("read timed out")),
    "404": dict(status=404, json={"error": "Paper with id arXiv:2408.03314 not found"}),
    "429": dict(status=429, json={"message": "Too Many Requests"}),
    "500": dict(status=500, body="Internal Server Error"),
    "html": dict(status=200, body="<html><body>Bad gateway</body></html>", content_type="text/html"),
    "malformed json": dict(status=200, body='{"paperId": "x", "title": ', content_type="application/json"),
    "null fields": dict(status=200, body=(FIXTURES / "semantic-scholar" / "PaperWithNullValues.json").read_text()),
}


@pytest.mark.parametrize("fault", sorted(FAULTS))
def test_every_fault_is_one_line_and_changes_nothing(shipped, run, http, fault):
    for _ in range(6):  # retried faults are asked again
        http.get(f"{S2}/paper/arXiv:2501.99999", **FAULTS[fault])
    http.assert_all_requests_are_fired = False
    before = snapshot(shipped)
    result = run("add", "2501.99999")
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: ") and "Traceback" not in result.output
    assert snapshot(shipped) == before


def test_a_429_with_retry_after_then_success_is_retried(list_root, run, http):
    http.get(f"{S2}/paper/arXiv:2408.03314", status=429, headers={"Retry-After": "1"}, json={"message": "slow"})
    http.get(f"{S2}/paper/arXiv:2408.03314", json=arxiv_paper())
    result = run("add", "2408.03314")
    assert result.exit_code == 0 and len(http.calls) == 2


def test_a_broken_record_stops_add_before_any_request(list_root, run, http):
    (list_root / "papers" / "bad.yaml").write_text("title: x\n", encoding="utf-8")
    result = run("add", "2408.03314")
    assert result.exit_code == 1 and "papers/bad.yaml" in result.stderr and len(http.calls) == 0


# --- batches ----------------------------------------------------------------------------------------


def test_from_file_adds_each_and_summarises(shipped, run, http):
    (shipped / "queries.txt").write_text(
        "# papers to add\n\n2501.19393\n2409.00001\n2407.01476\n" + SNELL_TITLE.lower() + "\nzzqx no such paper\n",
        encoding="utf-8",
    )
    http.post(
        BATCH,
        json=[arxiv_paper("2501.19393", "s1: Simple test-time scaling"), None],
        match=[matchers.json_params_matcher({"ids": ["arXiv:2501.19393", "arXiv:2409.00001"]})],
    )
    http.get(MATCH, status=404, json={"error": "Title match not found"})
    http.get(SEARCH, json={"total": 0, "offset": 0, "data": []})
    result = run("add", "--from-file", "queries.txt")
    assert result.exit_code == 1
    assert "Added papers/2501.19393.yaml: s1: Simple test-time scaling" in result.stdout
    assert (
        result.stderr.splitlines()[-1]
        == "Error: 1 added, 2 already listed, 2 not found, 0 failed; every paper added is kept"
    )
    assert (shipped / "papers" / "2501.19393.yaml").exists()
    assert "s1: Simple test-time scaling" in (shipped / "README.md").read_text(encoding="utf-8")
    assert len(s2_calls(http)) == 3  # one batch for both ids, the title match, the search


def test_a_batch_that_loses_the_service_keeps_what_worked(list_root, run, http):
    (list_root / "queries.txt").write_text("Paper One\nPaper Two\nPaper Three\nPaper Four\nPaper Five\n")
    http.get(MATCH, json={"data": [arxiv_paper("2501.00001", "Paper One")]})
    http.get(MATCH, body=requests.ConnectionError("connection refused"))
    result = run("add", "--from-file", "queries.txt")
    assert result.exit_code == 1
    assert (list_root / "papers" / "2501.00001.yaml").exists()
    assert "Paper Five: not tried, the service kept failing" in result.stderr
    assert (
        result.stderr.splitlines()[-1]
        == "Error: 1 added, 0 already listed, 0 not found, 4 failed; every paper added is kept"
    )


# --- the historical entry point -------------------------------------------------------------------


def test_fetch_semantic_info_adds_and_renders(list_root, http, monkeypatch, capsys):
    shutil.copy(REPO / "fetch_semantic_info.py", list_root / "fetch_semantic_info.py")
    http.get(MATCH, json={"data": [arxiv_paper()]})
    monkeypatch.setattr(sys, "argv", ["fetch_semantic_info.py", "--paper_name", SNELL_TITLE])
    with pytest.raises(SystemExit) as exited:
        runpy.run_path(str(list_root / "fetch_semantic_info.py"), run_name="__main__")
    assert exited.value.code == 0
    assert "Added papers/2408.03314.yaml" in capsys.readouterr().out
    assert SNELL_TITLE in (list_root / "README.md").read_text(encoding="utf-8")
    assert not (list_root / ".git").exists()


def test_a_batch_adds_preprints_semantic_scholar_does_not_know_from_arxiv(list_root, run, http):
    (list_root / "queries.txt").write_text("2408.03314\n2501.19393\n", encoding="utf-8")
    http.post(BATCH, json=[None, arxiv_paper("2501.19393", "s1: Simple test-time scaling")])
    http.get(ARXIV, body=arxiv_feed("entry_2408.03314.xml"))
    result = run("add", "--from-file", "queries.txt")
    assert result.exit_code == 0, result.output
    assert "Warning: Semantic Scholar does not know arXiv:2408.03314 yet; added from arXiv" in result.stderr
    assert result.stdout.splitlines()[-1] == "2 added, 0 already listed, 0 not found, 0 failed."
    assert record(list_root, "2408.03314").title == SNELL_TITLE
    assert SNELL_TITLE in (list_root / "README.md").read_text(encoding="utf-8")


def test_a_batch_stopped_by_a_full_disk_says_what_it_kept(list_root, run, http, monkeypatch):
    import errno

    import paperlist.writer as writer

    (list_root / "queries.txt").write_text("2501.00001\n2501.00002\n2501.00003\n", encoding="utf-8")
    http.post(BATCH, json=[arxiv_paper(f"2501.0000{i}", f"Paper {i}") for i in (1, 2, 3)])
    real_fsync, calls = writer.os.fsync, []

    def fsync(fd):
        calls.append(fd)
        if len(calls) >= 2:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_fsync(fd)

    monkeypatch.setattr(writer.os, "fsync", fsync)
    result = run("add", "--from-file", "queries.txt")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1] == (
        "Error: stopped: cannot write papers/2501.00002.yaml: the disk is full; nothing was changed; "
        "kept the 1 paper added before it, but README.md is not updated: fix the cause, then run 'paperlist render'"
    )
    assert sorted(p.name for p in (list_root / "papers").iterdir()) == ["2501.00001.yaml"]
    assert not (list_root / "README.md").exists()
