"""The paperlist command line: parse arguments, call the library, turn its errors into one line."""

from __future__ import annotations

import difflib
import sys
from dataclasses import dataclass
from pathlib import Path

import click

from paperlist import __version__, fetch
from paperlist.adding import Adder, Curation, Outcome
from paperlist.errors import AmbiguousMatchError, PaperlistError
from paperlist.importer import parse_list
from paperlist.paper import FETCHED_FIELDS, Paper
from paperlist.query import Query
from paperlist.config import CONFIG_FILE, Config, load_config, parse_config
from paperlist.outputs import MARKER, Plan, build_plan
from paperlist.render import Templates, render_entry
from paperlist.scaffold import new_list_files
from paperlist.store import Store, build_index, dump_record
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
    files = new_list_files(title or target.resolve().name, with_templates=with_templates)
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
    store.load()  # a broken list fails before anything is decided
    lines: list[str] = []
    imported = present = 0
    with root.locked():
        papers = store.load()
        index = build_index(papers)
        new: dict[str, Paper] = {}
        for entry in parsed.entries:
            existing = index.find(entry.paper)
            if existing is not None:
                present += 1
                where = _shown(root, store.path(existing)) if existing in papers else "an earlier entry"
                lines.append(f"line {entry.line}: already present as {where}: {entry.paper.title}")
                continue
            key = store.new_key(entry.paper, papers)
            papers[key] = new[key] = entry.paper
            index.add(key, entry.paper)
            imported += 1
            lines.append(f"line {entry.line}: {'would write' if dry_run else 'wrote'} {_shown(root, store.path(key))}")
        if new and not dry_run:
            root.commit(store.plan(new))
    for line in lines:
        click.echo(line)
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


@cli.command()
@click.argument("query", nargs=-1)
@click.option("--topic", "topics", multiple=True, metavar="T", help="Add a topic to the record (repeatable).")
@click.option("--code", metavar="URL", help="The paper's official code repository.")
@click.option("--note", metavar="TEXT", help="A curator's note kept in the record, e.g. 'Accepted to ICLR 2026'.")
@click.option(
    "--yes", "-y", is_flag=True, help="When the match is uncertain, take the best candidate instead of asking."
)
@click.option("--dry-run", is_flag=True, help="Print the record and its README entry; write nothing.")
@click.option("--no-render", is_flag=True, help="Write the record but leave README.md as it is.")
@click.option(
    "--from-file",
    type=click.Path(dir_okay=False, allow_dash=True, path_type=Path),
    help="Read one query per line ('-' for standard input); blank lines and # comments are skipped.",
)
@verbose_option
@click.pass_obj
def add(
    root: ListRoot,
    query: tuple[str, ...],
    topics: tuple[str, ...],
    code: str | None,
    note: str | None,
    yes: bool,
    dry_run: bool,
    no_render: bool,
    from_file: Path | None,
) -> None:
    """Add a paper by title, keywords, arXiv id or URL, DOI, Semantic Scholar id or URL, or link.

    The words of QUERY are joined with spaces, so quotes are optional. A title
    is matched on Semantic Scholar; when the match is uncertain the candidates
    are shown: at a terminal you pick one, elsewhere nothing is added and the
    command exits 1 unless --yes takes the best. A paper already listed (same
    arXiv id, DOI, Semantic Scholar id or title) is not added again.

    \b
    Examples:
      paperlist add "Scaling LLM Test-Time Compute Optimally"
      paperlist add https://arxiv.org/abs/2408.03314v2 --code https://github.com/owner/repo
      paperlist add 10.18653/v1/2023.acl-long.1 --topic survey
      paperlist add --from-file queries.txt
    """
    if bool(query) == bool(from_file):
        raise click.UsageError("give either a QUERY or --from-file FILE")
    if query and not " ".join(query).strip():
        raise click.UsageError("QUERY is empty: give a title, keywords, an identifier or a link")
    store = root.store
    papers = store.load()
    templates = root.templates()
    interactive = from_file is None and not yes and _interactive()
    adder = Adder(
        store,
        papers,
        root.semantic_scholar(),
        root.arxiv,
        today=_today(),
        curation=Curation(tuple(topics), code, note),
        take_best=yes,
        choose=_choose if interactive else None,
        warn=lambda message: click.echo(f"Warning: {message}", err=True),
    )
    if from_file is None:
        _add_one(root, adder, templates, " ".join(query), dry_run=dry_run, render=not no_render)
    else:
        _add_many(root, adder, _read_queries(from_file), dry_run=dry_run, render=not no_render)


def _add_one(root: ListRoot, adder: Adder, templates: Templates, text: str, *, dry_run: bool, render: bool) -> None:
    """Add one query: write its record and the README (the record is removed again if that fails)."""
    try:
        outcome = adder.add(text)
    except AmbiguousMatchError as exc:
        click.echo("Candidates:", err=True)
        for i, candidate in enumerate(exc.candidates, 1):
            click.echo(f"  {i}. {fetch.describe(candidate)}", err=True)
        raise
    shown = _shown(root, root.store.path(outcome.key))
    if outcome.kind == "already listed":
        click.echo(f"Already listed: {shown} ({outcome.paper.title})")
        return
    if dry_run:
        click.echo(f"# {shown} (dry run: nothing written)")
        click.echo(dump_record(outcome.paper))
        config = root.config()
        click.echo(
            render_entry(outcome.paper, templates, show_tldr=config.show_tldr, show_code=config.show_code), nl=False
        )
        return
    with root.locked():
        # The list as it is now: another command may have changed it while this one looked the paper up.
        store = root.store
        papers = store.load()
        key, is_new = store.claim(outcome.paper, papers)
        shown = _shown(root, store.path(key))
        if not is_new:
            click.echo(f"Already listed: {shown} ({papers.get(key, outcome.paper).title})")
            return
        papers[key] = outcome.paper
        plan, stale = store.plan({key: outcome.paper}), []
        if render:
            files, stale, _ = root.outputs(papers)
            plan.update(files)
        root.commit(plan, remove=stale)
    click.echo(f"Added {shown}: {outcome.paper.title}")


