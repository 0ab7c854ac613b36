"""`paperlist import` on a list in any markdown layout: sections become topics, ids go in one
batch, wrong links are reported, repeats merged, and every entry not imported is accounted for."""

from __future__ import annotations

import json

import pytest
import responses

from conftest import snapshot, needs_round_trip_yaml
from paperlist.store import Store
from test_add import BATCH, MATCH, SEARCH, SNELL_TITLE, arxiv_paper

pytestmark = pytest.mark.usefixtures("http")

LIST = """\
# Awesome Test-Time Compute

## Contents

- [Search](#search)
- [Verification](#verification)

## 🔍 Search

- **Scaling LLM Test-Time Compute Optimally can be More Effective than Scaling Model Parameters** [[paper](https://arxiv.org/abs/2408.03314v1)] [[code](https://github.com/owner/scaling)]
- [Paper Two About Search](https://arxiv.org/pdf/2501.00002.pdf). A. Author. NeurIPS 2024.
- [A Paper With The Wrong Link](https://arxiv.org/abs/2501.00099)

## 2. Verification

| Date | Title | Paper |
|---|---|---|
| 2025.01 | Paper Three About Verifiers | [[pdf]](https://arxiv.org/abs/2501.00003) |
| 2024.08 | Scaling LLM Test-Time Compute Optimally can be More Effective than Scaling Model Parameters | [[pdf]](https://arxiv.org/abs/2408.03314) |

## Blogs

- [How We Think About Inference](https://example.com/blog/inference)
"""


def answer(http, by_id: dict):
    def reply(request):
        ids = json.loads(request.body)["ids"]
        return 200, {}, json.dumps([by_id.get(i) for i in ids])

    http.add_callback(responses.POST, BATCH, callback=reply, content_type="application/json")


KNOWN = {
    "arXiv:2408.03314": arxiv_paper(),
    "arXiv:2501.00002": arxiv_paper("2501.00002", "Paper Two About Search"),
    "arXiv:2501.00003": arxiv_paper("2501.00003", "Paper Three About Verifiers"),
    "arXiv:2501.00099": arxiv_paper("2501.00099", "An Unrelated Paper On Proteins"),
}


def known(http):
    answer(http, KNOWN)
    # The wrong link's written title, and the blog post's, are looked up by title: nothing sure.
    http.get(MATCH, status=404, json={"error": "Title match not found"})
    http.get(SEARCH, json={"total": 0, "offset": 0, "data": []})


@pytest.fixture
def awesome(list_root):
    (list_root / "awesome.md").write_text(LIST, encoding="utf-8")
    return list_root


def test_a_list_imports_with_its_sections_as_topics(awesome, run, http):
    known(http)
    result = run("import", "awesome.md")
    assert result.exit_code == 0, result.output
    papers = Store(awesome).load()
    assert sorted(papers) == ["2408.03314", "2501.00002", "2501.00003"]
    assert papers["2408.03314"].topics == ("Search", "Verification")
    assert papers["2408.03314"].code == "https://github.com/owner/scaling"
    assert papers["2501.00002"].venue == "NeurIPS 2024"


def test_every_entry_not_imported_is_reported_with_line_title_and_reason(awesome, run, http):
    known(http)
    result = run("import", "awesome.md")
    lines = result.stdout.splitlines()
    assert any(
        line.startswith("awesome.md:12: 'A Paper With The Wrong Link' wrong link: the link is to 'An Unrelated")
        for line in lines
    )
    assert any(line.startswith("awesome.md:19: 'Scaling LLM") and " repeat: " in line for line in lines)
    assert lines[-2] == "Imported 3, merged duplicates 1, wrong links 1, not papers 1."


def test_ids_go_in_one_batch_and_titles_cost_one_or_two_requests(awesome, run, http):
    known(http)
    run("import", "awesome.md")
    batches = [c for c in http.calls if c.request.url.startswith(BATCH)]
    assert len(batches) == 1
    assert sorted(json.loads(batches[0].request.body)["ids"]) == [
        "arXiv:2408.03314",
        "arXiv:2501.00002",
        "arXiv:2501.00003",
        "arXiv:2501.00099",
    ]
    assert len(http.calls) == 1 + 2 * 2  # the batch, then match and search for two titles


def test_the_report_file_holds_every_entry_as_json(awesome, run, http):
    known(http)
    run("import", "awesome.md", "--report", "report.json")
    report = json.loads((awesome / "report.json").read_text(encoding="utf-8"))
    assert report["summary"]["imported"] == 3
    assert {e["status"] for e in report["entries"]} == {"imported", "repeat", "wrong link", "not a paper"}
    assert all({"file", "line", "title", "status", "key", "note"} <= set(e) for e in report["entries"])


def test_a_dry_run_resolves_and_writes_nothing(awesome, run, http):
    known(http)
    before = snapshot(awesome)
    result = run("import", "--dry-run", "awesome.md")
    assert result.exit_code == 0 and result.stdout.splitlines()[-1].startswith("Would import 3")
    assert snapshot(awesome) == before


@needs_round_trip_yaml
def test_papers_already_listed_keep_their_record_unless_topics_are_merged(awesome, run, http):
    known(http)
    run("import", "awesome.md")
    record = awesome / "papers" / "2501.00002.yaml"
    record.write_text(
        record.read_text(encoding="utf-8").replace("- Search\n", "- Mine\n") + "# my note\n", encoding="utf-8"
    )
    known(http)
    run("import", "awesome.md")
    assert Store(awesome).load()["2501.00002"].topics == ("Mine",)
    known(http)
    run("import", "--merge-topics", "awesome.md")
    assert Store(awesome).load()["2501.00002"].topics == ("Mine", "Search")
    assert record.read_text(encoding="utf-8").endswith("# my note\n")


def test_a_service_failure_keeps_what_was_imported_and_exits_1(awesome, run, http):
    import requests

    answer(http, KNOWN)
    http.get(MATCH, body=requests.ConnectionError("refused"))
    result = run("import", "awesome.md")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1].startswith("Error: Semantic Scholar failed for some entries")
    assert len(Store(awesome).load()) == 3


def test_several_files_import_together(awesome, run, http):
    (awesome / "one.md").write_text(
        "## Search\n\n- [Scaling LLM Test-Time Compute Optimally](https://arxiv.org/abs/2408.03314)\n",
        encoding="utf-8",
    )
    (awesome / "two.md").write_text(
        "## Verifiers\n\n- [Paper Three About Verifiers](https://arxiv.org/abs/2501.00003)\n", encoding="utf-8"
    )
    answer(
        http,
        {
            "arXiv:2408.03314": arxiv_paper(),
            "arXiv:2501.00003": arxiv_paper("2501.00003", "Paper Three About Verifiers"),
        },
    )
    result = run("import", "one.md", "two.md")
    assert result.exit_code == 0 and result.stdout.splitlines()[0] == "Imported 2."
    papers = Store(awesome).load()
    assert (papers["2408.03314"].title, papers["2501.00003"].topics) == (SNELL_TITLE, ("Verifiers",))
    assert len(http.calls) == 1
