"""Turn records and template text into README text (no I/O), escaping record text for markdown."""

from __future__ import annotations

import re
from contextlib import contextmanager
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from collections.abc import Callable
from urllib.parse import urlsplit

import jinja2
from jinja2.exceptions import SecurityError
from jinja2.sandbox import SandboxedEnvironment

from paperlist.errors import TemplateError
from paperlist.paper import Paper

README_TEMPLATE = "README.md.j2"
ENTRY_TEMPLATE = "entry.md.j2"
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


def entry_fields(paper: Paper) -> dict[str, str]:
    """The escaped, ready-to-place values one entry shows; absent values are empty strings."""
    return {
        "title": escape_inline(paper.title),
        "url": escape_url(paper.link or ""),
        "pdf": escape_url(paper.pdf_link or ""),
        "code": escape_url(paper.code or ""),
        "code_name": escape_inline(repository_name(paper.code)) if paper.code else "",
        "authors": ", ".join(escape_author(a) for a in paper.authors),
        "date": paper.date,
        "venue": escape_inline(paper.venue or ""),
        "tldr": escape_inline(paper.tldr or ""),
        "abstract": escape_html_text(paper.abstract) if paper.abstract else NO_ABSTRACT,
    }


@dataclass(frozen=True)
class Templates:
    """The README and entry template texts of one list, and where each came from.

    ``origins`` names each template's file as a user would look for it: ``templates/NAME``
    for a list's own, the packaged file's path for paperlist's default.
    """

    readme: str
    entry: str
    origins: tuple[str, str] = (f"templates/{README_TEMPLATE}", f"templates/{ENTRY_TEMPLATE}")

    @classmethod
    def from_directory(cls, directory: Path) -> Templates:
        """A list's templates: each file in ``directory`` when it is there, else paperlist's default."""
        if directory.exists() and not directory.is_dir():
            raise TemplateError(f"{directory} is not a folder: templates/ must be a folder of .j2 files")
        texts, origins = [], []
        for name in (README_TEMPLATE, ENTRY_TEMPLATE):
            own = _read_template(directory / name, f"templates/{name}")
            if own is not None:
                texts.append(own)
                origins.append(f"templates/{name}")
            else:
                texts.append(default_template(name))
                origins.append(f"{name} (paperlist's default)")
        return cls(readme=texts[0], entry=texts[1], origins=(origins[0], origins[1]))

    @classmethod
    def defaults(cls) -> Templates:
        """paperlist's own templates, as shipped in the package."""
        return cls(
            readme=default_template(README_TEMPLATE),
            entry=default_template(ENTRY_TEMPLATE),
            origins=(f"{README_TEMPLATE} (paperlist's default)", f"{ENTRY_TEMPLATE} (paperlist's default)"),
        )

    def source(self, name: str) -> tuple[str, str, Callable[[], bool]] | None:
        """What Jinja's loader needs for template ``name``: its text, a file name that
        tracebacks carry (so a runtime error can be placed on its line), and "up to date"."""
        text = {README_TEMPLATE: self.readme, ENTRY_TEMPLATE: self.entry}.get(name)
        return None if text is None else (text, f"<paperlist template {name}>", lambda: True)

    def shown(self, name: str) -> str:
        return self.origins[0] if name == README_TEMPLATE else self.origins[1]


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
    # Templates are code a contributor can submit: the sandbox keeps them away from Python internals.
    return SandboxedEnvironment(
        loader=jinja2.FunctionLoader(templates.source),
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def _template_line(tb, name: str) -> int | None:
    """The line of template ``name`` that was running when an error was raised, if known."""
    line = None
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == f"<paperlist template {name}>":
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


@contextmanager
def _template_errors(templates: Templates, name: str):
    """Any error a template raises, as one TemplateError line naming the template (and line) at fault."""
    shown = templates.shown(name)
    try:
        yield
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateError(f"{templates.shown(exc.name or name)}:{exc.lineno}: {exc.message}") from None
    except SecurityError as exc:
        line = _template_line(exc.__traceback__, name)
        where = f"{shown}:{line}" if line else shown
        raise TemplateError(f"{where}: not allowed in a template: {exc}") from None
    except RecursionError:
        raise TemplateError(f"{shown}: recursion too deep (a macro or include that never ends?)") from None
    except jinja2.TemplateError as exc:
        line = _template_line(exc.__traceback__, name)
        where = f"{shown}:{line}" if line else shown
        raise TemplateError(f"{where}: {exc.message or exc}") from None
    except Exception as exc:  # a template is code: whatever it raises is reported, not a traceback
        line = _template_line(exc.__traceback__, name)
        where = f"{shown}:{line}" if line else shown
        raise TemplateError(f"{where}: {type(exc).__name__}: {exc}") from None


def render_entry(paper: Paper, templates: Templates) -> str:
    """One paper's entry, as it appears in the README."""
    with _template_errors(templates, ENTRY_TEMPLATE):
        text = _environment(templates).get_template(ENTRY_TEMPLATE).render(entry=entry_fields(paper))
    return text.strip("\n") + "\n"


def render_readme(papers: list[Paper], templates: Templates) -> str:
    """The whole README for ``papers``, given in list order."""
    env = _environment(templates)
    with _template_errors(templates, ENTRY_TEMPLATE):
        entry_template = env.get_template(ENTRY_TEMPLATE)
        entries = [entry_template.render(entry=entry_fields(p)).strip("\n") for p in papers]
    with _template_errors(templates, README_TEMPLATE):
        chunks = list(env.get_template(README_TEMPLATE).generate(entries=entries, count=len(entries)))
    del entries
    # End with exactly one newline, without copying the whole (large) text to trim it.
    while chunks and not chunks[-1].strip("\n"):
        chunks.pop()
    if chunks:
        chunks[-1] = chunks[-1].rstrip("\n")
    return "".join(chunks) + "\n"
