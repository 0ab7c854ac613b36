"""Adding papers to a list: look each query up, complete it, and skip what is already listed."""

from __future__ import annotations

from dataclasses import dataclass
from collections.abc import Callable, Iterable, Iterator

from paperlist import fetch
from paperlist.errors import AmbiguousMatchError, NotFoundError, PaperlistError, ServiceError
from paperlist.paper import Paper
from paperlist.query import Query, parse_query
from paperlist.sources.convert import Fetched
from paperlist.store import Store, build_index

# A batch stops asking after this many service failures in a row: the service is down.
STOP_AFTER_FAILURES = 3


@dataclass(frozen=True)
class Curation:
    """What the curator adds to every fetched record."""

    topics: tuple[str, ...] = ()
    code: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class Outcome:
    """What one query came to."""

    kind: str  # added, already listed, not found or failed
    query: str
    key: str | None = None
    paper: Paper | None = None
    message: str = ""
    service_failure: bool = False


class _Missing:
    """What a batch request found for an identifier Semantic Scholar does not know."""

    def __repr__(self) -> str:
        return "MISSING"


MISSING = _Missing()

# Picks one of a query's candidates, or None to add nothing.
Chooser = Callable[[Query, "fetch.Match"], "Fetched | None"]


class Adder:
    """Finds papers for queries and gives each new one a key, in memory: the caller writes them.

    ``take_best`` takes the best candidate of an uncertain match; otherwise ``choose`` is
    asked, and without it an uncertain match is an AmbiguousMatchError.
    """

    def __init__(
        self,
        store: Store,
        papers: dict[str, Paper],
        s2: fetch.PaperSource,
        arxiv: Callable[[], fetch.ArxivSource],
        *,
        today: str,
        curation: Curation = Curation(),
        take_best: bool = False,
        choose: Chooser | None = None,
        warn: Callable[[str], None] = lambda message: None,
    ) -> None:
        self.store = store
        self.papers = dict(papers)
        self.index = build_index(self.papers)
        self.s2 = s2
        self._arxiv_factory = arxiv
        self._arxiv: fetch.ArxivSource | None = None
        self.today = today
        self.curation = curation
        self.take_best = take_best
        self.choose = choose
        self.warn = warn

    @property
    def arxiv(self) -> fetch.ArxivSource:
        if self._arxiv is None:
            self._arxiv = self._arxiv_factory()
        return self._arxiv

    def listed(self, query: Query) -> str | None:
        """The key of a listed paper the query names, found without any request."""
        if query.kind == "title":
            return self.index.find_title(query.text)
        return self.index.find_id(
            arxiv=query.value if query.kind == "arxiv" else None,
            doi=query.value if query.kind == "doi" else None,
            s2=query.value if query.kind == "s2" else None,
        )

    def add(self, text: str, prefetched: Fetched | None | _Missing = None) -> Outcome:
        """Find the paper a query names and, when it is new, key it and keep it in ``papers``.

        Raises NotFoundError, AmbiguousMatchError or ServiceError when there is no paper to add.
        """
        query = parse_query(text)
        existing = self.listed(query)
        if existing is None:
            paper = self.lookup(query, prefetched)
            existing = self.index.find(paper)
        if existing is not None:
            return Outcome("already listed", text, existing, self.papers[existing])
        key = self.store.new_key(paper, self.papers)
        self.papers[key] = paper
        self.index.add(key, paper)
        return Outcome("added", text, key, paper)

    def lookup(self, query: Query, prefetched: Fetched | None | _Missing = None) -> Paper:
        """The record a query finds on Semantic Scholar, completed from arXiv.

        ``prefetched`` is what a batch request already found for the query: a paper, or
        MISSING when Semantic Scholar knows none (then arXiv is asked, as for one query).
        """
        try:
            if prefetched is MISSING:
                raise NotFoundError(f"Semantic Scholar has no paper for '{query.s2_id}'")
            match = fetch.Match(prefetched, True) if prefetched is not None else fetch.find(query, self.s2)
        except NotFoundError:
            # A new preprint may be on arXiv days before Semantic Scholar knows it.
            paper = fetch.from_arxiv_only(query, self.arxiv, added=self.today) if query.kind == "arxiv" else None
            if paper is None:
                raise
            self.warn(f"Semantic Scholar does not know arXiv:{query.value} yet; added from arXiv")
            return self._curated(paper)
        chosen = match.best
        if not match.confident and not self.take_best:
            if self.choose is None:
                raise fetch.ambiguous(query, match)
            chosen = self.choose(query, match)
            if chosen is None:
                raise PaperlistError("nothing added")
        return self._curated(fetch.complete(chosen, self.arxiv, added=self.today, warn=self.warn))

    def _curated(self, paper: Paper) -> Paper:
        c = self.curation
        return fetch.apply_curation(paper, topics=c.topics, code=c.code, note=c.note)

    def add_each(self, texts: Iterable[str]) -> Iterator[Outcome]:
        """An outcome per query, never raising for one query's failure; identifiers are
        fetched together through the batch endpoint first."""
        texts = list(texts)
        prefetched = self._prefetch([parse_query(t) for t in texts])
        failures_in_a_row = 0
        for text in texts:
            if failures_in_a_row >= STOP_AFTER_FAILURES:
                yield Outcome("failed", text, message="not tried, the service kept failing")
                continue
            outcome = self._try(text, prefetched)
            failures_in_a_row = failures_in_a_row + 1 if outcome.service_failure else 0
            yield outcome

    def _try(self, text: str, prefetched: dict[str, Fetched | None]) -> Outcome:
        query = parse_query(text)
        try:
            found = prefetched.get(query.s2_id) if query.is_identifier else None
            if query.is_identifier and query.s2_id in prefetched and found is None:
                found = MISSING
            return self.add(text, found)
        except NotFoundError as exc:
            return Outcome("not found", text, message=str(exc))
        except AmbiguousMatchError as exc:
            names = "; ".join(f"{i}. {fetch.describe(c)}" for i, c in enumerate(exc.candidates, 1))
            return Outcome("failed", text, message=f"uncertain match (rerun with --yes to take the first): {names}")
        except ServiceError as exc:
            return Outcome("failed", text, message=str(exc), service_failure=True)
        except PaperlistError as exc:
            return Outcome("failed", text, message=str(exc))

    def _prefetch(self, queries: list[Query]) -> dict[str, Fetched | None]:
        """Identifier queries not yet listed, fetched together: s2 id -> paper or None."""
        ids = list(dict.fromkeys(q.s2_id for q in queries if q.is_identifier and self.listed(q) is None))
        if len(ids) < 2:
            return {}
        try:
            found = self.s2.batch(ids)
        except ServiceError:
            return {}  # each is then tried on its own, and fails on its own
        return dict(zip(ids, found))
