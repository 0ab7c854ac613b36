"""The records as BibTeX, CSL-JSON, CSV or JSON: pure functions of the papers and the list order.

Every exporter takes ``papers`` (record key -> Paper) and ``order`` (record keys, newest first, as
``paperlist.store.ordered`` gives them), writes the papers in that order, and returns text that ends
with one newline (BibTeX of no papers is the empty text). The same input always gives the same bytes.

Citation keys
-------------
A key is ``<family><year><word>``: the first author's family name (ASCII-folded, lower case,
letters only; ``anonymous`` when there are no authors or the name has no Latin letters), the year
(``nd`` when the date has none) and the first title word not in a stop list (``untitled`` when
there is none), e.g. ``snell2024scaling``.

Only papers whose keys would collide get a suffix. Of the papers sharing a key, the one added to the
list first keeps it bare; each of the others gets four lower-case letters taken from a SHA-256 hash
of its record key, e.g. ``snell2024scalingqzkd``. "Added first" is the record's ``added`` date (a
record without one counts as older than any with one), then its record key. A new paper is added
today, so it never takes a key from a paper already listed, and a suffix depends only on the
paper's own record key, not on which other papers share its key: adding papers never changes a key
already given. What can change a key is a change to the paper's own first author, year or title,
the removal of the paper that held the bare key (the next one added takes it), or a paper added
the same day or with an ``added`` date written in the past, which can come first. Should two keys
still be equal (a suffix that clashes, about 1 in 457,000 for two papers that share a key, or a
suffixed key that is another paper's bare key), the bare key and then the paper added first keep
theirs and each of the others gets one more hash letter, until every key differs.

BibTeX text
-----------
Text fields are escaped for LaTeX: ``\\ ~ ^`` become ``\\textbackslash{}``, ``\\textasciitilde{}``,
``\\textasciicircum{}``, and ``% & # _ $`` get a backslash. Braces become ``\\{`` and ``\\}`` when
they pair up in the value, and ``\\textbraceleft{}``/``\\textbraceright{}`` when they do not, so the
braces of a field always balance, as BibTeX needs (``\\{``/``\\}`` read back more widely: some
decoders drop the named macros). Pairs that TeX's fonts join into one glyph (two hyphens or three,
two backquotes, two apostrophes, and an exclamation or question mark before a backquote) get an
empty group between them, so "Journey -- Part 3" prints and reads back as written, not with an
en dash. Non-ASCII text stays UTF-8. An ``@`` that begins a line of a value is written ``{@}`` (tolerant parsers read an ``@`` at the start of a
line as a new entry). The title, the booktitle and the journal are wrapped in one extra pair of
braces, so styles and readers that change case (pandoc sentence-cases a booktitle) keep their
capitals ("LLaVA-CoT", "MCTS", "ACL") as written. ``url`` and ``doi`` are written as they are (styles pass
them to ``\\url``), except that ``{``, ``}`` and ``\\`` are percent-encoded.

Authors are ``von Family, Given and ...``, with ``, Jr.`` after the family name when the name has a
suffix (``split_name`` says how a name is split; CSL-JSON gets the same parts, the particle as
``non-dropping-particle``). A name part holding a comma, the word "and" or an escaped
character is wrapped in braces, so it stays one part of one name (bibtexparser v2 does not follow
escapes when it splits names: it loses the backslash of a name that starts with one, and reads
``x \\% and y`` as two names short of the ``\\%``); so is a lone name "others" (BibTeX reads it as
"et al."). A record with no authors has no ``author`` field (styles then sort by key or title); a
record without a month has no ``month`` field; a date without a year has no ``year`` field.

Entry types: ``@misc`` with ``eprint`` and ``archivePrefix = {arXiv}`` for an arXiv preprint (venue
arXiv.org, ArXiv, CoRR or none, and an arXiv id; ``primaryClass`` is not in the record, so it is
left out); ``@inproceedings`` with ``booktitle`` when the venue names a conference (NeurIPS, ICML,
ACL, ..., or a venue with "Conference", "Proceedings", "Workshop", "Symposium" or "Meeting");
``@article`` with ``journal`` for any other venue; ``@misc`` with neither for a paper with no venue
(or arXiv as its venue) and no arXiv id. Any entry with an arXiv id carries ``eprint`` and
``archivePrefix``.

CSV
---
``CSV_COLUMNS``, one row per paper; lists (authors, topics) are joined with ``"; "``; ``url`` and
``pdf`` are the links the README shows (the record's own, else derived from the arXiv id, DOI or
Semantic Scholar id); ``citations`` is the count. Rows end with ``\\n``; there is no byte order mark.
Spreadsheet formula injection (OWASP "CSV Injection"): a cell that starts with ``=``, ``+``, ``-``,
``@``, a tab, a carriage return or ``'`` gets one leading ``'``, which spreadsheets hide and treat
as "this is text". Guarding ``'`` too keeps the rule reversible: drop one leading ``'`` to get the
record's value back.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import unicodedata
from collections.abc import Callable
from typing import Any, NamedTuple

from paperlist.paper import Paper, date_parts

__all__ = [
    "FORMATS",
    "CSV_COLUMNS",
    "bibtex_keys",
    "export",
    "export_bibtex",
    "export_csl_json",
    "export_csv",
    "export_json",
    "latex_escape",
    "split_name",
    "Name",
]

FORMATS = ("bibtex", "csl-json", "csv", "json")

#: The CSV columns, in order.
CSV_COLUMNS: tuple[str, ...] = (
    "key",  # the record key (file name stem in papers/)
    "title",
    "authors",  # "; "-joined, in order
    "date",  # YYYY-MM-DD, YYYY-MM or YYYY, as in the record
    "year",
    "venue",
    "arxiv",
    "doi",
    "semantic_scholar",
    "url",  # the landing page (Paper.link)
    "pdf",  # the PDF (Paper.pdf_link)
    "code",
    "topics",  # "; "-joined
    "added",
    "citations",  # the count; empty when never read
    "abstract",
    "tldr",
    "note",
)

_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")

# --- citation keys ------------------------------------------------------------------------

_STOP_WORDS = frozenset(
    "a an the on of for in and to with towards toward via at by from into is are as do does can how what why when"
    " which your our we".split()
)
_SUFFIX_LETTERS = 4
_HASH_LETTERS = 55  # 26**55 > 2**256


def _ascii_fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if not unicodedata.combining(c)).encode("ascii", "ignore").decode("ascii").lower()


class Name(NamedTuple):
    """An author name in its parts, as BibTeX and CSL know them."""

    family: str
    given: str = ""
    particle: str = ""  # "van der" of "Jan van der Berg"
    suffix: str = ""  # "Jr." of "John Smith Jr."


#: Words after a family name that are not part of it.
NAME_SUFFIXES = frozenset({"Jr.", "Jr", "jr.", "Sr.", "Sr", "sr.", "II", "III", "IV"})


def _is_particle(word: str) -> bool:
    # BibTeX's "von" rule: a word in lower case ("and" would split the author list).
    return word.isalpha() and word.islower() and word != "and"


def _family_and_particle(text: str) -> tuple[str, str]:
    """(family, particle) of a family name: its leading lower-case words are its particle."""
    words = list(re.finditer(r"\S+", text))
    cut = 0
    while cut < len(words) - 1 and _is_particle(words[cut].group()):
        cut += 1
    if not cut:
        return text, ""
    return text[words[cut].start() :], " ".join(word.group() for word in words[:cut])


def split_name(name: str) -> Name:
    """The parts of an author name as the record writes it.

    "Family, Given" or "Family, Jr., Given" when the name has a comma; otherwise the last word is
    the family name and the words before it the given names ("S. Welleck" -> Welleck, S.), except
    that a last word in ``NAME_SUFFIXES`` after two others is a suffix ("John Smith Jr."). In both
    forms the lower-case words just before the family name are its particle ("Jan van der Berg",
    "van der Berg, Jan": Berg, Jan, "van der"), as BibTeX reads them. A one-word name is all
    family name.
    """
    name = name.strip()
    if "," in name:
        family, _, given = name.partition(",")
        family, given = family.strip(), given.strip()
        if not family:
            family, particle = _family_and_particle(given or name)
            return Name(family, "", particle)
        suffix = ""
        middle, comma, rest = given.partition(",")
        if comma and middle.strip() in NAME_SUFFIXES and rest.strip():
            suffix, given = middle.strip(), rest.strip()
        family, particle = _family_and_particle(family)
        return Name(family, given, particle, suffix)
    words = list(re.finditer(r"\S+", name))
    suffix = ""
    if len(words) >= 3 and words[-1].group() in NAME_SUFFIXES:
        suffix = words.pop().group()
    if len(words) <= 1:
        return Name(words[0].group() if words else name, "", "", suffix)
    cut = len(words) - 1  # words[cut:-1] are the particle
    while cut > 1 and _is_particle(words[cut - 1].group()):
        cut -= 1
    given = name[: words[cut - 1].end()]
    particle = " ".join(word.group() for word in words[cut:-1])
    return Name(words[-1].group(), given, particle, suffix)


def _key_base(paper: Paper) -> str:
    family = ""
    if paper.authors:
        family = re.sub(r"[^a-z]", "", _ascii_fold(split_name(paper.authors[0]).family))
    year = date_parts(paper.date)[0]
    words = re.findall(r"[a-z0-9]+", _ascii_fold(paper.title))
    word = next((w for w in words if w not in _STOP_WORDS and re.search(r"[a-z]", w)), "untitled")
    return f"{family or 'anonymous'}{year or 'nd'}{word}"


def _hash_letters(record_key: str) -> str:
    """The record key's SHA-256 as 55 lower-case letters (base 26): different keys, different letters."""
    number = int.from_bytes(hashlib.sha256(record_key.encode("utf-8")).digest(), "big")
    letters = []
    for _ in range(_HASH_LETTERS):
        number, digit = divmod(number, 26)
        letters.append(chr(ord("a") + digit))
    return "".join(letters)


