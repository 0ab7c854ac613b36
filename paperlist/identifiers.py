"""Recognise paper identifiers (arXiv, DOI, Semantic Scholar, ACL Anthology) in text and URLs."""

from __future__ import annotations

import re
from urllib.parse import unquote, urlsplit

# New-style arXiv ids (0704.0001 onwards) and old-style ones (hep-th/9901001, math.GT/0309136).
_ARXIV_NEW = r"\d{4}\.\d{4,5}"
_ARXIV_OLD = r"[a-z][a-z-]*(?:\.[A-Za-z]{2})?/\d{7}"
ARXIV_ID = re.compile(rf"^(?:{_ARXIV_NEW}|{_ARXIV_OLD})$")
_ARXIV_WITH_VERSION = re.compile(rf"^(?:arxiv:)?({_ARXIV_NEW}|{_ARXIV_OLD})(?:v\d+)?$", re.IGNORECASE)
_ARXIV_URL_PATH = re.compile(
    # Lists copy links with junk after the id: ".pdf&embed", ".pdf%20(...)".
    rf"^/(?:abs|pdf|html|format)/({_ARXIV_NEW}|{_ARXIV_OLD})(?:v\d+)?(?:\.pdf)?(?:/|[&%;,)].*)?$",
    re.IGNORECASE,
)
# Pages that name a paper by its arXiv id: Hugging Face papers, alphaXiv.
_MIRROR_PATH = re.compile(rf"^/(?:papers|abs|overview)/({_ARXIV_NEW})(?:v\d+)?/?$")
DOI = re.compile(r"^10\.\d{4,9}/\S+$")
_DOI_IN_PATH = re.compile(
    r"/(?:doi/(?:abs/|full/|pdf/|epdf/|pdfplus/|book/)?|article/|chapter/|content/)(10\.\d{4,9}/[^?#\s]+?)/?$"
)
# bioRxiv and medRxiv pages: /content/10.1101/2020.01.01.123456v2.full.pdf
_PREPRINT_VERSION = re.compile(r"(?<=\d)v\d+(?:\.full)?(?:\.pdf)?$")
_DOI_PREFIXED = re.compile(r"^(?:doi:\s*)(10\.\d{4,9}/\S+)$", re.IGNORECASE)
S2_ID = re.compile(r"^[0-9a-f]{40}$")
_S2_CORPUS = re.compile(r"^corpusid:(\d+)$", re.IGNORECASE)
_ACL_PATH = re.compile(r"^/([A-Za-z0-9][A-Za-z0-9.-]*\d)(?:\.pdf)?/?$")


def _arxiv_case(identifier: str) -> str:
    """Old-style ids keep their subject class's case (math.GT); the archive is lower-case."""
    if "/" in identifier:
        archive, number = identifier.split("/", 1)
        head, _, sub = archive.partition(".")
        archive = head.lower() + (f".{sub.upper()}" if sub else "")
        return f"{archive}/{number}"
    return identifier


def arxiv_id(text: str) -> str | None:
    """The arXiv id, without version, in an id (``2408.03314v2``, ``arXiv:hep-th/9901001``) or arXiv URL."""
    text = text.strip()
    m = _ARXIV_WITH_VERSION.match(text)
    if m:
        return _arxiv_case(m.group(1))
    parts = _split_url(text)
    if parts and parts[0].endswith("arxiv.org"):
        m = _ARXIV_URL_PATH.match(parts[1])
        if m:
            return _arxiv_case(m.group(1))
    if parts and parts[0] in ("huggingface.co", "alphaxiv.org"):
        m = _MIRROR_PATH.match(parts[1])
        if m:
            return _arxiv_case(m.group(1))
    return None


def doi(text: str) -> str | None:
    """The DOI in a bare DOI, ``doi:``-prefixed text or a doi.org URL."""
    text = text.strip()
    if DOI.match(text):
        return text
    m = _DOI_PREFIXED.match(text)
    if m:
        return m.group(1)
    parts = _split_url(text)
    if parts and parts[0] in ("doi.org", "dx.doi.org"):
        candidate = unquote(parts[1].lstrip("/"))
        if DOI.match(candidate):
            return candidate
    if parts and not parts[0].endswith(("arxiv.org", "semanticscholar.org")):
        # Publisher pages that carry the DOI in their path: dl.acm.org/doi/10.1145/..., link.springer.com/article/10.1007/...
        m = _DOI_IN_PATH.search(unquote(parts[1]))
        if m:
            found = m.group(1).removesuffix(".pdf")
            return _PREPRINT_VERSION.sub("", found) if found.startswith("10.1101/") else found
    return None


def semantic_scholar_id(text: str) -> str | None:
    """The Semantic Scholar paperId in a bare id or a semanticscholar.org paper URL."""
    text = text.strip()
    if S2_ID.match(text.lower()):
        return text.lower()
    parts = _split_url(text)
    if parts and parts[0].endswith("semanticscholar.org"):
        segments = [s for s in parts[1].split("/") if s]
        if segments and segments[0] in ("paper", "p") and S2_ID.match(segments[-1].lower()):
            return segments[-1].lower()
        # pdfs.semanticscholar.org/f832/b16cb3...a.pdf: the id split after four characters
        joined = "".join(segments[:2]).lower().removesuffix(".pdf")
        if parts[0] == "pdfs.semanticscholar.org" and len(segments) == 2 and S2_ID.match(joined):
            return joined
    return None


def corpus_id(text: str) -> str | None:
    """A Semantic Scholar corpus id written as ``CorpusId:123``."""
    m = _S2_CORPUS.match(text.strip())
    return m.group(1) if m else None


def acl_id(text: str) -> str | None:
    """The ACL Anthology id (``2023.acl-long.1``, ``P19-1001``) in an aclanthology.org URL."""
    parts = _split_url(text.strip())
    if parts and parts[0] in ("aclanthology.org", "www.aclweb.org", "aclweb.org"):
        path = parts[1]
        if path.startswith("/anthology/"):
            path = path[len("/anthology") :]
        m = _ACL_PATH.match(path)
        if m:
            return m.group(1)
    return None


_BARE_HOST = re.compile(
    r"^(?:www\.)?(?:(?:export\.)?arxiv\.org|(?:dx\.)?doi\.org|semanticscholar\.org|aclanthology\.org|huggingface\.co)/",
    re.IGNORECASE,
)


def with_scheme(text: str) -> str:
    """``arxiv.org/abs/...`` and the like, typed without https://, as full URLs."""
    return f"https://{text}" if _BARE_HOST.match(text) else text


def is_url(text: str) -> bool:
    return _split_url(text.strip()) is not None


def _split_url(text: str) -> tuple[str, str] | None:
    """(host without www., path) of an http(s) URL, or None."""
    if not re.match(r"^https?://", text, re.IGNORECASE) or any(c.isspace() for c in text):
        return None
    parts = urlsplit(text)
    host = (parts.hostname or "").lower()
    if not host:
        return None
    if host.startswith("www.") and host != "www.aclweb.org":
        host = host[4:]
    return host, parts.path
