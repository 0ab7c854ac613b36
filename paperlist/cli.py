"""The paperlist command line: parse arguments, call the library, turn its errors into one line."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path

import click

from paperlist import __version__
from paperlist.errors import PaperlistError
from paperlist.paper import Paper
from paperlist.config import CONFIG_FILE, Config, load_config, parse_config
from paperlist.outputs import MARKER, Plan, build_plan
from paperlist.render import Templates, render_entry
from paperlist.store import Store
from paperlist.writer import generated_changes, locked, read_regular, read_text, write_plan

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

    def config(self) -> Config:
        return load_config(self.path)

    def plan(self, papers: dict[str, Paper] | None = None) -> Plan:
        """Everything render writes for ``papers`` (the list on disk when None), as text."""
        if papers is None:
            papers = self.store.load()
        return build_plan(papers, self.config(), self.templates())

    def outputs(self, papers: dict[str, Paper] | None = None) -> tuple[dict[Path, str], list[Path], Plan]:
        """The generated files to write and the stale ones to remove, with the plan they come from."""
        plan = self.plan(papers)
        files, stale = generated_changes(
            self.path,
            plan.files,
            marker=MARKER,
            owned_dirs=plan.owned_dirs,
            owned_files=plan.owned_files,
            shown=lambda path: _shown(self, path),
        )
        return files, stale, plan

    def locked(self):
        """Hold the list's lock while a command reads, changes and writes it."""
        return locked(self.path, [self.path, self.store.directory], notice=lambda line: click.echo(line, err=True))

    def commit(self, plan: dict[Path, str], remove: list[Path] | tuple[Path, ...] = ()) -> list[Path]:
        """Write the files of ``plan`` that changed, all or nothing, and remove ``remove``; the paths changed."""
        return write_plan(plan, self.path, shown=lambda path: _shown(self, path), remove=remove)

    def warn(self, warnings: list[str]) -> None:
        for warning in warnings:
            click.echo(f"Warning: {warning}", err=True)

    def warn_strays(self) -> None:
        """Say which files in papers/ are not read as records, so no paper goes missing unnoticed."""
        for problem in self.store.strays():
            click.echo(f"Warning: {problem}", err=True)

    def semantic_scholar(self):
        from paperlist.sources.semantic_scholar import SemanticScholar

        return SemanticScholar(log=self.log)

    def arxiv(self):
        from paperlist.sources.arxiv import ArxivClient

        return ArxivClient(log=self.log)

    def log(self, line: str) -> None:
        if self.verbose:
            click.echo(line, err=True)


def _set_verbose(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    if value and isinstance(ctx.find_object(ListRoot), ListRoot):
        ctx.find_object(ListRoot).verbose = True


verbose_option = click.option(
    "-v",
    "--verbose",
    is_flag=True,
    expose_value=False,
    callback=_set_verbose,
    help="Show each request: method, URL, status and time (never the API key).",
)


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
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    default=".",
    show_default=True,
    help="The list's root folder (holding papers/, templates/ and README.md).",
)
@click.option("-v", "--verbose", is_flag=True, help="Show each request made to a remote service.")
@click.pass_context
def cli(ctx: click.Context, directory: Path, verbose: bool) -> None:
    """Keep an awesome paper list as one YAML record per paper and render its README.

    Records live in papers/<key>.yaml and settings in paperlist.yaml; README.md
    (with its pages and figure, once the list outgrows one README) is generated
    from them with the templates (a list's own templates/ overrides the defaults).
    Start a list with 'paperlist init', bring one in with 'paperlist import'.
    Full documentation: docs/paperlist.md in paperlist's repository.
    """
    ctx.obj = ListRoot(directory, verbose)


@cli.command()
@click.option("--check", is_flag=True, help="Write nothing; exit 1 with a short diff if any generated file is stale.")
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write here instead of README.md ('-' for standard output).",
)
@click.pass_obj
def render(root: ListRoot, check: bool, output: Path | None) -> None:
    """Regenerate README.md, its pages, the figure and the exports from papers/.

    Needs no network. A file whose content would not change is not rewritten;
    pages no longer needed are removed (only pages paperlist wrote). With
    --check, every generated file is compared and nothing is written.

    Example: paperlist render --check
    """
    if output is not None:
        _render_to(root, output, check)
        return
    if check:
        files, stale, plan = root.outputs()
        stale_files = [path for path, data in files.items() if _read_bytes(path) != data]
        if not stale_files and not stale:
            extra = len(files) - 1
            if extra:
                click.echo(f"README.md and {extra} other generated file{'s' if extra != 1 else ''} are up to date.")
            else:
                click.echo("README.md is up to date.")
            return
        for path in stale_files[:1]:
            _print_diff(_read_text(path) or "", _text(files[path]), _shown(root, path))
        for path in stale_files[1:]:
            click.echo(f"{_shown(root, path)} is out of date")
        for path in stale:
            click.echo(f"{_shown(root, path)} is no longer needed")
        names = [_shown(root, p) for p in [*stale_files, *stale]]
        what = (
            names[0]
            if len(names) == 1
            else f"{len(names)} generated files ({', '.join(names[:3])}{', ...' if len(names) > 3 else ''})"
        )
        raise click.ClickException(
            f"{what} {'is' if len(names) == 1 else 'are'} out of date: run 'paperlist render' and commit the result"
        )
    with root.locked():
        files, stale, plan = root.outputs()
        changed = root.commit(files, remove=stale)
    root.warn(plan.warnings)
    root.warn_strays()
    count = f"{plan.count} paper{'s' if plan.count != 1 else ''}"
    if not changed:
        click.echo(f"README.md is up to date ({count}).")
        return
    written = [_shown(root, p) for p in changed if p in files]
    removed = len(changed) - len(written)
    if len(written) > 3:
        written = [*written[:2], f"{len(written) - 2} other files"]
    said = (
        f"Wrote {' and '.join([', '.join(written[:-1]), written[-1]] if len(written) > 1 else written)}"
        if written
        else ""
    )
    if removed:
        gone = f"removed {removed} page{'s' if removed != 1 else ''} no longer needed"
        said = f"{said}; {gone}" if said else gone.capitalize()
    click.echo(f"{said} ({count}).")


