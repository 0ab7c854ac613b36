"""Template machinery: record text escaped for markdown, a list's templates over the packaged ones,
rendered in Jinja's sandbox with every error as one line. No I/O but reading templates."""

from __future__ import annotations

import functools
import re
from contextlib import contextmanager
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import urlsplit

import jinja2
from jinja2.exceptions import SecurityError
from jinja2.sandbox import SandboxedEnvironment

from paperlist.errors import TemplateError
from paperlist.paper import Paper, date_parts

NO_ABSTRACT = "No abstract available."

# '&' only needs escaping where it would start a character reference, '<' where it would start a tag,
# comment or autolink; anything else shows as typed, so ordinary text stays readable in the source.
_ENTITY_LIKE = re.compile(r"&(?=#[0-9]+;|#[xX][0-9a-fA-F]+;|[A-Za-z][A-Za-z0-9]*;)")
_TAG_LIKE = re.compile(r"<(?=[A-Za-z/!?])")
_MD_SPECIAL = re.compile(r"([\\\[\]`])")


_HTML_SPECIAL = re.compile(r"[&<\n]")
_INLINE_SPECIAL = re.compile(r"[\\\[\]`&<\n]")


def escape_html_text(text: str) -> str:
    """Text safe inside the abstract's HTML block: no tag, entity, blank line or newline survives."""
    if not _HTML_SPECIAL.search(text):
        return text
    text = _ENTITY_LIKE.sub("&amp;", text)
    text = _TAG_LIKE.sub("&lt;", text)
    return text.replace("\n", "<br>")


def escape_inline(text: str) -> str:
    """Text safe in a markdown line and inside a link's brackets."""
    if not _INLINE_SPECIAL.search(text):
        return text
    return escape_html_text(_MD_SPECIAL.sub(r"\\\1", text))


def escape_author(name: str) -> str:
    """An author name; a comma in it is written as a character reference so names split back apart."""
    return escape_inline(name).replace(",", "&#44;")


def escape_url(url: str) -> str:
    """A URL safe inside markdown's ``(...)``: nothing in it can end the link or escape a character."""
    return (
        url.replace("\\", "%5C")
        .replace(" ", "%20")
        .replace("(", "%28")
        .replace(")", "%29")
        .replace("<", "%3C")
        .replace(">", "%3E")
        .replace("`", "%60")
    )


def repository_name(url: str) -> str:
    """A short name for a code link: ``owner/repo`` on a forge, else host and path."""
    parts = urlsplit(url)
    host = (parts.hostname or "").removeprefix("www.")
    segments = [s for s in parts.path.split("/") if s]
    if host in ("github.com", "gitlab.com", "bitbucket.org", "codeberg.org", "huggingface.co") and len(segments) >= 2:
        return f"{segments[0]}/{segments[1].removesuffix('.git')}"
    return (host + parts.path).rstrip("/") or url


def entry_data(
    paper: Paper, key: str = "", *, show_tldr: bool = True, show_code: bool = True, show_citations: bool = False
) -> dict[str, Any]:
    """What an entry template sees of one paper: record text escaped for markdown, absent values
    as empty strings, plus its key, date parts, topics and when it was added."""
    year, month, day = date_parts(paper.date)
    code = paper.code if show_code else None
    return {
        "key": key,
        "title": escape_inline(paper.title),
        "url": escape_url(paper.link or ""),
        "pdf": escape_url(paper.pdf_link or ""),
        "code": escape_url(code or ""),
        "code_name": escape_inline(repository_name(code)) if code else "",
        "authors": ", ".join(escape_author(a) for a in paper.authors),
        "author_list": [escape_inline(a) for a in paper.authors],
        "date": paper.date,
        "year": year,
        "month": month,
        "day": day,
        "venue": escape_inline(paper.venue or ""),
        "tldr": escape_inline(paper.tldr or "") if show_tldr else "",
        "abstract": escape_html_text(paper.abstract) if paper.abstract else NO_ABSTRACT,
        "has_abstract": bool(paper.abstract),
        "topics": [escape_inline(t) for t in paper.topics],
        "added": paper.added or "",
        "citations": paper.citations[0] if paper.citations and show_citations else "",
        "citation_count": paper.citations[0] if paper.citations else None,
    }