def _seniority(key: str, paper: Paper) -> tuple[str, str]:
    """Sorts papers in the order they were added: no ``added`` date first, then by date, then by key."""
    return (paper.added or "", key)


def bibtex_keys(papers: dict[str, Paper]) -> dict[str, str]:
    """Record key -> citation key for every paper: unique, and unchanged when other papers are added.

    See the module docstring for the rule: a hash suffix only where keys collide.
    """
    bases = {key: _key_base(paper) for key, paper in papers.items()}
    seniority = {key: _seniority(key, paper) for key, paper in papers.items()}
    sharing: dict[str, list[str]] = {}
    for key, base in bases.items():
        sharing.setdefault(base, []).append(key)
    length = dict.fromkeys(papers, 0)
    for group in sharing.values():
        for key in sorted(group, key=seniority.__getitem__)[1:]:
            length[key] = _SUFFIX_LETTERS
    hashes = {key: _hash_letters(key) for key, letters in length.items() if letters}
    while True:
        keys = {key: bases[key] + (hashes[key][: length[key]] if length[key] else "") for key in papers}
        seen: dict[str, list[str]] = {}
        for key, citation in keys.items():
            seen.setdefault(citation, []).append(key)
        clashes = [group for group in seen.values() if len(group) > 1]
        if not clashes:
            return keys
        # Bare bases differ from one another, so a clash holds a suffixed key; the bare key, else the
        # paper added first, keeps its key. Two whole hashes never clash (different record keys).
        for group in clashes:
            first, *rest = sorted(group, key=lambda key: (length[key] > 0, seniority[key]))
            for key in rest:
                length[key] = min(length[key] + 1, _HASH_LETTERS)
                hashes.setdefault(key, _hash_letters(key))


