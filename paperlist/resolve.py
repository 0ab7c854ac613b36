"""From a query or what a list says about a paper to its record: the one resolver of ``add`` and
``import``.

``Resolver.lookup`` resolves one query for ``add`` (its identifiers fetched beforehand with
``prefetch`` when there are many): the paper endpoint or the confident title match, arXiv when
Semantic Scholar does not know a preprint yet, and the record completed from arXiv. An uncertain
match is taken, put to ``choose``, or raised with its candidates.

``Resolver.resolve`` resolves a whole list for ``import``: identifiers through the batch endpoint
first, then the same title matching, and every answer checked against the title the list wrote,
so that a link to the wrong paper is reported instead of imported."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace

from paperlist import fetch
from paperlist.errors import NotFoundError, PaperlistError, ServiceError
from paperlist.paper import Paper, make_paper, normalise_title, title_similarity
from paperlist.query import Query, parse_query
from paperlist.sources.convert import ARXIV_VENUE, Fetched, paper_from_arxiv, to_paper

#: Titles at least this similar (after normalisation) name the same paper.
AGREE = 0.8
#: A written title contained in the resolved one (or the reverse) agrees when it has this many words.
CONTAINED_WORDS = 3
#: After this many service failures in a row the service is taken to be down: the rest is not tried.
STOP_AFTER_FAILURES = 3

FOUND, WRONG_LINK, NOT_A_PAPER, NOT_FOUND, FAILED = "found", "wrong link", "not a paper", "not found", "failed"


class Missing:
    """What a batch request found for an identifier Semantic Scholar does not know."""

    def __repr__(self) -> str:
        return "MISSING"


MISSING = Missing()

# Picks one of a query's candidates, or None to add nothing.
Chooser = Callable[[Query, "fetch.Match"], "Fetched | None"]


@dataclass(frozen=True)
class Written:
    """What a list says about one paper: where, its title, the ids its links carry, and the rest."""

    line: int
    title: str
    ids: tuple[Query, ...] = ()
    topic: str | None = None
    code: str | None = None
    date: str | None = None
    venue: str | None = None
    source: str = ""
    has_other_links: bool = False  # links that name no paper (a repository, a blog post)


@dataclass
class Found:
    """What became of one written entry: a paper (``status`` found, or wrong link resolved by
    its title) or none, with a note saying why."""

    written: Written
    status: str
    paper: Paper | None = None
    note: str = ""


def titles_agree(written: str, resolved: str) -> bool:
    """Whether a written title and a resolved one name the same paper, allowing for the renames
    between arXiv versions: close after normalisation, or one contained in the other."""
    a, b = normalise_title(written), normalise_title(resolved)
    if not a or not b:
        return True  # nothing written to check against
    if a == b or title_similarity(written, resolved) >= AGREE:
        return True
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    return len(short.split()) >= CONTAINED_WORDS and f" {short} " in f" {long} "


class Resolver:
    """Resolves written entries in as few requests as the API allows: one batch request per
    500 identifiers, then a title match (and a search when the match is not sure) per entry
    without a usable identifier; abstracts Semantic Scholar withholds come from arXiv, 100 a request."""

    def __init__(
        self,
        s2: fetch.PaperSource,
        arxiv: Callable[[], fetch.ArxivSource],
        *,
        today: str,
        warn: Callable[[str], None] = lambda message: None,
        step: Callable[[], None] = lambda: None,
        take_best: bool = False,
        choose: Chooser | None = None,
    ) -> None:
        self.s2 = s2
        self.take_best = take_best  # lookup: take the best candidate of an uncertain match
        self.choose = choose  # lookup: else ask which (without it, an uncertain match raises)
        self._arxiv_factory = arxiv
        self._arxiv: fetch.ArxivSource | None = None
        self.today = today
        self.warn = warn
        self.step = step  # called once per entry resolved, for a progress bar
        self.failures_in_a_row = 0

    @property
    def arxiv(self) -> fetch.ArxivSource:
        if self._arxiv is None:
            self._arxiv = self._arxiv_factory()
        return self._arxiv

    # --- one query ------------------------------------------------------------------------------

    def prefetch(self, queries: list[Query]) -> dict[str, Fetched | None]:
        """The identifier queries' papers in one batch request: s2 id -> paper or None; empty when
        there are fewer than two, or the request fails (each is then looked up on its own)."""
        ids = list(dict.fromkeys(q.s2_id for q in queries if q.is_identifier))
        if len(ids) < 2:
            return {}
        try:
            found = self.s2.batch(ids)
        except ServiceError:
            return {}
        return dict(zip(ids, found))

    def lookup(self, query: Query, prefetched: Fetched | None | Missing = None) -> Paper:
        """The record a query names, from Semantic Scholar, completed from arXiv.

        ``prefetched`` is what ``prefetch`` already found for the query: a paper, or MISSING when
        Semantic Scholar knows none (then arXiv is asked, as for one query). Raises NotFoundError,
        AmbiguousMatchError or ServiceError when there is no paper.
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
            return paper
        chosen = match.best
        if not match.confident and not self.take_best:
            if self.choose is None:
                raise fetch.ambiguous(query, match)
            chosen = self.choose(query, match)
            if chosen is None:
                raise PaperlistError("nothing added")
        return fetch.complete(chosen, self.arxiv, added=self.today, warn=self.warn)

    # --- a whole list -----------------------------------------------------------------------------

    def resolve(self, items: list[Written]) -> list[Found]:
        """A Found for every item, in order. ServiceError only when the batch request itself fails."""
        first_id = {i: item.ids[0] for i, item in enumerate(items) if item.ids}
        wanted = list(dict.fromkeys(q.s2_id for q in first_id.values()))
        fetched = dict(zip(wanted, self.s2.batch(wanted))) if wanted else {}
        missing_arxiv = [q.value for q in first_id.values() if q.kind == "arxiv" and fetched.get(q.s2_id) is None]
        from_arxiv = self._arxiv_entries(missing_arxiv)
        results: list[Found] = []
        for i, item in enumerate(items):
            results.append(self._one(item, first_id.get(i), fetched, from_arxiv))
            self.step()
        return self._fill_abstracts(results)

    # --- one entry ------------------------------------------------------------------------------

    def _one(self, item: Written, query: Query | None, fetched: dict, from_arxiv: dict) -> Found:
        if query is not None:
            paper_found = fetched.get(query.s2_id)
            if paper_found is not None:
                if titles_agree(item.title, paper_found.title or ""):
                    return self._found(item, self._paper(paper_found, item))
                return self._by_title_instead(item, paper_found.title or "")
            entry = from_arxiv.get(query.value) if query.kind == "arxiv" else None
            if entry is not None and entry.published:
                if titles_agree(item.title, entry.title):
                    return self._found(item, self._written_on(paper_from_arxiv(entry, added=self.today), item))
                return self._by_title_instead(item, entry.title)
        if not item.title:
            kind = NOT_A_PAPER if query is None else NOT_FOUND
            why = "no paper link and no title" if query is None else f"Semantic Scholar has no paper {query.s2_id}"
            return Found(item, kind, note=why)
        return self._by_title(item, query)

    def _by_title_instead(self, item: Written, linked_title: str) -> Found:
        """The link names another paper: say so, and take the written title only if it is sure."""
        found = self._by_title(item, None)
        where = f"the link is to '{linked_title}'"
        if found.paper is not None:
            return Found(item, WRONG_LINK, found.paper, f"{where}; imported by the written title instead")
        return Found(item, WRONG_LINK, note=f"{where}, and the written title has no confident match: fix the link")

    def _by_title(self, item: Written, query: Query | None) -> Found:
        if self.failures_in_a_row >= STOP_AFTER_FAILURES:
            return Found(item, FAILED, note="not tried: Semantic Scholar kept failing")
        try:
            match = fetch.find(Query("title", item.title, item.title), self.s2)
        except NotFoundError:
            self.failures_in_a_row = 0
            return self._unresolved(item, query, "no paper matches the title")
        except ServiceError as exc:
            self.failures_in_a_row += 1
            return Found(item, FAILED, note=str(exc))
        self.failures_in_a_row = 0
        if not match.confident or match.best is None:
            names = "; ".join(fetch.describe(c) for c in match.candidates[:3])
            return self._unresolved(item, query, f"no confident match for the title (closest: {names})")
        return self._found(item, self._paper(match.best, item))

    def _unresolved(self, item: Written, query: Query | None, why: str) -> Found:
        if query is None and item.has_other_links:
            return Found(item, NOT_A_PAPER, note=f"its links name no paper, and {why}")
        return Found(item, NOT_FOUND, note=why)

    def _found(self, item: Written, paper: Paper | None) -> Found:
        if paper is None:
            return Found(item, FAILED, note="Semantic Scholar gives no date for it and the list writes none")
        return Found(item, FOUND, paper)

    # --- records ----------------------------------------------------------------------------------

    def _paper(self, fetched: Fetched, item: Written) -> Paper | None:
        try:
            paper = to_paper(fetched, added=self.today, fallback_date=item.date)
        except PaperlistError:
            return None
        return self._written_on(paper, item)

    def _written_on(self, paper: Paper, item: Written) -> Paper:
        """The list's own knowledge on top of the fetched record: its section as a topic, its code
        link, and its venue when the service gives none."""
        values = paper.to_mapping()
        if item.topic:
            values["topics"] = list(dict.fromkeys([*values.get("topics", []), item.topic]))
        if item.code and not values.get("code"):
            values["code"] = item.code
        if item.venue and values.get("venue") in (None, ARXIV_VENUE):
            values["venue"] = item.venue
        try:
            return make_paper(**values)
        except PaperlistError:  # a code link the record refuses: keep the paper without it
            values.pop("code", None)
            return make_paper(**values)

    def _arxiv_entries(self, ids: list[str]) -> dict:
        if not ids:
            return {}
        try:
            return self.arxiv.entries(ids)
        except ServiceError as exc:
            self.warn(f"{exc}; preprints Semantic Scholar does not know are looked up by title")
            return {}

    def _fill_abstracts(self, results: list[Found]) -> list[Found]:
        missing = [r for r in results if r.paper is not None and r.paper.arxiv and not r.paper.abstract]
        if not missing:
            return results
        try:
            entries = self.arxiv.entries([r.paper.arxiv for r in missing])  # type: ignore[union-attr]
        except ServiceError as exc:
            self.warn(f"{exc}; abstracts missing from Semantic Scholar stay missing")
            return results
        for result in missing:
            entry = entries.get(result.paper.arxiv)  # type: ignore[union-attr]
            if entry is not None and entry.abstract:
                result.paper = replace(result.paper, abstract=entry.abstract).with_fingerprints(("abstract",))
        return results


