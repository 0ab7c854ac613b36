"""The project as a package: the README's set-up commands, CI, metadata, shipped templates, docs."""

from __future__ import annotations

import re
import shutil
import subprocess
from importlib import metadata, resources

import pytest
from conftest import REPO

import paperlist
from paperlist.cli import cli
from paperlist.render import Templates

DOCS = REPO / "docs" / "paperlist.md"


def setup_block(readme: str) -> list[str]:
    """The lines of the first ```sh block in the README's "Maintaining this list" section."""
    section = readme.split("\n## Maintaining this list\n", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"^```sh\n(.*?)^```$", section, re.S | re.M)
    assert block, "no ```sh block under 'Maintaining this list'"
    return block.group(1).splitlines()


def setup_commands() -> list[str]:
    lines = setup_block((REPO / "README.md").read_text(encoding="utf-8"))
    return [line for line in lines if line.strip() and not line.lstrip().startswith("#")]


def test_the_readme_sets_up_with_two_one_line_commands():
    render_command, test_command = setup_commands()
    assert render_command.endswith(".venv/bin/paperlist render")
    assert test_command.endswith(".venv/bin/python -m pytest -q")
    for command in (render_command, test_command):
        assert command.startswith("python3 -m venv .venv && ")
        assert not command.rstrip().endswith("\\"), "a command must fit on one line"


def test_the_setup_commands_need_only_python3_and_no_active_virtual_environment():
    # Debian's, Ubuntu's and Homebrew's Pythons have no `python` and refuse a bare `pip install`.
    bare = re.compile(r"(?<![\w./-])(python|pip)(?![\w.-])")
    for command in setup_commands():
        assert not bare.search(command), command
        assert "pip install" not in command.replace(".venv/bin/pip install", "")


def test_the_template_and_the_rendered_readme_show_the_same_setup_block():
    template = (REPO / "templates" / "README.md.j2").read_text(encoding="utf-8")
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert setup_block(template) == setup_block(readme)


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")
def test_ci_runs_the_readmes_test_command():
    done = subprocess.run(
        ["bash", str(REPO / ".ci" / "run"), "--print-test-command"], capture_output=True, text=True, check=True
    )
    assert done.stdout == setup_commands()[1] + "\n"


def test_the_readme_keeps_the_maintainers_section_short_and_links_the_docs():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## Maintaining this list\n", 1)[1].split("\n## ", 1)[0]
    assert 'paperlist add "Title or link"' in section
    assert "](docs/paperlist.md)" in section
    assert "###" not in section
    assert len(section) < 2000


def test_metadata_has_a_pep_639_license_and_one_version():
    try:
        meta = metadata.metadata("paperlist")
    except metadata.PackageNotFoundError:
        pytest.skip("paperlist is not installed, so it has no metadata: pip install -e '.[test]'")
    assert meta["Version"] == paperlist.__version__
    assert meta["License-Expression"] == "MIT"
    assert meta.get_all("License-File") == ["LICENSE"]
    assert not [c for c in meta.get_all("Classifier") or [] if c.startswith("License ::")]
    assert "Programming Language :: Python :: 3.14" in meta.get_all("Classifier")
    assert {url.split(",")[0] for url in meta.get_all("Project-URL")} >= {
        "Homepage",
        "Documentation",
        "Issues",
        "Source",
    }


def test_pyproject_reads_the_version_from_the_package():
    tomllib = pytest.importorskip("tomllib")  # Python 3.11+
    pyproject = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    project = pyproject["project"]
    assert "version" not in project
    assert project["dynamic"] == ["version"]
    assert pyproject["tool"]["setuptools"]["dynamic"]["version"] == {"attr": "paperlist.__version__"}
    assert project["license"] == "MIT"
    assert project["license-files"] == ["LICENSE"]
    assert project["readme"] == "docs/paperlist.md"
    assert "MIT License" in (REPO / "LICENSE").read_text(encoding="utf-8")


def test_the_version_option_prints_the_package_version(run):
    result = run("--version")
    assert result.exit_code == 0
    assert result.stdout == f"paperlist, version {paperlist.__version__}\n"


def test_the_default_templates_ship_in_the_package():
    folder = resources.files("paperlist") / "templates"
    names = {item.name for item in folder.iterdir()}
    assert {"README.md.j2", "entry.md.j2"} <= names
    defaults = Templates.defaults()
    assert defaults.readme == (folder / "README.md.j2").read_text(encoding="utf-8")
    assert defaults.entry == (folder / "entry.md.j2").read_text(encoding="utf-8")


def test_a_list_without_templates_renders_with_the_packaged_ones(tmp_path, monkeypatch, run):
    shutil.copytree(REPO / "papers", tmp_path / "papers")
    monkeypatch.chdir(tmp_path)
    result = run("render")
    assert result.exit_code == 0, result.output
    readme = (tmp_path / "README.md").read_text(encoding="utf-8")
    assert readme.count("\n🔹 ") == len(list((tmp_path / "papers").glob("*.yaml")))


def test_the_docs_page_covers_every_command():
    docs = DOCS.read_text(encoding="utf-8")
    for name in cli.commands:
        assert f"paperlist {name}" in docs, f"docs/paperlist.md does not mention `paperlist {name}`"
    for section in ("## Install", "## Quick start", "## Templates", "## Developing paperlist"):
        assert section in docs


def test_the_docs_page_shows_the_readmes_setup_commands():
    docs = DOCS.read_text(encoding="utf-8")
    for command in setup_commands():
        assert f"\n{command}\n" in docs


@pytest.mark.parametrize("page", ["README.md", "docs/paperlist.md"])
def test_relative_links_point_at_files_in_the_repository(page):
    text = (REPO / page).read_text(encoding="utf-8")
    links = re.findall(r"\]\(([^)\s]+)\)", text) + re.findall(r'src="([^"]+)"', text)
    relative = [link for link in links if not re.match(r"[a-z]+:|#", link)]
    assert relative
    for link in relative:
        target = (REPO / page).parent / link.split("#")[0]
        assert target.exists(), f"{page} links to {link}, which does not exist"