# --- kinds of publication -----------------------------------------------------------------

_PREPRINT_VENUE = re.compile(r"^(?:arxiv(?:\.org)?|corr)(?:\s+preprint)?$", re.IGNORECASE)
_CONFERENCE = re.compile(
    r"\b(?:NeurIPS|NIPS|ICML|ICLR|ACL|EMNLP|NAACL|EACL|AACL|CVPR|ICCV|ECCV|WACV|AAAI|IJCAI|KDD|SIGIR|WWW|WSDM|CIKM"
    r"|COLING|COLM|CoRL|AISTATS|UAI|ICRA|IROS|ICASSP|INTERSPEECH|Interspeech)\b"
    r"|(?i:\b(?:conference|proceedings|workshop|symposium|meeting)s?\b|neural information processing systems)"
)


def _kind(paper: Paper) -> str:
    """'preprint' (on arXiv, no other venue), 'conference', 'journal', or 'other'."""
    venue = (paper.venue or "").strip()
    if not venue or _PREPRINT_VENUE.match(venue):
        return "preprint" if paper.arxiv else "other"
    if _CONFERENCE.search(venue):
        return "conference"
    return "journal"


# --- BibTeX -------------------------------------------------------------------------------

_LATEX = {
    "\\": r"\textbackslash{}",
    "{": r"\textbraceleft{}",
    "}": r"\textbraceright{}",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
    "%": r"\%",
    "&": r"\&",
    "#": r"\#",
    "_": r"\_",
    "$": r"\$",
}
_LATEX_SPECIAL = re.compile("[" + re.escape("".join(_LATEX)) + "]")
_AT_LINE_START = re.compile(r"(\n\s*)@")
_NEEDS_BRACES = re.compile(r"\\|,|(?:^|\s)and(?:\s|$)", re.IGNORECASE)
_VERBATIM = {"{": "%7B", "}": "%7D", "\\": "%5C"}
_BIBTEX_TYPES = {"preprint": "misc", "other": "misc", "conference": "inproceedings", "journal": "article"}


