"""The exporters, read back with real parsers: bibtexparser v2, json and csv."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest

# A real BibTeX parser (the test extra); without it these tests cannot check anything.
bibtexparser = pytest.importorskip("bibtexparser")
split_multiple_persons_names = pytest.importorskip("bibtexparser.middlewares.names").split_multiple_persons_names
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from paperlist.outputs import exports
from paperlist.outputs.exports import (
    CSV_COLUMNS,
    FORMATS,
    bibtex_keys,
    export,
    export_bibtex,
    export_csl_json,
    export_csv,
    export_json,
    Name,
    split_name,
)
from paperlist.paper import Paper, clean_text
from paperlist.store import Store, ordered

REPO = Path(__file__).resolve().parent.parent


def make(**fields) -> Paper:
    values = {
        "title": "Scaling LLM Test-Time Compute",
        "authors": ("Charlie Snell", "Aviral Kumar"),
        "date": "2024-08-06",
    }
    values.update(fields)
    return Paper(**values)


def in_order(papers: dict[str, Paper]) -> list[str]:
    return [key for key, _ in ordered(papers)]


# --- reading the outputs back -------------------------------------------------------------

_UNLATEX = {
    r"\textbackslash{}": "\\",
    r"\textbraceleft{}": "{",
    r"\textbraceright{}": "}",
    r"\textasciitilde{}": "~",
    r"\textasciicircum{}": "^",
    r"\%": "%",
    r"\&": "&",
    r"\#": "#",
    r"\_": "_",
    r"\$": "$",
    r"\{": "{",
    r"\}": "}",
    "{@}": "@",
    "{}": "",  # between the characters of a ligature: -{}- is --
}
_UNLATEX_PATTERN = re.compile("|".join(re.escape(token) for token in _UNLATEX))


def unlatex(text: str) -> str:
    """Undo the exporter's LaTeX escaping."""
    return _UNLATEX_PATTERN.sub(lambda m: _UNLATEX[m.group(0)], text)


def unbrace(text: str) -> str:
    """``{...}`` -> ``...`` when the first brace closes at the very end."""
    if not text.startswith("{"):
        return text
    depth = 0
    for i, char in enumerate(text):
        depth += {"{": 1, "}": -1}.get(char, 0)
        if depth == 0:
            return text[1:-1] if i == len(text) - 1 else text
    return text


def split_top_level_commas(name: str) -> list[str]:
    parts, depth, start = [], 0, 0
    for i, char in enumerate(name):
        depth += {"{": 1, "}": -1}.get(char, 0)
        if char == "," and depth == 0:
            parts.append(name[start:i].strip())
            start = i + 1
    return [*parts, name[start:].strip()]


def split_top_level_words(text: str) -> list[str]:
    words, depth, current = [], 0, ""
    for char in text:
        depth += {"{": 1, "}": -1}.get(char, 0)
        if char.isspace() and depth == 0:
            if current:
                words.append(current)
            current = ""
        else:
            current += char
    return [*words, current] if current else words


def bib_names(value: str) -> list[Name]:
    """Each name of a BibTeX author field ("von Last, Jr, First" or "von Last, First"), unescaped:
    the von part is the unbraced lower-case words before the last name, as BibTeX reads it."""
    names = []
    for name in split_multiple_persons_names(value):
        segments = split_top_level_commas(name)
        last, suffix, given = segments[0], "", segments[-1] if len(segments) > 1 else ""
        if len(segments) == 3:
            suffix = segments[1]
        words = split_top_level_words(last)
        cut = 0
        while cut < len(words) - 1 and words[cut].isalpha() and words[cut].islower():
            cut += 1
        family = " ".join(words[cut:]) if cut else last
        names.append(
            Name(
                unlatex(unbrace(family)),
                unlatex(unbrace(given)),
                " ".join(words[:cut]),
                unlatex(unbrace(suffix)),
            )
        )
    return names


def parse_bibtex(text: str) -> list:
    library = bibtexparser.parse_string(text)
    assert not library.failed_blocks, [block.error for block in library.failed_blocks]
    return library.entries


def field(entry, name: str) -> str | None:
    found = entry.fields_dict.get(name)
    return None if found is None else found.value