def _add_many(root: ListRoot, adder: Adder, queries: list[str], *, dry_run: bool, render: bool) -> None:
    """Add every query, keeping each record that worked; summarise; exit 1 if any was not added."""
    outcomes: list[Outcome] = []
    stopped: str | None = None
    store = root.store
    with click.progressbar(length=len(queries), label="Adding papers", file=sys.stderr, show_pos=True) as bar:
        each = adder.add_each(queries)
        try:
            for outcome in each:
                if outcome.kind == "added" and not dry_run:
                    try:
                        outcome = _keep(root, store, adder, outcome)
                    except PaperlistError as exc:
                        stopped = str(exc)
                        break
                outcomes.append(outcome)
                bar.update(1)
        except KeyboardInterrupt:  # keep and render what was added so far
            stopped = "interrupted"
    added = sum(o.kind == "added" for o in outcomes)
    if stopped is not None:
        outcomes += [Outcome("failed", q, message="not tried: " + stopped) for q in queries[len(outcomes) :]]
    for outcome in outcomes:
        shown = _shown(root, store.path(outcome.key)) if outcome.key else ""
        if outcome.kind == "added":
            click.echo(f"{'Would add' if dry_run else 'Added'} {shown}: {outcome.paper.title}")
        elif outcome.kind == "already listed":
            click.echo(f"Already listed: {shown} ({outcome.query})")
        else:
            click.echo(f"{outcome.query}: {outcome.message}", err=True)
    if stopped is not None and stopped != "interrupted":
        raise click.ClickException(
            f"stopped: {stopped}; kept the {added} paper{'s' if added != 1 else ''} added before it, "
            "but README.md is not updated: fix the cause, then run 'paperlist render'"
        )
    if added and render and not dry_run:
        try:
            with root.locked():
                files, stale, _ = root.outputs()
                root.commit(files, remove=stale)
        except PaperlistError as exc:
            raise click.ClickException(
                f"{exc}; the {added} paper{'s' if added != 1 else ''} added {'are' if added != 1 else 'is'} kept "
                "in papers/: fix the cause, then run 'paperlist render'"
            ) from None
    counts = {
        kind: sum(o.kind == kind for o in outcomes) for kind in ("added", "already listed", "not found", "failed")
    }
    summary = ", ".join(f"{n} {kind}" for kind, n in counts.items())
    if counts["not found"] or counts["failed"]:
        raise click.ClickException(f"{summary}; every paper added is kept")
    click.echo(summary[0].upper() + summary[1:] + ".")


def _keep(root: ListRoot, store: Store, adder: Adder, outcome: Outcome) -> Outcome:
    """Write one paper of a batch at once, so that an interruption keeps it; its outcome as written."""
    with root.locked():
        key, is_new = store.claim(outcome.paper, {})
        if not is_new:
            return Outcome("already listed", outcome.query, key, outcome.paper)
        if key != outcome.key:  # another command took the key meanwhile
            adder.papers[key] = adder.papers.pop(outcome.key)
            outcome = Outcome("added", outcome.query, key, outcome.paper)
        root.commit(store.plan({key: outcome.paper}))
    return outcome


def _choose(query: Query, match: fetch.Match):
    """Ask at the terminal which candidate to add; None for none."""
    click.echo(f"No confident match for '{query.text}'. Candidates:", err=True)
    for i, candidate in enumerate(match.candidates, 1):
        click.echo(f"  {i}. {fetch.describe(candidate)}", err=True)
    choice = click.prompt(
        "Add which one (0 to add none)", type=click.IntRange(0, len(match.candidates)), default=1, err=True
    )
    return match.candidates[choice - 1] if choice else None


def _read_queries(path: Path) -> list[str]:
    if str(path) == "-":
        text = click.get_text_stream("stdin").read()
    else:
        text = _read_text(path)
        if text is None:
            raise click.BadParameter(f"{path} does not exist", param_hint="--from-file")
    queries = [line.strip() for line in text.splitlines()]
    return [q for q in queries if q and not q.startswith("#")]


def _interactive() -> bool:
    return sys.stdin.isatty() and sys.stdout.isatty()


def _today() -> str:
    import datetime

    return datetime.date.today().isoformat()


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
@verbose_option
@click.pass_obj
def refresh(root: ListRoot, keys: tuple[str, ...], overwrite: tuple[str, ...], dry_run: bool, no_render: bool) -> None:
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
    results = fetch.refresh(papers, wanted, root.semantic_scholar(), frozenset(overwrite))
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
    tally = {
        status: sum(r.status == status for r in results)
        for status in ("changed", "unchanged", "not found", "no identifier")
    }
    summary = ", ".join(f"{n} {status}" for status, n in tally.items() if n or status in ("changed", "unchanged"))
    verb = "Would refresh" if dry_run else "Refreshed"
    click.echo(f"{verb} {len(results)} record{'s' if len(results) != 1 else ''}: {summary}.")


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


def main() -> None:
    cli(prog_name="paperlist")


if __name__ == "__main__":  # pragma: no cover
    main()
