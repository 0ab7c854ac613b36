"""Understand what a user typed after ``paperlist add``: an identifier, a link, or a title."""

from __future__ import annotations

import re
from dataclasses import dataclass

from paperlist import identifiers

# DOIs that arXiv mints for its own papers; they name the arXiv paper.
_ARXIV_DOI = re.compile(r"^10\.48550/arxiv\.(.+)$", re.IGNORECASE)


@dataclass(frozen=True)
class Query:
    """One paper query.

    ``kind`` is one of: arxiv, doi, s2, corpus, acl, url (identifiers the paper endpoint takes,
    ``s2_id`` says how) or title (a title or keywords, ``text``).
    """

    kind: str
    text: str
    value: str = ""
    s2_id: str = ""

    @property
    def is_identifier(self) -> bool:
        return self.kind != "title"


def parse_query(text: str) -> Query:
    """Classify a query: arXiv id or URL, DOI or doi.org URL, Semantic Scholar id or URL,
    CorpusId, ACL Anthology URL, another paper URL, else a title or keywords."""
    text = identifiers.with_scheme(" ".join(text.split()))
    arxiv = identifiers.arxiv_id(text)
    if arxiv:
        return Query("arxiv", text, arxiv, f"arXiv:{arxiv}")
    doi = identifiers.doi(text)
    if doi:
        m = _ARXIV_DOI.match(doi)
        if m and identifiers.arxiv_id(m.group(1)):
            arxiv = identifiers.arxiv_id(m.group(1))
            return Query("arxiv", text, arxiv, f"arXiv:{arxiv}")
        return Query("doi", text, doi, f"DOI:{doi}")
    s2 = identifiers.semantic_scholar_id(text)
    if s2:
        return Query("s2", text, s2, s2)
    corpus = identifiers.corpus_id(text)
    if corpus:
        return Query("corpus", text, corpus, f"CorpusId:{corpus}")
    acl = identifiers.acl_id(text)
    if acl:
        return Query("acl", text, acl, f"ACL:{acl}")
    if identifiers.is_url(text):
        return Query("url", text, text, f"URL:{text}")
    return Query("title", text, text)
