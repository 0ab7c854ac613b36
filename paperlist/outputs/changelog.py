"""CHANGELOG.md of a list: the papers it holds, by the day each was added, newest first."""

from __future__ import annotations

from paperlist.config import Config
from paperlist.outputs.readme import MARKER
from paperlist.paper import Paper
from paperlist.render import entry_data

CHANGELOG_PATH = "CHANGELOG.md"


def render_changelog(papers: dict[str, Paper], order: list[str], config: Config) -> str:
    """The changelog text: one section per ``added`` day, each paper one line, in list order within a day.

    A pure function of the records, so it grows by the papers a render adds, and the same
    records always give the same bytes. Papers without ``added`` have no day to be listed under.
    """
    days: dict[str, list[str]] = {}
    for key in order:
        paper = papers[key]
        if paper.added:
            entry = entry_data(paper, key)
            link = f"[{entry['title']}]({entry['url']})" if entry["url"] else entry["title"]
            days.setdefault(paper.added, []).append(f"- {link}")
    lines = [MARKER, f"# Changelog of {config.title}", "", "The papers added to the list, newest first.", ""]
    if not days:
        lines += ["No paper has an `added` date yet.", ""]
    for day in sorted(days, reverse=True):
        count = len(days[day])
        lines += [f"## {day}", "", f"{count} paper{'s' if count != 1 else ''} added.", "", *days[day], ""]
    return "\n".join(lines).rstrip("\n") + "\n"
