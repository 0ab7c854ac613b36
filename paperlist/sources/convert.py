"""From service answers to Paper records: pure functions, no HTTP.

``fetched_from_json`` reads one Semantic Scholar paper object (any field may be null or
missing) into a :class:`Fetched`; ``to_paper`` turns that into a validated, fingerprinted
:class:`~paperlist.paper.Paper`; ``paper_from_arxiv`` does the same for an arXiv entry.
A value from the network that a record cannot hold (a non-http PDF link, a malformed
DOI) is dropped rather than failing the whole paper.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from paperlist import identifiers
from paperlist.errors import ServiceError
from paperlist.paper import Paper, make_paper, paper_from_mapping

if TYPE_CHECKING:
    from paperlist.sources.arxiv import ArxivEntry

#: The venue a preprint is shown with.
ARXIV_VENUE = "arXiv.org"
_ARXIV_VENUE_NAMES = {"arxiv", "arxiv.org", "arxiv (cornell university)"}
_FULL_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True)
class Fetched:
    """One paper as Semantic Scholar describes it, reduced to what a record needs."""

    paper_id: str
    title: str | None = None
    authors: tuple[str, ...] = ()
    publication_date: str | None = None  # YYYY-MM-DD
    year: int | None = None
    venue: str | None = None  # ``venue``, else the journal's name
    arxiv: str | None = None  # without version
    doi: str | None = None
    abstract: str | None = None
    tldr: str | None = None
    open_access_pdf: str | None = None
    match_score: float | None = None  # only from a title match
    citation_count: int | None = None


def fetched_from_json(obj: Any) -> Fetched:
    """A :class:`Fetched` from one paper object of the Graph API.

    Every field may be null or missing except ``paperId``; ServiceError when ``obj`` is
    not an object or has no ``paperId``.
    """
    if not isinstance(obj, dict):
        raise ServiceError(f"Semantic Scholar sent {_describe(obj)} where a paper was expected: try again later")
    paper_id = _line(obj.get("paperId"))
    if not paper_id:
        raise ServiceError("Semantic Scholar sent a paper without a paperId: try again later")
    external = _mapping(obj.get("externalIds"))
    arxiv_text, doi_text = _line(external.get("ArXiv")), _line(external.get("DOI"))
    return Fetched(
        paper_id=paper_id,
        title=_line(obj.get("title")),
        authors=tuple(name for name in (_line(_mapping(a).get("name")) for a in _sequence(obj.get("authors"))) if name),
        publication_date=_full_date(obj.get("publicationDate")),
        year=_year(obj.get("year")),
        venue=_line(obj.get("venue")) or _line(_mapping(obj.get("journal")).get("name")),
        arxiv=identifiers.arxiv_id(arxiv_text) if arxiv_text else None,
        doi=identifiers.doi(doi_text) if doi_text else None,
        abstract=_text(obj.get("abstract")),
        tldr=_line(_mapping(obj.get("tldr")).get("text")),
        open_access_pdf=_line(_mapping(obj.get("openAccessPdf")).get("url")),
        match_score=_number(obj.get("matchScore")),
        citation_count=_count(obj.get("citationCount")),
    )


def to_paper(
    fetched: Fetched, *, added: str | None = None, fallback_date: str | None = None, read_on: str | None = None
) -> Paper:
    """The record for a fetched paper, with its fetched fields fingerprinted.

    The date is ``publicationDate``, else the year, else ``fallback_date`` (e.g. the
    arXiv submission date); ServiceError when there is none, or no title. ``venue`` is
    ``arXiv.org`` for a preprint with no other venue. ``pdf`` is the open-access PDF,
    left out when it is just the paper's own arXiv PDF (the record's default). The citation
    count is kept with ``read_on`` (else ``added``) as the date it was read.
    """
    if not fetched.title:
        raise ServiceError(
            f"Semantic Scholar gives no title for paper {fetched.paper_id}: add it by another id, "
            "or write its record by hand"
        )
    candidates = (fetched.publication_date, str(fetched.year) if fetched.year else None, fallback_date)
    date = next((d for d in candidates if d and _acceptable("date", d)), None)
    if date is None:
        raise ServiceError(
            f"Semantic Scholar gives no date for '{fetched.title}': add the paper by its arXiv id, "
            "or write its record by hand"
        )
    pdf = fetched.open_access_pdf
    if pdf and fetched.arxiv and identifiers.arxiv_id(pdf) == fetched.arxiv:
        pdf = None
    read = read_on or added
    citations = {"count": fetched.citation_count, "date": read} if fetched.citation_count is not None and read else None
    return _record(
        required={"title": fetched.title, "authors": fetched.authors, "date": date, "added": added},
        optional={
            "citations": citations,
            "venue": venue_name(fetched.venue, fetched.arxiv),
            "arxiv": fetched.arxiv,
            "doi": fetched.doi,
            "semantic_scholar": fetched.paper_id,
            "abstract": fetched.abstract,
            "tldr": fetched.tldr,
            "pdf": pdf,
        },
    )


def paper_from_arxiv(entry: ArxivEntry, *, added: str | None = None) -> Paper:
    """The record for an arXiv entry (a preprint Semantic Scholar may not know yet)."""
    if not entry.published:
        raise ServiceError(f"arXiv gives no date for '{entry.title}'")
    return _record(
        required={"title": entry.title, "authors": entry.authors, "date": entry.published, "added": added},
        optional={"venue": ARXIV_VENUE, "arxiv": entry.arxiv_id, "doi": entry.doi, "abstract": entry.abstract},
    )


def venue_name(venue: str | None, arxiv: str | None) -> str | None:
    """The venue to show: ``arXiv.org`` for any spelling of arXiv, or for a preprint with none."""
    if venue and venue.casefold() in _ARXIV_VENUE_NAMES:
        return ARXIV_VENUE
    if venue:
        return venue
    return ARXIV_VENUE if arxiv else None


# --- helpers ---------------------------------------------------------------------------------


def _record(required: dict[str, Any], optional: dict[str, Any]) -> Paper:
    """A validated, fingerprinted Paper; optional values a record cannot hold are dropped."""
    kept = {name: value for name, value in optional.items() if value is not None and _acceptable(name, value)}
    values = {name: value for name, value in required.items() if value is not None}
    return make_paper(**values, **kept).with_fingerprints()


def _acceptable(name: str, value: Any) -> bool:
    """Whether ``value`` passes the record's validation for field ``name``."""
    probe: dict[str, Any] = {"title": "probe", "authors": [], "date": "2000"}
    probe[name] = list(value) if isinstance(value, tuple) else value
    paper, problems = paper_from_mapping(probe)
    return paper is not None and not problems


def _line(value: Any) -> str | None:
    """Text on one line, whitespace collapsed; None for anything else or nothing."""
    if not isinstance(value, str):
        return None
    return " ".join(value.split()) or None


def _text(value: Any) -> str | None:
    """Text with outer whitespace stripped; None for anything else or nothing."""
    if not isinstance(value, str):
        return None
    return value.strip() or None


def _mapping(value: Any) -> dict:
    return value if isinstance(value, dict) else {}


def _sequence(value: Any) -> list:
    return value if isinstance(value, list) else []


def _count(value: Any) -> int | None:
    """A non-negative whole number from the API, else None."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        return None
    return value


def _year(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    return value if isinstance(value, int) and 1000 <= value <= 9999 else None


def _full_date(value: Any) -> str | None:
    text = _line(value)
    return text if text and _FULL_DATE.match(text) else None


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return float(value)


def _describe(value: Any) -> str:
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "null"
    return f"a {type(value).__name__}"
