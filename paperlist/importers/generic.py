"""Read any awesome paper list, whatever its markdown layout, into entries to resolve.

A pure reader: markdown text in, entries out, nothing fetched. It knows the layouts popular
lists use: list items (a bold, linked or quoted title, then authors, venue and links, on the
same line or the indented lines below), plain links with sub-bullets, titles with shields.io
badges, markdown pipe tables, and raw HTML (``<li>`` items and ``<table>`` rows).
"""

from __future__ import annotations

from collections import Counter
import html
import re
import unicodedata
from dataclasses import dataclass
from datetime import date as _date
from urllib.parse import parse_qs, unquote, urlsplit

from paperlist.importer import CONFLICT_MARKER
from paperlist.query import parse_query


@dataclass(frozen=True)
class Link:
    url: str  # absolute http(s) URL as written (markdown/HTML unescaped, angle brackets removed)
    kind: str  # "paper", "code" or "other"
    text: str = ""  # the link's visible text, e.g. "paper", "arXiv", "code", or the title


@dataclass(frozen=True)
class ListEntry:
    line: int  # 1-based line where the entry starts in its file
    title: str  # the written title, cleaned; "" when none could be found
    topic: str | None  # the nearest heading above, cleaned; None when there is none
    links: tuple[Link, ...]  # in order of appearance, duplicates (same URL) removed
    date: str | None = None  # "YYYY", "YYYY-MM" or "YYYY-MM-DD"
    venue: str | None = None  # e.g. "NeurIPS 2024"
    source: str = ""  # the file it came from (as passed in)

    @property
    def paper_links(self) -> tuple[Link, ...]:
        return tuple(link for link in self.links if link.kind == "paper")


@dataclass
class GenericList:
    entries: list[ListEntry]
    skipped: list[tuple[int, str]]  # (line, reason): entries that look like papers but cannot be read


# ---------------------------------------------------------------------------------------------
# Link kinds

_CODE_HOSTS = ("github.com", "gitlab.com", "bitbucket.org", "codeberg.org", "gitee.com", "huggingface.co", "hf.co")

# Hosts whose pages under these paths are papers. "" means any non-empty path.
_PAPER_PATHS: dict[str, tuple[str, ...]] = {
    "arxiv.org": ("/abs/", "/pdf/", "/html/", "/format/"),
    "alphaxiv.org": ("/abs/", "/overview/"),
    "huggingface.co": ("/papers/",),
    "hf.co": ("/papers/",),
    "doi.org": ("",),
    "semanticscholar.org": ("/paper/", "/p/", "/reader/"),
    "aclanthology.org": ("",),
    "aclweb.org": ("/anthology/",),
    "openreview.net": ("/forum", "/pdf", "/attachment"),
    "proceedings.neurips.cc": ("/paper",),
    "papers.nips.cc": ("/paper",),
    "papers.neurips.cc": ("/paper",),
    "proceedings.mlr.press": ("/v",),
    "openaccess.thecvf.com": ("/content",),
    "ieeexplore.ieee.org": ("/document/", "/abstract/document/", "/stamp/"),
    "dl.acm.org": ("/doi/",),
    "link.springer.com": ("/article/", "/chapter/", "/content/", "/paper/"),
    "sciencedirect.com": ("/science/article/",),
    "biorxiv.org": ("/content/",),
    "medrxiv.org": ("/content/",),
    "ojs.aaai.org": ("/index.php/",),
    "aaai.org": ("/ojs/", "/papers/", "/library/"),
    "ijcai.org": ("/proceedings/",),
    "jmlr.org": ("/papers/", "/beta/papers/", "/tmlr/papers/"),
    "ecva.net": ("/papers/",),
    "nature.com": ("/articles/",),
    "science.org": ("/doi/",),
    "pnas.org": ("/doi/",),
    "researchgate.net": ("/publication/",),
    "usenix.org": ("/conference/", "/system/files/"),
    "isca-speech.org": ("/archive",),
    "ssrn.com": ("/abstract", "/sol3/"),
}


def _host_path(url: str) -> tuple[str, str] | None:
    if not re.match(r"^https?://", url, re.IGNORECASE):
        return None
    try:
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
    except ValueError:
        return None
    if not host:
        return None
    return host.removeprefix("www."), parts.path


def _on_host(host: str, domain: str) -> bool:
    return host == domain or host.endswith("." + domain)


def link_kind(url: str) -> str:
    """ "paper" when the URL names a paper, "code" for a code host's page, else "other"."""
    url = url.strip()
    hp = _host_path(url)
    if hp is None or any(c.isspace() for c in url):
        return "other"
    host, path = hp
    try:
        kind = parse_query(url).kind
    except Exception:  # a malformed URL names nothing
        kind = "url"
    if kind in ("arxiv", "doi", "s2", "acl", "corpus"):
        return "paper"
    lowered = path.lower()
    for domain, prefixes in _PAPER_PATHS.items():
        if _on_host(host, domain):
            for prefix in prefixes:
                if (prefix == "" and lowered.strip("/")) or (prefix and lowered.startswith(prefix)):
                    return "paper"
    if lowered.endswith(".pdf"):
        return "paper"  # a PDF in a paper list is a paper (technical reports, lab pages)
    if any(_on_host(host, domain) for domain in _CODE_HOSTS):
        return "code"
    return "other"


# ---------------------------------------------------------------------------------------------
# Lines: code fences and HTML comments hidden, line numbers kept

_FENCE_OPEN = re.compile(r"^\s*(`{3,}|~{3,})(.*)$")


def _visible_lines(text: str) -> list[str]:
    out: list[str] = []
    fence: tuple[str, int] | None = None
    in_comment = False
    for raw in text.split("\n"):
        line = raw.rstrip("\r").expandtabs(4)
        if fence is not None:
            stripped = line.strip()
            if stripped and stripped[0] == fence[0] and set(stripped) == {fence[0]} and len(stripped) >= fence[1]:
                fence = None
            out.append("")
            continue
        if in_comment:
            end = line.find("-->")
            if end < 0:
                out.append("")
                continue
            line = " " * (end + 3) + line[end + 3 :]
            in_comment = False
        pos = 0
        while True:
            start = line.find("<!--", pos)
            if start < 0:
                break
            end = line.find("-->", start + 4)
            if end < 0:
                line = line[:start]
                in_comment = True
                break
            line = line[:start] + line[end + 3 :]
            pos = start
        m = _FENCE_OPEN.match(line)
        if m and not (m.group(1)[0] == "`" and "`" in m.group(2)):
            fence = (m.group(1)[0], len(m.group(1)))
            out.append("")
            continue
        out.append(line)
    return out


# Reference-style links: "[text][label]", "[text][]" and "[label]", with "[label]: url" defined
# anywhere in the file (CommonMark: labels match without regard to case or runs of spaces).
_LINK_DEFINITION = re.compile(
    r"""^ {0,3}\[([^\[\]]{1,200})\]:[ \t]*<?([^\s<>]+)>?(?:[ \t]+(?:"[^"]*"|'[^']*'|\([^()]*\)))?[ \t]*$"""
)
_REFERENCE_LINK = re.compile(r"(!?)\[((?:[^\[\]]|\[[^\[\]]*\]){0,300})\](?:\[([^\[\]]{0,200})\]|(?![(:\[]))")


def _label(text: str) -> str:
    return " ".join(text.lower().split())


def _inline_reference_links(lines: list[str]) -> list[str]:
    """The lines with every reference-style link written inline and the definitions blanked
    (line numbers stay as they are); the lines themselves when the file defines no link."""
    urls: dict[str, str] = {}
    defined: list[int] = []
    for i, line in enumerate(lines):
        m = _LINK_DEFINITION.match(line) if "]:" in line else None
        if m:
            urls.setdefault(_label(m.group(1)), m.group(2))
            defined.append(i)
    if not urls:
        return lines
    out = list(lines)
    for i in defined:
        out[i] = ""

    def inline(m: re.Match) -> str:
        bang, text, label = m.groups()
        url = urls.get(_label(label or text))
        if url is None or (label is None and bang):
            return m.group(0)
        return f"{bang}[{text}]({url})"

    return [_REFERENCE_LINK.sub(inline, line) if "[" in line else line for line in out]