@dataclass
class Merged:
    """Found papers with repeats folded together: one record per paper, by position of first sight."""

    papers: list[tuple[Found, Paper]] = field(default_factory=list)
    repeats: list[tuple[Found, Found]] = field(default_factory=list)  # (the repeat, the entry it repeats)


def merge_repeats(results: Iterable[Found]) -> Merged:
    """One record per paper: the same id or normalised title twice becomes one record with the
    union of topics and the first code link."""
    from paperlist.store import Index

    index = Index()
    merged = Merged()
    where: dict[str, int] = {}
    for found in results:
        if found.paper is None:
            continue
        key = str(len(merged.papers))
        same = index.find(found.paper)
        if same is None:
            index.add(key, found.paper)
            where[key] = len(merged.papers)
            merged.papers.append((found, found.paper))
            continue
        first, paper = merged.papers[where[same]]
        values = paper.to_mapping()
        values["topics"] = list(dict.fromkeys([*paper.topics, *found.paper.topics]))
        if not paper.code and found.paper.code:
            values["code"] = found.paper.code
        merged.papers[where[same]] = (first, make_paper(**values))
        merged.repeats.append((found, first))
    return merged


def written_from_links(
    line: int,
    title: str,
    paper_urls: Iterable[str],
    *,
    topic: str | None = None,
    code: str | None = None,
    date: str | None = None,
    venue: str | None = None,
    source: str = "",
    has_other_links: bool = False,
) -> Written:
    """A Written entry whose ids are read from its paper links (arXiv, DOI, Semantic Scholar, ACL,
    or any other paper page, which the batch endpoint may know by URL)."""
    ids = []
    for url in paper_urls:
        query = parse_query(url)
        if query.is_identifier:
            ids.append(query)
    ids.sort(key=lambda q: q.kind == "url")  # a real identifier before a bare URL
    return Written(line, title, tuple(ids), topic, code, date, venue, source, has_other_links)
