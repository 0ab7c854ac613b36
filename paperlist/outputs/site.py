"""A static, searchable HTML page of the whole list: ``index.html`` plus its data as ``papers.json``.

Pure: ``site_files`` returns the files' bytes and does no I/O beyond reading its packaged templates.

How the page gets its data. Chromium blocks ``fetch()`` of a sibling file from a page opened as
``file://``, so the page never fetches: the same data is embedded in ``index.html`` and read from
there, whether the page is opened from disk or served. ``papers.json`` is the same data for scripts
and people.

The embedded copy is written for the browser's HTML parser, which is most of a large page's load
time: it reads many small ``<script>`` elements far faster than one large one, and text that is all
ASCII faster than text that is not. So the data is split into ``<script type="application/json"
class="_data">`` elements of about ``PART_CHARS`` characters each, every one a JSON text with every
non-ASCII character as a ``\\u`` escape. The first is the document with the first papers; each
later one is an array of the papers that follow. Every ``<``, ``>`` and ``&`` is also written as a
``\\u003c``-style escape (and U+2028/U+2029), so no record text can end a script element or open a
comment in it, and each part still parses to the same JSON.

Record text never becomes markup: the template autoescapes, and the page's script builds every
entry with ``createElement``/``textContent``. Links are only ever http(s); any other URL is left
unlinked, here and again in the page. A Content-Security-Policy allows nothing but the page's own
inline script and style (by hash): no other script runs and nothing is fetched from any host.

BibTeX: when ``bibtex`` is given, each paper's entry text is in the data and shown as it is; without
one (``bibtex`` None, or no entry for that key) the page writes a minimal ``@misc`` entry from the
record (title, authors, year, venue, arXiv id, DOI, link) when a reader opens it.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import json
import re
from importlib import resources
from typing import Any

import jinja2
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup

from paperlist.config import Config
from paperlist.outputs.readme import topic_order
from paperlist.render import sandboxed
from paperlist.paper import Paper, date_parts

__all__ = ["SITE_FILES", "PAGE_FIELDS", "PART_CHARS", "site_files", "paper_data", "embed_json", "embedded_parts"]

SITE_FILES = ("index.html", "papers.json")
TEMPLATE = "index.html.j2"
#: Every field a paper's entry in papers.json may carry; absent values are left out.
#: ``key``, ``title``, ``authors`` and ``date`` are always there.
PAGE_FIELDS = (
    "key",
    "title",
    "authors",
    "date",
    "venue",
    "link",
    "pdf",
    "code",
    "arxiv",
    "doi",
    "abstract",
    "tldr",
    "topics",
    "note",
    "citations",
    "bibtex",
)
#: About how many characters each embedded part of the data holds (a paper is never split).
PART_CHARS = 64 * 1024
_HTTP = re.compile(r"^https?://[^\s]+$", re.IGNORECASE)
# What must not appear as itself inside a <script> element, each as a JSON escape of the same character.
_SCRIPT_UNSAFE = re.compile("[<>&\u2028\u2029]")


def _http(url: str | None) -> str | None:
    """``url`` when it is an http(s) URL, else None (it is not linked)."""
    return url if url and _HTTP.match(url) else None


def paper_data(key: str, paper: Paper, bibtex: str | None = None) -> dict[str, Any]:
    """What the page knows of one paper, in ``PAGE_FIELDS`` order, absent values left out."""
    values: dict[str, Any] = {
        "key": key,
        "title": paper.title,
        "authors": list(paper.authors),
        "date": paper.date,
        "venue": paper.venue,
        "link": _http(paper.link),
        "pdf": _http(paper.pdf_link),
        "code": _http(paper.code),
        "arxiv": paper.arxiv,
        "doi": paper.doi,
        "abstract": paper.abstract,
        "tldr": paper.tldr,
        "topics": list(paper.topics) or None,
        "note": paper.note,
        "citations": {"count": paper.citations[0], "date": paper.citations[1]} if paper.citations else None,
        "bibtex": bibtex or None,
    }
    return {name: value for name, value in values.items() if value is not None}


def embed_json(text: str) -> str:
    """JSON text made safe as the content of a ``<script>`` element; it parses to the same value."""
    return _SCRIPT_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def embedded_parts(document: dict[str, Any]) -> list[str]:
    """``document`` as the texts of its embedded ``<script>`` parts, ASCII and safe in a script element.

    The first part is ``document`` with the first papers; each later one is a JSON array of the
    papers that follow, each part about ``PART_CHARS`` characters.
    """
    papers = [embed_json(json.dumps(paper, separators=(",", ":"))) for paper in document["papers"]]
    groups: list[list[str]] = [[]]
    size = 0
    for paper in papers:
        if size >= PART_CHARS:
            groups.append([])
            size = 0
        groups[-1].append(paper)
        size += len(paper) + 1
    head = embed_json(json.dumps({k: v for k, v in document.items() if k != "papers"}, separators=(",", ":")))
    first = head[:-1] + ("," if head != "{}" else "") + '"papers":[' + ",".join(groups[0]) + "]}"
    return [first] + ["[" + ",".join(group) + "]" for group in groups[1:]]


@functools.cache
def _asset(name: str) -> str:
    return resources.files("paperlist").joinpath("templates", "site", name).read_text(encoding="utf-8")


def _source(name: str) -> tuple[str, str, Any] | None:
    try:
        return _asset(name), f"<paperlist site template {name}>", lambda: True
    except FileNotFoundError:
        return None


@functools.lru_cache(maxsize=1)
def _environment() -> SandboxedEnvironment:
    return sandboxed(jinja2.FunctionLoader(_source), autoescape=True)  # HTML: record text is escaped


def _csp_hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


def _paragraphs(text: str) -> list[str]:
    return [" ".join(block.split()) for block in re.split(r"\n\s*\n", text) if block.strip()]


def site_files(
    papers: dict[str, Paper], order: list[str], config: Config, *, bibtex: dict[str, str] | None = None
) -> dict[str, bytes]:
    """``index.html`` and ``papers.json`` for the papers named in ``order`` (list order, newest first).

    The same input gives the same bytes. ``bibtex`` maps a record key to its BibTeX entry text.
    """
    bibtex = bibtex or {}
    listed = {key: papers[key] for key in order}
    records = [paper_data(key, paper, bibtex.get(key)) for key, paper in listed.items()]
    topics = topic_order(listed, config)
    document = {
        "title": config.title,
        "description": config.description,
        "topics": topics,
        "papers": records,
    }
    text = json.dumps(document, ensure_ascii=False, separators=(",", ":"))

    topic_counts = {name: 0 for name in topics}
    year_counts: dict[int, int] = {}
    cited = 0
    for paper in listed.values():
        for name in paper.topics:
            topic_counts[name] += 1
        year = date_parts(paper.date)[0]
        year_counts[year] = year_counts.get(year, 0) + 1
        cited += paper.citations is not None

    script, style = _asset("site.js"), _asset("site.css")
    html = (
        _environment()
        .get_template(TEMPLATE)
        .render(
            title=config.title,
            description=_paragraphs(config.description),
            total=len(records),
            topics=[(name, topic_counts[name]) for name in topics],
            years=sorted(year_counts.items(), reverse=True),
            cited=cited,
            data=[Markup(part) for part in embedded_parts(document)],
            script=Markup(script),
            style=Markup(style),
            script_hash=Markup(_csp_hash(script)),
            style_hash=Markup(_csp_hash(style)),
        )
    )
    return {"index.html": html.encode("utf-8"), "papers.json": (text + "\n").encode("utf-8")}