# ---------------------------------------------------------------------------------------------
# HTML to markdown, in one linear pass over the tags

_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9]*)((?:\s[^<>]*)?)/?>")
_ATTR = re.compile(r"""([A-Za-z-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""")


def _attrs(text: str) -> dict[str, str]:
    found: dict[str, str] = {}
    for m in _ATTR.finditer(text):
        value = next((g for g in m.group(2, 3, 4) if g is not None), "")
        found.setdefault(m.group(1).lower(), value)
    return found


def _html_to_markdown(text: str) -> str:
    """Inline HTML as markdown: links, images, bold, italics and code kept; other tags dropped."""
    if "<" not in text:
        return text
    open_links: list[str] = []

    def tag(m: re.Match) -> str:
        closing, name = m.group(1), m.group(2).lower()
        if name == "a":
            if closing:
                return f"]({open_links.pop()})" if open_links else " "
            href = _attrs(m.group(3)).get("href")
            if href is None:
                return " "
            open_links.append(href.strip().replace(" ", "%20").replace(")", "%29"))
            return "["
        if name == "img":
            attrs = _attrs(m.group(3))
            src = attrs.get("src", "").strip().replace(" ", "%20").replace(")", "%29")
            alt = attrs.get("alt", "").replace("[", " ").replace("]", " ")
            return f"![{alt}]({src})" if src else " "
        if name in ("b", "strong"):
            return "**"
        if name in ("i", "em"):
            return "*"
        if name == "code":
            return "`"
        return " "

    result = _TAG.sub(tag, text)
    while open_links:
        result += f"]({open_links.pop()})"
    return result


# ---------------------------------------------------------------------------------------------
# Markdown links and images


@dataclass
class _Found:
    start: int
    end: int
    url: str
    text: str
    image: bool


_URL_LIMIT = 4000


def _url_after(s: str, k: int) -> tuple[str, int] | None:
    """The destination of a markdown link whose ``(`` is at s[k-1]: (url, index after ``)``)."""
    n = len(s)
    while k < n and s[k] == " ":
        k += 1
    if k < n and s[k] == "<":
        close = s.find(">", k)
        if close < 0 or "\n" in s[k:close]:
            return None
        url = s[k + 1 : close]
        k = close + 1
    else:
        depth = 0
        start = k
        limit = min(n, k + _URL_LIMIT)
        while k < limit:
            c = s[k]
            if c.isspace() or c in "[]<>":
                break
            if c == "\\" and k + 1 < n:
                k += 2
                continue
            if c == "(":
                depth += 1
            elif c == ")":
                if depth == 0:
                    break
                depth -= 1
            k += 1
        url = s[start:k]
    # optional title: "..." or '...'
    while k < n and s[k] == " ":
        k += 1
    if k < n and s[k] in "\"'":
        close = s.find(s[k], k + 1)
        if close < 0:
            return None
        k = close + 1
        while k < n and s[k] == " ":
            k += 1
    if k < n and s[k] == ")":
        return url, k + 1
    return None


def _bracket_pairs(s: str) -> dict[int, int]:
    """For each ``]``, the index of its ``[``: one pass with a stack, escaped brackets ignored."""
    pairs: dict[int, int] = {}
    stack: list[int] = []
    escaped = False
    for k, c in enumerate(s):
        if escaped:
            escaped = False
        elif c == "\\":
            escaped = True
        elif c == "[":
            stack.append(k)
        elif c == "]" and stack:
            pairs[k] = stack.pop()
    return pairs


def _scan_links(s: str) -> list[_Found]:
    found: list[_Found] = []
    if "](" not in s:
        return found
    pairs = _bracket_pairs(s)
    i = 0
    while True:
        j = s.find("](", i)
        if j < 0:
            break
        start = pairs.get(j, -1)
        dest = _url_after(s, j + 2) if start >= 0 else None
        if dest is None:
            i = j + 2
            continue
        url, end = dest
        image = start > 0 and s[start - 1] == "!"
        # A link text longer than any real one is unbalanced markup: it is read as empty.
        text = s[start + 1 : j] if j - start <= _URL_LIMIT else ""
        found.append(_Found(start - 1 if image else start, end, url, text, image))
        i = end
    return found


def _outermost(found: list[_Found]) -> list[_Found]:
    """The links and images not inside another one, in order."""
    out: list[_Found] = []
    for f in sorted(found, key=lambda f: (f.start, -f.end)):
        if out and f.start < out[-1].end:
            continue
        out.append(f)
    return out


def _replace_links(text: str, shown, found: list[_Found] | None = None) -> str:
    """text with each outermost link or image replaced by shown(link)."""
    pieces, last = [], 0
    for f in _outermost(_scan_links(text) if found is None else found):
        pieces.append(text[last : f.start])
        pieces.append(shown(f))
        last = f.end
    pieces.append(text[last:])
    return "".join(pieces)


_AUTOLINK = re.compile(r"<(https?://[^\s<>]+)>", re.IGNORECASE)
_BARE_URL = re.compile(r"https?://[^\s<>\"'`\[\]{}|\\^]+", re.IGNORECASE)
_MD_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")


def _clean_url(url: str) -> str:
    url = html.unescape(_MD_ESCAPE.sub(r"\1", url.strip().strip("<>")))
    return url.strip()


def _trim_bare(url: str) -> str:
    url = url.rstrip(".,;:!?*_~'\"")
    while url.endswith(")") and url.count(")") > url.count("("):
        url = url[:-1].rstrip(".,;:!?*_~'\"")
    return url


# ---------------------------------------------------------------------------------------------
# shields.io badges


def _badge_text(url: str) -> str | None:
    """The words a shields.io badge shows (label and message, without the colour), or None."""
    hp = _host_path(url)
    if hp is None or not hp[0].endswith("shields.io"):
        return None
    host, path = hp
    if path.startswith("/badge/"):
        body = unquote(path[len("/badge/") :])
        body = re.sub(r"\.(svg|png|json)$", "", body)
        body = body.replace("--", "\x00").replace("__", "\x01")
        parts = body.split("-")
        if len(parts) > 1:
            parts = parts[:-1]  # the colour
        words = " ".join(parts).replace("_", " ").replace("\x00", "-").replace("\x01", "_")
        return " ".join(words.split())
    if path.startswith("/static/"):
        try:
            query = parse_qs(urlsplit(url).query)
        except ValueError:
            return None
        return " ".join(query.get("label", []) + query.get("message", [])).strip() or None
    return ""  # a dynamic badge (stars, license): no words worth reading


_BADGE_ARXIV = re.compile(r"\barxiv\b\W*(\d{4}\.\d{4,5})(?!\d)", re.IGNORECASE)
# An arXiv id written as text: "arXiv:2401.00009", "arXiv preprint arXiv:1511.05641", "CoRR abs/1510.00149".
_TEXT_ARXIV = re.compile(
    r"\b(?:arxiv\s*[:：]\s*|arxiv\s+|corr\s+abs/)(\d{4}\.\d{4,5})(?:v\d+)?(?![\d.])", re.IGNORECASE
)

# ---------------------------------------------------------------------------------------------
# Dates

