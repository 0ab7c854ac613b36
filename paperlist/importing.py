"""Importing any paper list: read each file (the list's own format, or any markdown list), resolve
its entries, fold repeats together, and decide what becomes a record and why the rest does not."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from paperlist.importer import parse_list
from paperlist.paper import Paper, make_paper
from paperlist.resolve import (
    FAILED,
    FOUND,
    NOT_A_PAPER,
    NOT_FOUND,
    WRONG_LINK,
    Found,
    Resolver,
    Written,
    merge_repeats,
    written_from_links,
)
from paperlist.store import Store, build_index

IMPORTED, ALREADY_LISTED, REPEAT, UNREADABLE = "imported", "already listed", "repeat", "unreadable"
#: The summary's order and words.
SUMMARY = (
    (IMPORTED, "imported"),
    (ALREADY_LISTED, "already listed"),
    (REPEAT, "merged duplicates"),
    (WRONG_LINK, "wrong links"),
    (NOT_A_PAPER, "not papers"),
    (NOT_FOUND, "not found"),
    (FAILED, "failed"),
    (UNREADABLE, "unreadable"),
)


@dataclass
class Outcome:
    """What became of one entry of one file."""

    source: str
    line: int
    title: str
    status: str  # one of SUMMARY's statuses
    key: str | None = None
    note: str = ""

    def as_json(self) -> dict[str, Any]:
        return {
            "file": self.source,
            "line": self.line,
            "title": self.title,
            "status": self.status,
            "key": self.key,
            "note": self.note,
        }


@dataclass
class ImportPlan:
    """Records to write (by key), records to rewrite with more topics, and an outcome per entry."""

    new: dict[str, Paper] = field(default_factory=dict)
    extended: dict[str, Paper] = field(default_factory=dict)
    outcomes: list[Outcome] = field(default_factory=list)

    def counts(self) -> Counter:
        counts = Counter(o.status for o in self.outcomes)
        # An entry whose link was wrong but whose title found the paper is imported, and counted as both.
        counts[WRONG_LINK] += sum(1 for o in self.outcomes if o.status == IMPORTED and o.note.startswith("the link"))
        return counts

    def summary(self, verb: str = "Imported") -> str:
        """One line: how many entries came to what, e.g. 'Imported 12, already listed 1, not found 2.'"""
        counts = self.counts()
        rest = [f"{words} {counts[status]}" for status, words in SUMMARY[1:] if counts[status]]
        return ", ".join([f"{verb} {counts[IMPORTED]}", *rest]) + "."

    @property
    def failed(self) -> bool:
        return any(o.status == FAILED for o in self.outcomes)


@dataclass
class FileEntries:
    """One file's entries: to resolve (any markdown list), already whole (the list's own format,
    needing no request), unreadable ones, and warnings about the file."""

    to_resolve: list[Written] = field(default_factory=list)
    whole: list[Found] = field(default_factory=list)
    unreadable: list[Outcome] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def written_entries(text: str, source: str) -> FileEntries:
    """The entries of one file, read as the list's own format when it is in it, else as any list."""
    parsed = parse_list(text)
    if parsed.entries or parsed.skipped:  # the list's own emoji format: complete records already
        return FileEntries(
            whole=[Found(Written(e.line, e.paper.title, source=source), FOUND, e.paper) for e in parsed.entries],
            unreadable=[Outcome(source, s.line, s.title, UNREADABLE, note=s.reason) for s in parsed.skipped],
            warnings=[f"{source}: {w}" for w in parsed.warnings],
        )
    from paperlist.importers.generic import read_generic

    listed = read_generic(text, source)
    items = []
    for entry in listed.entries:
        code = next((link.url for link in entry.links if link.kind == "code"), None)
        items.append(
            written_from_links(
                entry.line,
                entry.title,
                [link.url for link in entry.paper_links],
                topic=entry.topic,
                code=code,
                date=entry.date,
                venue=entry.venue,
                source=source,
                has_other_links=any(link.kind != "paper" for link in entry.links),
            )
        )
    unreadable = [Outcome(source, line, "", UNREADABLE, note=reason) for line, reason in listed.skipped]
    return FileEntries(to_resolve=items, unreadable=unreadable)


def resolve_all(items: list[Written], resolver: Resolver) -> list[Found]:
    return resolver.resolve(items) if items else []


def plan_import(
    found: list[Found], unreadable: list[Outcome], store: Store, papers: dict[str, Paper], *, merge_topics: bool
) -> ImportPlan:
    """What to write for ``found`` against the list as it is (``papers``), and an outcome per entry."""
    plan = ImportPlan(outcomes=list(unreadable))
    merged = merge_repeats(found)
    index = build_index(papers)
    keys_of: dict[int, str] = {}
    extended: dict[str, Paper] = {}
    for first, paper in merged.papers:
        existing = index.find(paper)
        written = first.written
        if existing is not None:
            keys_of[id(first)] = existing
            note = f"already in {store.display(store.path(existing))}"
            current = extended.get(existing, papers[existing])
            more = [t for t in paper.topics if t not in current.topics]
            if merge_topics and more:
                extended[existing] = make_paper(**{**current.to_mapping(), "topics": [*current.topics, *more]})
                note += f"; topics {', '.join(more)} added"
            plan.outcomes.append(Outcome(written.source, written.line, written.title, ALREADY_LISTED, existing, note))
            continue
        key = store.new_key(paper, {**papers, **plan.new})
        plan.new[key] = paper
        index.add(key, paper)
        keys_of[id(first)] = key
        status_note = first.note if first.status == WRONG_LINK else ""
        plan.outcomes.append(Outcome(written.source, written.line, written.title, IMPORTED, key, status_note))
    for repeat, original in merged.repeats:
        w = repeat.written
        key = keys_of.get(id(original))
        where = (
            f"{original.written.source}:{original.written.line}"
            if original.written.source
            else f"line {original.written.line}"
        )
        plan.outcomes.append(Outcome(w.source, w.line, w.title, REPEAT, key, f"the same paper as {where}; merged"))
    for result in found:
        if result.paper is None:
            w = result.written
            plan.outcomes.append(Outcome(w.source, w.line, w.title, result.status, None, result.note))
    plan.extended = extended
    plan.outcomes.sort(key=lambda o: (o.source, o.line))
    return plan
