"""CITATION.cff for the list, checked against the CFF 1.2.0 schema (tests/fixtures/citation-cff-schema.json)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from hypothesis import example, given, settings
from hypothesis import strategies as st

from paperlist.config import Config, Topic, load_config

# The schema validator is in the test extra; without it these tests cannot check anything.
jsonschema = pytest.importorskip("jsonschema")
from paperlist.outputs.citation_cff import citation_cff, markdown_to_text

REPO = Path(__file__).resolve().parent.parent
SCHEMA = json.loads((Path(__file__).resolve().parent / "fixtures" / "citation-cff-schema.json").read_text("utf-8"))


def load_valid(text: str) -> dict:
    data = yaml.safe_load(text)
    jsonschema.validate(data, SCHEMA)
    return data


def test_citation_cff_of_a_full_config_is_valid_cff():
    config = Config(
        title="Awesome-Inference-Time-Scaling",
        description="Paper List of **Inference/Test Time Scaling**",
        topics=(Topic("search"), Topic("verifiers", "Reward models")),
    )
    text = citation_cff(config, repository_url="https://github.com/x/awesome", today="2025-02-01")
    assert load_valid(text) == {
        "cff-version": "1.2.0",
        "message": "If you use this paper list, please cite it using the metadata from this file.",
        "type": "dataset",
        "title": "Awesome-Inference-Time-Scaling",
        "abstract": "Paper List of Inference/Test Time Scaling",
        "authors": [{"name": "Awesome-Inference-Time-Scaling contributors"}],
        "date-released": "2025-02-01",
        "repository-code": "https://github.com/x/awesome",
        "keywords": ["search", "verifiers"],
    }
    assert text.endswith("\n") and not text.endswith("\n\n")


def test_citation_cff_of_the_default_config_leaves_out_what_it_lacks():
    data = load_valid(citation_cff(Config(), today="2025-02-01"))
    assert data["title"] == "Paper List"
    assert data["authors"] == [{"name": "Paper List contributors"}]
    assert "abstract" not in data and "keywords" not in data and "repository-code" not in data


def test_citation_cff_of_the_shipped_list_is_valid():
    data = load_valid(citation_cff(load_config(REPO), today="2025-02-01"))
    assert data["title"] == "Awesome-Inference-Time-Scaling"
    assert data["abstract"] == "Paper List of Inference/Test Time Scaling/Computing"


def test_citation_cff_is_deterministic():
    config = Config(title="List", description="About *it*.")
    assert citation_cff(config, today="2025-02-01") == citation_cff(config, today="2025-02-01")


def test_description_markdown_becomes_plain_text():
    markdown = (
        "# Awesome list\n\n"
        "[![Awesome](https://awesome.re/badge.svg)](https://awesome.re) A **curated** list of\n"
        "[papers](https://x.org) on `LLM` _inference_, see <https://example.org>.\n\n"
        "- one item\n> quoted <b>bold</b>"
    )
    assert markdown_to_text(markdown) == (
        "Awesome list\n\n"
        "Awesome A curated list of papers on LLM inference, see https://example.org.\n\n"
        "one item quoted bold"
    )


def test_snake_case_words_keep_their_underscores():
    assert markdown_to_text("test_time_scaling and *emphasis*") == "test_time_scaling and emphasis"


@pytest.mark.parametrize("today", ["2025-2-1", "yesterday", "2025-02-30"])
def test_citation_cff_rejects_a_day_that_is_not_a_date(today):
    with pytest.raises(ValueError):
        citation_cff(Config(), today=today)


def test_citation_cff_rejects_a_repository_that_is_not_a_url():
    with pytest.raises(ValueError, match="repository_url"):
        citation_cff(Config(), repository_url="git@github.com:x/y.git", today="2025-02-01")


titles = st.text(min_size=1, max_size=40).map(str.strip).filter(bool)


@settings(max_examples=100, deadline=None)
@given(title=titles, topics=st.lists(titles, max_size=3, unique=True))
@example(title="0\x850", topics=["a\u2028b"])  # line breaks PyYAML would fold to a space in single quotes
@example(title="cff-version: 9", topics=["- x", "'y'", "#z"])
def test_any_title_and_topics_read_back_the_same(title, topics):
    config = Config(title=title, topics=tuple(Topic(t) for t in topics))
    data = load_valid(citation_cff(config, today="2025-02-01"))
    assert data["title"] == title
    assert data["authors"] == [{"name": f"{title} contributors"}]
    assert data.get("keywords", []) == topics