_MONTHS = {
    m: i + 1
    for i, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ]
    )
    for m in names
}
_MONTH_RE = "|".join(sorted(_MONTHS, key=len, reverse=True))
_YEAR = r"(?:199\d|20\d\d)"
_DATE_PATTERNS = [
    ("ymd", re.compile(rf"(?<![\d.])({_YEAR})([-./])(\d{{1,2}})\2(\d{{1,2}})(?![\d])")),
    ("ym", re.compile(rf"(?<![\d.])({_YEAR})[-./](\d{{1,2}})(?![\d])(?![-./]\d)")),
    ("mdy", re.compile(rf"(?<![\d/.])(\d{{1,2}})/(\d{{1,2}})/({_YEAR})(?![\d])")),
    ("my", re.compile(rf"(?<![\d/.])(\d{{1,2}})[/.]({_YEAR})(?![\d])")),
    ("dmony", re.compile(rf"(?<![\w])(\d{{1,2}})\s+({_MONTH_RE})\.?,?\s+({_YEAR})(?![\d])", re.IGNORECASE)),
    ("mony", re.compile(rf"(?<![\w])({_MONTH_RE})\.?,?\s+(?:(\d{{1,2}}),?\s+)?({_YEAR})(?![\d])", re.IGNORECASE)),
]
_BARE_YEAR = re.compile(rf"(?<![\d.\-/\w])({_YEAR})(?![\d])(?!\.\d)")


def _make_date(year: str, month: str | int | None = None, day: str | int | None = None) -> str | None:
    y = int(year)
    if not 1990 <= y <= 2099:
        return None
    if month is None:
        return f"{y:04d}"
    m = int(month)
    if not 1 <= m <= 12:
        return None
    if day is None:
        return f"{y:04d}-{m:02d}"
    try:
        _date(y, m, int(day))
    except ValueError:
        return None
    return f"{y:04d}-{m:02d}-{int(day):02d}"


def parse_date(text: str) -> str | None:
    """The first date written in text, as "YYYY-MM-DD", "YYYY-MM" or "YYYY"; a bare year last."""
    precise, year = _date_parts(text)
    return precise or year


def _date_parts(text: str) -> tuple[str | None, str | None]:
    """(the first date with a month, the first bare year) written in text."""
    best: tuple[int, str] | None = None
    for kind, pattern in _DATE_PATTERNS:
        for m in pattern.finditer(text):
            if best is not None and m.start() >= best[0]:
                break
            if kind == "ymd":
                value = _make_date(m.group(1), m.group(3), m.group(4))
            elif kind == "ym":
                value = _make_date(m.group(1), m.group(2))
            elif kind == "mdy":
                value = _make_date(m.group(3), m.group(1), m.group(2))
            elif kind == "my":
                value = _make_date(m.group(2), m.group(1))
            elif kind == "dmony":
                value = _make_date(m.group(3), _MONTHS[m.group(2).lower()], m.group(1))
            else:
                value = _make_date(m.group(3), _MONTHS[m.group(1).lower()], m.group(2))
            if value:
                best = (m.start(), value)
                break
    if best:
        return best[1], None
    m = _BARE_YEAR.search(text)
    return None, (m.group(1) if m else None)


# ---------------------------------------------------------------------------------------------
# Venues

_VENUES = {
    "neurips": "NeurIPS",
    "nips": "NeurIPS",
    "icml": "ICML",
    "iclr": "ICLR",
    "acl": "ACL",
    "emnlp": "EMNLP",
    "naacl": "NAACL",
    "coling": "COLING",
    "eacl": "EACL",
    "aacl": "AACL",
    "aaai": "AAAI",
    "ijcai": "IJCAI",
    "cvpr": "CVPR",
    "iccv": "ICCV",
    "eccv": "ECCV",
    "kdd": "KDD",
    "sigkdd": "KDD",
    "www": "WWW",
    "sigir": "SIGIR",
    "tmlr": "TMLR",
    "jmlr": "JMLR",
    "tacl": "TACL",
    "colm": "COLM",
    "wsdm": "WSDM",
    "cikm": "CIKM",
    "uai": "UAI",
    "aistats": "AISTATS",
    "corl": "CoRL",
    "icra": "ICRA",
    "iros": "IROS",
    "miccai": "MICCAI",
    "wacv": "WACV",
    "bmvc": "BMVC",
    "interspeech": "INTERSPEECH",
    "icassp": "ICASSP",
    "siggraph": "SIGGRAPH",
    "lrec": "LREC",
    "conll": "CoNLL",
    "mlsys": "MLSys",
    "tpami": "TPAMI",
    "ijcv": "IJCV",
    "tkde": "TKDE",
    "tnnls": "TNNLS",
    "osdi": "OSDI",
    "sosp": "SOSP",
    "nsdi": "NSDI",
    "asplos": "ASPLOS",
    "isca": "ISCA",
    "eurosys": "EuroSys",
    "vldb": "VLDB",
    "sigmod": "SIGMOD",
    "icde": "ICDE",
    "icdm": "ICDM",
    "recsys": "RecSys",
    "ecai": "ECAI",
    "ecml": "ECML",
    "ecml-pkdd": "ECML-PKDD",
    "semeval": "SemEval",
    "chi": "CHI",
    "uist": "UIST",
    "acm mm": "ACM MM",
    "thewebconf": "WWW",
    "webconf": "WWW",
    "icme": "ICME",
    "iclr workshop": "",
}
_VENUE_NAMES = "|".join(re.escape(v).replace(r"\ ", r"\s+") for v in sorted(_VENUES, key=len, reverse=True))
_QUALIFIER = r"(?:[\s_,-]+(?:findings|main|long|short|oral|spotlight|poster|industry|demo))?"
_VENUE = re.compile(
    rf"(?<![A-Za-z])({_VENUE_NAMES})(?![A-Za-z]){_QUALIFIER}"
    rf"(?:[\s_,'’-]*((?:19|20)\d\d)|['’]?(\d\d))(?!\d)",
    re.IGNORECASE,
)


def parse_venue(text: str) -> str | None:
    """The first venue with its year written in text, as "NAME YYYY" (e.g. "NeurIPS 2024")."""
    for m in _VENUE.finditer(text):
        name = _VENUES.get(" ".join(m.group(1).lower().split()))
        if not name:
            continue
        year = m.group(2) or ("20" + m.group(3))
        if 1990 <= int(year) <= 2099:
            return f"{name} {year}"
    return None


# ---------------------------------------------------------------------------------------------
# Titles and topics

_TITLE_LIMIT = 2000  # no title is longer; a longer run of text is read no further
_LINK_TEXT_LIMIT = 600
_MAX_CELLS = 64
_EMOJI_EXTRA = {"\ufe0f", "\ufe0e", "\u200d", "\u20e3"}


def _drop_emoji(text: str) -> str:
    return "".join(
        c for c in text if not (unicodedata.category(c) == "So" or c in _EMOJI_EXTRA or 0x1F3FB <= ord(c) <= 0x1F3FF)
    )


_IMAGE_MD = re.compile(r"!\[[^\[\]]*\]\([^()\s]*\)")
_HTML_TAG_ANY = re.compile(r"</?[A-Za-z][^<>]*>")
_ORG_TAIL = re.compile(r"\s*[(（]\s*@[^()（）]*[)）]\s*$")
_SHORT_PREFIX = re.compile(r"^\[([^\[\]]{1,60})\](?!\()\s*")
_TRAILING_PUNCT = ".,;:。，；：、"
_QUOTES = "\"'“”‘’「」『』«»"
_EMPHASIS = re.compile(r"(?<!\\)(?:\*+|(?<![A-Za-z0-9\\])_{1,3}|_{1,3}(?![A-Za-z0-9])|~~|`+)")


def _plain(text: str) -> str:
    """Markdown/HTML inline text as a reader sees it: links as their text, images and tags dropped."""
    text = _html_to_markdown(text)
    for _ in range(3):
        links = _scan_links(text)
        if not links:
            break
        text = _replace_links(text, lambda f: "" if f.image else f.text, links)
    text = _IMAGE_MD.sub(" ", text)
    text = _HTML_TAG_ANY.sub(" ", text)
    text = _EMPHASIS.sub("", text)
    text = _MD_ESCAPE.sub(r"\1", text)
    text = html.unescape(text).replace("\xa0", " ")
    return " ".join(text.split())


