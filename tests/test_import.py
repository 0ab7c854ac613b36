"""Importing a list in the README entry format, and the validate command."""

from __future__ import annotations

from conftest import FIXTURES, snapshot
from paperlist.importer import parse_list
from paperlist.store import Store

ENTRY = """\
🔹 [{title}](https://arxiv.org/abs/{arxiv})
- 🔗 **ArXiv PDF Link:** [Paper Link](https://arxiv.org/pdf/{arxiv})
- 👤 **Authors:** Ada Lovelace, Alan Turing
- 🗓️ **Date:** 2024-08-06
- 📑 **Publisher:** ArXiv
- 📝 **Abstract:** 
    <details>
    <summary>Expand</summary>
    An abstract.
    </details>
"""


def entry(title="A Paper", arxiv="2408.03314"):
    return ENTRY.format(title=title, arxiv=arxiv)


def write_list(root, text, name="LIST.md"):
    path = root / name
    path.write_text(text, encoding="utf-8")
    return path.name


def test_the_reference_list_imports_whole(list_root, run):
    result = run("import", str(FIXTURES / "reference-list.md"))
    assert result.exit_code == 0
    assert result.stdout.splitlines() == ["Imported 16.", "Run 'paperlist render' to update README.md."]
    assert len(list(Store(list_root).load())) == 16


def test_an_entry_reads_every_field(list_root):
    parsed = parse_list(entry())
    paper = parsed.entries[0].paper
    assert (paper.title, paper.authors, paper.date, paper.venue, paper.arxiv, paper.abstract) == (
        "A Paper",
        ("Ada Lovelace", "Alan Turing"),
        "2024-08-06",
        "ArXiv",
        "2408.03314",
        "An abstract.",
    )
    assert paper.url is None and paper.pdf is None  # both are the arXiv defaults


def test_code_tldr_and_non_arxiv_links_are_read():
    text = """\
## Some heading

🔹 [Paper On Another Site](https://www.semanticscholar.org/paper/0123456789abcdef0123456789abcdef01234567)
- 💻 **Official Code:** [owner/repo](https://github.com/owner/repo)
- 👤 **Authors:** A
- 🗓️ **Date:** 2023-05
- 📑 **Publisher:** ACL
- 💡 **TL;DR:** It works.
- 📝 **Abstract:** 
    <details>
    <summary>Expand</summary>
    No abstract available.
    </details>



🔹 [A DOI Paper](https://doi.org/10.18653/v1/2023.acl-long.1)
- 🔗 **PDF Link:** [Paper Link](N/A)
- 👤 **Authors:** B
- 🗓️ **Date:** 2023
"""
    parsed = parse_list(text)
    first, second = (e.paper for e in parsed.entries)
    assert first.semantic_scholar == "0123456789abcdef0123456789abcdef01234567"
    assert (first.code, first.tldr, first.abstract, first.date) == (
        "https://github.com/owner/repo",
        "It works.",
        None,
        "2023-05",
    )
    assert second.doi == "10.18653/v1/2023.acl-long.1" and second.pdf is None and second.url is None
    assert parsed.skipped == []


def test_damaged_entries_are_reported_by_line_and_not_written(list_root, run):
    unclosed = entry("Unclosed", "2401.00002").replace("    </details>\n", "")
    conflicted = entry("Conflicted", "2401.00003").replace(
        "    An abstract.\n", "<<<<<<< HEAD\n    An abstract.\n=======\n    Another.\n>>>>>>> branch\n"
    )
    undated = entry("Undated", "2401.00004").replace("- 🗓️ **Date:** 2024-08-06\n", "")
    text = "# List\n\n" + "\n".join(
        [entry("Good One", "2401.00001"), unclosed, conflicted, undated, entry("Good Two", "2401.00005")]
    )
    name = write_list(list_root, text)
    result = run("import", name)
    assert result.exit_code == 0
    assert sorted(p.name for p in (list_root / "papers").iterdir()) == ["2401.00001.yaml", "2401.00005.yaml"]
    assert result.stdout.splitlines() == [
        "LIST.md:14: 'Unclosed' unreadable: the <details> block opened at line 20 never closes",
        "LIST.md:24: 'Conflicted' unreadable: merge-conflict marker '<<<<<<<' at line 32",
        "LIST.md:39: 'Undated' unreadable: the entry has no Date line",
        "Imported 2, unreadable 3.",
        "Run 'paperlist render' to update README.md.",
    ]


