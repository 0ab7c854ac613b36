"""`paperlist refresh`: batched lookups, what changes, and what a curator set stays."""

from __future__ import annotations

import pytest
import requests
import responses

from conftest import snapshot, needs_round_trip_yaml
from paperlist.paper import fingerprint, make_paper
from paperlist.store import Store, dump_record
from test_add import BATCH, SNELL_TITLE, arxiv_paper

SNELL = "2408.03314"


pytestmark = pytest.mark.usefixtures("http")


def answer_batch(http, by_id: dict):
    """Answer batch requests from ``by_id`` (id -> paper object), null for unknown ids."""

    def reply(request):
        import json

        ids = json.loads(request.body)["ids"]
        return 200, {}, json.dumps([by_id.get(i) for i in ids])

    http.add_callback(responses.POST, BATCH, callback=reply, content_type="application/json")


@needs_round_trip_yaml
def test_a_preprint_that_gained_a_venue_is_updated_and_reported(shipped, run, http):
    answer_batch(
        http,
        {
            f"arXiv:{SNELL}": arxiv_paper(
                venue="International Conference on Learning Representations",
                abstract=Store(shipped).load()[SNELL].abstract,
            )
        },
    )
    result = run("refresh", SNELL)
    assert result.exit_code == 0, result.output
    assert "venue 'arXiv.org' -> 'International Conference on Learning Representations'" in result.stdout
    assert result.stdout.startswith("papers/2408.03314.yaml: ")
    paper = Store(shipped).load()[SNELL]
    assert paper.venue == "International Conference on Learning Representations"
    assert paper.tldr == "Test-time compute beats parameters."
    assert "- 📑 **Publisher:** International Conference on Learning Representations" in (
        shipped / "README.md"
    ).read_text(encoding="utf-8")


def test_refreshing_n_records_costs_one_request_per_500(list_root, run, http):
    for i in range(1001):  # written straight to disk: the list, not the writer, is under test here
        arxiv = f"2501.{i:05d}"
        paper = make_paper(title=f"Paper {i}", authors=["A"], date="2025", arxiv=arxiv, abstract="Known.")
        (list_root / "papers" / f"{arxiv}.yaml").write_text(dump_record(paper.with_fingerprints()), encoding="utf-8")
    answer_batch(http, {})
    result = run("refresh", "--no-render")
    assert result.exit_code == 0
    assert [len(__import__("json").loads(c.request.body)["ids"]) for c in http.calls] == [500, 500, 1]
    assert result.stdout.splitlines()[-1] == "Refreshed 1001 records: 0 changed, 0 unchanged, 1001 not found."


@needs_round_trip_yaml
def test_curator_fields_are_kept(shipped, run, http):
    path = shipped / "papers" / f"{SNELL}.yaml"
    text = path.read_text(encoding="utf-8").replace("venue: arXiv.org", "venue: ICLR 2025 (Oral)")
    path.write_text(
        text + "code: https://github.com/owner/repo\ntopics:\n- search\nnote: Hand-checked\n", encoding="utf-8"
    )
    answer_batch(http, {f"arXiv:{SNELL}": arxiv_paper(venue="ICLR", tldr=None, title="A New Title")})
    result = run("refresh", SNELL)
    assert result.exit_code == 0
    paper = Store(shipped).load()[SNELL]
    assert paper.venue == "ICLR 2025 (Oral)"
    assert (paper.code, paper.topics, paper.note) == ("https://github.com/owner/repo", ("search",), "Hand-checked")
    assert paper.title == "A New Title"  # not corrected by hand, so it follows Semantic Scholar
    assert "kept curator's venue" in result.stdout


@needs_round_trip_yaml
def test_overwrite_takes_the_fetched_value_anyway(shipped, run, http):
    path = shipped / "papers" / f"{SNELL}.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("venue: arXiv.org", "venue: Mine"), encoding="utf-8")
    answer_batch(http, {f"arXiv:{SNELL}": arxiv_paper(venue="ICLR")})
    result = run("refresh", SNELL, "--overwrite", "venue")
    assert result.exit_code == 0 and Store(shipped).load()[SNELL].venue == "ICLR"


