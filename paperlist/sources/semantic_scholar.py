"""The Semantic Scholar Academic Graph API client: title match, lookup, search, batch.

Every method asks for all the fields a record needs in one request and returns
:class:`~paperlist.sources.convert.Fetched` values. Every failure is a
:class:`~paperlist.errors.ServiceError` (``NotFoundError``, ``RateLimitError``) with a
one-line message; the API key never appears in any message, log line or repr.
"""

from __future__ import annotations

import os
import time
from typing import Any
from urllib.parse import quote

from paperlist.errors import NotFoundError, ServiceError
from paperlist.sources.convert import Fetched, fetched_from_json
from paperlist.sources.http import (
    DEFAULT_TIMEOUT,
    Clock,
    HttpClient,
    Log,
    RetryPolicy,
    Sleep,
    api_message,
    interval_from_env,
    url_from_env,
)

API_KEY_ENV = "SEMANTIC_SCHOLAR_API_KEY"
BASE_URL_ENV = "PAPERLIST_S2_API_URL"
MIN_INTERVAL_ENV = "PAPERLIST_S2_MIN_INTERVAL"
DEFAULT_BASE_URL = "https://api.semanticscholar.org"
#: Seconds between requests: the published limit with a key, slower on the shared pool without.
INTERVAL_WITH_KEY = 1.0
INTERVAL_WITHOUT_KEY = 3.0
#: Everything a record needs, and nothing else (``journal`` is the venue's fallback).
FIELDS = (
    "paperId,externalIds,title,abstract,venue,year,publicationDate,authors,tldr,openAccessPdf,journal,citationCount"
)
#: The batch endpoint takes at most 500 ids per request.
BATCH_SIZE = 500
#: The relevance search returns at most 100 papers per request.
SEARCH_LIMIT_MAX = 100

_SERVICE = "Semantic Scholar"


class SemanticScholar:
    """A client for https://api.semanticscholar.org/graph/v1 over one paced, retrying session.

    ``api_key`` defaults to ``$SEMANTIC_SCHOLAR_API_KEY`` (pass ``""`` for none; outer
    whitespace is ignored, and a key that could not go in a header is a ServiceError);
    ``base_url`` to ``$PAPERLIST_S2_API_URL`` or the public API; ``min_interval`` (seconds
    between requests) to ``$PAPERLIST_S2_MIN_INTERVAL``, else 1.0 with a key and 3.0
    without. ``log`` receives one line per HTTP attempt.
    """

    def __init__(
        self,
        *,
        api_key: str | None = None,
        base_url: str | None = None,
        min_interval: float | None = None,
        timeout: tuple[float, float] = DEFAULT_TIMEOUT,
        retry: RetryPolicy = RetryPolicy(),
        sleep: Sleep = time.sleep,
        clock: Clock = time.monotonic,
        log: Log | None = None,
    ) -> None:
        key = api_key_from(os.environ.get(API_KEY_ENV, "") if api_key is None else api_key)
        base = base_url.strip() if base_url else url_from_env(BASE_URL_ENV, DEFAULT_BASE_URL)
        if min_interval is None:
            min_interval = interval_from_env(MIN_INTERVAL_ENV, INTERVAL_WITH_KEY if key else INTERVAL_WITHOUT_KEY)
        self.base_url = base.rstrip("/")
        self.has_api_key = bool(key)
        self._http = HttpClient(
            _SERVICE,
            url_setting=BASE_URL_ENV,
            min_interval=min_interval,
            timeout=timeout,
            policy=retry,
            headers={"x-api-key": key} if key else None,
            secrets=(key,),
            # requests drops only Authorization on a redirect to another host, not x-api-key.
            follow_redirects=False,
            rate_limit_hint=("wait a minute and try again" if key else f"wait a minute, or set {API_KEY_ENV}"),
            auth_hint=f"check {API_KEY_ENV}" if key else f"check {BASE_URL_ENV}",
            sleep=sleep,
            clock=clock,
            log=log,
        )

    @property
    def min_interval(self) -> float:
        """Seconds kept between requests."""
        return self._http.min_interval

    def __repr__(self) -> str:
        key = "set" if self.has_api_key else "not set"
        return f"SemanticScholar(base_url={self.base_url!r}, api_key={key}, min_interval={self.min_interval:g})"

    def close(self) -> None:
        self._http.close()

    # --- endpoints ---------------------------------------------------------------------

    def match_title(self, title: str) -> Fetched | None:
        """The paper whose title best matches ``title``, with its ``match_score``; None when none does."""
        query = " ".join(title.split())
        if not query:
            return None
        params = {"query": query, "fields": FIELDS}
        response = self._http.send("GET", self._url("/graph/v1/paper/search/match"), params=params, handled=(404,))
        if response.status_code == 404:
            if api_message(response) is None:  # not the API's own answer: a wrong base URL?
                raise self._http.status_error(response)
            return None
        data = self._http.parse_json(response)
        items = _data_list(data, "title match")
        if not items:
            return None
        return fetched_from_json(items[0])

    def paper(self, identifier: str) -> Fetched:
        """The paper with ``identifier``: a paperId, ``arXiv:ID``, ``DOI:...``, ``ACL:...``,
        ``CorpusId:...`` or ``URL:https://...``; NotFoundError when there is none."""
        identifier = identifier.strip()
        if not identifier:
            raise NotFoundError(f"{_SERVICE} has no paper for ''")
        url = self._url(paper_path(identifier))
        response = self._http.send("GET", url, params={"fields": FIELDS}, handled=(404,))
        if response.status_code == 404:
            if api_message(response) is None:
                raise self._http.status_error(response)
            raise NotFoundError(f"{_SERVICE} has no paper for '{identifier}'")
        return fetched_from_json(self._http.parse_json(response))

    def search(self, query: str, limit: int = 5) -> list[Fetched]:
        """Up to ``limit`` (at most 100) papers for a keyword query, most relevant first."""
        # The relevance search matches nothing for hyphenated terms; spaces work.
        text = " ".join(query.replace("-", " ").split())
        limit = max(1, min(int(limit), SEARCH_LIMIT_MAX))
        if not text:
            return []
        response = self._http.send(
            "GET",
            self._url("/graph/v1/paper/search"),
            params={"query": text, "limit": limit, "fields": FIELDS},
        )
        data = self._http.parse_json(response)
        if isinstance(data, dict) and data.get("total") == 0 and not data.get("data"):
            return []
        return [fetched_from_json(item) for item in _data_list(data, "search")[:limit]]

    def batch(self, ids: list[str]) -> list[Fetched | None]:
        """The papers for ``ids`` (any id form ``paper`` takes), aligned with them: None for
        an id the API does not know. One POST per 500 ids."""
        results: list[Fetched | None] = []
        for start in range(0, len(ids), BATCH_SIZE):
            chunk = [str(i).strip() for i in ids[start : start + BATCH_SIZE]]
            results.extend(self._batch_chunk(chunk))
        return results

    # --- helpers -------------------------------------------------------------------------

    def _batch_chunk(self, chunk: list[str]) -> list[Fetched | None]:
        response = self._http.send(
            "POST",
            self._url("/graph/v1/paper/batch"),
            params={"fields": FIELDS},
            json_body={"ids": chunk},
        )
        data = self._http.parse_json(response)
        if not isinstance(data, list) or len(data) != len(chunk):
            got = f"{len(data)} items" if isinstance(data, list) else _kind(data)
            raise ServiceError(
                f"{_SERVICE} sent an unexpected answer to a batch of {len(chunk)} ids "
                f"(expected a list of {len(chunk)}, got {got}): try again later"
            )
        return [None if item is None else fetched_from_json(item) for item in data]

    def _url(self, path: str) -> str:
        return self.base_url + path