def test_a_bad_date_skips_the_entry(list_root, run):
    name = write_list(list_root, entry().replace("2024-08-06", "2024-13-45"))
    result = run("import", name)
    assert result.exit_code == 0
    assert "LIST.md:1: 'A Paper' unreadable: date: '2024-13-45' is not a valid date" in result.stdout


def test_blank_line_runs_and_headings_between_entries_are_fine(list_root, run):
    text = "\n\n\n".join([entry("One", "2401.00001"), "## Section\n\nSome prose.\n", entry("Two", "2401.00002")])
    result = run("import", write_list(list_root, text + "\n\n\n\n"))
    assert result.exit_code == 0 and len(Store(list_root).load()) == 2


def test_existing_records_are_never_overwritten(list_root, run):
    name = write_list(list_root, entry())
    run("import", name)
    record = list_root / "papers" / "2408.03314.yaml"
    record.write_text(record.read_text(encoding="utf-8") + "note: kept\n", encoding="utf-8")
    before = snapshot(list_root)
    result = run("import", name)
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        "LIST.md:1: 'A Paper' already listed: already in papers/2408.03314.yaml",
        "Imported 0, already listed 1.",
    ]
    assert snapshot(list_root) == before


def test_a_paper_listed_twice_in_the_file_is_imported_once(list_root, run):
    result = run("import", write_list(list_root, entry() + "\n" + entry()))
    assert result.exit_code == 0 and len(Store(list_root).load()) == 1
    assert "LIST.md:12: 'A Paper' repeat: the same paper as LIST.md:1; merged" in result.stdout


def test_dry_run_writes_nothing(list_root, run):
    name = write_list(list_root, entry())
    before = snapshot(list_root)
    result = run("import", "--dry-run", name)
    assert result.exit_code == 0 and result.stdout == "Would import 1.\n"
    assert snapshot(list_root) == before


def test_a_file_without_entries_is_an_error(list_root, run):
    result = run("import", write_list(list_root, "# Just a title\n"))
    assert result.exit_code == 1 and "has no entries" in result.stderr


def test_a_missing_file_is_an_error(list_root, run):
    result = run("import", "nope.md")
    assert result.exit_code == 1 and result.stderr == "Error: nope.md does not exist\n"


# --- validate -------------------------------------------------------------------------------------


def test_validate_passes_on_good_records(list_root, run):
    run("import", write_list(list_root, entry()))
    result = run("validate")
    assert result.exit_code == 0 and result.stdout == "1 record OK.\n"


def test_validate_reports_every_problem_and_exits_1(list_root, run):
    (list_root / "papers" / "a.yaml").write_text("title: A\nauthors: [x]\ndate: 2024-1-1\ntopic: [y]\n")
    (list_root / "papers" / "b.yaml").write_text("title: B\nauthors: x\n")
    result = run("validate")
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "papers/a.yaml:3: date: '2024-1-1' is not a valid date (YYYY-MM-DD, YYYY-MM or YYYY)",
        "papers/a.yaml:4: unknown field 'topic' (did you mean 'topics'?)",
        "papers/b.yaml:2: authors: expected a list of text, got str",
        "papers/b.yaml: missing required field 'date'",
    ]
    assert result.stderr == "Error: 4 problems in 2 files\n"


def test_a_stray_conflict_marker_between_entries_is_a_warning(list_root, run):
    text = (
        entry("One", "2401.00001")
        + "\n<<<<<<< HEAD\n\n## Older\n=======\n"
        + entry("Two", "2401.00002")
        + ">>>>>>> b\n"
    )
    result = run("import", write_list(list_root, text))
    assert result.exit_code == 0
    assert len(Store(list_root).load()) == 2
    assert result.stderr.splitlines() == [
        "LIST.md: line 12: merge-conflict marker outside any entry, ignored",
        "LIST.md: line 15: merge-conflict marker outside any entry, ignored",
        "LIST.md: line 26: merge-conflict marker outside any entry, ignored",
    ]


def test_validate_outside_a_list_says_where_to_run(tmp_path, run, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("validate")
    assert result.exit_code == 1 and "no papers/ folder in ." in result.stderr
