"""From Semantic Scholar JSON (real recorded objects) and arXiv entries to Paper records."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from paperlist.errors import ServiceError
from paperlist.paper import FETCHED_FIELDS, Paper
from paperlist.sources.arxiv import ArxivEntry
from paperlist.sources.convert import Fetched, fetched_from_json, paper_from_arxiv, to_paper

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "semantic-scholar"


@pytest.fixture(scope="module")
def turing() -> dict:
    """Paper.json: 'Computing Machinery and Intelligence' with every field, and its 1,000 citations."""
    return json.loads((FIXTURES / "Paper.json").read_text(encoding="utf-8"))


def a_preprint(**changes) -> Fetched:
    values = dict(
        paper_id="207d6ce83f82c0e2afa2a572dc96b05f85635217",
        title="Quo Vadis ChatGPT? From Large Language Models to Large Knowledge Models",
        authors=("V. Venkatasubramanian", "Arijit Chakraborty"),
        publication_date="2024-05-29",
        year=2024,
        arxiv="2405.19561",
    )
    values.update(changes)
    return Fetched(**values)


# --- fetched_from_json -------------------------------------------------------------------


def test_a_full_paper_object_is_read(turing):
    fetched = fetched_from_json(turing)

    assert fetched.paper_id == "2d5673caa9e6af3a7b82a43f19ee920992db07ad"
    assert fetched.title == "Computing Machinery and Intelligence"
    assert fetched.authors == ("A. Turing",)
    assert fetched.publication_date == "1950-10-01"
    assert fetched.year == 1950
    assert fetched.venue == "The Philosophy of Artificial Intelligence"
    assert fetched.doi == "10.1093/MIND/LIX.236.433"
    assert fetched.arxiv is None
    assert fetched.abstract.startswith("I propose to consider the question, \u201cCan machines think?\u201d")
    assert fetched.tldr.startswith("If the meaning of the words \u201cmachine\u201d and \u201cthink\u201d")
    assert fetched.open_access_pdf is None
    assert fetched.match_score is None


def test_null_and_missing_fields_are_tolerated():
    fetched = fetched_from_json(json.loads((FIXTURES / "PaperWithNullValues.json").read_text(encoding="utf-8")))

    assert fetched == Fetched(paper_id="2d5673caa9e6af3a7b82a43f19ee920992db07ad")


def test_every_field_null_is_tolerated():
    keys = ["title", "authors", "externalIds", "venue", "journal", "year", "publicationDate", "abstract", "tldr"]
    keys += ["openAccessPdf", "matchScore"]

    fetched = fetched_from_json({"paperId": "x" * 40, **{k: None for k in keys}})

    assert fetched == Fetched(paper_id="x" * 40)


def test_values_of_the_wrong_type_are_ignored():
    fetched = fetched_from_json(
        {
            "paperId": "a" * 40,
            "title": 42,
            "authors": [None, {"name": None}, {"name": " Ada  Lovelace "}, "x"],
            "externalIds": ["ArXiv"],
            "year": True,
            "publicationDate": "sometime",
            "tldr": "text",
            "openAccessPdf": {"url": ""},
            "matchScore": "high",
        }
    )

    assert fetched == Fetched(paper_id="a" * 40, authors=("Ada Lovelace",))


def test_arxiv_id_loses_its_version_and_journal_names_the_venue_when_venue_is_empty():
    fetched = fetched_from_json(
        {
            "paperId": "b" * 40,
            "title": "T",
            "venue": "",
            "externalIds": {"ArXiv": "2408.03314v2", "DOI": "10.48550/arXiv.2408.03314"},
            "journal": {"name": "Proceedings of Something", "pages": "1-2"},
        }
    )

    assert fetched.arxiv == "2408.03314"
    assert fetched.doi == "10.48550/arXiv.2408.03314"
    assert fetched.venue == "Proceedings of Something"


@pytest.mark.parametrize("answer", [None, [], "paper", 3, {"title": "no id"}, {"paperId": "", "title": "empty"}])
def test_anything_but_a_paper_object_is_a_service_error(answer):
    with pytest.raises(ServiceError) as caught:
        fetched_from_json(answer)

    assert "\n" not in str(caught.value)


# --- to_paper ----------------------------------------------------------------------------


def test_a_full_paper_becomes_a_fingerprinted_record(turing):
    paper = to_paper(fetched_from_json(turing), added="2025-01-02")

    assert isinstance(paper, Paper)
    assert paper.title == "Computing Machinery and Intelligence"
    assert paper.authors == ("A. Turing",)
    assert paper.date == "1950-10-01"
    assert paper.venue == "The Philosophy of Artificial Intelligence"
    assert paper.doi == "10.1093/MIND/LIX.236.433"
    assert paper.semantic_scholar == "2d5673caa9e6af3a7b82a43f19ee920992db07ad"
    assert paper.arxiv is None and paper.pdf is None
    assert paper.added == "2025-01-02"
    assert paper.tldr and paper.abstract
    assert {name for name, _ in paper.fetched} == {
        name for name in FETCHED_FIELDS if getattr(paper, name) not in (None, ())
    }
    assert not any(paper.edited_by_curator(name) for name in FETCHED_FIELDS)


def test_every_recorded_citation_converts(turing):
    papers = [to_paper(fetched_from_json(item), added=None) for item in turing["citations"]]

    assert len(papers) == 1000
    preprints = [p for p in papers if p.arxiv]
    assert preprints and all(p.venue for p in preprints)


def test_a_preprint_without_a_venue_is_on_arxiv_org():
    assert to_paper(a_preprint(venue=None), added=None).venue == "arXiv.org"
    assert to_paper(a_preprint(venue="ArXiv"), added=None).venue == "arXiv.org"
    assert to_paper(a_preprint(venue="ICLR"), added=None).venue == "ICLR"
    assert to_paper(a_preprint(venue=None, arxiv=None), added=None).venue is None


def test_the_date_falls_back_to_the_year_then_to_the_given_date():
    assert to_paper(a_preprint(publication_date=None), added=None).date == "2024"
    undated = a_preprint(publication_date=None, year=None)
    assert to_paper(undated, added=None, fallback_date="2024-05-30").date == "2024-05-30"


def test_no_date_at_all_is_a_service_error():
    with pytest.raises(ServiceError, match="Semantic Scholar gives no date for 'Quo Vadis ChatGPT"):
        to_paper(a_preprint(publication_date=None, year=None), added=None)


def test_no_title_is_a_service_error():
    with pytest.raises(ServiceError, match="gives no title"):
        to_paper(a_preprint(title=None), added=None)


def test_the_open_access_pdf_is_kept_unless_it_is_the_arxiv_pdf(turing):
    own = next(c for c in turing["citations"] if c["externalIds"].get("ArXiv") == "2402.00030")
    elsewhere = next(c for c in turing["citations"] if c["externalIds"].get("ArXiv") == "2404.04750")

    assert to_paper(fetched_from_json(own), added=None).pdf is None
    assert to_paper(fetched_from_json(own), added=None).pdf_link == "https://arxiv.org/pdf/2402.00030"
    assert to_paper(fetched_from_json(elsewhere), added=None).pdf == "https://dl.acm.org/doi/pdf/10.1145/3637866"
    assert to_paper(a_preprint(open_access_pdf="http://arxiv.org/pdf/2405.19561v1.pdf"), added=None).pdf is None


def test_values_a_record_cannot_hold_are_dropped():
    paper = to_paper(
        a_preprint(open_access_pdf="ftp://example.org/x.pdf", doi="not a doi", paper_id="not-an-s2-id", tldr="  "),
        added=None,
    )

    assert paper.pdf is None and paper.doi is None and paper.semantic_scholar is None and paper.tldr is None
    assert paper.title.startswith("Quo Vadis")


def test_fetched_titles_and_authors_are_one_line():
    paper = to_paper(
        fetched_from_json(
            {
                "paperId": "c" * 40,
                "title": "A title\n  over two lines",
                "authors": [{"name": "Grace\nHopper"}],
                "year": 1952,
            }
        ),
        added=None,
    )

    assert paper.title == "A title over two lines"
    assert paper.authors == ("Grace Hopper",)


def test_converting_twice_gives_the_same_record(turing):
    fetched = fetched_from_json(turing)

    assert to_paper(fetched, added=None) == to_paper(replace(fetched), added=None)


# --- arXiv ---------------------------------------------------------------------------------


def test_an_arxiv_entry_becomes_a_preprint_record():
    entry = ArxivEntry(
        arxiv_id="2408.03314",
        title="Scaling LLM Test-Time Compute Optimally can be More Effective than Scaling Model Parameters",
        authors=("Charlie Snell", "Jaehoon Lee", "Kelvin Xu", "Aviral Kumar"),
        abstract="Enabling LLMs to improve their outputs by using more test-time computation.",
        published="2024-08-06",
        pdf="https://arxiv.org/pdf/2408.03314v1",
    )

    paper = paper_from_arxiv(entry, added="2025-01-02")

    assert (paper.arxiv, paper.date, paper.venue, paper.pdf) == ("2408.03314", "2024-08-06", "arXiv.org", None)
    assert paper.pdf_link == "https://arxiv.org/pdf/2408.03314"
    assert dict(paper.fetched).keys() >= {"title", "authors", "date", "venue", "arxiv", "abstract"}
