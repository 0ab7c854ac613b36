"""`paperlist init`: a new list in one command, offline, never overwriting a file."""

from __future__ import annotations

import pytest

from conftest import REPO, snapshot
from paperlist.config import Config, parse_config

FILES = [
    ".github/ISSUE_TEMPLATE/add-paper.yml",
    ".github/workflows/add-paper.yml",
    ".github/workflows/pages.yml",
    ".github/workflows/readme.yml",
    ".github/workflows/refresh.yml",
    ".gitignore",
    "CITATION.cff",
    "README.md",
    "paperlist.yaml",
    "papers/.gitkeep",
]


def files_in(folder) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file())


def test_init_makes_a_list_that_renders_and_validates(tmp_path, run, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("init", "agents", "--title", "Awesome Agents")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[-1] == 'A new list is ready. Next: cd agents && paperlist add "Title or link"'
    assert files_in(tmp_path / "agents") == FILES
    assert (tmp_path / "agents" / "README.md").read_text(encoding="utf-8").startswith("# Awesome Agents\n")
    assert run("-C", "agents", "render", "--check").exit_code == 0
    assert run("-C", "agents", "validate").stdout == "0 records OK.\n"


def test_init_writes_every_setting_with_its_default(tmp_path, run, monkeypatch):
    monkeypatch.chdir(tmp_path)
    run("init", "--title", "My: List #1")
    config, problems = parse_config((tmp_path / "paperlist.yaml").read_text(encoding="utf-8"))
    assert problems == []
    assert config == Config(title="My: List #1", description="A curated list of papers, newest first.")


def test_init_twice_changes_nothing_and_says_so(tmp_path, run, monkeypatch):
    monkeypatch.chdir(tmp_path)
    run("init", "agents")
    before = snapshot(tmp_path)
    result = run("init", "agents")
    assert result.exit_code == 0
    assert result.stdout == "Nothing to do: agents already has every file init writes; none was changed.\n"
    assert snapshot(tmp_path) == before


def test_init_adds_only_what_a_list_is_missing(tmp_path, run, monkeypatch):
    monkeypatch.chdir(tmp_path)
    run("init")
    (tmp_path / "README.md").write_text("my own README\n", encoding="utf-8")
    (tmp_path / ".github" / "workflows" / "readme.yml").unlink()
    result = run("init")
    assert result.exit_code == 0
    assert "Created .github/workflows/readme.yml" in result.stdout
    assert "Kept README.md (it exists; init never overwrites a file)" in result.stdout
    assert (tmp_path / "README.md").read_text(encoding="utf-8") == "my own README\n"


def test_init_refuses_a_folder_that_holds_other_files(tmp_path, run, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "notes.txt").write_text("mine\n", encoding="utf-8")
    (tmp_path / ".git").mkdir()
    before = snapshot(tmp_path)
    result = run("init")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: . is not empty (notes.txt): init starts a list in a new or empty folder")
    assert snapshot(tmp_path) == before


def test_init_accepts_a_folder_with_only_git(tmp_path, run, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".git").mkdir()
    assert run("init").exit_code == 0 and (tmp_path / "papers").is_dir()


def test_init_with_templates_copies_them_for_editing(tmp_path, run, monkeypatch):
    monkeypatch.chdir(tmp_path)
    run("init", "--templates")
    names = sorted(p.name for p in (tmp_path / "templates").iterdir())
    assert names == ["README.md.j2", "entry.md.j2", "figure.svg.j2", "list.md.j2", "page.md.j2"]
    assert run("render", "--check").exit_code == 0


@pytest.mark.parametrize(
    "path",
    [
        ".github/workflows/readme.yml",
        ".github/workflows/add-paper.yml",
        ".github/workflows/refresh.yml",
        ".github/workflows/pages.yml",
    ],
)
def test_a_new_lists_workflows_are_this_repositorys_with_paperlist_from_the_index(path):
    from paperlist import __version__
    from paperlist.scaffold import new_list_files

    workflow = new_list_files("x")[path]
    ours = (REPO / path).read_text(encoding="utf-8")
    assert f"python -m pip install 'paperlist=={__version__}'" in workflow
    assert workflow.replace(f"python -m pip install 'paperlist=={__version__}'", "python -m pip install .") == ours


def test_a_new_list_gets_this_repositorys_issue_form():
    from paperlist.scaffold import new_list_files

    form = new_list_files("x")[".github/ISSUE_TEMPLATE/add-paper.yml"]
    assert form == (REPO / ".github" / "ISSUE_TEMPLATE" / "add-paper.yml").read_text(encoding="utf-8")


def test_init_writes_a_valid_citation_file_for_the_list(tmp_path, run, monkeypatch):
    import json

    import yaml

    jsonschema = pytest.importorskip("jsonschema")

    monkeypatch.chdir(tmp_path)
    run("init", "--title", "Awesome Agents")
    cff = yaml.safe_load((tmp_path / "CITATION.cff").read_text(encoding="utf-8"))
    schema = json.loads((REPO / "tests" / "fixtures" / "citation-cff-schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(cff, schema)
    assert (cff["title"], cff["type"]) == ("Awesome Agents", "dataset")
