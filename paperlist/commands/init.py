"""paperlist init: start a new list."""

from __future__ import annotations

from pathlib import Path

import click

from paperlist.cli import ListRoot, _today, cli
from paperlist.config import CONFIG_FILE
from paperlist.scaffold import new_list_files
from paperlist.writer import locked, write_plan


@cli.command()
@click.argument("directory", required=False, type=click.Path(path_type=Path))
@click.option("--title", help="The list's title (default: the folder's name).")
@click.option("--templates", "with_templates", is_flag=True, help="Also copy the default templates, to edit.")
@click.pass_obj
def init(root: ListRoot, directory: Path | None, title: str | None, with_templates: bool) -> None:
    """Start a new list in DIRECTORY (default: here), offline.

    Writes paperlist.yaml, an empty papers/ folder, README.md and the GitHub
    workflow that checks and regenerates README.md; with --templates, also the
    default templates under templates/. DIRECTORY must be new or empty (a .git
    folder is fine). init never overwrites a file: run again on a list, it only
    adds what is missing.

    Example: paperlist init awesome-agents --title "Awesome Agents"
    """
    target = root.path / directory if directory is not None else root.path
    if target.exists() and not target.is_dir():
        raise click.ClickException(f"{target} is a file: give init a new or empty folder")
    present = sorted(p.name for p in target.iterdir() if p.name != ".git") if target.is_dir() else []
    is_list = (target / CONFIG_FILE).exists() or (target / "papers").is_dir()
    if present and not is_list:
        shown = ", ".join(present[:4]) + (", ..." if len(present) > 4 else "")
        raise click.ClickException(
            f"{target} is not empty ({shown}): init starts a list in a new or empty folder; "
            "to bring an existing list in, init a new folder and run 'paperlist import' there"
        )
    files = new_list_files(title or target.resolve().name, with_templates=with_templates, today=_today())
    missing = {target / rel: text for rel, text in files.items() if not (target / rel).exists()}
    kept = [rel for rel in files if (target / rel).exists()]
    if not missing:
        click.echo(f"Nothing to do: {target} already has every file init writes; none was changed.")
        return
    target.mkdir(parents=True, exist_ok=True)
    with locked(target, [target], notice=lambda line: click.echo(line, err=True)):
        write_plan(missing, target, shown=lambda path: str(path.relative_to(target)))
    for path in missing:
        click.echo(f"Created {path.relative_to(target)}")
    for rel in kept:
        click.echo(f"Kept {rel} (it exists; init never overwrites a file)")
    where = "" if target == Path(".") else f"cd {target} && "
    click.echo(f'A new list is ready. Next: {where}paperlist add "Title or link"')