def _render_to(root: ListRoot, output: Path, check: bool) -> None:
    """render --output: README.md's text only, to a file of the user's choice or standard output."""
    if str(output) == "-" and not check:
        click.echo(root.plan().readme.decode("utf-8"), nl=False)
        return
    shown = str(output)
    if check:
        text = root.plan().readme.decode("utf-8")
        current = _read_text(output)
        if current == text:
            click.echo(f"{shown} is up to date.")
            return
        _print_diff(current or "", text, shown)
        raise click.ClickException(f"{shown} is out of date: run 'paperlist render' and commit the result")
    with root.locked():
        plan = root.plan()
        # --output is the user's own choice of file: a symlink there may lead anywhere.
        written = write_plan({output: plan.readme}, Path(output.anchor or "/"), shown=str)
    root.warn(plan.warnings)
    count = f"{plan.count} paper{'s' if plan.count != 1 else ''}"
    click.echo(f"{'Wrote' if written else 'Up to date:'} {shown} ({count}).")


@cli.command()
@click.argument("records", nargs=-1, required=True, metavar="RECORD...")
@click.pass_obj
def show(root: ListRoot, records: tuple[str, ...]) -> None:
    """Print the entries of the named records as README.md will show them.

    RECORD is a key (2408.03314) or a record's path (papers/2408.03314.yaml);
    a path to a record that no longer exists is skipped, so the files a pull
    request changed can be passed as they are.

    Example: paperlist show papers/2408.03314.yaml
    """
    papers = root.store.load()
    config = root.config()
    templates = root.templates()
    shown = 0
    for record in records:
        key = _key_of(record)
        if key not in papers:
            if record.endswith((".yaml", ".yml")) and not (root.path / record).exists():
                continue  # removed by the change
            raise click.ClickException(f"no record '{key}' in papers/ (a RECORD is a key or papers/KEY.yaml)")
        entry = render_entry(papers[key], templates, key, **config.entry_switches())
        click.echo(("\n" if shown else "") + entry, nl=False)
        shown += 1


@cli.command()
@click.pass_obj
def validate(root: ListRoot) -> None:
    """Check every record in papers/ and report every problem.

    Each problem is printed as FILE:LINE: MESSAGE; a misspelt field names the
    closest known one. Exits 1 if there is any problem.
    """
    papers, problems = root.store.check()
    problems = problems + root.store.strays()
    config_text = _read_text(root.path / CONFIG_FILE)
    config, config_problems = parse_config(config_text) if config_text is not None else (Config(), [])
    problems = config_problems + problems
    if not problems:
        root.warn(build_plan(papers, config, root.templates()).warnings)
    for problem in problems:
        click.echo(str(problem))
    if problems:
        files = len({p.path for p in problems})
        raise click.ClickException(
            f"{len(problems)} problem{'s' if len(problems) != 1 else ''} in {files} file{'s' if files != 1 else ''}"
        )
    click.echo(f"{len(papers)} record{'s' if len(papers) != 1 else ''} OK.")


def _today() -> str:
    import datetime

    return datetime.date.today().isoformat()


def _key_of(text: str) -> str:
    name = Path(text).name
    for suffix in (".yaml", ".yml"):
        if name.endswith(suffix):
            return name[: -len(suffix)]
    return name


def _shown(root: ListRoot, path: Path) -> str:
    try:
        return str(path.relative_to(root.path))
    except ValueError:
        return str(path)


def _read_text(path: Path) -> str | None:
    """A regular file's text, or None when it does not exist."""
    return read_text(path, str(path))


def _read_bytes(path: Path) -> bytes | None:
    """A regular file's bytes, or None when it does not exist."""
    try:
        return read_regular(path, str(path), limit=None)
    except FileNotFoundError:
        return None


def _text(data: str | bytes) -> str:
    return data.decode("utf-8") if isinstance(data, bytes) else data


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


# Each command group lives in its own module; importing them registers their commands.
from paperlist.commands import add, imports, init, publish, refresh  # noqa: E402,F401


def main() -> None:
    cli(prog_name="paperlist")


if __name__ == "__main__":  # pragma: no cover
    main()