def parse_csv(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


def unguard(cell: str) -> str:
    """Undo the formula guard: one leading ' comes off."""
    return cell[1:] if cell.startswith("'") else cell


# --- BibTeX -------------------------------------------------------------------------------


def test_bibtex_conference_paper_has_every_field_of_its_record():
    paper = make(
        venue="International Conference on Learning Representations",
        arxiv="2408.03314",
        doi="10.48550/arXiv.2408.03314",
        abstract="We study test-time compute.",
    )
    papers = {"2408.03314": paper}
    (entry,) = parse_bibtex(export_bibtex(papers, ["2408.03314"]))

    assert entry.entry_type == "inproceedings"
    assert entry.key == bibtex_keys(papers)["2408.03314"]
    assert unlatex(unbrace(field(entry, "title"))) == paper.title
    assert bib_names(field(entry, "author")) == [Name("Snell", "Charlie"), Name("Kumar", "Aviral")]
    assert unbrace(field(entry, "booktitle")) == paper.venue
    assert field(entry, "year") == "2024"
    assert field(entry, "month") == "aug"
    assert field(entry, "doi") == paper.doi
    assert field(entry, "url") == paper.link
    assert field(entry, "eprint") == "2408.03314"
    assert field(entry, "archivePrefix") == "arXiv"
    assert unlatex(field(entry, "abstract")) == paper.abstract
    assert field(entry, "journal") is None


@pytest.mark.parametrize("venue", ["arXiv.org", "ArXiv", None])
def test_bibtex_arxiv_preprint_is_misc_with_eprint(venue):
    papers = {"2408.03314": make(venue=venue, arxiv="2408.03314")}
    (entry,) = parse_bibtex(export_bibtex(papers, ["2408.03314"]))

    assert entry.entry_type == "misc"
    assert field(entry, "eprint") == "2408.03314"
    assert field(entry, "archivePrefix") == "arXiv"
    assert field(entry, "url") == "https://arxiv.org/abs/2408.03314"
    assert field(entry, "journal") is None and field(entry, "booktitle") is None
    assert field(entry, "primaryClass") is None


@pytest.mark.parametrize(
    "venue",
    ["NeurIPS", "ICML 2024", "Findings of ACL", "Proceedings of the AAAI Conference", "ICLR Workshop", "COLM"],
)
def test_bibtex_conference_venues_are_inproceedings(venue):
    (entry,) = parse_bibtex(export_bibtex({"p": make(venue=venue)}, ["p"]))
    assert entry.entry_type == "inproceedings"
    assert field(entry, "booktitle") == "{" + venue + "}"  # braced, so no style changes its case


def test_bibtex_other_venues_are_journal_articles():
    (entry,) = parse_bibtex(export_bibtex({"p": make(venue="Transactions on Machine Learning Research")}, ["p"]))
    assert entry.entry_type == "article"
    assert field(entry, "journal") == "{Transactions on Machine Learning Research}"


def test_bibtex_title_is_braced_whole_so_styles_keep_its_capitals():
    text = export_bibtex({"p": make(title="LLaVA-CoT: Let VLMs Reason")}, ["p"])
    assert "  title = {{LLaVA-CoT: Let VLMs Reason}}," in text
    (entry,) = parse_bibtex(text)
    assert field(entry, "title") == "{LLaVA-CoT: Let VLMs Reason}"


def test_bibtex_latex_specials_are_escaped_and_unicode_kept():
    paper = make(title="50% of $x_i$ & #1 {a} ~b^c \\ Größe 漢字")
    text = export_bibtex({"p": paper}, ["p"])
    assert (
        r"{50\% of \$x\_i\$ \& \#1 \{a\} \textasciitilde{}b\textasciicircum{}c "
        r"\textbackslash{} Größe 漢字}" in text
    )
    (entry,) = parse_bibtex(text)
    assert unlatex(unbrace(field(entry, "title"))) == paper.title


def test_bibtex_author_with_comma_or_and_stays_one_name():
    paper = make(authors=("Smith, Jr., John", "Barnes and Noble", "Ann Anderson", "others"))
    (entry,) = parse_bibtex(export_bibtex({"p": paper}, ["p"]))
    assert bib_names(field(entry, "author")) == [
        Name("Smith", "John", suffix="Jr."),
        Name("Noble", "Barnes and"),
        Name("Anderson", "Ann"),
        Name("others"),
    ]


@pytest.mark.parametrize(
    ("written", "parts", "bibtex"),
    [
        ("Jan van der Berg", Name("Berg", "Jan", "van der"), "van der Berg, Jan"),
        ("van der Berg, Jan", Name("Berg", "Jan", "van der"), "van der Berg, Jan"),
        ("Samuel de la Cruz", Name("Cruz", "Samuel", "de la"), "de la Cruz, Samuel"),
        ("John Smith Jr.", Name("Smith", "John", suffix="Jr."), "Smith, Jr., John"),
        ("Smith, Jr., John", Name("Smith", "John", suffix="Jr."), "Smith, Jr., John"),
        ("Martin Luther King III", Name("King", "Martin Luther", suffix="III"), "King, III, Martin Luther"),
        ("danah boyd", Name("boyd", "danah"), "boyd, danah"),
    ],
)
def test_bibtex_names_keep_particles_and_suffixes_in_their_place(written, parts, bibtex):
    assert split_name(written) == parts
    text = export_bibtex({"p": make(authors=(written,))}, ["p"])
    assert f"author = {{{bibtex}}}," in text
    (entry,) = parse_bibtex(text)
    assert bib_names(field(entry, "author")) == [parts]


def test_csl_json_names_carry_particle_and_suffix():
    papers = {"p": make(authors=("Jan van der Berg", "John Smith Jr."))}
    (item,) = json.loads(export_csl_json(papers, ["p"]))
    assert item["author"] == [
        {"family": "Berg", "given": "Jan", "non-dropping-particle": "van der"},
        {"family": "Smith", "given": "John", "suffix": "Jr."},
    ]


def test_csl_json_keeps_the_arxiv_id_of_a_published_paper_in_its_note():
    papers = {"p": make(venue="NeurIPS", arxiv="2408.03314"), "q": make(title="Other", venue="Nature")}
    published, other = json.loads(export_csl_json(papers, ["p", "q"]))
    assert published["type"] == "paper-conference" and published["note"] == "arXiv:2408.03314"
    assert "number" not in published and "note" not in other


def test_a_key_is_made_of_the_family_name_without_particle_or_suffix():
    keys = bibtex_keys({"a": make(authors=("Jan van der Berg",)), "b": make(authors=("Smith, Jr., John",))})
    assert keys == {"a": "berg2024scaling", "b": "smith2024scaling"}


def test_bibtex_author_with_an_escaped_character_stays_whole():
    # bibtexparser skips escapes when it looks for " and ": "\% and" must not end the name early.
    paper = make(authors=("@\n% and", "{x}", "A \\ B"))
    (entry,) = parse_bibtex(export_bibtex({"p": paper}, ["p"]))
    assert bib_names(field(entry, "author")) == [Name("and", "@\n%"), Name("{x}"), Name("B", "A \\")]


def test_bibtex_braces_that_do_not_pair_up_are_named_so_the_field_still_balances():
    text = export_bibtex({"p": make(title="a } b {")}, ["p"])
    assert r"title = {{a \textbraceright{} b \textbraceleft{}}}," in text
    (entry,) = parse_bibtex(text)
    assert unlatex(unbrace(field(entry, "title"))) == "a } b {"


def test_bibtex_keeps_double_hyphens_and_quotes_from_becoming_dashes_and_curly_quotes():
    paper = make(title="O1 Replication Journey -- Part 3: ``Scaling'' --- Again?`")
    text = export_bibtex({"p": paper}, ["p"])
    assert r"{{O1 Replication Journey -{}- Part 3: `{}`Scaling'{}' -{}-{}- Again?{}`}}" in text
    (entry,) = parse_bibtex(text)
    assert unlatex(unbrace(field(entry, "title"))) == paper.title


@pytest.mark.parametrize(
    "text",
    [
        "O1 Replication Journey -- Part 3",
        "A Study of {Nested} Braces and {{deeper}} ones",
        "``Quoted'' 50% & $O(n_2)$ #1 x",
        "Zoë Ångström, 李华 🚀 — and — more",
    ],
)
def test_an_independent_latex_decoder_reads_the_text_back(text):
    latex2text = pytest.importorskip("pylatexenc.latex2text", reason="pip install -e '.[test]'")
    decoded = latex2text.LatexNodes2Text(math_mode="verbatim").latex_to_text(exports.latex_escape(text))
    assert decoded == text


def test_bibtex_at_sign_at_the_start_of_a_line_does_not_start_an_entry():
    paper = make(abstract="First line.\n@article{evil, title={x}}\n  @misc(x)")
    text = export_bibtex({"p": paper}, ["p"])
    (entry,) = parse_bibtex(text)
    assert unlatex(field(entry, "abstract")) == paper.abstract


# --- citation keys ------------------------------------------------------------------------


def test_key_is_family_name_year_and_first_significant_title_word():
    keys = bibtex_keys({"a": make(title="On the Scaling of Test-Time Compute", authors=("José Müller-Östberg",))})
    assert keys == {"a": "mullerostberg2024scaling"}


def test_only_papers_whose_keys_collide_get_a_suffix():
    keys = bibtex_keys({"2408.03314": make(), "other": make(title="Other work"), "third": make(date="2023")})
    assert keys == {"2408.03314": "snell2024scaling", "other": "snell2024other", "third": "snell2023scaling"}


def test_the_paper_added_first_keeps_the_bare_key_and_later_ones_get_a_hash_suffix():
    papers = {
        "new": make(added="2026-03-01"),
        "old": make(added="2025-01-01"),
        "newer": make(added="2026-05-01"),
    }
    keys = bibtex_keys(papers)
    assert keys["old"] == "snell2024scaling"
    assert re.fullmatch(r"snell2024scaling[a-z]{4}", keys["new"])
    assert re.fullmatch(r"snell2024scaling[a-z]{4}", keys["newer"])
    assert len(set(keys.values())) == 3


def test_a_record_without_an_added_date_counts_as_added_first():
    keys = bibtex_keys({"dated": make(added="2020-01-01"), "undated": make()})
    assert keys["undated"] == "snell2024scaling" and keys["dated"] != "snell2024scaling"


def test_a_suffix_comes_from_the_record_key_alone():
    first, second = make(added="2025-01-01"), make(added="2025-02-01")
    with_first = bibtex_keys({"a": first, "b": second})["b"]
    with_others = bibtex_keys({"x": first, "b": second, "c": make(added="2025-03-01")})["b"]
    assert with_first == with_others != "snell2024scaling"


def test_keys_of_papers_sharing_a_base_are_unique():
    papers = {f"k{i}": make() for i in range(50)}
    keys = bibtex_keys(papers)
    assert len(set(keys.values())) == 50
    assert all(key.startswith("snell2024scaling") for key in keys.values())


def test_keys_stay_unique_when_their_hash_suffixes_clash(monkeypatch):
    # Every record key hashes to the same first letters; the keys grow until they differ, and the
    # paper added first among the suffixed ones keeps its four letters.
    real = exports._hash_letters
    monkeypatch.setattr(exports, "_hash_letters", lambda key: "qqqqqq" + real(key)[6:])
    papers = {"a": make(added="2025-01-01"), "b": make(added="2025-02-01"), "c": make(added="2025-03-01")}
    papers["d"] = make(title="Unrelated")
    keys = bibtex_keys(papers)
    assert len(set(keys.values())) == 4
    assert keys["a"] == "snell2024scaling" and keys["d"] == "snell2024unrelated"
    assert keys["b"] == "snell2024scalingqqqq"
    assert keys["c"] == "snell2024scalingqqqqq"


def test_a_suffixed_key_equal_to_another_papers_bare_key_grows():
    papers = {"a": make(added="2025-01-01"), "b": make(added="2025-02-01")}
    suffixed = bibtex_keys(papers)["b"]
    lookalike = make(title=suffixed.removeprefix("snell2024") + " is a word", added="2026-01-01")
    keys = bibtex_keys({**papers, "c": lookalike})
    assert keys["c"] == suffixed  # a bare key stays bare
    assert keys["b"].startswith(suffixed) and len(keys["b"]) == len(suffixed) + 1


record_keys = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789._-", min_size=1, max_size=12)


def similar_papers(added: st.SearchStrategy[str | None]) -> st.SearchStrategy[Paper]:
    """Papers with few distinct titles and authors, so that many share a base key."""
    return st.builds(
        make,
        title=st.sampled_from(["Scaling Laws", "Scaling laws!", "The Scaling", "Search"]),
        authors=st.sampled_from([("Charlie Snell",), ("C. Snell", "X"), ()]),
        date=st.sampled_from(["2024", "2024-08-06"]),
        added=added,
    )


@settings(max_examples=200, deadline=None)
@given(
    before=st.dictionaries(
        record_keys, similar_papers(st.sampled_from([None, "2024-01-01", "2024-01-01", "2025-06-30"])), max_size=15
    ),
    added=st.dictionaries(
        record_keys,
        similar_papers(st.sampled_from(["2025-07-01", "2025-07-02", "2026-11-26"])),
        min_size=1,
        max_size=15,
    ),
)
def test_adding_papers_never_changes_an_existing_key(before, added):
    after = {**added, **before}
    old, new = bibtex_keys(before), bibtex_keys(after)
    assert {key: new[key] for key in before} == old
    assert len(set(new.values())) == len(new)


def test_paper_without_authors_and_with_a_year_only_date_exports_with_the_fallback():
    paper = Paper(title="A Survey of Search", authors=(), date="2023")
    papers = {"survey": paper}
    key = bibtex_keys(papers)["survey"]
    assert key == "anonymous2023survey"

    (entry,) = parse_bibtex(export_bibtex(papers, ["survey"]))
    assert entry.entry_type == "misc"
    assert field(entry, "author") is None
    assert field(entry, "year") == "2023"
    assert field(entry, "month") is None

    (item,) = json.loads(export_csl_json(papers, ["survey"]))
    assert "author" not in item
    assert item["issued"] == {"date-parts": [[2023]]}

    (row,) = parse_csv(export_csv(papers, ["survey"]))
    assert row["authors"] == "" and row["year"] == "2023" and row["date"] == "2023"

    (record,) = json.loads(export_json(papers, ["survey"]))["papers"]
    assert record["authors"] == [] and "link" not in record


# --- CSL-JSON -----------------------------------------------------------------------------


def test_csl_json_items_as_zotero_and_pandoc_read_them():
    papers = {
        "2408.03314": make(venue="arXiv.org", arxiv="2408.03314", abstract="Abstract."),
        "conf": make(title="Conference paper", venue="NeurIPS", date="2024-12", doi="10.1000/xyz"),
        "journal": make(title="Journal paper", venue="Nature", authors=("Doe, Jane Q.",)),
    }
    order = ["2408.03314", "conf", "journal"]
    keys = bibtex_keys(papers)
    preprint, conference, journal = json.loads(export_csl_json(papers, order))

    assert preprint == {
        "id": keys["2408.03314"],
        "type": "article",
        "title": "Scaling LLM Test-Time Compute",
        "author": [{"family": "Snell", "given": "Charlie"}, {"family": "Kumar", "given": "Aviral"}],
        "issued": {"date-parts": [[2024, 8, 6]]},
        "number": "arXiv:2408.03314",
        "publisher": "arXiv",
        "URL": "https://arxiv.org/abs/2408.03314",
        "abstract": "Abstract.",
    }
    assert conference["type"] == "paper-conference"
    assert conference["container-title"] == "NeurIPS"
    assert conference["issued"] == {"date-parts": [[2024, 12]]}
    assert conference["DOI"] == "10.1000/xyz" and conference["URL"] == "https://doi.org/10.1000/xyz"
    assert journal["type"] == "article-journal"
    assert journal["container-title"] == "Nature"
    assert journal["author"] == [{"family": "Doe", "given": "Jane Q."}]


# --- CSV ----------------------------------------------------------------------------------


def test_csv_has_the_documented_columns_and_one_row_per_paper():
    paper = make(
        venue="NeurIPS",
        arxiv="2408.03314",
        topics=("search", "scaling"),
        added="2025-01-02",
        citations=(42, "2025-01-03"),
        abstract="Line one,\nline two.",
        tldr="Short.",
        code="https://github.com/x/y",
    )
    text = export_csv({"2408.03314": paper}, ["2408.03314"])
    assert text.splitlines()[0] == ",".join(CSV_COLUMNS)
    (row,) = parse_csv(text)
    assert row == {
        "key": "2408.03314",
        "title": paper.title,
        "authors": "Charlie Snell; Aviral Kumar",
        "date": "2024-08-06",
        "year": "2024",
        "venue": "NeurIPS",
        "arxiv": "2408.03314",
        "doi": "",
        "semantic_scholar": "",
        "url": "https://arxiv.org/abs/2408.03314",
        "pdf": "https://arxiv.org/pdf/2408.03314",
        "code": "https://github.com/x/y",
        "topics": "search; scaling",
        "added": "2025-01-02",
        "citations": "42",
        "abstract": "Line one,\nline two.",
        "tldr": "Short.",
        "note": "",
    }


@pytest.mark.parametrize("title", ['=HYPERLINK("http://x")', "+1", "-2", "@SUM(A1)", "'=1"])
def test_csv_cells_that_a_spreadsheet_would_run_get_a_leading_quote(title):
    (row,) = parse_csv(export_csv({"p": make(title=title)}, ["p"]))
    assert row["title"] == "'" + title


def test_csv_ordinary_cells_are_not_guarded():
    (row,) = parse_csv(export_csv({"p": make(title="Plain title - with a dash")}, ["p"]))
    assert row["title"] == "Plain title - with a dash"


# --- JSON ---------------------------------------------------------------------------------


def test_json_holds_each_record_with_its_key_and_links():
    paper = make(arxiv="2408.03314", topics=("search",), citations=(3, "2025-01-01"))
    (record,) = json.loads(export_json({"2408.03314": paper}, ["2408.03314"]))["papers"]
    assert record == {
        "key": "2408.03314",
        **paper.to_mapping(),
        "link": "https://arxiv.org/abs/2408.03314",
        "pdf_link": "https://arxiv.org/pdf/2408.03314",
    }
    assert "venue" not in record and "doi" not in record
    assert record["citations"] == {"count": 3, "date": "2025-01-01"}


def test_json_keeps_non_ascii_as_is():
    text = export_json({"p": make(title="Größe 漢字 😀")}, ["p"])
    assert "Größe 漢字 😀" in text


# --- every format -------------------------------------------------------------------------


def test_export_dispatches_on_the_format_name():
    papers = {"p": make()}
    assert export("bibtex", papers, ["p"]) == export_bibtex(papers, ["p"])
    assert export("csl-json", papers, ["p"]) == export_csl_json(papers, ["p"])
    assert export("csv", papers, ["p"]) == export_csv(papers, ["p"])
    assert export("json", papers, ["p"]) == export_json(papers, ["p"])


def test_export_rejects_an_unknown_format():
    with pytest.raises(ValueError, match="unknown export format 'ris'"):
        export("ris", {"p": make()}, ["p"])


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_follows_the_given_order(fmt):
    papers = {"old": make(title="Alpha", date="2020"), "new": make(title="Omega", date="2025")}
    for order in (["new", "old"], ["old", "new"]):
        text = export(fmt, papers, order)
        assert text.index("Alpha" if order[0] == "old" else "Omega") < text.index(
            "Omega" if order[0] == "old" else "Alpha"
        )


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_is_deterministic_and_ends_with_one_newline(fmt):
    papers = {"b": make(title="B"), "a": make(title="A", abstract="x\n")}
    reordered = dict(reversed(papers.items()))
    text = export(fmt, papers, ["a", "b"])
    assert text == export(fmt, reordered, ["a", "b"])
    assert text.endswith("\n") and not text.endswith("\n\n")


@pytest.mark.parametrize("fmt", FORMATS)
def test_shipped_list_exports_and_parses_back_whole(fmt):
    papers = Store(REPO).load()
    assert len(papers) == len(list((REPO / "papers").glob("*.yaml"))) == 16
    order = in_order(papers)
    text = export(fmt, papers, order)
    keys = bibtex_keys(papers)
    if fmt == "bibtex":
        entries = parse_bibtex(text)
        assert [e.key for e in entries] == [keys[k] for k in order]
        assert all(e.entry_type == "misc" and field(e, "eprint") == papers[k].arxiv for e, k in zip(entries, order))
    elif fmt == "csl-json":
        assert [item["id"] for item in json.loads(text)] == [keys[k] for k in order]
    elif fmt == "csv":
        assert [row["key"] for row in parse_csv(text)] == order
    else:
        assert [record["key"] for record in json.loads(text)["papers"]] == order


# --- hostile text -------------------------------------------------------------------------

_TOKENS = list("{}%&#_\\$~^@=+-'\",\n\t ") + [
    " and ",
    "AND",
    "others",
    "😀",
    "漢字",
    "Größe",
    "LLM",
    "{@}",
    r"\textbraceleft{}",
    "@article{x,",
    "\n@misc(",
    "\u2028",
]
hostile = (
    st.lists(st.one_of(st.sampled_from(_TOKENS), st.characters(exclude_categories=("Cs",))), min_size=1, max_size=12)
    .map("".join)
    .map(clean_text)
    .filter(lambda text: text is not None)
)
hostile_papers = st.builds(
    Paper,
    title=hostile,
    authors=st.lists(hostile, max_size=3).map(tuple),
    date=st.sampled_from(["2024", "2024-08", "2024-08-06"]),
    venue=st.none() | hostile | st.sampled_from(["arXiv.org", "NeurIPS", "Nature"]),
    arxiv=st.sampled_from([None, "2408.03314"]),
    abstract=st.none() | hostile,
    tldr=st.none() | hostile,
    topics=st.lists(hostile, max_size=2).map(tuple),
    note=st.none() | hostile,
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(papers=st.lists(hostile_papers, min_size=1, max_size=3))
def test_hostile_text_survives_every_format(papers):
    records = {f"p{i}": paper for i, paper in enumerate(papers)}
    order = list(records)
    keys = bibtex_keys(records)

    entries = parse_bibtex(export_bibtex(records, order))
    assert [entry.key for entry in entries] == [keys[k] for k in order]
    for entry, paper in zip(entries, papers):
        assert unlatex(unbrace(field(entry, "title"))) == paper.title
        assert bib_names(field(entry, "author") or "") == [split_name(name) for name in paper.authors]
        venue_field = {"inproceedings": "booktitle", "article": "journal"}.get(entry.entry_type)
        if venue_field:
            assert unlatex(unbrace(field(entry, venue_field))) == paper.venue
        else:
            assert field(entry, "booktitle") is None and field(entry, "journal") is None
        assert unlatex(field(entry, "abstract") or "") == (paper.abstract or "")

    items = json.loads(export_csl_json(records, order))
    for item, paper in zip(items, papers):
        assert item["title"] == paper.title
        assert [
            Name(a["family"], a.get("given", ""), a.get("non-dropping-particle", ""), a.get("suffix", ""))
            for a in item.get("author", [])
        ] == [split_name(name) for name in paper.authors]
        assert item.get("container-title", paper.venue) == paper.venue
        assert item.get("abstract") == paper.abstract

    rows = parse_csv(export_csv(records, order))
    assert len(rows) == len(papers)
    for row, paper in zip(rows, papers):
        assert unguard(row["title"]) == paper.title
        assert unguard(row["authors"]) == "; ".join(paper.authors)
        assert unguard(row["venue"]) == (paper.venue or "")
        assert unguard(row["abstract"]) == (paper.abstract or "")
        assert unguard(row["topics"]) == "; ".join(paper.topics)
        assert unguard(row["note"]) == (paper.note or "")
        assert not any(cell.startswith(("=", "+", "-", "@")) for cell in row.values())

    data = json.loads(export_json(records, order))
    assert [record["key"] for record in data["papers"]] == order
    for record, paper in zip(data["papers"], papers):
        assert {k: v for k, v in record.items() if k not in ("key", "link", "pdf_link")} == json.loads(
            json.dumps(paper.to_mapping())
        )


def test_each_papers_entry_is_the_one_the_whole_export_has():
    from paperlist.outputs.exports import bibtex_entries
    from paperlist.store import Store, ordered

    from conftest import REPO

    papers = Store(REPO).load()
    order = [key for key, _ in ordered(papers)]
    entries = bibtex_entries(papers, order)
    assert "\n".join(entries[key] for key in order) == export_bibtex(papers, order)
    assert all("abstract =" not in text for text in bibtex_entries(papers, order, abstracts=False).values())
