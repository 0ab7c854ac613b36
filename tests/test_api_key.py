"""The Semantic Scholar API key: refused early when malformed, and never shown anywhere."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest
from conftest import snapshot
from test_add import arxiv_paper

from paperlist.errors import ServiceError
from paperlist.sources.semantic_scholar import API_KEY_ENV, SemanticScholar

KEY = "Zq7xW9mP3vR8tL2nK5yBd4Hc6Jf1Gs0aEuTo"
TURING = "https://api.semanticscholar.org/graph/v1/paper/DOI:10.1093/mind/lix.236.433"


def shows_any_of(text: str, key: str) -> bool:
    """Whether ``text`` shows ``key`` or any four characters of it in a row."""
    return any(key[i : i + 4] in text for i in range(len(key) - 3))


# --- a malformed key -------------------------------------------------------------------


@pytest.mark.parametrize(
    "key, what",
    [
        (KEY[:18] + "\n" + KEY[18:], "a line break"),
        (KEY[:18] + "\r\n" + KEY[18:], "a line break"),
        (KEY[:18] + "\t" + KEY[18:], "a tab"),
        (KEY[:18] + " " + KEY[18:], "a space"),
        (KEY[:18] + "\u00a0" + KEY[18:], "a space"),
        (KEY[:18] + "\x1b" + KEY[18:], "a control character"),
        (KEY[:18] + "\x7f" + KEY[18:], "a control character"),
        (KEY[:18] + "\u200b" + KEY[18:], "a control character"),
        (KEY[:18] + "\u2014" + KEY[18:], "a character that is not plain ASCII"),
        (KEY[:18] + "\u00e9" + KEY[18:], "a character that is not plain ASCII"),
    ],
)
def test_a_key_that_cannot_go_in_a_header_is_malformed(monkeypatch, key, what):
    monkeypatch.setenv(API_KEY_ENV, key)

    with pytest.raises(ServiceError) as caught:
        SemanticScholar()

    assert str(caught.value) == (
        f"{API_KEY_ENV} is malformed (it contains {what}): set it to the key exactly as issued, on one line"
    )
    assert not shows_any_of(str(caught.value) + repr(caught.value), KEY)


def test_a_key_given_to_the_client_is_checked_too():
    with pytest.raises(ServiceError, match=f"^{API_KEY_ENV} is malformed \\(it contains a line break\\)"):
        SemanticScholar(api_key=KEY + "\n" + KEY)


def test_whitespace_around_the_key_is_still_ignored(http, monkeypatch):
    monkeypatch.setenv(API_KEY_ENV, f"  {KEY}\r\n")
    http.get(TURING, json={"paperId": "2d5673caa9e6af3a7b82a43f19ee920992db07ad", "title": "Computing Machinery"})

    SemanticScholar(min_interval=0).paper("DOI:10.1093/mind/lix.236.433")

    assert http.calls[0].request.headers["x-api-key"] == KEY


@pytest.mark.parametrize("command", [["add", "10.1093/mind/lix.236.433"], ["refresh"]])
def test_a_command_with_a_malformed_key_stops_before_any_request(http, shipped, run, monkeypatch, command):
    monkeypatch.setenv(API_KEY_ENV, KEY[:10] + "\n" + KEY[10:])
    before = snapshot(shipped)

    result = run(*command)

    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {API_KEY_ENV} is malformed (it contains a line break): "
        "set it to the key exactly as issued, on one line\n"
    )
    assert not shows_any_of(result.stdout + result.stderr, KEY)
    assert len(http.calls) == 0
    assert snapshot(shipped) == before


# --- a key the server sends back -------------------------------------------------------

PAPER = "https://api.semanticscholar.org/graph/v1/paper/arXiv:2408.03314"
SEARCH = "https://api.semanticscholar.org/graph/v1/paper/search"


def escaped(text: str) -> str:
    """``text`` as JSON \\u escapes, none of its characters written as themselves."""
    return "".join(f"\\u{ord(c):04x}" for c in text)


def echoing(title: str = f"Scaling {KEY} compute") -> str:
    """A paper whose title, abstract (as \\u escapes), authors, TL;DR and venue hold the key."""
    paper = arxiv_paper(
        title=title,
        abstract="ABSTRACT",
        authors=[{"authorId": "1", "name": KEY}, {"authorId": "2", "name": f"Jae {KEY} Lee"}],
        tldr={"model": "tldr@v2.0.0", "text": f"key={KEY}"},
        venue=KEY,
    )
    return json.dumps(paper).replace("ABSTRACT", "We study " + escaped(KEY) + ".")


def fold(text: str) -> str:
    """Only the letters and digits of ``text``, in compatibility form and folded case."""
    return "".join(c for c in unicodedata.normalize("NFKD", text).casefold() if c.isalnum())


def holds_the_key(text: str) -> bool:
    """Whether ``text`` holds the key, even with other characters between its letters."""
    return fold(KEY) in fold(text)


def files_under(root: Path) -> dict[str, str]:
    return {str(p.relative_to(root)): p.read_text(encoding="utf-8") for p in root.rglob("*") if p.is_file()}


def test_add_dry_run_never_shows_a_key_the_server_echoes(http, list_root, run, monkeypatch):
    monkeypatch.setenv(API_KEY_ENV, KEY)
    http.get(PAPER, body=echoing(), content_type="application/json")

    result = run("-v", "add", "--dry-run", "2408.03314")

    assert result.exit_code == 0, result.stderr
    assert "-> 200" in result.stderr  # the request was logged
    assert "title: Scaling *** compute" in result.stdout
    assert "Jae *** Lee" in result.stdout and "We study ***." in result.stdout
    assert not holds_the_key(result.stdout + result.stderr)


@pytest.mark.parametrize(
    "title",
    [
        f"Scaling {KEY} compute",
        f"Scaling {KEY[:9]}\x01{KEY[9:]} compute",  # a record drops control characters
        f"Scaling {KEY[:9]}\u200b{KEY[9:]} compute",
        f"Scaling {' '.join(KEY)} compute",  # a file name made from the title joins words
        "".join(chr(ord(c) + 0xFEE0) for c in KEY),  # full-width letters, plain in a file name
        KEY.upper(),
    ],
    ids=["plain", "control character", "zero-width space", "spaced out", "full-width", "upper case"],
)
def test_add_writes_no_file_holding_a_key_the_server_echoes(http, list_root, run, monkeypatch, title):
    monkeypatch.setenv(API_KEY_ENV, KEY)
    http.get(PAPER, body=echoing(title), content_type="application/json")

    result = run("add", "2408.03314")

    assert result.exit_code == 0, result.stderr
    assert (list_root / "papers" / "2408.03314.yaml").exists()
    written = files_under(list_root)
    assert not any(holds_the_key(name) or holds_the_key(text) for name, text in written.items())
    assert not holds_the_key(result.stdout + result.stderr)


def test_a_key_the_server_puts_in_an_answers_keys_stays_out_of_the_error(http, monkeypatch):
    monkeypatch.setenv(API_KEY_ENV, KEY)
    http.get(SEARCH, json={KEY: []})

    with pytest.raises(ServiceError) as caught:
        SemanticScholar(min_interval=0).search("test-time compute")

    assert "got an object with keys ***" in str(caught.value)
    assert not holds_the_key(str(caught.value))


def test_a_key_in_disguise_in_an_error_answer_stays_out_of_the_message(http, monkeypatch):
    monkeypatch.setenv(API_KEY_ENV, KEY)
    http.get(PAPER, json={"error": f"bad key {'-'.join(KEY)}"}, status=400)

    with pytest.raises(ServiceError) as caught:
        SemanticScholar(min_interval=0).paper("arXiv:2408.03314")

    assert str(caught.value) == "Semantic Scholar rejected the request: ***"


def test_text_that_merely_shares_a_few_letters_with_the_key_is_kept(http, monkeypatch):
    monkeypatch.setenv(API_KEY_ENV, KEY)
    http.get(PAPER, body=echoing(title=f"Scaling {KEY[:12]} compute"), content_type="application/json")

    paper = SemanticScholar(min_interval=0).paper("arXiv:2408.03314")

    assert paper.title == f"Scaling {KEY[:12]} compute"
