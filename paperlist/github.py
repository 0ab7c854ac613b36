"""GitHub's side of a list, as pure text: the add-a-paper issue form read back, the replies to it,
and the summaries workflows show. No I/O and no network; the workflows only wire these up."""

from __future__ import annotations

import re
from dataclasses import dataclass

from paperlist.errors import PaperlistError
from paperlist.render import escape_inline

#: The form's field labels (``.github/ISSUE_TEMPLATE/add-paper.yml``), as the issue body shows them.
PAPER_LABEL = "Paper title or link"
TOPICS_LABEL = "Topics (optional)"
CODE_LABEL = "Official code (optional)"
NOTE_LABEL = "Note (optional)"
NO_RESPONSE = "_No response_"
_HEADING = re.compile(r"^###[ \t]+(?P<label>.+?)[ \t]*$")
#: The most of an issue body that is read: a form's answers are short.
MAX_BODY = 64 * 1024


class IssueFormError(PaperlistError):
    """An issue body that is not the add-a-paper form, or leaves out what it needs."""


@dataclass(frozen=True)
class PaperRequest:
    """What a contributor asked for in the add-a-paper form."""

    query: str
    topics: tuple[str, ...] = ()
    code: str | None = None
    note: str | None = None


def form_fields(body: str) -> dict[str, str]:
    """The answers of an issue form, by label: the text under each ``### Label`` heading."""
    fields: dict[str, list[str]] = {}
    current: str | None = None
    for line in body[:MAX_BODY].replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        heading = _HEADING.match(line)
        if heading:
            current = heading["label"]
            fields.setdefault(current, [])
        elif current is not None:
            fields[current].append(line)
    answers = {}
    for label, lines in fields.items():
        text = "\n".join(lines).strip()
        answers[label] = "" if text == NO_RESPONSE else text
    return answers


def parse_paper_request(body: str) -> PaperRequest:
    """The request in an add-a-paper issue body; IssueFormError when the body is not the form or has no paper."""
    answers = form_fields(body)
    if PAPER_LABEL not in answers:
        raise IssueFormError(
            f"this issue is not the add-a-paper form (it has no '### {PAPER_LABEL}' section): "
            "open a new issue with the 'Add a paper' form"
        )
    query = " ".join(answers[PAPER_LABEL].split())
    if not query:
        raise IssueFormError(f"'{PAPER_LABEL}' is empty: edit the issue and give the paper's title or a link")
    if len(query) > 500:
        raise IssueFormError(f"'{PAPER_LABEL}' is too long for a title or a link: edit the issue and shorten it")
    topics = tuple(
        dict.fromkeys(
            t for t in (" ".join(part.split()) for part in re.split(r"[,\n]", answers.get(TOPICS_LABEL, ""))) if t
        )
    )
    code = " ".join(answers.get(CODE_LABEL, "").split()) or None
    note = answers.get(NOTE_LABEL, "").strip() or None
    return PaperRequest(query, topics, code, note)


# --- replies ----------------------------------------------------------------------------------------


def _quoted(text: str) -> str:
    return escape_inline(" ".join(text.split()))


def reply_added(entry: str, shown: str) -> str:
    """The comment for a paper that a pull request will add: the entry as readers will see it."""
    return (
        f"Thanks! This adds `{shown}`. The entry will appear in the list like this:\n\n---\n\n{entry.rstrip()}\n\n---\n"
    )


def reply_already_listed(shown: str, title: str) -> str:
    return f"This paper is already in the list: `{shown}` ({_quoted(title)}). Nothing to add."


def reply_candidates(query: str, candidates: list[tuple[str, str]]) -> str:
    """The comment when the match is uncertain; ``candidates`` are (description, id to answer with)."""
    lines = [
        f"I could not tell which paper **{_quoted(query)}** is. The closest ones Semantic Scholar knows:",
        "",
    ]
    lines += [f"{i}. {_quoted(description)}: `{ident}`" for i, (description, ident) in enumerate(candidates, 1)]
    lines += [
        "",
        f"Edit this issue and put the right id (for example `{candidates[0][1]}`) or a link to the paper under "
        f"**{PAPER_LABEL}**; I will look again.",
    ]
    return "\n".join(lines)


def reply_failed(message: str) -> str:
    """The comment for a request that could not be done, with the one line that says why."""
    return f"I could not add this paper: {_quoted(message)}\n\nEdit the issue to try again."


# --- refresh summaries --------------------------------------------------------------------------------


def refresh_summary(changes: list[tuple[str, str, list[str]]]) -> str:
    """A pull request body for a refresh: (file, title, what changed) for each changed record,
    grouped the way a curator reads them."""
    groups = {
        "Preprints that gained a venue": [],
        "New arXiv ids": [],
        "Abstracts that appeared": [],
        "Citation counts": [],
        "Other changes": [],
    }
    for shown, title, notes in changes:
        for note in notes:
            if note.startswith("venue ") and ("'arXiv.org' ->" in note or note == "venue added"):
                group = "Preprints that gained a venue"
            elif note.startswith("arxiv "):
                group = "New arXiv ids"
            elif note.startswith("abstract added"):
                group = "Abstracts that appeared"
            elif note.startswith("citations"):
                group = "Citation counts"
            else:
                group = "Other changes"
            groups[group].append(f"- `{shown}` {_quoted(title)}: {_quoted(note)}")
    if not any(groups.values()):
        return ""
    lines = [f"`paperlist refresh` found new metadata for {len(changes)} paper{'s' if len(changes) != 1 else ''}.", ""]
    for heading, items in groups.items():
        if items:
            lines += [f"### {heading}", "", *items, ""]
    return "\n".join(lines).rstrip() + "\n"
