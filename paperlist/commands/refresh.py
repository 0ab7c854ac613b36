"""paperlist refresh: current metadata for the records, curators' fields kept."""

from __future__ import annotations

from pathlib import Path

import click

from paperlist import fetch
from paperlist.cli import ListRoot, _key_of, _shown, _today, cli, verbose_option
from paperlist.errors import PaperlistError
from paperlist.paper import FETCHED_FIELDS
from paperlist.writer import write_plan


@cli.command()
@click.argument("keys", nargs=-1, metavar="[KEY]...")
@click.option(
    "--overwrite",
    multiple=True,
    type=click.Choice(FETCHED_FIELDS),
    help="Take the fetched value of this field even where a curator changed it (repeatable).",
)
@click.option("--dry-run", is_flag=True, help="Report what would change; write nothing.")
@click.option("--no-render", is_flag=True, help="Update records but leave README.md as it is.")
@click.option(
    "--summary",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write what changed as markdown (a pull request's body) to this file; empty when nothing changed.",
)
@verbose_option
@click.pass_obj
def refresh(
    root: ListRoot,
    keys: tuple[str, ...],
    overwrite: tuple[str, ...],
    dry_run: bool,
    no_render: bool,
    summary: Path | None,
) -> None:
    """Update records with current metadata from Semantic Scholar.

    KEY is a record's file name without .yaml (papers/2408.03314.yaml is
    2408.03314); with no KEY every record is refreshed. Records are fetched
    500 to a request; abstracts it withholds come from arXiv, 100 to a
    request. A field a curator changed by hand is kept (see
    'fetched' in docs/paperlist.md); url, code, topics, note and added are never
    touched, and a value the service no longer gives is never removed.

    Example: paperlist refresh 2408.03314 --overwrite venue
    """
    store = root.store
    papers = store.load()
    root.templates()  # a broken template fails here, before any request
    wanted = [_key_of(k) for k in keys] or sorted(papers)
    unknown = [k for k in wanted if k not in papers]
    if unknown:
        raise click.ClickException(f"no record '{unknown[0]}' in papers/ (a KEY is a file name without .yaml)")
    results = fetch.refresh(papers, wanted, root.semantic_scholar(), frozenset(overwrite), today=_today())
    try:
        results = fetch.fill_abstracts(results, root.arxiv())
    except PaperlistError as exc:
        click.echo(f"Warning: {exc}; abstracts missing from Semantic Scholar stay missing", err=True)
    for result in results:
        if result.notes:
            problem = result.status in ("not found", "no identifier")
            click.echo(f"{_shown(root, store.path(result.key))}: {'; '.join(result.notes)}", err=problem)
    changed = {r.key: r.paper for r in results if r.paper != papers[r.key]}
    if changed and not dry_run:
        with root.locked():
            current = store.load()
            for key in [k for k in changed if current.get(k) != papers[k]]:
                click.echo(
                    f"{_shown(root, store.path(key))}: changed on disk while refreshing; left as it is", err=True
                )
                del changed[key]
            plan, stale = store.plan(changed), []
            if not no_render:
                files, stale, _ = root.outputs({**current, **changed})
                plan.update(files)
            root.commit(plan, remove=stale)
    if summary is not None:
        from paperlist.github import refresh_summary

        notes = [
            (_shown(root, store.path(r.key)), r.paper.title, [n for n in r.notes if not n.startswith("kept ")])
            for r in results
            if r.key in changed
        ]
        write_plan({summary: refresh_summary(notes)}, Path(summary.anchor or "/"), shown=str)
    tally = {
        status: sum(r.status == status for r in results)
        for status in ("changed", "unchanged", "not found", "no identifier")
    }
    summary = ", ".join(f"{n} {status}" for status, n in tally.items() if n or status in ("changed", "unchanged"))
    verb = "Would refresh" if dry_run else "Refreshed"
    click.echo(f"{verb} {len(results)} record{'s' if len(results) != 1 else ''}: {summary}.")
