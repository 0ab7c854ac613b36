"""From a query to a record: find the paper on Semantic Scholar, fill gaps from arXiv, merge updates."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Protocol
from collections.abc import Callable

from paperlist.errors import AmbiguousMatchError, NotFoundError, PaperlistError, ServiceError
from paperlist.paper import FETCHED_FIELDS, Paper, make_paper, normalise_title, title_confidence
from paperlist.query import Query
from paperlist.sources.convert import Fetched, paper_from_arxiv, to_paper, venue_name

# A title match at least this close to the query is taken at once, with no other request.
SURE = 0.9
# A candidate at least this close is taken when no other candidate comes near it.
CONFIDENT = 0.8
# Two candidates this close in similarity are "several close titles": the user chooses.
CLOSE = 0.03
MAX_CANDIDATES = 5


class PaperSource(Protocol):  # the parts of SemanticScholar this module uses
    def match_title(self, title: str) -> Fetched | None: ...
    def paper(self, identifier: str) -> Fetched: ...
    def search(self, query: str, limit: int = 5) -> list[Fetched]: ...
    def batch(self, ids: list[str]) -> list[Fetched | None]: ...


@dataclass
class Match:
    """What a query found: the paper to add, or the candidates to choose from."""

    best: Fetched | None
    confident: bool
    candidates: list[Fetched] = field(default_factory=list)


def find(query: Query, s2: PaperSource) -> Match:
    """Look a query up: identifiers on the paper endpoint; titles on title match, and on the
    search too unless the match is sure (a title as typed, give or take case, punctuation
    and a typo), so that a shortened or garbled title is taken only when no other paper
    comes as close."""
    if query.is_identifier:
        return Match(s2.paper(query.s2_id), True)
    match = s2.match_title(query.text)
    if match is not None and title_confidence(query.text, match.title or "") >= SURE:
        return Match(match, True)
    # Not sure: the search shows whether another paper comes as close, or a closer one.
    try:
        found = s2.search(query.text, limit=MAX_CANDIDATES)
    except ServiceError:
        if match is not None and title_confidence(query.text, match.title or "") >= CONFIDENT:
            return Match(match, True)
        raise
    candidates = _unique([c for c in [match, *found] if c is not None])
    if not candidates:
        raise NotFoundError(
            f"Semantic Scholar found no paper for '{query.text}': check the title, or add it by arXiv id, DOI or link"
        )
    ranked = sorted(candidates, key=lambda c: -title_confidence(query.text, c.title or ""))
    scores = [title_confidence(query.text, c.title or "") for c in ranked]
    confident = scores[0] >= CONFIDENT and (len(scores) == 1 or scores[0] - scores[1] > CLOSE)
    return Match(ranked[0], confident, ranked[:MAX_CANDIDATES])


def _unique(papers: list[Fetched]) -> list[Fetched]:
    seen: set[str] = set()
    out = []
    for p in papers:
        if p.paper_id not in seen:
            seen.add(p.paper_id)
            out.append(p)
    return out


def describe(candidate: Fetched) -> str:
    """One line naming a candidate: title, year, venue and the id to add it by."""
    year = (candidate.publication_date or "")[:4] or (str(candidate.year) if candidate.year else "n.d.")
    shown = venue_name(candidate.venue, candidate.arxiv)
    venue = f", {shown}" if shown else ""
    ident = f"arXiv:{candidate.arxiv}" if candidate.arxiv else candidate.paper_id
    return f"{candidate.title} ({year}{venue}) [{ident}]"


def ambiguous(query: Query, match: Match) -> AmbiguousMatchError:
    return AmbiguousMatchError(
        f"no confident match for '{query.text}': add one of the {len(match.candidates)} candidates by its id, "
        "or rerun with --yes to take the first",
        match.candidates,
    )


class ArxivSource(Protocol):  # the parts of ArxivClient this module uses
    def entry(self, arxiv_id: str): ...
    def entries(self, arxiv_ids: list[str]) -> dict: ...
    def search_title(self, title: str, max_results: int = 5) -> list: ...


def complete(fetched: Fetched, arxiv: ArxivSource | None, *, added: str | None, warn: Callable[[str], None]) -> Paper:
    """The record for a fetched paper, its abstract and arXiv id filled from arXiv when missing."""
    entry = None
    if arxiv is not None and fetched.title:
        try:
            entry = _arxiv_entry(fetched, arxiv)
        except ServiceError as exc:
            warn(f"{exc}; adding what Semantic Scholar has")
    if entry is not None:
        fetched = replace(fetched, arxiv=fetched.arxiv or entry.arxiv_id, abstract=fetched.abstract or entry.abstract)
    return to_paper(fetched, added=added, fallback_date=entry.published if entry else None)


def _arxiv_entry(fetched: Fetched, arxiv: ArxivSource):
    """The arXiv entry that can fill what Semantic Scholar left out, if one is needed and found.

    With an arXiv id, its entry when the abstract is missing; without one, the entry whose
    title is exactly the paper's (after normalisation), never a merely similar one.
    """
    if fetched.arxiv:
        return None if fetched.abstract else arxiv.entry(fetched.arxiv)
    wanted = normalise_title(fetched.title or "")
    return next((e for e in arxiv.search_title(fetched.title) if normalise_title(e.title) == wanted), None)


def from_arxiv_only(query: Query, arxiv: ArxivSource, *, added: str | None) -> Paper | None:
    """The record for an arXiv query from arXiv alone, or None when arXiv cannot give it."""
    try:
        entry = arxiv.entry(query.value)
    except ServiceError:
        return None
    return paper_from_arxiv(entry, added=added) if entry is not None and entry.published else None


def apply_curation(
    paper: Paper, *, topics: tuple[str, ...] = (), code: str | None = None, note: str | None = None
) -> Paper:
    """The curator's options from the command line, on top of a fetched record."""
    values = paper.to_mapping()
    if topics:
        values["topics"] = list(dict.fromkeys([*values.get("topics", []), *topics]))
    if code:
        values["code"] = code
    if note:
        values["note"] = note
    return make_paper(**values)


