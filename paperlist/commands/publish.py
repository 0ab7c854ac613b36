"""paperlist export and paperlist site: the list for readers, as citations and as a searchable page."""

from __future__ import annotations

from pathlib import Path

import click

from paperlist.cli import ListRoot, cli
from paperlist.outputs.exports import FORMATS, bibtex_entries, export
from paperlist.outputs.site import site_files
from paperlist.store import ordered
from paperlist.writer import write_plan


def _only_topic(papers: dict, topic: str | None) -> dict:
    if topic is None:
        return papers
    chosen = {key: paper for key, paper in papers.items() if topic in paper.topics}
    if not chosen:
        known = sorted({t for paper in papers.values() for t in paper.topics}, key=str.casefold)
        hint = f" (topics: {', '.join(known)})" if known else " (no record has topics)"
        raise click.ClickException(f"no paper has the topic '{topic}'{hint}")
    return chosen


def _writable_parent(path: Path, what: str) -> None:
    parent = path.parent if str(path.parent) else Path(".")
    if not parent.is_dir():
        raise click.ClickException(f"cannot write {what} {path}: the folder {parent} does not exist")


@cli.command("export")
@click.option("--format", "fmt", type=click.Choice(FORMATS), required=True, help="What to write.")
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write to this file (default: standard output).",
)
@click.option("--topic", metavar="T", help="Only the papers with this topic.")
@click.pass_obj
def export_(root: ListRoot, fmt: str, output: Path | None, topic: str | None) -> None:
    """Write the list as BibTeX, CSL-JSON, CSV or JSON.

    BibTeX keys are the first author's family name, the year and the first
    significant title word (snell2024scaling); where two papers share one, the
    one added later gets four letters more. Keys never change when papers are
    added. CSL-JSON is what Zotero and pandoc read; CSV has one row a paper.

    \b
    Examples:
      paperlist export --format bibtex --output papers.bib
      paperlist export --format csl-json --topic search > search.json
    """
    papers = _only_topic(root.store.load(), topic)
    order = [key for key, _ in ordered(papers)]
    text = export(fmt, papers, order)
    if output is None or str(output) == "-":
        click.echo(text, nl=False)
        return
    _writable_parent(output, "the export to")
    write_plan({output: text}, Path(output.anchor or "/"), shown=str)
    click.echo(f"Wrote {output} ({len(papers)} paper{'s' if len(papers) != 1 else ''}, {fmt}).")


@cli.command()
@click.option(
    "--output",
    "-o",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("site"),
    show_default=True,
    help="The folder to write index.html and papers.json into.",
)
@click.pass_obj
def site(root: ListRoot, output: Path) -> None:
    """Write a static, searchable page of the whole list: index.html and papers.json.

    The page needs nothing from another host and works from a file or from
    GitHub Pages: search over title, authors, abstract and venue; filters by
    topic and year; sort by date or citations; a permalink (#key) and the
    BibTeX of every paper.

    Example: paperlist site --output _site
    """
    papers = root.store.load()
    config = root.config()
    order = [key for key, _ in ordered(papers)]
    # The page shows each abstract already; its BibTeX need not carry a second copy.
    entries = bibtex_entries(papers, order, abstracts=False)
    files = site_files(papers, order, config, bibtex=entries)
    target = output if output.is_absolute() else root.path / output
    _writable_parent(target, "the site to")
    if target.exists() and not target.is_dir():
        raise click.ClickException(f"cannot write the site to {target}: it is not a folder")
    try:
        target.mkdir(exist_ok=True)
    except OSError as exc:
        raise click.ClickException(f"cannot create the folder {target}: {exc.strerror or exc}") from None
    written = write_plan({target / name: data for name, data in files.items()}, target, shown=str)
    state = "Wrote" if written else "Up to date:"
    click.echo(f"{state} {target}/index.html and papers.json ({len(papers)} paper{'s' if len(papers) != 1 else ''}).")
