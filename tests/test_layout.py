"""Topics, a table of contents, recently added papers, and pages GitHub shows whole."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from conftest import snapshot, needs_round_trip_yaml
from paperlist.outputs import MARKER
from paperlist.paper import make_paper
from paperlist.store import Store

LINK = re.compile(r"\]\(([^)#]+?\.md)\)")


@pytest.fixture
def plain_list(list_root) -> Path:
    """A list with paperlist's default templates only."""
    shutil.rmtree(list_root / "templates")
    return list_root


def add(root: Path, key: str, title: str, date: str, topics=(), added=None, abstract="An abstract.", **extra) -> None:
    extra.setdefault("url", f"https://example.com/{key}")
    paper = make_paper(
        title=title, authors=["A. Author"], date=date, topics=list(topics), added=added, abstract=abstract, **extra
    )
    Store(root).write(key, paper)


def config(root: Path, text: str) -> None:
    (root / "paperlist.yaml").write_text(text, encoding="utf-8")


def readme(root: Path) -> str:
    return (root / "README.md").read_text(encoding="utf-8")


# --- topics ---------------------------------------------------------------------------------------


def test_topics_give_a_table_of_contents_with_counts_in_configured_order(plain_list, run):
    config(plain_list, "topics:\n- search\n- agents\n")
    add(plain_list, "a", "Alpha Search", "2024-01-01", ["search"])
    add(plain_list, "b", "Beta Agents", "2024-02-01", ["agents", "search"])
    add(plain_list, "c", "Gamma Zoo", "2024-03-01", ["zoo"])
    add(plain_list, "d", "Delta Untagged", "2024-04-01")
    assert run("render").exit_code == 0
    text = readme(plain_list)
    contents = text[text.index("## Contents") : text.index("## search")]
    assert contents.splitlines()[2:6] == [
        "- [search](#search) (2)",
        "- [agents](#agents) (1)",
        "- [zoo](#zoo) (1)",
        "- [Other](#other) (1)",
    ]
    sections = re.findall(r"^## (.+)$", text, re.MULTILINE)
    assert sections[-4:] == ["search", "agents", "zoo", "Other"]


def test_a_paper_with_two_topics_is_in_both_sections_newest_first(plain_list, run):
    add(plain_list, "a", "Alpha Search", "2024-01-01", ["search"])
    add(plain_list, "b", "Beta Both", "2024-02-01", ["agents", "search"])
    run("render")
    text = readme(plain_list)
    search = text[text.index("## search") :]
    assert text.count("🔹 [Beta Both]") == 2
    assert search.index("Beta Both") < search.index("Alpha Search")


def test_a_topic_the_settings_do_not_know_is_listed_under_its_own_name_with_a_warning(plain_list, run):
    config(plain_list, "topics: [search]\n")
    add(plain_list, "a", "Alpha", "2024-01-01", ["serach"])
    result = run("render")
    assert result.exit_code == 0
    assert "Warning: topic 'serach' (papers/a.yaml) is not in paperlist.yaml's topics" in result.stderr
    assert "## serach" in readme(plain_list)


def test_a_list_without_topics_keeps_the_flat_layout(plain_list, run):
    add(plain_list, "a", "Alpha", "2024-01-01")
    run("render")
    text = readme(plain_list)
    assert "## Contents" not in text and "## Papers\n\n🔹 [Alpha]" in text


def test_recently_added_lists_the_last_papers_added(plain_list, run):
    config(plain_list, "recently_added: 2\n")
    add(plain_list, "a", "Old Addition", "2024-05-01", added="2025-01-01")
    add(plain_list, "b", "Newest Addition", "2020-01-01", added="2025-03-01")
    add(plain_list, "c", "Middle Addition", "2023-01-01", added="2025-02-01")
    run("render")
    text = readme(plain_list)
    recent = text[text.index("## 🆕 Recently added") : text.index("## Papers")]
    assert re.findall(r"^- (\S+): \[([^\]]+)\]", recent, re.MULTILINE) == [
        ("2025-03-01", "Newest Addition"),
        ("2025-02-01", "Middle Addition"),
    ]