# --- refresh ------------------------------------------------------------------------------------


@dataclass
class Update:
    """What a refresh did to one record."""

    paper: Paper
    changed: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)


def refresh_id(paper: Paper) -> str | None:
    """The id the batch endpoint knows a record by, if it has one."""
    if paper.semantic_scholar:
        return paper.semantic_scholar
    if paper.arxiv:
        return f"arXiv:{paper.arxiv}"
    if paper.doi:
        return f"DOI:{paper.doi}"
    return None


def merge(old: Paper, fresh: Paper, overwrite: frozenset[str] = frozenset()) -> Update:
    """``old`` updated with ``fresh`` values, except fields a curator set (unless named in ``overwrite``).

    A value the service no longer gives is never removed; curator-only fields (url, code, topics,
    note, added) are never touched.
    """
    values = {}
    changed: list[str] = []
    kept: list[str] = []
    taken: list[str] = []
    for name in FETCHED_FIELDS:
        current, new = getattr(old, name), getattr(fresh, name)
        if new in (None, ()) or new == current:
            if new == current and new not in (None, ()):
                taken.append(name)
            continue
        if old.edited_by_curator(name) and name not in overwrite:
            kept.append(name)
            continue
        values[name] = new
        changed.append(name)
        taken.append(name)
    if fresh.citations is not None and (old.citations is None or old.citations[0] != fresh.citations[0]):
        # Refresh keeps the count current; only a new count is written, so a weekly refresh stays quiet.
        values["citations"] = fresh.citations
        changed.append("citations")
    updated = replace(old, **values) if values else old
    updated = updated.with_fingerprints(tuple(taken)) if taken else updated
    return Update(updated, changed, kept)


def describe_change(name: str, old: Paper, new: Paper) -> str:
    before, after = getattr(old, name), getattr(new, name)
    if name == "citations":
        return f"citations {before[0]} -> {after[0]}" if before else f"citations added ({after[0]})"
    if before in (None, ()):
        return f"{name} added"
    if name in ("abstract", "authors"):
        return f"{name} updated"
    return f"{name} '{before}' -> '{after}'"


@dataclass
class Refreshed:
    """What a refresh found for one record."""

    key: str
    status: str  # changed, unchanged, not found or no identifier
    paper: Paper  # the record as it should now be
    notes: list[str] = field(default_factory=list)


def refresh(
    papers: dict[str, Paper],
    keys: list[str],
    s2: PaperSource,
    overwrite: frozenset[str] = frozenset(),
    today: str | None = None,
) -> list[Refreshed]:
    """Current metadata for the records ``keys``, merged into them; one batch request per 500."""
    ids = {key: refresh_id(papers[key]) for key in keys}
    lookups = [key for key in keys if ids[key]]
    found = dict(zip(lookups, s2.batch([ids[key] for key in lookups]))) if lookups else {}
    results = []
    for key in keys:
        old = papers[key]
        if not ids[key]:
            results.append(
                Refreshed(key, "no identifier", old, ["skipped, it has no Semantic Scholar id, arXiv id or DOI"])
            )
            continue
        fetched = found[key]
        if fetched is None:
            results.append(
                Refreshed(key, "not found", old, [f"Semantic Scholar has no paper {ids[key]}; left as it is"])
            )
            continue
        try:
            fresh = to_paper(fetched, added=old.added, read_on=today)
        except PaperlistError as exc:
            results.append(Refreshed(key, "not found", old, [f"{exc}; left as it is"]))
            continue
        update = merge(old, fresh, overwrite)
        notes = [describe_change(name, old, update.paper) for name in update.changed]
        notes += [f"kept curator's {name}" for name in update.kept]
        results.append(Refreshed(key, "changed" if update.changed else "unchanged", update.paper, notes))
    return results


def fill_abstracts(results: list[Refreshed], arxiv: ArxivSource) -> list[Refreshed]:
    """``results`` with abstracts Semantic Scholar withheld taken from arXiv, 100 papers a request."""
    missing = [r for r in results if r.paper.arxiv and not r.paper.abstract]
    if not missing:
        return results
    entries = arxiv.entries([r.paper.arxiv for r in missing])
    for result in missing:
        entry = entries.get(result.paper.arxiv)
        if entry is not None and entry.abstract:
            result.paper = replace(result.paper, abstract=entry.abstract).with_fingerprints(("abstract",))
            result.notes.append("abstract added from arXiv")
            if result.status == "unchanged":
                result.status = "changed"
    return results
