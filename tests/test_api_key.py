"""The Semantic Scholar API key: refused early when malformed, and never shown anywhere."""

from __future__ import annotations

import pytest
from conftest import snapshot

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
