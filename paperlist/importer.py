"""Read a paper list in the README entry format back into records, entry by entry."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

from paperlist import identifiers
from paperlist.errors import RecordError
from paperlist.paper import Paper, make_paper
from paperlist.render import NO_ABSTRACT

_ENTRY_START = re.compile(r"^ {0,3}🔹")
_HEADING = re.compile(r"^\s{0,3}#{1,6}(\s|$)")
#: A merge-conflict marker line, which no list should hold.
CONFLICT_MARKER = re.compile(r"^(<{7}|={7}|>{7}|\|{7})(\s|$)")
_LINKED_TITLE = re.compile(r"^\s*🔹\s*\[(?P<title>.*)\]\((?P<url>[^()\s]*(?:\([^()\s]*\)[^()\s]*)*)\)\s*$")
_PLAIN_TITLE = re.compile(r"^\s*🔹\s*(?P<title>.*?)\s*$")
_FIELD = re.compile(r"^\s*[-*]\s+(?:\S+\s+)?\*\*(?P<label>[^*]+?):?\*\*:?\s?(?P<value>.*)$")
_LINK = re.compile(r"^\[(?P<text>.*)\]\((?P<url>\S*)\)\s*$")
_DETAILS_OPEN = re.compile(r"<details>", re.IGNORECASE)
_DETAILS_CLOSE = re.compile(r"</details>", re.IGNORECASE)
_SUMMARY = re.compile(r"<summary>.*?</summary>", re.IGNORECASE | re.DOTALL)
# One pass over the escapes the renderer writes: backslash escapes, character references, <br>.
_UNESCAPE = re.compile(
    r"\\([!-/:-@\[-`{-~])|&(#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);|<br\s*/?>", re.IGNORECASE
)
_HTML_UNESCAPE = re.compile(r"&(#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);|<br\s*/?>", re.IGNORECASE)

_URL_ESCAPES = re.compile(r"%(28|29|3[cC]|3[eE]|5[cC]|60)")

_LABELS = {
    "arxiv pdf link": "pdf",
    "pdf link": "pdf",
    "pdf": "pdf",
    "paper link": "pdf",
    "official code": "code",
    "code": "code",
    "authors": "authors",
    "author": "authors",
    "date": "date",
    "publisher": "venue",
    "venue": "venue",
    "tl;dr": "tldr",
    "tldr": "tldr",
    "abstract": "abstract",
}


@dataclass(frozen=True)
class ParsedEntry:
    """An entry read whole: where it starts and the paper it describes."""

    line: int
    paper: Paper


@dataclass(frozen=True)
class SkippedEntry:
    """An entry that could not be read whole, and why."""

    line: int
    title: str
    reason: str

    def __str__(self) -> str:
        shown = self.title if len(self.title) <= 70 else self.title[:67] + "..."
        return f"line {self.line}: skipped '{shown}': {self.reason}"


@dataclass
class ParsedList:
    entries: list[ParsedEntry] = field(default_factory=list)
    skipped: list[SkippedEntry] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def _unescape_match(m: re.Match) -> str:
    if m.group(1) is not None:
        return m.group(1)
    if m.group(2) is not None:
        return html.unescape(f"&{m.group(2)};")
    return "\n"


def _html_unescape_match(m: re.Match) -> str:
    if m.group(1) is not None:
        return html.unescape(f"&{m.group(1)};")
    return "\n"


def unescape_inline(text: str) -> str:
    """Text as a reader sees it, from a markdown line the renderer (or a person) wrote."""
    return _UNESCAPE.sub(_unescape_match, text)


def unescape_html_text(text: str) -> str:
    """Text as a reader sees it, from inside the abstract's HTML block."""
    return _HTML_UNESCAPE.sub(_html_unescape_match, text)


def _link_target(value: str) -> str | None:
    """The URL of a ``[text](url)`` value, or of a bare URL; None for N/A and the like."""
    value = value.strip()
    m = _LINK.match(value)
    url = m.group("url") if m else value
    url = url.strip().strip("<>")
    if not identifiers.is_url(url):
        return None
    # Undo the percent-encoding the renderer applies to characters markdown would misread.
    return _URL_ESCAPES.sub(lambda m: chr(int(m.group(1), 16)), url)


class _EntryProblem(Exception):
    pass


