"""paperlist export and paperlist site from the command line, and exports written on render."""

from __future__ import annotations

import json

import pytest

from conftest import snapshot


def test_export_writes_bibtex_for_every_paper(shipped, run):
    bibtexparser = pytest.importorskip("bibtexparser")
    result = run("export", "--format", "bibtex")
    assert result.exit_code == 0
    library = bibtexparser.parse_string(result.stdout)
    assert len(library.entries) == 16 and not library.failed_blocks


def test_export_to_a_file_says_what_it_wrote(shipped, run):
    result = run("export", "--format", "csl-json", "--output", "papers.csl.json")
    assert result.exit_code == 0 and result.stdout == "Wrote papers.csl.json (16 papers, csl-json).\n"
    assert len(json.loads((shipped / "papers.csl.json").read_text(encoding="utf-8"))) == 16


def test_export_of_one_topic(list_root, run):
    (list_root / "papers" / "a.yaml").write_text(
        "title: A\nauthors: [X Y]\ndate: '2024'\ntopics: [search]\n", encoding="utf-8"
    )
    (list_root / "papers" / "b.yaml").write_text("title: B\nauthors: [X Y]\ndate: '2024'\n", encoding="utf-8")
    result = run("export", "--format", "json", "--topic", "search")
    assert [p["title"] for p in json.loads(result.stdout)["papers"]] == ["A"]


def test_a_topic_that_matches_nothing_is_one_line(shipped, run):
    result = run("export", "--format", "csv", "--topic", "nothing")
    assert result.exit_code == 1 and result.stderr == "Error: no paper has the topic 'nothing' (no record has topics)\n"


def test_an_output_in_a_missing_folder_is_one_line_and_writes_nothing(shipped, run):
    before = snapshot(shipped)
    result = run("export", "--format", "bibtex", "--output", "nowhere/papers.bib")
    assert result.exit_code == 1
    assert result.stderr == "Error: cannot write the export to nowhere/papers.bib: the folder nowhere does not exist\n"
    assert snapshot(shipped) == before


def test_site_writes_the_page_and_its_data(shipped, run):
    result = run("site", "--output", "_site")
    assert result.exit_code == 0
    assert sorted(p.name for p in (shipped / "_site").iterdir()) == ["index.html", "papers.json"]
    assert "<html" in (shipped / "_site" / "index.html").read_text(encoding="utf-8")


def test_render_writes_the_exports_the_settings_name_and_links_them(list_root, run):
    (list_root / "paperlist.yaml").write_text("exports: [bibtex, csv]\n", encoding="utf-8")
    (list_root / "templates" / "README.md.j2").unlink()
    (list_root / "papers" / "a.yaml").write_text("title: A\nauthors: [X Y]\ndate: '2024'\n", encoding="utf-8")
    assert run("render").exit_code == 0
    assert (list_root / "papers.bib").exists() and (list_root / "papers.csv").exists()
    assert "[📚 BibTeX](papers.bib) · [📚 CSV](papers.csv)" in (list_root / "README.md").read_text(encoding="utf-8")
    (list_root / "papers.bib").write_text("stale\n", encoding="utf-8")
    result = run("render", "--check")
    assert result.exit_code == 1 and "papers.bib" in result.stderr


def test_a_bad_exports_setting_is_one_line(list_root, run):
    (list_root / "paperlist.yaml").write_text("exports: [bibtex, word]\n", encoding="utf-8")
    result = run("validate")
    assert result.exit_code == 1 and result.stdout.startswith("paperlist.yaml:1: exports: expected a list of formats")


def test_site_into_something_that_is_not_a_folder_is_one_line(shipped, run):
    result = run("site", "--output", "/dev/null")
    assert result.exit_code == 1 and result.stderr == "Error: cannot write the site to /dev/null: it is not a folder\n"