def entry_fields(paper: Paper) -> dict[str, Any]:
    """``entry_data`` of a paper with no key and every line shown."""
    return entry_data(paper)


README_TEMPLATE = "README.md.j2"
ENTRY_TEMPLATE = "entry.md.j2"
LIST_TEMPLATE = "list.md.j2"
PAGE_TEMPLATE = "page.md.j2"
FIGURE_TEMPLATE = "figure.svg.j2"
#: Every template a list may override, in the order they are documented.
TEMPLATE_NAMES = (README_TEMPLATE, LIST_TEMPLATE, ENTRY_TEMPLATE, PAGE_TEMPLATE, FIGURE_TEMPLATE)


@dataclass(frozen=True)
class Templates:
    """A list's template texts by name, and where each came from.

    ``origins`` names each template's file as a user would look for it: ``templates/NAME``
    for a list's own, ``NAME (paperlist's default)`` for the packaged one.
    """

    texts: Mapping[str, str]
    origins: Mapping[str, str]

    @classmethod
    def from_directory(cls, directory: Path) -> Templates:
        """A list's templates: each file in ``directory`` when it is there, else paperlist's default."""
        if directory.exists() and not directory.is_dir():
            raise TemplateError(f"{directory} is not a folder: templates/ must be a folder of .j2 files")
        texts, origins = {}, {}
        for name in TEMPLATE_NAMES:
            own = _read_template(directory / name, f"templates/{name}")
            if own is not None:
                texts[name], origins[name] = own, f"templates/{name}"
            else:
                texts[name], origins[name] = default_template(name), f"{name} (paperlist's default)"
        return cls(texts, origins)

    @classmethod
    def defaults(cls) -> Templates:
        """paperlist's own templates, as shipped in the package."""
        return cls(
            {name: default_template(name) for name in TEMPLATE_NAMES},
            {name: f"{name} (paperlist's default)" for name in TEMPLATE_NAMES},
        )

    def replace(self, name: str, text: str) -> Templates:
        """These templates with ``name`` given as ``text`` (as a list's own file would)."""
        return Templates({**self.texts, name: text}, {**self.origins, name: f"templates/{name}"})

    @property
    def readme(self) -> str:
        return self.texts[README_TEMPLATE]

    @property
    def entry(self) -> str:
        return self.texts[ENTRY_TEMPLATE]

    def shown(self, name: str) -> str:
        return self.origins.get(name, f"templates/{name}")


def default_template(name: str) -> str:
    """The text of one of paperlist's default templates (package data)."""
    return resources.files("paperlist").joinpath("templates", name).read_text(encoding="utf-8")


def _read_template(path: Path, shown: str) -> str | None:
    """A list's own template text, or None when the list has no such file."""
    try:
        if path.exists() and not path.is_file():
            raise TemplateError(f"{shown} is not a regular file")
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except UnicodeDecodeError:
        raise TemplateError(f"cannot read {shown}: not UTF-8 text") from None
    except OSError as exc:
        raise TemplateError(f"cannot read {shown}: {exc.strerror or exc}") from None


def _environment(templates: Templates) -> jinja2.Environment:
    """The sandboxed environment for these template texts, shared by every Renderer of the same
    texts so that each template is compiled once per process, not once per render."""
    return _environment_of(tuple(sorted(templates.texts.items())))


@functools.lru_cache(maxsize=16)
def _environment_of(texts: tuple[tuple[str, str], ...]) -> jinja2.Environment:
    by_name = dict(texts)

    def source(name: str) -> tuple[str, str, Callable[[], bool]] | None:
        # The file name rides in tracebacks, so a runtime error can be placed on its template's line.
        text = by_name.get(name)
        return None if text is None else (text, f"<paperlist template {name}>", lambda: True)

    return sandboxed(jinja2.FunctionLoader(source), autoescape=False)


