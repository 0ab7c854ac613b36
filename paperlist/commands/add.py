"""paperlist add: one paper, a file of queries, or an add-a-paper issue."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from paperlist import fetch
from paperlist.adding import Adder, Curation, Outcome
from paperlist.cli import ListRoot, _read_text, _shown, _today, cli, verbose_option
from paperlist.errors import AmbiguousMatchError, PaperlistError
from paperlist.paper import Paper
from paperlist.query import Query
from paperlist.render import Templates, render_entry
from paperlist.store import Store, dump_record
from paperlist.writer import write_plan


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