_BALANCED_BRACES = {"{": r"\{", "}": r"\}"}
# Pairs TeX's fonts turn into one glyph: -- and --- into dashes, `` and '' into curly quotes,
# !` and ?` into inverted marks. An empty group between the two keeps the characters as written.
_LIGATURE = re.compile(r"-(?=-)|`(?=`)|'(?=')|[!?](?=`)")


def _braces_balance(text: str) -> bool:
    depth = 0
    for char in text:
        if char in "{}":
            depth += 1 if char == "{" else -1
            if depth < 0:
                return False
    return depth == 0


def latex_escape(text: str) -> str:
    """Text with LaTeX's special characters escaped (see the module docstring); non-ASCII kept."""
    table = {**_LATEX, **_BALANCED_BRACES} if "{" in text and _braces_balance(text) else _LATEX
    escaped = _LATEX_SPECIAL.sub(lambda m: table[m.group(0)], text)
    return _LIGATURE.sub(lambda m: m.group(0) + "{}", escaped) if _LIGATURE.search(escaped) else escaped


def _name_part(text: str) -> str:
    text = latex_escape(text)
    return "{" + text + "}" if _NEEDS_BRACES.search(text) else text


def _bibtex_name(name: str) -> str:
    """``von Last, Jr, First``, each part braced when it holds a comma, an "and" or an escape."""
    parts = split_name(name)
    if not (parts.given or parts.particle or parts.suffix) and parts.family.lower() == "others":
        return "{" + latex_escape(parts.family) + "}"
    written = (parts.particle + " " if parts.particle else "") + _name_part(parts.family)
    if parts.suffix:
        written += ", " + _name_part(parts.suffix)
    return written + (", " + _name_part(parts.given) if parts.given else "")


def _verbatim(text: str) -> str:
    return "".join(_VERBATIM.get(c, c) for c in text)


def _bibtex_entry(citation_key: str, paper: Paper, abstract: bool = True) -> str:
    kind = _kind(paper)
    year, month, _ = date_parts(paper.date)
    fields: list[tuple[str, str]] = [("title", "{" + latex_escape(paper.title) + "}")]
    if paper.authors:
        fields.append(("author", " and ".join(_bibtex_name(name) for name in paper.authors)))
    if kind == "conference":
        fields.append(("booktitle", "{" + latex_escape(paper.venue or "") + "}"))
    elif kind == "journal":
        fields.append(("journal", "{" + latex_escape(paper.venue or "") + "}"))
    if year:
        fields.append(("year", str(year)))
    if paper.arxiv:
        fields += [("eprint", _verbatim(paper.arxiv)), ("archivePrefix", "arXiv")]
    if paper.doi:
        fields.append(("doi", _verbatim(paper.doi)))
    if paper.link:
        fields.append(("url", _verbatim(paper.link)))
    if paper.abstract and abstract:
        fields.append(("abstract", latex_escape(paper.abstract)))
    lines = [f"@{_BIBTEX_TYPES[kind]}{{{citation_key},"]
    for name, value in fields:
        value = _AT_LINE_START.sub(r"\1{@}", value)
        lines.append(f"  {name} = {{{value}}},")
        if name == "year" and 1 <= month <= 12:
            lines.append(f"  month = {_MONTHS[month - 1]},")
    lines.append("}")
    return "\n".join(lines) + "\n"


def export_bibtex(papers: dict[str, Paper], order: list[str]) -> str:
    """The papers as BibTeX entries in list order, one blank line between entries."""
    keys = bibtex_keys(papers)
    return "\n".join(_bibtex_entry(keys[key], papers[key]) for key in order)


def bibtex_entries(papers: dict[str, Paper], order: list[str], *, abstracts: bool = True) -> dict[str, str]:
    """Each paper's BibTeX entry by record key, as ``export_bibtex`` writes it (``abstracts=False``
    leaves the abstract out, for a page that shows it anyway)."""
    keys = bibtex_keys(papers)
    return {key: _bibtex_entry(keys[key], papers[key], abstracts) for key in order}


# --- CSL-JSON -----------------------------------------------------------------------------

_CSL_TYPES = {"preprint": "article", "other": "article", "conference": "paper-conference", "journal": "article-journal"}