def clean_title(text: str) -> str:
    """A title as written, without markup, badges, emoji, a ``[Short]`` prefix, ``(@Org)``, quotes
    or trailing punctuation."""
    text = _drop_emoji(_plain(text)).strip()
    while True:
        m = _SHORT_PREFIX.match(text)
        if not m or not text[m.end() :].strip():
            break
        text = text[m.end() :].lstrip(" -–—:")
    text = _ORG_TAIL.sub("", text)
    text = _TITLE_LABEL.sub("", text)
    for _ in range(3):
        text = text.strip().strip(_QUOTES).strip().rstrip(_TRAILING_PUNCT).strip()
    return " ".join(text.split())


_NUMBERING = re.compile(r"^\s*(?:\d+(?:\.\d+)+\.?|\d+[.)]|[IVXLC]+\.|[A-Za-z][.)]|\(\w{1,3}\))\s+(?=\S)")
_COUNT_TAIL = re.compile(
    r"\s*(?:[(\[（]\s*\d+\s*(?:papers?|items?|entries|works?)?\s*[)\]）]|[-–—:]\s*\d+\s*(?:papers?|items?|entries|works?))\s*$",
    re.IGNORECASE,
)
_ANCHOR_LINK = re.compile(r"\[(?:[^\[\]]|\[[^\[\]]*\]){0,200}\]\(\s*#[^()\s]*\)")
_EMPTY_PARENS = re.compile(r"[(\[（]\s*[)\]）]")
_CHROME = {
    "table of contents",
    "contents",
    "content",
    "toc",
    "contributing",
    "contribute",
    "how to contribute",
    "contributors",
    "contribution",
    "contributions",
    "citation",
    "citations",
    "cite",
    "how to cite",
    "cite this",
    "license",
    "licence",
    "star history",
    "stargazers",
    "acknowledgement",
    "acknowledgements",
    "acknowledgment",
    "acknowledgments",
    "contact",
    "contact us",
    "quick navigation",
    "navigation",
    "credits",
    "thanks",
    "sponsors",
}
# Chrome that lists the sections rather than holding one: it ends at the next heading of any level
# (a "## Contents" before "### Vision" sections), where other chrome lasts as long as its section.
_CONTENTS = {"table of contents", "contents", "content", "toc", "quick navigation", "navigation"}
_YEAR_HEADING = re.compile(rf"^(?:{_YEAR})\s*(?:年)?$")
_CHROME_PREFIX = (
    "contributing",
    "contribution",
    "citation",
    "acknowledg",
    "star history",
    "table of contents",
    "license",
)


def clean_topic(text: str) -> str:
    """A heading as a topic: without emoji, numbering, a trailing count, back-to-top links or markup.

    A heading that is nothing but links to its own page's anchors ("## [Models](#content)") is
    the text of those links.
    """
    text = _html_to_markdown(text)
    without_anchors = _ANCHOR_LINK.sub(" ", text)
    if _plain(without_anchors).strip(" -–—:|"):
        text = without_anchors
    else:
        text = _ANCHOR_LINK.sub(lambda m: " " + m.group()[1 : m.group().rindex("](")] + " ", text)
    text = _drop_emoji(_plain(text))
    text = _EMPTY_PARENS.sub(" ", text)
    text = " ".join(text.split())
    text = _NUMBERING.sub("", text)
    text = _COUNT_TAIL.sub("", text)
    return text.strip(" -–—:|").strip()


def _heading_words(topic: str) -> str:
    return " ".join(topic.lower().replace("&", "and").split()).strip(" :")


def is_chrome(topic: str) -> bool:
    """Whether a cleaned heading is the list's own chrome (contents, contributing, citation, ...)."""
    lowered = _heading_words(topic)
    return lowered in _CHROME or lowered.startswith(_CHROME_PREFIX)


def is_contents(topic: str) -> bool:
    """Whether a cleaned heading is a table of contents, which ends at the next heading of any level."""
    lowered = _heading_words(topic)
    return lowered in _CONTENTS or lowered.startswith("table of contents")


# Leading labels: those that introduce the title, and those that say the item is no title at all.
_TITLE_LABEL = re.compile(r"^(?:paper|title|name)\s*[:：]\s*", re.IGNORECASE)
_OTHER_LABEL = re.compile(
    r"^(?:code|keywords?|key\s*words?|authors?|publisher|venue|conference|journal|datasets?|notes?|tags?|"
    r"tl;?dr|abstract|summary|links?|project(?:\s*page)?|blog|website|homepage|demo|video|slides|date|year|"
    r"pdf|arxiv|github|repo|official\s*code|experiment[\w\s]*|environments?|affiliations?|contributions?|"
    r"institutions?|org|organi[sz]ations?|comments?|status|reviews?|highlights?|method|task|model)\s*[:：]",
    re.IGNORECASE,
)
_GENERIC_TEXT = {
    "paper",
    "papers",
    "pdf",
    "arxiv",
    "link",
    "links",
    "code",
    "github",
    "official",
    "official code",
    "official implementation",
    "implementation",
    "project",
    "project page",
    "page",
    "blog",
    "blog post",
    "homepage",
    "home page",
    "website",
    "web",
    "site",
    "demo",
    "video",
    "slides",
    "poster",
    "openreview",
    "html",
    "abs",
    "abstract",
    "doi",
    "here",
    "url",
    "dataset",
    "data",
    "model",
    "models",
    "huggingface",
    "hugging face",
    "hf",
    "bib",
    "bibtex",
    "citation",
    "talk",
    "tweet",
    "twitter",
    "x",
    "youtube",
    "repo",
    "repository",
    "source",
    "docs",
    "doc",
    "documentation",
    "paper list",
    "pdf link",
    "paper link",
    "springer",
    "ieee",
    "acm",
    "full paper",
    "preprint",
    "supp",
    "supplementary",
    "weights",
    "checkpoint",
    "checkpoints",
    "notebook",
    "colab",
    "leaderboard",
    "arxiv pdf",
    "proceedings",
    "publication",
    "zhihu",
    "medium",
    "report",
    "technical report",
    "tech report",
    "openai",
    "api",
    "star",
    "stars",
    "code & data",
    "code and data",
    "semantic scholar",
    "acl anthology",
    "official repo",
    "unofficial code",
    "coming soon",
    "-",
}
_LEADING_DATE = re.compile(
    rf"^\s*(?:\*\*|__)?[\[(【]\s*(?:{_YEAR}[-./]\d{{1,2}}(?:[-./]\d{{1,2}})?|{_YEAR}|\d{{1,2}}/\d{{1,2}}/{_YEAR}|"
    rf"\d{{1,2}}/{_YEAR})\s*[\])】](?:\*\*|__)?\s*[:：,-]?\s*"
    rf"|^\s*{_YEAR}[-./]\d{{1,2}}(?:[-./]\d{{1,2}})?\s*[:：|,-]\s*"
)
_CHECKBOX = re.compile(r"^\s*\[[ xX]\]\s+")
_LEADING_JUNK = re.compile(r"^(?:\s|&nbsp;|&emsp;|&ensp;|\\\s)+")


def _is_generic(text: str) -> bool:
    plain = clean_title(text).lower().strip("[]() ")
    return not plain or plain in _GENERIC_TEXT or bool(_VENUE.fullmatch(plain)) or plain.startswith("http")