def api_key_from(raw: str) -> str:
    """The API key in ``raw`` without outer whitespace; ServiceError, which never shows the
    key, when it holds anything but printable ASCII (a line break, a tab, a space, a control
    character, a curly quote...), which no valid key does and no HTTP header may."""
    key = raw.strip()
    odd = next((c for c in key if not "!" <= c <= "~"), None)
    if odd is None:
        return key
    if odd in "\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029":
        what = "a line break"
    elif odd == "\t":
        what = "a tab"
    elif odd.isspace():
        what = "a space"
    elif odd.isascii() or not odd.isprintable():
        what = "a control character"
    else:
        what = "a character that is not plain ASCII"
    raise ServiceError(
        f"{API_KEY_ENV} is malformed (it contains {what}): set it to the key exactly as issued, on one line"
    )


def paper_path(identifier: str) -> str:
    """The URL path for one paper: the identifier quoted, keeping the ``:`` and ``/`` of
    DOIs and ``URL:`` ids, so that ``?``, ``#``, ``%`` and spaces cannot change the request."""
    quoted = quote(identifier, safe=":/")
    segments = [s.replace(".", "%2E") if s in (".", "..") else s for s in quoted.split("/")]
    return "/graph/v1/paper/" + "/".join(segments)


def _data_list(data: Any, what: str) -> list:
    if not isinstance(data, dict) or not isinstance(data.get("data", None), list):
        raise ServiceError(
            f"{_SERVICE} sent an unexpected answer to a {what} "
            f"(expected an object with a 'data' list, got {_kind(data)}): try again later"
        )
    return data["data"]


def _kind(data: Any) -> str:
    if isinstance(data, dict):
        keys = ", ".join(sorted(map(str, data))[:5])
        return f"an object with keys {keys}" if keys else "an empty object"
    if isinstance(data, list):
        return "a list"
    return "null" if data is None else type(data).__name__
