"""The papers/ folder: read, validate and index every record, and write records atomically."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from paperlist.errors import Problem, RecordError, StoreError
from paperlist.paper import Paper, normalise_title, paper_key, sort_key
from paperlist.record_yaml import dump_record, parse_record, rewrite_record
from paperlist.writer import MAX_RECORD_BYTES, UnreadableFileError, read_regular, read_text, reason, write_plan

__all__ = ["Store", "Index", "build_index", "ordered", "dump_record", "parse_record"]

KEY_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$")
SUFFIX = ".yaml"
SUFFIXES = (".yaml", ".yml")


@dataclass
class Index:
    """Finds a listed paper by arXiv id, DOI, Semantic Scholar id or normalised title."""

    by_arxiv: dict[str, str] = field(default_factory=dict)
    by_doi: dict[str, str] = field(default_factory=dict)
    by_s2: dict[str, str] = field(default_factory=dict)
    by_title: dict[str, str] = field(default_factory=dict)

    def add(self, key: str, paper: Paper) -> list[tuple[str, str]]:
        """Index a paper; returns (what, other key) for each identifier another paper already has."""
        clashes = []
        for what, table, value in self._entries(paper):
            other = table.get(value)
            if other is not None and other != key:
                clashes.append((what, other))
            else:
                table[value] = key
        return clashes

    def find(self, paper: Paper) -> str | None:
        """The key of a listed paper that is the same as ``paper``, if any."""
        for _, table, value in self._entries(paper):
            if value in table:
                return table[value]
        return None

    def find_id(self, *, arxiv: str | None = None, doi: str | None = None, s2: str | None = None) -> str | None:
        if arxiv and arxiv in self.by_arxiv:
            return self.by_arxiv[arxiv]
        if doi and doi.lower() in self.by_doi:
            return self.by_doi[doi.lower()]
        if s2 and s2.lower() in self.by_s2:
            return self.by_s2[s2.lower()]
        return None

    def find_title(self, title: str) -> str | None:
        return self.by_title.get(normalise_title(title))

    def _entries(self, paper: Paper):
        if paper.arxiv:
            yield "arXiv id", self.by_arxiv, paper.arxiv
        if paper.doi:
            yield "DOI", self.by_doi, paper.doi.lower()
        if paper.semantic_scholar:
            yield "Semantic Scholar id", self.by_s2, paper.semantic_scholar.lower()
        title = normalise_title(paper.title)
        if title:
            yield "title", self.by_title, title


class Store:
    """The records of one list: ``<root>/papers/<key>.yaml`` (``.yml`` is read too, and kept)."""

    def __init__(self, root: Path | str):
        self.root = Path(root)
        self.directory = self.root / "papers"
        # The file each key was read from, so a rewrite keeps a .yml a .yml.
        self._paths: dict[str, Path] = {}

    def path(self, key: str) -> Path:
        """The file of record ``key``: the one it was read from, else ``papers/<key>.yaml``."""
        if not KEY_PATTERN.match(key):
            raise StoreError(f"'{key}' is not a valid record key (letters, digits, '.', '_' and '-')")
        if key in self._paths:
            return self._paths[key]
        path = self.directory / f"{key}{SUFFIX}"
        # A key can never name a file outside papers/.
        if path.parent != self.directory:
            raise StoreError(f"'{key}' is not a valid record key")
        other = self.directory / f"{key}.yml"
        return other if not path.exists() and other.exists() else path

    def display(self, path: Path) -> str:
        try:
            return str(path.relative_to(self.root))
        except ValueError:
            return str(path)

    def require(self) -> None:
        """Raise StoreError unless papers/ is a folder: no command works on a list that has none."""
        if not self.directory.exists():
            where = "." if str(self.root) == "." else str(self.root)
            raise StoreError(f"no papers/ folder in {where}: run paperlist in the list's root folder, or pass -C DIR")
        if not self.directory.is_dir():
            raise StoreError(f"{self.display(self.directory)} is not a folder: papers/ must be a folder of records")

    def _entries(self) -> list[str]:
        self.require()
        try:
            return sorted(entry.name for entry in os.scandir(self.directory))
        except OSError as exc:
            raise StoreError(f"cannot read {self.display(self.directory)}/: {reason(exc)}") from None

    def files(self) -> list[Path]:
        """The record files: every ``*.yaml`` and ``*.yml`` that is not hidden."""
        return [self.directory / n for n in self._entries() if n.endswith(SUFFIXES) and not n.startswith(".")]

    def strays(self) -> list[Problem]:
        """Files in papers/ that are not read as records, each a problem: the paper would be missing silently."""
        problems = []
        for name in self._entries():
            if name.startswith(".") or name.endswith(SUFFIXES):
                continue
            stem, dot, suffix = name.rpartition(".")
            if dot and suffix.lower() in ("yaml", "yml"):
                hint = f"rename it to {stem}.yaml"
            elif (self.directory / name).is_dir():
                hint = "records are not read from sub-folders; move its records into papers/"
            else:
                hint = "records must be named <key>.yaml; rename it, or move it out of papers/"
            problems.append(Problem(f"papers/{name}", f"not read as a record: {hint}"))
        return problems

    def check(self) -> tuple[dict[str, Paper], list[Problem]]:
        """Every record that reads cleanly, by key, and every problem in any record."""
        papers: dict[str, Paper] = {}
        problems: list[Problem] = []
        index = Index()
        wanted: list[Path] = []
        for path in self.files():
            shown = f"papers/{path.name}"
            key = path.stem
            if not KEY_PATTERN.match(key):
                problems.append(Problem(shown, "file name must be letters, digits, '.', '_' or '-' followed by .yaml"))
                continue
            if key in self._paths and self._paths[key] != path:
                problems.append(Problem(shown, f"two files for key '{key}' (.yaml and .yml); keep one"))
                continue
            self._paths[key] = path
            wanted.append(path)
        for path, paper, found in read_records(wanted):
            problems.extend(found)
            if paper is None or found:
                continue
            key = path.stem
            for what, other in index.add(key, paper):
                problems.append(
                    Problem(
                        f"papers/{path.name}",
                        f"same {what} as {self.display(self.path(other))}: one paper, two records; remove one",
                    )
                )
            papers[key] = paper
        return papers, problems

    def load(self) -> dict[str, Paper]:
        """Every record by key; raises RecordError listing every problem if any record is bad."""
        papers, problems = self.check()
        if problems:
            raise RecordError(problems)
        return papers

    def record_text(self, key: str, paper: Paper) -> str:
        """The text to write for record ``key``: its file rewritten in place (comments, order and
        formatting kept) when it exists, else the canonical form."""
        path = self.path(key)
        old = read_text(path, self.display(path))
        return dump_record(paper) if old is None else rewrite_record(old, paper)

    def plan(self, papers: dict[str, Paper]) -> dict[Path, str]:
        """``{path: text}`` for writing ``papers`` (by key)."""
        return {self.path(key): self.record_text(key, paper) for key, paper in papers.items()}

    def write(self, key: str, paper: Paper) -> bool:
        """Write one record, atomically; False when the file already said so."""
        return bool(write_plan(self.plan({key: paper}), self.root, shown=self.display))

    def claim(self, paper: Paper, known: dict[str, Paper]) -> tuple[str, bool]:
        """The key to write a new ``paper`` under, checked against the disk as it is now: (key, True);
        or, when another command has meanwhile written the same paper, (its key, False).

        ``known`` is the list as this command read it. Call this while holding the list's lock.
        """
        base = paper_key(paper)
        key, n = base, 2
        while True:
            if key in known:
                if build_index({key: known[key]}).find(paper) is not None:
                    return key, False
            else:
                path = self.path(key)
                if not path.exists():
                    return key, True
                text = read_text(path, self.display(path), limit=MAX_RECORD_BYTES) or ""
                other, problems = parse_record(text, self.display(path))
                if other is not None and not problems and build_index({key: other}).find(paper) is not None:
                    return key, False
            key = f"{base}-{n}"
            n += 1

    def new_key(self, paper: Paper, taken: set[str] | dict) -> str:
        """A key for a new paper that no existing record uses."""
        base = paper_key(paper)
        key, n = base, 2
        while key in taken or any((self.directory / f"{key}{s}").exists() for s in SUFFIXES):
            key = f"{base}-{n}"
            n += 1
        return key


def read_record(path: Path) -> tuple[Path, Paper | None, list[Problem]]:
    """One record file read and checked: (path, the paper or None, every problem)."""
    shown = f"papers/{path.name}"
    try:
        data = read_regular(path, shown)
    except FileNotFoundError:
        if path.is_symlink():
            return path, None, [Problem(shown, "cannot read: a symbolic link to a file that does not exist")]
        return path, None, []  # removed while the folder was read
    except UnreadableFileError as exc:
        hint = "; move it out of papers/" if exc.detail.startswith("not a regular file") else ""
        return path, None, [Problem(shown, f"cannot read: {exc.detail}{hint}")]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return path, None, [Problem(shown, "not UTF-8 text")]
    paper, problems = parse_record(text, shown)
    return path, paper, problems


def _read_chunk(paths: list[Path]) -> list[tuple[Path, Paper | None, list[Problem]]]:
    return [read_record(path) for path in paths]


#: With this many records or more, they are read by several processes (where the system can fork).
PARALLEL_FROM = 2000
_CHUNK = 250


def read_records(paths: list[Path]) -> list[tuple[Path, Paper | None, list[Problem]]]:
    """Every record in ``paths`` read and checked, in order; a large list on all the machine's cores.

    Parsing YAML is most of the work of reading a list, and it is CPU-bound: past
    PARALLEL_FROM records, forked worker processes share it (``PAPERLIST_JOBS`` caps
    how many; 1 reads in this process only).
    """
    jobs = _jobs()
    if len(paths) < PARALLEL_FROM or jobs < 2:
        return _read_chunk(paths)
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    chunks = [paths[i : i + _CHUNK] for i in range(0, len(paths), _CHUNK)]
    try:
        with ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("fork")) as pool:
            return [record for chunk in pool.map(_read_chunk, chunks) for record in chunk]
    except (OSError, RuntimeError):  # no processes to be had: read them here
        return _read_chunk(paths)


def _jobs() -> int:
    import multiprocessing

    if "fork" not in multiprocessing.get_all_start_methods() or multiprocessing.parent_process() is not None:
        return 1
    raw = os.environ.get("PAPERLIST_JOBS", "").strip()
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    if raw.isdigit() and int(raw) >= 1:
        return min(int(raw), cores)
    return min(cores, 8)


def build_index(papers: dict[str, Paper]) -> Index:
    index = Index()
    for key, paper in papers.items():
        index.add(key, paper)
    return index


def ordered(papers: dict[str, Paper]) -> list[tuple[str, Paper]]:
    """Records in list order: newest first, ties by title then key."""
    return sorted(papers.items(), key=lambda kv: sort_key(kv[1], kv[0]))
