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
from paperlist.paper import FETCHED_FIELDS, Paper
from paperlist.query import Query
from paperlist.config import CONFIG_FILE, Config, load_config, parse_config
from paperlist.outputs import MARKER, Plan, build_plan
from paperlist.render import Templates, render_entry
from paperlist.scaffold import new_list_files
from paperlist.store import Store, dump_record
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
@click.option(
    "--from-issue",
    type=click.Path(dir_okay=False, allow_dash=True, path_type=Path),
    help="Read the paper, topics, code link and note from an add-a-paper issue's body ('-' for standard input).",
)
@click.option(
    "--reply",
    type=click.Path(dir_okay=False, path_type=Path),
    help="With --from-issue: write the comment to post on the issue (markdown) to this file, whatever happens.",
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
    from_issue: Path | None,
    reply: Path | None,
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
      paperlist add --from-issue issue-body.md --reply comment.md
    """
    if sum(map(bool, (query, from_file, from_issue))) != 1:
        raise click.UsageError("give one of: a QUERY, --from-file FILE or --from-issue FILE")
    if reply is not None and from_issue is None:
        raise click.UsageError("--reply goes with --from-issue")
    if query and not " ".join(query).strip():
        raise click.UsageError("QUERY is empty: give a title, keywords, an identifier or a link")
    store = root.store
    papers = store.load()
    templates = root.templates()
    interactive = not from_file and not from_issue and not yes and _interactive()
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
    if from_issue is not None:
        _add_from_issue(root, adder, from_issue, reply, dry_run=dry_run, render=not no_render)
    elif from_file is None:
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
        click.echo(render_entry(outcome.paper, templates, **config.entry_switches()), nl=False)
        return
    shown, is_new, paper = _keep_one(root, outcome.paper, render=render)
    if is_new:
        click.echo(f"Added {shown}: {paper.title}")
    else:
        click.echo(f"Already listed: {shown} ({paper.title})")


def _keep_one(root: ListRoot, paper: Paper, *, render: bool) -> tuple[str, bool, Paper]:
    """Write one new paper (and the generated files) under the lock: (its file, True, it); or,
    when another command listed it meanwhile, (that file, False, the listed paper)."""
    with root.locked():
        # The list as it is now: another command may have changed it while this one looked the paper up.
        store = root.store
        papers = store.load()
        key, is_new = store.claim(paper, papers)
        shown = _shown(root, store.path(key))
        if not is_new:
            return shown, False, papers.get(key, paper)
        papers[key] = paper
        plan, stale = store.plan({key: paper}), []
        if render:
            files, stale, _ = root.outputs(papers)
            plan.update(files)
        root.commit(plan, remove=stale)
    return shown, True, paper


def _add_from_issue(
    root: ListRoot, adder: Adder, body_file: Path, reply: Path | None, *, dry_run: bool, render: bool
) -> None:
    """Add the paper an add-a-paper issue asks for; write the comment to post on the issue to ``reply``."""
    from paperlist import github

    def answer(text: str) -> None:
        if reply is not None:
            write_plan({reply: text.rstrip("\n") + "\n"}, Path(reply.anchor or "/"), shown=str)

    try:
        body = click.get_text_stream("stdin").read() if str(body_file) == "-" else _read_text(body_file)
        if body is None:
            raise PaperlistError(f"{body_file} does not exist")
        request = github.parse_paper_request(body)
        c = adder.curation
        adder.curation = Curation((*request.topics, *c.topics), request.code or c.code, request.note or c.note)
        outcome = adder.add(request.query)
    except AmbiguousMatchError as exc:
        candidates = [(fetch.describe(c), f"arXiv:{c.arxiv}" if c.arxiv else c.paper_id) for c in exc.candidates]
        answer(github.reply_candidates(request.query, candidates))
        raise
    except PaperlistError as exc:
        answer(github.reply_failed(str(exc)))
        raise
    shown = _shown(root, root.store.path(outcome.key))
    if outcome.kind != "already listed" and not dry_run:
        shown, is_new, paper = _keep_one(root, outcome.paper, render=render)
    else:
        is_new, paper = outcome.kind != "already listed", outcome.paper
    if not is_new:
        answer(github.reply_already_listed(shown, paper.title))
        click.echo(f"Already listed: {shown} ({paper.title})")
        return
    config = root.config()
    entry = render_entry(paper, root.templates(), **config.entry_switches())
    answer(github.reply_added(entry, shown))
    click.echo(f"{'Would add' if dry_run else 'Added'} {shown}: {paper.title}")


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