def _strip_leading(s: str) -> str:
    """Drop what may stand before a title: emoji, badges and images, dates, a checkbox, spaces."""
    for _ in range(20):
        before = s
        s = _LEADING_JUNK.sub("", s)
        s = _CHECKBOX.sub("", s)
        s = _LEADING_DATE.sub("", s)
        if s[:1] and (unicodedata.category(s[0]) == "So" or s[0] in _EMOJI_EXTRA):
            s = s[1:]
        if s.startswith("!["):
            links = _scan_links(s)
            if links and links[0].start == 0 and links[0].image:
                s = s[links[0].end :]
        if s.startswith("[!["):
            links = [f for f in _scan_links(s) if f.start == 0 and not f.image]
            if links and _is_generic(links[0].text):
                s = s[links[0].end :]
        if s.startswith("|"):
            s = s[1:]
        if s == before:
            break
    return s


# After a bold name: ': "Full Title"'. A reference number: [5] or **[5]** before a reference.
_QUOTED_AFTER_NAME = re.compile(r'^\s*[:：]\s*["“]((?:\*\*|__)?[^"“”]{3,}?(?:\*\*|__)?)["”]')
_YEAR_THEN_MORE = re.compile(rf"\s\(\s*{_YEAR}\s*\)(?=\s*[,.]|\s*$)")
_TRAILING_YEAR = re.compile(rf"\s*\(\s*{_YEAR}\s*\)$")
_REFERENCE_NUMBER = re.compile(r"^(?:\*\*|__)?\[\d{1,4}\](?:\*\*|__)?\s+")
_QUOTED = re.compile(r'["“]((?:\*\*|__)?[^"“”]{3,}?(?:\*\*|__)?)[.,]?["”]')
_LABEL_BEFORE_LINK = re.compile(r"^[^\[\]:：*]{1,30}[:：]\s*(?=\[[^\[]|\*\*|__|[\"“])")


def _title_from_head(head: str, cell: bool = False) -> tuple[str, str, bool]:
    """(title, the raw text it was read from, whether the title was marked as one) for a first line
    (or a table cell)."""
    s = _strip_leading(head[:_TITLE_LIMIT])
    if _starts_with_label(s):
        return "", "", False
    reference = _REFERENCE_NUMBER.match(s)
    if reference:  # **[5]** Doe, Jane. "**Title**." Venue: a reference, its title in quotes
        s = s[reference.end() :]
        quoted = _QUOTED.search(s)
        if quoted and len(clean_title(quoted.group(1)).split()) >= 2:
            return clean_title(quoted.group(1)), s[: quoted.end()], True
    m = _TITLE_LABEL.match(s) or _LABEL_BEFORE_LINK.match(s)
    if m:
        s = _strip_leading(s[m.end() :])
    if s.startswith("["):
        links = [f for f in _scan_links(s) if not f.image]
        first = links[0] if links and links[0].start == 0 else None
        if first is not None:
            if not _is_generic(first.text):
                return clean_title(first.text), s[: first.end], True
            return "", "", False  # a title-less entry that opens with its links
        m = _SHORT_PREFIX.match(s)
        if m and not s.startswith("[["):
            s = s[m.end() :]
    for opener, closer in (("**", "**"), ("__", "__")):
        if s.startswith(opener):
            close = s.find(closer, len(opener) + 1)
            if close > 0:
                # ***Title*** and **Title**. both end at the last of a run of closers
                while s[close + len(closer) : close + len(closer) + 1] == closer[0]:
                    close += 1
                raw = s[: close + len(closer)]
                title = _TRAILING_YEAR.sub("", clean_title(raw))
                quoted = _QUOTED_AFTER_NAME.match(s[len(raw) :])
                if quoted:  # **FooLM**: "FooLM: An Open Language Model": the quoted text is the title
                    return clean_title(quoted.group(1)), raw + quoted.group(0), True
                if title and not _is_generic(title):
                    return title, raw, True
    for opener, closer in (('"', '"'), ("“", "”"), ("「", "」")):
        if s.startswith(opener):
            close = s.find(closer, 1)
            if close > 1:
                raw = s[: close + 1]
                return clean_title(raw), raw, True
    if s.startswith("*") and not s.startswith("**"):
        close = s.find("*", 1)
        if close > 1:
            raw = s[: close + 1]
            title = clean_title(raw)
            if title and not _is_generic(title):
                return title, raw, True
    cut = len(s)
    for marker in (" *", "[[", "[![", "![", " [", "<", "http://", "https://", " - [", " _") + (
        () if cell else (" | ",)
    ):
        at = s.find(marker)
        if 0 <= at < cut:
            cut = at
    year = _YEAR_THEN_MORE.search(s, 0, cut)  # "A Title (1997), J. Doe and J. Roe."
    if year:
        cut = year.start()
    raw = s[:cut]
    title = clean_title(raw)
    if _is_generic(title):
        return "", "", False
    return title, raw, False


# ---------------------------------------------------------------------------------------------
# Entries as blocks of lines


@dataclass
class _Block:
    kind: str  # "item", "para", "li", "row"
    line: int
    lines: list[str]
    topic: str | None
    chrome: bool
    section: int
    indent: int = 0
    blank: bool = False
    conflict: bool = False
    closed: bool = False
    parent: _Block | None = None
    children: int = 0
    cells: list[str] | None = None
    roles: dict[str, int] | None = None
    # The heading above, and the topic above that: a section holding one untitled entry is the
    # entry ("### A Paper Title", its authors, its links).
    heading: str | None = None
    outer_topic: str | None = None


_ATX = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$")
_HTML_HEADING = re.compile(r"^\s*<h([1-6])\b[^>]*>(.*?)</h\1\s*>", re.IGNORECASE)
_SETEXT = re.compile(r"^ {0,3}(=+|-+)\s*$")
_HR = re.compile(r"^ {0,3}([-*_])(?:\s*\1){2,}\s*$")
_ITEM = re.compile(r"^(\s*)([-*+]|\d{1,9}[.)])(?:(\s+)(.*))?$")
_DELIM_ROW = re.compile(r"^\s*\|?\s*:?-{1,}:?\s*(?:\|\s*:?-{1,}:?\s*)*\|?\s*$")
_LINK_ITEM = re.compile(
    r"^\s*(?:(?:[-*+]|\d{1,3}[.)])\s+)?(?:(?:\*\*|__)?[^\s:：\[\]]{1,20}(?:\*\*|__)?\s*[:：]|<?https?://)"
)
_BOLD_ONLY = re.compile(r"^\s*(\*\*|__)(?=\S)(.+?)(?<=\S)\1\s*:?\s*$")
_TABLE_OPEN = re.compile(r"<table\b", re.IGNORECASE)
_TABLE_CLOSE = re.compile(r"</table\s*>", re.IGNORECASE)
_TR = re.compile(r"<tr\b[^>]*>(.*?)(?=<tr\b|</table\s*>|$)", re.IGNORECASE | re.DOTALL)
_TD = re.compile(r"<t([dh])\b([^>]*)>(.*?)(?=<t[dh]\b|</tr\s*>|$)", re.IGNORECASE | re.DOTALL)
_LI = re.compile(r"<li\b[^>]*>", re.IGNORECASE)
_LI_CLOSE = re.compile(r"</li\s*>|</[uo]l\s*>", re.IGNORECASE)

_TITLE_COLUMNS = ("title", "paper title", "paper name", "name", "paper", "papers", "model", "method", "work", "project")
_DATE_COLUMNS = ("date", "time", "year", "published", "publish date", "release", "release date", "month", "pub date")
_VENUE_COLUMNS = ("venue", "conference", "publication", "pub", "conf", "journal", "publisher", "conf/journal")


def _split_cells(row: str) -> list[str]:
    row = row.strip()
    if row.startswith("|"):
        row = row[1:]
    if row.endswith("|") and not row.endswith("\\|"):
        row = row[:-1]
    cells, current, code = [], [], False
    i = 0
    while i < len(row):
        c = row[i]
        if c == "\\" and i + 1 < len(row) and row[i + 1] == "|":
            current.append("|")
            i += 2
            continue
        if c == "`":
            code = not code
        if c == "|" and not code:
            cells.append("".join(current))
            current = []
        else:
            current.append(c)
        i += 1
    cells.append("".join(current))
    return [c.strip() for c in cells[:_MAX_CELLS]]