@needs_round_trip_yaml
def test_a_hand_written_record_only_gains_missing_fields(list_root, run, http):
    Store(list_root).write(SNELL, make_paper(title="My Title", authors=["C. Snell"], date="2024-08", arxiv=SNELL))
    answer_batch(http, {f"arXiv:{SNELL}": arxiv_paper()})
    result = run("refresh")
    assert result.exit_code == 0
    paper = Store(list_root).load()[SNELL]
    assert (paper.title, paper.authors, paper.date) == ("My Title", ("C. Snell",), "2024-08")
    assert paper.abstract == "We study test-time compute." and paper.semantic_scholar == "3" * 40


@needs_round_trip_yaml
def test_a_value_the_service_dropped_is_not_removed(shipped, run, http):
    before = Store(shipped).load()[SNELL].abstract
    answer_batch(http, {f"arXiv:{SNELL}": arxiv_paper(abstract=None)})
    run("refresh", SNELL)
    assert Store(shipped).load()[SNELL].abstract == before


def test_an_unknown_key_is_an_error(shipped, run, http):
    result = run("refresh", "nope")
    assert result.exit_code == 1
    assert result.stderr == "Error: no record 'nope' in papers/ (a KEY is a file name without .yaml)\n"


def test_dry_run_reports_and_writes_nothing(shipped, run, http):
    answer_batch(http, {f"arXiv:{SNELL}": arxiv_paper(venue="ICLR")})
    before = snapshot(shipped)
    result = run("refresh", "--dry-run", f"papers/{SNELL}.yaml")
    assert result.exit_code == 0 and "venue 'arXiv.org' -> 'ICLR'" in result.stdout
    assert snapshot(shipped) == before


def test_a_failed_batch_changes_nothing(shipped, run, http):
    http.post(BATCH, body=requests.ConnectionError("connection refused"))
    http.assert_all_requests_are_fired = False
    before = snapshot(shipped)
    result = run("refresh")
    assert result.exit_code == 1 and len(result.stderr.splitlines()) == 1
    assert snapshot(shipped) == before


def test_the_shipped_list_refreshes_in_one_request(shipped, run, http):
    answer_batch(http, {})
    result = run("refresh")
    assert result.exit_code == 0 and len(http.calls) == 1


@needs_round_trip_yaml
def test_abstracts_semantic_scholar_withholds_come_from_arxiv_in_one_request(list_root, run, http):
    from test_add import ARXIV, arxiv_feed

    Store(list_root).write(SNELL, make_paper(title="T", authors=["A"], date="2024", arxiv=SNELL).with_fingerprints())
    Store(list_root).write("2501.00001", make_paper(title="U", authors=["A"], date="2025", arxiv="2501.00001"))
    answer_batch(http, {f"arXiv:{SNELL}": arxiv_paper(abstract=None)})
    http.get(ARXIV, body=arxiv_feed("entry_2408.03314.xml"))
    result = run("refresh", "--no-render")
    assert result.exit_code == 0, result.output
    assert "abstract added from arXiv" in result.stdout
    assert Store(list_root).load()[SNELL].abstract.startswith("Enabling LLMs")
    arxiv_calls = [c for c in http.calls if c.request.url.startswith(ARXIV)]
    assert len(arxiv_calls) == 1 and "id_list=2408.03314%2C2501.00001" in arxiv_calls[0].request.url


@needs_round_trip_yaml
def test_arxiv_down_keeps_the_semantic_scholar_updates(list_root, run, http):
    from test_add import ARXIV

    Store(list_root).write(SNELL, make_paper(title="T", authors=["A"], date="2024", arxiv=SNELL).with_fingerprints())
    answer_batch(http, {f"arXiv:{SNELL}": arxiv_paper(abstract=None, venue="ICLR")})
    http.get(ARXIV, body=requests.ConnectionError("connection refused"))
    result = run("refresh", "--no-render")
    assert result.exit_code == 0 and "Warning: arXiv" in result.stderr
    assert Store(list_root).load()[SNELL].venue == "ICLR"


