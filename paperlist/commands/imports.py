"""paperlist import: bring in an existing list, whatever its layout."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from paperlist.cli import ListRoot, _read_text, _today, cli, verbose_option
from paperlist.writer import write_plan


@cli.command("import")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Resolve and report; write nothing.")
@click.option(
    "--report",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also write what became of every entry to this file, as JSON.",
)
@click.option("--merge-topics", is_flag=True, help="Add the sections of papers already listed to their topics.")
@verbose_option
@click.pass_obj
def import_(root: ListRoot, files: tuple[Path, ...], dry_run: bool, report: Path | None, merge_topics: bool) -> None:
    """Bring in an existing paper list, whatever its markdown layout.

    FILE is a README (or a sub-page) of any awesome paper list: list items,
    links with sub-bullets, titles with badges, pipe tables or HTML tables. Each
    entry's links are looked up on Semantic Scholar together (500 to a request),
    then entries without a usable link by their title, taken only when the match
    is clear. A link whose paper's title disagrees with the written title is
    reported, never imported silently. The heading above an entry becomes its
    topic; the same paper twice becomes one record. A list in this tool's own
    entry format is read as it is, with no request. Papers already in papers/
    are never overwritten.

    Every entry not imported is reported with its file, line, title and why.
    Exits 1 only when the service failed (what was imported is kept).

    \b
    Examples:
      paperlist import ../Awesome-LLM-Reasoning/README.md
      paperlist import README.md docs/*.md --report import.json --dry-run
    """
    from paperlist.importing import plan_import, written_entries

    store = root.store
    store.load()  # a broken list fails before any request
    items, whole, unreadable = [], [], []
    for path in files:
        text = _read_text(path)
        if text is None:
            raise click.ClickException(f"{path} does not exist")
        read = written_entries(text, str(path))
        items += read.to_resolve
        whole += read.whole
        unreadable += read.unreadable
        for warning in read.warnings:
            click.echo(warning, err=True)
    if not items and not whole and not unreadable:
        raise click.ClickException(
            f"{', '.join(map(str, files))} {'has' if len(files) == 1 else 'have'} no entries: "
            "no list items, table rows or HTML rows with a title or a paper link"
        )
    found = whole + _resolve(root, items)
    with root.locked():
        papers = store.load()
        plan = plan_import(found, unreadable, store, papers, merge_topics=merge_topics)
        if not dry_run:
            changes = store.plan({**plan.new, **plan.extended})
            if changes:
                root.commit(changes)
    for outcome in plan.outcomes:
        if outcome.status != "imported" or outcome.note:
            title = f" '{outcome.title}'" if outcome.title else ""
            note = f": {outcome.note}" if outcome.note else ""
            click.echo(f"{outcome.source}:{outcome.line}:{title} {outcome.status}{note}")
    if report is not None:
        import json

        data = {"summary": dict(plan.counts()), "entries": [o.as_json() for o in plan.outcomes]}
        write_plan(
            {report: json.dumps(data, ensure_ascii=False, indent=2) + "\n"}, Path(report.anchor or "/"), shown=str
        )
    click.echo(plan.summary("Would import" if dry_run else "Imported"))
    if plan.failed:
        raise click.ClickException("Semantic Scholar failed for some entries: run the same import again later")
    if plan.new and not dry_run:
        click.echo("Run 'paperlist render' to update README.md.")


def _resolve(root: ListRoot, items: list) -> list:
    """Resolve written entries with a progress bar, after an estimate when it will take a while."""
    if not items:
        return []
    from paperlist.resolve import Resolver

    s2 = root.semantic_scholar()
    titles = sum(1 for item in items if not item.ids)
    interval = s2.min_interval
    if titles * interval > 60:
        minutes = titles * interval * 1.5 / 60
        click.echo(
            f"{titles} entries have no usable link and are looked up by title: one or two requests each, "
            f"{interval:g} s apart, about {minutes:.0f} minutes in all.",
            err=True,
        )
    with click.progressbar(length=len(items), label="Resolving", file=sys.stderr, show_pos=True) as bar:
        resolver = Resolver(
            s2,
            root.arxiv,
            today=_today(),
            warn=lambda m: click.echo(f"Warning: {m}", err=True),
            step=lambda: bar.update(1),
        )
        return resolver.resolve(items)