def _roles(header: list[str]) -> dict[str, int]:
    names = [clean_topic(h).lower() for h in header]
    roles: dict[str, int] = {}
    for role, wanted in (("title", _TITLE_COLUMNS), ("date", _DATE_COLUMNS), ("venue", _VENUE_COLUMNS)):
        for candidate in wanted:
            if candidate in names:
                roles[role] = names.index(candidate)
                break
    return roles


class _Reader:
    def __init__(self, source: str) -> None:
        self.source = source
        self.blocks: list[_Block] = []
        self.topic: str | None = None
        self.topics: list[tuple[int, str | None, bool]] = []  # (level, topic, a year?) of the open headings
        self.chrome_level: int | None = None
        self.in_contents = False
        self.heading_text: str | None = None
        self.outer_topic: str | None = None
        self.blocks_at_heading = 0
        self.levels: set[int] = set()  # of every heading
        self.first_heading_level: int | None = None
        self.section = 0
        self.current: _Block | None = None  # the open paragraph or <li>
        self.stack: list[tuple[int, _Block]] = []  # open list items: (marker indent, block owning it)

    # -- context
    @property
    def chrome(self) -> bool:
        return self.chrome_level is not None

    def close(self) -> None:
        self.current = None
        self.stack = []

    def heading(self, level: int, text: str) -> None:
        self.close()
        self.section += 1
        self.levels.add(level)
        if self.first_heading_level is None:
            self.first_heading_level = level
        topic = clean_topic(text)
        if self.chrome_level is not None and (level <= self.chrome_level or self.in_contents):
            self.chrome_level = None
        is_year = bool(_YEAR_HEADING.match(topic))
        year_topic = self.year_topic(level) if is_year else None
        self.blocks_at_heading = len(self.blocks)
        while self.topics and self.topics[-1][0] >= level:
            self.topics.pop()
        self.heading_text = topic or None
        self.outer_topic = self.topics[-1][1] if self.topics else None
        if is_chrome(topic):
            if self.chrome_level is None:
                self.chrome_level, self.in_contents = level, is_contents(topic)
            self.topic = None
        elif self.chrome_level is None:
            if is_year:  # "### 2024" under "## Driving": the papers are Driving's
                self.topic = year_topic
            else:
                self.topic = topic or self.topic
        self.topics.append((level, self.topic, is_year))

    def year_topic(self, level: int) -> str | None:
        """The topic of a year heading at ``level``: that of the heading it closes at its own level
        when that one was a year too or had nothing under it ("## Driving:", "## 2024:", ...,
        "## 2023:": the years are Driving's), else that of the nearest heading above it."""
        for open_level, open_topic, was_year in reversed(self.topics):
            if open_level == level:
                is_last = (open_level, open_topic, was_year) == self.topics[-1]
                if was_year or (is_last and self.blocks_at_heading == len(self.blocks)):
                    return open_topic
            elif open_level < level:
                return open_topic
        return None

    def new_block(self, kind: str, lineno: int, text: str, indent: int = 0) -> _Block:
        block = _Block(kind, lineno, [text], self.topic, self.chrome, self.section, indent)
        block.heading, block.outer_topic = self.heading_text, self.outer_topic
        self.blocks.append(block)
        return block

    # -- lines
    def read(self, lines: list[str]) -> None:
        i, n = 0, len(lines)
        while i < n:
            i = self.line(lines, i, n)

    def line(self, lines: list[str], i: int, n: int) -> int:
        line = lines[i]
        lineno = i + 1
        if not line.strip():
            if self.current is not None and self.current.kind in ("para", "li"):
                self.current = None
            for _, owner in self.stack:
                owner.blank = True
            return i + 1
        m = _ATX.match(line)
        if m:
            self.heading(len(m.group(1)), m.group(2) or "")
            return i + 1
        m = _HTML_HEADING.match(line)
        if m:
            self.heading(int(m.group(1)), m.group(2))
            return i + 1
        if CONFLICT_MARKER.match(line):
            owner = self.current or (self.stack[-1][1] if self.stack else None)
            if owner is not None:
                owner.conflict = True
            return i + 1
        if _SETEXT.match(line) and self.current is not None and self.current.kind == "para":
            para = self.current
            text = para.lines.pop()
            if not para.lines:
                self.blocks.remove(para)
            self.heading(1 if line.strip()[0] == "=" else 2, text)
            return i + 1
        if _HR.match(line):
            self.close()
            return i + 1
        if _TABLE_OPEN.search(line):
            return self.html_table(lines, i, n)
        if "|" in line and i + 1 < n and "|" in lines[i] and _DELIM_ROW.match(lines[i + 1]) and "-" in lines[i + 1]:
            return self.md_table(lines, i, n)
        m = _ITEM.match(line)
        if m and not (m.group(2)[0].isdigit() and m.group(3) is None):
            self.item(lineno, len(m.group(1)), m.group(4) or "")
            return i + 1
        if _LI.search(line):
            self.html_items(lineno, line)
            return i + 1
        indent = len(line) - len(line.lstrip())
        if self.current is not None:
            self.current.lines.append(line)
            if self.current.kind == "li" and _LI_CLOSE.search(line):
                self.current = None
            return i + 1
        if self.stack:
            top_indent, owner = self.stack[-1]
            if not owner.blank or indent > top_indent:
                owner.lines.append(line)
                return i + 1
            for marker_indent, candidate in reversed(self.stack):
                if indent > marker_indent:
                    candidate.lines.append(line)
                    return i + 1
            self.stack = []
        if _BOLD_ONLY.match(line) and not _scan_links(line):
            links_below = self.link_items_below(lines, i + 1, n)
            if links_below:  # **Title**, then "- Paper: url", "- Code: url": one entry
                block = self.new_block("para", lineno, line, indent)
                block.lines.extend(lines[k] for k in links_below)
                self.close()
                return links_below[-1] + 1
            following = lines[i + 1] if i + 1 < n else ""
            if (
                not following.strip()
                or _ITEM.match(following)
                or _ATX.match(following)
                or following.lstrip()[:1] in "|<"
            ):
                self.heading(7, line)
                return i + 1
        self.current = self.new_block("para", lineno, line, indent)
        return i + 1

    @staticmethod
    def link_items_below(lines: list[str], i: int, n: int) -> list[int]:
        """The line numbers of the list just below (after blank lines) when every item of it is a
        labelled value ("- Paper: url", "- 代码：url", "- Code: None") or a bare link, and one of
        them links a paper; else none."""
        found: list[int] = []
        while True:  # the items, blank lines between them allowed
            while i < n and not lines[i].strip():
                i += 1
            if i >= n:
                break
            if not _LINK_ITEM.match(lines[i]):
                if _ITEM.match(lines[i]):
                    return []  # a list of other things: the bold line is its heading
                break
            found.append(i)
            i += 1
        papers = (link for k in found for link in _links(_html_to_markdown(lines[k])))
        return found if any(link.kind == "paper" for link in papers) else []

    def item(self, lineno: int, indent: int, content: str) -> None:
        self.current = None
        while self.stack and self.stack[-1][0] >= indent:
            self.stack.pop()
        if self.stack:
            owner = self.stack[-1][1]
            if self.own_entry(owner, content):
                block = self.new_block("item", lineno, content, indent)
                block.parent = owner
                owner.children += 1
                self.stack.append((indent, block))
            else:
                owner.lines.append(" " * (indent + 2) + content)
                owner.blank = False
                self.stack.append((indent, owner))
            return
        block = self.new_block("item", lineno, content, indent)
        self.stack.append((indent, block))

    @staticmethod
    def own_entry(owner: _Block, content: str) -> bool:
        """Whether a nested sub-bullet is an entry of its own rather than a detail of the item above."""
        md = _html_to_markdown(content)
        title, _, _ = _title_from_head(md)
        if not title:
            return False
        links = _links(md)
        if any(link.kind == "paper" for link in links):
            return True
        owner_links = _links(_html_to_markdown("\n".join(owner.lines)))
        return bool(links) and not owner_links

    def html_items(self, lineno: int, line: str) -> None:
        self.close()
        starts = [m.start() for m in _LI.finditer(line)]
        head = line[: starts[0]]
        if head.strip() and _HTML_TAG_ANY.sub("", head).strip():
            self.new_block("para", lineno, head)
        for k, start in enumerate(starts):
            end = starts[k + 1] if k + 1 < len(starts) else len(line)
            block = self.new_block("li", lineno, line[start:end])
            self.current = None if _LI_CLOSE.search(line[start:end]) else block

    def md_table(self, lines: list[str], i: int, n: int) -> int:
        self.close()
        header = _split_cells(lines[i])
        roles = _roles(header)
        i += 2
        while i < n and lines[i].strip() and "|" in lines[i]:
            if CONFLICT_MARKER.match(lines[i]):
                i += 1
                continue
            block = self.new_block("row", i + 1, lines[i])
            block.cells = _split_cells(lines[i])
            block.roles = roles
            i += 1
        return i

    def html_table(self, lines: list[str], i: int, n: int) -> int:
        self.close()
        start = i
        end = i
        while end < n and not _TABLE_CLOSE.search(lines[end]):
            end += 1
        end = min(end, n - 1)
        text = "\n".join(lines[start : end + 1])
        line_starts = [0]
        for ln in lines[start : end + 1]:
            line_starts.append(line_starts[-1] + len(ln) + 1)
        roles: dict[str, int] | None = None
        seen_link = False
        carried: dict[int, list] = {}  # column -> [a cell with rowspan, rows it still covers]
        for row in _TR.finditer(text):
            cells: list[str] = []
            for cell in _TD.finditer(row.group(1)):
                _carry_over(cells, carried)
                attrs = _attrs(cell.group(2))
                count, down = (_span(attrs.get(name, "1")) for name in ("colspan", "rowspan"))
                content = re.sub(r"</t[dh]\s*>.*$", "", cell.group(3), flags=re.IGNORECASE | re.DOTALL).strip()
                for _ in range(count):
                    if down > 1 and len(cells) < _MAX_CELLS:
                        carried[len(cells)] = [content, down - 1]
                    cells.append(content)
                if len(cells) >= _MAX_CELLS:
                    break
            _carry_over(cells, carried)
            cells = cells[:_MAX_CELLS]
            if not cells:
                continue
            offset = row.start()
            lineno = start + 1 + _line_index(line_starts, offset)
            has_link = "href" in row.group(1).lower()
            if not seen_link and not has_link:
                roles = roles if roles is not None else _roles(cells)
                continue  # header rows come before the first row with a link
            seen_link = True
            block = self.new_block("row", lineno, " | ".join(cells))
            block.cells = cells
            block.roles = roles or {}
        return end + 1


