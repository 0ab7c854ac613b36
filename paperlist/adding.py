"""Adding papers to a list: each query looked up by the resolver ``import`` uses too
(``paperlist.resolve.Resolver``), what is already listed skipped, and each new paper keyed."""

from __future__ import annotations

from dataclasses import dataclass
from collections.abc import Callable, Iterable, Iterator

from paperlist import fetch
from paperlist.errors import AmbiguousMatchError, NotFoundError, PaperlistError, ServiceError
from paperlist.resolve import MISSING, STOP_AFTER_FAILURES, Chooser, Missing, Resolver
from paperlist.paper import Paper
from paperlist.query import Query, parse_query
from paperlist.sources.convert import Fetched
from paperlist.store import Store, build_index


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


class Adder:
    """Finds papers for queries through the resolver ``import`` uses too, skips those already
    listed and gives each new one a key, in memory: the caller writes them.

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
        self.resolver = Resolver(s2, arxiv, today=today, warn=warn, take_best=take_best, choose=choose)
        self.curation = curation

    def listed(self, query: Query) -> str | None:
        """The key of a listed paper the query names, found without any request."""
        if query.kind == "title":
            return self.index.find_title(query.text)
        return self.index.find_id(
            arxiv=query.value if query.kind == "arxiv" else None,
            doi=query.value if query.kind == "doi" else None,
            s2=query.value if query.kind == "s2" else None,
        )

    def add(self, text: str, prefetched: Fetched | None | Missing = None) -> Outcome:
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

    def lookup(self, query: Query, prefetched: Fetched | None | Missing = None) -> Paper:
        """The record a query finds (see ``Resolver.lookup``), with the curator's additions."""
        return self._curated(self.resolver.lookup(query, prefetched))

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
        return self.resolver.prefetch([q for q in queries if q.is_identifier and self.listed(q) is None])
