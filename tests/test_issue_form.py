"""Adding a paper by opening an issue: the form read back, and the reply for each outcome."""

from __future__ import annotations

import pytest

from conftest import snapshot
from paperlist.github import IssueFormError, parse_paper_request, refresh_summary
from paperlist.store import Store
from test_add import MATCH, SEARCH, SNELL_TITLE, arxiv_paper


def body(paper="https://arxiv.org/abs/2408.03314", topics="_No response_", code="_No response_", note="_No response_"):
    return (
        f"### Paper title or link\n\n{paper}\n\n### Topics (optional)\n\n{topics}\n\n"
        f"### Official code (optional)\n\n{code}\n\n### Note (optional)\n\n{note}\n"
    )


# --- the form -----------------------------------------------------------------------------------------


def test_the_form_gives_the_query_topics_code_and_note():
    request = parse_paper_request(
        body(topics="search, verification\nsearch", code="https://github.com/o/r", note="Accepted to ICLR 2026.")
    )
    assert request.query == "https://arxiv.org/abs/2408.03314"
    assert request.topics == ("search", "verification")
    assert (request.code, request.note) == ("https://github.com/o/r", "Accepted to ICLR 2026.")


def test_fields_left_empty_are_none():
    request = parse_paper_request(body())
    assert (request.topics, request.code, request.note) == ((), None, None)


def test_a_body_that_is_not_the_form_is_refused():
    with pytest.raises(IssueFormError, match="not the add-a-paper form"):
        parse_paper_request("Please add Attention Is All You Need, thanks!")


def test_an_empty_paper_field_is_refused():
    with pytest.raises(IssueFormError, match="is empty"):
        parse_paper_request(body(paper="_No response_"))


def test_hostile_text_is_only_ever_text():
    request = parse_paper_request(body(paper="`$(rm -rf /)` \"quoted\" 'single'\nsecond line"))
    assert request.query == "`$(rm -rf /)` \"quoted\" 'single' second line"


# --- through the command ----------------------------------------------------------------------------------


@pytest.fixture
def issue(list_root):
    def write(text: str) -> str:
        (list_root / "issue.md").write_text(text, encoding="utf-8")
        return "issue.md"

    return write


def reply_of(root) -> str:
    return (root / "reply.md").read_text(encoding="utf-8")


def test_an_issue_adds_the_paper_and_the_reply_shows_its_entry(list_root, run, http, issue):
    http.get("https://api.semanticscholar.org/graph/v1/paper/arXiv:2408.03314", json=arxiv_paper())
    name = issue(body(topics="search", code="https://github.com/o/r"))
    result = run("add", "--from-issue", name, "--reply", "reply.md")
    assert result.exit_code == 0, result.output
    paper = Store(list_root).load()["2408.03314"]
    assert (paper.topics, paper.code) == (("search",), "https://github.com/o/r")
    reply = reply_of(list_root)
    assert reply.startswith("Thanks! This adds `papers/2408.03314.yaml`.")
    assert f"🔹 [{SNELL_TITLE}](https://arxiv.org/abs/2408.03314)" in reply


def test_an_issue_for_a_listed_paper_says_where_it_is(list_root, run, http, issue):
    http.get("https://api.semanticscholar.org/graph/v1/paper/arXiv:2408.03314", json=arxiv_paper())
    run("add", "--from-issue", issue(body()))
    before = snapshot(list_root)
    result = run("add", "--from-issue", "issue.md", "--reply", "reply.md")
    assert result.exit_code == 0
    assert reply_of(list_root).startswith("This paper is already in the list: `papers/2408.03314.yaml`")
    after = snapshot(list_root)
    after.pop("reply.md")
    assert after == before


def test_an_uncertain_match_replies_with_the_candidates_and_how_to_answer(list_root, run, http, issue):
    http.get(MATCH, status=404, json={"error": "Title match not found"})
    http.get(
        SEARCH,
        json={
            "data": [arxiv_paper("2501.00001", "Test-Time Scaling A"), arxiv_paper("2501.00002", "Test-Time Scaling B")]
        },
    )
    result = run("add", "--from-issue", issue(body(paper="Test-Time Scaling")), "--reply", "reply.md")
    assert result.exit_code == 1
    reply = reply_of(list_root)
    assert "1. Test-Time Scaling A (2024, arXiv.org) \\[arXiv:2501.00001\\]: `arXiv:2501.00001`" in reply
    assert "Edit this issue and put the right id (for example `arXiv:2501.00001`)" in reply
    assert not list(Store(list_root).load())


def test_a_body_that_is_not_the_form_gets_a_reply_and_changes_nothing(list_root, run, issue):
    name = issue("just some text")
    before = snapshot(list_root)
    result = run("add", "--from-issue", name, "--reply", "reply.md")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: this issue is not the add-a-paper form")
    assert reply_of(list_root).startswith("I could not add this paper: this issue is not the add-a-paper form")
    after = snapshot(list_root)
    after.pop("reply.md")
    assert after == before


def test_a_code_link_that_is_not_a_url_is_refused_in_the_reply(list_root, run, http, issue):
    http.get("https://api.semanticscholar.org/graph/v1/paper/arXiv:2408.03314", json=arxiv_paper())
    result = run("add", "--from-issue", issue(body(code="$(curl evil)")), "--reply", "reply.md")
    assert result.exit_code == 1
    assert "is not an http(s) URL" in reply_of(list_root)
    assert not list(Store(list_root).load())


def test_reply_goes_only_with_from_issue(list_root, run):
    result = run("add", "x", "--reply", "reply.md")
    assert result.exit_code == 2 and "--reply goes with --from-issue" in result.stderr


# --- refresh summaries ------------------------------------------------------------------------------------


def test_a_refresh_summary_groups_what_changed():
    text = refresh_summary(
        [
            ("papers/a.yaml", "Paper A", ["venue 'arXiv.org' -> 'ICLR 2025'", "abstract added from arXiv"]),
            ("papers/b.yaml", "Paper [B]", ["arxiv added"]),
        ]
    )
    assert text.splitlines()[0] == "`paperlist refresh` found new metadata for 2 papers."
    assert "### Preprints that gained a venue" in text and "### Abstracts that appeared" in text
    assert "- `papers/b.yaml` Paper \\[B\\]: arxiv added" in text


def test_no_change_gives_no_summary():
    assert refresh_summary([]) == ""


def test_the_issue_forms_labels_are_the_ones_paperlist_reads():
    import yaml

    from conftest import REPO
    from paperlist import github

    form = yaml.safe_load((REPO / ".github" / "ISSUE_TEMPLATE" / "add-paper.yml").read_text(encoding="utf-8"))
    labels = [item["attributes"]["label"] for item in form["body"] if item["type"] != "markdown"]
    assert labels == [github.PAPER_LABEL, github.TOPICS_LABEL, github.CODE_LABEL, github.NOTE_LABEL]
    assert form["labels"] == ["add-paper"]