def _carry_over(cells: list[str], carried: dict[int, list]) -> None:
    """Append the cells of rows above that span down (rowspan) into this row at its next columns."""
    while len(cells) in carried:
        held = carried[len(cells)]
        cells.append(held[0])
        held[1] -= 1
        if held[1] <= 0:
            del carried[len(cells) - 1]


def _span(value: str) -> int:
    """A colspan or rowspan: 1 unless it is a sensible number."""
    return int(value) if value.isdigit() and 0 < int(value) < 50 else 1


def _line_index(starts: list[int], offset: int) -> int:
    lo, hi = 0, len(starts) - 1
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if starts[mid] <= offset:
            lo = mid
        else:
            hi = mid - 1
    return lo


# ---------------------------------------------------------------------------------------------
# From a block to an entry


def _links(md: str) -> list[Link]:
    """Every http(s) link in markdown text (HTML already converted), in order, without duplicates."""
    found: list[tuple[int, str, str]] = []
    arxiv_badges: list[tuple[int, str]] = []
    scanned = _scan_links(md)
    image_at = {f.start: f for f in scanned if f.image}
    masked = list(md) if scanned else None
    for f in _outermost(scanned):
        masked[f.start : f.end] = " " * (f.end - f.start)  # type: ignore[index]
    for f in scanned:
        url = _clean_url(f.url)
        if f.image:
            words = _badge_text(url)
            if words:
                m = _BADGE_ARXIV.search(words)
                if m:
                    arxiv_badges.append((f.start, m.group(1)))
            continue
        # (a link text longer than any title is markup gone wrong: it shows nothing worth keeping)
        shown = clean_title(f.text).strip("[] ") if len(f.text) <= _LINK_TEXT_LIMIT else ""
        inner = image_at.get(f.start + 1)
        if not shown and inner is not None and len(inner.text) <= _LINK_TEXT_LIMIT:
            shown = clean_title(inner.text).strip("[] ")
        found.append((f.start, url, shown))
    rest = "".join(masked) if masked is not None else md
    for m in _AUTOLINK.finditer(rest):
        found.append((m.start(), _clean_url(m.group(1)), ""))
    rest = _AUTOLINK.sub(lambda m: " " * len(m.group(0)), rest)
    if "http" in rest.lower():
        for m in _BARE_URL.finditer(rest):
            found.append((m.start(), _clean_url(_trim_bare(m.group(0))), ""))
        rest = _BARE_URL.sub(lambda m: " " * len(m.group(0)), rest)
    if not arxiv_badges and ("arxiv" in rest.lower() or "corr" in rest.lower()):
        arxiv_badges = [(m.start(), m.group(1)) for m in _TEXT_ARXIV.finditer(rest)][:1]
    found.sort(key=lambda item: item[0])
    links: list[Link] = []
    seen: set[str] = set()
    for _, url, text in found:
        if url in seen or _host_path(url) is None or any(c.isspace() for c in url):
            continue
        hp = _host_path(url)
        if hp and hp[0].endswith("shields.io"):
            continue
        seen.add(url)
        links.append(Link(url, link_kind(url), text))
    if arxiv_badges and not any(_is_arxiv(link.url) for link in links):
        position, arxiv = arxiv_badges[0]
        url = f"https://arxiv.org/abs/{arxiv}"
        before = sum(1 for p, u, _ in found if p < position and u in seen)
        links.insert(min(before, len(links)), Link(url, "paper", "arXiv"))
    return links


def _is_arxiv(url: str) -> bool:
    hp = _host_path(url)
    return bool(hp) and hp[0].endswith("arxiv.org")  # type: ignore[index]


def _badge_words(found: _Found) -> str:
    return f" {_badge_text(_clean_url(found.url)) or ''} "


def _meta_text(md: str) -> str:
    """Text for dates and venues: link texts and badge words kept, URLs dropped."""

    def shown(f: _Found) -> str:
        if f.image:
            return _badge_words(f)
        return " " + _replace_links(f.text, lambda inner: _badge_words(inner) if inner.image else inner.text) + " "

    text = _replace_links(md, shown)
    text = _AUTOLINK.sub(" ", text)
    text = _BARE_URL.sub(" ", text)
    text = _EMPHASIS.sub(" ", text)
    return html.unescape(text)


def _navigation(md: str) -> bool:
    """Whether text links somewhere in the list itself (an #anchor, README.md#x, ./docs/)."""
    return any(not f.image and not re.match(r"^\s*<?https?://", f.url, re.IGNORECASE) for f in _scan_links(md))


