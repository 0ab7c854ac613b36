"""The record model and the papers/ store: reading, validating, writing, indexing."""

from __future__ import annotations

import pytest

from paperlist.errors import RecordError, StoreError
from paperlist.paper import make_paper, normalise_title, paper_key, sort_key, title_slug
from paperlist.store import Store, build_index, dump_record, ordered, parse_record
from conftest import needs_round_trip_yaml

MINIMAL = "title: A Paper\nauthors: [Ada Lovelace]\ndate: '2024-08-06'\n"


def write(root, name, text):
    path = root / "papers" / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_minimal_record_loads(list_root):
    write(list_root, "a-paper.yaml", MINIMAL)
    papers = Store(list_root).load()
    assert papers["a-paper"].title == "A Paper"
    assert papers["a-paper"].authors == ("Ada Lovelace",)


def test_quoted_and_bare_dates_read_the_same():
    quoted, _ = parse_record(MINIMAL, "x.yaml")
    bare, _ = parse_record(MINIMAL.replace("'2024-08-06'", "2024-08-06"), "x.yaml")
    assert quoted == bare
    assert bare.date == "2024-08-06"


def test_partial_dates_are_accepted():
    for date in ("2024", "2024-08"):
        paper, problems = parse_record(MINIMAL.replace("'2024-08-06'", f"'{date}'"), "x.yaml")
        assert problems == [] and paper.date == date


def test_a_misspelt_field_names_the_closest_known_one():
    _, problems = parse_record(MINIMAL + "venu: NeurIPS\n", "papers/x.yaml")
    assert [str(p) for p in problems] == ["papers/x.yaml:4: unknown field 'venu' (did you mean 'venue'?)"]


def test_a_bad_date_is_reported_with_its_line():
    _, problems = parse_record(MINIMAL.replace("'2024-08-06'", "2024-02-30"), "x.yaml")
    assert str(problems[0]) == "x.yaml:3: date: '2024-02-30' is not a valid date (YYYY-MM-DD, YYYY-MM or YYYY)"


def test_a_wrong_type_is_reported_with_its_line():
    _, problems = parse_record("title: 1984\nauthors: Ada\ndate: '2024'\n", "x.yaml")
    assert [str(p) for p in problems] == [
        "x.yaml:1: title: expected text, got a number (quote it)",
        "x.yaml:2: authors: expected a list of text, got str",
    ]


def test_a_missing_required_field_is_reported():
    _, problems = parse_record("title: A\nauthors: []\n", "x.yaml")
    assert [p.message for p in problems] == ["missing required field 'date'"]


def test_malformed_yaml_is_reported_with_its_line():
    _, problems = parse_record("title: A\nauthors: [x\ndate: '2024'\n", "x.yaml")
    assert len(problems) == 1 and problems[0].line == 3 and "not valid YAML" in problems[0].message


def test_non_http_links_are_refused():
    _, problems = parse_record(MINIMAL + "pdf: javascript:alert(1)\n", "x.yaml")
    assert problems[0].message == "pdf: 'javascript:alert(1)' is not an http(s) URL"


def test_every_problem_in_every_file_is_reported(list_root):
    write(list_root, "one.yaml", MINIMAL + "venu: x\nurl: ftp://x\n")
    write(list_root, "two.yaml", "title: B\n")
    _, problems = Store(list_root).check()
    assert [str(p) for p in problems] == [
        "papers/one.yaml:4: unknown field 'venu' (did you mean 'venue'?)",
        "papers/one.yaml:5: url: 'ftp://x' is not an http(s) URL",
        "papers/two.yaml: missing required field 'authors'",
        "papers/two.yaml: missing required field 'date'",
    ]


def test_two_records_of_one_paper_are_an_error(list_root):
    write(list_root, "a.yaml", MINIMAL + "arxiv: '2408.03314'\n")
    write(list_root, "b.yaml", MINIMAL.replace("A Paper", "Another title") + "arxiv: '2408.03314'\n")
    with pytest.raises(RecordError) as caught:
        Store(list_root).load()
    assert str(caught.value.problems[0]) == (
        "papers/b.yaml: same arXiv id as papers/a.yaml: one paper, two records; remove one"
    )