@needs_round_trip_yaml
def test_a_refresh_keeps_a_curators_comments_order_and_formatting(list_root, run, http):
    path = list_root / "papers" / f"{SNELL}.yaml"
    path.write_text(
        "# Found on the reading-group list\n"
        f"arxiv: '{SNELL}'   # the preprint\n"
        "title: Scaling LLM Test-Time Compute   # short title, kept\n"
        "authors: [Charlie Snell, Jaehoon Lee]\n"
        "date: 2024-08-06\n"
        "topics:\n"
        "  - search  # the main one\n"
        "  - compute\n",
        encoding="utf-8",
    )
    answer_batch(http, {f"arXiv:{SNELL}": arxiv_paper(venue="ICLR")})
    fetched = [
        ("authors", ["Charlie Snell", "Jaehoon Lee"]),
        ("date", "2024-08-06"),
        ("venue", "ICLR"),
        ("arxiv", SNELL),
        ("semantic_scholar", "3" * 40),
        ("abstract", "We study test-time compute."),
        ("tldr", "Test-time compute beats parameters."),
    ]
    result = run("refresh")
    assert result.exit_code == 0, result.output
    assert path.read_text(encoding="utf-8") == (
        "# Found on the reading-group list\n"
        f"arxiv: '{SNELL}'   # the preprint\n"
        "title: Scaling LLM Test-Time Compute   # short title, kept\n"
        "authors: [Charlie Snell, Jaehoon Lee]\n"
        "date: 2024-08-06\n"
        "venue: ICLR\n"
        f"semantic_scholar: '{'3' * 40}'\n"
        "abstract: We study test-time compute.\n"
        "tldr: Test-time compute beats parameters.\n"
        "topics:\n"
        "  - search  # the main one\n"
        "  - compute\n"
        "fetched:\n" + "".join(f"  {name}: {fingerprint(value)}\n" for name, value in fetched)
    )


@needs_round_trip_yaml
def test_refresh_summary_says_what_changed_for_a_pull_request(shipped, run, http):
    answer_batch(
        http,
        {
            f"arXiv:{SNELL}": arxiv_paper(
                venue="International Conference on Learning Representations",
                abstract=Store(shipped).load()[SNELL].abstract,
            )
        },
    )
    result = run("refresh", SNELL, "--summary", "summary.md")
    assert result.exit_code == 0
    text = (shipped / "summary.md").read_text(encoding="utf-8")
    assert text.startswith("`paperlist refresh` found new metadata for 1 paper.\n\n### Preprints that gained a venue\n")
    assert "- `papers/2408.03314.yaml` Scaling LLM" in text


def test_refresh_summary_is_empty_when_nothing_changed(shipped, run, http):
    answer_batch(http, {})
    assert run("refresh", SNELL, "--summary", "summary.md").exit_code == 0
    assert (shipped / "summary.md").read_text(encoding="utf-8") == ""


@needs_round_trip_yaml
def test_refresh_keeps_the_citation_count_current_and_reports_it(list_root, run, http):
    Store(list_root).write(SNELL, make_paper(title=SNELL_TITLE, authors=["A"], date="2024", arxiv=SNELL))
    answer_batch(http, {f"arXiv:{SNELL}": arxiv_paper(citationCount=120)})
    result = run("refresh", "--summary", "summary.md")
    assert result.exit_code == 0 and "citations added (120)" in result.stdout
    assert Store(list_root).load()[SNELL].citations[0] == 120
    assert "### Citation counts" in (list_root / "summary.md").read_text(encoding="utf-8")


@needs_round_trip_yaml
def test_a_curators_citation_count_is_not_honoured(list_root, run, http):
    path = list_root / "papers" / f"{SNELL}.yaml"
    Store(list_root).write(SNELL, make_paper(title=SNELL_TITLE, authors=["A"], date="2024", arxiv=SNELL))
    path.write_text(path.read_text(encoding="utf-8") + "citations:\n  count: 9999\n  date: '2020-01-01'\n")
    answer_batch(http, {f"arXiv:{SNELL}": arxiv_paper(citationCount=120)})
    run("refresh")
    assert Store(list_root).load()[SNELL].citations[0] == 120
