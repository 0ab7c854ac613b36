"""The Paper record: its fields, their validation, and its canonical mapping form."""

from __future__ import annotations

import datetime as _dt
import difflib
import functools
import hashlib
import json
import re
import unicodedata
from dataclasses import dataclass, fields, replace
from typing import Any
from urllib.parse import urlsplit

from paperlist import identifiers
from paperlist.errors import Problem, RecordError

# Field order is the canonical order records are written in.
TEXT_FIELDS = (
    "title",
    "venue",
    "arxiv",
    "doi",
    "semantic_scholar",
    "url",
    "pdf",
    "code",
    "abstract",
    "tldr",
    "note",
)
LIST_FIELDS = ("authors", "topics")
REQUIRED = ("title", "authors", "date")
URL_FIELDS = ("url", "pdf", "code")
# Fields a fetch fills in; refresh may update them unless a curator changed them.
FETCHED_FIELDS = ("title", "authors", "date", "venue", "arxiv", "doi", "semantic_scholar", "pdf", "abstract", "tldr")
# Fields only a curator sets; no fetch ever changes them.
CURATOR_FIELDS = ("url", "code", "topics", "note", "added")

_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
# Control characters other than tab and newline carry no text and can corrupt YAML or markdown.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_URL = re.compile(r"^https?://[^\s/$.?#][^\s]*$", re.IGNORECASE)


@dataclass(frozen=True)
class Paper:
    """One paper of the list, as stored in ``papers/<key>.yaml``."""

    title: str
    authors: tuple[str, ...]
    date: str
    venue: str | None = None
    arxiv: str | None = None
    doi: str | None = None
    semantic_scholar: str | None = None
    url: str | None = None
    pdf: str | None = None
    code: str | None = None
    abstract: str | None = None
    tldr: str | None = None
    topics: tuple[str, ...] = ()
    note: str | None = None
    added: str | None = None
    # (count, date read): how many papers cite this one, kept current by refresh.
    citations: tuple[int, str] | None = None
    # Fingerprints of fetched values: refresh only updates a field whose value still matches.
    fetched: tuple[tuple[str, str], ...] = ()

    @property
    def link(self) -> str | None:
        """The landing page: ``url``, else the arXiv abs page, else doi.org, else Semantic Scholar."""
        if self.url:
            return self.url
        if self.arxiv:
            return f"https://arxiv.org/abs/{self.arxiv}"
        if self.doi:
            return f"https://doi.org/{self.doi}"
        if self.semantic_scholar:
            return f"https://www.semanticscholar.org/paper/{self.semantic_scholar}"
        return None

    @property
    def pdf_link(self) -> str | None:
        """``pdf``, else the arXiv PDF when the paper is on arXiv."""
        if self.pdf:
            return self.pdf
        if self.arxiv:
            return f"https://arxiv.org/pdf/{self.arxiv}"
        return None

    def to_mapping(self) -> dict[str, Any]:
        """The record as a plain mapping in canonical key order, absent fields left out."""
        out: dict[str, Any] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if f.name == "fetched":
                if value:
                    out["fetched"] = dict(value)
            elif f.name == "citations":
                if value is not None:
                    out["citations"] = {"count": value[0], "date": value[1]}
            elif f.name in LIST_FIELDS:
                if value or f.name in REQUIRED:
                    out[f.name] = list(value)
            elif value is not None:
                out[f.name] = value
        return out

    def with_fingerprints(self, names: tuple[str, ...] = FETCHED_FIELDS) -> Paper:
        """This paper with its current values of ``names`` marked as fetched."""
        marks = dict(self.fetched)
        for name in names:
            value = getattr(self, name)
            if value in (None, ()):
                marks.pop(name, None)
            else:
                marks[name] = fingerprint(value)
        return replace(self, fetched=tuple(sorted(marks.items(), key=lambda kv: FIELD_NAMES.index(kv[0]))))

    def edited_by_curator(self, name: str) -> bool:
        """True when field ``name`` holds a value that no fetch wrote."""
        value = getattr(self, name)
        if name in CURATOR_FIELDS:
            return value not in (None, ())
        if value in (None, ()):
            return False
        marks = dict(self.fetched)
        return marks.get(name) != fingerprint(value)


FIELD_NAMES = tuple(f.name for f in fields(Paper))


def fingerprint(value: Any) -> str:
    """A short, stable digest of a field's value."""
    if isinstance(value, tuple):
        value = list(value)
    data = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(data.encode("utf-8")).hexdigest()[:12]


