"""CITATION.cff (Citation File Format 1.2.0) for the list itself, cited as a dataset. Pure: text out.

The list has no named authors in its settings, so the author is one entity, "<title> contributors",
rather than an invented person. ``abstract`` is the list's description with its markdown reduced
to plain text; ``keywords`` are the configured topics. The file is written by PyYAML's safe dumper
(text with line or control characters double-quoted), so any title reads back as the same text.
"""

from __future__ import annotations

import datetime as _dt
import re

import yaml

from paperlist.config import Config

__all__ = ["citation_cff", "markdown_to_text"]

MESSAGE = "If you use this paper list, please cite it using the metadata from this file."
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# The URL form CFF 1.2.0 accepts for repository-code.
_URL = re.compile(r"^(?:https|http|ftp|sftp)://\S+$")

# Inline markdown, in the order it is undone: images and links keep their text.
_INLINE = (
    (re.compile(r"<!--.*?-->", re.DOTALL), ""),
    (re.compile(r"<((?:https?|ftp)://[^>\s]+)>"), r"\1"),
    (re.compile(r"</?[A-Za-z][^>]*>"), ""),
    (re.compile(r"!\[([^\]]*)\]\([^)]*\)"), r"\1"),
    (re.compile(r"\[([^\]]*)\]\([^)]*\)"), r"\1"),
    (re.compile(r"\[([^\]]*)\]\[[^\]]*\]"), r"\1"),
    (re.compile(r"`([^`]*)`"), r"\1"),
    (re.compile(r"(\*\*|__)(.+?)\1"), r"\2"),
    (re.compile(r"\*(\S(?:.*?\S)?)\*"), r"\1"),
    (re.compile(r"(?<!\w)_(\S(?:.*?\S)?)_(?!\w)"), r"\1"),
    (re.compile(r"~~(.+?)~~"), r"\1"),
    (re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>~<])"), r"\1"),
)
# Line markup: headings, quotes, list markers; reference link definitions and rules are dropped.
_LINE_START = re.compile(r"^\s{0,3}(?:#{1,6}\s+|>\s?|[-*+]\s+|\d+[.)]\s+)+")
_DROPPED_LINE = re.compile(r"^\s{0,3}(?:\[[^\]]+\]:\s*\S+.*|(?:[-*_]\s*){3,})$")


def markdown_to_text(markdown: str) -> str:
    """Plain text of a short markdown description: markup removed, each paragraph on one line."""
    paragraphs = []
    for block in re.split(r"\n\s*\n", markdown.replace("\r\n", "\n")):
        lines = [_LINE_START.sub("", line) for line in block.split("\n") if not _DROPPED_LINE.match(line)]
        text = " ".join(lines)
        for pattern, replacement in _INLINE:
            text = pattern.sub(replacement, text)
        text = " ".join(text.split())
        if text:
            paragraphs.append(text)
    return "\n\n".join(paragraphs)


class _Dumper(yaml.SafeDumper):
    """SafeDumper that double-quotes text holding a character plain or single-quoted YAML would change.

    PyYAML writes NEL (U+0085) and other line or control characters into single-quoted scalars,
    where they read back as a space; in double quotes they are escaped and read back as written.
    """


_NEEDS_ESCAPES = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff]")


def _represent_text(dumper: yaml.SafeDumper, text: str) -> yaml.ScalarNode:
    style = '"' if _NEEDS_ESCAPES.search(text) else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style=style)


_Dumper.add_representer(str, _represent_text)


def citation_cff(config: Config, *, repository_url: str | None = None, today: str) -> str:
    """The CITATION.cff text for the list ``config`` describes, released ``today`` (YYYY-MM-DD).

    ``repository_url`` (the list's repository) becomes ``repository-code``. ValueError when
    ``today`` is not a date or ``repository_url`` not a URL CFF accepts.
    """
    if not _DATE.match(today):
        raise ValueError(f"today: {today!r} is not a date such as 2025-01-31")
    _dt.date.fromisoformat(today)  # raises ValueError for a day that does not exist
    title = config.title.strip() or Config().title
    data: dict[str, object] = {
        "cff-version": "1.2.0",
        "message": MESSAGE,
        "type": "dataset",
        "title": title,
    }
    abstract = markdown_to_text(config.description)
    if abstract:
        data["abstract"] = abstract
    data["authors"] = [{"name": f"{title} contributors"}]
    data["date-released"] = today
    if repository_url is not None:
        if not _URL.match(repository_url):
            raise ValueError(f"repository_url: {repository_url!r} is not an http(s) URL")
        data["repository-code"] = repository_url
    keywords = list(dict.fromkeys(topic.name for topic in config.topics if topic.name.strip()))
    if keywords:
        data["keywords"] = keywords
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=2**31 - 1)
