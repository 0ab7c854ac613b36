"""A new list's files, as a plan: settings, an empty papers/ folder, README.md, the GitHub
workflows (render after each merge, add a paper from an issue, a weekly refresh) and the
issue form, and, on request, the default templates to edit."""

from __future__ import annotations

from importlib import resources

import yaml

from paperlist import __version__
from paperlist.config import CONFIG_FILE, parse_config
from paperlist.errors import PaperlistError
from paperlist.outputs import build_plan
from paperlist.render import TEMPLATE_NAMES, Templates, default_template

#: The GitHub files a list needs, by path, and the packaged file each is made from.
GITHUB_FILES = {
    ".github/workflows/readme.yml": "readme.yml",
    ".github/workflows/add-paper.yml": "add-paper.yml",
    ".github/workflows/refresh.yml": "refresh.yml",
    ".github/workflows/pages.yml": "pages.yml",
    ".github/ISSUE_TEMPLATE/add-paper.yml": "add-paper-form.yml",
}
GITIGNORE = ".venv/\n__pycache__/\n"


def _scaffold(name: str) -> str:
    return resources.files("paperlist").joinpath("templates", "init", name).read_text(encoding="utf-8")


def settings_text(title: str) -> str:
    """paperlist.yaml for a new list called ``title``, every setting written out with a comment."""
    quoted = yaml.safe_dump(title, default_style=None, allow_unicode=True, width=2**30).strip()
    quoted = quoted.removesuffix("\n...").removesuffix("...").strip()
    return _scaffold("paperlist.yaml").replace("@TITLE@", quoted)


def new_list_files(title: str, *, with_templates: bool = False, today: str | None = None) -> dict[str, str]:
    """Every file ``paperlist init`` writes, by path relative to the list's folder."""
    title = " ".join(title.split())
    if not title:
        raise PaperlistError("the list needs a title: pass --title TITLE")
    settings = settings_text(title)
    config, problems = parse_config(settings)
    assert not problems, problems  # the packaged settings file is always valid
    files = {CONFIG_FILE: settings, "papers/.gitkeep": "", ".gitignore": GITIGNORE}
    if today is not None:
        from paperlist.outputs.citation_cff import citation_cff

        files["CITATION.cff"] = citation_cff(config, today=today)
    files.update(build_plan({}, config, Templates.defaults()).files)
    for path, name in GITHUB_FILES.items():
        files[path] = _scaffold(name).replace("@VERSION@", __version__)
    if with_templates:
        files.update({f"templates/{name}": default_template(name) for name in TEMPLATE_NAMES})
    return files