def clean_text(value: str) -> str | None:
    """Normalised text: newlines unified, outer whitespace stripped, empty as None."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    value = _CONTROL.sub("", value).strip()
    return value or None


_NOT_WORD = re.compile(r"[\W_]+")


@functools.lru_cache(maxsize=65536)
def normalise_title(title: str) -> str:
    """A title reduced for comparison: case, accents, punctuation and spacing ignored."""
    if title.isascii():
        text = title.lower()
    else:
        text = unicodedata.normalize("NFKD", title)
        text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    return " ".join(_NOT_WORD.sub(" ", text).split())


def title_similarity(a: str, b: str) -> float:
    """Similarity of two titles in [0, 1] after normalisation."""
    na, nb = normalise_title(a), normalise_title(b)
    if not na or not nb:
        return 0.0
    if na == nb:
        return 1.0
    return difflib.SequenceMatcher(None, na, nb, autojunk=False).ratio()


def title_confidence(query: str, title: str) -> float:
    """How surely ``title`` is the paper a user meant by typing ``query``, in [0, 1].

    The similarity of the two titles; or, for a shortened title, at least 0.8 (but under
    0.9): when the query is the title's name before its colon ("rStar-Math"), or four or
    more of its words in a row covering two fifths of it.
    """
    similarity = title_similarity(query, title)
    q, t = normalise_title(query), normalise_title(title)
    if not q or not t or similarity >= 0.9:
        return similarity
    head = normalise_title(title.split(":", 1)[0]) if ":" in title else ""
    if len(q) >= 4 and q == head:
        return max(similarity, 0.85)
    if len(q.split()) >= 4 and len(q) >= 0.4 * len(t) and f" {q} " in f" {t} ":
        return max(similarity, 0.8 + 0.09 * len(q) / len(t))
    return similarity


@functools.lru_cache(maxsize=4096)
def date_parts(date: str) -> tuple[int, int, int]:
    """(year, month, day) of a record date, missing parts as 0."""
    m = _DATE.match(date)
    if not m:
        return (0, 0, 0)
    return tuple(int(g) if g else 0 for g in m.groups())  # type: ignore[return-value]


def sort_key(paper: Paper, key: str) -> tuple:
    """Newest first; a year- or month-only date after the full dates it contains; then title, then key."""
    y, m, d = date_parts(paper.date)
    return (-y, -m, -d, normalise_title(paper.title), paper.title, key)


def paper_key(paper: Paper) -> str:
    """The file name stem for a paper: its arXiv id when it has one, else a slug of its title."""
    if paper.arxiv:
        return paper.arxiv.replace("/", "_")
    return title_slug(paper.title)


def title_slug(title: str, limit: int = 60) -> str:
    """A short filesystem-safe slug of a title, never empty."""
    text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode("ascii").lower()
    words = re.findall(r"[a-z0-9]+", text)
    slug = ""
    for word in words:
        candidate = f"{slug}-{word}" if slug else word
        if len(candidate) > limit:
            break
        slug = candidate
    if not slug and words:
        slug = words[0][:limit]
    if not slug:
        slug = "paper-" + hashlib.sha256(title.encode("utf-8")).hexdigest()[:10]
    return slug


# --- reading a mapping, with every problem reported --------------------------------------

_KNOWN = set(FIELD_NAMES)


def _describe(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, (_dt.date, _dt.datetime)):
        return "a date"
    return type(value).__name__


def _valid_date(text: str, full_only: bool = False) -> bool:
    m = _DATE.match(text)
    if not m or (full_only and not m.group(3)):
        return False
    y, mo, d = (int(g) if g else 1 for g in m.groups())
    try:
        _dt.date(y, mo, d)
    except ValueError:
        return False
    return True


def paper_from_mapping(
    data: Any, lines: dict[str, int] | None = None
) -> tuple[Paper | None, list[tuple[int | None, str]]]:
    """Build a Paper from a loaded YAML mapping.

    Returns the paper (None when it cannot be built) and every problem found, each as
    (line or None, message). ``lines`` maps each key to the line it is on.
    """
    lines = lines or {}
    problems: list[tuple[int | None, str]] = []

    def bad(name: str | None, message: str) -> None:
        problems.append((lines.get(name) if name else None, message))

    if not isinstance(data, dict):
        return None, [(None, f"expected a mapping of fields, got {_describe(data)}")]

    values: dict[str, Any] = {}
    for name, value in data.items():
        if not isinstance(name, str) or name not in _KNOWN:
            close = difflib.get_close_matches(str(name), FIELD_NAMES, n=1, cutoff=0.6)
            hint = f" (did you mean '{close[0]}'?)" if close else f" (known fields: {', '.join(FIELD_NAMES)})"
            problems.append((lines.get(str(name)), f"unknown field '{name}'{hint}"))
            continue
        if value is None:
            continue
        if name in ("date", "added"):
            if isinstance(value, _dt.datetime):
                value = value.date()
            if isinstance(value, _dt.date):
                value = value.isoformat()
            elif isinstance(value, int) and not isinstance(value, bool) and name == "date" and 1000 <= value <= 9999:
                value = str(value)
            if not isinstance(value, str):
                bad(name, f"{name}: expected a date such as 2024-08-06, got {_describe(value)}")
                continue
            value = value.strip()
            if not _valid_date(value, full_only=(name == "added")):
                form = "YYYY-MM-DD" if name == "added" else "YYYY-MM-DD, YYYY-MM or YYYY"
                bad(name, f"{name}: '{value}' is not a valid date ({form})")
                continue
            values[name] = value
        elif name in LIST_FIELDS:
            if isinstance(value, str) and name == "topics":
                value = [value]
            if not isinstance(value, list):
                bad(name, f"{name}: expected a list of text, got {_describe(value)}")
                continue
            items = []
            for item in value:
                if not isinstance(item, str):
                    bad(name, f"{name}: every item must be text, got {_describe(item)} (quote it)")
                    break
                cleaned = clean_text(item)
                if cleaned:
                    items.append(cleaned)
            else:
                values[name] = tuple(items)
        elif name == "citations":
            count, read = (value.get("count"), value.get("date")) if isinstance(value, dict) else (None, None)
            if isinstance(read, (_dt.date, _dt.datetime)):
                read = read.isoformat()[:10]
            if (
                not isinstance(value, dict)
                or set(value) != {"count", "date"}
                or isinstance(count, bool)
                or not isinstance(count, int)
                or count < 0
                or not isinstance(read, str)
                or not _valid_date(read.strip(), full_only=True)
            ):
                bad(name, "citations: expected 'count' (a whole number) and 'date' (YYYY-MM-DD), written by refresh")
                continue
            values[name] = (count, read.strip())
        elif name == "fetched":
            if not isinstance(value, dict) or not all(
                isinstance(k, str) and k in FETCHED_FIELDS and isinstance(v, str) for k, v in value.items()
            ):
                bad(name, "fetched: expected a mapping of fetched field names to fingerprints")
                continue
            values[name] = tuple(sorted(value.items(), key=lambda kv: FIELD_NAMES.index(kv[0])))
        else:
            if not isinstance(value, str):
                bad(name, f"{name}: expected text, got {_describe(value)} (quote it)")
                continue
            cleaned = clean_text(value)
            if cleaned is None:
                continue
            problem = _check_text_field(name, cleaned)
            if problem:
                bad(name, problem)
                continue
            values[name] = cleaned

    for name in REQUIRED:
        if name in values:
            continue
        if name == "authors" and name in data and data[name] is None:
            values["authors"] = ()
        elif name not in data:
            problems.append((None, f"missing required field '{name}'"))
        elif data[name] is None or (isinstance(data[name], str) and not data[name].strip()):
            bad(name, f"{name}: must not be empty")
        # otherwise its value's problem is already reported

    if problems or any(name not in values for name in REQUIRED):
        return None, problems
    return Paper(**values), problems


def url_problem(value: str) -> str | None:
    """Why ``value`` is not a usable http(s) URL, or None when it is one."""
    if not _URL.match(value):
        return "is not an http(s) URL"
    try:
        parts = urlsplit(value)
        host = parts.hostname
        parts.port  # noqa: B018 (raises on a port that is not a number)
    except ValueError as exc:
        return f"is not a valid URL ({exc})"
    if not host:
        return "is not a valid URL (it has no host)"
    return None


def _check_text_field(name: str, value: str) -> str | None:
    if name in URL_FIELDS:
        problem = url_problem(value)
        if problem:
            return f"{name}: '{value}' {problem}"
    if name == "arxiv" and not identifiers.ARXIV_ID.match(value):
        return f"arxiv: '{value}' is not an arXiv id without version, such as 2408.03314 or hep-th/9901001"
    if name == "doi" and not identifiers.DOI.match(value):
        return f"doi: '{value}' is not a DOI such as 10.1145/3292500.3330701"
    if name == "semantic_scholar" and not identifiers.S2_ID.match(value):
        return f"semantic_scholar: '{value}' is not a Semantic Scholar paperId (40 hexadecimal digits)"
    return None


def make_paper(**values: Any) -> Paper:
    """A Paper from Python values, cleaned and validated like a record read from disk."""
    data = {k: (list(v) if isinstance(v, tuple) else v) for k, v in values.items()}
    if "fetched" in data and isinstance(data["fetched"], (list, tuple)):
        data["fetched"] = dict(data["fetched"])
    paper, problems = paper_from_mapping(data)
    if paper is None or problems:
        raise RecordError([Problem("record", msg, line) for line, msg in problems] or [Problem("record", "invalid")])
    return paper
