"""Properties: records survive rendering and importing, and writing and reading, unchanged."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import REPO
from paperlist.importer import parse_list
from paperlist.paper import make_paper
from paperlist.render import Templates, render_readme
from paperlist.store import dump_record, parse_record

TEMPLATES = Templates.from_directory(REPO / "templates")

HOSTILE = [
    "]",
    "[",
    ")",
    "(",
    "](",
    "<",
    ">",
    "</details>",
    "<details>",
    "<summary>",
    "<script>alert(1)</script>",
    "<br>",
    "&",
    "&amp;",
    "&lt;",
    "&#44;",
    ",",
    "\\",
    "`",
    "*",
    "_",
    "#",
    "\n",
    "\n\n",
    "🔹",
    "- ",
    "**x:**",
    "<<<<<<< HEAD",
    "=======",
    "    ",
    "\t",
    "😀",
    "深度学习",
    "Ω≈ç√",
    "مرحبا",
    "\u2028",
    "No abstract available",
]
text = st.lists(
    st.one_of(st.sampled_from(HOSTILE), st.text(st.characters(blacklist_categories=("Cs",)), max_size=12)),
    min_size=1,
    max_size=8,
).map("".join)
present_text = text.filter(lambda s: make_text(s) is not None)
url = st.from_regex(r"https://example\.org/[A-Za-z0-9_.~%()<>-]{0,20}", fullmatch=True)


def make_text(value):
    from paperlist.paper import clean_text

    return clean_text(value)


@st.composite
def papers(draw):
    fields = {
        "title": draw(present_text),
        "authors": draw(st.lists(present_text, max_size=4)),
        "date": draw(st.sampled_from(["2024", "2024-02", "2024-02-29", "1999-12-31"])),
    }
    for name, strategy in (
        ("venue", present_text),
        ("tldr", present_text),
        ("abstract", present_text),
        ("url", url),
        ("pdf", url),
        ("code", url),
        ("arxiv", st.sampled_from(["2408.03314", "hep-th/9901001"])),
    ):
        if draw(st.booleans()):
            fields[name] = draw(strategy)
    if "arxiv" in fields and "url" in fields and "pdf" in fields:
        # The README shows an arXiv id only through a link; with both links elsewhere it is not shown.
        del fields[draw(st.sampled_from(["url", "pdf"]))]
    return make_paper(**fields)


def comparable(paper):
    mapping = paper.to_mapping()
    mapping.pop("fetched", None)
    return mapping


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(papers(), min_size=1, max_size=4))
def test_import_of_render_gives_back_the_records(records):
    readme = render_readme(records, TEMPLATES)
    parsed = parse_list(readme)
    assert parsed.skipped == []
    assert [comparable(e.paper) for e in parsed.entries] == [comparable(p) for p in records]


@settings(max_examples=150, deadline=None)
@given(papers())
def test_reading_a_written_record_gives_it_back(paper):
    read, problems = parse_record(dump_record(paper), "x.yaml")
    assert problems == []
    assert read == paper


@settings(max_examples=100, deadline=None)
@given(papers())
def test_no_record_text_breaks_the_entry_markup(paper):
    entry = render_readme([paper], TEMPLATES.replace("README.md.j2", "{% for e in entries %}{{ e }}{% endfor %}"))
    lines = entry.rstrip("\n").split("\n")
    assert lines[0].startswith("🔹 ")
    assert all(line.startswith(("- ", "    ")) for line in lines[1:])
    assert entry.count("<details>") == 1 and entry.count("</details>") == 1
    assert lines[-1] == "    </details>"
