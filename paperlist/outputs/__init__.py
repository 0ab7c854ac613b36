"""Everything ``render`` writes, as a pure plan: ``{path: UTF-8 bytes}`` for README.md, its pages and the figure."""

from __future__ import annotations

from dataclasses import dataclass, field

from paperlist.config import Config
from paperlist.outputs.changelog import CHANGELOG_PATH, render_changelog
from paperlist.outputs.figure import FIGURE_PATH, render_figure
from paperlist.outputs.readme import MARKER, lay_out
from paperlist.paper import Paper
from paperlist.render import Renderer, Templates
from paperlist.store import ordered

__all__ = ["MARKER", "FIGURE_PATH", "EXPORT_PATHS", "Plan", "build_plan"]

#: The file each export format is written to when paperlist.yaml's ``exports`` names it.
EXPORT_PATHS = {"bibtex": "papers.bib", "csl-json": "papers.csl.json", "csv": "papers.csv", "json": "papers.json"}


@dataclass
class Plan:
    """The files a list's records and settings produce, by path relative to the list root.

    ``owned`` names the generated files that may exist from an earlier render: any file there
    that carries paperlist's marker and is not in ``files`` is stale and is removed.
    """

    files: dict[str, bytes]
    readme: bytes
    owned_dirs: tuple[str, ...] = ()
    owned_files: tuple[str, ...] = ()
    warnings: list[str] = field(default_factory=list)
    count: int = 0


def build_plan(papers: dict[str, Paper], config: Config, templates: Templates) -> Plan:
    """The plan for ``papers`` (by key) under ``config``: no I/O, same bytes for the same input."""
    renderer = Renderer(templates)
    order = [key for key, _ in ordered(papers)]
    figure = render_figure(papers, config, renderer).encode("utf-8") if config.figure and papers else None
    links = [{"label": "🔎 Search the list", "url": config.site_url}] if config.site_url else []
    names = {"bibtex": "BibTeX", "csl-json": "CSL-JSON", "csv": "CSV", "json": "JSON"}
    links += [{"label": f"📚 {names[fmt]}", "url": EXPORT_PATHS[fmt]} for fmt in config.exports]
    layout = lay_out(papers, order, config, renderer, figure=FIGURE_PATH if figure else "", links=links)
    files = {"README.md": layout.readme, **layout.pages}
    if figure is not None:
        files[FIGURE_PATH] = figure
    if config.changelog:
        files[CHANGELOG_PATH] = render_changelog(papers, order, config).encode("utf-8")
    if config.exports:
        from paperlist.outputs.exports import export

        for fmt in config.exports:
            files[EXPORT_PATHS[fmt]] = export(fmt, papers, order).encode("utf-8")
    return Plan(
        files=files,
        readme=layout.readme,
        owned_dirs=(config.pages_dir,),
        owned_files=(FIGURE_PATH, CHANGELOG_PATH),
        warnings=layout.warnings,
        count=len(papers),
    )