def test_records_are_written_in_canonical_form(list_root):
    paper = make_paper(
        title="T: a study",
        authors=["B", "A"],
        date="2024",
        arxiv="2401.00001",
        abstract="line one\nline two",
        topics=["x"],
        note="Accepted",
    )
    store = Store(list_root)
    assert store.write("2401.00001", paper) is True
    text = (list_root / "papers" / "2401.00001.yaml").read_text(encoding="utf-8")
    assert text == (
        "title: 'T: a study'\nauthors:\n- B\n- A\ndate: '2024'\narxiv: '2401.00001'\n"
        "abstract: |-\n  line one\n  line two\ntopics:\n- x\nnote: Accepted\n"
    )
    assert store.load()["2401.00001"] == paper


def test_long_text_is_not_wrapped():
    paper = make_paper(title="x " * 300, authors=["A"], date="2024")
    assert len(dump_record(paper).splitlines()) == 4


@needs_round_trip_yaml
def test_an_unchanged_record_is_not_rewritten(list_root):
    paper = make_paper(title="T", authors=["A"], date="2024")
    store = Store(list_root)
    store.write("t", paper)
    assert store.write("t", paper) is False


def test_a_key_cannot_leave_papers(list_root):
    with pytest.raises(StoreError):
        Store(list_root).path("../README")


def test_keys_are_arxiv_ids_or_title_slugs():
    assert paper_key(make_paper(title="T", authors=[], date="2024", arxiv="hep-th/9901001")) == "hep-th_9901001"
    assert paper_key(make_paper(title="Über: Größe!", authors=[], date="2024")) == "uber-groe"
    assert title_slug("深度学习").startswith("paper-")


def test_new_keys_never_collide(list_root):
    store = Store(list_root)
    paper = make_paper(title="Same Title", authors=["A"], date="2024")
    store.write("same-title", paper)
    assert store.new_key(paper, {}) == "same-title-2"


def test_index_finds_a_paper_by_any_identifier():
    listed = make_paper(
        title="Tree Search for LM Agents", authors=["A"], date="2024", arxiv="2407.01476", doi="10.1000/ABC"
    )
    index = build_index({"2407.01476": listed})
    assert index.find_id(arxiv="2407.01476") == "2407.01476"
    assert index.find_id(doi="10.1000/abc") == "2407.01476"
    assert index.find_title("tree search for LM agents!") == "2407.01476"
    assert index.find(make_paper(title="Other", authors=[], date="2024", doi="10.1000/abc")) == "2407.01476"


def test_titles_normalise_case_accents_and_punctuation():
    assert normalise_title("  Café:  The—Study! ") == normalise_title("cafe the study")


def test_order_is_newest_first_then_title_then_key():
    def p(title, date):
        return make_paper(title=title, authors=[], date=date)

    papers = {
        "k1": p("B", "2024-05-01"),
        "k2": p("A", "2024-05-01"),
        "k3": p("C", "2024-05"),
        "k4": p("D", "2024"),
        "k5": p("E", "2025-01-01"),
    }
    assert [k for k, _ in ordered(papers)] == ["k5", "k2", "k1", "k3", "k4"]
    assert sort_key(papers["k1"], "k1") < sort_key(papers["k3"], "k3")


def test_a_large_list_read_by_several_processes_reads_the_same(list_root, monkeypatch):
    import paperlist.store as store_module

    store = Store(list_root)
    for i in range(12):
        store.write(f"k{i:02d}", make_paper(title=f"Paper {i}", authors=["A"], date="2024", arxiv=f"2401.{i:05d}"))
    (list_root / "papers" / "bad.yaml").write_text("title: x\ntitle: y\n", encoding="utf-8")
    monkeypatch.setenv("PAPERLIST_JOBS", "1")
    alone = Store(list_root).check()
    monkeypatch.setattr(store_module, "PARALLEL_FROM", 2)
    monkeypatch.setattr(store_module, "_CHUNK", 5)
    monkeypatch.setenv("PAPERLIST_JOBS", "2")
    together = Store(list_root).check()
    assert together == alone
    assert len(together[0]) == 12 and together[1][0].message.startswith("field 'title' appears twice")
