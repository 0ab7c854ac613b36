"""``paperlist.yaml``: the list's settings, every one with a default, validated like records."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from paperlist.errors import Problem, RecordError
from paperlist.record_yaml import load_mapping
from paperlist.writer import MAX_RECORD_BYTES, read_text

CONFIG_FILE = "paperlist.yaml"
# A pages directory is one plain folder name, or a path of them, inside the list.
_PAGES_DIR = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9._-]*(/[A-Za-z0-9_][A-Za-z0-9._-]*)*$")
_RESERVED_DIRS = {"papers", "templates", ".git", ".github"}


@dataclass(frozen=True)
class Topic:
    """A topic in the configured display order, with an optional one-line description."""

    name: str
    description: str | None = None


@dataclass(frozen=True)
class Config:
    """A list's settings; the defaults are what a list without ``paperlist.yaml`` gets."""

    #: The list's title, the README's first heading.
    title: str = "Paper List"
    #: Markdown shown under the title.
    description: str = ""
    #: Topics in display order; topics records use that are not here follow, alphabetically.
    topics: tuple[Topic, ...] = ()
    #: How many of the papers added last to list under "Recently added" (0: no such section).
    recently_added: int = 10
    #: Where pages go when the list outgrows one README, relative to the list root.
    pages_dir: str = "pages"
    #: The most bytes a generated page may have; GitHub truncates a README past 500 KiB.
    page_budget_kib: int = 450
    #: Show the TL;DR line of an entry.
    show_tldr: bool = True
    #: Show the Official Code line of an entry.
    show_code: bool = True
    #: Draw fig/papers.svg (papers per month, by topic) and show it in README.md.
    figure: bool = True
    #: Show each entry's citation count (kept current by refresh).
    show_citations: bool = False
    #: How many of the most cited papers to list under "Most cited" (0: no such section).
    most_cited: int = 0
    #: Keep CHANGELOG.md: the papers added, by the date they were added.
    changelog: bool = False
    #: Formats render also writes beside README.md (papers.bib, papers.csl.json, papers.csv, papers.json).
    exports: tuple[str, ...] = ()
    #: Where the searchable page is published (GitHub Pages), linked from README.md.
    site_url: str = ""
    #: Lines of the file each key was on, for messages.
    lines: dict[str, int] = field(default_factory=dict, compare=False, repr=False)

    @property
    def page_budget(self) -> int:
        return self.page_budget_kib * 1024

    def entry_switches(self) -> dict[str, bool]:
        """The settings that decide which lines an entry shows, as ``entry_data`` takes them."""
        return {"show_tldr": self.show_tldr, "show_code": self.show_code, "show_citations": self.show_citations}

    def topic_order(self) -> list[str]:
        return [t.name for t in self.topics]

    def description_of(self, topic: str) -> str | None:
        return next((t.description for t in self.topics if t.name == topic), None)


KEYS = tuple(f.name for f in fields(Config) if f.name != "lines")
_BOOLEANS = ("show_tldr", "show_code", "figure", "show_citations", "changelog")
_TEXT = ("title", "description")


def load_config(root: Path) -> Config:
    """The list's settings from ``root/paperlist.yaml``, or the defaults when there is none.

    Raises RecordError listing every problem, each with the file and line.
    """
    path = root / CONFIG_FILE
    text = read_text(path, CONFIG_FILE, limit=MAX_RECORD_BYTES)
    if text is None:
        return Config()
    config, problems = parse_config(text)
    if problems:
        raise RecordError(problems)
    return config


