"""Rendering entries and the README, and the render command."""

from __future__ import annotations

import shutil

import re

from conftest import FIXTURES, REPO, snapshot
from paperlist.config import load_config
from paperlist.outputs import build_plan
from paperlist.paper import make_paper
from paperlist.render import Templates, render_entry, render_readme
from paperlist.store import Store, ordered

TEMPLATES = Templates.from_directory(REPO / "templates")


def entries_of(text: str) -> str:
    """The entries of a list, blank-line runs collapsed and the PDF label spelt one way."""
    body = text[text.index("🔹") :]
    return re.sub(r"\n\s*\n+", "\n\n", body).strip().replace("ArXiv PDF Link", "arXiv PDF Link")


def test_the_shipped_readme_matches_the_reference_list_entry_for_entry():
    papers = Store(REPO).load()
    readme = render_readme([p for _, p in ordered(papers)], TEMPLATES)
    assert len(papers) == 16
    assert entries_of(readme) == entries_of((FIXTURES / "reference-list.md").read_text(encoding="utf-8"))


def test_the_committed_readme_and_figure_are_what_render_produces():
    plan = build_plan(Store(REPO).load(), load_config(REPO), TEMPLATES)
    assert sorted(plan.files) == ["README.md", "fig/papers.svg"]
    for path, data in plan.files.items():
        assert (REPO / path).read_bytes() == data


def test_a_full_entry_has_every_line_in_order():
    paper = make_paper(
        title="T",
        authors=["A B", "C D"],
        date="2024-08-06",
        venue="ICLR",
        arxiv="2408.03314",
        code="https://github.com/owner/repo",
        tldr="Short.",
        abstract="Long.",
    )
    assert render_entry(paper, TEMPLATES) == (
        "🔹 [T](https://arxiv.org/abs/2408.03314)\n"
        "- 🔗 **arXiv PDF Link:** [Paper Link](https://arxiv.org/pdf/2408.03314)\n"
        "- 💻 **Official Code:** [owner/repo](https://github.com/owner/repo)\n"
        "- 👤 **Authors:** A B, C D\n"
        "- 🗓️ **Date:** 2024-08-06\n"
        "- 📑 **Publisher:** ICLR\n"
        "- 💡 **TL;DR:** Short.\n"
        "- 📝 **Abstract:** \n"
        "    <details>\n"
        "    <summary>Expand</summary>\n"
        "    Long.\n"
        "    </details>\n"
    )


def test_absent_values_leave_their_lines_out():
    paper = make_paper(title="T", authors=["A"], date="2024", doi="10.1000/xyz")
    entry = render_entry(paper, TEMPLATES)
    assert entry.splitlines()[0] == "🔹 [T](https://doi.org/10.1000/xyz)"
    for label in ("PDF Link", "Official Code", "Publisher", "TL;DR"):
        assert label not in entry
    assert "    No abstract available.\n" in entry


def test_hostile_text_shows_as_text():
    paper = make_paper(
        title="Breaking [links](http://evil) and `code",
        authors=["Smith, Jr.", "<b>Bold</b>"],
        date="2024",
        url="https://example.org/a_paper(1)<x>",
        abstract="x </details>\n\n<script>alert(1)</script> &amp; done",
        tldr="<!-- hidden",
    )
    entry = render_entry(paper, TEMPLATES)
    lines = entry.splitlines()
    assert lines[0] == r"🔹 [Breaking \[links\](http://evil) and \`code](https://example.org/a_paper%281%29%3Cx%3E)"
    assert "- 👤 **Authors:** Smith&#44; Jr., &lt;b>Bold&lt;/b>" in lines
    assert "- 💡 **TL;DR:** &lt;!-- hidden" in lines
    assert "    x &lt;/details><br><br>&lt;script>alert(1)&lt;/script> &amp;amp; done" in lines
    assert entry.count("</details>") == 1 and "<script>" not in entry


def test_rendering_does_not_depend_on_file_order(list_root):
    store = Store(list_root)
    for i, date in enumerate(["2024-01-01", "2024-01-01", "2023", "2025-06"]):
        store.write(f"k{i}", make_paper(title=f"Paper {3 - i}", authors=["A"], date=date))
    first = render_readme([p for _, p in ordered(store.load())], TEMPLATES)
    papers = dict(reversed(list(store.load().items())))
    assert render_readme([p for _, p in ordered(papers)], TEMPLATES) == first


# --- the render command -----------------------------------------------------------------------


def add_record(root, key="2408.03314", title="Scaling LLM Test-Time Compute"):
    Store(root).write(key, make_paper(title=title, authors=["Charlie Snell"], date="2024-08-06", arxiv=key))


def test_render_writes_the_readme(list_root, run):
    add_record(list_root)
    result = run("render")
    assert result.exit_code == 0
    assert result.stdout == "Wrote README.md and fig/papers.svg (1 paper).\n"
    assert "🔹 [Scaling LLM Test-Time Compute](https://arxiv.org/abs/2408.03314)" in (
        list_root / "README.md"
    ).read_text(encoding="utf-8")