class _Finish:
    def __init__(self, source: str, blocks_per_section: dict[int, int]) -> None:
        self.source = source
        self.entries: list[ListEntry] = []
        self.skipped: list[tuple[int, str]] = []
        self.blocks_per_section = blocks_per_section

    def alone_in_section(self, block: _Block) -> bool:
        return self.blocks_per_section.get(block.section) == 1

    def block(self, block: _Block) -> ListEntry | None:
        if block.chrome:
            return None
        if block.kind == "row":
            return self.row(block)
        md_lines = [_html_to_markdown(line) for line in block.lines]
        md = "\n".join(md_lines)
        links = _links(md)
        title, raw, marked = _title_from_head(md_lines[0])
        if not title and not raw and len(md_lines) > 1 and not _scan_links(md_lines[0]):
            title, raw, marked = _title_from_head(md_lines[1].strip())
        papers = [link for link in links if link.kind == "paper"]
        if block.kind == "item" and block.children and not links:
            return None  # a grouping item: its sub-bullets are the entries
        if not links:
            if _navigation(md) or not (title and marked) or block.kind == "para":
                return None
            if _looks_like_value(title):
                return None  # "- **2016** : +60 citations": a value, not a paper
        if block.kind == "para" and not papers:
            return None
        if block.kind == "para" and not marked:
            # Prose ("This is the repo for our survey [A Survey of X](arxiv)"): the paper link names it.
            named = [link.text for link in papers if len(link.text.split()) >= 3 and not _is_generic(link.text)]
            if named:
                title, raw = named[0], ""
        if title and not marked and papers and _is_description(title):
            title = ""  # "Presents a method that ...": no title to check the link against; trust the link
        topic = block.topic
        if not title and papers and block.heading and self.alone_in_section(block) and _starts_with_label(md_lines[0]):
            title, topic = clean_title(block.heading), block.outer_topic
        if not title and not papers:
            return None
        if block.conflict:
            self.skipped.append((block.line, f"merge-conflict marker inside the entry{_named(title)}"))
            return None
        meta = _meta_text(md.replace(raw, " ", 1) if raw else md)
        # A date of the entry's own, else one on the item it is nested in (a dated group of papers).
        precise, year = _date_parts(meta)
        parent = block.parent
        while parent is not None and precise is None:
            parent_precise, parent_year = _date_parts(_meta_text(_html_to_markdown("\n".join(parent.lines))))
            precise, year = precise or parent_precise, year or parent_year
            parent = parent.parent
        venue = parse_venue(meta)
        date = precise or year or (venue[-4:] if venue else None)
        return ListEntry(block.line, title, topic, tuple(links), date, venue, self.source)

    def row(self, block: _Block) -> ListEntry | None:
        cells = [_html_to_markdown(c) for c in block.cells or []]
        roles = block.roles or {}
        md = " | ".join(cells)
        links = _links(md)
        if not links and any(_navigation(c) for c in cells):
            return None
        title, raw = "", ""
        order = [roles["title"]] if "title" in roles else []
        order += [k for k in range(len(cells)) if k not in order and k not in (roles.get("date"), roles.get("venue"))]
        for k in order:
            if k >= len(cells):
                continue
            candidate, raw_candidate, _ = _title_from_head(cells[k], cell=True)
            if candidate and not _looks_like_value(candidate):
                title, raw = candidate, raw_candidate
                break
        if title and " " not in title:  # a name ("Foo-7B") beside a linked title: the title wins
            for k in range(len(cells)):
                candidate, raw_candidate, marked = _title_from_head(cells[k], cell=True)
                if (
                    marked
                    and len(candidate.split()) >= 3
                    and any(link.kind == "paper" for link in _links(raw_candidate))
                ):
                    title, raw = candidate, raw_candidate
                    break
        papers = [link for link in links if link.kind == "paper"]
        if not title and not papers:
            return None
        if not links and not title:
            return None
        if block.conflict:
            self.skipped.append((block.line, f"merge-conflict marker inside the entry{_named(title)}"))
            return None
        date = None
        if "date" in roles and roles["date"] < len(cells):
            date = parse_date(_meta_text(cells[roles["date"]]))
        venue = None
        if "venue" in roles and roles["venue"] < len(cells):
            venue = parse_venue(_meta_text(cells[roles["venue"]]))
        meta = _meta_text(md.replace(raw, " ", 1) if raw else md)
        venue = venue or parse_venue(meta)
        date = date or parse_date(meta) or (venue[-4:] if venue else None)
        return ListEntry(block.line, title, block.topic, tuple(links), date, venue, self.source)


# How descriptions of papers begin ("Presents a new method ...", "Proposes ...").
_DESCRIPTION_VERBS = frozenset(
    "presents proposes introduces shows develops describes explores studies investigates demonstrates "
    "finds trains releases provides builds applies combines extends improves achieves reports evaluates "
    "analyzes analyses discusses surveys reviews suggests leverages uses outlines compares aims".split()
)


def _is_description(text: str) -> bool:
    """Whether unmarked text reads as a sentence about a paper rather than its title."""
    words = text.split()
    # "Presents ...", "GoogleAI introduces ...", "A new paper shows ...": a verb among the first words
    if len(words) >= 6 and any(word.lower().strip(",:;") in _DESCRIPTION_VERBS for word in words[:4]):
        return True
    if len(words) >= 8 and re.search(r"\bis an? \b", " ".join(words[:6]).lower() + " "):
        return True  # "ConvNeXt V2 is a performant model based on ..."
    return len(words) >= 15 and text.rstrip().endswith((".", ";"))


def _starts_with_label(line: str) -> bool:
    """Whether a line opens with a label such as "**Authors**:" (an entry's details, not its title)."""
    s = _strip_leading(line)
    return bool(_OTHER_LABEL.match(s) or _OTHER_LABEL.match(_EMPHASIS.sub("", s[:40])))


def _named(title: str) -> str:
    return f" '{title[:67]}...'" if len(title) > 70 else (f" '{title}'" if title else "")


_VALUE = re.compile(r"^[\W\d_]*$|^(?:n/?a|none|tbd|todo|yes|no|arxiv|preprint)$", re.IGNORECASE)


def _looks_like_value(text: str) -> bool:
    """A table cell that holds a value (a date, a mark, a venue), not a title."""
    return (
        bool(_VALUE.match(text))
        or parse_date(text) == text.replace(".", "-").replace("/", "-")
        or bool(_VENUE.fullmatch(text))
    )


_LINK_ONLY_REST = re.compile(r"[\s\W_]*", re.UNICODE)


def _links_only(block: _Block) -> bool:
    """A paragraph of nothing but links and badges (a stars badge under the entry above, say)."""
    md = _html_to_markdown("\n".join(block.lines))
    found = _scan_links(md)
    if not found:
        return False
    rest = _replace_links(md, lambda f: "", found)
    remainder = html.unescape(rest).replace("\xa0", " ")
    return bool(_LINK_ONLY_REST.fullmatch(remainder))


def read_generic(text: str, source: str = "") -> GenericList:
    """Every entry of a paper list in any common markdown layout, in order of appearance."""
    reader = _Reader(source)
    reader.read(_inline_reference_links(_visible_lines(text)))
    if reader.levels - {1} and reader.blocks and reader.first_heading_level == 1:
        # "# Awesome-X" over "## ..." sections: the first heading is the list's title, not a topic
        for block in reader.blocks:
            if block.section == 1:
                block.topic = None
    merged: set[int] = set()
    previous: _Block | None = None
    for block in reader.blocks:
        if block.kind == "para" and _links_only(block):
            if previous is not None and previous.kind != "row" and previous.section == block.section:
                previous.lines.extend(block.lines)
                merged.add(id(block))
            continue
        previous = block
    finish = _Finish(source, Counter(block.section for block in reader.blocks if id(block) not in merged))
    for block in reader.blocks:
        if id(block) in merged:
            continue
        try:
            entry = finish.block(block)
        except Exception as exc:  # never let one odd entry stop the list
            finish.skipped.append((block.line, f"could not be read ({type(exc).__name__})"))
            continue
        if entry is not None:
            finish.entries.append(entry)
    return GenericList(finish.entries, finish.skipped)