# --- settings -------------------------------------------------------------------------------------


def test_the_settings_give_the_title_description_and_topic_descriptions(plain_list, run):
    config(
        plain_list,
        "title: Awesome Agents\ndescription: Papers on *agents*.\ntopics:\n- planning: How agents plan.\n",
    )
    add(plain_list, "a", "Alpha", "2024-01-01", ["planning"])
    run("render")
    text = readme(plain_list)
    assert text.startswith("# Awesome Agents\n\nPapers on *agents*.\n")
    assert "## planning\n\nHow agents plan.\n" in text


def test_switches_hide_the_tldr_and_code_lines(plain_list, run):
    config(plain_list, "show_tldr: false\nshow_code: false\n")
    add(plain_list, "a", "Alpha", "2024-01-01", tldr="Short.", code="https://github.com/o/r")
    run("render")
    assert "TL;DR" not in readme(plain_list) and "Official Code" not in readme(plain_list)


def test_a_misspelt_setting_names_the_closest_with_file_and_line(plain_list, run):
    config(plain_list, "title: X\nrecent_added: 3\n")
    add(plain_list, "a", "Alpha", "2024-01-01")
    result = run("render")
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: paperlist.yaml:2: unknown setting 'recent_added' (did you mean 'recently_added'?)\n"
    )
    assert not (plain_list / "README.md").exists()


@pytest.mark.parametrize(
    "text, message",
    [
        ("recently_added: -1\n", "paperlist.yaml:1: recently_added: expected a whole number of at least 0"),
        ("show_tldr: maybe\n", "paperlist.yaml:1: show_tldr: expected true or false"),
        ("pages_dir: ../elsewhere\n", "paperlist.yaml:1: pages_dir: '../elsewhere' must be a folder inside"),
        ("topics: search\n", "paperlist.yaml:1: topics: expected a list of topic names"),
        ("- a\n", "paperlist.yaml: expected a mapping of settings"),
    ],
)
def test_validate_reports_bad_settings(plain_list, run, text, message):
    config(plain_list, text)
    result = run("validate")
    assert result.exit_code == 1 and result.stdout.startswith(message)


# --- pages ----------------------------------------------------------------------------------------