def test_render_leaves_an_up_to_date_readme_untouched(list_root, run):
    add_record(list_root)
    run("render")
    readme = list_root / "README.md"
    before = readme.stat().st_mtime_ns
    result = run("render")
    assert result.exit_code == 0 and "up to date" in result.stdout
    assert readme.stat().st_mtime_ns == before


def test_render_check_passes_on_a_fresh_readme(list_root, run):
    add_record(list_root)
    run("render")
    result = run("render", "--check")
    assert result.exit_code == 0


def test_render_check_fails_with_a_diff_and_writes_nothing(list_root, run):
    add_record(list_root)
    run("render")
    add_record(list_root, "2501.00001", "A Newer Paper")
    before = snapshot(list_root)
    result = run("render", "--check")
    assert result.exit_code == 1
    assert "+🔹 [A Newer Paper](https://arxiv.org/abs/2501.00001)" in result.stdout
    assert "fig/papers.svg is out of date" in result.stdout
    assert result.stderr == (
        "Error: 2 generated files (README.md, fig/papers.svg) are out of date: "
        "run 'paperlist render' and commit the result\n"
    )
    assert snapshot(list_root) == before


def test_render_output_writes_elsewhere(list_root, run):
    add_record(list_root)
    result = run("render", "--output", "docs/LIST.md")
    assert result.exit_code == 0 and (list_root / "docs" / "LIST.md").exists()
    assert not (list_root / "README.md").exists()


def test_render_output_dash_prints_the_readme(list_root, run):
    add_record(list_root)
    result = run("render", "-o", "-")
    assert result.stdout.startswith("# ") and not (list_root / "README.md").exists()


def test_render_refuses_a_bad_record_and_keeps_the_readme(list_root, run):
    add_record(list_root)
    run("render")
    (list_root / "papers" / "bad.yaml").write_text("title: [unclosed\n", encoding="utf-8")
    before = snapshot(list_root)
    result = run("render")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: papers/bad.yaml:")
    assert len(result.stderr.splitlines()) == 1
    assert snapshot(list_root) == before


def test_a_list_without_its_own_entry_template_uses_the_default(list_root, run):
    add_record(list_root)
    (list_root / "templates" / "entry.md.j2").unlink()
    result = run("render")
    assert result.exit_code == 0
    readme = (list_root / "README.md").read_text(encoding="utf-8")
    assert readme.startswith("# Awesome-Inference-Time-Scaling")  # the list's own README template
    assert "🔹 [" in readme and "- 📝 **Abstract:**" in readme  # the packaged entry template


def test_a_list_without_templates_renders_with_the_packaged_ones(list_root, run):
    add_record(list_root)
    shutil.rmtree(list_root / "templates")
    result = run("render")
    assert result.exit_code == 0
    readme = (list_root / "README.md").read_text(encoding="utf-8")
    assert readme.startswith("# Awesome-Inference-Time-Scaling\n\nPaper List of Inference")
    assert "🔹 [" in readme


def test_a_list_template_overrides_the_default_file_by_file(list_root, run):
    add_record(list_root)
    shutil.rmtree(list_root / "templates")
    (list_root / "templates").mkdir()
    (list_root / "templates" / "entry.md.j2").write_text("* {{ entry.title }}\n", encoding="utf-8")
    assert run("render").exit_code == 0
    readme = (list_root / "README.md").read_text(encoding="utf-8")
    assert readme.startswith("# Awesome-Inference-Time-Scaling\n") and "\n* " in readme and "🔹" not in readme


def test_render_reports_a_broken_template_with_its_line(list_root, run):
    add_record(list_root)
    (list_root / "templates" / "entry.md.j2").write_text("🔹 {{ entry.title }\n", encoding="utf-8")
    result = run("render")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: templates/entry.md.j2:1: ")


def test_render_reports_a_misspelt_template_field(list_root, run):
    add_record(list_root)
    (list_root / "templates" / "entry.md.j2").write_text("🔹 {{ entry.titel }}\n", encoding="utf-8")
    result = run("render")
    assert result.exit_code == 1 and "titel" in result.stderr


def test_directory_option_works_from_elsewhere(list_root, run, tmp_path, monkeypatch):
    add_record(list_root)
    monkeypatch.chdir(tmp_path)
    result = run("-C", str(list_root), "render")
    assert result.exit_code == 0 and (list_root / "README.md").exists()


def test_render_outside_a_list_says_where_to_run(tmp_path, run, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("render")
    assert result.exit_code == 1
    assert result.stderr == "Error: no papers/ folder in .: run paperlist in the list's root folder, or pass -C DIR\n"
    assert not (tmp_path / "README.md").exists()


def test_show_prints_the_entries_of_named_records(list_root, run):
    add_record(list_root)
    result = run("show", "papers/2408.03314.yaml", "papers/gone.yaml")
    assert result.exit_code == 0
    assert result.stdout.startswith("🔹 [Scaling LLM Test-Time Compute](https://arxiv.org/abs/2408.03314)\n")


def test_show_names_an_unknown_record(list_root, run):
    result = run("show", "nope")
    assert result.exit_code == 1 and result.stderr.startswith("Error: no record 'nope' in papers/")
