"""The arXiv query API client (https://info.arxiv.org/help/api/): Atom feeds read with
``xml.etree``, over the same paced, retrying session as Semantic Scholar.

arXiv asks for no more than one request every three seconds, so that is the default pace.
"""

from __future__ import annotations

import os
import re
import time
import xml.etree.ElementTree as ET
from collections.abc import Collection
from dataclasses import dataclass, fields

from paperlist import identifiers
from paperlist.errors import ServiceError
from paperlist.sources.http import (
    DEFAULT_TIMEOUT,
    Clock,
    HttpClient,
    Log,
    RetryPolicy,
    Sleep,
    interval_from_env,
    url_from_env,
)
from paperlist.sources.semantic_scholar import API_KEY_ENV

BASE_URL_ENV = "PAPERLIST_ARXIV_API_URL"
MIN_INTERVAL_ENV = "PAPERLIST_ARXIV_MIN_INTERVAL"
DEFAULT_BASE_URL = "https://export.arxiv.org/api/query"
DEFAULT_INTERVAL = 3.0
MAX_RESULTS = 100

_SERVICE = "arXiv"
_ATOM = "{http://www.w3.org/2005/Atom}"
_ARXIV = "{http://arxiv.org/schemas/atom}"
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}")


@dataclass(frozen=True)
class ArxivEntry:
    """One arXiv paper as the query API describes it."""

    arxiv_id: str  # without version
    title: str  # whitespace collapsed
    authors: tuple[str, ...] = ()
    abstract: str | None = None  # whitespace collapsed
    published: str | None = None  # YYYY-MM-DD of the first version
    doi: str | None = None
    pdf: str | None = None


class ArxivClient:
    """A client for the arXiv query API.

    ``base_url`` defaults to ``$PAPERLIST_ARXIV_API_URL`` or https://export.arxiv.org/api/query;
    ``min_interval`` to ``$PAPERLIST_ARXIV_MIN_INTERVAL`` or 3 s between requests. ``log`` receives one line per HTTP attempt.
    ``secrets`` (by default the Semantic Scholar API key, which a mirror could echo) never
    appear in what the client returns, logs or raises.
    """

    def __init__(
        self,
        *,
        base_url: str | None = None,
        min_interval: float | None = None,
        timeout: tuple[float, float] = DEFAULT_TIMEOUT,
        retry: RetryPolicy = RetryPolicy(),
        sleep: Sleep = time.sleep,
        clock: Clock = time.monotonic,
        log: Log | None = None,
        secrets: Collection[str] | None = None,
    ) -> None:
        self.base_url = base_url.strip() if base_url else url_from_env(BASE_URL_ENV, DEFAULT_BASE_URL)
        if secrets is None:
            secrets = (os.environ.get(API_KEY_ENV, "").strip(),)
        if min_interval is None:
            min_interval = interval_from_env(MIN_INTERVAL_ENV, DEFAULT_INTERVAL)
        self._http = HttpClient(
            _SERVICE,
            url_setting=BASE_URL_ENV,
            min_interval=min_interval,
            timeout=timeout,
            policy=retry,
            secrets=secrets,
            rate_limit_hint="wait a minute and try again",
            auth_hint=f"check {BASE_URL_ENV}",
            sleep=sleep,
            clock=clock,
            log=log,
        )

    @property
    def min_interval(self) -> float:
        return self._http.min_interval

    def __repr__(self) -> str:
        return f"ArxivClient(base_url={self.base_url!r}, min_interval={self.min_interval:g})"

    def close(self) -> None:
        self._http.close()

    def entry(self, arxiv_id: str) -> ArxivEntry | None:
        """The entry for ``arxiv_id`` (with or without version); None when arXiv has none."""
        wanted = identifiers.arxiv_id(arxiv_id)
        if not wanted:
            return None  # not an arXiv id, so arXiv cannot have it
        entries, error = self._query({"id_list": wanted, "max_results": 1})
        if error:
            return None
        return next((e for e in entries if e.arxiv_id == wanted), None)

    def entries(self, arxiv_ids: list[str]) -> dict[str, ArxivEntry]:
        """The entries arXiv has for ``arxiv_ids``, by id without version; 100 ids a request."""
        wanted = list(dict.fromkeys(i for i in (identifiers.arxiv_id(a) for a in arxiv_ids) if i))
        found: dict[str, ArxivEntry] = {}
        for start in range(0, len(wanted), MAX_RESULTS):
            chunk = wanted[start : start + MAX_RESULTS]
            entries, error = self._query({"id_list": ",".join(chunk), "max_results": len(chunk)})
            if error:
                raise ServiceError(f"arXiv rejected a lookup of {len(chunk)} ids: {error}")
            found.update((e.arxiv_id, e) for e in entries if e.arxiv_id in chunk)
        return found

    def search_title(self, title: str, max_results: int = 5) -> list[ArxivEntry]:
        """Up to ``max_results`` entries whose title contains the words of ``title`` as a phrase."""
        phrase = title_phrase(title)
        if not phrase:
            return []
        count = max(1, min(int(max_results), MAX_RESULTS))
        entries, error = self._query({"search_query": f'ti:"{phrase}"', "max_results": count})
        if error:
            raise ServiceError(f"arXiv rejected the title search for '{phrase}': {error}")
        return entries

    def _query(self, params: dict) -> tuple[list[ArxivEntry], str | None]:
        response = self._http.send("GET", self.base_url, params=params, handled=(400,))
        if response.status_code == 400:  # arXiv explains a bad query in an Atom error entry
            try:
                _, error = self._parse(response.content)
            except ServiceError:
                error = None
            if not error:
                raise self._http.status_error(response)
            return [], error
        return self._parse(response.content)

    def _parse(self, body: bytes) -> tuple[list[ArxivEntry], str | None]:
        """``parse_feed``, with the secrets taken out of what it read (after parsing, so that
        character references cannot hide them) and out of its errors."""
        scrub = self._http.scrub
        try:
            entries, error = parse_feed(body)
        except ServiceError as exc:
            raise ServiceError(scrub(str(exc))) from None
        return [ArxivEntry(**{f.name: scrub(getattr(e, f.name)) for f in fields(e)}) for e in entries], scrub(error)