def parse_config(text: str, shown: str = CONFIG_FILE) -> tuple[Config, list[Problem]]:
    """The settings in ``text`` and every problem with them; defaults stand in for bad values."""
    data, lines, problems = load_mapping(text, shown, "a settings file")
    problems = [Problem(p.path, p.message.replace("field '", "setting '"), p.line) for p in problems]
    if data is None:
        return Config(), problems
    if not isinstance(data, dict):
        return Config(), [Problem(shown, "expected a mapping of settings such as 'title: My List'")]

    def bad(name: str, message: str) -> None:
        problems.append(Problem(shown, message, lines.get(name)))

    values: dict[str, Any] = {}
    for name, value in data.items():
        name = str(name)
        if name not in KEYS:
            close = difflib.get_close_matches(name, KEYS, n=1, cutoff=0.6)
            hint = f" (did you mean '{close[0]}'?)" if close else f" (known settings: {', '.join(KEYS)})"
            bad(name, f"unknown setting '{name}'{hint}")
            continue
        if value is None:
            continue
        if name in _TEXT:
            if not isinstance(value, str):
                bad(name, f"{name}: expected text, got {type(value).__name__} (quote it)")
                continue
            values[name] = value.strip()
        elif name in _BOOLEANS:
            if not isinstance(value, bool):
                bad(name, f"{name}: expected true or false, got {value!r}")
                continue
            values[name] = value
        elif name in ("recently_added", "page_budget_kib", "most_cited"):
            low = 16 if name == "page_budget_kib" else 0
            if isinstance(value, bool) or not isinstance(value, int) or value < low:
                bad(name, f"{name}: expected a whole number of at least {low}, got {value!r}")
                continue
            values[name] = value
        elif name == "pages_dir":
            text_value = str(value).strip().strip("/") if isinstance(value, str) else ""
            if not _PAGES_DIR.match(text_value) or ".." in text_value.split("/") or text_value in _RESERVED_DIRS:
                bad(name, f"pages_dir: {value!r} must be a folder inside the list, such as 'pages' (not papers/)")
                continue
            values[name] = text_value
        elif name == "exports":
            choices = ("bibtex", "csl-json", "csv", "json")
            items = [value] if isinstance(value, str) else value
            if not isinstance(items, list) or not all(isinstance(i, str) and i in choices for i in items):
                bad(name, f"exports: expected a list of formats from {', '.join(choices)}, got {value!r}")
                continue
            values[name] = tuple(dict.fromkeys(items))
        elif name == "site_url":
            from paperlist.paper import url_problem

            if not isinstance(value, str) or url_problem(value.strip()):
                bad(name, f"site_url: expected an http(s) URL such as https://owner.github.io/list/, got {value!r}")
                continue
            values[name] = value.strip()
        elif name == "topics":
            topics = _topics(value, lambda message, n=name: bad(n, message))
            if topics is not None:
                values[name] = topics
    return Config(**values, lines=lines), problems


def _topics(value: Any, bad) -> tuple[Topic, ...] | None:
    """Topics written as a list of names, of ``{name: description}``, or of ``{name:, description:}``."""
    if not isinstance(value, list):
        bad("topics: expected a list of topic names, e.g. [reasoning, agents]")
        return None
    topics: list[Topic] = []
    for item in value:
        if isinstance(item, str) and item.strip():
            topic = Topic(item.strip())
        elif isinstance(item, dict) and set(item) <= {"name", "description"} and isinstance(item.get("name"), str):
            description = item.get("description")
            topic = Topic(item["name"].strip(), description.strip() if isinstance(description, str) else None)
        elif isinstance(item, dict) and len(item) == 1:
            ((name, description),) = item.items()
            if not isinstance(name, str) or not (description is None or isinstance(description, str)):
                bad(f"topics: {item!r} is not 'name: one-line description'")
                return None
            topic = Topic(name.strip(), description.strip() if description else None)
        else:
            bad(f"topics: {item!r} is not a topic name, or 'name: one-line description'")
            return None
        if not topic.name:
            bad("topics: a topic name is empty")
            return None
        if topic.description and "\n" in topic.description:
            bad(f"topics: the description of '{topic.name}' must be one line")
            return None
        if any(t.name == topic.name for t in topics):
            bad(f"topics: '{topic.name}' is listed twice")
            return None
        topics.append(topic)
    return tuple(topics)
