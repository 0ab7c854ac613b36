"""Turn records and template text into README text (no I/O), escaping record text for markdown."""

from __future__ import annotations

import re
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import jinja2

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
    """A URL safe inside markdown's ``(...)``."""
    return (
        url.replace(" ", "%20")
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
    """The README and entry template texts of one list."""

    readme: str
    entry: str

    @classmethod
    def from_directory(cls, directory: Path) -> Templates:
        texts = []
        for name in (README_TEMPLATE, ENTRY_TEMPLATE):
            path = directory / name
            try:
                texts.append(path.read_text(encoding="utf-8"))
            except FileNotFoundError:
                if not directory.is_dir():
                    raise TemplateError(
                        f"no templates/ folder in {directory.parent}: run paperlist in the list's root folder, "
                        "or pass -C DIR"
                    ) from None
                raise TemplateError(f"template {path} is missing; restore it from the paperlist repository") from None
            except (OSError, UnicodeDecodeError) as exc:
                reason = getattr(exc, "strerror", None) or str(exc)
                raise TemplateError(f"cannot read template {path}: {reason}") from None
        return cls(readme=texts[0], entry=texts[1])


def _environment(templates: Templates) -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.DictLoader({README_TEMPLATE: templates.readme, ENTRY_TEMPLATE: templates.entry}),
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )


@contextmanager
def _template_errors(name: str):
    """Jinja's errors as one TemplateError line naming the template (and line) at fault."""
    try:
        yield
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateError(f"templates/{exc.name or name}:{exc.lineno}: {exc.message}") from None
    except jinja2.TemplateError as exc:
        raise TemplateError(f"templates/{name}: {exc.message or exc}") from None


def render_entry(paper: Paper, templates: Templates) -> str:
    """One paper's entry, as it appears in the README."""
    with _template_errors(ENTRY_TEMPLATE):
        text = _environment(templates).get_template(ENTRY_TEMPLATE).render(entry=entry_fields(paper))
    return text.strip("\n") + "\n"


def render_readme(papers: list[Paper], templates: Templates) -> str:
    """The whole README for ``papers``, given in list order."""
    env = _environment(templates)
    with _template_errors(ENTRY_TEMPLATE):
        entry_template = env.get_template(ENTRY_TEMPLATE)
        entries = [entry_template.render(entry=entry_fields(p)).strip("\n") for p in papers]
    with _template_errors(README_TEMPLATE):
        chunks = list(env.get_template(README_TEMPLATE).generate(entries=entries, count=len(entries)))
    del entries
    # End with exactly one newline, without copying the whole (large) text to trim it.
    while chunks and not chunks[-1].strip("\n"):
        chunks.pop()
    if chunks:
        chunks[-1] = chunks[-1].rstrip("\n")
    return "".join(chunks) + "\n"