def title_phrase(title: str) -> str:
    """``title`` reduced to words that are safe inside an arXiv ``ti:"..."`` phrase:
    quotes, brackets, colons and other query syntax become spaces; lower case, so that
    AND/OR/ANDNOT are not read as operators."""
    words = re.sub(r"[^\w]+|_", " ", title).split()
    return " ".join(words).lower()


def parse_feed(body: bytes) -> tuple[list[ArxivEntry], str | None]:
    """The entries of an arXiv Atom feed, and arXiv's error message when it sent one.

    ServiceError (one line) when the body is not a well-formed Atom feed.
    """
    head = body[:2048].lstrip().lower()
    if head.startswith(b"<html") or (head.startswith(b"<!doctype") and b"<html" in head):
        raise ServiceError(f"arXiv sent an HTML page, not an Atom feed: try again later, or check {BASE_URL_ENV}")
    if b"<!entity" in body.lower():
        raise ServiceError("arXiv sent XML with entity declarations, which paperlist refuses: try again later")
    try:
        root = ET.fromstring(body)
    except ET.ParseError as exc:
        raise ServiceError(f"arXiv sent malformed XML ({exc}): try again later") from None
    if root.tag != f"{_ATOM}feed":
        root_name = _local(root.tag)
        raise ServiceError(f"arXiv sent XML that is not an Atom feed (root <{root_name}>): check {BASE_URL_ENV}")
    entries: list[ArxivEntry] = []
    for node in root.findall(f"{_ATOM}entry"):
        entry_id = _collapse(node.findtext(f"{_ATOM}id"))
        title = _collapse(node.findtext(f"{_ATOM}title"))
        if "/api/errors" in entry_id or (title == "Error" and not identifiers.arxiv_id(entry_id)):
            return [], _collapse(node.findtext(f"{_ATOM}summary")) or "unknown error"
        entry = _entry(node, entry_id, title)
        if entry is not None:
            entries.append(entry)
    return entries, None


def _entry(node: ET.Element, entry_id: str, title: str) -> ArxivEntry | None:
    arxiv_id = identifiers.arxiv_id(entry_id)
    if not arxiv_id or not title:
        return None  # arXiv's placeholder for an id it does not have
    published = _collapse(node.findtext(f"{_ATOM}published"))
    pdf = None
    for link in node.findall(f"{_ATOM}link"):
        if link.get("title") == "pdf" or link.get("type") == "application/pdf":
            pdf = (link.get("href") or "").strip() or None
            break
    if pdf and pdf.startswith("http://") and identifiers.arxiv_id(pdf):
        pdf = "https://" + pdf[len("http://") :]
    doi_text = _collapse(node.findtext(f"{_ARXIV}doi"))
    return ArxivEntry(
        arxiv_id=arxiv_id,
        title=title,
        authors=tuple(filter(None, (_collapse(a.findtext(f"{_ATOM}name")) for a in node.iter(f"{_ATOM}author")))),
        abstract=_collapse(node.findtext(f"{_ATOM}summary")) or None,
        published=published[:10] if _DATE.match(published) else None,
        doi=identifiers.doi(doi_text) if doi_text else None,
        pdf=pdf,
    )


def _collapse(text: str | None) -> str:
    return " ".join((text or "").split())


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]