def sandboxed(loader: jinja2.BaseLoader, *, autoescape: bool) -> SandboxedEnvironment:
    """The environment every paperlist template renders in. Templates are code a contributor can
    submit: the sandbox keeps them away from Python internals, and an undefined name is an error."""
    return SandboxedEnvironment(
        loader=loader,
        undefined=jinja2.StrictUndefined,
        autoescape=autoescape,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def _template_line(tb, name: str) -> tuple[int | None, str]:
    """The template (``name`` unless an included one) and line running when an error was raised."""
    line = None
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.startswith("<paperlist template "):
            line, name = tb.tb_lineno, filename[len("<paperlist template ") : -1]
        tb = tb.tb_next
    return line, name


@contextmanager
def _template_errors(templates: Templates, name: str):
    """Any error a template raises, as one TemplateError line naming the template (and line) at fault."""

    def where(exc: BaseException) -> str:
        line, at = _template_line(exc.__traceback__, name)
        return f"{templates.shown(at)}:{line}" if line else templates.shown(at)

    try:
        yield
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateError(f"{templates.shown(exc.name or name)}:{exc.lineno}: {exc.message}") from None
    except jinja2.TemplateNotFound as exc:
        raise TemplateError(f"{where(exc)}: no template named '{exc.name}'") from None
    except SecurityError as exc:
        raise TemplateError(f"{where(exc)}: not allowed in a template: {exc}") from None
    except RecursionError:
        raise TemplateError(
            f"{templates.shown(name)}: recursion too deep (a macro or include that never ends?)"
        ) from None
    except jinja2.TemplateError as exc:
        raise TemplateError(f"{where(exc)}: {exc.message or exc}") from None
    except Exception as exc:  # a template is code: whatever it raises is reported, not a traceback
        raise TemplateError(f"{where(exc)}: {type(exc).__name__}: {exc}") from None


class Renderer:
    """Renders one list's templates in Jinja's sandbox; every template error is one TemplateError line."""

    def __init__(self, templates: Templates) -> None:
        self.templates = templates
        self._env = _environment(templates)
        self._compiled: dict[str, jinja2.Template] = {}

    def template(self, name: str) -> jinja2.Template:
        if name not in self._compiled:
            with _template_errors(self.templates, name):
                self._compiled[name] = self._env.get_template(name)
        return self._compiled[name]

    def render(self, name: str, **context: Any) -> str:
        """Template ``name`` rendered with ``context``, ending in exactly one newline."""
        template = self.template(name)
        with _template_errors(self.templates, name):
            chunks = list(template.generate(**context))
        # End with exactly one newline, without copying the whole (large) text to trim it.
        while chunks and not chunks[-1].strip("\n"):
            chunks.pop()
        if chunks:
            chunks[-1] = chunks[-1].rstrip("\n")
        return "".join(chunks) + "\n"

    def entries(self, entries: list[dict[str, Any]]) -> list[str]:
        """Each entry rendered with the entry template, without its outer blank lines."""
        return [blob.decode("utf-8") for blob in self.entry_blobs(entries)]

    def entry_blobs(self, entries: list[dict[str, Any]]) -> list[bytes]:
        """Each entry rendered with the entry template, as UTF-8, without its outer blank lines."""
        template = self.template(ENTRY_TEMPLATE)
        with _template_errors(self.templates, ENTRY_TEMPLATE):
            return [template.render(entry=entry).strip("\n").encode("utf-8") for entry in entries]


def render_entry(paper: Paper, templates: Templates, key: str = "", **shown: bool) -> str:
    """One paper's entry, as it appears in the README (``show_tldr``, ``show_code`` as in the settings)."""
    return Renderer(templates).entries([entry_data(paper, key, **shown)])[0] + "\n"


def render_readme(papers: list[Paper], templates: Templates) -> str:
    """A flat README for ``papers``, given in list order, with paperlist's default settings."""
    from paperlist.config import Config
    from paperlist.outputs.readme import lay_out

    keyed = {f"p{i}": paper for i, paper in enumerate(papers)}
    return lay_out(keyed, list(keyed), Config(figure=False), Renderer(templates)).readme.decode("utf-8")
