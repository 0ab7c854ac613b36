"""The errors paperlist raises; the CLI prints each as one line and exits 1."""

from __future__ import annotations

from dataclasses import dataclass


class PaperlistError(Exception):
    """An expected failure: its message is one actionable line for the user."""


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one record file, located as precisely as known."""

    path: str
    message: str
    line: int | None = None

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.message}"


class RecordError(PaperlistError):
    """One or more records are invalid; ``problems`` lists every one."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        first = str(self.problems[0]) if self.problems else "invalid record"
        more = len(self.problems) - 1
        suffix = f" (and {more} more problem{'s' if more > 1 else ''}; run 'paperlist validate')" if more else ""
        super().__init__(first + suffix)


class TemplateError(PaperlistError):
    """A template is missing, unreadable or fails to render."""


class StoreError(PaperlistError):
    """The papers/ folder or README could not be read or written."""


class MarkdownError(PaperlistError):
    """A markdown list could not be read at all."""


class ServiceError(PaperlistError):
    """A remote service failed: no network, timeout, an error status or a bad body."""


class NotFoundError(ServiceError):
    """The service knows no paper for the query."""


class RateLimitError(ServiceError):
    """The service kept answering 429 after every retry."""


class AmbiguousMatchError(PaperlistError):
    """A query matched several papers and nothing may choose between them."""

    def __init__(self, message: str, candidates: list):
        self.candidates = list(candidates)
        super().__init__(message)
