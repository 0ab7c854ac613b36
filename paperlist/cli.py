"""The paperlist command line: parse arguments, call the library, turn its errors into one line."""

from __future__ import annotations

import difflib
import sys
from dataclasses import dataclass
from pathlib import Path

import click

from paperlist import __version__
from paperlist.errors import PaperlistError, RecordError, StoreError
from paperlist.importer import parse_list
from paperlist.render import Templates, render_readme
from paperlist.store import Store, build_index, ordered, write_atomic

README = "README.md"
DIFF_LINES = 40


@dataclass
class ListRoot:
    """The list being worked on: its folder, records and templates."""

    path: Path
    verbose: bool = False

    @property
    def store(self) -> Store:
        return Store(self.path)

    @property
    def readme(self) -> Path:
        return self.path / README

    def templates(self) -> Templates:
        return Templates.from_directory(self.path / "templates")

    def rendered(self, store: Store | None = None) -> str:
        papers = (store or self.store).load()
        return render_readme([paper for _, paper in ordered(papers)], self.templates())


class PaperlistGroup(click.Group):
    """A group whose commands report library errors as one line and exit 1."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except PaperlistError as exc:
            raise click.ClickException(str(exc)) from None


@click.group(cls=PaperlistGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="paperlist")
@click.option(
    "-C",
    "--directory",
    type=click.Path(file_okay=False, path_type=Path),
    default=".",
    show_default=True,
    help="The list's root folder (holding papers/, templates/ and README.md).",
)
@click.option("-v", "--verbose", is_flag=True, help="Show each request made to a remote service.")
@click.pass_context
def cli(ctx: click.Context, directory: Path, verbose: bool) -> None:
    """Keep an awesome paper list as one YAML record per paper and render its README.

    Records live in papers/<key>.yaml; README.md is generated from them with the
    templates in templates/.
    """
    ctx.obj = ListRoot(directory, verbose)


@cli.command()
@click.option("--check", is_flag=True, help="Write nothing; exit 1 with a short diff if the README is stale.")
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write here instead of README.md ('-' for standard output).",
)
@click.pass_obj
def render(root: ListRoot, check: bool, output: Path | None) -> None:
    """Regenerate README.md from papers/ and templates/.

    Needs no network. A README whose content would not change is not rewritten.

    Example: paperlist render --check
    """
    text = root.rendered()
    target = root.readme if output is None else output
    if str(target) == "-" and not check:
        click.echo(text, nl=False)
        return
    shown = _shown(root, target)
    if check:
        current = _read_text(target)
        if current == text:
            click.echo(f"{shown} is up to date.")
            return
        _print_diff(current or "", text, shown)
        raise click.ClickException(f"{shown} is out of date: run 'paperlist render' and commit the result")
    if write_atomic(target, text):
        click.echo(f"Wrote {shown} ({_count(text)}).")
    else:
        click.echo(f"{shown} is up to date ({_count(text)}).")


@cli.command()
@click.pass_obj
def validate(root: ListRoot) -> None:
    """Check every record in papers/ and report every problem.

    Each problem is printed as FILE:LINE: MESSAGE; a misspelt field names the
    closest known one. Exits 1 if there is any problem.
    """
    papers, problems = root.store.check()
    for problem in problems:
        click.echo(str(problem))
    if problems:
        files = len({p.path for p in problems})
        raise click.ClickException(
            f"{len(problems)} problem{'s' if len(problems) != 1 else ''} in {files} file{'s' if files != 1 else ''}"
        )
    click.echo(f"{len(papers)} record{'s' if len(papers) != 1 else ''} OK.")


@cli.command("import")
@click.argument("markdown_file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Report what would be imported; write nothing.")
@click.pass_obj
def import_(root: ListRoot, markdown_file: Path, dry_run: bool) -> None:
    """Write one record per entry of a list in the README's entry format.

    Entries that cannot be read whole (a merge-conflict marker, a <details> block
    that never closes, no date) are reported with their line and skipped; the
    rest are imported. Existing records are never overwritten. Exits 1 if any
    entry was skipped.

    Example: paperlist import old-README.md && paperlist render
    """
    text = _read_text(markdown_file)
    if text is None:
        raise click.ClickException(f"{markdown_file} does not exist")
    parsed = parse_list(text)
    store = root.store
    papers = store.load()
    index = build_index(papers)
    imported = present = 0
    for entry in parsed.entries:
        existing = index.find(entry.paper)
        if existing is not None:
            present += 1
            where = _shown(root, store.path(existing)) if existing in papers else "an earlier entry"
            click.echo(f"line {entry.line}: already present as {where}: {entry.paper.title}")
            continue
        key = store.new_key(entry.paper, papers)
        papers[key] = entry.paper
        index.add(key, entry.paper)
        imported += 1
        verb = "would write" if dry_run else "wrote"
        if not dry_run:
            store.write(key, entry.paper)
        click.echo(f"line {entry.line}: {verb} {_shown(root, store.path(key))}")
    for warning in parsed.warnings:
        click.echo(warning, err=True)
    for skipped in parsed.skipped:
        click.echo(str(skipped), err=True)
    summary = (
        f"{'Would import' if dry_run else 'Imported'} {imported}, already present {present}, "
        f"skipped {len(parsed.skipped)}."
    )
    if not parsed.entries and not parsed.skipped:
        raise click.ClickException(f"{markdown_file} has no entries in the paper-list format ('🔹 [Title](link)')")
    if parsed.skipped:
        raise click.ClickException(summary + " Fix the skipped entries and import again; nothing is overwritten.")
    click.echo(summary)
    if imported and not dry_run:
        click.echo("Run 'paperlist render' to update README.md.")


def _shown(root: ListRoot, path: Path) -> str:
    try:
        return str(path.relative_to(root.path))
    except ValueError:
        return str(path)


def _read_text(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as exc:
        raise StoreError(f"cannot read {path}: {getattr(exc, 'strerror', None) or exc}") from None


def _count(text: str) -> str:
    n = text.count("\n🔹 ") + text.startswith("🔹 ")
    return f"{n} paper{'s' if n != 1 else ''}"


def _print_diff(current: str, wanted: str, shown: str) -> None:
    diff = list(
        difflib.unified_diff(
            current.splitlines(), wanted.splitlines(), f"{shown} (committed)", f"{shown} (rendered)", lineterm="", n=1
        )
    )
    for line in diff[:DIFF_LINES]:
        click.echo(line)
    if len(diff) > DIFF_LINES:
        click.echo(f"... {len(diff) - DIFF_LINES} more diff lines")


def main() -> None:
    cli(prog_name="paperlist")


if __name__ == "__main__":  # pragma: no cover
    main()
