"""The papers/ folder: read, validate and index every record, and write records atomically."""

from __future__ import annotations

import os
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from paperlist.errors import Problem, RecordError, StoreError
from paperlist.paper import Paper, normalise_title, paper_from_mapping, paper_key, sort_key

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
# The pure-Python dumper everywhere, so every machine writes identical bytes.
_Dumper = yaml.SafeDumper


class RecordLoader(_Loader):  # type: ignore[misc,valid-type]
    """Safe YAML loading that keeps dates as text, so both quoted and bare dates are read alike."""


RecordLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in _Loader.yaml_implicit_resolvers.items()
}


class RecordDumper(_Dumper):  # type: ignore[misc,valid-type]
    """Block-style YAML with multi-line text as literal blocks."""


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    if "\n" in value:
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|")
    return dumper.represent_scalar("tag:yaml.org,2002:str", value)


RecordDumper.add_representer(str, _represent_str)

KEY_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$")
SUFFIX = ".yaml"


def dump_record(paper: Paper) -> str:
    """The canonical YAML text of a record."""
    text = yaml.dump(
        paper.to_mapping(),
        Dumper=RecordDumper,
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=False,
        width=2**30,
        indent=2,
    )
    return text


def parse_record(text: str, path: str) -> tuple[Paper | None, list[Problem]]:
    """Parse one record's YAML text; every problem is located by ``path`` and line."""
    loader = RecordLoader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        return None, [Problem(path, f"not valid YAML: {exc.problem or exc.context}", line)]
    except yaml.YAMLError as exc:
        return None, [Problem(path, f"not valid YAML: {exc}")]
    finally:
        loader.dispose()
    lines: dict[str, int] = {}
    if isinstance(node, yaml.MappingNode):
        for key_node, _ in node.value:
            lines.setdefault(str(key_node.value), key_node.start_mark.line + 1)
    paper, problems = paper_from_mapping(data, lines)
    return paper, [Problem(path, message, line) for line, message in problems]


def write_atomic(path: Path, text: str) -> bool:
    """Write ``text`` to ``path`` through a temporary file and a rename; False if unchanged."""
    data = text.encode("utf-8")
    try:
        if path.read_bytes() == data:
            return False
    except FileNotFoundError:
        pass
    except OSError as exc:
        raise StoreError(f"cannot read {path}: {exc.strerror}") from exc
    fd = None
    tmp = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        with os.fdopen(fd, "wb") as handle:
            fd = None
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        try:
            os.chmod(tmp, 0o644)
        except OSError:
            pass
        os.replace(tmp, path)
        tmp = None
    except OSError as exc:
        raise StoreError(f"cannot write {path}: {exc.strerror}") from exc
    finally:
        if fd is not None:
            os.close(fd)
        if tmp is not None and os.path.exists(tmp):
            os.unlink(tmp)
    return True


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
    """The records of one list: ``<root>/papers/<key>.yaml``."""

    def __init__(self, root: Path | str):
        self.root = Path(root)
        self.directory = self.root / "papers"

    def path(self, key: str) -> Path:
        if not KEY_PATTERN.match(key):
            raise StoreError(f"'{key}' is not a valid record key (letters, digits, '.', '_' and '-')")
        path = self.directory / f"{key}{SUFFIX}"
        # A key can never name a file outside papers/.
        if path.parent != self.directory:
            raise StoreError(f"'{key}' is not a valid record key")
        return path

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

    def files(self) -> list[Path]:
        self.require()
        return sorted(
            p for p in self.directory.iterdir() if p.suffix in (".yaml", ".yml") and not p.name.startswith(".")
        )

    def check(self) -> tuple[dict[str, Paper], list[Problem]]:
        """Every record that reads cleanly, by key, and every problem in any record."""
        papers: dict[str, Paper] = {}
        problems: list[Problem] = []
        index = Index()
        for path in self.files():
            shown = f"papers/{path.name}"
            key = path.stem
            if not KEY_PATTERN.match(key):
                problems.append(Problem(shown, "file name must be letters, digits, '.', '_' or '-' followed by .yaml"))
                continue
            if key in papers:
                problems.append(Problem(shown, f"two files for key '{key}' (.yaml and .yml); keep one"))
                continue
            try:
                text = path.read_text(encoding="utf-8")
            except UnicodeDecodeError:
                problems.append(Problem(shown, "not UTF-8 text"))
                continue
            except OSError as exc:
                problems.append(Problem(shown, f"cannot read: {exc.strerror}"))
                continue
            paper, found = parse_record(text, shown)
            problems.extend(found)
            if paper is None or found:
                continue
            for what, other in index.add(key, paper):
                problems.append(
                    Problem(
                        shown, f"same {what} as {self.display(self.path(other))}: one paper, two records; remove one"
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

    def write(self, key: str, paper: Paper) -> bool:
        """Write one record in canonical form, atomically; False when the file already said so."""
        return write_atomic(self.path(key), dump_record(paper))

    def new_key(self, paper: Paper, taken: set[str] | dict) -> str:
        """A key for a new paper that no existing record uses."""
        base = paper_key(paper)
        key, n = base, 2
        while key in taken or self.path(key).exists():
            key = f"{base}-{n}"
            n += 1
        return key


def build_index(papers: dict[str, Paper]) -> Index:
    index = Index()
    for key, paper in papers.items():
        index.add(key, paper)
    return index


def ordered(papers: dict[str, Paper]) -> list[tuple[str, Paper]]:
    """Records in list order: newest first, ties by title then key."""
    return sorted(papers.items(), key=lambda kv: sort_key(kv[1], kv[0]))