def parse_list(text: str) -> ParsedList:
    """Every entry of a list in the README format: those read whole, and those skipped with the reason."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    result = ParsedList()
    starts = [i for i, line in enumerate(lines) if _ENTRY_START.match(line)]
    inside: set[int] = set()  # lines that belong to an entry
    for n, start in enumerate(starts):
        end = starts[n + 1] if n + 1 < len(starts) else len(lines)
        for i in range(start + 1, end):
            if _HEADING.match(lines[i]):
                end = i
                break
        title = _raw_title(lines[start])
        try:
            paper, used_end = _parse_entry(lines, start, end)
        except _EntryProblem as exc:
            result.skipped.append(SkippedEntry(start + 1, title, str(exc)))
            inside.update(range(start, end))
            continue
        inside.update(range(start, used_end))
        result.entries.append(ParsedEntry(start + 1, paper))
    for i, line in enumerate(lines):
        if i not in inside and CONFLICT_MARKER.match(line):
            result.warnings.append(f"line {i + 1}: merge-conflict marker outside any entry, ignored")
    return result


def _raw_title(line: str) -> str:
    m = _LINKED_TITLE.match(line)
    if m:
        return unescape_inline(m.group("title")).strip()
    return _PLAIN_TITLE.match(line).group("title")  # type: ignore[union-attr]


def _parse_entry(lines: list[str], start: int, end: int) -> tuple[Paper, int]:
    """The paper of the entry in lines[start:end], and the index just past its last line."""
    values: dict[str, object] = {}
    m = _LINKED_TITLE.match(lines[start])
    if m:
        values["title"] = unescape_inline(m.group("title"))
        link = _link_target(f"[x]({m.group('url')})")
    else:
        values["title"] = unescape_inline(_PLAIN_TITLE.match(lines[start]).group("title"))  # type: ignore[union-attr]
        link = None
    last = start + 1
    i = start + 1
    while i < end:
        line = lines[i]
        if not line.strip() and last > start + 1:
            break  # an entry is one block of lines; what follows a blank line is not part of it
        if CONFLICT_MARKER.match(line):
            raise _EntryProblem(f"merge-conflict marker '{line.strip()[:7]}' at line {i + 1}")
        fm = _FIELD.match(line)
        if not fm:
            i += 1
            continue
        label = " ".join(fm.group("label").lower().split())
        name = _LABELS.get(label)
        value = fm.group("value")
        if name == "abstract":
            abstract, i = _read_abstract(lines, i, end, value)
            values["abstract"] = abstract
            last = i
            if _DETAILS_CLOSE.search(lines[i - 1]):
                break  # the closed abstract block ends the entry
            continue
        if name in ("pdf", "code"):
            values[name] = _link_target(value)
        elif name == "authors":
            values["authors"] = [unescape_inline(a).strip() for a in value.split(",") if a.strip()]
        elif name == "date":
            values["date"] = value.strip()
        elif name in ("venue", "tldr"):
            values[name] = unescape_inline(value)
        i += 1
        last = i
    if not str(values.get("title", "")).strip():
        raise _EntryProblem("the entry has no title")
    if not values.get("date"):
        raise _EntryProblem("the entry has no Date line")
    values.setdefault("authors", [])
    return _to_paper(values, link), last


def _read_abstract(lines: list[str], i: int, end: int, inline_value: str) -> tuple[str | None, int]:
    """The abstract starting at the Abstract line ``i``, and the index past its block."""
    rest = inline_value.strip()
    if rest and not _DETAILS_OPEN.search(rest):
        return _abstract_text(rest), i + 1
    # Find <details> on this line or the next non-blank one, then collect up to </details>.
    j = i if _DETAILS_OPEN.search(rest) else i + 1
    if not _DETAILS_OPEN.search(rest):
        while j < end and not lines[j].strip():
            j += 1
        if j >= end or not _DETAILS_OPEN.search(lines[j]):
            return None, i + 1
    opening_line = j
    body: list[str] = []
    first = lines[j] if j != i else rest
    after_open = _DETAILS_OPEN.split(first, maxsplit=1)[1]
    if _DETAILS_CLOSE.search(after_open):
        return _abstract_text(_DETAILS_CLOSE.split(after_open, maxsplit=1)[0]), j + 1
    body.append(after_open)
    j += 1
    while j < end:
        line = lines[j]
        if CONFLICT_MARKER.match(line):
            raise _EntryProblem(f"merge-conflict marker '{line.strip()[:7]}' at line {j + 1}")
        if _DETAILS_CLOSE.search(line):
            body.append(_DETAILS_CLOSE.split(line, maxsplit=1)[0])
            return _abstract_text("\n".join(body)), j + 1
        if _DETAILS_OPEN.search(line):
            break
        body.append(line)
        j += 1
    raise _EntryProblem(f"the <details> block opened at line {opening_line + 1} never closes")


def _abstract_text(raw: str) -> str | None:
    raw = _SUMMARY.sub("", raw)
    joined = " ".join(part.strip() for part in raw.split("\n") if part.strip())
    text = unescape_html_text(joined).strip()
    if not text or text == NO_ABSTRACT:
        return None
    return text


def _to_paper(values: dict, link: str | None) -> Paper:
    pdf = values.get("pdf")
    arxiv = None
    doi = None
    s2 = None
    for candidate in (link, pdf):
        if candidate:
            arxiv = arxiv or identifiers.arxiv_id(candidate)
            doi = doi or identifiers.doi(candidate)
            s2 = s2 or identifiers.semantic_scholar_id(candidate)
    base = {k: v for k, v in values.items() if v is not None and k != "pdf"}
    base.update({k: v for k, v in (("arxiv", arxiv), ("doi", doi), ("semantic_scholar", s2)) if v})
    try:
        bare = make_paper(**base)
        # Keep url and pdf only where they differ from what the record would show anyway.
        if link and link != bare.link:
            base["url"] = link
        if pdf and pdf != bare.pdf_link:
            base["pdf"] = pdf
        paper = make_paper(**base)
    except RecordError as exc:
        raise _EntryProblem("; ".join(p.message for p in exc.problems)) from None
    return paper.with_fingerprints()