def _csl_item(citation_key: str, paper: Paper) -> dict[str, Any]:
    kind = _kind(paper)
    item: dict[str, Any] = {"id": citation_key, "type": _CSL_TYPES[kind], "title": paper.title}
    if paper.authors:
        authors = []
        for name in paper.authors:
            parts = split_name(name)
            person = {"family": parts.family, "given": parts.given}
            person.update({"non-dropping-particle": parts.particle, "suffix": parts.suffix})
            authors.append({field: value for field, value in person.items() if value})
        item["author"] = authors
    parts = [p for p in date_parts(paper.date) if p]
    if parts:
        item["issued"] = {"date-parts": [parts]}
    if kind in ("conference", "journal"):
        item["container-title"] = paper.venue
    if kind == "preprint":
        item["number"] = f"arXiv:{paper.arxiv}"
        item["publisher"] = "arXiv"
    elif paper.arxiv:  # CSL has no field for it; Zotero keeps such lines in Extra, which is note
        item["note"] = f"arXiv:{paper.arxiv}"
    if paper.doi:
        item["DOI"] = paper.doi
    if paper.link:
        item["URL"] = paper.link
    if paper.abstract:
        item["abstract"] = paper.abstract
    return item


def export_csl_json(papers: dict[str, Paper], order: list[str]) -> str:
    """The papers as a CSL-JSON array (as Zotero and pandoc read it); ``id`` is the BibTeX key.

    Types: ``article`` for a preprint (with ``number: "arXiv:<id>"`` and ``publisher: "arXiv"``)
    or a paper with no venue, ``paper-conference`` and ``article-journal`` (with
    ``container-title``) as for BibTeX. ``issued`` holds only the known date parts. Text goes in
    as the record has it; CSL processors read a few HTML-like tags in it (``<i>``, ``<b>``,
    ``<sup>``, ``<span class="nocase">``) as markup.
    """
    keys = bibtex_keys(papers)
    items = [_csl_item(keys[key], papers[key]) for key in order]
    return json.dumps(items, ensure_ascii=False, indent=2) + "\n"


# --- CSV ----------------------------------------------------------------------------------

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "'")


def _cell(value: Any) -> str:
    if value is None:
        return ""
    text = str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def _csv_row(key: str, paper: Paper) -> list[str]:
    year = date_parts(paper.date)[0]
    values = {
        "key": key,
        "title": paper.title,
        "authors": "; ".join(paper.authors),
        "date": paper.date,
        "year": year or None,
        "venue": paper.venue,
        "arxiv": paper.arxiv,
        "doi": paper.doi,
        "semantic_scholar": paper.semantic_scholar,
        "url": paper.link,
        "pdf": paper.pdf_link,
        "code": paper.code,
        "topics": "; ".join(paper.topics),
        "added": paper.added,
        "citations": paper.citations[0] if paper.citations else None,
        "abstract": paper.abstract,
        "tldr": paper.tldr,
        "note": paper.note,
    }
    return [_cell(values[column]) for column in CSV_COLUMNS]


def export_csv(papers: dict[str, Paper], order: list[str]) -> str:
    """A header row of ``CSV_COLUMNS`` and one row per paper, formula-guarded (see the module docstring)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for key in order:
        writer.writerow(_csv_row(key, papers[key]))
    return out.getvalue()


# --- JSON ---------------------------------------------------------------------------------


def export_json(papers: dict[str, Paper], order: list[str]) -> str:
    """``{"papers": [...]}``: per paper its ``key``, the record's fields as in its YAML file (absent
    ones left out, canonical order), then ``link`` and ``pdf_link`` when there are any."""
    items = []
    for key in order:
        paper = papers[key]
        item: dict[str, Any] = {"key": key, **paper.to_mapping()}
        if paper.link:
            item["link"] = paper.link
        if paper.pdf_link:
            item["pdf_link"] = paper.pdf_link
        items.append(item)
    return json.dumps({"papers": items}, ensure_ascii=False, indent=2) + "\n"


_EXPORTERS: dict[str, Callable[[dict[str, Paper], list[str]], str]] = {
    "bibtex": export_bibtex,
    "csl-json": export_csl_json,
    "csv": export_csv,
    "json": export_json,
}


def export(fmt: str, papers: dict[str, Paper], order: list[str]) -> str:
    """The papers in format ``fmt`` (one of ``FORMATS``); ValueError for any other format."""
    try:
        exporter = _EXPORTERS[fmt]
    except KeyError:
        raise ValueError(f"unknown export format {fmt!r} (known formats: {', '.join(FORMATS)})") from None
    return exporter(papers, order)