def big_list(root: Path, n: int = 60, topics=("search", "agents")) -> None:
    config(root, "page_budget_kib: 16\n")
    for i in range(n):
        year = 2020 + (i // 2) % 4
        add(
            root,
            f"p{i:03d}",
            f"Paper number {i}",
            f"{year}-{1 + i % 12:02d}-01",
            [topics[i % len(topics)]] if topics else [],
            abstract="Words about the paper. " * 20,
        )


def pages_of(root: Path) -> dict[str, str]:
    return {str(p.relative_to(root)): p.read_text(encoding="utf-8") for p in sorted((root / "pages").glob("*.md"))}


def test_a_list_over_the_budget_is_split_into_pages_under_the_budget(plain_list, run):
    big_list(plain_list)
    result = run("render")
    assert result.exit_code == 0, result.output
    pages = pages_of(plain_list)
    assert pages and all(len(text.encode()) <= 16 * 1024 for text in pages.values())
    assert len(readme(plain_list).encode()) <= 16 * 1024
    assert all(text.startswith(MARKER + "\n") for text in pages.values())


def test_every_paper_is_on_a_page_linked_from_the_readme(plain_list, run):
    big_list(plain_list)
    run("render")
    linked = set(LINK.findall(readme(plain_list)))
    pages = pages_of(plain_list)
    assert linked == set(pages)
    shown = {title for text in pages.values() for title in re.findall(r"^🔹 \[([^\]]+)\]", text, re.MULTILINE)}
    assert shown == {f"Paper number {i}" for i in range(60)}


def test_a_topic_too_big_for_a_page_is_split_by_year_with_links_between(plain_list, run):
    big_list(plain_list)
    run("render")
    pages = pages_of(plain_list)
    assert "pages/search-2022.md" in pages
    page = pages["pages/search-2022.md"]
    assert "[⬅ Paper List](../README.md)" in page
    assert "[← 2023](search-2023.md)" in page and "[2021 →](search-2021.md)" in page
    assert "- [search](pages/search-2023.md) (30): [2023](pages/search-2023.md)" in readme(plain_list)


def test_a_flat_list_over_the_budget_is_split_by_year(plain_list, run):
    big_list(plain_list, topics=())
    run("render")
    assert sorted(pages_of(plain_list)) == [f"pages/papers-{y}.md" for y in (2020, 2021, 2022, 2023)]


def test_render_check_covers_every_page(plain_list, run):
    big_list(plain_list)
    run("render")
    page = plain_list / "pages" / "search-2022.md"
    page.write_text(page.read_text(encoding="utf-8") + "edited\n", encoding="utf-8")
    result = run("render", "--check")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: pages/search-2022.md is out of date")


@needs_round_trip_yaml
def test_a_change_to_one_paper_rewrites_only_its_pages(plain_list, run):
    big_list(plain_list)
    run("render")
    before = snapshot(plain_list)
    store = Store(plain_list)
    paper = store.load()["p004"]  # search, 2022
    store.write("p004", make_paper(**{**paper.to_mapping(), "venue": "ICML"}))
    run("render")
    after = snapshot(plain_list)
    changed = sorted(name for name in after if after[name] != before.get(name))
    assert changed == ["pages/search-2022.md", "papers/p004.yaml"]


def test_pages_no_longer_needed_are_removed_but_never_a_curators_file(plain_list, run):
    big_list(plain_list)
    run("render")
    (plain_list / "pages" / "notes.md").write_text("my own notes\n", encoding="utf-8")
    for path in (plain_list / "papers").glob("*.yaml"):
        if path.stem != "p000":
            path.unlink()
    result = run("render")
    assert result.exit_code == 0
    assert sorted(p.name for p in (plain_list / "pages").iterdir()) == ["notes.md"]
    assert "no longer needed" in result.stdout


def test_a_page_paperlist_did_not_write_is_never_replaced(plain_list, run):
    big_list(plain_list)
    (plain_list / "pages").mkdir()
    (plain_list / "pages" / "search-2022.md").write_text("mine\n", encoding="utf-8")
    before = snapshot(plain_list)
    result = run("render")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: pages/search-2022.md exists and was not written by paperlist")
    assert snapshot(plain_list) == before


def test_validate_warns_when_one_entry_cannot_fit_a_page(plain_list, run):
    config(plain_list, "page_budget_kib: 16\n")
    add(plain_list, "huge", "Huge", "2024-01-01", abstract="x" * 20000)
    add(plain_list, "small", "Small", "2024-01-02")
    result = run("validate")
    assert result.exit_code == 0
    assert "Warning: papers/huge.yaml alone is 19 KiB rendered, more than a page may be" in result.stderr


# --- the figure -----------------------------------------------------------------------------------


def test_the_figure_is_deterministic_accessible_and_shown(plain_list, run):
    add(plain_list, "a", "Alpha", "2024-01-05", ["search"])
    add(plain_list, "b", "Beta <b>", "2024-03-01", ["agents & tools"])
    run("render")
    svg = (plain_list / "fig" / "papers.svg").read_text(encoding="utf-8")
    assert '<title id="figure-title">Papers per month, by topic</title>' in svg
    assert (
        '<desc id="figure-desc">Stacked bar chart of 2 papers by month of publication, from 2024-01 to 2024-03' in svg
    )
    assert "agents &amp; tools (1)" in svg and "prefers-color-scheme: dark" in svg
    assert '<img src="fig/papers.svg"' in readme(plain_list)
    (plain_list / "fig" / "papers.svg").unlink()
    run("render")
    assert (plain_list / "fig" / "papers.svg").read_text(encoding="utf-8") == svg


def test_the_figure_can_be_switched_off_and_is_then_removed(plain_list, run):
    add(plain_list, "a", "Alpha", "2024-01-05")
    run("render")
    config(plain_list, "figure: false\n")
    run("render")
    assert not (plain_list / "fig" / "papers.svg").exists()
    assert "papers.svg" not in readme(plain_list)


# --- templates see the data -----------------------------------------------------------------------


def test_an_entry_template_sees_topics_date_parts_and_key(plain_list, run):
    (plain_list / "templates").mkdir()
    (plain_list / "templates" / "entry.md.j2").write_text(
        "* {{ entry.title }} ({{ entry.year }}, {{ entry.key }}) {{ entry.topics | join('/') }}\n", encoding="utf-8"
    )
    add(plain_list, "a", "Alpha [x]", "2024-01-05", ["search", "rl"])
    run("render")
    assert "* Alpha \\[x\\] (2024, a) search/rl\n" in readme(plain_list)


def test_a_template_that_refers_to_a_missing_field_is_one_line(plain_list, run):
    (plain_list / "templates").mkdir()
    (plain_list / "templates" / "list.md.j2").write_text("{{ papers[0].venu }}\n", encoding="utf-8")
    add(plain_list, "a", "Alpha", "2024-01-05")
    result = run("render")
    assert result.exit_code == 1
    assert result.stderr == "Error: templates/list.md.j2:1: 'dict object' has no attribute 'venu'\n"


# --- citations and the changelog ----------------------------------------------------------------------


def cited(root: Path, key: str, title: str, count: int, added=None) -> None:
    add(root, key, title, "2024-01-01", added=added)
    path = root / "papers" / f"{key}.yaml"
    path.write_text(
        path.read_text(encoding="utf-8") + f"citations:\n  count: {count}\n  date: '2026-11-20'\n", encoding="utf-8"
    )


def test_citation_counts_are_shown_only_when_switched_on(plain_list, run):
    cited(plain_list, "a", "Alpha", 42)
    run("render")
    assert "Citations" not in readme(plain_list)
    config(plain_list, "show_citations: true\n")
    run("render")
    assert "- 📈 **Citations:** 42\n" in readme(plain_list)


def test_most_cited_lists_the_papers_with_most_citations(plain_list, run):
    config(plain_list, "most_cited: 2\n")
    cited(plain_list, "a", "Alpha", 5)
    cited(plain_list, "b", "Beta", 50)
    cited(plain_list, "c", "Gamma", 7)
    run("render")
    text = readme(plain_list)
    section = text[text.index("## 🏆 Most cited") : text.index("## Papers")]
    assert re.findall(r"^- \[(\w+)\]\([^)]*\): (\d+) citations$", section, re.MULTILINE) == [
        ("Beta", "50"),
        ("Gamma", "7"),
    ]


def test_the_changelog_lists_papers_by_the_day_they_were_added(plain_list, run):
    config(plain_list, "changelog: true\ntitle: My List\n")
    add(plain_list, "a", "Alpha", "2024-01-01", added="2026-11-01")
    add(plain_list, "b", "Beta", "2023-01-01", added="2026-11-20")
    add(plain_list, "c", "Gamma", "2022-01-01")
    run("render")
    text = (plain_list / "CHANGELOG.md").read_text(encoding="utf-8")
    assert text.startswith(MARKER + "\n# Changelog of My List\n")
    assert text.index("## 2026-11-20") < text.index("- [Beta](https://example.com/b)") < text.index("## 2026-11-01")
    assert "Gamma" not in text
    add(plain_list, "d", "Delta", "2021-01-01", added="2026-11-25")
    run("render")
    grown = (plain_list / "CHANGELOG.md").read_text(encoding="utf-8")
    assert grown.index("## 2026-11-25") < grown.index("## 2026-11-20") and text.split("## 2026-11-20")[1] in grown


def test_a_changelog_of_ones_own_is_never_replaced(plain_list, run):
    config(plain_list, "changelog: true\n")
    (plain_list / "CHANGELOG.md").write_text("# My changelog\n", encoding="utf-8")
    add(plain_list, "a", "Alpha", "2024-01-01", added="2026-11-01")
    result = run("render")
    assert result.exit_code == 1 and "CHANGELOG.md exists and was not written by paperlist" in result.stderr
